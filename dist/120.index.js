export const id = 120;
export const ids = [120];
export const modules = {

/***/ 6891:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   XS: () => (/* binding */ GitError),
/* harmony export */   lD: () => (/* binding */ createGit)
/* harmony export */ });
/* unused harmony exports GitArgumentError, gitEnvironment */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/**
 * A small git CLI wrapper for the request action and the publisher.
 *
 * Security rules, each enforced here so no caller has to remember them:
 * - git runs through `execFile` with an argument vector: no shell ever sees a ref, a path or a message;
 * - values that reach argv and could start with `-` are refused (option injection), `--` separates
 *   options from paths and remotes, pathspecs are literal (`--literal-pathspecs`), messages go
 *   through a file (no `-m` with attacker text, no E2BIG);
 * - the token never appears in argv (world-readable in /proc), in a URL or in logs: it travels as an
 *   `http.extraHeader` through `GIT_CONFIG_*` environment variables, only for commands that talk
 *   to a remote, and is masked in every error;
 * - the environment is allow-listed: no inherited `GIT_*` (GIT_SSH_COMMAND, GIT_EXEC_PATH…), no
 *   `LD_PRELOAD`, a private HOME so no user or system config (credential helpers, `insteadOf`
 *   rewrites, hooks) applies; hooks are switched off.
 */




/** A git command failed; command and stderr have the token masked. */
class GitError extends Error {
    command;
    exitCode;
    stderr;
    name = 'GitError';
    constructor(
    /** `git clone -- https://… dir`, token masked. */
    command, exitCode, 
    /** git's stderr, token masked. */
    stderr) {
        super(`${command} failed${exitCode === null ? '' : ` (exit ${exitCode})`}: ${stderr.trim().split('\n').slice(-5).join(' | ') || 'no output'}`);
        this.command = command;
        this.exitCode = exitCode;
        this.stderr = stderr;
    }
}
/** A value was refused before it reached git (it could have been read as an option). */
class GitArgumentError extends Error {
    name = 'GitArgumentError';
}
const defaultAuthor = { name: 'github-actions[bot]', email: '41898282+github-actions[bot]@users.noreply.github.com' };
/** The real execFile, promisified, with room for large logs. */
const realExec = (argv, options) => new Promise((resolve, reject) => {
    (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.execFile)('git', [...argv], { cwd: options.cwd, env: options.env, timeout: options.timeoutMs, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8', windowsHide: true }, (error, stdout, stderr) => {
        if (error)
            reject(Object.assign(error, { stdout, stderr }));
        else
            resolve({ stdout, stderr });
    });
});
/** Builds a git wrapper; see the module comment for the security rules it enforces. */
function createGit(options) {
    // One private HOME per wrapper (shared by its `at()` copies), created on first use, removed at exit.
    let home;
    const privateHome = () => {
        if (home === undefined) {
            home = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.mkdtempSync)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)((0,node_os__WEBPACK_IMPORTED_MODULE_2__.tmpdir)(), 'publish-approval-git-home-'));
            homesToRemove.add(home);
            if (homesToRemove.size === 1)
                process.once('exit', removeHomes);
        }
        return home;
    };
    return makeGit(options, privateHome);
}
const homesToRemove = new Set();
function removeHomes() {
    for (const dir of homesToRemove)
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.rmSync)(dir, { recursive: true, force: true });
    homesToRemove.clear();
}
function makeGit(options, privateHome) {
    const exec = options.exec ?? realExec;
    const timeoutMs = options.timeoutMs ?? 10 * 60 * 1000;
    const token = options.token ?? '';
    const secrets = secretForms(token);
    const mask = (text) => secrets.reduce((out, secret) => out.split(secret).join('***'), text);
    async function run(argv, how = {}) {
        const env = gitEnvironment({ baseEnv: options.baseEnv ?? process.env, home: privateHome(), token: how.network ? token : '', author: options.author ?? defaultAuthor });
        const fullArgv = ['--literal-pathspecs', ...argv];
        const shown = mask(`git ${argv.join(' ')}`);
        options.log?.debug(shown);
        try {
            const { stdout } = await exec(fullArgv, { cwd: how.cwd ?? options.cwd, env, timeoutMs });
            return stdout;
        }
        catch (error) {
            const failure = error;
            const stderr = typeof failure.stderr === 'string' && failure.stderr !== '' ? failure.stderr : (failure.message ?? String(error));
            const exitCode = typeof failure.code === 'number' ? failure.code : null;
            throw new GitError(shown, exitCode, mask(failure.killed ? `timed out after ${timeoutMs} ms. ${stderr}` : stderr));
        }
    }
    /** A message in a private file: no attacker text in argv, no E2BIG for long changelogs. */
    async function withMessageFile(message, fn) {
        const dir = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.mkdtempSync)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)((0,node_os__WEBPACK_IMPORTED_MODULE_2__.tmpdir)(), 'publish-approval-msg-'));
        const path = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, 'message');
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.writeFileSync)(path, message, { mode: 0o600 });
        try {
            return await fn(path);
        }
        finally {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.rmSync)(dir, { recursive: true, force: true });
        }
    }
    const git = {
        cwd: options.cwd,
        at(cwd) {
            return makeGit({ ...options, cwd }, privateHome);
        },
        async clone(url, dir, cloneOptions = {}) {
            checkUrl(url, token);
            checkArg('directory', dir);
            const argv = ['clone', '--quiet', '--no-recurse-submodules'];
            if (cloneOptions.branch !== undefined)
                argv.push(`--branch=${checkRef('branch', cloneOptions.branch)}`);
            if (cloneOptions.depth !== undefined)
                argv.push(`--depth=${checkDepth(cloneOptions.depth)}`);
            await run([...argv, '--', url, dir], { network: true });
        },
        async fetch(remote, refspecs = [], fetchOptions = {}) {
            checkRemote(remote, token);
            refspecs.forEach((refspec) => checkArg('refspec', refspec));
            const argv = ['fetch', '--quiet', '--no-recurse-submodules', fetchOptions.tags ? '--tags' : '--no-tags'];
            if (fetchOptions.depth !== undefined)
                argv.push(`--depth=${checkDepth(fetchOptions.depth)}`);
            await run([...argv, '--', remote, ...refspecs], { network: true });
        },
        async checkoutNewBranch(name, startPoint) {
            checkRef('branch', name);
            checkArg('start point', startPoint);
            // check-ref-format refuses names git itself would misread (`..`, `@{`, control characters…).
            await run(['check-ref-format', '--branch', name]);
            await run(['checkout', '--quiet', '-b', name, startPoint]);
        },
        async add(paths) {
            if (paths.length === 0)
                return;
            paths.forEach((path) => checkArg('path', path));
            await run(['add', '--', ...paths]);
        },
        async commit(message, commitOptions = {}) {
            if (message.trim() === '')
                throw new GitArgumentError('git commit: the message is empty');
            await withMessageFile(message, (file) => 
            // `whitespace` keeps lines starting with `#` (changelog headings) that the default cleanup strips.
            run(['commit', '--quiet', '--no-verify', '--cleanup=whitespace', ...(commitOptions.allowEmpty ? ['--allow-empty'] : []), `--file=${file}`]));
            return git.revParse('HEAD');
        },
        async push(remote, refspec, pushOptions = {}) {
            checkRemote(remote, token);
            checkArg('refspec', refspec);
            await run(['push', '--quiet', '--no-verify', ...(pushOptions.force ? ['--force'] : []), '--', remote, refspec], { network: true });
        },
        async lsRemote(url, ref) {
            checkRemote(url, token);
            checkArg('ref', ref);
            const out = await run(['ls-remote', '--', url, ref], { network: true });
            const refs = new Map();
            for (const line of out.split('\n')) {
                const [sha, name] = line.split('\t');
                if (sha && name)
                    refs.set(name, sha);
            }
            const candidates = ref.startsWith('refs/') ? [`${ref}^{}`, ref] : [`refs/heads/${ref}`, `refs/tags/${ref}^{}`, `refs/tags/${ref}`];
            for (const candidate of candidates) {
                const sha = refs.get(candidate);
                if (sha)
                    return sha;
            }
            return null;
        },
        async revParse(ref) {
            checkArg('ref', ref);
            const out = await run(['rev-parse', '--verify', '--end-of-options', `${ref}^{commit}`]);
            return out.trim();
        },
        async tags() {
            const out = await run(['for-each-ref', '--format=%(refname:strip=2)', 'refs/tags']);
            return out.split('\n').filter((line) => line !== '');
        },
        async log(range) {
            checkArg('range', range);
            // Unit and record separators cannot appear in a ref name and practically never in a message.
            const out = await run(['log', '--format=%H%x1f%s%x1f%b%x1e', '--end-of-options', range, '--']);
            return out
                .split('\x1e')
                .map((record) => record.replace(/^\n/, ''))
                .filter((record) => record.trim() !== '')
                .map((record) => {
                const [sha = '', subject = '', ...body] = record.split('\x1f');
                return { sha, subject, body: body.join('\x1f').trim() };
            });
        },
        async deleteRemoteBranch(remote, branch) {
            checkRemote(remote, token);
            checkRef('branch', branch);
            try {
                await run(['push', '--quiet', '--no-verify', '--', remote, `:refs/heads/${branch}`], { network: true });
            }
            catch (error) {
                if (error instanceof GitError && /remote ref does not exist/i.test(error.stderr))
                    return;
                throw error;
            }
        },
    };
    return git;
}
/**
 * The whole environment git runs with: an allow-list, never the parent's environment.
 * Exported so tests can check that the token only travels in the config variables.
 */
function gitEnvironment(input) {
    const env = {
        PATH: input.baseEnv.PATH ?? '/usr/local/bin:/usr/bin:/bin',
        HOME: input.home,
        GIT_TERMINAL_PROMPT: '0',
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_AUTHOR_NAME: input.author.name,
        GIT_AUTHOR_EMAIL: input.author.email,
        GIT_COMMITTER_NAME: input.author.name,
        GIT_COMMITTER_EMAIL: input.author.email,
    };
    for (const name of ['LANG', 'TZ']) {
        const value = input.baseEnv[name];
        if (value !== undefined)
            env[name] = value;
    }
    const config = [
        // An empty helper list: no stored credential can be used or leaked.
        ['credential.helper', ''],
        ['core.hooksPath', '/dev/null'],
        ['core.askPass', ''],
        ['protocol.ext.allow', 'never'],
        ['commit.gpgSign', 'false'],
        ['tag.gpgSign', 'false'],
    ];
    if (input.token !== '') {
        const basic = Buffer.from(`x-access-token:${input.token}`, 'utf8').toString('base64');
        config.push(['http.extraHeader', `Authorization: Basic ${basic}`]);
    }
    env.GIT_CONFIG_COUNT = String(config.length);
    config.forEach(([key, value], index) => {
        env[`GIT_CONFIG_KEY_${index}`] = key;
        env[`GIT_CONFIG_VALUE_${index}`] = value;
    });
    return env;
}
/** Every form in which the token could show up in git's output. */
function secretForms(token) {
    if (token === '')
        return [];
    const basic = Buffer.from(`x-access-token:${token}`, 'utf8').toString('base64');
    return [basic, token, encodeURIComponent(token)].filter((value, index, all) => all.indexOf(value) === index).sort((a, b) => b.length - a.length);
}
function checkArg(what, value) {
    if (value === '')
        throw new GitArgumentError(`git: the ${what} is empty`);
    if (value.startsWith('-'))
        throw new GitArgumentError(`git: refusing the ${what} "${value}": it starts with "-" and would be read as an option`);
    if (/[\0\r\n]/.test(value))
        throw new GitArgumentError(`git: refusing the ${what}: it contains a NUL or a line break`);
    return value;
}
function checkRef(what, value) {
    checkArg(what, value);
    if (/[\s~^:?*[\\]|\.\.|@\{|\/\/|^\/|\/$|\.lock$|\.$/.test(value))
        throw new GitArgumentError(`git: "${value}" is not a valid ${what} name`);
    return value;
}
function checkDepth(depth) {
    if (!Number.isInteger(depth) || depth < 1)
        throw new GitArgumentError(`git: depth must be a positive integer, got ${depth}`);
    return depth;
}
/** A remote name or URL; URLs must not carry credentials or use the `ext::` transport. */
function checkRemote(remote, token) {
    checkArg('remote', remote);
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(remote) || remote.includes('::'))
        checkUrl(remote, token);
    return remote;
}
function checkUrl(url, token) {
    checkArg('URL', url);
    if (/^ext::/i.test(url) || /^[a-z]+::/i.test(url))
        throw new GitArgumentError('git: refusing a remote-helper URL ("transport::address")');
    if (token !== '' && url.includes(token))
        throw new GitArgumentError('git: the URL contains the token; pass it through the token option instead');
    if (/^[a-z][a-z0-9+.-]*:\/\/[^/@]*:[^/@]*@/i.test(url))
        throw new GitArgumentError('git: refusing a URL with a password in it; pass the token through the token option');
    return url;
}


/***/ }),

/***/ 5120:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  handleRequest: () => (/* binding */ handleRequest)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/github/git.ts
var github_git = __webpack_require__(6891);
// EXTERNAL MODULE: ./src/request-format/index.ts + 5 modules
var request_format = __webpack_require__(3187);
;// CONCATENATED MODULE: ./src/versioning/quote.ts
/** The longest slice of a user-supplied value echoed back in an error message. */
const MAX_QUOTED = 120;
/**
 * Quotes a user-supplied value for an error message: JSON escaping makes newlines, control
 * characters and quotes visible instead of letting them forge extra lines in an annotation or a
 * comment, and long values are cut so a hostile input cannot flood the log.
 */
function quote(value) {
    const cut = value.length > MAX_QUOTED ? `${value.slice(0, MAX_QUOTED)}…` : value;
    // Bidi controls can make the echoed value read differently from what it is ("trojan source").
    return JSON.stringify(cut).replace(/[\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

;// CONCATENATED MODULE: ./src/request/blockers.ts


/** How many blockers a message lists by name. */
const BLOCKERS_LISTED = 10;
/** Reads the first page of open issues with the blocker label. */
async function findBlockers(github, repo, label) {
    for await (const page of github.listIssues(repo, { state: 'open', labels: [label] })) {
        return { issues: page, more: page.length >= 100 };
    }
    return { issues: [], more: false };
}
/** One Markdown line per blocker (at most BLOCKERS_LISTED), then how many more there are. */
function formatBlockers(blockers) {
    const lines = blockers.issues.slice(0, BLOCKERS_LISTED).map((issue) => `- #${issue.number} ${oneLine(issue.title)} (${issue.htmlUrl})`);
    const rest = blockers.issues.length - BLOCKERS_LISTED;
    if (rest > 0)
        lines.push(`- … and ${rest} more${blockers.more ? ' (at least: only the first 100 were read)' : ''}`);
    return lines;
}
/** "1 open issue" / "100 or more open issues". */
function countBlockers(blockers) {
    const n = blockers.issues.length;
    return `${n}${blockers.more ? ' or more' : ''} open issue${n === 1 && !blockers.more ? '' : 's'}`;
}
/** The error that stops a release with open blockers. */
function blockedError(blockers, label, repo) {
    return new errors/* UserError */.yo('E_RELEASE_BLOCKED', `The release is blocked: ${countBlockers(blockers)} in ${repo.owner}/${repo.repo} carry the ${quote(label)} label:\n${formatBlockers(blockers).join('\n')}`, `Ask for the blocking issues to be fixed and closed (or the label removed), then run the release again; to release anyway, run it with force: true.`);
}
/** Titles are untrusted: one line, no Markdown that could break the list, at most 200 characters. */
function oneLine(title) {
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    const flat = title.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
    return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
}

// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 11 modules
var schemas = __webpack_require__(2857);
// EXTERNAL MODULE: ./node_modules/zod/v4/core/core.js
var core = __webpack_require__(8532);
// EXTERNAL MODULE: ./src/request-format/grammar.ts
var grammar = __webpack_require__(8086);
;// CONCATENATED MODULE: ./src/request/inputs.ts
/**
 * The inputs of the `request` command and the runner variables it reads, parsed once by one zod
 * schema before anything is read from or written to GitHub (style principle 3). Every error names
 * the input (or variable) and shows the expected form.
 *
 * Security: these values reach git refs, URLs, issue titles and Markdown. Each one is checked
 * against the grammar of the publish-request contract (src/request-format), which allows only a
 * small ASCII alphabet, so `$(…)`, backticks, newlines, `..` segments and look-alike Unicode are
 * refused here rather than somewhere downstream.
 */




/** The bump keywords and modes the `version` input accepts besides an explicit version. */
const VERSION_KEYWORDS = ['major', 'minor', 'patch', 'prerelease', 'auto', 'calver'];
/** An EnvReader over an environment object. */
function envReader(env) {
    return (name) => env[name] ?? '';
}
/** A zod string checked by a grammar rule; the message names the input and the expected form. */
const ruled = (name, rule, expected) => schemas/* string */.YjP().superRefine((value, ctx) => {
    const problem = rule(value);
    if (problem !== null)
        ctx.addIssue({ code: 'custom', message: `the ${name} is ${quote(value)}, which ${problem}; expected ${expected}` });
});
const optional = (name, rule, expected) => schemas/* union */.KCZ([schemas/* literal */.euz(''), ruled(name, rule, expected)]);
/** Booleans as @actions/core's getBooleanInput reads them (YAML 1.2 core schema); '' is the default. */
const booleanInput = (name) => schemas/* string */.YjP().transform((value, ctx) => {
    if (['true', 'True', 'TRUE'].includes(value))
        return true;
    if (['false', 'False', 'FALSE', ''].includes(value))
        return false;
    ctx.addIssue({ code: 'custom', message: `the input "${name}" is ${quote(value)}; expected true or false` });
    return core/* NEVER */.tm;
});
const versionExpected = `an explicit version such as 1.2.3 or 2.0.0-rc.1, one of ${VERSION_KEYWORDS.join(', ')}, or empty for the versioning policy of .craft.yml`;
const versionInput = schemas/* string */.YjP().superRefine((value, ctx) => {
    if (value === '' || VERSION_KEYWORDS.includes(value))
        return;
    // A leading v passes here so that resolveVersion can say "drop the v" instead of a grammar error.
    const problem = (0,grammar/* versionRule */.Ju)(/^[vV]\d/.test(value) ? value.slice(1) : value);
    if (problem !== null)
        ctx.addIssue({ code: 'custom', message: `the input "version" is ${quote(value)}, which ${problem}; expected ${versionExpected}` });
});
/**
 * A label name for the `labels` filter of the issues API: one line, no comma (the API splits the
 * filter on commas, so `a,b` would silently mean two labels), at most 50 characters (GitHub's limit).
 */
const labelInput = schemas/* string */.YjP().superRefine((value, ctx) => {
    const fail = (why) => ctx.addIssue({ code: 'custom', message: `the input "blocker_label" is ${quote(value)}, which ${why}; expected a label name such as release-blocker` });
    if (value === '')
        return fail('is empty');
    if (value.length > 50)
        return fail(`is ${value.length} characters long (GitHub allows 50)`);
    if (value.includes(','))
        return fail('contains a comma');
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/.test(value))
        return fail('contains a control, invisible or direction-changing character');
});
const repoSlugRule = (value) => {
    const slash = value.indexOf('/');
    if (slash < 0)
        return 'has no "/"; write owner/repo';
    const owner = (0,grammar/* ownerRule */.Ey)(value.slice(0, slash));
    if (owner !== null)
        return `has an owner that ${owner}`;
    const repo = (0,grammar/* repoNameRule */.gt)(value.slice(slash + 1));
    return repo === null ? null : `has a repository name that ${repo}`;
};
const runIdRule = (value) => (/^[1-9][0-9]{0,15}$/.test(value) ? null : 'is not a run id (a positive number)');
/** The one schema of the `request` command's inputs and runner variables. */
const requestInputsSchema = schemas/* object */.Ikc({
    version: versionInput,
    merge_target: optional('input "merge_target"', grammar/* refNameRule */.ZN, 'a branch name such as main or release-2.x, or empty for the default branch'),
    path: optional('input "path"', grammar/* packagePathRule */.Kd, 'a sub-package directory such as packages/core, or empty for the root package'),
    force: booleanInput('force'),
    blocker_label: labelInput,
    publish_repo: optional('input "publish_repo"', repoSlugRule, 'owner/repo of the control repository, or empty for <owner>/publish'),
    dry_run: booleanInput('dry_run'),
    token: schemas/* string */.YjP().min(1, 'no token was given: set the "token" input to a GitHub App installation token (see docs/request.md, "Set-up")'),
    GITHUB_REPOSITORY: ruled('variable GITHUB_REPOSITORY', repoSlugRule, 'owner/repo (the runner sets it)'),
    GITHUB_SERVER_URL: ruled('variable GITHUB_SERVER_URL', grammar/* serverUrlRule */.XD, 'a URL such as https://github.com (the runner sets it)'),
    GITHUB_ACTOR: ruled('variable GITHUB_ACTOR', grammar/* loginRule */.Y3, 'a GitHub login (the runner sets it)'),
    GITHUB_RUN_ID: optional('variable GITHUB_RUN_ID', runIdRule, 'a run id (the runner sets it)'),
});
function splitSlug(slug) {
    const slash = slug.indexOf('/');
    return { owner: slug.slice(0, slash), repo: slug.slice(slash + 1) };
}
/** Reads and checks every input and runner variable; throws one UserError that lists each problem. */
function parseRequestInputs(input, env) {
    const raw = {
        version: input('version'),
        merge_target: input('merge_target'),
        path: input('path'),
        force: input('force'),
        blocker_label: input('blocker_label') || 'release-blocker',
        publish_repo: input('publish_repo'),
        dry_run: input('dry_run'),
        token: input('token') || env('GITHUB_TOKEN'),
        GITHUB_REPOSITORY: env('GITHUB_REPOSITORY'),
        GITHUB_SERVER_URL: env('GITHUB_SERVER_URL') || 'https://github.com',
        GITHUB_ACTOR: env('GITHUB_ACTOR'),
        GITHUB_RUN_ID: env('GITHUB_RUN_ID'),
    };
    const result = requestInputsSchema.safeParse(raw);
    if (!result.success) {
        const problems = result.error.issues.map((issue) => `  ${String(issue.path[0] ?? 'inputs')}: ${issue.message}`);
        const names = [...new Set(result.error.issues.map((issue) => String(issue.path[0] ?? 'inputs')))];
        throw new InputError(names, `The request was refused before anything was written: ${problems.length === 1 ? 'one input is' : `${problems.length} inputs are`} not valid.\n${problems.join('\n')}`);
    }
    const data = result.data;
    const productRepo = splitSlug(data.GITHUB_REPOSITORY);
    return {
        version: data.version,
        mergeTarget: data.merge_target === '' ? null : data.merge_target,
        path: data.path === '' ? null : data.path,
        force: data.force,
        blockerLabel: data.blocker_label,
        publishRepo: data.publish_repo === '' ? { owner: productRepo.owner, repo: 'publish' } : splitSlug(data.publish_repo),
        dryRun: data.dry_run,
        token: data.token,
        productRepo,
        serverUrl: data.GITHUB_SERVER_URL,
        requester: data.GITHUB_ACTOR,
        workflowRunUrl: data.GITHUB_RUN_ID === '' ? null : `${data.GITHUB_SERVER_URL}/${data.GITHUB_REPOSITORY}/actions/runs/${data.GITHUB_RUN_ID}`,
    };
}
/** Inputs that are not valid; `inputs` names each offending input or variable. */
class InputError extends errors/* UserError */.yo {
    inputs;
    name = 'InputError';
    constructor(inputs, message) {
        super('E_INPUT_INVALID', message, 'Correct the inputs listed above in the release workflow run (docs/request.md lists each input and its form); nothing was pushed and no issue was opened.');
        this.inputs = inputs;
    }
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./src/config/config-error.ts
var config_error = __webpack_require__(5877);
// EXTERNAL MODULE: ./src/config/load.ts + 1 modules
var load = __webpack_require__(5347);
// EXTERNAL MODULE: ./src/config/publish-config.ts
var publish_config = __webpack_require__(1808);
// EXTERNAL MODULE: ./src/config/target-options.ts
var target_options = __webpack_require__(1166);
// EXTERNAL MODULE: ./src/config/auto-approve.ts
var auto_approve = __webpack_require__(9627);
// EXTERNAL MODULE: ./src/config/policy.ts
var policy = __webpack_require__(9706);
// EXTERNAL MODULE: ./src/config/repo-glob.ts
var repo_glob = __webpack_require__(1887);
;// CONCATENATED MODULE: ./src/config/index.ts
/** The config module: the three config files, their schemas, and the helpers that act on them. */








// EXTERNAL MODULE: ./node_modules/semver/index.js
var semver = __webpack_require__(2088);
var semver_default = /*#__PURE__*/__webpack_require__.n(semver);
;// CONCATENATED MODULE: ./src/release/json-file.ts



/** Parses JSON text and remembers its indentation, line endings, final newline and BOM. */
function parseJsonDocument(text, displayPath) {
    const bom = text.startsWith('\uFEFF');
    const body = bom ? text.slice(1) : text;
    let data;
    try {
        data = JSON.parse(body);
    }
    catch (error) {
        throw new errors/* UserError */.yo('E_JSON_INVALID', `${quote(displayPath)} is not valid JSON (${error instanceof Error ? error.message : String(error)}).`, `Fix ${displayPath} on the merge target and request the release again.`);
    }
    // The first indented line that starts a key or a value tells the indent unit.
    const indent = /^([ \t]+)\S/m.exec(body)?.[1] ?? '  ';
    return {
        data,
        indent,
        newline: body.includes('\r\n') ? '\r\n' : '\n',
        finalNewline: /\n$/.test(body),
        bom,
        original: text,
    };
}
/** Renders a document with its original layout. */
function renderJsonDocument(doc) {
    let text = JSON.stringify(doc.data, null, doc.indent);
    if (doc.newline === '\r\n')
        text = text.replace(/\n/g, '\r\n');
    if (doc.finalNewline)
        text += doc.newline;
    return doc.bom ? `\uFEFF${text}` : text;
}
/** Reads and parses a JSON file. */
async function readJsonDocument(absolutePath, displayPath) {
    return parseJsonDocument(await (0,promises_.readFile)(absolutePath, 'utf8'), displayPath);
}
/** Writes a document back when its content changed; true when it wrote. */
async function writeJsonDocument(absolutePath, doc) {
    const text = renderJsonDocument(doc);
    if (text === doc.original)
        return false;
    await (0,promises_.writeFile)(absolutePath, text, 'utf8');
    return true;
}
/** True for a plain JSON object. */
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

;// CONCATENATED MODULE: ./src/release/safe-path.ts




/**
 * Checks a repository-relative path given by a user or read from the repository (`path` input,
 * workspace globs) before it is joined to the checkout: no absolute paths, no `..`, no NUL.
 * `what` names the input in the error.
 */
function checkRelativePath(relative, what) {
    const normalized = relative.replace(/\\/g, '/');
    const segments = normalized.split('/');
    if (relative.includes('\0') ||
        external_node_path_default().isAbsolute(relative) ||
        external_node_path_default().win32.isAbsolute(relative) ||
        segments.includes('..')) {
        throw new errors/* UserError */.yo('E_PATH_OUTSIDE_REPO', `The ${what} ${quote(relative)} leaves the repository.`, `Give ${what} relative to the repository root, without ".." or a leading "/", e.g. packages/core.`);
    }
    return segments.filter((s) => s !== '' && s !== '.').join('/');
}
/**
 * Resolves `target` (which must exist) through symlinks and refuses it unless it stays inside
 * `rootDir`: a symlink committed to the repository must not let us read or write outside it.
 */
async function realpathInside(rootDir, target, what) {
    const [root, real] = await Promise.all([(0,promises_.realpath)(rootDir), (0,promises_.realpath)(target)]);
    if (!isInside(root, real)) {
        throw new errors/* UserError */.yo('E_PATH_OUTSIDE_REPO', `The ${what} ${quote(external_node_path_default().relative(rootDir, target) || '.')} resolves outside the repository (through a symlink).`, 'Remove the symlink or point it inside the repository.');
    }
    return real;
}
/** True when `child` is `parent` or below it (both absolute and already resolved). */
function isInside(parent, child) {
    const relative = external_node_path_default().relative(parent, child);
    return relative === '' || (relative !== '..' && !relative.startsWith(`..${(external_node_path_default()).sep}`) && !external_node_path_default().isAbsolute(relative));
}

;// CONCATENATED MODULE: ./src/release/bumpers.ts







const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];
const LOCK_FILES = ['package-lock.json', 'npm-shrinkwrap.json'];
// `**` in a workspace pattern walks at most this deep; a workspace tree is never deeper in practice
// and a bound keeps a hostile repository from making us walk forever.
const MAX_GLOBSTAR_DEPTH = 8;
/** Bumps package.json files (and lock files) to `newVersion`; returns the files changed, relative to rootDir. */
async function bumpPackageJson(input) {
    if (semver_default().valid(input.newVersion) !== input.newVersion) {
        throw new Error(`bumpPackageJson: ${input.newVersion} is not a resolved version`);
    }
    const subDir = checkRelativePath(input.path, 'path');
    const root = await loadManifest(input.rootDir, '');
    const workspaces = root ? await loadWorkspaces(input.rootDir, root) : [];
    const manifests = new Map();
    if (root)
        manifests.set('', root);
    for (const manifest of workspaces)
        manifests.set(manifest.dir, manifest);
    let targets;
    if (subDir === '') {
        if (!root)
            return [];
        targets = [...manifests.values()].filter(isVersioned);
    }
    else {
        const target = manifests.get(subDir) ?? (await loadManifest(input.rootDir, subDir));
        if (!target) {
            throw new errors/* UserError */.yo('E_PACKAGE_NOT_FOUND', `There is no package.json in ${quote(subDir)}.`, 'Check the path input: it names the directory of the sub-package, relative to the repository root.');
        }
        manifests.set(subDir, target);
        targets = [target];
    }
    // Old versions per package name: the released one and whatever the file said before.
    const previous = new Map();
    for (const target of targets) {
        const olds = new Set();
        if (input.oldVersion)
            olds.add(input.oldVersion);
        if (typeof target.data.version === 'string')
            olds.add(target.data.version);
        if (typeof target.data.name === 'string')
            previous.set(target.data.name, olds);
        target.data.version = input.newVersion;
    }
    for (const manifest of manifests.values()) {
        for (const field of DEPENDENCY_FIELDS)
            moveRanges(manifest.data[field], previous, input.newVersion);
    }
    // Lock files are read and checked before anything is written, so a refused path leaves no
    // half-bumped tree behind.
    const bumpedDirs = new Set(targets.map((t) => t.dir));
    const touchedDirs = new Set(manifests.keys());
    const locks = [];
    for (const name of LOCK_FILES) {
        const lock = await loadLockFile(input.rootDir, name);
        if (lock) {
            updateLock(lock.doc, { bumpedDirs, touchedDirs, previous, newVersion: input.newVersion });
            locks.push(lock);
        }
        // A sub-package outside the workspaces may carry its own lock file, where it is the root.
        if (subDir !== '' && !workspaces.some((w) => w.dir === subDir)) {
            const own = await loadLockFile(input.rootDir, posixJoin(subDir, name));
            if (own) {
                updateLock(own.doc, { bumpedDirs: new Set(['']), touchedDirs: new Set(['']), previous, newVersion: input.newVersion });
                locks.push(own);
            }
        }
    }
    const changed = [];
    for (const manifest of manifests.values()) {
        if (await writeJsonDocument(manifest.file, manifest.doc))
            changed.push(posixJoin(manifest.dir, 'package.json'));
    }
    for (const lock of locks) {
        if (await writeJsonDocument(lock.file, lock.doc))
            changed.push(lock.relative);
    }
    return changed.sort();
}
/** The workspace directories of a root manifest (npm `workspaces`: an array or `{ packages }`), relative to rootDir. */
async function expandWorkspaces(rootDir, workspaces) {
    const patterns = Array.isArray(workspaces)
        ? workspaces
        : isRecord(workspaces) && Array.isArray(workspaces.packages)
            ? workspaces.packages
            : [];
    const included = new Set();
    const excluded = [];
    for (const raw of patterns) {
        if (typeof raw !== 'string')
            continue;
        const negated = raw.startsWith('!');
        const pattern = checkRelativePath(negated ? raw.slice(1) : raw, 'workspace pattern');
        if (pattern === '')
            continue;
        if (negated) {
            excluded.push(patternToRegExp(pattern));
            continue;
        }
        for (const dir of await expandPattern(rootDir, pattern.split('/'), ''))
            included.add(dir);
    }
    return [...included].filter((dir) => !excluded.some((re) => re.test(dir))).sort();
}
async function loadWorkspaces(rootDir, root) {
    const dirs = await expandWorkspaces(rootDir, root.data.workspaces);
    const loaded = [];
    for (const dir of dirs) {
        const manifest = await loadManifest(rootDir, dir);
        if (manifest)
            loaded.push(manifest);
    }
    return loaded;
}
async function loadManifest(rootDir, dir) {
    const display = posixJoin(dir, 'package.json');
    const candidate = external_node_path_default().join(rootDir, ...display.split('/'));
    if (!(await exists(candidate)))
        return null;
    const file = await realpathInside(rootDir, candidate, 'file');
    if (!(await (0,promises_.stat)(file)).isFile())
        return null;
    const doc = await readJsonDocument(file, display);
    if (!isRecord(doc.data)) {
        throw new errors/* UserError */.yo('E_JSON_INVALID', `${quote(display)} is not a JSON object.`, `Fix ${display} on the merge target.`);
    }
    return { dir, file, doc, data: doc.data };
}
/** Private packages without a version are tooling roots, not releasable packages. */
function isVersioned(manifest) {
    return !(manifest.data.private === true && manifest.data.version === undefined);
}
function moveRanges(deps, previous, newVersion) {
    if (!isRecord(deps))
        return;
    for (const [name, range] of Object.entries(deps)) {
        const olds = previous.get(name);
        if (!olds || typeof range !== 'string')
            continue;
        const moved = moveRange(range, olds, newVersion);
        if (moved !== null)
            deps[name] = moved;
    }
}
/** `1.2.3`, `^1.2.3`, `~1.2.3` (optionally `workspace:`-prefixed) on an old version → the same form on the new one. */
function moveRange(range, olds, newVersion) {
    const match = /^(workspace:)?([\^~]?)(.+)$/.exec(range.trim());
    if (!match || !olds.has(match[3] ?? ''))
        return null;
    return `${match[1] ?? ''}${match[2] ?? ''}${newVersion}`;
}
async function loadLockFile(rootDir, relative) {
    const candidate = external_node_path_default().join(rootDir, ...relative.split('/'));
    if (!(await exists(candidate)))
        return null;
    const file = await realpathInside(rootDir, candidate, 'file');
    if (!(await (0,promises_.stat)(file)).isFile())
        return null;
    return { relative, file, doc: await readJsonDocument(file, relative) };
}
function updateLock(doc, update) {
    if (!isRecord(doc.data))
        return;
    const lock = doc.data;
    if (update.bumpedDirs.has('') && typeof lock.version === 'string')
        lock.version = update.newVersion;
    // lockfileVersion 2 and 3 mirror each workspace package under `packages[<dir>]`; version 1 has
    // no such map and only the root version above.
    if (isRecord(lock.packages)) {
        for (const [dir, entry] of Object.entries(lock.packages)) {
            if (!isRecord(entry))
                continue;
            if (update.bumpedDirs.has(dir) && typeof entry.version === 'string')
                entry.version = update.newVersion;
            if (update.touchedDirs.has(dir)) {
                for (const field of DEPENDENCY_FIELDS)
                    moveRanges(entry[field], update.previous, update.newVersion);
            }
        }
    }
}
async function expandPattern(rootDir, segments, base, depth = 0) {
    const [segment, ...rest] = segments;
    if (segment === undefined) {
        return (await exists(external_node_path_default().join(rootDir, ...base.split('/'), 'package.json'))) ? [base] : [];
    }
    if (segment === '**') {
        // Zero directories, or one more level with `**` still in front.
        const here = await expandPattern(rootDir, rest, base, depth);
        if (depth >= MAX_GLOBSTAR_DEPTH)
            return here;
        const deeper = [];
        for (const child of await childDirectories(rootDir, base, false)) {
            deeper.push(...(await expandPattern(rootDir, segments, posixJoin(base, child), depth + 1)));
        }
        return [...here, ...deeper];
    }
    if (!/[*?]/.test(segment))
        return expandPattern(rootDir, rest, posixJoin(base, segment), depth);
    const matcher = segmentToRegExp(segment);
    const found = [];
    for (const child of await childDirectories(rootDir, base, true)) {
        if (matcher.test(child))
            found.push(...(await expandPattern(rootDir, rest, posixJoin(base, child), depth)));
    }
    return found;
}
async function childDirectories(rootDir, base, followLinks) {
    let entries;
    try {
        entries = await (0,promises_.readdir)(external_node_path_default().join(rootDir, ...base.split('/').filter(Boolean)), { withFileTypes: true });
    }
    catch {
        return [];
    }
    const dirs = [];
    for (const entry of entries) {
        // Like npm: hidden directories and installed dependencies are never workspaces.
        if (entry.name.startsWith('.') || entry.name === 'node_modules')
            continue;
        if (entry.isDirectory())
            dirs.push(entry.name);
        // A symlinked directory is followed by `*` (loadManifest then checks it stays inside) but not
        // by `**`, which would otherwise loop on a link to a parent.
        else if (followLinks && entry.isSymbolicLink()) {
            const target = await (0,promises_.stat)(external_node_path_default().join(rootDir, ...base.split('/').filter(Boolean), entry.name)).catch(() => null);
            if (target?.isDirectory())
                dirs.push(entry.name);
        }
    }
    return dirs.sort();
}
function segmentToRegExp(segment) {
    const body = segment.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
    return new RegExp(`^${body}$`);
}
function patternToRegExp(pattern) {
    const parts = pattern.split('/').map((segment) => (segment === '**' ? '.*' : segmentToRegExp(segment).source.slice(1, -1)));
    return new RegExp(`^${parts.join('/')}$`);
}
/** Follows symlinks: a dangling link counts as absent. */
async function exists(file) {
    try {
        await (0,promises_.stat)(file);
        return true;
    }
    catch {
        return false;
    }
}
function posixJoin(dir, name) {
    return dir === '' ? name : `${dir}/${name}`;
}

;// CONCATENATED MODULE: ./src/versioning/conventional-commits.ts
/**
 * Conventional Commits 1.0.0, only as far as release decisions need it: the header
 * `type(scope)!: subject` and the `BREAKING CHANGE:` / `BREAKING-CHANGE:` footer.
 *
 * Case rules of the spec: every unit is case-insensitive (so `Feat:` is a feature and types are
 * returned lower-cased) except the breaking-change token, which must be upper case; a body line
 * `breaking change: ...` is prose, not a footer.
 */
// type: a word (letters, digits, `-`, `_`) starting with a letter; scope: anything but
// parentheses and line breaks; then the required `: ` and a non-empty subject.
const HEADER = /^([A-Za-z][A-Za-z0-9_-]*)(?:\(([^()\r\n]+)\))?(!)?: +(\S.*)$/;
// Upper case only (the one case-sensitive token of the spec); `: ` like every footer token, and
// ` #` which the spec allows as the other footer separator.
const BREAKING_FOOTER = /^BREAKING[ -]CHANGE(?:: | #)\S/;
/** Parses a commit message; null when its first line is not a conventional-commit header. */
function parseConventionalCommit(message) {
    const lines = message.replace(/\r\n?/g, '\n').split('\n');
    const header = (lines[0] ?? '').trim();
    const match = HEADER.exec(header);
    if (!match)
        return null;
    const [, type = '', scope, bang, subject = ''] = match;
    // Footers live after the header and a blank line; we accept the token on any later line because
    // tools disagree on where the body ends, and a false "breaking" only costs a larger bump.
    const footerBreaking = lines.slice(1).some((line) => BREAKING_FOOTER.test(line));
    return {
        type: type.toLowerCase(),
        scope: scope === undefined ? null : scope.trim(),
        breaking: bang === '!' || footerBreaking,
        subject: subject.trim(),
    };
}
const RANK = { patch: 1, minor: 2, major: 3 };
/** Reads every message once and reports the bump with the types seen. */
function analyzeCommits(messages) {
    let bump = null;
    const typesSeen = [];
    let unconventional = 0;
    for (const message of messages) {
        const commit = parseConventionalCommit(message);
        if (!commit) {
            unconventional += 1;
            continue;
        }
        if (!typesSeen.includes(commit.type))
            typesSeen.push(commit.type);
        const level = levelOf(commit);
        if (level && (bump === null || RANK[level] > RANK[bump]))
            bump = level;
    }
    return { bump, typesSeen, unconventional };
}
/**
 * The bump a list of commit messages calls for: `feat` → minor, `fix`/`perf` → patch, `!` or a
 * breaking footer (on any type) → major; null when nothing is releasable. The 0.x rule (a
 * breaking change before 1.0.0 bumps minor) is applied by `resolveVersion`, which knows the
 * current version.
 */
function bumpFromCommits(messages) {
    return analyzeCommits(messages).bump;
}
function levelOf(commit) {
    if (commit.breaking)
        return 'major';
    if (commit.type === 'feat')
        return 'minor';
    if (commit.type === 'fix' || commit.type === 'perf')
        return 'patch';
    return null;
}

;// CONCATENATED MODULE: ./src/release/changelog.ts



/** Group headings of generated sections, in the order they appear. */
const CHANGELOG_GROUPS = ['Breaking changes', 'Features', 'Bug fixes', 'Performance', 'Other'];
/** The longest entry text kept from a commit subject or PR title. */
const MAX_ENTRY = 300;
/** Applies the changelog policy; throws a UserError when `simple` finds no section. */
function applyChangelogPolicy(input) {
    const fileName = input.fileName ?? 'CHANGELOG.md';
    if (input.policy === 'none')
        return { section: '', newText: null };
    if (input.policy === 'simple')
        return applySimple(input, fileName);
    return applyAuto(input);
}
function applySimple(input, fileName) {
    const addSection = `Add a "## ${input.version}" section (or an "## Unreleased" section) with the release notes to ${fileName} on the merge target, and request the release again.`;
    if (input.text === null) {
        throw new errors/* UserError */.yo('E_CHANGELOG_MISSING', `The changelog policy is simple, but there is no ${fileName}.`, addSection);
    }
    const doc = parseMarkdown(input.text);
    const own = findSection(doc, (h) => matchesVersion(h, input.version));
    const unreleased = own ? null : findSection(doc, isUnreleased);
    const found = own ?? unreleased;
    if (!found) {
        throw new errors/* UserError */.yo('E_CHANGELOG_SECTION_MISSING', `${fileName} has no section for version ${quote(input.version)} and no "Unreleased" section.`, addSection);
    }
    const section = sectionBody(doc, found);
    if (section === '') {
        throw new errors/* UserError */.yo('E_CHANGELOG_SECTION_EMPTY', `The ${quote(doc.lines[found.line] ?? '')} section of ${fileName} is empty.`, `Write the release notes for ${input.version} in that section and request the release again.`);
    }
    if (!unreleased)
        return { section, newText: null };
    const lines = [...doc.lines];
    lines[unreleased.line] = `## ${input.version}`;
    return { section, newText: render(lines, doc) };
}
function applyAuto(input) {
    const doc = parseMarkdown(input.text ?? '');
    const own = input.text === null ? null : findSection(doc, (h) => matchesVersion(h, input.version));
    if (own)
        return { section: sectionBody(doc, own), newText: null };
    const section = generateSection(input);
    const block = [`## ${input.version} (${isoDate(input.date)})`, '', ...section.split('\n')];
    if (input.text === null || input.text.trim() === '') {
        return { section, newText: render(['# Changelog', '', ...block], doc) };
    }
    const at = insertionLine(doc);
    const before = doc.lines.slice(0, at);
    const after = doc.lines.slice(at);
    while (before.length > 0 && before[before.length - 1]?.trim() === '')
        before.pop();
    const lines = [...before, ...(before.length > 0 ? [''] : []), ...block, ...(after.length > 0 ? [''] : []), ...after];
    return { section, newText: render(lines, doc) };
}
/** Renders the generated section body (grouped entries) for `auto`. */
function generateSection(input) {
    const titles = new Map((input.prTitles ?? []).map((pr) => [pr.number, pr.title]));
    const usedPrs = new Set();
    const groups = new Map(CHANGELOG_GROUPS.map((g) => [g, []]));
    const add = (text, body, ref) => {
        const commit = parseConventionalCommit(body ? `${text}\n\n${body}` : text);
        const group = !commit
            ? 'Other'
            : commit.breaking
                ? 'Breaking changes'
                : commit.type === 'feat'
                    ? 'Features'
                    : commit.type === 'fix'
                        ? 'Bug fixes'
                        : commit.type === 'perf'
                            ? 'Performance'
                            : 'Other';
        // In the typed groups the type is implied; in Other it still says what kind of change it was.
        const scope = commit?.scope ? `**${escapeInline(commit.scope)}:** ` : '';
        const description = commit && group !== 'Other' ? commit.subject : commit ? `${commit.type}: ${commit.subject}` : text;
        groups.get(group)?.push(`- ${scope}${escapeInline(description)} ${ref}`);
    };
    for (const commit of input.commits) {
        const subject = firstLine(commit.subject);
        if (/^release: v?\d+\.\d+\.\d+\S*$/.test(subject))
            continue; // our own version-bump commits
        const merge = /^Merge pull request #(\d+) /.exec(subject);
        const squashed = /\s*\(#(\d+)\)$/.exec(subject);
        const prNumber = Number(merge?.[1] ?? squashed?.[1] ?? NaN);
        const title = titles.get(prNumber);
        if (title !== undefined && !usedPrs.has(prNumber)) {
            usedPrs.add(prNumber);
            // The PR title is usually the better text, unless only the squashed commit is conventional.
            const fromTitle = parseConventionalCommit(firstLine(title)) !== null || !squashed || parseConventionalCommit(subject) === null;
            const text = fromTitle ? firstLine(title) : subject.slice(0, squashed.index);
            add(text, commit.body, `(#${prNumber})`);
        }
        else if (merge || /^Merge (branch|remote-tracking branch|tag) /.test(subject) || usedPrs.has(prNumber)) {
            continue; // a merge without a known PR title says nothing about the change
        }
        else {
            const text = squashed ? subject.slice(0, squashed.index) : subject;
            add(text, commit.body, squashed ? `(#${prNumber})` : `(${escapeInline(commit.sha.slice(0, 7))})`);
        }
    }
    // PRs the caller knows about but whose commits were not matched (e.g. rebased merges).
    for (const pr of input.prTitles ?? []) {
        if (!usedPrs.has(pr.number)) {
            usedPrs.add(pr.number);
            add(firstLine(pr.title), undefined, `(#${pr.number})`);
        }
    }
    const parts = [];
    for (const [group, entries] of groups) {
        if (entries.length > 0)
            parts.push(`### ${group}\n\n${entries.join('\n')}`);
    }
    if (parts.length === 0) {
        return input.previousVersion === null ? '_No changes._' : `_No changes since ${input.previousVersion}._`;
    }
    return parts.join('\n\n');
}
/**
 * Makes untrusted text one line of inert markdown: control and bidi characters become spaces,
 * markdown and HTML punctuation is backslash-escaped, and @mentions are shown as code so that
 * nobody is notified by a commit subject.
 */
function escapeInline(text) {
    const flat = text
        // eslint-disable-next-line no-control-regex
        .replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
    const cut = flat.length > MAX_ENTRY ? `${flat.slice(0, MAX_ENTRY)}…` : flat;
    const escapePart = (part) => part.replace(/[\\`*_[\]<>|~&!#]/g, '\\$&');
    let out = '';
    let last = 0;
    for (const match of cut.matchAll(/(^|[^\w`])(@[A-Za-z0-9][A-Za-z0-9-]*(?:\/[A-Za-z0-9._-]+)?)/g)) {
        const start = (match.index ?? 0) + (match[1]?.length ?? 0);
        out += `${escapePart(cut.slice(last, start))}\`${match[2]}\``;
        last = start + (match[2]?.length ?? 0);
    }
    return out + escapePart(cut.slice(last));
}
function parseMarkdown(text) {
    const crlf = text.includes('\r\n');
    const lines = text.replace(/\r\n?/g, '\n').split('\n');
    if (lines.length > 0 && lines[lines.length - 1] === '')
        lines.pop();
    const headings = [];
    let fence = null;
    lines.forEach((line, index) => {
        const fenceMatch = /^ {0,3}(`{3,}|~{3,})/.exec(line);
        if (fenceMatch) {
            const marker = fenceMatch[1];
            if (fence === null)
                fence = marker;
            else if (marker[0] === fence[0] && marker.length >= fence.length)
                fence = null;
            return;
        }
        if (fence !== null)
            return;
        const heading = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$/.exec(line);
        if (heading) {
            const text = (heading[2] ?? '').replace(/[ \t]+#+$/, '').replace(/^#+$/, '').trim();
            headings.push({ line: index, level: heading[1].length, text });
        }
    });
    return { lines, headings, crlf };
}
function findSection(doc, match) {
    return doc.headings.find((h) => h.level === 2 && match(h.text)) ?? null;
}
/** The line after the last line of a section: the next heading of level 1 or 2, or the end. */
function sectionEnd(doc, heading) {
    return doc.headings.find((h) => h.line > heading.line && h.level <= 2)?.line ?? doc.lines.length;
}
function sectionBody(doc, heading) {
    return doc.lines
        .slice(heading.line + 1, sectionEnd(doc, heading))
        .join('\n')
        .replace(/^\s*\n/, '')
        .trimEnd();
}
/** Above the newest version section; else after `## Unreleased`; else after the title block; else the top. */
function insertionLine(doc) {
    const firstVersion = doc.headings.find((h) => h.level === 2 && !isUnreleased(h.text));
    if (firstVersion)
        return firstVersion.line;
    const unreleased = findSection(doc, isUnreleased);
    if (unreleased)
        return sectionEnd(doc, unreleased);
    const title = doc.headings.find((h) => h.level === 1);
    if (title)
        return sectionEnd(doc, title);
    return 0;
}
/** `1.2.3`, `v1.2.3`, `[1.2.3]`, `[1.2.3](link)`, each optionally followed by a space and anything (a date). */
function matchesVersion(heading, version) {
    const escaped = version.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`^(?:v?${escaped}|\\[v?${escaped}\\](?:\\([^)]*\\))?)(?:\\s.*)?$`).test(heading);
}
function isUnreleased(heading) {
    return /^(?:unreleased|\[unreleased\](?:\([^)]*\))?)(?:\s.*)?$/i.test(heading);
}
function render(lines, doc) {
    const text = `${lines.join('\n')}\n`;
    return doc.crlf ? text.replace(/\n/g, '\r\n') : text;
}
function firstLine(text) {
    return (text.split(/\r?\n/)[0] ?? '').trim();
}
function isoDate(date) {
    return date.toISOString().slice(0, 10);
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
;// CONCATENATED MODULE: ./src/release/pre-release-command.ts






/**
 * Runs the product's `preReleaseCommand` (Craft-compatible) to bump versions in files the
 * built-in bumpers do not know.
 *
 * Security: the command and the script come from the repository, which any contributor can
 * change in a pull request, while this step runs with the release token and whatever else the
 * job holds. So:
 * - no shell: the command is split into argv by a small tokenizer (quotes and backslashes only;
 *   no globbing, no `$VAR`, no `$(...)`, no `;`/`&&`/`|`/redirections: those are refused with an
 *   error instead of being passed on as surprising literal arguments);
 * - an allow-listed environment only (see CHILD_ENV_ALLOWLIST); nothing is read from files in the
 *   repository (no `.env`);
 * - its own process group, killed whole on timeout and after the command exits, so nothing the
 *   script started in the background outlives the step.
 */
/** Environment variables passed through from baseEnv; everything else is dropped. */
const CHILD_ENV_ALLOWLIST = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR', 'CI'];
/** The script run when no command is configured, as in Craft. */
const DEFAULT_BUMP_SCRIPT = 'scripts/bump-version.sh';
/** The most output kept per stream (the tail). */
const OUTPUT_LIMIT_BYTES = 64 * 1024;
/** Grace between SIGTERM and SIGKILL on timeout. */
const KILL_GRACE_MS = 2_000;
/** Runs the pre-release command (or the default bump script) with OLD and NEW appended. */
async function runPreReleaseCommand(input) {
    if (!Number.isFinite(input.timeoutMs) || input.timeoutMs <= 0)
        throw new Error(`runPreReleaseCommand: invalid timeout ${input.timeoutMs}`);
    const argv = await commandArgv(input);
    if (argv === null)
        return { ran: false, argv: [], exitCode: null, stdout: '', stderr: '', truncated: false };
    const oldVersion = input.oldVersion ?? '';
    const fullArgv = [...argv, oldVersion, input.newVersion];
    const env = childEnv(input.baseEnv, { CRAFT_OLD_VERSION: oldVersion, CRAFT_NEW_VERSION: input.newVersion });
    const outcome = await runBounded(fullArgv, input.cwd, env, input.timeoutMs);
    const shown = fullArgv.map(shellQuoteForDisplay).join(' ');
    if (outcome.spawnError) {
        throw new errors/* UserError */.yo('E_PRE_RELEASE_COMMAND_NOT_FOUND', `The pre-release command ${quote(shown)} could not be started (${outcome.spawnError}).`, `Check that ${quote(fullArgv[0] ?? '')} is installed on the runner or committed to the repository; the command runs without a shell, with PATH from the runner.`);
    }
    if (outcome.timedOut) {
        throw new errors/* UserError */.yo('E_PRE_RELEASE_COMMAND_TIMEOUT', `The pre-release command ${quote(shown)} did not finish within ${Math.round(input.timeoutMs / 1000)} s and was stopped.${tailOf(outcome.stderr)}`, 'Make the command finish faster (it should only bump versions), or check that it does not wait for input.');
    }
    if (outcome.exitCode !== 0) {
        const how = outcome.exitCode === null ? `was killed by ${outcome.signal ?? 'a signal'}` : `exited with code ${outcome.exitCode}`;
        throw new errors/* UserError */.yo('E_PRE_RELEASE_COMMAND_FAILED', `The pre-release command ${quote(shown)} ${how}.${tailOf(outcome.stderr)}`, 'Run the command locally with the same two arguments (old and new version) to reproduce it, fix it on the merge target, and request the release again. It sees only PATH, HOME, LANG, LC_ALL, TZ, TMPDIR, CI, CRAFT_OLD_VERSION and CRAFT_NEW_VERSION.');
    }
    return { ran: true, argv: fullArgv, exitCode: 0, stdout: outcome.stdout, stderr: outcome.stderr, truncated: outcome.truncated };
}
/** The child environment: allow-listed variables from baseEnv, then `extra`. Nothing else. */
function childEnv(baseEnv, extra) {
    const env = {};
    for (const name of CHILD_ENV_ALLOWLIST) {
        const value = baseEnv[name];
        if (typeof value === 'string')
            env[name] = value;
    }
    return { ...env, ...extra };
}
/**
 * Splits a command line into argv without a shell. Single quotes keep everything literally;
 * double quotes keep everything except `\"` and `\\`; outside quotes a backslash escapes the next
 * character. Shell syntax that would need a shell is refused with an error that says so.
 */
function tokenizeCommand(command) {
    const argv = [];
    let current = '';
    let inToken = false;
    let i = 0;
    const fail = (what, fix) => {
        throw new errors/* UserError */.yo('E_PRE_RELEASE_COMMAND_SYNTAX', `preReleaseCommand ${quote(command)}: ${what}.`, fix);
    };
    const noShell = 'preReleaseCommand runs without a shell: put pipelines, redirections, several commands or variables in a script (e.g. scripts/bump-version.sh) and run that.';
    while (i < command.length) {
        const c = command[i];
        if (c === ' ' || c === '\t') {
            if (inToken)
                argv.push(current);
            current = '';
            inToken = false;
            i += 1;
        }
        else if (c === "'") {
            const end = command.indexOf("'", i + 1);
            if (end < 0)
                fail('a single quote is not closed', 'Close the quote, or escape it with a backslash.');
            current += command.slice(i + 1, end);
            inToken = true;
            i = end + 1;
        }
        else if (c === '"') {
            i += 1;
            let closed = false;
            while (i < command.length) {
                const d = command[i];
                if (d === '"') {
                    closed = true;
                    i += 1;
                    break;
                }
                if (d === '\\' && (command[i + 1] === '"' || command[i + 1] === '\\')) {
                    current += command[i + 1];
                    i += 2;
                }
                else {
                    current += d;
                    i += 1;
                }
            }
            if (!closed)
                fail('a double quote is not closed', 'Close the quote, or escape it with a backslash.');
            inToken = true;
        }
        else if (c === '\\') {
            if (i + 1 >= command.length)
                fail('it ends with a backslash', 'Remove the trailing backslash.');
            current += command[i + 1];
            inToken = true;
            i += 2;
        }
        else if (c === '\n' || c === '\r') {
            fail('it has more than one line', noShell);
        }
        else if ('|&;<>()$`'.includes(c)) {
            fail(`${quote(c)} is shell syntax`, noShell);
        }
        else {
            current += c;
            inToken = true;
            i += 1;
        }
    }
    if (inToken)
        argv.push(current);
    return argv;
}
async function commandArgv(input) {
    if (input.command !== null) {
        if (input.command.trim() === '')
            return null;
        const argv = tokenizeCommand(input.command);
        return argv.length === 0 ? null : argv;
    }
    const script = external_node_path_default().join(input.cwd, ...DEFAULT_BUMP_SCRIPT.split('/'));
    const found = await (0,promises_.stat)(script).catch(() => null);
    if (!found)
        return null;
    // The default script must be a regular file that stays inside the checkout, even through a symlink.
    const real = await realpathInside(input.cwd, script, 'default pre-release script');
    if (!(await (0,promises_.stat)(real)).isFile())
        return null;
    return ['bash', DEFAULT_BUMP_SCRIPT];
}
function runBounded(argv, cwd, env, timeoutMs) {
    return new Promise((resolve) => {
        const [file, ...args] = argv;
        const child = (0,external_node_child_process_.spawn)(file, args, {
            cwd,
            env,
            shell: false,
            // Its own process group, so a timeout or cleanup reaches everything the command started.
            detached: true,
            stdio: ['ignore', 'pipe', 'pipe'],
        });
        const stdout = new Tail(OUTPUT_LIMIT_BYTES);
        const stderr = new Tail(OUTPUT_LIMIT_BYTES);
        let timedOut = false;
        let spawnError = null;
        let exit = { code: null, signal: null };
        let killTimer;
        const killGroup = (signal) => {
            if (child.pid === undefined)
                return;
            try {
                process.kill(-child.pid, signal);
            }
            catch {
                // ESRCH: the group is already gone.
            }
        };
        const timer = setTimeout(() => {
            timedOut = true;
            killGroup('SIGTERM');
            killTimer = setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS);
        }, timeoutMs);
        child.stdout.on('data', (chunk) => stdout.push(chunk));
        child.stderr.on('data', (chunk) => stderr.push(chunk));
        child.on('error', (error) => {
            spawnError = error.code ?? error.message;
        });
        child.on('exit', (code, signal) => {
            exit = { code, signal };
            // Background processes left behind would hold the pipes open and outlive the step.
            killGroup('SIGKILL');
        });
        child.on('close', () => {
            clearTimeout(timer);
            if (killTimer)
                clearTimeout(killTimer);
            resolve({
                exitCode: exit.code,
                signal: exit.signal,
                stdout: stdout.text(),
                stderr: stderr.text(),
                truncated: stdout.truncated || stderr.truncated,
                timedOut,
                spawnError,
            });
        });
    });
}
/** Keeps the last `limit` bytes of a stream. */
class Tail {
    limit;
    chunks = [];
    size = 0;
    truncated = false;
    constructor(limit) {
        this.limit = limit;
    }
    push(chunk) {
        this.chunks.push(chunk);
        this.size += chunk.length;
        while (this.size > this.limit && this.chunks.length > 0) {
            const first = this.chunks[0];
            const excess = this.size - this.limit;
            this.truncated = true;
            if (first.length <= excess) {
                this.chunks.shift();
                this.size -= first.length;
            }
            else {
                this.chunks[0] = first.subarray(excess);
                this.size -= excess;
            }
        }
    }
    text() {
        return Buffer.concat(this.chunks).toString('utf8');
    }
}
/** The last lines of stderr for an error message (the full output is in the result and the log). */
function tailOf(stderr) {
    const lines = stderr.trimEnd().split('\n');
    const tail = lines.slice(-20).join('\n').slice(-2000);
    return tail === '' ? '' : `\nLast lines of its error output:\n${tail}`;
}
/** Quotes an argument for display only (never executed). */
function shellQuoteForDisplay(arg) {
    return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

;// CONCATENATED MODULE: ./src/release/index.ts
/** Preparing a release in the product repository: bumpers, the pre-release command, the changelog. */





;// CONCATENATED MODULE: ./src/versioning/calver.ts


/**
 * Calendar versions compatible with Craft: a strftime-like date part (default `%y.%-m`) taken
 * `offset` days back (default 14, so a release early in a month still belongs to the previous
 * one), then `.N` with N the next free patch for that date part.
 *
 * Unlike Craft, dates are computed in UTC: a runner's local time zone must not change a version.
 */
/** Craft's defaults. */
const DEFAULT_CALVER = { format: '%y.%-m', offset: 14 };
const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * Formats `date` (in UTC). Tokens: `%Y` 2026, `%y` 26, `%m` 01, `%-m` 1, `%d` 05, `%-d` 5,
 * `%j` 005 (day of year), `%-j` 5, `%%` a literal `%`. Any other token is refused rather than
 * copied through, so a typo does not silently become part of every version.
 */
function formatCalver(format, date) {
    if (Number.isNaN(date.getTime()))
        throw new TypeError('formatCalver: invalid date');
    const year = date.getUTCFullYear();
    const month = date.getUTCMonth() + 1;
    const day = date.getUTCDate();
    const dayOfYear = Math.floor((Date.UTC(year, month - 1, day) - Date.UTC(year, 0, 1)) / DAY_MS) + 1;
    const values = {
        Y: String(year),
        y: String(year).slice(-2),
        m: String(month).padStart(2, '0'),
        '-m': String(month),
        d: String(day).padStart(2, '0'),
        '-d': String(day),
        j: String(dayOfYear).padStart(3, '0'),
        '-j': String(dayOfYear),
        '%': '%',
    };
    return format.replace(/%(-?.?)/g, (token, name) => {
        const value = values[name];
        if (value === undefined) {
            throw new errors/* UserError */.yo('E_CALVER_FORMAT', `The calendar version format ${quote(format)} has an unknown token ${quote(token)}.`, 'Use only %Y, %y, %m, %-m, %d, %-d, %j, %-j and %% (the default is "%y.%-m").');
        }
        return value;
    });
}
/** The date a calendar version is computed from: `now` minus `offset` whole days. */
function calverDate(now, offset) {
    if (!Number.isInteger(offset) || offset < 0) {
        throw new errors/* UserError */.yo('E_CALVER_OFFSET', `The calendar version offset ${quote(String(offset))} is not a whole number of days.`, 'Set the offset to a whole number of days, 0 or more (the default is 14).');
    }
    return new Date(now.getTime() - offset * DAY_MS);
}
/**
 * The next calendar version `<date part>.<N>`: N is one more than the highest patch already used
 * for that date part among `existingVersions` (tag prefix already removed), or 0. A prerelease
 * such as `26.11.3-rc.0` counts as using patch 3, so the result is never below an existing tag.
 */
function nextCalver(format, offset, now, existingVersions) {
    const prefix = `${formatCalver(format, calverDate(now, offset))}.`;
    let next = 0;
    for (const version of existingVersions) {
        if (!version.startsWith(prefix))
            continue;
        const match = /^(\d+)(?:[-+]|$)/.exec(version.slice(prefix.length));
        if (!match)
            continue;
        const patch = Number(match[1]);
        if (Number.isSafeInteger(patch) && patch >= next)
            next = patch + 1;
    }
    return `${prefix}${next}`;
}

;// CONCATENATED MODULE: ./src/versioning/resolve-version.ts





/** The accepted forms of the `version` input, for error messages. */
const ACCEPTED_VERSION_INPUTS = 'an explicit version such as 1.2.3 or 2.0.0-rc.1, one of major, minor, patch, prerelease, auto or calver';
const KEYWORDS = new Set(['major', 'minor', 'patch', 'prerelease']);
/** Resolves the version to release or throws a UserError that says what to change. */
function resolveVersion(input) {
    const latest = latestReleaseTag(input.tags, input.tagPrefix);
    const previousTag = latest?.tag ?? null;
    const previousVersion = latest?.version ?? null;
    const requested = input.requested.trim();
    const mode = requested === '' ? modeForEmptyInput(input.policy) : requested;
    let version;
    let bump;
    if (KEYWORDS.has(mode)) {
        bump = mode;
        version = increment(previousVersion ?? '0.0.0', mode, input.preid);
    }
    else if (mode === 'auto') {
        const analysis = analyzeCommits(input.commitsSinceLatest);
        if (analysis.bump === null)
            throw nothingReleasable(previousTag, analysis.typesSeen, input.commitsSinceLatest.length);
        const base = previousVersion ?? '0.0.0';
        // 0.x: a breaking change moves minor (see the module comment).
        bump = analysis.bump === 'major' && semver_default().major(base) === 0 ? 'minor' : analysis.bump;
        version = increment(base, bump, undefined);
    }
    else if (mode === 'calver') {
        bump = 'calver';
        const existing = input.tags.filter((t) => t.startsWith(input.tagPrefix)).map((t) => t.slice(input.tagPrefix.length));
        version = nextCalver(input.calver.format, input.calver.offset, input.now, existing);
        if (!isExactSemver(version)) {
            throw new errors/* UserError */.yo('E_CALVER_NOT_SEMVER', `The calendar version format ${quote(input.calver.format)} gives ${quote(version)}, which is not a valid semantic version.`, 'Use unpadded tokens (%-m, %-d) and at most two date parts, e.g. "%y.%-m" (the default).');
        }
    }
    else {
        bump = 'explicit';
        version = checkExplicitVersion(requested);
    }
    const tag = `${input.tagPrefix}${version}`;
    if (input.tags.includes(tag)) {
        throw new errors/* UserError */.yo('E_VERSION_EXISTS', `The tag ${quote(tag)} already exists, so version ${quote(version)} has been released already.`, bump === 'explicit'
            ? `Request a higher version than ${previousVersion ?? version}, or a bump keyword such as patch.`
            : 'Check that all tags were fetched (fetch-depth: 0) and request an explicit version.');
    }
    if (previousVersion !== null && semver_default().lte(version, previousVersion)) {
        throw new errors/* UserError */.yo('E_VERSION_NOT_GREATER', `Version ${quote(version)} is not greater than the latest release ${quote(previousVersion)} (tag ${quote(previousTag ?? '')}).`, bump === 'prerelease'
            ? `The prerelease identifier sorts below the latest one; request an explicit version above ${previousVersion}.`
            : `Request a version above ${previousVersion}, or a bump keyword such as patch.`);
    }
    return { version, previousTag, previousVersion, bump };
}
/** The highest release tag with `prefix`, ignoring tags that are not an exact semver after it. */
function latestReleaseTag(tags, prefix) {
    let best = null;
    for (const tag of tags) {
        if (!tag.startsWith(prefix))
            continue;
        const rest = tag.slice(prefix.length);
        // Build metadata is allowed on existing tags (it does not take part in the ordering).
        const parsed = /^\d/.test(rest) ? semver_default().parse(rest) : null;
        if (!parsed || !(rest === parsed.version || rest.startsWith(`${parsed.version}+`)))
            continue;
        if (best === null || semver_default().gt(parsed.version, best.version))
            best = { tag, version: parsed.version };
    }
    return best;
}
function modeForEmptyInput(policy) {
    if (policy === 'auto' || policy === 'calver')
        return policy;
    throw new errors/* UserError */.yo('E_VERSION_REQUIRED', `No version was given and the versioning policy is ${quote(policy)}, which needs one.`, `Set the version input to ${ACCEPTED_VERSION_INPUTS}; or set the versioning policy to auto or calver.`);
}
function increment(base, release, preid) {
    let identifier;
    if (release === 'prerelease') {
        identifier = preid ?? 'rc';
        if (!/^[0-9A-Za-z-]+$/.test(identifier) || /^\d+$/.test(identifier)) {
            throw new errors/* UserError */.yo('E_PREID_INVALID', `The prerelease identifier ${quote(identifier)} is not valid.`, 'Use letters, digits and hyphens, not only digits, e.g. rc, beta or alpha.');
        }
    }
    const next = identifier === undefined ? semver_default().inc(base, release) : semver_default().inc(base, release, identifier);
    // inc only fails on an invalid base, which latestReleaseTag never returns.
    if (next === null)
        throw new Error(`semver.inc(${base}, ${release}) failed`);
    return next;
}
function checkExplicitVersion(requested) {
    if (/^[vV]\d/.test(requested)) {
        throw new errors/* UserError */.yo('E_VERSION_LEADING_V', `The version ${quote(requested)} starts with "${requested[0]}".`, `Drop the v and request ${quote(requested.slice(1))}; a tag prefix, if the repository uses one, is added from the config.`);
    }
    const parsed = /^\d/.test(requested) ? semver_default().parse(requested) : null;
    if (parsed && requested.startsWith(`${parsed.version}+`)) {
        throw new errors/* UserError */.yo('E_VERSION_BUILD_METADATA', `The version ${quote(requested)} has build metadata, which registries ignore.`, `Request ${quote(parsed.version)} or a prerelease such as ${parsed.version}-rc.1.`);
    }
    if (!parsed || parsed.version !== requested) {
        throw new errors/* UserError */.yo('E_VERSION_INVALID', `The version ${quote(requested)} is neither a semantic version nor a known keyword.`, `Use ${ACCEPTED_VERSION_INPUTS}.`);
    }
    return requested;
}
function isExactSemver(value) {
    return semver_default().parse(value)?.version === value;
}
function nothingReleasable(previousTag, typesSeen, count) {
    const since = previousTag === null ? 'in the history' : `since ${quote(previousTag)}`;
    const seen = count === 0
        ? `There are no commits ${since}.`
        : typesSeen.length === 0
            ? `None of the ${count} commits ${since} is a conventional commit.`
            : `The ${count} commits ${since} have types ${typesSeen.map((t) => quote(t)).join(', ')}, none of which is releasable.`;
    return new errors/* UserError */.yo('E_NOTHING_TO_RELEASE', `auto found nothing to release: ${seen}`, 'Only feat (minor), fix and perf (patch), or a breaking change (! or a BREAKING CHANGE footer) make a release; request an explicit version or a bump keyword to release anyway.');
}

;// CONCATENATED MODULE: ./src/versioning/index.ts
/** Versioning: conventional commits, calendar versions, and resolution of the `version` input. */





;// CONCATENATED MODULE: ./src/request/prepare.ts
/**
 * Preparing the release in a fresh clone of the product repository: read the publish config at
 * the merge target, resolve the version against the tags, bump, fill the changelog and commit
 * `release: <version>` on the release branch. Nothing here talks to the GitHub API or pushes;
 * the caller decides whether to push (a dry run does not).
 */










/** How long the pre-release command may run. */
const PRE_RELEASE_TIMEOUT_MS = 10 * 60 * 1000;
/** Prepares the release commit in the clone at `git.cwd`. */
async function prepareRelease(input) {
    const { git, log } = input;
    const root = git.cwd;
    let mergeTargetSha;
    try {
        mergeTargetSha = await git.revParse(`refs/remotes/origin/${input.mergeTarget}`);
    }
    catch (error) {
        if (!(error instanceof github_git/* GitError */.XS))
            throw error;
        throw new errors/* UserError */.yo('E_MERGE_TARGET_MISSING', `The merge target ${quote(input.mergeTarget)} is not a branch of ${input.repo.owner}/${input.repo.repo}.`, 'Set merge_target to an existing branch (or leave it empty for the default branch) and run the release again.');
    }
    // Config and files are read at the merge target's head, before anything of ours touches them.
    await git.checkoutNewBranch('publish-approval-prepare', mergeTargetSha);
    const { config, file: configFile, dir: configDir } = await readConfig(root, input.path, log);
    const tagPrefix = await tagPrefixFor(config, root, input.path);
    const tags = await git.tags();
    const previous = latestReleaseTag(tags, tagPrefix)?.tag ?? null;
    const commits = await git.log(previous === null ? mergeTargetSha : `refs/tags/${previous}..${mergeTargetSha}`);
    const resolved = resolveVersion({
        requested: input.requested,
        policy: config.versioning.policy,
        tags,
        tagPrefix,
        commitsSinceLatest: commits.map((c) => (c.body === '' ? c.subject : `${c.subject}\n\n${c.body}`)),
        now: input.now,
        calver: config.versioning.calver,
    });
    const version = resolved.version;
    const title = (0,request_format/* renderTitle */.zF)({ repo: input.repo, path: input.path, version });
    const branch = (0,request_format/* parseBranchName */.pD)(`${config.releaseBranchPrefix}/${version}`, 'release branch');
    log.info(`Version ${version} (${resolved.bump}${resolved.previousTag ? ` from ${resolved.previousTag}` : ', first release'}); release branch ${branch}.`);
    await git.checkoutNewBranch(branch, mergeTargetSha);
    const bumped = await bumpPackageJson({ rootDir: root, path: input.path ?? '', oldVersion: resolved.previousVersion, newVersion: version });
    if (bumped.length > 0)
        log.info(`Bumped ${bumped.join(', ')}.`);
    const command = await runPreReleaseCommand({
        command: config.preReleaseCommand,
        cwd: configDir,
        oldVersion: resolved.previousVersion,
        newVersion: version,
        baseEnv: input.baseEnv,
        timeoutMs: PRE_RELEASE_TIMEOUT_MS,
    });
    if (command.ran)
        log.info(`Ran the pre-release command: ${command.argv.join(' ')}`);
    const changelogPath = (0,external_node_path_.join)(configDir, config.changelog.filePath);
    const changelogText = config.changelog.policy === 'none' || !(0,external_node_fs_.existsSync)(changelogPath) ? null : await (0,promises_.readFile)(await realpathInside(root, changelogPath, 'changelog file'), 'utf8');
    const changelog = applyChangelogPolicy({
        policy: config.changelog.policy,
        text: changelogText,
        version,
        previousVersion: resolved.previousVersion,
        date: input.now,
        commits: commits.map((c) => ({ sha: c.sha, subject: c.subject, body: c.body })),
        fileName: config.changelog.filePath,
    });
    const changedFiles = [...bumped];
    if (changelog.newText !== null) {
        // A new file cannot be resolved through symlinks yet; its directory is what must stay inside.
        const target = changelogText === null ? changelogPath : await realpathInside(root, changelogPath, 'changelog file');
        await (0,promises_.writeFile)(target, changelog.newText, 'utf8');
        changedFiles.push(config.changelog.filePath);
    }
    await git.add(['.']);
    // An empty commit still marks the release: the request approves this exact commit.
    const sha = await git.commit(`release: ${version}`, { allowEmpty: true });
    return { config, configFile, resolved, tagPrefix, title, branch, mergeTargetSha, sha, changelog: changelog.section, changedFiles };
}
/** `<path>/.craft.yml` when the sub-package has its own, else the root `.craft.yml`. */
async function readConfig(root, path, log) {
    const candidates = [...(path === null ? [] : [`${path}/.craft.yml`]), '.craft.yml'];
    for (const file of candidates) {
        const full = (0,external_node_path_.join)(root, file);
        if (!(0,external_node_fs_.existsSync)(full))
            continue;
        const text = await (0,promises_.readFile)(await realpathInside(root, full, 'config file'), 'utf8');
        const loaded = (0,load/* loadConfigText */.Ki)('craft', text, file);
        for (const warning of loaded.warnings)
            log.warning(`${warning.file}: ${warning.path}: ${warning.message}`);
        return { config: loaded.config, file, dir: file === '.craft.yml' ? root : (0,external_node_path_.join)(root, path ?? '') };
    }
    throw new errors/* UserError */.yo('E_CONFIG_MISSING', `There is no ${candidates.map((c) => quote(c)).join(' or ')} on the merge target, so publish-approval does not know what to publish.`, 'Add a .craft.yml with at least "targets:" to the merge target (docs/config.md describes it) and run the release again.');
}
/**
 * The tag prefix: the config's `tagPrefix` when set; for a sub-package without one, `<name>@`
 * from its package.json (the changesets convention, e.g. `@acme/core@1.2.0`), else `<dir>@`.
 */
async function tagPrefixFor(config, root, path) {
    if (config.tagPrefix !== '' || path === null)
        return config.tagPrefix;
    const manifest = (0,external_node_path_.join)(root, path, 'package.json');
    if ((0,external_node_fs_.existsSync)(manifest)) {
        try {
            const data = JSON.parse(await (0,promises_.readFile)(await realpathInside(root, manifest, 'package.json'), 'utf8'));
            const name = typeof data === 'object' && data !== null && 'name' in data ? data.name : undefined;
            if (typeof name === 'string' && /^(@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/.test(name))
                return `${name}@`;
        }
        catch (error) {
            if (error instanceof errors/* UserError */.yo)
                throw error;
            // An unreadable package.json is reported by the bumper with a better message.
        }
    }
    return `${(0,external_node_path_.basename)(path)}@`;
}

;// CONCATENATED MODULE: ./src/request/request-issue.ts



const sameLogin = (a, b) => a.toLowerCase() === b.toLowerCase();
/** Reads every page of open issues in `repo` and returns those whose title is exactly `title`. */
async function lookupTitle(github, repo, title, bot) {
    const byNumber = new Map();
    let scanned = 0;
    for await (const page of github.listIssues(repo, { state: 'open' })) {
        scanned += page.length;
        // Pages can overlap when issues are opened while we read; the map keeps one copy of each.
        for (const issue of page)
            if (issue.title === title && issue.state === 'open')
                byNumber.set(issue.number, issue);
    }
    const all = [...byNumber.values()].sort((a, b) => a.number - b.number);
    return { ours: all.filter((i) => sameLogin(i.author.login, bot)), others: all.filter((i) => !sameLogin(i.author.login, bot)), scanned };
}
/** The error for a title taken by an issue the bot did not open. */
function squatError(issue, bot, repo) {
    return new errors/* UserError */.yo('E_REQUEST_TITLE_TAKEN', `Issue #${issue.number} (${issue.htmlUrl}) in ${repo.owner}/${repo.repo} with this title was opened by @${issue.author.login}, not by the release bot (@${bot}). A publish request is only trusted when the bot opened it, so that issue is never used.`, `Close issue #${issue.number} (it was opened by @${issue.author.login}, not by the release bot), then run the release again.`);
}
/** Fails when someone other than the bot holds the title. */
function refuseSquats(lookup, bot, repo) {
    const [squat] = lookup.others;
    if (squat !== undefined)
        throw squatError(squat, bot, repo);
}
/**
 * Creates the request issue, or updates the bot's open issue with the same title. Refuses a title
 * squatted by someone else; survives a lost create answer; closes duplicates left by a race.
 */
async function publishRequestIssue(input) {
    const { github, log, repo, title, bot } = input;
    const first = await lookupTitle(github, repo, title, bot);
    refuseSquats(first, bot, repo);
    const existing = first.ours[0];
    if (existing !== undefined) {
        const updated = await updateRequestIssue(input, existing);
        const closed = await closeDuplicates(input, existing, first.ours.slice(1));
        return { action: 'updated', issue: updated.issue, request: updated.request, closedDuplicates: closed };
    }
    const body = (0,request_format/* renderBody */.lc)(input.request);
    let created = null;
    let action = 'created';
    for (let attempt = 1; attempt <= 2 && created === null; attempt++) {
        try {
            created = await github.createIssue(repo, { title, body });
        }
        catch (error) {
            if (!(error instanceof errors/* WriteOutcomeUnknownError */.my))
                throw error;
            log.warning(`Creating the publish request in ${repo.owner}/${repo.repo} got no clear answer (${(0,errors/* describe */.q0)(error.cause)}); looking whether the issue was created before trying again.`);
            const again = await lookupTitle(github, repo, title, bot);
            refuseSquats(again, bot, repo);
            const found = again.ours[0];
            if (found !== undefined) {
                created = found;
                action = 'found-after-lost-answer';
            }
            else if (attempt === 2) {
                throw new errors/* UserError */.yo('E_REQUEST_CREATE_FAILED', `GitHub did not confirm the creation of the publish request in ${repo.owner}/${repo.repo} twice, and no issue titled "${title}" exists.`, `Check GitHub's status (and the App's issues: write permission on ${repo.owner}/${repo.repo}), delete the release branch (git push origin --delete ${input.request.releaseBranch}) and run the release again.`);
            }
        }
    }
    if (created === null)
        throw new Error('unreachable: the create loop ended without an issue or an error');
    // A concurrent run may have created one too: the lowest number wins everywhere.
    const after = await lookupTitle(github, repo, title, bot);
    refuseSquats(after, bot, repo);
    const survivor = after.ours[0] ?? created;
    const losers = after.ours.filter((i) => i.number !== survivor.number);
    if (survivor.number !== created.number && !losers.some((i) => i.number === created.number))
        losers.push(created);
    const closed = await closeDuplicates(input, survivor, losers);
    if (survivor.number === created.number)
        return { action, issue: created, request: (0,request_format/* parseRequest */.TR)(created.title, created.body), closedDuplicates: closed };
    log.info(`Another run opened #${survivor.number} for the same release first; using it and closing #${created.number} as a duplicate.`);
    const updated = await updateRequestIssue(input, survivor);
    return { action: 'updated', issue: updated.issue, request: updated.request, closedDuplicates: closed };
}
/** Reads an open request of the bot and checks it may take a new release commit; throws a UserError that says why not. */
function checkUpdatable(issue) {
    let current;
    try {
        current = (0,request_format/* parseRequest */.TR)(issue.title, issue.body);
    }
    catch (error) {
        if (!(error instanceof request_format/* RequestFormatError */.Fq))
            throw error;
        throw new errors/* UserError */.yo('E_REQUEST_UNREADABLE', `The open publish request #${issue.number} (${issue.htmlUrl}) has the right title but a body that cannot be read: ${error.message}`, `Close issue #${issue.number} (its body was edited by hand) and run the release again; a new request will be opened.`);
    }
    if (!UPDATABLE.has(current.state)) {
        throw new errors/* UserError */.yo('E_REQUEST_BUSY', `The open publish request #${issue.number} (${issue.htmlUrl}) is in state "${current.state}", so it cannot take a new release commit now.`, current.state === 'publishing' ? 'Wait for the publish run to finish, then run the release again if needed.' : `Close issue #${issue.number} and run the release again.`);
    }
    return current;
}
/** States in which a request may take a new release commit. */
const UPDATABLE = new Set(['open', 'parked-ci', 'failed', 'expired']);
/**
 * Moves an existing request to this run's release commit: approvals are cleared (they approved
 * another commit), targets keep their states (a partly published release resumes), and an
 * `updated` history entry records who, when and from which commit.
 */
async function updateRequestIssue(input, issue) {
    const current = checkUpdatable(issue);
    const fresh = input.request;
    const moved = current.releaseCommit !== fresh.releaseCommit;
    let next = {
        ...current,
        releaseBranch: fresh.releaseBranch,
        releaseCommit: fresh.releaseCommit,
        previousTag: fresh.previousTag,
        mergeTarget: fresh.mergeTarget,
        requester: fresh.requester,
        workflowRunUrl: fresh.workflowRunUrl,
        changelog: fresh.changelog,
        changelogOmitted: 0,
    };
    if (moved)
        next = (0,request_format/* withoutApprovals */.lK)(next);
    if (current.state === 'expired' || current.state === 'failed' || current.state === 'parked-ci')
        next = (0,request_format/* withState */.Q2)(next, 'open');
    const detail = moved ? `release commit ${fresh.releaseCommit.slice(0, 12)} (was ${current.releaseCommit.slice(0, 12)}); approvals cleared` : `release commit ${fresh.releaseCommit.slice(0, 12)} unchanged`;
    next = (0,request_format/* withHistory */.$k)(next, { at: input.now, event: 'updated', actor: fresh.requester, detail });
    const updated = await input.github.updateIssue(input.repo, issue.number, { body: (0,request_format/* renderBody */.lc)(next) });
    return { issue: updated, request: (0,request_format/* parseRequest */.TR)(updated.title, updated.body) };
}
/** Closes each duplicate as not planned, with a comment that links the surviving request. */
async function closeDuplicates(input, survivor, duplicates) {
    const closed = [];
    for (const duplicate of duplicates) {
        try {
            await input.github.createComment(input.repo, duplicate.number, `Duplicate of #${survivor.number}: two release runs opened this request at the same time. The request continues in ${survivor.htmlUrl}.`);
        }
        catch (error) {
            // The comment only explains; closing is what matters, and a lost answer may mean it exists.
            if (!(error instanceof errors/* WriteOutcomeUnknownError */.my))
                throw error;
        }
        await input.github.updateIssue(input.repo, duplicate.number, { state: 'closed', stateReason: 'not_planned' });
        input.log.warning(`Closed #${duplicate.number} as a duplicate of #${survivor.number} (two runs raced to open the same request).`);
        closed.push(duplicate.number);
    }
    return closed;
}

;// CONCATENATED MODULE: ./src/request/summary.ts
/**
 * The job summary of a request run: a short table a person reads at a glance. Every value in it
 * passed the request grammar (no backticks, pipes or newlines), so it is safe inside code spans.
 */
/** Renders the job summary Markdown. */
function renderSummary(s) {
    const code = (v) => `\`${v}\``;
    const rows = [
        ['Version', `${code(s.version)} (${s.bump}${s.previousTag === null ? ', first release' : ` from ${code(s.previousTag)}`})`],
        ['Branch', `${code(s.branch)} from ${code(s.mergeTarget)}${s.dryRun ? ' (not pushed)' : ''}`],
        ['Commit', `${code(s.sha.slice(0, 12))}${s.dryRun ? ' (local only)' : ''}`],
        ['Targets', s.targets.length === 0 ? 'none' : s.targets.map(code).join(', ')],
        [
            'Request',
            s.issue === null
                ? `${code(s.title)} in ${code(s.publishRepo)} (dry run: would ${s.wouldUpdate ? `update #${s.wouldUpdate}` : 'open it'})`
                : `[${s.issue.repo}#${s.issue.number}](${s.issue.url}) (${s.issue.action})`,
        ],
    ];
    const lines = [
        s.dryRun ? `### Dry run: ${s.title} would be requested` : `### ${s.title} requested`,
        '',
        '| | |',
        '| --- | --- |',
        ...rows.map(([k, v]) => `| ${k} | ${v} |`),
        '',
    ];
    if (s.blockersOverridden > 0)
        lines.push(`Released with force over ${s.blockersOverridden} open release blocker${s.blockersOverridden === 1 ? '' : 's'} (see the warning annotation).`, '');
    if (s.dryRun) {
        lines.push('What a real run would do:', '', `1. push ${code(s.branch)} with the commit ${code(`release: ${s.version}`)};`, `2. ${s.wouldUpdate ? `update the open request #${s.wouldUpdate}` : 'open the issue'} ${code(s.title)} in ${code(s.publishRepo)} with ${s.targets.length} target${s.targets.length === 1 ? '' : 's'} pending approval.`, '');
    }
    else {
        lines.push('A release manager approves the request in the control repository; publishing starts after that and after CI passes on the release commit.', '');
    }
    return lines.join('\n');
}

;// CONCATENATED MODULE: ./src/request/run.ts
/**
 * The `request` command end to end: inputs → blockers → clone → prepare → push → request issue
 * → outputs and summary. Reads and checks everything it can before the first write (the push),
 * and checks the request title is not squatted before pushing, so a refused run leaves nothing.
 */










/** Runs the request command; throws a UserError that says what to do next on any refusal. */
async function runRequest(context, environment) {
    const { github, log } = context;
    const inputs = parseRequestInputs(context.input, envReader(environment.env));
    log.mask(inputs.token);
    const product = inputs.productRepo;
    const productSlug = `${product.owner}/${product.repo}`;
    const controlSlug = `${inputs.publishRepo.owner}/${inputs.publishRepo.repo}`;
    // Set once the release branch is pushed: from then on a failure leaves something to clean up.
    const written = { branch: null };
    let scratch = null;
    try {
        const bot = await botIdentity(context);
        const defaultBranch = await readDefaultBranch(context, product);
        const mergeTarget = inputs.mergeTarget ?? defaultBranch;
        const blockers = await findBlockers(github, product, inputs.blockerLabel);
        if (blockers.issues.length > 0) {
            if (!inputs.force)
                throw blockedError(blockers, inputs.blockerLabel, product);
            log.warning(`Releasing with force over ${countBlockers(blockers)} labelled "${inputs.blockerLabel}":\n${formatBlockers(blockers).join('\n')}`, { title: 'Release blockers overridden' });
        }
        scratch = await (0,promises_.mkdtemp)((0,external_node_path_.join)(context.workDir, 'publish-approval-request-'));
        const make = environment.createGit ?? github_git/* createGit */.lD;
        const git = make({ cwd: scratch, token: inputs.token, author: { name: bot, email: `${bot}@users.noreply.github.com` }, baseEnv: environment.env, log });
        await cloneProduct(git, `${inputs.serverUrl}/${productSlug}.git`, productSlug);
        const clone = git.at((0,external_node_path_.join)(scratch, 'repo'));
        const now = new Date(context.clock.now());
        const prepared = await prepareRelease({ git: clone, log, repo: product, mergeTarget, path: inputs.path, requested: inputs.version, now, baseEnv: environment.env });
        const targets = prepared.config.targets.map((t) => t.targetId);
        const request = (0,request_format/* createRequest */.WL)({
            repo: product,
            path: inputs.path,
            version: prepared.resolved.version,
            serverUrl: inputs.serverUrl,
            releaseBranch: prepared.branch,
            releaseCommit: prepared.sha,
            previousTag: prepared.resolved.previousTag,
            mergeTarget: mergeTarget === defaultBranch ? null : mergeTarget,
            requester: inputs.requester,
            requestedAt: now.toISOString(),
            workflowRunUrl: inputs.workflowRunUrl,
            targets,
            changelog: (0,request_format/* normalizeChangelog */.sK)(prepared.changelog),
        });
        // Render once now: a request that cannot be rendered must fail before the push.
        (0,request_format/* renderBody */.lc)(request);
        const summaryBase = {
            title: prepared.title,
            version: prepared.resolved.version,
            bump: prepared.resolved.bump,
            previousTag: prepared.resolved.previousTag,
            branch: prepared.branch,
            sha: prepared.sha,
            mergeTarget,
            targets,
            blockersOverridden: blockers.issues.length,
            publishRepo: controlSlug,
        };
        const baseOutputs = { version: prepared.resolved.version, branch: prepared.branch, sha: prepared.sha, previous_tag: prepared.resolved.previousTag ?? '' };
        // The checks a real run would fail on come before the first write, and a dry run makes them too:
        // a squatted title would be refused after the push, and an existing branch would refuse the push.
        const lookup = await lookupControl(context, inputs, prepared.title, bot);
        refuseSquats(lookup, bot, inputs.publishRepo);
        if (lookup.ours[0] !== undefined)
            checkUpdatable(lookup.ours[0]);
        const branchRef = `refs/heads/${prepared.branch}`;
        if ((await clone.lsRemote('origin', branchRef)) !== null)
            throw branchExistsError(prepared.branch, productSlug);
        if (inputs.dryRun) {
            const existing = lookup.ours[0];
            const summary = renderSummary({ ...summaryBase, dryRun: true, issue: null, wouldUpdate: existing?.number ?? null });
            const outputs = { ...baseOutputs, issue_url: '', issue_number: '' };
            await report(context, outputs, summary);
            log.notice(`Dry run: would push ${prepared.branch} and ${existing ? `update #${existing.number}` : 'open'} "${prepared.title}" in ${controlSlug} with targets ${targets.join(', ') || 'none'}.`, { title: 'Dry run' });
            return { inputs, prepared, request, issue: null, outputs, summary };
        }
        await pushReleaseBranch(clone, prepared, productSlug);
        written.branch = prepared.branch;
        const issue = await publishRequestIssue({ github, log, repo: inputs.publishRepo, title: prepared.title, request, bot, now: now.toISOString() });
        const outputs = { ...baseOutputs, issue_url: issue.issue.htmlUrl, issue_number: String(issue.issue.number) };
        const summary = renderSummary({ ...summaryBase, dryRun: false, issue: { number: issue.issue.number, url: issue.issue.htmlUrl, repo: controlSlug, action: issue.action === 'updated' ? 'updated' : 'opened' } });
        await report(context, outputs, summary);
        log.notice(`Publish request ${issue.action === 'updated' ? 'updated' : 'opened'}: ${issue.issue.htmlUrl}`, { title: prepared.title });
        return { inputs, prepared, request: issue.request, issue, outputs, summary };
    }
    catch (error) {
        throw explainFailure(error, written.branch, productSlug);
    }
    finally {
        if (scratch !== null)
            await (0,promises_.rm)(scratch, { recursive: true, force: true });
    }
}
/**
 * Turns what is left (GitHub or git failing after retries, a lost answer) into a UserError that
 * says what was written and what to do; UserErrors and bugs pass through unchanged.
 */
function explainFailure(error, pushed, slug) {
    if (error instanceof errors/* UserError */.yo) {
        if (pushed === null || error.code === 'E_RELEASE_BRANCH_EXISTS' || error.fix?.includes(`git push origin --delete ${pushed}`))
            return error;
        // Whatever the fix, the next run would stop at the branch this run left behind.
        const cleanup = `The release branch ${pushed} was pushed by this run: delete it (git push origin --delete ${pushed}) before running the release again.`;
        return new errors/* UserError */.yo(error.code, error.message, error.fix ? `${error.fix} ${cleanup}` : cleanup);
    }
    if (!(error instanceof errors/* GitHubApiError */.OS || error instanceof github_git/* GitError */.XS || error instanceof errors/* WriteOutcomeUnknownError */.my))
        return error;
    const fix = pushed === null
        ? 'Nothing was written. Check GitHub\'s status and the App\'s installation, then run the release again.'
        : `The release branch ${pushed} was pushed, but the request was not completed. Delete the branch (git push origin --delete ${pushed}) and run the release again; an open request for this version is then updated.`;
    return new errors/* UserError */.yo(error instanceof github_git/* GitError */.XS ? 'E_GIT_FAILED' : 'E_GITHUB_FAILED', `The release request failed in ${slug}: ${error.message}`, fix);
}
/** The token's identity: the author every adopted request must have. */
async function botIdentity(context) {
    try {
        return (0,request_format/* parseLogin */.$n)((await context.github.whoAmI()).login, 'token identity');
    }
    catch (error) {
        if (!(error instanceof errors/* GitHubApiError */.OS) || (error.status !== 403 && error.status !== 404))
            throw error;
        throw new errors/* UserError */.yo('E_BOT_LOGIN_UNKNOWN', `The token cannot tell GitHub who it is (GitHub answered ${error.status} to GET /user, as it does for App installation tokens).`, 'Pass the App\'s bot login as the "bot_login" input, e.g. bot_login: ${{ steps.app.outputs.app-slug }}[bot] (the reusable workflow does this).');
    }
}
async function report(context, outputs, summary) {
    for (const [name, value] of Object.entries(outputs))
        context.log.setOutput(name, value);
    await context.log.appendSummary(summary);
}
async function readDefaultBranch(context, repo) {
    try {
        return await context.github.getDefaultBranch(repo);
    }
    catch (error) {
        if (error instanceof errors/* GitHubApiError */.OS && (error.status === 404 || error.status === 403)) {
            throw new errors/* UserError */.yo('E_PRODUCT_REPO_UNREADABLE', `The token cannot read ${repo.owner}/${repo.repo} (GitHub answered ${error.status}).`, 'Install the release GitHub App on this repository with contents: write, and pass its installation token as the "token" input.');
        }
        throw error;
    }
}
async function lookupControl(context, inputs, title, bot) {
    try {
        return await lookupTitle(context.github, inputs.publishRepo, title, bot);
    }
    catch (error) {
        if (error instanceof errors/* GitHubApiError */.OS && (error.status === 404 || error.status === 403 || error.status === 410)) {
            throw new errors/* UserError */.yo('E_CONTROL_REPO_UNREADABLE', `The token cannot read the issues of the control repository ${inputs.publishRepo.owner}/${inputs.publishRepo.repo} (GitHub answered ${error.status}).`, 'Check the publish_repo input (empty means <owner>/publish), and install the release GitHub App on that repository with issues: write.');
        }
        throw error;
    }
}
async function cloneProduct(git, url, slug) {
    try {
        // Full history and tags: the latest release tag and the commits since it decide the version.
        await git.clone(url, 'repo');
        await git.at((0,external_node_path_.join)(git.cwd, 'repo')).fetch('origin', [], { tags: true });
    }
    catch (error) {
        if (!(error instanceof github_git/* GitError */.XS))
            throw error;
        throw new errors/* UserError */.yo('E_CLONE_FAILED', `Could not clone ${slug}: ${error.message}`, 'Check that the token (the release GitHub App) has contents: write on this repository, then run the release again.');
    }
}
/** The error for a release branch that exists already (left by an earlier run, or a concurrent one won). */
function branchExistsError(branch, slug) {
    return new errors/* UserError */.yo('E_RELEASE_BRANCH_EXISTS', `The release branch ${branch} already exists in ${slug}: an earlier run pushed it, or another run for the same version is in progress.`, `If no other run is in progress, delete the branch (git push origin --delete ${branch}) and run the release again; an open publish request for this version is then updated with the new release commit.`);
}
async function pushReleaseBranch(git, prepared, slug) {
    const ref = `refs/heads/${prepared.branch}`;
    try {
        // Never forced: a push that loses a race to a concurrent run is rejected, and that run owns the release.
        await git.push('origin', `${prepared.sha}:${ref}`);
    }
    catch (error) {
        if (!(error instanceof github_git/* GitError */.XS))
            throw error;
        if (/rejected|already exists|fetch first|non-fast-forward|stale info|cannot lock ref/i.test(error.stderr))
            throw branchExistsError(prepared.branch, slug);
        throw new errors/* UserError */.yo('E_PUSH_FAILED', `Pushing ${prepared.branch} to ${slug} failed: ${error.message}`, 'Check that the release GitHub App has contents: write on this repository and that no branch protection rule covers release branches, then run the release again.');
    }
}

;// CONCATENATED MODULE: ./src/handlers/request.ts

/**
 * The "request" command: prepares the release branch in the product repository and opens (or
 * updates) its publish request in the control repository. The runner variables come from `env`,
 * which defaults to this process's environment; tests pass their own.
 */
async function handleRequest(context, env = process.env) {
    await runRequest(context, { env });
}


/***/ })

};
