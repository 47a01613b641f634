export const id = 821;
export const ids = [821];
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

/***/ 3821:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  handlePublish: () => (/* binding */ handlePublish)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/control/context.ts
var control_context = __webpack_require__(9490);
// EXTERNAL MODULE: ./src/config/load.ts + 1 modules
var load = __webpack_require__(5347);
// EXTERNAL MODULE: ./src/config/policy.ts
var config_policy = __webpack_require__(9706);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./node_modules/semver/index.js
var semver = __webpack_require__(2088);
var semver_default = /*#__PURE__*/__webpack_require__.n(semver);
// EXTERNAL MODULE: ./src/request-format/index.ts + 5 modules
var request_format = __webpack_require__(3187);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
;// CONCATENATED MODULE: ./src/publisher/archive.ts
/**
 * Small readers for the archives the publisher meets: zip (Actions artifacts, zipped OCI layouts)
 * and tar, optionally gzipped (npm tarballs, OCI layouts). node:zlib only, no dependency. Both
 * refuse entries that could escape a folder when written out (`..`, absolute paths, backslashes)
 * and bound the bytes they inflate, so a hostile archive costs at most `maxBytes` of memory.
 */

/** An archive that cannot be read or holds a path that could escape its folder. */
class ArchiveError extends Error {
    name = 'ArchiveError';
}
/** Default bound on the inflated size of one archive: 2 GiB. */
const DEFAULT_MAX_BYTES = 2 * 1024 * 1024 * 1024;
const CRC_TABLE = (() => {
    const table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
        let c = n;
        for (let k = 0; k < 8; k++)
            c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
        table[n] = c >>> 0;
    }
    return table;
})();
function crc32(data) {
    let crc = 0xffffffff;
    for (const byte of data)
        crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
    return (crc ^ 0xffffffff) >>> 0;
}
/** Normalises an entry path and refuses one that is absolute or climbs out (`..`). */
function safeEntryPath(raw) {
    if (raw.includes('\0'))
        throw new ArchiveError(`archive entry ${JSON.stringify(raw)} contains a NUL character`);
    if (raw.includes('\\'))
        throw new ArchiveError(`archive entry ${JSON.stringify(raw)} contains a backslash`);
    if (raw.startsWith('/') || /^[A-Za-z]:/.test(raw))
        throw new ArchiveError(`archive entry ${JSON.stringify(raw)} is an absolute path`);
    const parts = raw.split('/').filter((part) => part !== '' && part !== '.');
    if (parts.includes('..'))
        throw new ArchiveError(`archive entry ${JSON.stringify(raw)} climbs out of its folder ("..")`);
    return parts.join('/');
}
/** Reads the regular files of a zip archive (stored or deflated entries), checking each CRC. */
function readZip(archive, maxBytes = DEFAULT_MAX_BYTES) {
    let end = -1;
    // The end record sits in the last 22 + 65535 bytes (its comment can be up to 64 KiB).
    for (let i = archive.length - 22; i >= Math.max(0, archive.length - 22 - 0xffff); i--) {
        if (archive.readUInt32LE(i) === 0x06054b50) {
            end = i;
            break;
        }
    }
    if (end < 0)
        throw new ArchiveError('not a zip archive: no end of central directory record');
    const count = archive.readUInt16LE(end + 10);
    let pos = archive.readUInt32LE(end + 16);
    const entries = [];
    let total = 0;
    for (let i = 0; i < count; i++) {
        if (pos + 46 > archive.length || archive.readUInt32LE(pos) !== 0x02014b50)
            throw new ArchiveError(`zip: bad central directory entry ${i}`);
        const flags = archive.readUInt16LE(pos + 8);
        const method = archive.readUInt16LE(pos + 10);
        const crc = archive.readUInt32LE(pos + 16);
        const packedSize = archive.readUInt32LE(pos + 20);
        const size = archive.readUInt32LE(pos + 24);
        const nameLength = archive.readUInt16LE(pos + 28);
        const extraLength = archive.readUInt16LE(pos + 30);
        const commentLength = archive.readUInt16LE(pos + 32);
        const localOffset = archive.readUInt32LE(pos + 42);
        const rawName = archive.subarray(pos + 46, pos + 46 + nameLength).toString('utf8');
        pos += 46 + nameLength + extraLength + commentLength;
        if (rawName.endsWith('/')) {
            safeEntryPath(rawName);
            continue; // a directory entry
        }
        if (flags & 0x1)
            throw new ArchiveError(`zip: ${rawName} is encrypted`);
        if (packedSize === 0xffffffff || size === 0xffffffff)
            throw new ArchiveError(`zip: ${rawName} needs zip64, which is not supported`);
        const path = safeEntryPath(rawName);
        total += size;
        if (total > maxBytes)
            throw new ArchiveError(`zip: more than ${maxBytes} bytes once inflated`);
        if (localOffset + 30 > archive.length || archive.readUInt32LE(localOffset) !== 0x04034b50)
            throw new ArchiveError(`zip: bad local header for ${rawName}`);
        const dataStart = localOffset + 30 + archive.readUInt16LE(localOffset + 26) + archive.readUInt16LE(localOffset + 28);
        const packed = archive.subarray(dataStart, dataStart + packedSize);
        if (packed.length !== packedSize)
            throw new ArchiveError(`zip: ${rawName} is truncated`);
        let data;
        try {
            if (method === 8)
                data = (0,external_node_zlib_.inflateRawSync)(packed, { maxOutputLength: Math.max(1, size) });
            else if (method === 0)
                data = Buffer.from(packed);
            else
                throw new ArchiveError(`zip: unsupported compression method ${method} for ${rawName}`);
        }
        catch (error) {
            if (error instanceof ArchiveError)
                throw error;
            throw new ArchiveError(`zip: ${rawName} does not inflate to its declared ${size} bytes: ${error.message}`);
        }
        if (data.length !== size)
            throw new ArchiveError(`zip: ${rawName} inflates to ${data.length} bytes, not the declared ${size}`);
        if (crc32(data) !== crc)
            throw new ArchiveError(`zip: CRC mismatch for ${rawName}`);
        entries.push({ path, data });
    }
    return entries;
}
/** Whether bytes start like a gzip stream. */
function isGzip(data) {
    return data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b;
}
/** Whether bytes start like a zip archive. */
function isZip(data) {
    return data.length >= 4 && data.readUInt32LE(0) === 0x04034b50;
}
function field(block, offset, length) {
    const raw = block.subarray(offset, offset + length);
    const nul = raw.indexOf(0);
    return (nul < 0 ? raw : raw.subarray(0, nul)).toString('utf8');
}
function octal(block, offset, length) {
    const text = field(block, offset, length).trim();
    if (text === '')
        return 0;
    if (!/^[0-7]+$/.test(text))
        throw new ArchiveError(`tar: bad number field ${JSON.stringify(text)}`);
    return parseInt(text, 8);
}
/** PAX extended header records (`<len> key=value\n`). */
function paxRecords(data) {
    const out = new Map();
    let pos = 0;
    while (pos < data.length) {
        const space = data.indexOf(0x20, pos);
        if (space < 0)
            break;
        const length = Number(data.subarray(pos, space).toString('ascii'));
        if (!Number.isInteger(length) || length <= 0)
            break;
        const record = data.subarray(space + 1, pos + length - 1).toString('utf8');
        const eq = record.indexOf('=');
        if (eq > 0)
            out.set(record.slice(0, eq), record.slice(eq + 1));
        pos += length;
    }
    return out;
}
/** Reads the regular files of a tar archive (ustar, pax and GNU long names), gunzipping it first when gzipped. */
function readTar(archive, maxBytes = DEFAULT_MAX_BYTES) {
    let tar;
    try {
        tar = isGzip(archive) ? (0,external_node_zlib_.gunzipSync)(archive, { maxOutputLength: maxBytes }) : archive;
    }
    catch (error) {
        throw new ArchiveError(`tar: cannot gunzip: ${error.message}`);
    }
    const entries = [];
    let pos = 0;
    let longName = null;
    while (pos + 512 <= tar.length) {
        const header = tar.subarray(pos, pos + 512);
        if (header.every((byte) => byte === 0))
            break;
        const size = octal(header, 124, 12);
        const type = String.fromCharCode(header[156] ?? 0x30);
        const dataStart = pos + 512;
        const data = tar.subarray(dataStart, dataStart + size);
        if (data.length !== size)
            throw new ArchiveError('tar: truncated archive');
        pos = dataStart + Math.ceil(size / 512) * 512;
        if (type === 'x') {
            longName = paxRecords(data).get('path') ?? longName;
            continue;
        }
        if (type === 'g')
            continue; // global pax defaults: nothing we need
        if (type === 'L') {
            longName = field(data, 0, data.length);
            continue;
        }
        const magic = field(header, 257, 6);
        const prefix = magic.startsWith('ustar') ? field(header, 345, 155) : '';
        const name = longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
        longName = null;
        if (type !== '0' && type !== '\0' && type !== '7') {
            // Directories, links and devices carry no bytes we publish; paths are still checked.
            safeEntryPath(name);
            continue;
        }
        entries.push({ path: safeEntryPath(name), data: Buffer.from(data) });
    }
    return entries;
}

;// CONCATENATED MODULE: ./src/publisher/errors.ts
/**
 * The publisher's errors. A `hard` failure is one a retry cannot fix (the registry holds other
 * content for this version, the artifacts changed): the report says so, so nobody retries blindly.
 */

/** This exact version is already published with different content: a new version is needed. */
class PublishedDifferentError extends errors/* UserError */.yo {
    name = 'PublishedDifferentError';
    /** A retry cannot fix it. */
    hard = true;
    constructor(message, fix = 'bump the version and request a new release') {
        super('E_PUBLISHED_DIFFERENT', message, fix);
    }
}
/** The artifacts of the release commit differ from those recorded on the first attempt. */
class ArtifactsChangedError extends errors/* UserError */.yo {
    name = 'ArtifactsChangedError';
    hard = true;
    constructor(message) {
        super('E_ARTIFACTS_CHANGED', message, 'the bytes published must be the ones approved: request a new version built from a new commit');
    }
}
/** An artifact problem found before anything is published (missing required file, bad name, no CI run). */
class ArtifactError extends errors/* UserError */.yo {
    name = 'ArtifactError';
    constructor(code, message, fix) {
        super(code, message, fix);
    }
}
/** A target cannot run as configured (a secret is missing, no tarball for a package, …). */
class TargetSetupError extends errors/* UserError */.yo {
    name = 'TargetSetupError';
    constructor(message, fix) {
        super('E_TARGET_SETUP', message, fix);
    }
}
/** A registry answered something other than success; the message quotes its answer. */
class RegistryError extends Error {
    status;
    name = 'RegistryError';
    constructor(message, 
    /** The HTTP status, when there was an answer. */
    status = null) {
        super(message);
        this.status = status;
    }
}
/** Whether an error is one a retry cannot fix. */
function isHardFailure(error) {
    return error instanceof PublishedDifferentError || error instanceof ArtifactsChangedError;
}

;// CONCATENATED MODULE: ./src/publisher/artifacts.ts
/**
 * Artifacts come from the CI runs on the approved release commit, and nowhere else: completed,
 * successful workflow runs of that exact sha → their Actions artifacts → the files inside each
 * zip. Every file gets a size and a sha256. The first attempt records them in the request before
 * any target runs; a retry downloads again and refuses to go on if any byte changed, so every
 * target of every attempt publishes exactly the bytes that were approved.
 */






/** Artifact file names as the request records them: ASCII letters, digits and `._+@=,-`. */
const ARTIFACT_NAME = /^[A-Za-z0-9_+@=,][A-Za-z0-9._+@=,-]{0,254}$/;
/** Downloads, unpacks, checks and writes the release's artifacts (see the module comment). */
async function resolveArtifacts(input) {
    const bytes = input.config.artifactProvider.name === 'none' ? new Map() : await downloadFiles(input);
    const record = [...bytes.entries()].map(([name, data]) => ({ name, size: data.length, sha256: sha256(data) })).sort((a, b) => a.name.localeCompare(b.name));
    if (record.length > request_format/* MAX_ARTIFACTS */.pE) {
        throw new ArtifactError('E_TOO_MANY_ARTIFACTS', `the CI runs of ${input.commit} produced ${record.length} files; at most ${request_format/* MAX_ARTIFACTS */.pE} can be published and recorded`, 'publish fewer files, e.g. archive them in CI');
    }
    const missing = input.config.requireNames.filter((pattern) => !record.some((a) => pattern.test(a.name)));
    if (missing.length > 0) {
        throw new ArtifactError('E_REQUIRED_ARTIFACT_MISSING', `no artifact of the CI runs on ${input.commit.slice(0, 12)} matches the required name${missing.length > 1 ? 's' : ''} ${missing.map(String).join(', ')} (found: ${record.map((a) => a.name).join(', ') || 'none'})`, 'make the CI build upload the missing file as an Actions artifact, or change requireNames in the publish config');
    }
    const firstRecord = input.recorded.length === 0;
    if (!firstRecord)
        assertUnchanged(input.recorded, record);
    await (0,promises_.mkdir)(input.dir, { recursive: true });
    const files = [];
    for (const artifact of record) {
        const path = (0,external_node_path_.join)(input.dir, artifact.name);
        await (0,promises_.writeFile)(path, bytes.get(artifact.name), { mode: 0o600 });
        files.push({ ...artifact, path });
    }
    return { files, record: firstRecord ? record : input.recorded, firstRecord };
}
/** Throws ArtifactsChangedError listing every difference between the recorded and the current files. */
function assertUnchanged(recorded, current) {
    const now = new Map(current.map((a) => [a.name, a]));
    const before = new Map(recorded.map((a) => [a.name, a]));
    const changes = [];
    for (const old of recorded) {
        const found = now.get(old.name);
        if (!found)
            changes.push(`${old.name} is gone`);
        else if (found.sha256 !== old.sha256 || found.size !== old.size)
            changes.push(`${old.name} changed (sha256 ${old.sha256.slice(0, 12)}…, ${old.size} bytes → ${found.sha256.slice(0, 12)}…, ${found.size} bytes)`);
    }
    for (const added of current)
        if (!before.has(added.name))
            changes.push(`${added.name} is new`);
    if (changes.length > 0)
        throw new ArtifactsChangedError(`the artifacts changed since the first attempt: ${changes.join('; ')}`);
}
/** The artifacts a target may publish: its includeNames/excludeNames applied to the file names. */
function artifactsForTarget(config, files) {
    return files.filter((file) => (config.includeNames === null || config.includeNames.test(file.name)) && (config.excludeNames === null || !config.excludeNames.test(file.name)));
}
/** Lower-case hex sha256 of some bytes. */
function sha256(data) {
    return (0,external_node_crypto_.createHash)('sha256').update(data).digest('hex');
}
async function downloadFiles(input) {
    const { github, productRepo, commit, log } = input;
    const runs = (await github.listWorkflowRunsForCommit(productRepo, commit)).filter((run) => run.headSha === commit && run.status === 'completed' && run.conclusion === 'success');
    // Newest run first: a re-run's artifact replaces the one of the run it repeats.
    runs.sort((a, b) => b.id - a.id);
    const seenArtifacts = new Set();
    const files = new Map();
    for (const run of runs) {
        for (const artifact of await github.listRunArtifacts(productRepo, run.id)) {
            if (artifact.expired) {
                log.warning(`Artifact ${artifact.name} of run ${run.id} has expired and is left out.`);
                continue;
            }
            if (seenArtifacts.has(artifact.name))
                continue;
            seenArtifacts.add(artifact.name);
            const zip = await github.downloadArtifact(productRepo, artifact.id);
            const entries = readZip(zip);
            const from = `artifact "${artifact.name}" of run ${run.id}`;
            if (entries.some((e) => e.path === 'oci-layout')) {
                // An OCI layout uploaded as a folder: the layout is one file, the artifact's own zip.
                add(files, `${artifact.name}.oci.zip`, zip, from);
                continue;
            }
            for (const entry of entries)
                add(files, entry.path.split('/').pop(), entry.data, from);
        }
    }
    log.info(`Artifacts of ${commit.slice(0, 12)}: ${files.size} file(s) from ${runs.length} successful run(s).`);
    return new Map([...files.entries()].map(([name, value]) => [name, value.data]));
}
function add(files, name, data, from) {
    if (!ARTIFACT_NAME.test(name)) {
        throw new ArtifactError('E_ARTIFACT_NAME', `${from} holds a file named ${JSON.stringify(name)}; published file names may hold ASCII letters, digits and "._+@=,-" only`, 'rename the file in the CI build');
    }
    const existing = files.get(name);
    if (existing && !existing.data.equals(data)) {
        throw new ArtifactError('E_ARTIFACT_DUPLICATE', `two different files are named ${name} (${existing.from} and ${from}); published file names must be unique`, 'give the files distinct names in the CI build');
    }
    if (!existing)
        files.set(name, { data, from });
}

// EXTERNAL MODULE: ./src/config/target-options.ts
var target_options = __webpack_require__(1166);
;// CONCATENATED MODULE: ./src/publisher/targets/github.ts
/**
 * The `github` target: a tag `<tagPrefix><version>` on the release commit and a GitHub release
 * with the changelog as body and the artifacts as assets.
 *
 * Resumable by construction: the release is created as a draft, assets are uploaded, and only
 * then is it published. A failed run leaves a draft that the next run finds (drafts have no tag
 * lookup, hence listReleases) and completes: missing assets uploaded, then un-drafted. A write
 * whose outcome is unknown is followed by a read, never by a blind second write.
 */




/** The tag a release gets: the target's tagPrefix, else the config's, then the version. */
function releaseTag(ctx) {
    return `${ctx.options.tagPrefix ?? ctx.tagPrefix}${ctx.version}`;
}
async function findRelease(ctx, tag) {
    const published = await ctx.github.getReleaseByTag(ctx.productRepo, tag);
    if (published)
        return published;
    // A draft is invisible to the tag lookup: a failed run's draft is found in the full list.
    const drafts = (await ctx.github.listReleases(ctx.productRepo)).filter((r) => r.draft && r.tagName === tag);
    return drafts.sort((a, b) => a.id - b.id)[0] ?? null;
}
async function checkTag(ctx, tag) {
    const sha = await ctx.github.getTagSha(ctx.productRepo, tag);
    if (sha === null)
        return false;
    if (sha !== ctx.request.releaseCommit) {
        throw new PublishedDifferentError(`tag ${tag} already exists in ${ctx.productRepo.owner}/${ctx.productRepo.repo} and points at ${sha}, not at the release commit ${ctx.request.releaseCommit}`);
    }
    return true;
}
/** The name GitHub gives an uploaded asset: characters it does not keep become dots. */
function assetName(fileName) {
    return fileName.replace(/[^A-Za-z0-9._+@-]/g, '.');
}
/** Asset differences: missing names, and names present with another size or digest (a conflict). */
function compareAssets(ctx, release) {
    const missing = [];
    const different = [];
    for (const file of ctx.artifacts) {
        const asset = release.assets.find((a) => a.name === assetName(file.name));
        if (!asset)
            missing.push(file.name);
        else if (asset.size !== file.size)
            different.push(`${file.name} (${asset.size} bytes there, ${file.size} here)`);
        // GitHub reports a sha256 per asset: compare bytes where it does, sizes where it does not.
        else if (asset.digest && asset.digest !== `sha256:${file.sha256}`)
            different.push(`${file.name} (${asset.digest} there, sha256:${file.sha256} here)`);
    }
    return { missing, different };
}
function releaseName(ctx) {
    return ctx.request.path ? `${ctx.request.path}@${ctx.version}` : ctx.version;
}
/** The `github` target. */
const githubTarget = {
    name: 'github',
    optionsSchema: target_options/* TARGET_OPTION_SCHEMAS */.dz.github,
    // The port is already authenticated with the control repo's token; no variable reaches this target.
    secrets: [],
    async expandIds(_options, context) {
        return [context.config.targetId];
    },
    async isPublished(ctx) {
        const tag = releaseTag(ctx);
        if (!(await checkTag(ctx, tag)))
            return { published: false };
        const release = await findRelease(ctx, tag);
        if (!release)
            return { published: false };
        const { missing, different } = compareAssets(ctx, release);
        if (different.length > 0)
            throw new PublishedDifferentError(`release ${tag} already has assets with other content: ${different.join(', ')}`);
        if (missing.length > 0 || release.draft !== ctx.options.draft)
            return { published: false };
        return { published: true, location: release.htmlUrl };
    },
    async publish(ctx) {
        const { github, productRepo } = ctx;
        const tag = releaseTag(ctx);
        if (!(await checkTag(ctx, tag))) {
            try {
                await github.createTag(productRepo, tag, ctx.request.releaseCommit);
            }
            catch (error) {
                if (error instanceof errors/* GitHubApiError */.OS && error.status === 422)
                    await checkTag(ctx, tag);
                throw error;
            }
        }
        const prerelease = ctx.prerelease && ctx.options.previewReleases;
        let release = await findRelease(ctx, tag);
        if (!release) {
            const input = { tagName: tag, targetCommitish: ctx.request.releaseCommit, name: releaseName(ctx), body: ctx.request.changelog, draft: true, prerelease };
            try {
                release = await github.createRelease(productRepo, input);
            }
            catch (error) {
                if (!(error instanceof errors/* WriteOutcomeUnknownError */.my))
                    throw error;
                release = await findRelease(ctx, tag);
                if (!release)
                    throw error;
            }
        }
        const { missing, different } = compareAssets(ctx, release);
        if (different.length > 0)
            throw new PublishedDifferentError(`release ${tag} already has assets with other content: ${different.join(', ')}`);
        for (const file of ctx.artifacts.filter((f) => missing.includes(f.name))) {
            const data = await (0,promises_.readFile)(file.path);
            try {
                await github.uploadReleaseAsset(productRepo, release.id, assetName(file.name), data);
            }
            catch (error) {
                if (!(error instanceof errors/* WriteOutcomeUnknownError */.my))
                    throw error;
                // The upload may have landed: look before anything else is written.
                const again = await findRelease(ctx, tag);
                const asset = again?.assets.find((a) => a.name === assetName(file.name));
                if (!asset || asset.size !== file.size)
                    throw error;
                ctx.log.info(`github: ${file.name} was stored although the upload's answer was lost.`);
            }
        }
        const final = await github.updateRelease(productRepo, release.id, { name: releaseName(ctx), body: ctx.request.changelog, prerelease, draft: ctx.options.draft });
        return { location: final.htmlUrl };
    },
    async verify(ctx) {
        const tag = releaseTag(ctx);
        const release = await findRelease(ctx, tag);
        if (!release)
            throw new RegistryError(`github: release ${tag} is not there after publishing`);
        const tagSha = await ctx.github.getTagSha(ctx.productRepo, tag);
        if (tagSha !== ctx.request.releaseCommit)
            throw new RegistryError(`github: tag ${tag} points at ${tagSha ?? 'nothing'}, not ${ctx.request.releaseCommit}`);
        const { missing, different } = compareAssets(ctx, release);
        if (missing.length > 0 || different.length > 0)
            throw new RegistryError(`github: release ${tag} assets differ after publishing: missing ${missing.join(', ') || 'none'}; different ${different.join(', ') || 'none'}`);
    },
    async describe(ctx) {
        const tag = releaseTag(ctx);
        return `tag ${tag} on ${ctx.request.releaseCommit.slice(0, 12)} and a ${ctx.options.draft ? 'draft ' : ''}${ctx.prerelease && ctx.options.previewReleases ? 'pre-' : ''}release in ${ctx.productRepo.owner}/${ctx.productRepo.repo} with ${ctx.artifacts.length} asset(s)${ctx.artifacts.length ? `: ${ctx.artifacts.map((a) => a.name).join(', ')}` : ''}`;
    },
};

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
;// CONCATENATED MODULE: ./src/publisher/targets/npm.ts
/**
 * The `npm` target: publishes the npm tarball artifacts (`*.tgz`) with the npm CLI.
 *
 * - npm runs with an environment of exactly PATH, a private HOME (whose `.npmrc` reads the token
 *   as `${NPM_TOKEN}`, so the value is never written to disk), the cache folder and NPM_TOKEN:
 *   no other secret of the publish job, no GITHUB_TOKEN, no inherited `npm_config_*`.
 * - "Already published" is decided by the registry's `dist.integrity` for this version: ours →
 *   success without publishing; another → a hard failure that says so. The same check runs after
 *   a failed `npm publish`, so a registry that stored the package and then answered 5xx or 401
 *   counts as published (the retry failure Sentry's publisher had).
 * - Workspaces: one target id per package (`npm[@scope/pkg]`), each publishing the tarball whose
 *   `package/package.json` names that package.
 */







/** The public registry, used when the config names none. */
const DEFAULT_NPM_REGISTRY = 'https://registry.npmjs.org/';
/** Reads `name` and `version` from a tarball's `package/package.json`. */
async function readTarball(file) {
    const data = await (0,promises_.readFile)(file.path);
    let manifest;
    try {
        const entries = readTar(data, 512 * 1024 * 1024);
        const entry = entries.find((e) => e.path === 'package/package.json') ?? entries.find((e) => /^[^/]+\/package\.json$/.test(e.path));
        if (!entry)
            throw new Error('it has no package/package.json');
        manifest = JSON.parse(entry.data.toString('utf8'));
    }
    catch (error) {
        throw new TargetSetupError(`npm: ${file.name} is not an npm tarball: ${error.message}`, 'upload the output of `npm pack` as the artifact');
    }
    const { name, version } = (manifest ?? {});
    if (typeof name !== 'string' || typeof version !== 'string')
        throw new TargetSetupError(`npm: the package.json in ${file.name} has no name or version`);
    return { file, name, version, integrity: `sha512-${(0,external_node_crypto_.createHash)('sha512').update(data).digest('base64')}` };
}
/** The registry URL with one trailing slash. */
function registryOf(options) {
    return (options.registry ?? DEFAULT_NPM_REGISTRY).replace(/\/*$/, '/');
}
/** Where a package's metadata lives (`@scope/pkg` → `@scope%2fpkg`). */
function packumentUrl(registry, name) {
    return `${registry}${name.replace('/', '%2f')}`;
}
function locationOf(registry, tarball) {
    if (/^https:\/\/registry\.npmjs\.org\/$/.test(registry))
        return `https://www.npmjs.com/package/${tarball.name}/v/${tarball.version}`;
    return `${registry}${tarball.name}/v/${tarball.version}`;
}
function distTag(ctx) {
    return ctx.prerelease ? 'next' : 'latest';
}
/** The tarballs this target id publishes (every `*.tgz`, or the one of its workspace package). */
async function tarballsOf(ctx) {
    const all = await Promise.all(ctx.artifacts.filter((a) => a.name.endsWith('.tgz')).map(readTarball));
    const chosen = ctx.unit === null ? all : all.filter((t) => t.name === ctx.unit);
    if (chosen.length === 0) {
        throw new TargetSetupError(ctx.unit === null ? 'npm: no npm tarball (*.tgz) among the artifacts' : `npm: no tarball among the artifacts holds the package ${ctx.unit} (found: ${all.map((t) => `${t.file.name} → ${t.name}`).join(', ') || 'no tarballs'})`, 'make the CI build upload the output of `npm pack` as an Actions artifact');
    }
    const names = new Set();
    for (const tarball of chosen) {
        if (names.has(tarball.name))
            throw new TargetSetupError(`npm: two tarballs hold the package ${tarball.name}`);
        names.add(tarball.name);
        if (tarball.version !== ctx.version) {
            throw new TargetSetupError(`npm: ${tarball.file.name} holds ${tarball.name}@${tarball.version}, but the request is for version ${ctx.version}`, 'build the tarball from the release commit (its version bump)');
        }
    }
    return chosen;
}
/** The registry's record of one version: its integrity and the package's dist-tags; null when the version is not there. */
async function registryVersion(ctx, tarball) {
    const url = packumentUrl(registryOf(ctx.options), tarball.name);
    const headers = { accept: 'application/json' };
    if (ctx.env.NPM_TOKEN)
        headers.authorization = `Bearer ${ctx.env.NPM_TOKEN}`;
    let response;
    try {
        response = await fetch(url, { headers, signal: AbortSignal.timeout(60_000) });
    }
    catch (error) {
        throw new RegistryError(`npm: GET ${url} failed: ${error.message}`);
    }
    const text = await response.text();
    if (response.status === 404)
        return null;
    if (!response.ok)
        throw new RegistryError(`npm: GET ${url} answered ${response.status}: ${text.slice(0, 300)}`, response.status);
    let packument;
    try {
        packument = JSON.parse(text);
    }
    catch {
        throw new RegistryError(`npm: GET ${url} did not answer JSON`);
    }
    const version = packument.versions?.[tarball.version];
    if (!version)
        return null;
    return { integrity: version.dist?.integrity ?? null, distTags: packument['dist-tags'] ?? {} };
}
/** Published with our integrity → true; absent → false; other content → PublishedDifferentError. */
async function checkOne(ctx, tarball) {
    const found = await registryVersion(ctx, tarball);
    if (found === null)
        return false;
    if (found.integrity !== tarball.integrity) {
        throw new PublishedDifferentError(`version ${tarball.version} of ${tarball.name} is already published with different content (integrity ${found.integrity ?? 'unknown'} ≠ ${tarball.integrity}): bump the version`);
    }
    return true;
}
/** Runs the npm CLI with only the variables listed in the module comment. */
async function runNpm(ctx, args) {
    const home = await (0,promises_.mkdtemp)((0,external_node_path_.join)(ctx.workDir, 'npm-home-'));
    const cache = (0,external_node_path_.join)(ctx.workDir, 'npm-cache');
    await (0,promises_.mkdir)(cache, { recursive: true });
    const registry = new URL(registryOf(ctx.options));
    // npm expands ${NPM_TOKEN} itself: the token stays in the environment and never lands in a file.
    // No blind retries inside npm: after an ambiguous failure this target looks at the registry
    // before anything is written again (a repeated PUT would only meet a 409 after a 10 s backoff).
    const npmrc = [`//${registry.host}${registry.pathname}:_authToken=\${NPM_TOKEN}`, 'update-notifier=false', 'fund=false', 'audit=false', 'fetch-retries=0', ''].join('\n');
    await (0,promises_.writeFile)((0,external_node_path_.join)(home, '.npmrc'), npmrc, { mode: 0o600 });
    const env = { PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin', HOME: home, npm_config_cache: cache, NPM_TOKEN: ctx.env.NPM_TOKEN ?? '' };
    return new Promise((resolve) => {
        (0,external_node_child_process_.execFile)('npm', [...args], { cwd: home, env, timeout: 10 * 60 * 1000, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
            const output = `${stdout}\n${stderr}`
                .split('\n')
                .filter((line) => line.trim() !== '' && !/npm warn Unknown (user|global|project|env) config/.test(line))
                .join('\n');
            resolve({ ok: error === null, output });
        });
    });
}
function npmErrorSummary(output) {
    const errors = output.split('\n').filter((line) => /^npm (error|ERR!)/.test(line));
    return (errors.length > 0 ? errors : output.split('\n')).slice(-6).join(' | ').slice(0, 400);
}
/** The `npm` target. */
const npmTarget = {
    name: 'npm',
    optionsSchema: target_options/* TARGET_OPTION_SCHEMAS */.dz.npm,
    secrets: [{ name: 'NPM_TOKEN', required: true, description: 'an npm automation token with publish rights on the packages' }],
    async expandIds(options, context) {
        if (!options.workspaces)
            return [context.config.targetId];
        const names = [];
        for (const file of context.artifacts.filter((a) => a.name.endsWith('.tgz'))) {
            const { name } = await readTarball(file);
            if (options.includeWorkspaces && !options.includeWorkspaces.test(name))
                continue;
            if (options.excludeWorkspaces && options.excludeWorkspaces.test(name))
                continue;
            if (!names.includes(name))
                names.push(name);
        }
        if (names.length === 0)
            throw new TargetSetupError(`npm: workspaces is on, but no npm tarball (*.tgz) among the artifacts holds a workspace package to publish`);
        const prefix = context.config.id === null ? '' : `${context.config.id}:`;
        return names.sort().map((name) => `npm[${prefix}${name}]`);
    },
    async isPublished(ctx) {
        const tarballs = await tarballsOf(ctx);
        let all = true;
        for (const tarball of tarballs)
            if (!(await checkOne(ctx, tarball)))
                all = false;
        const first = tarballs[0];
        return all ? { published: true, location: locationOf(registryOf(ctx.options), first) } : { published: false };
    },
    async publish(ctx) {
        const registry = registryOf(ctx.options);
        const tarballs = await tarballsOf(ctx);
        for (const tarball of tarballs) {
            if (await checkOne(ctx, tarball))
                continue;
            const args = ['publish', tarball.file.path, '--registry', registry, '--tag', distTag(ctx), ...(ctx.options.access ? ['--access', ctx.options.access] : [])];
            const result = await runNpm(ctx, args);
            if (result.ok) {
                ctx.log.info(`npm: published ${tarball.name}@${tarball.version} (${distTag(ctx)}).`);
                continue;
            }
            // The registry may have stored it and then failed to say so: look before calling it a failure.
            const stored = await checkOne(ctx, tarball).catch(() => false);
            if (stored) {
                ctx.log.warning(`npm: publishing ${tarball.name}@${tarball.version} reported an error, but the registry holds it with the same integrity: counted as published. npm said: ${npmErrorSummary(result.output)}`);
                continue;
            }
            throw new RegistryError(`npm publish ${tarball.name}@${tarball.version} failed: ${npmErrorSummary(result.output)}`);
        }
        return { location: locationOf(registry, tarballs[0]) };
    },
    async verify(ctx) {
        for (const tarball of await tarballsOf(ctx)) {
            const found = await registryVersion(ctx, tarball);
            if (found === null)
                throw new RegistryError(`npm: ${tarball.name}@${tarball.version} is not in the registry after publishing`);
            if (found.integrity !== tarball.integrity)
                throw new RegistryError(`npm: ${tarball.name}@${tarball.version} has integrity ${found.integrity ?? 'unknown'} in the registry, not ${tarball.integrity}`);
            const tag = distTag(ctx);
            if (found.distTags[tag] !== tarball.version)
                ctx.log.warning(`npm: dist-tag ${tag} of ${tarball.name} points at ${found.distTags[tag] ?? 'nothing'}, not ${tarball.version}.`);
        }
    },
    async describe(ctx) {
        const tarballs = await tarballsOf(ctx);
        return `${tarballs.map((t) => `${t.name}@${t.version} (${t.file.name})`).join(', ')} to ${registryOf(ctx.options)} with dist-tag ${distTag(ctx)}${ctx.options.access ? `, access ${ctx.options.access}` : ''}`;
    },
};

;// CONCATENATED MODULE: ./src/publisher/targets/oci.ts
/**
 * The `oci` target: pushes an OCI image layout artifact (a tar, tar.gz or zip of the layout
 * folder) to a container registry over the Distribution HTTP API, with global fetch:
 * HEAD blob → POST upload → PUT ?digest (monolithic), then PUT manifest for every tag.
 *
 * Auth follows the registry's challenges: with `basic`, credentials are sent up front; a 401 with
 * `WWW-Authenticate: Bearer realm=…,service=…,scope=…` fetches a token (with the basic
 * credentials when there are any) and retries once. The manifest bytes are pushed exactly as the
 * layout holds them, so the registry's digest equals the layout's and can be compared afterwards.
 */





const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const DOCKER_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
const MANIFEST_TYPES = ['application/vnd.oci.image.manifest.v1+json', OCI_INDEX, 'application/vnd.docker.distribution.manifest.v2+json', DOCKER_LIST];
function digestOf(data) {
    return `sha256:${(0,external_node_crypto_.createHash)('sha256').update(data).digest('hex')}`;
}
/** Reads an OCI image layout from a tar/tar.gz/zip; the layout may sit in one top folder. */
function readLayout(data, fileName) {
    const entries = isZip(data) ? readZip(data) : readTar(data);
    const marker = entries.find((e) => e.path === 'oci-layout' || e.path.endsWith('/oci-layout'));
    if (!marker)
        throw new TargetSetupError(`oci: ${fileName} is not an OCI image layout (no oci-layout file)`, 'export the image as an OCI layout (e.g. `docker buildx build --output type=oci`)');
    const base = marker.path.slice(0, -'oci-layout'.length);
    const files = new Map(entries.filter((e) => e.path.startsWith(base)).map((e) => [e.path.slice(base.length), e.data]));
    const indexBytes = files.get('index.json');
    if (!indexBytes)
        throw new TargetSetupError(`oci: ${fileName} has no index.json`);
    const blobs = new Map();
    for (const [path, bytes] of files) {
        const m = /^blobs\/sha256\/([0-9a-f]{64})$/.exec(path);
        if (!m)
            continue;
        const digest = `sha256:${m[1]}`;
        if (digestOf(bytes) !== digest)
            throw new TargetSetupError(`oci: blob ${path} in ${fileName} does not match its digest`);
        blobs.set(digest, bytes);
    }
    const index = JSON.parse(indexBytes.toString('utf8'));
    const manifests = index.manifests ?? [];
    if (manifests.length !== 1)
        throw new TargetSetupError(`oci: ${fileName} has ${manifests.length} manifests in index.json; exactly one image (or one image index) is expected`);
    const root = manifests[0];
    if (!blobs.has(root.digest))
        throw new TargetSetupError(`oci: ${fileName} lacks the blob of its manifest ${root.digest}`);
    return { blobs, root };
}
/** The blobs a manifest or index needs, children (manifests of an index) before their parents. */
function pushOrder(layout, descriptor) {
    const bytes = layout.blobs.get(descriptor.digest);
    if (!bytes)
        throw new TargetSetupError(`oci: the layout lacks blob ${descriptor.digest}`);
    const parsed = JSON.parse(bytes.toString('utf8'));
    const mediaType = parsed.mediaType ?? descriptor.mediaType;
    if (mediaType === OCI_INDEX || mediaType === DOCKER_LIST) {
        const out = { blobs: [], manifests: [] };
        for (const child of parsed.manifests ?? []) {
            const sub = pushOrder(layout, child);
            out.blobs.push(...sub.blobs);
            out.manifests.push(...sub.manifests);
        }
        out.manifests.push({ ...descriptor, mediaType });
        return out;
    }
    const blobs = [...(parsed.config ? [parsed.config] : []), ...(parsed.layers ?? [])];
    for (const blob of blobs)
        if (!layout.blobs.has(blob.digest))
            throw new TargetSetupError(`oci: the layout lacks blob ${blob.digest}`);
    return { blobs, manifests: [{ ...descriptor, mediaType }] };
}
/** The tags to push: `{version}` replaced, `latest` left out for prereleases, version tags first. */
function ociTags(tags, version, prerelease) {
    // Semver build metadata (`+`) is not allowed in tags; registries conventionally use `_`.
    const expanded = tags.map((t) => ({ tag: t.split('{version}').join(version.replace(/\+/g, '_')), versioned: t.includes('{version}') })).filter((t) => !(prerelease && t.tag === 'latest'));
    return [...new Set([...expanded.filter((t) => t.versioned), ...expanded.filter((t) => !t.versioned)].map((t) => t.tag))];
}
/** Tags that name this version (a different digest there is a conflict, unlike on `latest`). */
function versionTags(ctx) {
    const version = ctx.version.replace(/\+/g, '_');
    return ociTags(ctx.options.tags, ctx.version, ctx.prerelease).filter((t) => t.includes(version));
}
function baseUrl(registry) {
    // Loopback registries (tests, local mirrors) speak plain HTTP; anything else must be HTTPS.
    const host = registry.replace(/:\d+$/, '');
    return `${host === 'localhost' || host === '127.0.0.1' || host === '[::1]' ? 'http' : 'https'}://${registry}`;
}
/** An HTTP client for one registry and repository that answers auth challenges. */
class RegistryClient {
    ctx;
    base;
    bearer = null;
    basic;
    /** Basic credentials go up front with `auth: basic`, and after a Basic challenge otherwise. */
    sendBasic;
    constructor(ctx, base) {
        this.ctx = ctx;
        this.base = base;
        const user = ctx.env.OCI_USERNAME;
        const password = ctx.env.OCI_PASSWORD;
        this.basic = ctx.options.auth !== 'none' && user !== undefined && password !== undefined ? `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` : null;
        this.sendBasic = ctx.options.auth === 'basic';
    }
    async request(method, url, init = {}) {
        const send = () => {
            const headers = { ...init.headers };
            if (this.bearer)
                headers.authorization = `Bearer ${this.bearer}`;
            else if (this.basic && this.sendBasic)
                headers.authorization = this.basic;
            return fetch(url, { method, headers, ...(init.body ? { body: init.body } : {}), redirect: 'follow', signal: AbortSignal.timeout(10 * 60 * 1000) });
        };
        const attempt = async () => {
            try {
                return await send();
            }
            catch (error) {
                throw new RegistryError(`oci: ${method} ${url} failed: ${error.message}`);
            }
        };
        const response = await attempt();
        if (response.status !== 401)
            return response;
        const challenge = response.headers.get('www-authenticate') ?? '';
        await response.arrayBuffer();
        if (/^bearer\s/i.test(challenge))
            await this.fetchToken(challenge);
        else if (/^basic\s/i.test(challenge) && this.basic && !this.sendBasic)
            this.sendBasic = true;
        else
            this.fail401(method, url);
        const retried = await attempt();
        if (retried.status === 401) {
            await retried.arrayBuffer();
            this.fail401(method, url);
        }
        return retried;
    }
    fail401(method, url) {
        const creds = this.basic ? 'the credentials in OCI_USERNAME/OCI_PASSWORD were refused' : 'no credentials were given (set OCI_USERNAME and OCI_PASSWORD, or auth: none)';
        throw new RegistryError(`oci: ${method} ${url} answered 401: ${creds}`, 401);
    }
    async fetchToken(challenge) {
        const params = new Map();
        for (const m of challenge.replace(/^bearer\s+/i, '').matchAll(/([A-Za-z]+)="([^"]*)"/g))
            params.set(m[1].toLowerCase(), m[2]);
        const realm = params.get('realm');
        if (!realm)
            throw new RegistryError(`oci: the registry asked for a bearer token without a realm: ${challenge}`, 401);
        const url = new URL(realm);
        for (const key of ['service', 'scope']) {
            const value = params.get(key);
            if (value)
                url.searchParams.set(key, value);
        }
        const response = await fetch(url, { headers: this.basic ? { authorization: this.basic } : {}, signal: AbortSignal.timeout(60_000) });
        const text = await response.text();
        if (!response.ok)
            throw new RegistryError(`oci: the token service ${url.origin}${url.pathname} answered ${response.status}: ${text.slice(0, 200)}`, response.status);
        const body = JSON.parse(text);
        const token = body.token ?? body.access_token;
        if (!token)
            throw new RegistryError(`oci: the token service ${url.origin}${url.pathname} answered no token`);
        this.bearer = token;
    }
}
async function layoutOf(ctx) {
    const pattern = ctx.options.artifact;
    const candidates = [];
    for (const file of ctx.artifacts) {
        if (pattern ? !pattern.test(file.name) : !/\.(tar|tar\.gz|tgz|zip)$/.test(file.name))
            continue;
        const data = await (0,promises_.readFile)(file.path);
        try {
            candidates.push({ file, layout: readLayout(data, file.name) });
        }
        catch (error) {
            if (pattern)
                throw error;
        }
    }
    if (candidates.length !== 1) {
        throw new TargetSetupError(`oci: ${candidates.length === 0 ? 'no' : `${candidates.length}`} OCI image layout artifact${candidates.length === 1 ? '' : 's'} found${pattern ? ` matching ${String(pattern)}` : ''} (artifacts: ${ctx.artifacts.map((a) => a.name).join(', ') || 'none'})`, 'upload exactly one OCI image layout (tar or zip) and point the target at it with `artifact: /regex/`');
    }
    return candidates[0];
}
async function manifestDigest(client, ctx, tag) {
    const url = `${client.base}/v2/${ctx.options.image}/manifests/${encodeURIComponent(tag)}`;
    const response = await client.request('GET', url, { headers: { accept: MANIFEST_TYPES.join(', ') } });
    const bytes = Buffer.from(await response.arrayBuffer());
    if (response.status === 404)
        return null;
    if (!response.ok)
        throw new RegistryError(`oci: GET ${url} answered ${response.status}: ${bytes.toString('utf8').slice(0, 300)}`, response.status);
    return response.headers.get('docker-content-digest') ?? digestOf(bytes);
}
async function pushBlob(client, ctx, layout, blob) {
    const repo = `${client.base}/v2/${ctx.options.image}`;
    const head = await client.request('HEAD', `${repo}/blobs/${blob.digest}`);
    await head.arrayBuffer();
    if (head.ok)
        return;
    const start = await client.request('POST', `${repo}/blobs/uploads/`);
    const startText = await start.text();
    if (start.status !== 202)
        throw new RegistryError(`oci: starting the upload of ${blob.digest} answered ${start.status}: ${startText.slice(0, 300)}`, start.status);
    const location = start.headers.get('location');
    if (!location)
        throw new RegistryError('oci: the registry started an upload without a Location');
    const target = new URL(location, client.base);
    target.searchParams.set('digest', blob.digest);
    const data = layout.blobs.get(blob.digest);
    const put = await client.request('PUT', target.toString(), { headers: { 'content-type': 'application/octet-stream', 'content-length': String(data.length) }, body: data });
    const putText = await put.text();
    if (put.status !== 201 && put.status !== 204)
        throw new RegistryError(`oci: uploading ${blob.digest} answered ${put.status}: ${putText.slice(0, 300)}`, put.status);
}
async function pushManifest(client, ctx, layout, manifest, reference) {
    const url = `${client.base}/v2/${ctx.options.image}/manifests/${encodeURIComponent(reference)}`;
    const data = layout.blobs.get(manifest.digest);
    const response = await client.request('PUT', url, { headers: { 'content-type': manifest.mediaType }, body: data });
    const text = await response.text();
    if (response.status !== 201 && response.status !== 200)
        throw new RegistryError(`oci: PUT manifest ${reference} answered ${response.status}: ${text.slice(0, 300)}`, response.status);
    const digest = response.headers.get('docker-content-digest');
    if (digest && digest !== manifest.digest)
        throw new RegistryError(`oci: the registry stored manifest ${reference} as ${digest}, not ${manifest.digest}`);
}
function oci_location(ctx, digest) {
    return `${ctx.options.registry}/${ctx.options.image}@${digest}`;
}
/** The `oci` target. */
const ociTarget = {
    name: 'oci',
    optionsSchema: target_options/* TARGET_OPTION_SCHEMAS */.dz.oci,
    secrets: [
        { name: 'OCI_USERNAME', required: false, description: 'registry user (auth: basic or token)' },
        { name: 'OCI_PASSWORD', required: false, description: 'registry password or access token (auth: basic or token)' },
    ],
    async expandIds(_options, context) {
        return [context.config.targetId];
    },
    async isPublished(ctx) {
        const { layout } = await layoutOf(ctx);
        const client = new RegistryClient(ctx, baseUrl(ctx.options.registry));
        const tags = ociTags(ctx.options.tags, ctx.version, ctx.prerelease);
        let all = true;
        for (const tag of tags) {
            const digest = await manifestDigest(client, ctx, tag);
            if (digest === layout.root.digest)
                continue;
            all = false;
            if (digest !== null && versionTags(ctx).includes(tag)) {
                throw new PublishedDifferentError(`${ctx.options.registry}/${ctx.options.image}:${tag} already exists with different content (digest ${digest} ≠ ${layout.root.digest})`);
            }
        }
        return all ? { published: true, location: oci_location(ctx, layout.root.digest) } : { published: false };
    },
    async publish(ctx) {
        if (ctx.options.auth !== 'none' && (ctx.env.OCI_USERNAME === undefined || ctx.env.OCI_PASSWORD === undefined)) {
            throw new TargetSetupError(`oci: auth is ${ctx.options.auth}, but OCI_USERNAME or OCI_PASSWORD is not set`, 'add both secrets to the control repo, or set auth: none');
        }
        const { layout } = await layoutOf(ctx);
        const client = new RegistryClient(ctx, baseUrl(ctx.options.registry));
        const order = pushOrder(layout, layout.root);
        const seen = new Set();
        for (const blob of order.blobs) {
            if (seen.has(blob.digest))
                continue;
            seen.add(blob.digest);
            await pushBlob(client, ctx, layout, blob);
        }
        // Children of an index go by digest; the root goes under every tag.
        for (const manifest of order.manifests.slice(0, -1))
            await pushManifest(client, ctx, layout, manifest, manifest.digest);
        const root = order.manifests[order.manifests.length - 1];
        for (const tag of ociTags(ctx.options.tags, ctx.version, ctx.prerelease))
            await pushManifest(client, ctx, layout, root, tag);
        return { location: oci_location(ctx, layout.root.digest) };
    },
    async verify(ctx) {
        const { layout } = await layoutOf(ctx);
        const client = new RegistryClient(ctx, baseUrl(ctx.options.registry));
        for (const tag of ociTags(ctx.options.tags, ctx.version, ctx.prerelease)) {
            const digest = await manifestDigest(client, ctx, tag);
            if (digest !== layout.root.digest)
                throw new RegistryError(`oci: ${ctx.options.image}:${tag} has digest ${digest ?? 'none'} after pushing, not ${layout.root.digest}`);
        }
    },
    async describe(ctx) {
        const { file, layout } = await layoutOf(ctx);
        return `${file.name} (${layout.root.digest}) to ${ctx.options.registry}/${ctx.options.image} as ${ociTags(ctx.options.tags, ctx.version, ctx.prerelease).join(', ')}`;
    },
};

// EXTERNAL MODULE: ./src/github/git.ts
var git = __webpack_require__(6891);
;// CONCATENATED MODULE: ./src/publisher/targets/registry.ts
/**
 * The `registry` target: records the release in a release registry kept as a git repository, in
 * the spirit of Sentry's release registry. It writes `packages/<canonicalName>/<version>.json`
 * (version, repository, commit, artifact digests, time, approvers) and moves
 * `packages/<canonicalName>/latest.json` when this is a newer stable version, commits
 * `<canonicalName>@<version>` and pushes.
 *
 * A push race (someone else pushed first) is resolved by rewriting, not merging: a fresh clone of
 * the new head, the same file writes re-applied, a new commit, a bounded number of times. The
 * token travels only as git.ts's environment header, never in the URL or argv.
 */







/** How many times a rejected push is rewritten on the new head and tried again. */
const MAX_PUSH_ATTEMPTS = 5;
/** The folder of a package in the registry: `packages/<canonicalName>`; refuses names that climb out. */
function packageDir(canonicalName) {
    const segments = canonicalName.split('/');
    if (segments.some((s) => s === '' || s === '.' || s === '..'))
        throw new TargetSetupError(`registry: the canonicalName ${JSON.stringify(canonicalName)} has an empty, "." or ".." path segment`);
    return ['packages', ...segments].join('/');
}
function remoteOf(ctx) {
    const remote = ctx.options.remote ?? ctx.defaults.releaseRegistryRemote;
    if (!remote)
        throw new TargetSetupError('registry: no remote is configured for the release registry', 'set `remote:` on the registry target, or the control repo default');
    return remote;
}
function recordOf(ctx) {
    return {
        canonicalName: ctx.options.canonicalName,
        version: ctx.version,
        repository: `${ctx.productRepo.owner}/${ctx.productRepo.repo}`,
        path: ctx.request.path,
        commit: ctx.request.releaseCommit,
        artifacts: ctx.artifacts.map((a) => ({ name: a.name, size: a.size, sha256: a.sha256 })),
        ...(ctx.options.urlTemplate ? { url: ctx.options.urlTemplate.split('{version}').join(encodeURIComponent(ctx.version)) } : {}),
        publishedAt: new Date(ctx.clock.now()).toISOString(),
        approvers: [...new Set((0,request_format/* effectiveApprovals */.Kn)(ctx.request).map((a) => a.login))],
    };
}
/** The record without the fields that may differ between two writes of the same release. */
function essence(record) {
    return JSON.stringify({ canonicalName: record.canonicalName, version: record.version, repository: record.repository, path: record.path ?? null, commit: record.commit, artifacts: record.artifacts, url: record.url });
}
function gitFor(ctx, cwd) {
    const token = ctx.env.RELEASE_REGISTRY_TOKEN;
    return (0,git/* createGit */.lD)({ cwd, log: ctx.log, author: { name: 'publish-approval', email: 'publish-approval@users.noreply.github.com' }, ...(token ? { token } : {}) });
}
async function cloneFresh(ctx) {
    const parent = await (0,promises_.mkdtemp)((0,external_node_path_.join)(ctx.workDir, 'registry-'));
    const dir = (0,external_node_path_.join)(parent, 'clone');
    await gitFor(ctx, parent).clone(remoteOf(ctx), dir, { depth: 1 });
    return { git: gitFor(ctx, dir), dir };
}
async function readJson(path) {
    try {
        return JSON.parse(await (0,promises_.readFile)(path, 'utf8'));
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return null;
        throw new RegistryError(`registry: ${path} is not valid JSON: ${error.message}`);
    }
}
/** Compares the registry's record of this version with ours: true when the same, throws when different. */
async function sameAsRecorded(ctx, dir) {
    const file = `${packageDir(ctx.options.canonicalName)}/${ctx.version}.json`;
    const existing = await readJson((0,external_node_path_.join)(dir, file));
    if (existing === null)
        return false;
    const ours = recordOf(ctx);
    if (existing.commit !== ours.commit) {
        throw new PublishedDifferentError(`${ctx.options.canonicalName}@${ctx.version} is already in the release registry for commit ${String(existing.commit)}, not ${ours.commit}`);
    }
    if (essence(existing) !== essence(ours)) {
        throw new PublishedDifferentError(`${ctx.options.canonicalName}@${ctx.version} is already in the release registry (${file}) with other content (repository, path or artifact digests differ)`);
    }
    return true;
}
function isPushRace(error) {
    return error instanceof git/* GitError */.XS && /non-fast-forward|fetch first|\[rejected\]|failed to update ref|cannot lock ref/i.test(error.stderr);
}
function registry_location(ctx) {
    return `${remoteOf(ctx).replace(/\/+$/, '')}#${packageDir(ctx.options.canonicalName)}/${ctx.version}.json`;
}
/** The `registry` target. */
const registryTarget = {
    name: 'registry',
    optionsSchema: target_options/* TARGET_OPTION_SCHEMAS */.dz.registry,
    secrets: [{ name: 'RELEASE_REGISTRY_TOKEN', required: false, description: 'a token with push rights on the release registry repository (not needed for file:// or ssh remotes)' }],
    async expandIds(_options, context) {
        return [context.config.targetId];
    },
    async isPublished(ctx) {
        const { dir } = await cloneFresh(ctx);
        try {
            return (await sameAsRecorded(ctx, dir)) ? { published: true, location: registry_location(ctx) } : { published: false };
        }
        finally {
            await (0,promises_.rm)((0,external_node_path_.dirname)(dir), { recursive: true, force: true });
        }
    },
    async publish(ctx) {
        const base = packageDir(ctx.options.canonicalName);
        const record = recordOf(ctx);
        const text = `${JSON.stringify(record, null, 2)}\n`;
        for (let attempt = 1;; attempt++) {
            const { git, dir } = await cloneFresh(ctx);
            try {
                // Another attempt (or the answer-lost push of this one) may already have landed it.
                if (await sameAsRecorded(ctx, dir))
                    return { location: registry_location(ctx) };
                const paths = [`${base}/${ctx.version}.json`];
                await (0,promises_.mkdir)((0,external_node_path_.join)(dir, base), { recursive: true });
                await (0,promises_.writeFile)((0,external_node_path_.join)(dir, paths[0]), text);
                if (!ctx.prerelease) {
                    const latest = await readJson((0,external_node_path_.join)(dir, base, 'latest.json'));
                    const current = typeof latest?.version === 'string' ? semver_default().valid(latest.version) : null;
                    if (current === null || semver_default().gt(ctx.version, current)) {
                        await (0,promises_.writeFile)((0,external_node_path_.join)(dir, base, 'latest.json'), text);
                        paths.push(`${base}/latest.json`);
                    }
                }
                await git.add(paths);
                await git.commit(`${ctx.options.canonicalName}@${ctx.version}`);
                try {
                    await git.push('origin', 'HEAD');
                    return { location: registry_location(ctx) };
                }
                catch (error) {
                    if (!isPushRace(error) || attempt >= MAX_PUSH_ATTEMPTS)
                        throw error;
                    ctx.log.info(`registry: the push was rejected (someone pushed first); rewriting on the new head (attempt ${attempt + 1} of ${MAX_PUSH_ATTEMPTS}).`);
                }
            }
            finally {
                await (0,promises_.rm)((0,external_node_path_.dirname)(dir), { recursive: true, force: true });
            }
        }
    },
    async verify(ctx) {
        const { dir } = await cloneFresh(ctx);
        try {
            if (!(await sameAsRecorded(ctx, dir)))
                throw new RegistryError(`registry: ${ctx.options.canonicalName}@${ctx.version} is not in the release registry after pushing`);
        }
        finally {
            await (0,promises_.rm)((0,external_node_path_.dirname)(dir), { recursive: true, force: true });
        }
    },
    async describe(ctx) {
        return `${packageDir(ctx.options.canonicalName)}/${ctx.version}.json${ctx.prerelease ? '' : ' (and latest.json if newer)'} in ${remoteOf(ctx)}, ${ctx.artifacts.length} artifact digest(s)`;
    },
};

;// CONCATENATED MODULE: ./src/publisher/registry.ts




/** Every target, by name. */
const TARGETS = {
    github: githubTarget,
    npm: npmTarget,
    oci: ociTarget,
    registry: registryTarget,
};
/** The target of a name. */
function targetFor(name) {
    return TARGETS[name];
}

;// CONCATENATED MODULE: ./src/publisher/request-writer.ts
/** Serialises and coalesces saves of a request that several tasks update. */
class RequestWriter {
    current;
    save;
    enabled;
    version = 0;
    saved = 0;
    inFlight = null;
    constructor(current, save, 
    /** False in a dry run: updates stay in memory, nothing is written. */
    enabled) {
        this.current = current;
        this.save = save;
        this.enabled = enabled;
    }
    /** The latest request, with every update applied. */
    get request() {
        return this.current;
    }
    /** Applies an update to the latest request (synchronously: no interleaving can lose it). */
    update(change) {
        this.current = change(this.current);
        this.version += 1;
    }
    /** Resolves once a save that includes every update made so far has completed; rejects if that save failed. */
    async flush() {
        if (!this.enabled)
            return;
        const wanted = this.version;
        while (this.saved < wanted) {
            if (this.inFlight === null) {
                const version = this.version;
                const snapshot = this.current;
                this.inFlight = this.save(snapshot)
                    .then(() => {
                    this.saved = Math.max(this.saved, version);
                })
                    .finally(() => {
                    this.inFlight = null;
                });
            }
            await this.inFlight;
        }
    }
    /** `update` then `flush`. */
    async commit(change) {
        this.update(change);
        await this.flush();
    }
}

;// CONCATENATED MODULE: ./src/publisher/secrets.ts
// Values this short would mask ordinary words; no real token is this short.
const MIN_SECRET_LENGTH = 4;
/** A masker that also registers every value with the logger (`log.mask`). */
function createMasker(log) {
    const values = new Set();
    let sorted = [];
    const remember = (value) => {
        if (value.length < MIN_SECRET_LENGTH || values.has(value))
            return;
        values.add(value);
        log?.mask(value);
        sorted = [...values].sort((a, b) => b.length - a.length);
    };
    return {
        add(value) {
            if (value.length < MIN_SECRET_LENGTH)
                return;
            remember(value);
            remember(encodeURIComponent(value));
            remember(Buffer.from(value, 'utf8').toString('base64'));
            // The forms a token takes inside Basic auth headers (git's x-access-token, npm's _auth).
            remember(Buffer.from(`x-access-token:${value}`, 'utf8').toString('base64'));
        },
        mask(text) {
            let out = text;
            for (const value of sorted)
                out = out.split(value).join('***');
            return out;
        },
    };
}
/** The environment a target sees: exactly the variables it declares that are set in `source`. */
function targetEnvironment(specs, source) {
    const env = {};
    for (const spec of specs) {
        const value = source[spec.name];
        if (value !== undefined && value !== '')
            env[spec.name] = value;
    }
    return env;
}
/** The declared required secrets missing from an environment. */
function missingSecrets(specs, env) {
    return specs.filter((spec) => spec.required && env[spec.name] === undefined);
}
/** A logger whose every line passes through the masker first (targets log registry output). */
function maskingLogger(log, masker) {
    return {
        info: (message) => log.info(masker.mask(message)),
        debug: (message) => log.debug(masker.mask(message)),
        notice: (message, properties) => log.notice(masker.mask(message), properties),
        warning: (message, properties) => log.warning(masker.mask(message), properties),
        error: (message, properties) => log.error(masker.mask(message), properties),
        mask: (secret) => {
            masker.add(secret);
            log.mask(secret);
        },
        setOutput: (name, value) => log.setOutput(name, masker.mask(value)),
        appendSummary: (markdown) => log.appendSummary(masker.mask(markdown)),
    };
}

;// CONCATENATED MODULE: ./src/publisher/target.ts
/** Splits `name[unit]` into its parts (`unit` is null without brackets). */
function splitTargetId(id) {
    const open = id.indexOf('[');
    if (open < 0 || !id.endsWith(']'))
        return { name: id, unit: null };
    return { name: id.slice(0, open), unit: id.slice(open + 1, -1) };
}
/** Makes any text a valid request `location` (URL characters only), or null when nothing is left. */
function toLocation(text) {
    if (text === null)
        return null;
    const out = text.replace(/[^A-Za-z0-9\-._~:/?#@!&+,=%]/g, (ch) => encodeURIComponent(ch).replace(/[()*'!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`));
    return out === '' ? null : out.slice(0, 500);
}

;// CONCATENATED MODULE: ./src/publisher/orchestrator.ts
/**
 * Publishes an approved request: resolves the artifacts of the release commit, then runs every
 * target that is not done yet (in parallel up to a limit, or strictly in config order), records
 * each state change in the request, and returns the final request with a per-target report.
 *
 * The rules that make it resumable and exact:
 * - targets already `done` or `skipped` (a checked box) are never run again;
 * - every target first asks the registry whether this exact version is already there with the
 *   same content, so a retry after a lost answer, a killed process or a half-way failure never
 *   publishes twice; `running` left by a killed run is treated like `pending`;
 * - `running` is saved before a target writes anything, `done` right after it verified;
 * - each target sees only the secrets it declares; every secret value is masked in whatever
 *   reaches the request, the logs and the report.
 */











const DEFAULT_CONCURRENCY = 4;
/** Publishes a request; see the module comment for the rules. */
async function publishRequest(input) {
    const { log, clock } = input;
    const masker = createMasker(log);
    // Every secret any target knows is masked, not only those of the configured targets: a value
    // can surface in another target's error (a registry echoing headers, a shared credential).
    for (const target of [...Object.values(TARGETS), ...Object.values(input.targets ?? {})]) {
        for (const spec of target.secrets) {
            const value = input.env[spec.name];
            if (value)
                masker.add(value);
        }
    }
    const at = () => new Date(clock.now()).toISOString();
    const writer = new RequestWriter(input.request, input.save, !input.dryRun);
    const version = input.request.version;
    const prerelease = semver_default().prerelease(version) !== null;
    const reports = new Map();
    if (!input.dryRun) {
        await writer.commit((r) => (0,request_format/* withHistory */.$k)((0,request_format/* withState */.Q2)(r, 'publishing'), { at: at(), event: 'publishing', actor: null, detail: (0,request_format/* toDetail */.PX)(input.runUrl ? `run ${input.runUrl}` : 'publishing') }));
    }
    // 1. Artifacts: recorded before the first target runs, checked against the record on a retry.
    let files;
    let record;
    try {
        const resolved = await resolveArtifacts({
            github: input.github,
            log,
            productRepo: input.productRepo,
            commit: input.request.releaseCommit,
            config: input.config,
            dir: (0,external_node_path_.join)(input.workDir, 'artifacts'),
            recorded: input.request.artifacts,
        });
        files = resolved.files;
        record = resolved.record;
        if (resolved.firstRecord)
            writer.update((r) => ({ ...r, artifacts: [...resolved.record] }));
    }
    catch (error) {
        return failEarly(input, writer, masker, at, error);
    }
    // 2. The plan: config entries expanded into ids, matched against what the request lists.
    const plan = [];
    for (const config of input.config.targets) {
        const artifacts = artifactsForTarget(config, files);
        const target = pick(input, config.name);
        let ids;
        let planError = null;
        try {
            ids = await target.expandIds(config.options, { config, artifacts, version });
        }
        catch (error) {
            ids = [config.targetId];
            planError = error;
        }
        for (const id of ids)
            plan.push({ id, unit: unitOf(id, config), config, artifacts, planError });
    }
    const { request: reconciled, unlisted, unknown } = reconcile(writer.request, input.config, plan, at());
    writer.update(() => reconciled);
    for (const id of unlisted)
        log.warning(`Target ${id} is in the publish config but not in the request: it is left out. Request the release again to publish it.`);
    for (const id of unknown) {
        const message = `${id} is in the request but not in the publish config any more; check its box in the request to skip it, or restore it in the config`;
        writer.update((r) => (0,request_format/* withTargetState */.Fg)(r, id, 'failed', { at: at(), detail: (0,request_format/* toDetail */.PX)(message) }));
        reports.set(id, { id, outcome: 'failed', state: 'failed', durationMs: null, location: null, error: message, hard: false, plan: null });
    }
    try {
        await writer.flush();
    }
    catch (error) {
        throw new Error(`saving the request before publishing failed: ${masker.mask((0,errors/* describe */.q0)(error))}`);
    }
    // 3. The targets, in config order.
    const listed = new Map(writer.request.targets.map((t) => [t.id, t]));
    const runnable = plan.filter((p) => listed.has(p.id));
    for (const p of runnable) {
        const state = listed.get(p.id).state;
        if (state === 'done' || state === 'skipped') {
            const t = listed.get(p.id);
            reports.set(p.id, { id: p.id, outcome: state === 'done' ? 'done-before' : 'skipped', state, durationMs: t.durationMs, location: t.location, error: null, hard: false, plan: null });
        }
    }
    const queue = runnable.filter((p) => !reports.has(p.id));
    const ordered = input.ordered === true;
    const limit = ordered ? 1 : Math.max(1, Math.floor(input.concurrency ?? DEFAULT_CONCURRENCY));
    let stop = false;
    let next = 0;
    const worker = async () => {
        while (next < queue.length) {
            const planned = queue[next++];
            if (stop || input.signal?.aborted) {
                reports.set(planned.id, notRun(planned.id, stop ? 'an earlier target failed (ordered publishing)' : 'the run was cancelled'));
                continue;
            }
            const report = input.dryRun ? await dryRunTarget(input, planned, masker, version, prerelease) : await runTarget(input, planned, writer, masker, at, version, prerelease);
            reports.set(planned.id, report);
            if (ordered && report.outcome === 'failed')
                stop = true;
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, Math.max(1, queue.length)) }, worker));
    // 4. The overall state.
    const final = writer.request;
    const ok = input.dryRun ? [...reports.values()].every((r) => r.outcome !== 'failed') : final.targets.every((t) => t.state === 'done' || t.state === 'skipped');
    if (!input.dryRun) {
        writer.update((r) => (ok ? (0,request_format/* withHistory */.$k)((0,request_format/* withState */.Q2)(r, 'published'), { at: at(), event: 'published', actor: null, detail: null }) : (0,request_format/* withState */.Q2)(r, 'failed')));
        await writer.flush();
    }
    const order = writer.request.targets.map((t) => t.id);
    const rows = [...reports.values()].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
    return { request: writer.request, ok, dryRun: input.dryRun, targets: rows, artifacts: record, error: null, unlisted };
}
function unitOf(id, config) {
    if (id === config.targetId)
        return null;
    const unit = splitTargetId(id).unit;
    if (unit === null)
        return null;
    return config.id !== null && unit.startsWith(`${config.id}:`) ? unit.slice(config.id.length + 1) : unit;
}
function notRun(id, why) {
    return { id, outcome: 'not-run', state: 'pending', durationMs: null, location: null, error: why, hard: false, plan: null };
}
/**
 * Matches the plan against the request's targets. A config entry listed by its plain id (`npm`)
 * that expands into several ids (`npm[@a/x]`, …) is replaced by them, keeping `skipped` (a checked
 * box applies to all of them). Returns the new request, the planned ids the request does not list
 * and the listed ids the config no longer has.
 */
function reconcile(request, config, plan, at) {
    const planIds = new Set(plan.map((p) => p.id));
    const targets = [];
    for (const target of request.targets) {
        if (planIds.has(target.id)) {
            targets.push(target);
            continue;
        }
        const entry = config.targets.find((c) => c.targetId === target.id);
        const expanded = entry ? plan.filter((p) => p.config === entry) : [];
        if (expanded.length === 0) {
            targets.push(target);
            continue;
        }
        for (const p of expanded) {
            if (request.targets.some((t) => t.id === p.id) || targets.some((t) => t.id === p.id))
                continue;
            const keep = target.state === 'skipped' || target.state === 'done';
            targets.push({ id: p.id, state: keep ? target.state : 'pending', updatedAt: keep ? target.updatedAt : at, detail: keep ? target.detail : null, durationMs: null, location: keep ? target.location : null });
        }
    }
    const listed = new Set(targets.map((t) => t.id));
    return {
        request: { ...request, targets },
        unlisted: plan.filter((p) => !listed.has(p.id)).map((p) => p.id),
        unknown: targets.filter((t) => !planIds.has(t.id) && t.state !== 'done' && t.state !== 'skipped').map((t) => t.id),
    };
}
/** The target of a name: the override the input gives, else the registry's. */
function pick(input, name) {
    return (input.targets?.[name] ?? targetFor(name));
}
function contextFor(input, planned, masker, version, prerelease, workDir) {
    const target = pick(input, planned.config.name);
    return {
        id: planned.id,
        unit: planned.unit,
        config: planned.config,
        options: planned.config.options,
        request: input.request,
        productRepo: input.productRepo,
        version,
        prerelease,
        tagPrefix: input.config.tagPrefix,
        artifacts: planned.artifacts,
        env: targetEnvironment(target.secrets, input.env),
        github: input.github,
        log: maskingLogger(input.log, masker),
        clock: input.clock,
        workDir,
        defaults: input.defaults ?? {},
    };
}
async function prepare(input, planned, masker, version, prerelease) {
    if (planned.planError !== null)
        throw planned.planError;
    const target = pick(input, planned.config.name);
    const workDir = (0,external_node_path_.join)(input.workDir, 'targets', planned.id.replace(/[^A-Za-z0-9._-]+/g, '_'));
    await (0,promises_.mkdir)(workDir, { recursive: true });
    const ctx = contextFor(input, planned, masker, version, prerelease, workDir);
    const missing = missingSecrets(target.secrets, ctx.env);
    if (missing.length > 0) {
        throw new TargetSetupError(`${planned.id}: the secret${missing.length > 1 ? 's' : ''} ${missing.map((s) => s.name).join(', ')} ${missing.length > 1 ? 'are' : 'is'} not set (${missing.map((s) => s.description).join('; ')})`, 'add it to the control repo secrets and pass it to the publish step');
    }
    return { target, ctx };
}
function explain(error) {
    return error instanceof errors/* UserError */.yo ? error.explain() : (0,errors/* describe */.q0)(error);
}
async function dryRunTarget(input, planned, masker, version, prerelease) {
    try {
        const { target, ctx } = await prepare(input, planned, masker, version, prerelease);
        const check = await target.isPublished(ctx);
        if (check.published)
            return { id: planned.id, outcome: 'already-published', state: 'pending', durationMs: null, location: toLocation(check.location), error: null, hard: false, plan: 'already published: nothing to do' };
        const plan = masker.mask(await target.describe(ctx));
        return { id: planned.id, outcome: 'would-publish', state: 'pending', durationMs: null, location: null, error: null, hard: false, plan };
    }
    catch (error) {
        return { id: planned.id, outcome: 'failed', state: 'pending', durationMs: null, location: null, error: masker.mask(explain(error)), hard: isHardFailure(error), plan: null };
    }
}
async function runTarget(input, planned, writer, masker, at, version, prerelease) {
    const { log, clock } = input;
    const id = planned.id;
    const started = clock.now();
    const history = (event, detail) => (r) => (0,request_format/* withHistory */.$k)(r, { at: at(), event, actor: null, detail: (0,request_format/* toDetail */.PX)(masker.mask(detail)) });
    try {
        const { target, ctx } = await prepare(input, planned, masker, version, prerelease);
        const check = await target.isPublished(ctx);
        if (check.published) {
            const location = toLocation(check.location === null ? null : masker.mask(check.location));
            const durationMs = Math.max(0, clock.now() - started);
            writer.update((r) => history('target-published', `${id}: already published${location ? ` at ${location}` : ''}`)((0,request_format/* withTargetState */.Fg)(r, id, 'done', { at: at(), detail: 'already published', durationMs, location })));
            await flushQuietly(writer, log, masker);
            log.info(`${id}: already published with the same content${location ? ` at ${location}` : ''}.`);
            return { id, outcome: 'already-published', state: 'done', durationMs, location, error: null, hard: false, plan: null };
        }
        // Recorded before any write: a run killed from here on leaves `running`, and the next run looks first.
        await writer.commit((r) => (0,request_format/* withTargetState */.Fg)(r, id, 'running', { at: at(), detail: null }));
        log.info(`${id}: publishing.`);
        const result = await target.publish(ctx);
        await target.verify(ctx);
        const location = toLocation(result.location === null ? null : masker.mask(result.location));
        const durationMs = Math.max(0, clock.now() - started);
        writer.update((r) => history('target-published', `${id}${location ? ` at ${location}` : ''}`)((0,request_format/* withTargetState */.Fg)(r, id, 'done', { at: at(), detail: null, durationMs, location })));
        await flushQuietly(writer, log, masker);
        log.info(`${id}: published${location ? ` at ${location}` : ''} in ${durationMs} ms.`);
        return { id, outcome: 'published', state: 'done', durationMs, location, error: null, hard: false, plan: null };
    }
    catch (error) {
        const message = masker.mask(explain(error));
        const durationMs = Math.max(0, clock.now() - started);
        const hard = isHardFailure(error);
        log.error(`${id}: ${message}`);
        writer.update((r) => history('target-failed', `${id}: ${message}`)((0,request_format/* withTargetState */.Fg)(r, id, 'failed', { at: at(), detail: (0,request_format/* toDetail */.PX)(message), durationMs, location: null })));
        await flushQuietly(writer, log, masker);
        return { id, outcome: 'failed', state: 'failed', durationMs, location: null, error: message, hard, plan: null };
    }
}
/** A save that fails after a target finished is not fatal: the next save (or the next run's look) covers it. */
async function flushQuietly(writer, log, masker) {
    try {
        await writer.flush();
    }
    catch (error) {
        log.warning(`Saving the request failed; the next save will carry this state: ${masker.mask((0,errors/* describe */.q0)(error))}`);
    }
}
async function failEarly(input, writer, masker, at, error) {
    const message = masker.mask(explain(error));
    input.log.error(`Publishing stopped before any target ran: ${message}`);
    if (!input.dryRun) {
        writer.update((r) => (0,request_format/* withHistory */.$k)((0,request_format/* withState */.Q2)(r, 'failed'), { at: at(), event: 'target-failed', actor: null, detail: (0,request_format/* toDetail */.PX)(`artifacts: ${message}`) }));
        await writer.flush();
    }
    return { request: writer.request, ok: false, dryRun: input.dryRun, targets: [], artifacts: input.request.artifacts, error: message, unlisted: [] };
}

;// CONCATENATED MODULE: ./src/publisher/finish.ts


/** Merges the release branch into the merge target, deletes it, and renders the report. */
async function finishRelease(input) {
    const { github, log, productRepo } = input;
    let request = input.request;
    const at = () => new Date(input.clock.now()).toISOString();
    const head = request.releaseBranch;
    const base = request.mergeTarget ?? (await github.getDefaultBranch(productRepo));
    const commands = [`git fetch origin`, `git checkout ${base}`, `git merge origin/${head}`, `git push origin ${base}`];
    let merge;
    const branchSha = await github.getBranchSha(productRepo, head);
    if (branchSha === null) {
        merge = { kind: 'already-gone', base, head, sha: null, message: `the branch ${head} no longer exists (merged and deleted by an earlier run, or by hand)`, commands: null, branchDeleted: false };
    }
    else {
        try {
            // The exact commit that was published is merged; a branch that moved since is left alone.
            const result = await github.mergeBranch(productRepo, base, request.releaseCommit, `Merge ${head} into ${base}`);
            if (result.kind === 'conflict') {
                merge = { kind: 'conflict', base, head, sha: null, message: `${head} does not merge cleanly into ${base}`, commands, branchDeleted: false };
            }
            else {
                let branchDeleted = false;
                if (branchSha === request.releaseCommit) {
                    await github.deleteBranch(productRepo, head);
                    branchDeleted = true;
                }
                else {
                    log.warning(`The branch ${head} moved to ${branchSha} after the release commit ${request.releaseCommit}: it is kept.`);
                }
                merge = { kind: result.kind, base, head, sha: result.kind === 'merged' ? result.sha : null, message: null, commands: null, branchDeleted };
            }
        }
        catch (error) {
            merge = { kind: 'failed', base, head, sha: null, message: (0,errors/* describe */.q0)(error), commands, branchDeleted: false };
        }
    }
    if (merge.kind === 'conflict' || merge.kind === 'failed') {
        log.warning(`Merging ${head} into ${base} did not succeed (${merge.message}); the release itself is published. To finish by hand: ${commands.join(' && ')}`);
        request = (0,request_format/* withHistory */.$k)(request, { at: at(), event: 'merge-conflict', actor: null, detail: (0,request_format/* toDetail */.PX)(`${head} into ${base}: ${merge.message ?? ''}`) });
    }
    else if (merge.kind !== 'already-gone') {
        request = (0,request_format/* withHistory */.$k)(request, { at: at(), event: 'merged', actor: null, detail: (0,request_format/* toDetail */.PX)(`${head} into ${base}${merge.sha ? ` as ${merge.sha.slice(0, 12)}` : ''}`) });
    }
    if (request !== input.request)
        await input.save(request);
    const markdown = renderReport(request, { runUrl: input.runUrl, ...(input.result ? { result: input.result } : {}), merge });
    return { request, merge, markdown };
}
const STATE_LABEL = { done: '✅ done', failed: '❌ failed', running: '⏳ running', pending: '⏸️ pending', skipped: '⏭️ skipped' };
/** Markdown-safe table cell text. */
function cell(text) {
    return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ').replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'));
}
function duration(ms) {
    if (ms === null)
        return '';
    return ms < 1000 ? `${ms} ms` : ms < 120_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 60_000)} min`;
}
function stateOf(report, state) {
    if (!report)
        return STATE_LABEL[state];
    switch (report.outcome) {
        case 'already-published':
            return report.state === 'done' ? '✅ done (already published)' : '✅ already published';
        case 'done-before':
            return '✅ done (earlier run)';
        case 'would-publish':
            return '📦 would publish';
        case 'not-run':
            return '⏸️ not run';
        default:
            return STATE_LABEL[report.state];
    }
}
/** The per-target table (target, state, duration, location) and what follows it, in Markdown; for the comment and the job summary. */
function renderReport(request, options = {}) {
    const name = `${request.repo.owner}/${request.repo.repo}${request.path ? `/${request.path}` : ''}@${request.version}`;
    const result = options.result;
    const reports = new Map((result?.targets ?? []).map((t) => [t.id, t]));
    const dryRun = result?.dryRun === true;
    const allDone = request.targets.every((t) => t.state === 'done' || t.state === 'skipped');
    const title = dryRun ? `Dry run of ${name}: nothing was published` : allDone ? `Published ${name}` : `Publishing ${name} failed`;
    const lines = [`### ${cell(title)}`, ''];
    if (result?.error)
        lines.push(`**Stopped before any target ran:** ${cell(result.error)}`, '');
    lines.push(dryRun ? '| Target | Outcome | What and where |' : '| Target | State | Duration | Location |', dryRun ? '|---|---|---|' : '|---|---|---|---|');
    for (const target of request.targets) {
        const report = reports.get(target.id);
        if (dryRun) {
            const what = report?.plan ?? report?.error ?? (target.state === 'done' || target.state === 'skipped' ? target.state : '');
            lines.push(`| \`${cell(target.id)}\` | ${report?.outcome === 'failed' ? '❌ would fail' : stateOf(report, target.state)} | ${cell(what)} |`);
            continue;
        }
        const error = target.state === 'failed' ? (report?.error ?? target.detail ?? '') : '';
        const where = target.location ? target.location : error ? cell(error) : '';
        lines.push(`| \`${cell(target.id)}\` | ${stateOf(report, target.state)}${report?.hard ? ' (a retry cannot fix this)' : ''} | ${duration(target.durationMs)} | ${where} |`);
    }
    if (request.artifacts.length > 0) {
        lines.push('', `<details><summary>${request.artifacts.length} artifact(s) of ${request.releaseCommit.slice(0, 12)}</summary>`, '', '| File | Size | sha256 |', '|---|---|---|');
        for (const artifact of request.artifacts)
            lines.push(`| \`${cell(artifact.name)}\` | ${artifact.size} | \`${artifact.sha256}\` |`);
        lines.push('', '</details>');
    }
    const merge = options.merge;
    if (merge) {
        lines.push('');
        if (merge.kind === 'merged' || merge.kind === 'up-to-date') {
            lines.push(`Merged \`${cell(merge.head)}\` into \`${cell(merge.base)}\`${merge.sha ? ` (${merge.sha.slice(0, 12)})` : ' (already up to date)'}${merge.branchDeleted ? '; the branch is deleted' : ''}.`);
        }
        else if (merge.kind === 'already-gone') {
            lines.push(`The branch \`${cell(merge.head)}\` was already gone; nothing to merge.`);
        }
        else {
            lines.push(`**The merge of \`${cell(merge.head)}\` into \`${cell(merge.base)}\` needs a hand** (${cell(merge.message ?? merge.kind)}). The release is published; finish the merge with:`, '', '```sh', ...(merge.commands ?? []), '```');
        }
    }
    if (!dryRun && !allDone && !result?.error)
        lines.push('', 'To retry, add the `accepted` label again: targets that are done are skipped, nothing is published twice.');
    if (options.runUrl)
        lines.push('', `[Run log](${options.runUrl})`);
    return `${lines.join('\n')}\n`;
}

// EXTERNAL MODULE: ./src/control/ci-gate.ts
var ci_gate = __webpack_require__(9641);
// EXTERNAL MODULE: ./src/control/labels.ts
var labels = __webpack_require__(7190);
// EXTERNAL MODULE: ./src/control/approval.ts
var approval = __webpack_require__(2242);
// EXTERNAL MODULE: ./src/control/request-store.ts
var request_store = __webpack_require__(9716);
;// CONCATENATED MODULE: ./src/control/publish.ts
/**
 * The `publish` command: the last gate before the registries. It trusts nothing it is handed:
 * the issue number and key come from a workflow input or the decide job, so everything is read
 * again: the request, its approvals, hold, expiry, freeze, the release branch and CI. The product
 * config comes from the product's default branch (or an allowed merge target), never from the
 * release branch, whose content the requester controls.
 */










/** Publishes one approved request after re-checking everything; returns the decision. */
async function publishCommand(control, input) {
    const { github, controlRepo, policy } = control;
    let loaded;
    try {
        loaded = await (0,request_store/* loadRequest */.W$)(github, controlRepo, input.issueNumber, policy.releaseBot);
    }
    catch (error) {
        if (error instanceof request_store/* NotARequestError */.mE)
            throw new errors/* UserError */.yo('E_NOT_A_REQUEST', `Refusing to publish #${input.issueNumber}: ${error.message}`, error.fix);
        throw error;
    }
    const key = (0,request_store/* requestKey */.lq)(loaded.request);
    if (key !== input.requestKey) {
        // Security: the input names what the concurrency group serialised; publishing anything else would escape it.
        throw new errors/* UserError */.yo('E_REQUEST_MISMATCH', `Refusing to publish: the "request" input is ${JSON.stringify(input.requestKey)} but issue #${input.issueNumber} is ${JSON.stringify(key)}.`, 'Dispatch publish.yml with the issue number and its own owner/repo[/path]@version.');
    }
    const { issue, request } = loaded;
    // Every target was published but an earlier run stopped before the merge, the comment or the close.
    if (issue.state === 'open' && request.state === 'published')
        return finishPublished(control, input, loaded);
    // A second publish of the same request (a duplicated decision, a queued run) ends here.
    if (issue.state === 'closed' || ['published', 'retracted', 'expired'].includes(request.state)) {
        return (0,control_context/* report */.z8)(control, 'noop', loaded, `the request is ${issue.state === 'closed' ? 'closed' : request.state}; nothing to publish`);
    }
    if (!issue.labels.includes(labels/* LABEL */.d_.accepted))
        return (0,control_context/* report */.z8)(control, 'noop', loaded, 'the `accepted` label is not on the request (the approval was withdrawn, refused or voided)');
    const problem = await preconditions(control, loaded);
    if (problem !== null) {
        const next = (0,control_context/* record */.g1)(control, request, 'approval-refused', null, `publish refused: ${problem.reason}`);
        await (0,request_store/* saveRequest */.Fc)(github, controlRepo, issue, next);
        await (0,ci_gate/* removeLabels */.Ch)(control, issue.number, [labels/* LABEL */.d_.accepted, labels/* LABEL */.d_.ciPending], issue.labels);
        await github.createComment(controlRepo, issue.number, `🛑 Publishing did not start: ${problem.reason}.\n\n**What to do:** ${problem.fix}${control.runUrl ? `\n\n[Run log](${control.runUrl})` : ''}`);
        return (0,control_context/* report */.z8)(control, 'refused', { issue, request: next }, problem.reason);
    }
    const gate = await (0,ci_gate/* applyGate */.ei)(control, loaded, 'return');
    if (gate.decision !== 'publish')
        return gate.decision;
    loaded = gate.loaded;
    let config;
    try {
        config = await loadProductConfig(control, loaded.request);
    }
    catch (error) {
        const message = error instanceof errors/* UserError */.yo ? error.explain() : error.message;
        await (0,ci_gate/* removeLabels */.Ch)(control, issue.number, [labels/* LABEL */.d_.accepted], loaded.issue.labels);
        await github.createComment(controlRepo, issue.number, `🛑 Publishing did not start: the publish config could not be used.\n\n${message}\n\nFix the config on the product's default branch, then add \`accepted\` again.`);
        throw error;
    }
    const dryRun = loaded.issue.labels.includes(labels/* LABEL */.d_.dryRun);
    let current = loaded.issue;
    const save = async (next) => {
        current = await (0,request_store/* saveRequest */.Fc)(github, controlRepo, current, next);
    };
    const publish = input.publish ?? publishRequest;
    const result = await publish({
        github,
        log: control.log,
        clock: control.clock,
        request: loaded.request,
        config,
        productRepo: loaded.request.repo,
        env: input.env,
        workDir: input.workDir,
        dryRun,
        save,
        runUrl: control.runUrl,
    });
    if (dryRun) {
        const markdown = renderReport(result.request, { runUrl: control.runUrl, result });
        await control.log.appendSummary(markdown);
        // The next real publish needs a deliberate approval once `dry-run` is removed.
        await (0,ci_gate/* removeLabels */.Ch)(control, issue.number, [labels/* LABEL */.d_.accepted], current.labels);
        await github.createComment(controlRepo, issue.number, `${markdown}\nThe \`dry-run\` label is on this request, so nothing was published. Remove it and add \`accepted\` again to publish.`);
        return (0,control_context/* report */.z8)(control, 'dry-run', { issue: current, request: result.request }, 'nothing published');
    }
    if (!result.ok) {
        const markdown = renderReport(result.request, { runUrl: control.runUrl, result });
        await control.log.appendSummary(markdown);
        await (0,ci_gate/* removeLabels */.Ch)(control, issue.number, [labels/* LABEL */.d_.accepted], current.labels);
        const failed = result.targets.filter((t) => t.outcome === 'failed').map((t) => `\`${t.id}\``);
        // renderReport ends with how to retry (add `accepted` again) and the run link.
        await github.createComment(controlRepo, issue.number, `❌ **Publishing failed**${failed.length > 0 ? ` for ${failed.join(', ')}` : ''}${result.error ? `: ${result.error}` : ''}. Targets that are done stay done.\n\n${markdown}`);
        (0,control_context/* report */.z8)(control, 'failed', { issue: current, request: result.request }, failed.join(', ') || (result.error ?? 'failed'));
        throw new errors/* UserError */.yo('E_PUBLISH_FAILED', `Publishing ${key} failed${failed.length > 0 ? ` for ${failed.join(', ')}` : ''}.`, 'Read the comment on the request; fix the cause and add the `accepted` label again to retry what is left.');
    }
    const finish = input.finish ?? finishRelease;
    const finished = await finish({ github, log: control.log, clock: control.clock, request: result.request, productRepo: result.request.repo, save, runUrl: control.runUrl, result });
    await control.log.appendSummary(finished.markdown);
    await (0,ci_gate/* removeLabels */.Ch)(control, issue.number, [labels/* LABEL */.d_.ciPending, labels/* LABEL */.d_.ciFailed], current.labels);
    await github.createComment(controlRepo, issue.number, successComment(result.request, finished.markdown));
    const closed = await github.updateIssue(controlRepo, issue.number, { state: 'closed', stateReason: 'completed' });
    return (0,control_context/* report */.z8)(control, 'published', { issue: closed, request: finished.request }, `${result.targets.length} target(s)`);
}
/** The comment that announces a published request; its first line also marks it as posted. */
function successComment(request, markdown) {
    return `🎉 ${(0,control_context/* mention */.lE)(request.requester)} published.\n\n${markdown}`;
}
/**
 * Finishes a request whose targets are all published when an earlier run stopped before the end
 * (killed, or a write failed): the merge and branch deletion (both safe to repeat), the success
 * comment unless it was posted, and the close. Nothing is published here.
 */
async function finishPublished(control, input, loaded) {
    const { github, controlRepo } = control;
    let current = loaded.issue;
    const save = async (next) => {
        current = await (0,request_store/* saveRequest */.Fc)(github, controlRepo, current, next);
    };
    const finish = input.finish ?? finishRelease;
    const finished = await finish({ github, log: control.log, clock: control.clock, request: loaded.request, productRepo: loaded.request.repo, save, runUrl: control.runUrl });
    await control.log.appendSummary(finished.markdown);
    await (0,ci_gate/* removeLabels */.Ch)(control, current.number, [labels/* LABEL */.d_.ciPending, labels/* LABEL */.d_.ciFailed], current.labels);
    const marker = successComment(loaded.request, '').trim();
    const posted = (await github.listComments(controlRepo, current.number)).some((c) => control.automation.has(c.author.login.toLowerCase()) && c.body.startsWith(marker));
    if (!posted)
        await github.createComment(controlRepo, current.number, successComment(finished.request, finished.markdown));
    const closed = await github.updateIssue(controlRepo, current.number, { state: 'closed', stateReason: 'completed' });
    return (0,control_context/* report */.z8)(control, 'published', { issue: closed, request: finished.request }, 'finished what an earlier run left: merge, comment, close');
}
/** Pure-ish re-checks before the gate: approvals, hold, expiry, freeze. Null when publishing may go on. */
async function preconditions(control, loaded) {
    const { policy } = control;
    const { request } = loaded;
    if (request.hold !== null)
        return { reason: `the request is on hold (by ${request.hold.by})`, fix: 'Lift the hold with `#unhold`, then add `accepted` again.' };
    const needed = (0,approval/* approvalsNeeded */.Wr)(policy, request);
    const { valid, rejected } = await (0,approval/* verifiedApprovals */.zo)(control, loaded);
    if (valid.length < needed) {
        const unbacked = rejected.length > 0 ? `; not counted: ${rejected.join(', ')} (no matching label event or comment, or no longer a release manager)` : '';
        return {
            reason: `${valid.length} of ${needed} approvals for the release commit \`${request.releaseCommit.slice(0, 12)}\` are backed by GitHub's record${unbacked}`,
            fix: 'Approve the request: the `accepted` label, then `#approve` comments by other release managers.',
        };
    }
    const now = new Date(control.clock.now());
    const expiry = (0,config_policy/* expiresAt */.WJ)(policy, request.requestedAt);
    if (now >= expiry)
        return { reason: `the request expired at ${expiry.toISOString()}`, fix: 'Run the release workflow again for a fresh request.' };
    const frozen = (0,config_policy/* isFrozen */.Zz)(policy, (0,request_store/* fullNameOfRequest */.pj)(request), now);
    if (frozen.frozen)
        return { reason: `releases are frozen (${frozen.window.name}: ${frozen.window.reason})`, fix: 'Add `accepted` again after the freeze window ends.' };
    return null;
}
/**
 * The product's `.craft.yml` (for a sub-package, `<path>/.craft.yml` first). Read from the merge
 * target when the policy allows that branch for this repo, else from the default branch.
 */
async function loadProductConfig(control, request) {
    const { github, policy } = control;
    const repoName = `${request.repo.owner}/${request.repo.repo}`;
    const defaultBranch = await github.getDefaultBranch(request.repo);
    let ref = defaultBranch;
    if (request.mergeTarget !== null && request.mergeTarget !== defaultBranch) {
        if (!(0,config_policy/* isMergeTargetAllowed */.eD)(policy, repoName, request.mergeTarget)) {
            throw new errors/* UserError */.yo('E_MERGE_TARGET', `The merge target \`${request.mergeTarget}\` of ${repoName} is not allowed by the control repo policy, so neither its publish config nor a merge into it can be trusted.`, `Add the branch under mergeTargets."${repoName}" in the policy, or request the release again with the default branch as merge target.`);
        }
        ref = request.mergeTarget;
    }
    const candidates = request.path === null ? ['.craft.yml'] : [`${request.path}/.craft.yml`, '.craft.yml'];
    for (const path of candidates) {
        const text = await github.getFileContent(request.repo, path, ref);
        if (text !== null)
            return (0,load/* loadConfigText */.Ki)('craft', text, `${repoName}:${path}@${ref}`).config;
    }
    throw new errors/* UserError */.yo('E_NO_PUBLISH_CONFIG', `${repoName} has no ${candidates.join(' or ')} on \`${ref}\`.`, `Commit the publish config to \`${ref}\` (see docs/config.md).`);
}

;// CONCATENATED MODULE: ./src/handlers/publish.ts



/** The "publish" command: re-checks an approved request from fresh reads and hands it to the publisher. */
async function handlePublish(context) {
    const issueInput = context.input('issue_number');
    if (!/^[1-9][0-9]{0,9}$/.test(issueInput)) {
        throw new errors/* ValidationError */.yI('E_INPUT', `The "issue_number" input is ${JSON.stringify(issueInput)}; it must be the number of a publish-request issue.`, 'issue_number', 'Pass issue_number (and request) from the decide job or the publish.yml dispatch.');
    }
    const requestInput = context.input('request');
    if (requestInput === '') {
        throw new errors/* ValidationError */.yI('E_INPUT', 'The "request" input is empty; it must be owner/repo[/path]@version of the issue.', 'request', 'Pass request from the decide job or the publish.yml dispatch.');
    }
    const control = await (0,control_context/* buildControl */.MH)(context);
    // The secrets reach the publisher through the environment of this step; it hands each target only the variables it declares.
    await publishCommand(control, { issueNumber: Number(issueInput), requestKey: requestInput, env: process.env, workDir: context.workDir });
}


/***/ })

};
