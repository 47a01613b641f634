export const id = 153;
export const ids = [153];
export const modules = {

/***/ 9627:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $j: () => (/* binding */ decideAutoApproval),
/* harmony export */   gW: () => (/* binding */ autoApproveFileSchema),
/* harmony export */   nb: () => (/* binding */ compileRules)
/* harmony export */ });
/* unused harmony exports BUMP_KINDS, bumpKind */
/* harmony import */ var semver__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2088);
/* harmony import */ var semver__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(semver__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2857);
/* harmony import */ var _fields_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(81);
/* harmony import */ var _repo_glob_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1887);
/**
 * `auto-approve.yml`: the ordered rules under which the release bot approves a request without a
 * person. Security reasoning: a rule removes the human from the loop, so every rule also
 * requires that the release bot opened the request (a person can type any title), names are
 * compared in canonical form only, and a request that is close to a rule but not on it is
 * refused with the reason, never matched.
 */




/** Bump kinds, smallest first. */
const BUMP_KINDS = ['patch', 'minor', 'major'];
const targetPattern = (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .identity */ .D_)('target', (value) => (/^[a-z*][a-z0-9*]*(?:\[[^[\]\s]+\])?$/.test(value) ? null : 'is not a target id or glob such as "github", "npm[@acme/*]" or "npm[*]"'), 'a target id or glob', 230);
const semverRange = zod__WEBPACK_IMPORTED_MODULE_3__/* .string */ .YjP()
    .max(200)
    .superRefine((value, ctx) => {
    if (!/^[\x20-\x7e]+$/.test(value))
        return void ctx.addIssue({ code: 'custom', message: `range ${JSON.stringify(value.slice(0, 80))} must be printable ASCII` });
    if (semver__WEBPACK_IMPORTED_MODULE_0___default().validRange(value) === null)
        ctx.addIssue({ code: 'custom', message: `${JSON.stringify(value)} is not a semver range; write it as e.g. ">=1.0.0 <2.0.0" or "^1.4.0"` });
});
const ruleSchema = (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .strict */ .O2)({
    /** Stable, kebab-case: named in the approval comment and the audit trail. */
    id: (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .identity */ .D_)('rule id', /^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'kebab-case (lower-case letters and digits joined by single "-")', 64),
    description: (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .text */ .Qq)(500),
    match: _fields_js__WEBPACK_IMPORTED_MODULE_1__/* .repoPattern */ .HJ,
    versions: semverRange.optional(),
    maxBump: zod__WEBPACK_IMPORTED_MODULE_3__/* ["enum"] */ .k5n(BUMP_KINDS).optional(),
    targets: zod__WEBPACK_IMPORTED_MODULE_3__/* .array */ .YOg(targetPattern).min(1).max(100).optional(),
});
/** The schema of `auto-approve.yml`. */
const autoApproveFileSchema = (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .strict */ .O2)({
    rules: zod__WEBPACK_IMPORTED_MODULE_3__/* .array */ .YOg(ruleSchema)
        .max(20_000)
        .superRefine((rules, ctx) => {
        // Runs even when a rule failed (when: always): it may see raw values, hence the shape checks.
        if (!Array.isArray(rules))
            return;
        const seen = new Map();
        rules.forEach((rule, index) => {
            if (typeof rule !== 'object' || rule === null || typeof rule.id !== 'string')
                return;
            const first = seen.get(rule.id);
            if (first === undefined)
                seen.set(rule.id, index);
            else
                ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `duplicate rule id "${rule.id}" (also rules[${first}]); ids name the rule in approval comments and must be unique` });
        });
    }, { when: () => true }),
}, 'a mapping with a "rules:" list');
function compileTargetPattern(pattern) {
    if (!pattern.includes('*'))
        return (targetId) => targetId === pattern;
    // Only `*` is special in target globs: `[` and `]` are literal because ids look like npm[@scope/pkg].
    const source = pattern
        .split('*')
        .map((part) => part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
        .join('.*');
    const regex = new RegExp(`^${source}$`);
    return (targetId) => regex.test(targetId);
}
function push(map, key, value) {
    const list = map.get(key);
    if (list)
        list.push(value);
    else
        map.set(key, [value]);
}
/** Compiles rules once; pass the result to decideAutoApproval for every request. */
function compileRules(rules) {
    const exact = new Map();
    const globsByOwner = new Map();
    const globsAnyOwner = [];
    const byRepoLower = new Map();
    rules.forEach((rule, index) => {
        const isExact = (0,_repo_glob_js__WEBPACK_IMPORTED_MODULE_2__/* .isExactPattern */ .Qu)(rule.match);
        const compiled = { index, rule, regex: isExact ? null : (0,_repo_glob_js__WEBPACK_IMPORTED_MODULE_2__/* .repoPatternRegex */ .uC)(rule.match), literal: (0,_repo_glob_js__WEBPACK_IMPORTED_MODULE_2__/* .requiredLiteral */ .Hk)(rule.match), targetTests: rule.targets ? rule.targets.map(compileTargetPattern) : null };
        const [owner = '', repo = ''] = rule.match.split('/');
        if (isExact)
            push(exact, rule.match, compiled);
        else if ((0,_repo_glob_js__WEBPACK_IMPORTED_MODULE_2__/* .isExactPattern */ .Qu)(owner))
            push(globsByOwner, owner, compiled);
        else
            globsAnyOwner.push(compiled);
        if ((0,_repo_glob_js__WEBPACK_IMPORTED_MODULE_2__/* .isExactPattern */ .Qu)(`${owner}/${repo}`))
            push(byRepoLower, `${owner}/${repo}`.toLowerCase(), compiled);
    });
    return { rules, exact, globsByOwner, globsAnyOwner, byRepoLower };
}
const compiledCache = new WeakMap();
function isCompiled(rules) {
    return !Array.isArray(rules) && 'exact' in rules;
}
/** The kind of step from `previous` to `next`, or null when `next` is not greater. */
function bumpKind(previous, next) {
    if (!semver__WEBPACK_IMPORTED_MODULE_0___default().gt(next, previous))
        return null;
    const diff = semver__WEBPACK_IMPORTED_MODULE_0___default().diff(previous, next);
    if (diff === 'major' || diff === 'premajor')
        return 'major';
    if (diff === 'minor' || diff === 'preminor')
        return 'minor';
    return 'patch';
}
function ruleFailure(compiled, request) {
    const { rule } = compiled;
    if (rule.versions !== undefined && !semver__WEBPACK_IMPORTED_MODULE_0___default().satisfies(request.version, rule.versions)) {
        return `version ${request.version} is outside ${JSON.stringify(rule.versions)}`;
    }
    if (rule.maxBump !== undefined) {
        if (request.previousVersion === null)
            return `first release (no previous version): rule allows at most ${rule.maxBump} bumps`;
        if (semver__WEBPACK_IMPORTED_MODULE_0___default().valid(request.previousVersion) === null)
            return `previous version ${JSON.stringify(request.previousVersion)} is not semver, so the bump cannot be measured`;
        const kind = bumpKind(request.previousVersion, request.version);
        if (kind === null)
            return `${request.version} is not greater than the previous ${request.previousVersion}`;
        if (BUMP_KINDS.indexOf(kind) > BUMP_KINDS.indexOf(rule.maxBump))
            return `${request.previousVersion} → ${request.version} is a ${kind} bump; rule allows at most ${rule.maxBump}`;
    }
    if (compiled.targetTests !== null) {
        const tests = compiled.targetTests;
        const outside = request.targets.filter((target) => !tests.some((test) => test(target)));
        if (outside.length > 0)
            return `target${outside.length === 1 ? '' : 's'} ${outside.map((t) => JSON.stringify(t)).join(', ')} not in the rule's targets (${(rule.targets ?? []).join(', ')})`;
    }
    return null;
}
const MAX_REASONS = 5;
/**
 * Decides whether the release bot may approve a request, and says which rule decided or why
 * none did. The first rule in file order that fully matches wins.
 */
function decideAutoApproval(rules, request, releaseBot) {
    let compiled;
    if (isCompiled(rules))
        compiled = rules;
    else {
        compiled = compiledCache.get(rules) ?? compileRules(rules);
        compiledCache.set(rules, compiled);
    }
    if (request.author !== releaseBot) {
        return { approved: false, reasons: [`opened by @${request.author}, not by the release bot @${releaseBot}: only requests the bot opened can be auto-approved`] };
    }
    const fullName = (0,_repo_glob_js__WEBPACK_IMPORTED_MODULE_2__/* .fullNameOf */ .E4)(request.repo, request.path);
    if (!(0,_repo_glob_js__WEBPACK_IMPORTED_MODULE_2__/* .isCanonicalFullName */ .hv)(fullName)) {
        return { approved: false, reasons: [`${JSON.stringify(fullName)} is not a canonical owner/repo[/path] (spaces, slashes or non-ASCII characters), so no rule can match`] };
    }
    if (semver__WEBPACK_IMPORTED_MODULE_0___default().valid(request.version) === null) {
        return { approved: false, reasons: [`version ${JSON.stringify(request.version)} is not semver`] };
    }
    // The name is canonical from here on, so the glob expressions see only plain ASCII names.
    const globMatches = (rule) => rule.regex !== null && fullName.includes(rule.literal) && rule.regex.test(fullName);
    const candidates = [
        ...(compiled.exact.get(fullName) ?? []),
        ...(compiled.globsByOwner.get(request.repo.owner) ?? []).filter(globMatches),
        ...compiled.globsAnyOwner.filter(globMatches),
    ].sort((a, b) => a.index - b.index);
    const reasons = [];
    for (const candidate of candidates) {
        const failure = ruleFailure(candidate, request);
        if (failure === null)
            return { approved: true, rule: candidate.rule };
        if (reasons.length < MAX_REASONS)
            reasons.push(`rule "${candidate.rule.id}": ${failure}`);
    }
    if (candidates.length === 0) {
        reasons.push(`no rule matches ${fullName}`);
        const repoKey = `${request.repo.owner}/${request.repo.repo}`.toLowerCase();
        for (const near of compiled.byRepoLower.get(repoKey) ?? []) {
            if (reasons.length > MAX_REASONS)
                break;
            reasons.push(`rule "${near.rule.id}" matches ${JSON.stringify(near.rule.match)}, not ${JSON.stringify(fullName)} (names are compared exactly: case, path and every character count)`);
        }
    }
    return { approved: false, reasons };
}


/***/ }),

/***/ 5877:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   jV: () => (/* binding */ formatPath),
/* harmony export */   xL: () => (/* binding */ ConfigError)
/* harmony export */ });
/* unused harmony exports CONFIG_DOCS, formatProblem */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/**
 * The one error a config file produces: every problem found, each with its file, line and field,
 * so that a person fixes the whole file in one pass instead of one error per run.
 */

/** Where config documentation lives, quoted in every fix. */
const CONFIG_DOCS = 'docs/config.md';
/** Renders `file:line: path: message`, the form editors and annotations understand. */
function formatProblem(problem) {
    const where = problem.line === null ? problem.file : `${problem.file}:${problem.line}`;
    return `${where}: ${problem.path}: ${problem.message}`;
}
/** A config file that is not valid. Lists every problem; loading it changed nothing. */
class ConfigError extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ValidationError */ .yI {
    file;
    problems;
    name = 'ConfigError';
    constructor(file, problems, fix = `Correct each field listed above in ${file} (${CONFIG_DOCS} describes every field and its default); nothing was changed.`) {
        super('E_CONFIG_INVALID', `${file} is not valid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`, problems[0]?.path ?? '(top level)', fix);
        this.file = file;
        this.problems = problems;
    }
}
/** Writes a zod-style path the way the docs name fields: `targets[1].name`, `mergeTargets["acme/app"]`. */
function formatPath(path) {
    if (path.length === 0)
        return '(top level)';
    let out = '';
    for (const segment of path) {
        if (typeof segment === 'number')
            out += `[${segment}]`;
        else if (typeof segment === 'string' && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment))
            out += out === '' ? segment : `.${segment}`;
        else
            out += `[${JSON.stringify(String(segment))}]`;
    }
    return out;
}


/***/ }),

/***/ 81:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D_: () => (/* binding */ identity),
/* harmony export */   Er: () => (/* binding */ repoFilePath),
/* harmony export */   HJ: () => (/* binding */ repoPattern),
/* harmony export */   JO: () => (/* binding */ teamRef),
/* harmony export */   LQ: () => (/* binding */ botLogin),
/* harmony export */   LX: () => (/* binding */ branchPattern),
/* harmony export */   O2: () => (/* binding */ strict),
/* harmony export */   Qq: () => (/* binding */ text),
/* harmony export */   _u: () => (/* binding */ namePattern),
/* harmony export */   pH: () => (/* binding */ userLogin)
/* harmony export */ });
/* unused harmony exports nonAsciiProblem, hasControlCharacters, MAX_PATTERN_LENGTH, compileNamePattern */
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2857);
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8532);
/* harmony import */ var _repo_glob_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1887);
/* harmony import */ var _issues_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1012);
/**
 * Field schemas shared by the three config files. Identity-bearing strings (logins, teams,
 * repository patterns, target ids, branch names) are ASCII-checked first, so a Cyrillic "о" or a
 * fullwidth "／" is reported as exactly that instead of as a vague pattern mismatch.
 */



/** A strict object whose unknown-key message names each key and suggests the closest known one. */
function strict(shape, expected) {
    const known = Object.keys(shape);
    return zod__WEBPACK_IMPORTED_MODULE_2__/* .strictObject */ .rej(shape, {
        error: (issue) => {
            // One line per key, in order: toProblems() splits them so each key gets its own line number.
            if (issue.code === 'unrecognized_keys')
                return issue.keys.map((key) => (0,_issues_js__WEBPACK_IMPORTED_MODULE_1__/* .unknownKeyMessage */ .VP)(key, known)).join('\n');
            if (issue.code === 'invalid_type' && expected !== undefined && issue.input !== undefined)
                return `expected ${expected}, got ${(0,_issues_js__WEBPACK_IMPORTED_MODULE_1__/* .preview */ .VH)(issue.input)}`;
            return undefined;
        },
    });
}
/** The first character outside printable ASCII, described for a message, or null. */
function nonAsciiProblem(value) {
    for (let i = 0; i < value.length; i += 1) {
        const code = value.charCodeAt(i);
        if (code < 0x21 || code > 0x7e) {
            const point = value.codePointAt(i) ?? code;
            const shown = code < 0x20 || code === 0x7f ? 'a control character' : code === 0x20 ? 'a space' : `"${String.fromCodePoint(point)}"`;
            return `contains ${shown} (U+${point.toString(16).toUpperCase().padStart(4, '0')}) at position ${i + 1}; identity fields accept printable ASCII without spaces only (look-alike letters and fullwidth characters are refused): retype the value`;
        }
    }
    return null;
}
/** An identity-bearing string: printable ASCII, no spaces, bounded, then a grammar. */
function identity(what, grammar, expected, max = 100, allowEmpty = false) {
    return zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().superRefine((value, ctx) => {
        if (value.length === 0 && allowEmpty)
            return;
        if (value.length === 0)
            return void ctx.addIssue({ code: 'custom', message: `${what} must not be empty; expected ${expected}` });
        const ascii = nonAsciiProblem(value);
        if (ascii)
            return void ctx.addIssue({ code: 'custom', message: `${what} ${JSON.stringify(value.slice(0, 80))} ${ascii}` });
        if (value.length > max)
            return void ctx.addIssue({ code: 'custom', message: `${what} is longer than ${max} characters` });
        const problem = typeof grammar === 'function' ? grammar(value) : grammar.test(value) ? null : `is not ${expected}`;
        if (problem)
            ctx.addIssue({ code: 'custom', message: `${what} ${JSON.stringify(value)} ${problem}` });
    });
}
/** Free text shown to people (descriptions, reasons): any language, but no control characters. */
function text(max = 500) {
    return zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP()
        .min(1)
        .max(max)
        .refine((value) => !hasControlCharacters(value), 'must not contain control or bidirectional-override characters');
}
/** Control characters (tab and newline allowed) and bidi overrides, which can make text read differently than it is. */
function hasControlCharacters(value) {
    for (let i = 0; i < value.length; i += 1) {
        const code = value.charCodeAt(i);
        if ((code < 0x20 && code !== 0x09 && code !== 0x0a) || code === 0x7f || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069))
            return true;
    }
    return false;
}
/** A GitHub user login (never a bot: people approve, bots do not). */
const userLogin = identity('login', (value) => (value.endsWith('[bot]') ? 'is a bot account; only people can be listed here' : (0,_repo_glob_js__WEBPACK_IMPORTED_MODULE_0__/* .isOwnerName */ .BZ)(value) ? null : 'is not a GitHub login (letters, digits and single hyphens, at most 39 characters)'), 'a GitHub login', 39);
/** The login of a GitHub App's bot user, `<app-slug>[bot]`. */
const botLogin = identity('releaseBot', (value) => (/^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){0,33}\[bot\]$/.test(value) ? null : 'is not a GitHub App bot login; it must be the app slug followed by "[bot]", e.g. "acme-release[bot]" (a look-alike user such as "acme-release" is not the bot)'), 'a bot login', 45);
/** A team, `org/team-slug`. */
const teamRef = identity('team', (value) => {
    const [org, slug, extra] = value.split('/');
    if (extra !== undefined || org === undefined || slug === undefined)
        return 'must have the form "org/team-slug"';
    if (!(0,_repo_glob_js__WEBPACK_IMPORTED_MODULE_0__/* .isOwnerName */ .BZ)(org))
        return `has "${org}", which is not an organisation name`;
    if (!/^[a-z0-9][a-z0-9_-]{0,99}$/.test(slug))
        return `has "${slug}", which is not a team slug (lower-case letters, digits, "-" and "_", as in the team's URL)`;
    return null;
}, 'org/team-slug', 140);
/** A glob on `owner/repo[/path]` (see repo-glob.ts for the semantics). */
const repoPattern = identity('pattern', _repo_glob_js__WEBPACK_IMPORTED_MODULE_0__/* .repoPatternProblem */ .O8, 'owner/repo[/path] or a glob of it', 300);
/** A git branch name or glob of branch names. */
const branchPattern = identity('branch', (value) => {
    if (!/^[A-Za-z0-9._\-/*?[\]{},+@]+$/.test(value))
        return 'may contain letters, digits, "._-/+@" and glob characters only';
    if (value.startsWith('/') || value.endsWith('/') || value.includes('//') || value.includes('..') || value.startsWith('-') || value.endsWith('.lock') || value.endsWith('.')) {
        return 'is not a valid branch name (no leading "-" or "/", no "..", "//", trailing "/", "." or ".lock")';
    }
    return null;
}, 'a branch name or glob', 200);
/** Craft-style name patterns: `/regex/flags`. */
const MAX_PATTERN_LENGTH = 256;
/** Compiles a `/regex/flags` string, or says why it cannot be used. */
function compileNamePattern(value) {
    if (value.length > MAX_PATTERN_LENGTH)
        return `is longer than ${MAX_PATTERN_LENGTH} characters; shorten the pattern`;
    const parts = /^\/(.+)\/([a-z]*)$/s.exec(value);
    if (!parts)
        return `must be written as a regular expression between slashes, e.g. "/^sentry-.*\\.tgz$/"`;
    const [, source = '', flags = ''] = parts;
    if (/[^imsu]/.test(flags) || new Set(flags).size !== flags.length)
        return `has flags "${flags}"; only i, m, s and u are allowed (g and y make matching stateful)`;
    // A quantified group that ends in a quantifier, such as (a+)+, can take exponential time on a crafted name.
    if (/[+*}]\)[+*{]/.test(source))
        return 'nests quantifiers (such as "(a+)+"), which can backtrack catastrophically; rewrite it without a repeated repetition';
    try {
        return new RegExp(source, flags);
    }
    catch (error) {
        return `is not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`;
    }
}
/** A `/regex/flags` field, parsed into a RegExp. */
const namePattern = zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().transform((value, ctx) => {
    const compiled = compileNamePattern(value);
    if (typeof compiled === 'string') {
        ctx.addIssue({ code: 'custom', message: `pattern ${JSON.stringify(value.slice(0, 80))} ${compiled}` });
        return zod__WEBPACK_IMPORTED_MODULE_3__/* .NEVER */ .tm;
    }
    return compiled;
});
/** A relative path inside a repository: no absolute paths, no "..", printable ASCII. */
const repoFilePath = identity('path', (value) => {
    if (value.startsWith('/') || value.includes('\\'))
        return 'must be relative to the repository root, with "/" separators';
    if (value.split('/').some((s) => s === '..' || s === '' || s === '.'))
        return 'must not contain "..", "." or empty segments';
    if (!/^[A-Za-z0-9._@+\-/]+$/.test(value))
        return 'may contain letters, digits and "._@+-/" only';
    return null;
}, 'a relative path', 300);


/***/ }),

/***/ 1012:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Tx: () => (/* binding */ errorMap),
/* harmony export */   VH: () => (/* binding */ preview),
/* harmony export */   VP: () => (/* binding */ unknownKeyMessage),
/* harmony export */   au: () => (/* binding */ didYouMean),
/* harmony export */   ek: () => (/* binding */ toProblems)
/* harmony export */ });
/* unused harmony exports editDistance, closest */
/** Edit distance counting a swap of two neighbours as one edit (typos like "nmp"); capped, only small distances matter. */
function editDistance(a, b) {
    if (Math.abs(a.length - b.length) > 3 || a.length > 64 || b.length > 64)
        return a === b ? 0 : 4;
    const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    const at = (i, j) => d[i]?.[j] ?? 0;
    for (let i = 1; i <= a.length; i += 1) {
        const row = d[i] ?? [];
        for (let j = 1; j <= b.length; j += 1) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
                best = Math.min(best, at(i - 2, j - 2) + 1);
            row[j] = best;
        }
    }
    return at(a.length, b.length);
}
/** The known word closest to `given`, if it is close enough to be a likely typo. */
function closest(given, known) {
    let best;
    let bestDistance = Infinity;
    const lower = given.toLowerCase();
    for (const candidate of known) {
        const distance = candidate.toLowerCase() === lower ? 0 : editDistance(lower, candidate.toLowerCase());
        if (distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
    }
    return bestDistance <= Math.max(1, Math.floor(given.length / 3)) ? best : undefined;
}
/** ` (did you mean "x"?)` or '' */
function didYouMean(given, known) {
    const match = closest(given, known);
    return match === undefined ? '' : ` (did you mean "${match}"?)`;
}
/** A short, safe rendering of any value for a message: never throws, never dumps a whole tree. */
function preview(value) {
    if (value === undefined)
        return 'nothing';
    if (value === null)
        return 'null (an empty value)';
    if (typeof value === 'string') {
        const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
        return JSON.stringify(shown);
    }
    if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
        return `${typeof value} ${String(value)}`;
    if (Array.isArray(value))
        return 'a list';
    if (value instanceof Date)
        return 'a date';
    if (typeof value === 'object')
        return 'a mapping';
    return typeof value;
}
const TYPE_WORDS = {
    string: 'a string',
    number: 'a number',
    int: 'an integer',
    boolean: 'true or false',
    array: 'a list',
    object: 'a mapping (key: value lines)',
    record: 'a mapping (key: value lines)',
    tuple: 'a list',
};
/** Message for one unknown key, with a "did you mean" against the keys the object accepts. */
function unknownKeyMessage(key, known) {
    return `unknown field ${JSON.stringify(key)}${didYouMean(key, known)}; remove it or use one of: ${known.join(', ')}`;
}
/** The per-parse error map: friendlier wording for the issues zod words by type. */
const errorMap = (issue) => {
    switch (issue.code) {
        case 'invalid_type': {
            const expected = TYPE_WORDS[issue.expected] ?? issue.expected;
            if (issue.input === undefined)
                return `missing; this field is required (${expected})`;
            return `expected ${expected}, got ${preview(issue.input)}`;
        }
        case 'invalid_value': {
            const options = issue.values.map((v) => JSON.stringify(v));
            const hint = typeof issue.input === 'string' ? didYouMean(issue.input, issue.values.map(String)) : '';
            return `${preview(issue.input)} is not allowed${hint}; use one of: ${options.join(', ')}`;
        }
        case 'too_small':
            if (issue.origin === 'array')
                return `needs at least ${String(issue.minimum)} item${issue.minimum === 1 ? '' : 's'}`;
            if (issue.origin === 'string')
                return issue.minimum === 1 ? 'must not be empty' : `must be at least ${String(issue.minimum)} characters`;
            return `must be ${issue.inclusive ? 'at least' : 'more than'} ${String(issue.minimum)}`;
        case 'too_big':
            if (issue.origin === 'array')
                return `has more than ${String(issue.maximum)} items`;
            if (issue.origin === 'string')
                return `is longer than ${String(issue.maximum)} characters`;
            return `must be ${issue.inclusive ? 'at most' : 'less than'} ${String(issue.maximum)}`;
        case 'invalid_union':
            return `${preview(issue.input)} does not have any accepted form`;
        case 'invalid_key': {
            const inner = issue.issues.map((i) => i.message).filter(Boolean);
            return inner.length > 0 ? inner.join('; ') : `key ${preview(issue.input)} is not valid`;
        }
        default:
            return undefined;
    }
};
/**
 * Flattens zod issues into problems: an `unrecognized_keys` issue becomes one problem per key
 * (so each points at its own line), a union's inner issues are not repeated.
 */
function toProblems(issues) {
    const problems = [];
    for (const issue of issues) {
        if (issue.code === 'unrecognized_keys') {
            // strict() words one line per key, in key order (see fields.ts).
            const messages = issue.message.split('\n');
            issue.keys.forEach((key, index) => {
                problems.push({ path: [...issue.path, key], message: messages[index] ?? `unknown field ${JSON.stringify(key)}` });
            });
        }
        else {
            problems.push({ path: issue.path, message: issue.message });
        }
    }
    return problems;
}


/***/ }),

/***/ 5347:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Ki: () => (/* binding */ loadConfigText)
});

// UNUSED EXPORTS: CONFIG_FILE_NAMES, CONFIG_KINDS, inferConfigKind

// EXTERNAL MODULE: ./src/config/config-error.ts
var config_error = __webpack_require__(5877);
// EXTERNAL MODULE: ./src/config/issues.ts
var issues = __webpack_require__(1012);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
;// CONCATENATED MODULE: ./src/config/yaml-source.ts
/**
 * YAML parsing with line numbers kept, so every schema problem can point at its line.
 * Only this module touches the `yaml` package.
 */


/** Larger files are refused before parsing: parsing is not free. 10,000 auto-approve rules take about 1 MiB. */
const MAX_CONFIG_BYTES = 4 * 1024 * 1024;
function formatBytes(bytes) {
    return bytes >= 1024 * 1024 ? `${bytes / 1024 / 1024} MiB` : `${bytes / 1024} KiB`;
}
/** Parses one YAML document; syntax errors, duplicate keys and alias bombs become a ConfigError. */
function parseYamlSource(text, file, maxBytes = MAX_CONFIG_BYTES) {
    if (Buffer.byteLength(text, 'utf8') > maxBytes) {
        throw new config_error/* ConfigError */.xL(file, [{ file, line: null, path: '(top level)', message: `the file is larger than ${formatBytes(maxBytes)}; a config file this large is almost certainly not a config file` }]);
    }
    const lineCounter = new dist/* LineCounter */.HN();
    // uniqueKeys: a duplicated key would make the file mean something different to a reader and to us.
    const doc = (0,dist/* parseDocument */.Tp)(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
    if (doc.errors.length > 0) {
        throw new config_error/* ConfigError */.xL(file, doc.errors.map((error) => ({ file, line: error.linePos?.[0].line ?? lineCounter.linePos(Math.min(error.pos[0], text.length)).line, path: '(YAML syntax)', message: `${firstLine(error.message)}; fix the YAML syntax at this line (quote values that contain ": " or start with a special character)` })));
    }
    let data;
    try {
        // A low alias budget stops "billion laughs" documents; real config files use few or no aliases.
        data = doc.toJS({ maxAliasCount: 100 });
    }
    catch (error) {
        throw new config_error/* ConfigError */.xL(file, [{ file, line: null, path: '(YAML syntax)', message: `the YAML could not be read: ${firstLine(error instanceof Error ? error.message : String(error))}` }]);
    }
    return { data, lineOf: (path) => lineOfPath(doc, lineCounter, path) };
}
function firstLine(message) {
    return (message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '').trim();
}
function lineOfPath(doc, lineCounter, path) {
    let node = doc.contents;
    let offset = rangeStart(node);
    for (const segment of path) {
        if ((0,dist/* isMap */.jh)(node)) {
            const pair = node.items.find((item) => (0,dist/* isPair */.tO)(item) && keyText(item.key) === String(segment));
            if (!pair)
                break;
            offset = rangeStart(pair.key) ?? offset;
            node = pair.value;
        }
        else if ((0,dist/* isSeq */.oP)(node) && typeof segment === 'number') {
            const item = node.items[segment];
            if (item === undefined)
                break;
            node = item;
            offset = rangeStart(item) ?? offset;
        }
        else {
            break;
        }
    }
    return offset === undefined ? null : lineCounter.linePos(offset).line;
}
function keyText(key) {
    if ((0,dist/* isScalar */.jn)(key))
        return String(key.value);
    return undefined;
}
function rangeStart(node) {
    const range = node?.range;
    return Array.isArray(range) ? range[0] : undefined;
}

// EXTERNAL MODULE: ./src/config/publish-config.ts
var publish_config = __webpack_require__(1808);
// EXTERNAL MODULE: ./src/config/auto-approve.ts
var auto_approve = __webpack_require__(9627);
// EXTERNAL MODULE: ./src/config/policy.ts
var policy = __webpack_require__(9706);
;// CONCATENATED MODULE: ./src/config/load.ts






/** The three config files. */
const CONFIG_KINDS = (/* unused pure expression or super */ null && (['craft', 'auto-approve', 'policy']));
const SCHEMAS = {
    craft: publish_config/* publishConfigFileSchema */.tn,
    'auto-approve': auto_approve/* autoApproveFileSchema */.gW,
    policy: policy/* policyFileSchema */.Yo,
};
/** The usual file name of each kind, as the docs and messages name it. */
const CONFIG_FILE_NAMES = {
    craft: '.craft.yml',
    'auto-approve': 'auto-approve.yml',
    policy: '.github/publish-policy.yml',
};
/**
 * The kind a file name implies, or null: `.craft.yml`, `auto-approve.yml`, `publish-policy.yml`
 * (`.yaml` too), also with a prefix ending in a dot (`sdk.craft.yml`, `staging.auto-approve.yml`).
 */
function inferConfigKind(fileName) {
    const base = fileName.split(/[\\/]/).pop() ?? '';
    const is = (name) => ['.yml', '.yaml'].some((ext) => base === `${name}${ext}` || base.endsWith(`.${name}${ext}`));
    if (is('craft') || base === '.craft.yml' || base === '.craft.yaml')
        return 'craft';
    if (is('auto-approve'))
        return 'auto-approve';
    if (is('publish-policy'))
        return 'policy';
    return null;
}
/**
 * The largest file of each kind. A product repo controls its `.craft.yml` and the publish job parses
 * it, and the YAML parser needs seconds for a megabyte of syntax errors, so that file is kept small;
 * the control repo's own files (written by release managers) may hold 10,000 rules.
 */
const MAX_BYTES = { craft: 256 * 1024, policy: 256 * 1024, 'auto-approve': 4 * 1024 * 1024 };
/** Parses and validates one config file. Throws ConfigError (and nothing else) when it is not valid. */
function loadConfigText(kind, text, fileName) {
    const source = parseYamlSource(text, fileName, MAX_BYTES[kind]);
    if (source.data === null || source.data === undefined) {
        throw new config_error/* ConfigError */.xL(fileName, [{ file: fileName, line: null, path: '(top level)', message: `the file is empty; see ${CONFIG_FILE_NAMES[kind]} in docs/config.md for what it must contain` }]);
    }
    const schema = SCHEMAS[kind];
    const result = schema.safeParse(source.data, { error: issues/* errorMap */.Tx });
    if (!result.success) {
        const problems = (0,issues/* toProblems */.ek)(result.error.issues).map((problem) => ({ file: fileName, line: source.lineOf(problem.path), path: (0,config_error/* formatPath */.jV)(problem.path), message: problem.message }));
        problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
        throw new config_error/* ConfigError */.xL(fileName, problems);
    }
    const warnings = kind === 'craft' ? (0,publish_config/* craftIgnoredFieldWarnings */.K$)(source.data).map((w) => ({ file: fileName, line: source.lineOf(w.path), path: (0,config_error/* formatPath */.jV)(w.path), message: w.message })) : [];
    return { kind, config: result.data, warnings };
}


/***/ }),

/***/ 9706:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   WJ: () => (/* binding */ expiresAt),
/* harmony export */   Yo: () => (/* binding */ policyFileSchema),
/* harmony export */   Zz: () => (/* binding */ isFrozen),
/* harmony export */   eD: () => (/* binding */ isMergeTargetAllowed),
/* harmony export */   zU: () => (/* binding */ requiredApprovalsFor)
/* harmony export */ });
/* unused harmony exports WEEKDAYS, windowCovers, grants */
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2857);
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8532);
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(4377);
/* harmony import */ var _fields_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(81);
/* harmony import */ var _issues_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1012);
/* harmony import */ var _repo_glob_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1887);
/**
 * The control repo policy, `.github/publish-policy.yml`: who approves, how many approvals a
 * package needs, who may retract or hold, freeze windows, expiry, and which branches of a product
 * repo may be the merge target and the source of its publish config. It lives in the control
 * repo, which only release managers can write; product repos cannot loosen it.
 */




const GRANT_WORDS = ['requester', 'product-writers', 'release-managers'];
const GRANT_FORMS = `"requester", "product-writers", "release-managers", "team:org/slug" or "user:login"`;
const grant = zod__WEBPACK_IMPORTED_MODULE_3__/* .string */ .YjP().transform((value, ctx) => {
    if (GRANT_WORDS.includes(value))
        return { kind: value };
    const forward = (schema, input, make) => {
        const result = schema.safeParse(input, { error: _issues_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMap */ .Tx });
        if (result.success)
            return make();
        for (const problem of (0,_issues_js__WEBPACK_IMPORTED_MODULE_1__/* .toProblems */ .ek)(result.error.issues))
            ctx.addIssue({ code: 'custom', message: problem.message });
        return zod__WEBPACK_IMPORTED_MODULE_4__/* .NEVER */ .tm;
    };
    if (value.startsWith('team:'))
        return forward(_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .teamRef */ .JO, value.slice(5), () => ({ kind: 'team', team: value.slice(5) }));
    if (value.startsWith('user:'))
        return forward(_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .userLogin */ .pH, value.slice(5), () => ({ kind: 'user', login: value.slice(5) }));
    ctx.addIssue({ code: 'custom', message: `${(0,_issues_js__WEBPACK_IMPORTED_MODULE_1__/* .preview */ .VH)(value)} is not a grant; use ${GRANT_FORMS}` });
    return zod__WEBPACK_IMPORTED_MODULE_4__/* .NEVER */ .tm;
});
const grantList = (defaults) => (0,_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .strict */ .O2)({ allow: zod__WEBPACK_IMPORTED_MODULE_3__/* .array */ .YOg(grant).min(1).max(100) }, 'a mapping with an "allow:" list').prefault({ allow: defaults });
const isoDateTime = zod__WEBPACK_IMPORTED_MODULE_3__/* .preprocess */ .vkY(
// A `%YAML 1.1` file turns timestamps into dates; read them back as the same instant.
(value) => (value instanceof Date ? value.toISOString() : value), zod__WEBPACK_IMPORTED_MODULE_5__/* .datetime */ .w$({ offset: true, error: (issue) => `${(0,_issues_js__WEBPACK_IMPORTED_MODULE_1__/* .preview */ .VH)(issue.input)} is not an ISO date-time with a time zone; write e.g. "2026-12-20T00:00:00Z" or "2026-12-20T09:00:00+01:00"` }));
/** Days of the week as written in weekly windows. */
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const clockTime = zod__WEBPACK_IMPORTED_MODULE_3__/* .string */ .YjP().regex(/^(?:[01][0-9]|2[0-3]):[0-5][0-9]$/, { error: (issue) => `${(0,_issues_js__WEBPACK_IMPORTED_MODULE_1__/* .preview */ .VH)(issue.input)} is not a time; write HH:MM on a 24-hour clock, e.g. "18:30"` });
const timeZone = (0,_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .identity */ .D_)('timezone', (value) => {
    try {
        new Intl.DateTimeFormat('en-US', { timeZone: value });
        return null;
    }
    catch {
        return 'is not a time zone; use "UTC" or an IANA name such as "Europe/Vienna"';
    }
}, 'a time zone', 64);
const windowCommon = { name: (0,_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .text */ .Qq)(100), match: _fields_js__WEBPACK_IMPORTED_MODULE_0__/* .repoPattern */ .HJ.optional(), reason: (0,_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .text */ .Qq)(500) };
const datedWindow = (0,_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .strict */ .O2)({ ...windowCommon, from: isoDateTime, to: isoDateTime }).superRefine((window, ctx) => {
    if (Date.parse(window.to) <= Date.parse(window.from))
        ctx.addIssue({ code: 'custom', path: ['to'], message: `must be after "from" (${window.from})` });
});
const weeklyWindow = (0,_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .strict */ .O2)({
    ...windowCommon,
    weekly: (0,_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .strict */ .O2)({
        days: zod__WEBPACK_IMPORTED_MODULE_3__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_3__/* ["enum"] */ .k5n(WEEKDAYS)).min(1).max(7),
        from: clockTime,
        to: clockTime,
        timezone: timeZone.default('UTC'),
    }).superRefine((weekly, ctx) => {
        if (weekly.to < weekly.from)
            ctx.addIssue({ code: 'custom', path: ['to'], message: `is before "from" (${weekly.from}); a window ends on the day it starts: split an overnight freeze into two days` });
    }),
});
const freezeWindow = zod__WEBPACK_IMPORTED_MODULE_3__/* .unknown */ .L5J().transform((value, ctx) => {
    const isWeekly = typeof value === 'object' && value !== null && 'weekly' in value;
    const result = (isWeekly ? weeklyWindow : datedWindow).safeParse(value, { error: _issues_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMap */ .Tx });
    if (!result.success) {
        for (const problem of (0,_issues_js__WEBPACK_IMPORTED_MODULE_1__/* .toProblems */ .ek)(result.error.issues))
            ctx.addIssue({ code: 'custom', path: [...problem.path], message: problem.message });
        return zod__WEBPACK_IMPORTED_MODULE_4__/* .NEVER */ .tm;
    }
    const data = result.data;
    const common = { name: data.name, reason: data.reason, match: data.match ?? null };
    return 'weekly' in data ? { kind: 'weekly', ...common, weekly: data.weekly } : { kind: 'dated', ...common, from: data.from, to: data.to };
});
const repoKey = (0,_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .identity */ .D_)('repository', (value) => {
    const [owner, repo, extra] = value.split('/');
    return extra === undefined && owner !== undefined && repo !== undefined && (0,_repo_glob_js__WEBPACK_IMPORTED_MODULE_2__/* .isOwnerName */ .BZ)(owner) && (0,_repo_glob_js__WEBPACK_IMPORTED_MODULE_2__/* .isRepoName */ .AW)(repo) ? null : 'is not an exact owner/repo';
}, 'owner/repo', 140);
const policySchema = (0,_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .strict */ .O2)({
    releaseBot: _fields_js__WEBPACK_IMPORTED_MODULE_0__/* .botLogin */ .LQ,
    approvers: (0,_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .strict */ .O2)({ teams: zod__WEBPACK_IMPORTED_MODULE_3__/* .array */ .YOg(_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .teamRef */ .JO).max(50).default([]), users: zod__WEBPACK_IMPORTED_MODULE_3__/* .array */ .YOg(_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .userLogin */ .pH).max(200).default([]) }).superRefine((approvers, ctx) => {
        if (approvers.teams.length + approvers.users.length === 0)
            ctx.addIssue({ code: 'custom', message: 'names nobody; list at least one team ("org/slug") or user who may approve' });
    }),
    approvals: (0,_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .strict */ .O2)({
        required: zod__WEBPACK_IMPORTED_MODULE_3__/* .number */ .aig().int().min(1).max(10).default(1),
        overrides: zod__WEBPACK_IMPORTED_MODULE_3__/* .array */ .YOg((0,_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .strict */ .O2)({ match: _fields_js__WEBPACK_IMPORTED_MODULE_0__/* .repoPattern */ .HJ, required: zod__WEBPACK_IMPORTED_MODULE_3__/* .number */ .aig().int().min(1).max(10) })).max(1000).default([]),
    }).default({ required: 1, overrides: [] }),
    allowSelfApproval: zod__WEBPACK_IMPORTED_MODULE_3__/* .boolean */ .zMY().default(false),
    retract: grantList(['requester', 'release-managers']),
    hold: grantList(['requester', 'release-managers']),
    freezeWindows: zod__WEBPACK_IMPORTED_MODULE_3__/* .array */ .YOg(freezeWindow).max(500).default([]),
    expiry: (0,_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .strict */ .O2)({ days: zod__WEBPACK_IMPORTED_MODULE_3__/* .number */ .aig().int().min(1).max(365) }).default({ days: 14 }),
    mergeTargets: zod__WEBPACK_IMPORTED_MODULE_3__/* .record */ .g1P(repoKey, zod__WEBPACK_IMPORTED_MODULE_3__/* .array */ .YOg(_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .branchPattern */ .LX).min(1).max(50)).default({}),
    reconcile: (0,_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .strict */ .O2)({
        /** Upper bound on requests one reconcile run looks at, so its API cost stays bounded. */
        maxRequestsPerRun: zod__WEBPACK_IMPORTED_MODULE_3__/* .number */ .aig().int().min(1).max(1000).default(100),
    }).default({ maxRequestsPerRun: 100 }),
}, 'a mapping of settings (the file must start with keys such as "releaseBot:")');
/** The schema of `.github/publish-policy.yml`, producing a PublishPolicy. */
const policyFileSchema = policySchema.transform((raw) => ({
    ...raw,
    // A Map: repository names come from the file and must never reach an object's prototype.
    mergeTargets: new Map(Object.entries(raw.mergeTargets)),
}));
const matcherCache = new WeakMap();
function matcherFor(holder, pattern) {
    let matcher = matcherCache.get(holder);
    if (!matcher) {
        matcher = (0,_repo_glob_js__WEBPACK_IMPORTED_MODULE_2__/* .compileRepoPattern */ .WK)(pattern);
        matcherCache.set(holder, matcher);
    }
    return matcher;
}
const formatters = new Map();
function localTime(at, timezone) {
    let format = formatters.get(timezone);
    if (!format) {
        format = new Intl.DateTimeFormat('en-US', { timeZone: timezone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
        formatters.set(timezone, format);
    }
    const parts = Object.fromEntries(format.formatToParts(at).map((part) => [part.type, part.value]));
    return { day: String(parts.weekday).slice(0, 3).toLowerCase(), time: `${parts.hour}:${parts.minute}` };
}
/** Whether a window covers an instant (ignoring its `match`). */
function windowCovers(window, at) {
    if (window.kind === 'dated')
        return Date.parse(window.from) <= at.getTime() && at.getTime() < Date.parse(window.to);
    const local = localTime(at, window.weekly.timezone);
    // `to` is inclusive to the end of its minute, so "23:59" closes the day.
    return window.weekly.days.includes(local.day) && window.weekly.from <= local.time && local.time <= window.weekly.to;
}
/**
 * The first freeze window covering `owner/repo[/path]` at an instant, if any. Fails closed: a
 * name that is not canonical (which no valid request has) is treated as matching every window.
 */
function isFrozen(policy, fullName, at) {
    const canonical = (0,_repo_glob_js__WEBPACK_IMPORTED_MODULE_2__/* .isCanonicalFullName */ .hv)(fullName);
    for (const window of policy.freezeWindows) {
        if (canonical && window.match !== null && !matcherFor(window, window.match)(fullName))
            continue;
        if (windowCovers(window, at))
            return { frozen: true, window };
    }
    return { frozen: false };
}
/**
 * Distinct approvals `owner/repo[/path]` needs: the first matching override, else the default.
 * Fails closed: a name that is not canonical needs the largest number any override asks for.
 */
function requiredApprovalsFor(policy, fullName) {
    if (!(0,_repo_glob_js__WEBPACK_IMPORTED_MODULE_2__/* .isCanonicalFullName */ .hv)(fullName))
        return Math.max(policy.approvals.required, ...policy.approvals.overrides.map((o) => o.required));
    for (const override of policy.approvals.overrides) {
        if (matcherFor(override, override.match)(fullName))
            return override.required;
    }
    return policy.approvals.required;
}
/** When a request opened at `requestedAt` (a Date or an ISO string, as the machine block has it) expires. */
function expiresAt(policy, requestedAt) {
    return new Date(new Date(requestedAt).getTime() + policy.expiry.days * 24 * 60 * 60 * 1000);
}
/**
 * Whether `branch` of `owner/repo` may be a merge target and the source of its publish config.
 * The default branch is always allowed; the caller decides that, since only GitHub knows it.
 */
function isMergeTargetAllowed(policy, repoFullName, branch) {
    const patterns = policy.mergeTargets.get(repoFullName);
    return patterns !== undefined && patterns.some((pattern) => (0,_repo_glob_js__WEBPACK_IMPORTED_MODULE_2__/* .compileBranchPattern */ .ag)(pattern)(branch));
}
/** Whether a grant list names a kind of person (for callers that check `requester` etc. first). */
function grants(list, kind) {
    return list.some((grant) => grant.kind === kind);
}


/***/ }),

/***/ 1808:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   K$: () => (/* binding */ craftIgnoredFieldWarnings),
/* harmony export */   tn: () => (/* binding */ publishConfigFileSchema)
/* harmony export */ });
/* unused harmony exports CRAFT_IGNORED_FIELDS, changelogPolicySchema, CALVER_FORMATS */
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2857);
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8532);
/* harmony import */ var _issues_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1012);
/* harmony import */ var _fields_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(81);
/* harmony import */ var _target_options_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1166);
/**
 * The product publish config: `.craft.yml` at the product repo root, a Craft-compatible subset so
 * teams moving from Craft keep their file. The control repo reads it from the default branch or
 * an allowed merge target, never from the release branch (the requester controls that content).
 */




/** Craft fields we accept so a Craft file loads, but do not act on; each gets a warning saying why. */
const CRAFT_IGNORED_FIELDS = {
    minVersion: 'Craft version pinning does not apply here',
    github: 'the repository is taken from the publish request, not from the file',
    postReleaseCommand: 'the control repo never runs product commands after publishing (it holds the secrets)',
    aiSummaries: 'changelog summaries are not generated',
};
const TARGET_BASE = ['name', 'id', 'includeNames', 'excludeNames'];
const targetIdPart = (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .identity */ .D_)('id', /^[^[\]\s]+$/, 'a target id without "[" or "]", e.g. "@acme/core"', 214);
const fullTargetSchemas = Object.fromEntries(_target_options_js__WEBPACK_IMPORTED_MODULE_2__/* .KNOWN_TARGETS */ .PL.map((name) => [name, (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .strict */ .O2)({ name: zod__WEBPACK_IMPORTED_MODULE_3__/* .literal */ .euz(name), id: targetIdPart.optional(), includeNames: _fields_js__WEBPACK_IMPORTED_MODULE_1__/* .namePattern */ ._u.optional(), excludeNames: _fields_js__WEBPACK_IMPORTED_MODULE_1__/* .namePattern */ ._u.optional(), ..._target_options_js__WEBPACK_IMPORTED_MODULE_2__/* .TARGET_OPTION_SHAPES */ .p$[name] })]));
const targetEntry = zod__WEBPACK_IMPORTED_MODULE_3__/* .unknown */ .L5J().transform((value, ctx) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        ctx.addIssue({ code: 'custom', message: `expected a mapping with at least "name:" (one of ${_target_options_js__WEBPACK_IMPORTED_MODULE_2__/* .KNOWN_TARGETS */ .PL.join(', ')}), got ${(0,_issues_js__WEBPACK_IMPORTED_MODULE_0__/* .preview */ .VH)(value)}` });
        return zod__WEBPACK_IMPORTED_MODULE_4__/* .NEVER */ .tm;
    }
    const name = value.name;
    if (name === undefined) {
        ctx.addIssue({ code: 'custom', path: ['name'], message: `missing; every target needs a name: one of ${_target_options_js__WEBPACK_IMPORTED_MODULE_2__/* .KNOWN_TARGETS */ .PL.join(', ')}` });
        return zod__WEBPACK_IMPORTED_MODULE_4__/* .NEVER */ .tm;
    }
    if (typeof name !== 'string' || !(0,_target_options_js__WEBPACK_IMPORTED_MODULE_2__/* .isTargetName */ .j8)(name)) {
        const shown = typeof name === 'string' ? JSON.stringify(name) : (0,_issues_js__WEBPACK_IMPORTED_MODULE_0__/* .preview */ .VH)(name);
        ctx.addIssue({ code: 'custom', path: ['name'], message: `unknown target ${shown}; known targets: ${_target_options_js__WEBPACK_IMPORTED_MODULE_2__/* .KNOWN_TARGETS */ .PL.join(', ')}${typeof name === 'string' ? (0,_issues_js__WEBPACK_IMPORTED_MODULE_0__/* .didYouMean */ .au)(name, _target_options_js__WEBPACK_IMPORTED_MODULE_2__/* .KNOWN_TARGETS */ .PL) : ''}` });
        return zod__WEBPACK_IMPORTED_MODULE_4__/* .NEVER */ .tm;
    }
    const result = fullTargetSchemas[name].safeParse(value, { error: _issues_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMap */ .Tx });
    if (!result.success) {
        for (const problem of (0,_issues_js__WEBPACK_IMPORTED_MODULE_0__/* .toProblems */ .ek)(result.error.issues))
            ctx.addIssue({ code: 'custom', path: [...problem.path], message: problem.message });
        return zod__WEBPACK_IMPORTED_MODULE_4__/* .NEVER */ .tm;
    }
    const { id, includeNames, excludeNames, ...rest } = result.data;
    const options = Object.fromEntries(Object.entries(rest).filter(([key]) => !TARGET_BASE.includes(key)));
    const idText = typeof id === 'string' ? id : null;
    return {
        name,
        id: idText,
        targetId: idText === null ? name : `${name}[${idText}]`,
        includeNames: includeNames instanceof RegExp ? includeNames : null,
        excludeNames: excludeNames instanceof RegExp ? excludeNames : null,
        options,
    };
});
/** Changelog policies: `none`, `simple` (the version's section must exist), `auto` (generated from commits). */
const changelogPolicySchema = zod__WEBPACK_IMPORTED_MODULE_3__/* ["enum"] */ .k5n(['none', 'simple', 'auto']);
const changelogObject = (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .strict */ .O2)({
    filePath: _fields_js__WEBPACK_IMPORTED_MODULE_1__/* .repoFilePath */ .Er.optional(),
    // Older Craft versions spelled the file `path`; both are read, one at a time.
    path: _fields_js__WEBPACK_IMPORTED_MODULE_1__/* .repoFilePath */ .Er.optional(),
    policy: changelogPolicySchema.optional(),
}, 'a file path (e.g. "CHANGELOG.md") or a mapping with filePath and policy');
const changelogField = zod__WEBPACK_IMPORTED_MODULE_3__/* .preprocess */ .vkY((value) => (typeof value === 'string' ? { filePath: value } : value), changelogObject);
/** Calendar version formats that yield a semver-shaped version once the patch number is added. */
const CALVER_FORMATS = ['%y.%-m', '%Y.%-m'];
const versioningSchema = (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .strict */ .O2)({
    /** manual: an explicit version or bump keyword is required; auto: conventional commits; calver: calendar. */
    policy: zod__WEBPACK_IMPORTED_MODULE_3__/* ["enum"] */ .k5n(['manual', 'auto', 'calver']).default('manual'),
    calver: (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .strict */ .O2)({
        format: zod__WEBPACK_IMPORTED_MODULE_3__/* .string */ .YjP()
            .refine((value) => CALVER_FORMATS.includes(value), {
            error: (issue) => `calendar format ${(0,_issues_js__WEBPACK_IMPORTED_MODULE_0__/* .preview */ .VH)(issue.input)} is not supported; use one of: ${CALVER_FORMATS.join(', ')} (zero-padded months such as %m would make invalid semver like 26.01.0)`,
        })
            .default('%y.%-m'),
        /** Days subtracted from today before formatting (a release early in a month belongs to the previous one). */
        offset: zod__WEBPACK_IMPORTED_MODULE_3__/* .number */ .aig().int().min(0).max(366).default(14),
    }).default({ format: '%y.%-m', offset: 14 }),
});
const commandText = zod__WEBPACK_IMPORTED_MODULE_3__/* .string */ .YjP()
    .min(1)
    .max(1024)
    .refine((value) => /^[\x20-\x7e]+$/.test(value), 'must be one line of printable ASCII (no newlines, tabs or non-ASCII characters)');
const publishConfigSchema = (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .strict */ .O2)({
    targets: zod__WEBPACK_IMPORTED_MODULE_3__/* .array */ .YOg(targetEntry)
        .min(1)
        .max(100)
        .superRefine((targets, ctx) => {
        // Runs even when an entry failed (when: always), so duplicates are reported with the other
        // problems; it then sees raw or aborted values, hence the shape checks.
        if (!Array.isArray(targets))
            return;
        const seen = new Map();
        targets.forEach((target, index) => {
            if (typeof target !== 'object' || target === null || !('targetId' in target))
                return;
            const first = seen.get(target.targetId);
            if (first === undefined)
                seen.set(target.targetId, index);
            else
                ctx.addIssue({ code: 'custom', path: [index, target.id === null ? 'name' : 'id'], message: `duplicate target id "${target.targetId}" (also targets[${first}]); give each ${target.name} target a distinct "id:"` });
        });
    }, { when: () => true }),
    releaseBranchPrefix: (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .identity */ .D_)('releaseBranchPrefix', (value) => (/^[A-Za-z0-9_-]+(?:[./][A-Za-z0-9_-]+)*$/.test(value) && !value.endsWith('.lock') ? null : 'is not a valid branch prefix (letters, digits, "_-" with single "." or "/" between them)'), 'a branch prefix such as "release"', 100).default('release'),
    changelog: changelogField.optional(),
    changelogPolicy: changelogPolicySchema.optional(),
    preReleaseCommand: commandText.nullable().optional(),
    artifactProvider: (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .strict */ .O2)({ name: zod__WEBPACK_IMPORTED_MODULE_3__/* ["enum"] */ .k5n(['github', 'none']) }, 'a mapping such as "{ name: github }"').default({ name: 'github' }),
    statusProvider: (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .strict */ .O2)({ name: zod__WEBPACK_IMPORTED_MODULE_3__/* .literal */ .euz('github'), config: (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .strict */ .O2)({ contexts: zod__WEBPACK_IMPORTED_MODULE_3__/* .array */ .YOg((0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .text */ .Qq)(256)).max(100).optional() }).optional() }, 'a mapping such as "{ name: github }"').default({
        name: 'github',
    }),
    requireNames: zod__WEBPACK_IMPORTED_MODULE_3__/* .array */ .YOg(_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .namePattern */ ._u).max(100).default([]),
    versioning: versioningSchema.default({ policy: 'manual', calver: { format: '%y.%-m', offset: 14 } }),
    tagPrefix: (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .identity */ .D_)('tagPrefix', /^[A-Za-z0-9._@/-]*$/, 'letters, digits and "._@/-", e.g. "core@" or "core-v"', 64, true).default(''),
    minVersion: zod__WEBPACK_IMPORTED_MODULE_3__/* .unknown */ .L5J().optional(),
    github: zod__WEBPACK_IMPORTED_MODULE_3__/* .unknown */ .L5J().optional(),
    postReleaseCommand: zod__WEBPACK_IMPORTED_MODULE_3__/* .unknown */ .L5J().optional(),
    aiSummaries: zod__WEBPACK_IMPORTED_MODULE_3__/* .unknown */ .L5J().optional(),
}, 'a mapping of settings (the file must start with keys such as "targets:")').superRefine((config, ctx) => {
    const changelog = config.changelog;
    if (changelog?.filePath !== undefined && changelog.path !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['changelog', 'path'], message: 'both "filePath" and "path" are set; keep only "filePath"' });
    }
    if (changelog?.policy !== undefined && config.changelogPolicy !== undefined && changelog.policy !== config.changelogPolicy) {
        ctx.addIssue({ code: 'custom', path: ['changelogPolicy'], message: `says "${config.changelogPolicy}" but changelog.policy says "${changelog.policy}"; keep only changelog.policy` });
    }
});
/** The schema of `.craft.yml`, producing a PublishConfig. */
const publishConfigFileSchema = publishConfigSchema.transform((raw) => ({
    targets: raw.targets,
    releaseBranchPrefix: raw.releaseBranchPrefix,
    changelog: {
        filePath: raw.changelog?.filePath ?? raw.changelog?.path ?? 'CHANGELOG.md',
        policy: raw.changelog?.policy ?? raw.changelogPolicy ?? 'none',
    },
    preReleaseCommand: raw.preReleaseCommand ?? null,
    artifactProvider: raw.artifactProvider,
    statusProvider: { name: raw.statusProvider.name, contexts: raw.statusProvider.config?.contexts ?? null },
    requireNames: raw.requireNames,
    versioning: { policy: raw.versioning.policy, calver: { format: raw.versioning.calver.format, offset: raw.versioning.calver.offset } },
    tagPrefix: raw.tagPrefix,
}));
/** Warnings for the Craft fields present in the raw data that are accepted and ignored. */
function craftIgnoredFieldWarnings(data) {
    if (typeof data !== 'object' || data === null || Array.isArray(data))
        return [];
    return Object.keys(data)
        .filter((key) => Object.prototype.hasOwnProperty.call(CRAFT_IGNORED_FIELDS, key))
        .map((key) => ({ path: [key], message: `accepted for Craft compatibility and ignored: ${CRAFT_IGNORED_FIELDS[key]}` }));
}


/***/ }),

/***/ 1887:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AW: () => (/* binding */ isRepoName),
/* harmony export */   BZ: () => (/* binding */ isOwnerName),
/* harmony export */   E4: () => (/* binding */ fullNameOf),
/* harmony export */   Hk: () => (/* binding */ requiredLiteral),
/* harmony export */   O8: () => (/* binding */ repoPatternProblem),
/* harmony export */   Qu: () => (/* binding */ isExactPattern),
/* harmony export */   WK: () => (/* binding */ compileRepoPattern),
/* harmony export */   ag: () => (/* binding */ compileBranchPattern),
/* harmony export */   hv: () => (/* binding */ isCanonicalFullName),
/* harmony export */   uC: () => (/* binding */ repoPatternRegex)
/* harmony export */ });
/* unused harmony export isSubPath */
/* harmony import */ var picomatch__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4006);
/* harmony import */ var picomatch__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(picomatch__WEBPACK_IMPORTED_MODULE_0__);
/**
 * Matching `owner/repo[/path]` against the patterns of auto-approve rules, approval overrides
 * and freeze windows. Security reasoning: a pattern decides who skips human review, so matching
 * is exact and fails closed. A name that is not in canonical form (other case than written,
 * trailing slash, spaces, non-ASCII look-alikes, fullwidth slash) never reaches the glob engine.
 */

const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const REPO = /^[A-Za-z0-9._-]{1,100}$/;
const PATH_SEGMENT = /^[A-Za-z0-9._@+-]{1,100}$/;
// Characters a pattern may use: the name characters plus the glob operators we document.
const PATTERN_CHARS = /^[A-Za-z0-9._@+\-*?[\]{},/]+$/;
/** Whether a string is a GitHub owner (user or organisation) name. */
function isOwnerName(value) {
    return OWNER.test(value);
}
/** Whether a string is a GitHub repository name. */
function isRepoName(value) {
    return REPO.test(value) && value !== '.' && value !== '..';
}
/** Whether a string is a canonical monorepo sub-package path (`packages/core`): no `.`/`..`, no empty segment. */
function isSubPath(value) {
    if (value.length === 0 || value.length > 200)
        return false;
    return value.split('/').every((segment) => PATH_SEGMENT.test(segment) && segment !== '.' && segment !== '..');
}
/** Whether `owner/repo` or `owner/repo/path` is in canonical form. */
function isCanonicalFullName(value) {
    const [owner, repo, ...rest] = value.split('/');
    if (owner === undefined || repo === undefined)
        return false;
    return isOwnerName(owner) && isRepoName(repo) && (rest.length === 0 || isSubPath(rest.join('/')));
}
/** `owner/repo` or `owner/repo/path` for a request. An empty path is kept (`owner/repo/`), so it is refused as not canonical. */
function fullNameOf(repo, path) {
    return path === null ? `${repo.owner}/${repo.repo}` : `${repo.owner}/${repo.repo}/${path}`;
}
/** Why a pattern is not acceptable, or null when it is. */
function repoPatternProblem(pattern) {
    if (pattern.startsWith('!'))
        return 'is negated ("!..."), which is not supported: it would match every other repository; list what should match instead';
    if (!PATTERN_CHARS.test(pattern))
        return 'may contain only letters, digits, ". _ @ + -" and the glob characters "* ? [ ] { } ,", separated by "/"';
    const segments = pattern.split('/');
    if (segments.length < 2)
        return 'must have the form owner/repo or owner/repo/path';
    if (segments.some((s) => s === ''))
        return 'has an empty segment (a leading, trailing or doubled "/")';
    if (segments.some((s) => s === '.' || s === '..'))
        return 'must not contain "." or ".." segments';
    if ((segments[0] ?? '').includes('**') || (segments[1] ?? '').includes('**')) {
        return 'uses "**" in the owner or repo segment, where it would cross the owner/repo boundary; use "*" there (e.g. "acme/*" or "acme/*/**")';
    }
    try {
        picomatch__WEBPACK_IMPORTED_MODULE_0___default().makeRe(pattern, GLOB_OPTIONS);
    }
    catch (error) {
        return `is not a valid glob: ${error instanceof Error ? error.message : String(error)}`;
    }
    return null;
}
// Case-sensitive, no negation, no extglobs, `*` never matches a leading dot, `/` always the separator.
const GLOB_OPTIONS = { nonegate: true, noextglob: true, dot: false, windows: false, strictSlashes: true, nocase: false };
/** The regular expression of a validated glob pattern (for callers that have checked the name is canonical). */
function repoPatternRegex(pattern) {
    return picomatch__WEBPACK_IMPORTED_MODULE_0___default().makeRe(pattern, GLOB_OPTIONS);
}
/**
 * Compiles a validated pattern once. The returned function accepts only canonical names, so a
 * near miss (trailing slash, other case, look-alike letters) is refused before any glob runs.
 */
function compileRepoPattern(pattern) {
    if (isExactPattern(pattern))
        return (fullName) => fullName === pattern && isCanonicalFullName(fullName);
    const regex = repoPatternRegex(pattern);
    return (fullName) => isCanonicalFullName(fullName) && regex.test(fullName);
}
/**
 * The longest run of literal characters every match of a glob must contain (outside braces and
 * brackets, between wildcards). A cheap `includes` on it skips most regular expressions when
 * thousands of globs are tried against one name. '' when the pattern has none.
 */
function requiredLiteral(pattern) {
    let best = '';
    let run = '';
    let braces = 0;
    let inClass = false;
    for (const char of pattern) {
        if (inClass) {
            if (char === ']')
                inClass = false;
            continue;
        }
        if (char === '[')
            inClass = true;
        else if (char === '{')
            braces += 1;
        else if (char === '}')
            braces = Math.max(0, braces - 1);
        else if (braces === 0 && char !== '*' && char !== '?' && char !== ',') {
            run += char;
            if (run.length > best.length)
                best = run;
            continue;
        }
        run = '';
    }
    return best;
}
/** Whether a pattern has no glob characters (an exact name). */
function isExactPattern(pattern) {
    return !/[*?[\]{}]/.test(pattern);
}
/** Compiles a branch pattern (`main`, `release-*`, `release/**`) with the same glob options. */
function compileBranchPattern(pattern) {
    if (isExactPattern(pattern))
        return (branch) => branch === pattern;
    const regex = picomatch__WEBPACK_IMPORTED_MODULE_0___default().makeRe(pattern, GLOB_OPTIONS);
    return (branch) => regex.test(branch);
}


/***/ }),

/***/ 1166:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   PL: () => (/* binding */ KNOWN_TARGETS),
/* harmony export */   dz: () => (/* binding */ TARGET_OPTION_SCHEMAS),
/* harmony export */   j8: () => (/* binding */ isTargetName),
/* harmony export */   p$: () => (/* binding */ TARGET_OPTION_SHAPES)
/* harmony export */ });
/* unused harmony exports githubTargetOptions, npmTargetOptions, ociTargetOptions, registryTargetOptions, validateTargetOptions */
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2857);
/* harmony import */ var _issues_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1012);
/* harmony import */ var _fields_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(81);
/**
 * The options each publish target accepts in `.craft.yml`, one zod schema per target. The
 * publisher's target registry imports these, so the file and the code that acts on it cannot
 * disagree about a field.
 */



const tagTemplate = (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .identity */ .D_)('tag', (value) => (/^(?:\{version\}|[A-Za-z0-9_])(?:\{version\}|[A-Za-z0-9_.-]){0,127}$/.test(value) ? null : 'is not a valid image tag (letters, digits, "_.-", at most 128 characters; "{version}" is replaced by the version)'), 'an image tag', 200);
const httpUrl = (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .identity */ .D_)('URL', (value) => {
    try {
        const url = new URL(value);
        if (url.protocol !== 'https:' && url.protocol !== 'http:')
            return 'must be an http(s) URL';
        if (url.username || url.password)
            return 'must not carry credentials; the token comes from the control repo secrets';
        return null;
    }
    catch {
        return 'is not a URL';
    }
}, 'an http(s) URL', 500);
const gitRemote = (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .identity */ .D_)('remote', (value) => {
    if (/^git@[A-Za-z0-9.-]+:[A-Za-z0-9._\-/]+$/.test(value))
        return null;
    try {
        const url = new URL(value);
        if (!['https:', 'http:', 'ssh:', 'file:'].includes(url.protocol))
            return 'must be an https, http, ssh or file URL, or git@host:path';
        if (url.password)
            return 'must not carry a password; credentials come from the control repo secrets';
        return null;
    }
    catch {
        return 'is not a git remote URL';
    }
}, 'a git remote URL', 500);
/** Options of the `github` target: a tag and a GitHub release with the artifacts as assets. */
const githubTargetOptions = {
    /** Prefix of the git tag; the tag is `<tagPrefix><version>`. Overrides the top-level tagPrefix. */
    tagPrefix: (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .identity */ .D_)('tagPrefix', /^[A-Za-z0-9._@/-]*$/, 'letters, digits and "._@/-"', 64).optional(),
    /** Mark prerelease versions as GitHub prereleases. */
    previewReleases: zod__WEBPACK_IMPORTED_MODULE_2__/* .boolean */ .zMY().default(true),
    /** Leave the release as a draft. */
    draft: zod__WEBPACK_IMPORTED_MODULE_2__/* .boolean */ .zMY().default(false),
};
/** Options of the `npm` target. */
const npmTargetOptions = {
    access: zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(['public', 'restricted']).optional(),
    /** Registry URL; default the public registry. */
    registry: httpUrl.optional(),
    /** Publish every workspace package (one target id per package: `npm[@scope/pkg]`). */
    workspaces: zod__WEBPACK_IMPORTED_MODULE_2__/* .boolean */ .zMY().default(false),
    /** `/regex/` on package names: workspace packages to leave out. */
    excludeWorkspaces: _fields_js__WEBPACK_IMPORTED_MODULE_1__/* .namePattern */ ._u.optional(),
    /** `/regex/` on package names: only these workspace packages. */
    includeWorkspaces: _fields_js__WEBPACK_IMPORTED_MODULE_1__/* .namePattern */ ._u.optional(),
};
/** Options of the `oci` target: an OCI image layout artifact pushed to a container registry. */
const ociTargetOptions = {
    /** Registry host and optional port, without a scheme: `ghcr.io`, `127.0.0.1:5000`. */
    registry: (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .identity */ .D_)('registry', /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*(?::[0-9]{1,5})?$/, 'a registry host[:port] without a scheme, e.g. "ghcr.io" or "127.0.0.1:5000"', 260),
    /** Repository path of the image in the registry: `acme/app`. */
    image: (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .identity */ .D_)('image', /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/, 'an image name (lower-case path components separated by "/", e.g. "acme/app")', 255),
    /** Tags to push; `{version}` is replaced by the version (`latest` is skipped for prereleases by the publisher). */
    tags: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(tagTemplate).min(1).max(20).default(['{version}', 'latest']),
    /** `/regex/` selecting the artifact that holds the OCI image layout. */
    artifact: _fields_js__WEBPACK_IMPORTED_MODULE_1__/* .namePattern */ ._u.optional(),
    /** How to authenticate to the registry. */
    auth: zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(['basic', 'token', 'none']).default('basic'),
};
/** Options of the `registry` target: a release registry kept as a git repository. */
const registryTargetOptions = {
    /** Git remote of the registry repository; default set by the control repo. */
    remote: gitRemote.optional(),
    type: zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(['sdk', 'app']),
    /** The package's name in the registry, e.g. `npm:@acme/core` or `app:acme-cli`. */
    canonicalName: (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .identity */ .D_)('canonicalName', /^[A-Za-z0-9][A-Za-z0-9._@:/+-]*$/, 'a name such as "npm:@acme/core" (letters, digits and "._@:/+-")', 200),
    /** Template of a download URL recorded with the release; `{version}` is replaced. */
    urlTemplate: httpUrl.optional(),
};
/** The option shapes by target name. */
const TARGET_OPTION_SHAPES = {
    github: githubTargetOptions,
    npm: npmTargetOptions,
    oci: ociTargetOptions,
    registry: registryTargetOptions,
};
/** Known target names, in the order messages list them. */
const KNOWN_TARGETS = Object.keys(TARGET_OPTION_SHAPES).sort();
/** Whether a string names a known target. */
function isTargetName(value) {
    return Object.prototype.hasOwnProperty.call(TARGET_OPTION_SHAPES, value);
}
/** The options schema of each target (options only: no name, id, includeNames, excludeNames). */
const TARGET_OPTION_SCHEMAS = {
    github: (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .strict */ .O2)(githubTargetOptions),
    npm: (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .strict */ .O2)(npmTargetOptions),
    oci: (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .strict */ .O2)(ociTargetOptions),
    registry: (0,_fields_js__WEBPACK_IMPORTED_MODULE_1__/* .strict */ .O2)(registryTargetOptions),
};
/** Validates the options of one target given its name (options only, without name/id/includeNames/excludeNames). */
function validateTargetOptions(name, options) {
    const schema = TARGET_OPTION_SCHEMAS[name];
    const result = schema.safeParse(options ?? {}, { error: errorMap });
    return result.success ? { ok: true, options: result.data } : { ok: false, problems: toProblems(result.error.issues) };
}


/***/ }),

/***/ 9417:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F: () => (/* binding */ RequestFormatError),
/* harmony export */   v: () => (/* binding */ TITLE_EXAMPLES)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/**
 * The one error type of the publish-request contract. Every rejection, whatever the input
 * (null, a number, a megabyte of text), ends here: callers never see a TypeError.
 */

/** Example titles shown in messages so the reader sees the expected form. */
const TITLE_EXAMPLES = '`publish: acme/widget@1.2.3` or `publish: acme/monorepo/packages/core@2.0.0-rc.1`';
/** A title, body or field that does not follow the publish-request contract; `path` names the field. */
class RequestFormatError extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ValidationError */ .yI {
    name = 'RequestFormatError';
    constructor(path, message, fix) {
        super('E_REQUEST_FORMAT', `${path}: ${message}`, path, fix);
    }
}


/***/ }),

/***/ 8086:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $n: () => (/* binding */ parseLogin),
/* harmony export */   Ey: () => (/* binding */ ownerRule),
/* harmony export */   Ip: () => (/* binding */ describeChar),
/* harmony export */   Ju: () => (/* binding */ versionRule),
/* harmony export */   K2: () => (/* binding */ ruleIdRule),
/* harmony export */   Kd: () => (/* binding */ packagePathRule),
/* harmony export */   Kg: () => (/* binding */ httpUrlRule),
/* harmony export */   MD: () => (/* binding */ commitShaRule),
/* harmony export */   PX: () => (/* binding */ toDetail),
/* harmony export */   XD: () => (/* binding */ serverUrlRule),
/* harmony export */   Y3: () => (/* binding */ loginRule),
/* harmony export */   ZN: () => (/* binding */ refNameRule),
/* harmony export */   gt: () => (/* binding */ repoNameRule),
/* harmony export */   hi: () => (/* binding */ timestampRule),
/* harmony export */   ow: () => (/* binding */ artifactNameRule),
/* harmony export */   pD: () => (/* binding */ parseBranchName),
/* harmony export */   r0: () => (/* binding */ targetIdRule),
/* harmony export */   sQ: () => (/* binding */ detailRule),
/* harmony export */   wh: () => (/* binding */ locationRule),
/* harmony export */   wn: () => (/* binding */ sha256Rule)
/* harmony export */ });
/* unused harmony exports DETAIL_MAX, check, parseOwner, parseRepoName, parsePackagePath, parseVersion, parseTagName, parseTargetId, parseCommitSha, parseServerUrl */
/* harmony import */ var _error_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9417);
/**
 * The ASCII grammar of every identifier in a publish request. Each rule returns null when the
 * value is valid, or a sentence saying what is wrong; the `parse*` wrappers throw a
 * RequestFormatError that names the field. Lengths are checked before anything else and every
 * check is a single linear scan, so hostile megabyte inputs cost microseconds.
 *
 * Security: these values end up in URLs, git refs, registry commands and Markdown. Only a small
 * ASCII alphabet is allowed, which rules out shell metacharacters (`$`, backticks, `;`, quotes),
 * newlines and look-alike or invisible Unicode by construction.
 */

const OWNER_MAX = 39;
const REPO_MAX = 100;
const PATH_MAX = 255;
const VERSION_MAX = 128;
const REF_MAX = 255;
const TARGET_NAME_MAX = 64;
const TARGET_ID_MAX = 200;
const ARTIFACT_NAME_MAX = 255;
const RULE_ID_MAX = 100;
const URL_MAX = 500;
const SERVER_URL_MAX = 200;
/** Free text (a target's status detail, a history note) is one line of at most this many characters. */
const DETAIL_MAX = 500;
const isDigit = (c) => c >= 0x30 && c <= 0x39;
const isAlpha = (c) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isAlnum = (c) => isDigit(c) || isAlpha(c);
const charSet = (chars) => {
    const codes = new Set([...chars].map((ch) => ch.charCodeAt(0)));
    return (c) => isAlnum(c) || codes.has(c);
};
const repoChar = charSet('._-');
const refChar = charSet('._/+@-');
const targetNameChar = (c) => isDigit(c) || (c >= 0x61 && c <= 0x7a) || c === 0x2d;
const targetIdChar = charSet('@/._:+~-');
const artifactChar = charSet('._+@=,-');
// RFC 3986 characters minus those that break Markdown links or shells: ' ( ) * ; $ [ ] and space.
const urlChar = charSet('-._~:/?#@!&+,=%');
/** Control characters, including the Unicode line and paragraph separators. */
function isControl(c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029;
}
/** Characters that render as nothing or reorder text: they let two different strings look alike. */
function isInvisible(cp) {
    return (cp === 0x00ad ||
        cp === 0x034f ||
        cp === 0x061c ||
        cp === 0x180e ||
        (cp >= 0x200b && cp <= 0x200f) ||
        (cp >= 0x202a && cp <= 0x202e) ||
        (cp >= 0x2060 && cp <= 0x2064) ||
        (cp >= 0x2066 && cp <= 0x206f) ||
        cp === 0xfeff ||
        (cp >= 0xfe00 && cp <= 0xfe0f));
}
/** A human description of the character at `index`, with its code point when it is not plain ASCII. */
function describeChar(value, index) {
    const cp = value.codePointAt(index) ?? 0;
    const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
    if (cp === 0x0a)
        return 'a newline';
    if (cp === 0x0d)
        return 'a carriage return';
    if (cp === 0x09)
        return 'a tab';
    if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
        return `the control character ${hex}`;
    if (cp === 0x2028 || cp === 0x2029)
        return `the line or paragraph separator ${hex}`;
    if (cp === 0x20)
        return 'a space';
    if (isInvisible(cp))
        return `the invisible or direction-changing character ${hex}`;
    if (cp >= 0xff01 && cp <= 0xff5e) {
        return `the fullwidth character ${hex} (it looks like "${String.fromCharCode(cp - 0xfee0)}" but is not ASCII)`;
    }
    if (cp >= 0x0400 && cp <= 0x052f)
        return `the Cyrillic letter ${hex} (it may look like a Latin letter but is not ASCII)`;
    if (cp >= 0xd800 && cp <= 0xdfff)
        return `the unpaired surrogate ${hex}`;
    if (cp > 0x7e)
        return `the non-ASCII character ${hex}`;
    return `"${String.fromCharCode(cp)}"`;
}
/** Index of the first character not accepted by `ok`, or -1. */
function firstBad(value, ok) {
    for (let i = 0; i < value.length; i++) {
        if (!ok(value.charCodeAt(i)))
            return i;
    }
    return -1;
}
function badChar(value, ok, allowed) {
    const i = firstBad(value, ok);
    return i < 0 ? null : `contains ${describeChar(value, i)} at position ${i + 1}; only ${allowed} are allowed`;
}
function tooLong(value, max) {
    return value.length > max ? `is ${value.length} characters long; the maximum is ${max}` : null;
}
/** A GitHub owner (user or organisation): ASCII letters, digits and single hyphens, not at either end, at most 39. */
const ownerRule = (v) => {
    if (v.length === 0)
        return 'is empty';
    return (tooLong(v, OWNER_MAX) ??
        badChar(v, (c) => isAlnum(c) || c === 0x2d, 'ASCII letters, digits and hyphens') ??
        (v.startsWith('-') || v.endsWith('-') ? 'must not start or end with a hyphen' : null) ??
        (v.includes('--') ? 'must not contain two hyphens in a row' : null));
};
/** A GitHub repository name: `[A-Za-z0-9._-]{1,100}`, not `.` or `..`. */
const repoNameRule = (v) => {
    if (v.length === 0)
        return 'is empty';
    return (tooLong(v, REPO_MAX) ??
        badChar(v, repoChar, 'ASCII letters, digits, ".", "_" and "-"') ??
        (v === '.' || v === '..' ? `must not be "${v}"` : null));
};
/** A sub-package path: `/`-separated segments of `[A-Za-z0-9._-]`, never `.` or `..`, no empty segment, at most 255. */
const packagePathRule = (v) => {
    if (v.length === 0)
        return 'is empty (leave the path out instead)';
    const long = tooLong(v, PATH_MAX);
    if (long)
        return long;
    const chars = badChar(v, (c) => repoChar(c) || c === 0x2f, 'ASCII letters, digits, ".", "_", "-" and "/" between segments');
    if (chars)
        return chars;
    if (v.startsWith('/') || v.endsWith('/'))
        return 'must not start or end with "/"';
    for (const segment of v.split('/')) {
        if (segment === '')
            return 'must not contain an empty segment ("//")';
        if (segment === '.' || segment === '..')
            return `must not contain a "${segment}" segment`;
    }
    return null;
};
function numericIdentifier(part, what) {
    if (part === '')
        return `has an empty ${what}`;
    const bad = firstBad(part, isDigit);
    if (bad >= 0)
        return `has ${describeChar(part, bad)} in the ${what} "${part}"; it must be a number`;
    if (part.length > 1 && part.startsWith('0'))
        return `has a leading zero in the ${what} "${part}"`;
    if (part.length > 16 || Number(part) > Number.MAX_SAFE_INTEGER)
        return `has a ${what} "${part}" that is too large`;
    return null;
}
function identifiers(list, what, numericNoLeadingZero) {
    for (const id of list.split('.')) {
        if (id === '')
            return `has an empty ${what} identifier (check for ".." or a trailing ".")`;
        const bad = firstBad(id, (c) => isAlnum(c) || c === 0x2d);
        if (bad >= 0)
            return `has ${describeChar(id, bad)} in the ${what} "${list}"; only ASCII letters, digits, "-" and "." are allowed`;
        if (numericNoLeadingZero && id.length > 1 && id.startsWith('0') && firstBad(id, isDigit) < 0) {
            return `has a leading zero in the numeric ${what} identifier "${id}"`;
        }
    }
    return null;
}
/**
 * A version in the semver.org grammar (`MAJOR.MINOR.PATCH[-pre][+build]`, no `v`, no leading
 * zeros), at most 128 characters. Calendar versions such as `26.11.0` have the same shape.
 */
const versionRule = (v) => {
    if (v.length === 0)
        return 'is empty';
    const long = tooLong(v, VERSION_MAX);
    if (long)
        return long;
    if (v.startsWith('v') || v.startsWith('V'))
        return `must not start with "${v[0]}": write "${v.slice(1)}"`;
    const plus = v.indexOf('+');
    const main = plus < 0 ? v : v.slice(0, plus);
    const build = plus < 0 ? null : v.slice(plus + 1);
    const dash = main.indexOf('-');
    const core = dash < 0 ? main : main.slice(0, dash);
    const pre = dash < 0 ? null : main.slice(dash + 1);
    const parts = core.split('.');
    if (parts.length !== 3)
        return `must have three numbers MAJOR.MINOR.PATCH, "${core}" has ${parts.length}`;
    const names = ['major', 'minor', 'patch'];
    for (let i = 0; i < 3; i++) {
        const problem = numericIdentifier(parts[i] ?? '', `${names[i]} number`);
        if (problem)
            return problem;
    }
    if (pre !== null) {
        if (pre === '')
            return 'has an empty prerelease after "-"';
        const problem = identifiers(pre, 'prerelease', true);
        if (problem)
            return problem;
    }
    if (build !== null) {
        if (build === '')
            return 'has empty build metadata after "+"';
        const problem = identifiers(build, 'build metadata', false);
        if (problem)
            return problem;
    }
    return null;
};
const userLoginRule = (v) => ownerRule(v);
/** A GitHub login: a user (owner rules, at most 39) or an app's bot account `name[bot]`. */
const loginRule = (v) => {
    if (v.length === 0)
        return 'is empty';
    if (v.length > OWNER_MAX + 5)
        return `is ${v.length} characters long; the maximum is ${OWNER_MAX} plus "[bot]"`;
    if (v.endsWith('[bot]')) {
        const name = v.slice(0, -5);
        const problem = userLoginRule(name);
        return problem ? `has a bot name that ${problem}` : null;
    }
    const problem = userLoginRule(v);
    if (problem && (v.includes('[') || v.includes(']')))
        return `${problem} (app accounts are written "name[bot]")`;
    return problem;
};
/**
 * A git branch or tag name under `git check-ref-format` rules, restricted to the ASCII
 * characters letters, digits and `. _ / + @ -`: no `..`, `@{`, `//`, leading `-` or `/`,
 * trailing `/`, `.` or `.lock`, no component starting with `.`, at most 255.
 */
const refNameRule = (v) => {
    if (v.length === 0)
        return 'is empty';
    const long = tooLong(v, REF_MAX);
    if (long)
        return long;
    const chars = badChar(v, refChar, 'ASCII letters, digits and ". _ / + @ -"');
    if (chars)
        return chars;
    if (v === '@')
        return 'must not be "@"';
    if (v.startsWith('-'))
        return 'must not start with "-"';
    if (v.startsWith('/') || v.endsWith('/'))
        return 'must not start or end with "/"';
    if (v.endsWith('.'))
        return 'must not end with "."';
    if (v.includes('..'))
        return 'must not contain ".."';
    if (v.includes('@{'))
        return 'must not contain "@{"';
    if (v.includes('//'))
        return 'must not contain "//"';
    for (const component of v.split('/')) {
        if (component.startsWith('.'))
            return `has a component "${component}" that starts with "."`;
        if (component.endsWith('.lock'))
            return `has a component "${component}" that ends with ".lock"`;
    }
    return null;
};
/** A publish target id: `name` (lowercase letters, digits, hyphens) or `name[id]`, e.g. `npm[@scope/pkg]`. */
const targetIdRule = (v) => {
    if (v.length === 0)
        return 'is empty';
    const long = tooLong(v, TARGET_NAME_MAX + TARGET_ID_MAX + 2);
    if (long)
        return long;
    const open = v.indexOf('[');
    const name = open < 0 ? v : v.slice(0, open);
    if (name === '')
        return 'has no target name before "["; write name or name[id], e.g. npm[@scope/pkg]';
    if (name.length > TARGET_NAME_MAX)
        return `has a target name of ${name.length} characters; the maximum is ${TARGET_NAME_MAX}`;
    const bad = firstBad(name, targetNameChar);
    if (bad >= 0) {
        return `has ${describeChar(name, bad)} in the target name "${name}"; only lowercase ASCII letters, digits and "-" are allowed`;
    }
    if (!isAlnum(name.charCodeAt(0)))
        return `has a target name "${name}" that does not start with a letter or digit`;
    if (open < 0)
        return null;
    if (!v.endsWith(']'))
        return 'opens "[" without closing it at the end; write name[id], e.g. npm[@scope/pkg]';
    const id = v.slice(open + 1, -1);
    if (id === '')
        return 'has an empty id between "[" and "]"';
    if (id.length > TARGET_ID_MAX)
        return `has an id of ${id.length} characters; the maximum is ${TARGET_ID_MAX}`;
    const idBad = firstBad(id, targetIdChar);
    if (idBad >= 0)
        return `has ${describeChar(id, idBad)} in the id "${id}"; only ASCII letters, digits and "@ / . _ : + ~ -" are allowed`;
    if (id.startsWith('-'))
        return 'has an id that starts with "-"';
    if (id.includes('..'))
        return 'has an id that contains ".."';
    return null;
};
/** An artifact file name: ASCII letters, digits and `. _ + @ = , -`, not starting with `.` or `-`, at most 255. */
const artifactNameRule = (v) => {
    if (v.length === 0)
        return 'is empty';
    return (tooLong(v, ARTIFACT_NAME_MAX) ??
        badChar(v, artifactChar, 'ASCII letters, digits and ". _ + @ = , -"') ??
        (v.startsWith('.') || v.startsWith('-') ? 'must not start with "." or "-"' : null));
};
/** An auto-approve rule id: `[A-Za-z0-9._-]{1,100}`, not starting with `-`. */
const ruleIdRule = (v) => {
    if (v.length === 0)
        return 'is empty';
    return tooLong(v, RULE_ID_MAX) ?? badChar(v, repoChar, 'ASCII letters, digits, ".", "_" and "-"') ?? (v.startsWith('-') ? 'must not start with "-"' : null);
};
const hexRule = (length, what) => (v) => {
    if (v.length !== length)
        return `must be ${length} lowercase hexadecimal characters (${what}), got ${v.length}`;
    const bad = firstBad(v, (c) => isDigit(c) || (c >= 0x61 && c <= 0x66));
    return bad < 0 ? null : `contains ${describeChar(v, bad)}; a ${what} is ${length} lowercase hexadecimal characters`;
};
/** A full git commit SHA: 40 lowercase hex characters. */
const commitShaRule = hexRule(40, 'a full commit SHA');
/** A sha256 digest: 64 lowercase hex characters. */
const sha256Rule = hexRule(64, 'a sha256 digest');
/** An ISO 8601 UTC time as GitHub and `Date#toISOString` write it: `2026-11-21T23:58:18Z` or with `.sss`. */
const timestampRule = (v) => {
    const expected = 'expected an ISO 8601 UTC time such as 2026-11-21T23:58:18Z';
    if (v.length !== 20 && v.length !== 24)
        return `"${v.slice(0, 40)}" is not a time; ${expected}`;
    const shape = v.length === 20 ? 'dddd-dd-ddTdd:dd:ddZ' : 'dddd-dd-ddTdd:dd:dd.dddZ';
    for (let i = 0; i < shape.length; i++) {
        const c = v.charCodeAt(i);
        if (shape[i] === 'd' ? !isDigit(c) : c !== shape.charCodeAt(i))
            return `"${v}" is not a time; ${expected}`;
    }
    const [year, month, day, hour, minute, second] = [0, 5, 8, 11, 14, 17].map((at, i) => Number(v.slice(at, i === 0 ? 4 : at + 2)));
    const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
    if (year < 1970 ||
        date.getUTCFullYear() !== year ||
        date.getUTCMonth() !== month - 1 ||
        date.getUTCDate() !== day ||
        date.getUTCHours() !== hour ||
        date.getUTCMinutes() !== minute ||
        date.getUTCSeconds() !== second) {
        return `"${v}" is not a valid calendar time; ${expected}`;
    }
    return null;
};
function urlShape(v, max) {
    if (v.length === 0)
        return { problem: 'is empty' };
    const long = tooLong(v, max);
    if (long)
        return { problem: long };
    const chars = badChar(v, urlChar, 'URL characters (ASCII letters, digits and "- . _ ~ : / ? # @ ! & + , = %")');
    if (chars)
        return { problem: chars };
    if (!v.startsWith('https://') && !v.startsWith('http://'))
        return { problem: 'must start with https:// or http://' };
    let url;
    try {
        url = new URL(v);
    }
    catch {
        return { problem: `"${v}" is not a URL` };
    }
    if (url.username !== '' || url.password !== '')
        return { problem: 'must not contain credentials' };
    return { url };
}
/** A GitHub web base URL such as `https://github.com` (http or https, no credentials, query or trailing slash). */
const serverUrlRule = (v) => {
    const shape = urlShape(v, SERVER_URL_MAX);
    if ('problem' in shape)
        return shape.problem;
    const { url } = shape;
    if (url.search !== '' || url.hash !== '' || v.includes('?') || v.includes('#'))
        return 'must not have a query or fragment';
    if (v.endsWith('/'))
        return 'must not end with "/"; write e.g. https://github.com';
    const canonical = `${url.origin}${url.pathname === '/' ? '' : url.pathname}`;
    if (canonical !== v)
        return `is not in canonical form; write "${canonical}"`;
    return null;
};
/** An http(s) link (a workflow run, where an artifact landed) of safe URL characters, at most 500. */
const httpUrlRule = (v) => {
    const shape = urlShape(v, URL_MAX);
    return 'problem' in shape ? shape.problem : null;
};
/**
 * A target location: an http(s) URL or a registry reference such as `ghcr.io/org/img@sha256:…`,
 * in URL characters, at most 500.
 */
const locationRule = (v) => {
    if (v.length === 0)
        return 'is empty';
    return tooLong(v, URL_MAX) ?? badChar(v, urlChar, 'URL characters (ASCII letters, digits and "- . _ ~ : / ? # @ ! & + , = %")');
};
/** One line of free text: printable Unicode, no control, invisible or direction-changing characters, at most 500. */
const detailRule = (v) => {
    if (v.length === 0)
        return 'is empty (use null)';
    const long = tooLong(v, DETAIL_MAX);
    if (long)
        return long;
    for (let i = 0; i < v.length; i++) {
        const c = v.charCodeAt(i);
        if (isControl(c) || isInvisible(c)) {
            return `contains ${describeChar(v, i)}; a detail is one line of printable text (make one with toDetail())`;
        }
        if (c >= 0xd800 && c <= 0xdbff) {
            const next = v.charCodeAt(i + 1);
            if (!(next >= 0xdc00 && next <= 0xdfff))
                return `contains ${describeChar(v, i)}`;
            i++;
        }
        else if (c >= 0xdc00 && c <= 0xdfff) {
            return `contains ${describeChar(v, i)}`;
        }
    }
    return null;
};
/**
 * Makes one detail line from any text (an error message, registry output): control and invisible
 * characters become spaces, runs of spaces collapse, and the result is cut to 500 characters.
 * Returns null for text that is empty after cleaning.
 */
function toDetail(text) {
    let out = '';
    for (const ch of String(text)) {
        const c = ch.codePointAt(0) ?? 0;
        const bad = isControl(c) || isInvisible(c) || (c >= 0xd800 && c <= 0xdfff);
        out += bad ? ' ' : ch;
        if (out.length > DETAIL_MAX * 4)
            break;
    }
    out = out.replace(/ {2,}/g, ' ').trim();
    if (out.length > DETAIL_MAX) {
        out = out.slice(0, DETAIL_MAX - 1);
        const last = out.charCodeAt(out.length - 1);
        if (last >= 0xd800 && last <= 0xdbff)
            out = out.slice(0, -1);
        out += '…';
    }
    return out === '' ? null : out;
}
/** Throws a RequestFormatError naming `path` when `value` is not a string that follows `rule`. */
function check(rule, value, path, what, example) {
    const expected = example === undefined ? '' : ` (expected e.g. ${example})`;
    if (typeof value !== 'string') {
        throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .RequestFormatError */ .F(path, `${what} must be a string, got ${value === null ? 'null' : typeof value}${expected}`, example && `Write it like ${example}.`);
    }
    const problem = rule(value);
    if (problem !== null) {
        throw new _error_js__WEBPACK_IMPORTED_MODULE_0__/* .RequestFormatError */ .F(path, `${what} ${problem}${expected}`, example && `Write it like ${example}.`);
    }
    return value;
}
/** A GitHub owner (user or organisation), e.g. `acme`. */
function parseOwner(value, path = 'owner') {
    return check(ownerRule, value, path, 'the owner', '`acme`');
}
/** A GitHub repository name, e.g. `widget`. */
function parseRepoName(value, path = 'repo') {
    return check(repoNameRule, value, path, 'the repository name', '`widget`');
}
/** A monorepo sub-package path, e.g. `packages/core`. */
function parsePackagePath(value, path = 'path') {
    return check(packagePathRule, value, path, 'the package path', '`packages/core`');
}
/** A semver.org version, e.g. `1.2.3`, `2.0.0-rc.1`, `1.0.0+build.5` or `26.11.0`. */
function parseVersion(value, path = 'version') {
    return check(versionRule, value, path, 'the version', '`1.2.3`, `2.0.0-rc.1` or `26.11.0`');
}
/** A GitHub login, e.g. `octocat` or `release-bot[bot]`. */
function parseLogin(value, path = 'login') {
    return check(loginRule, value, path, 'the login', '`octocat` or `release-bot[bot]`');
}
/** A git branch name, e.g. `release/1.2.3`. */
function parseBranchName(value, path = 'branch') {
    return check(refNameRule, value, path, 'the branch name', '`release/1.2.3`');
}
/** A git tag name, e.g. `1.2.2` or `pkg@1.2.2`. */
function parseTagName(value, path = 'tag') {
    return check(refNameRule, value, path, 'the tag name', '`1.2.2`');
}
/** A publish target id, e.g. `github`, `npm[@scope/pkg]` or `oci[ghcr.io/org/img]`. */
function parseTargetId(value, path = 'target') {
    return check(targetIdRule, value, path, 'the target id', '`github`, `npm[@scope/pkg]` or `oci[ghcr.io/org/img]`');
}
/** A full commit SHA (40 lowercase hex characters). */
function parseCommitSha(value, path = 'commit') {
    return check(commitShaRule, value, path, 'the commit SHA');
}
/** A GitHub web base URL, e.g. `https://github.com`. */
function parseServerUrl(value, path = 'serverUrl') {
    return check(serverUrlRule, value, path, 'the server URL', '`https://github.com`');
}


/***/ }),

/***/ 3187:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  pE: () => (/* reexport */ MAX_ARTIFACTS),
  Fq: () => (/* reexport */ error/* RequestFormatError */.F),
  WL: () => (/* reexport */ createRequest),
  Kn: () => (/* reexport */ effectiveApprovals),
  sK: () => (/* reexport */ normalizeChangelog),
  pD: () => (/* reexport */ grammar/* parseBranchName */.pD),
  $n: () => (/* reexport */ grammar/* parseLogin */.$n),
  TR: () => (/* reexport */ parseRequest),
  lc: () => (/* reexport */ renderBody),
  zF: () => (/* reexport */ renderTitle),
  PX: () => (/* reexport */ grammar/* toDetail */.PX),
  $k: () => (/* reexport */ withHistory),
  yw: () => (/* reexport */ withHold),
  Q2: () => (/* reexport */ withState),
  Fg: () => (/* reexport */ withTargetState),
  lK: () => (/* reexport */ withoutApprovals)
});

// UNUSED EXPORTS: BODY_LIMIT, DETAIL_MAX, FORMAT_VERSION, HISTORY_KEEP_LATEST, MAX_APPROVALS, MAX_REQUIRED_APPROVALS, MAX_TARGETS, TITLE_EXAMPLES, TITLE_MAX, artifactNameRule, commitShaRule, describeChar, detailRule, fitToBodyLimit, httpUrlRule, locationRule, loginRule, ownerRule, packagePathRule, parseBody, parseCommitSha, parseOwner, parsePackagePath, parseRepoName, parseServerUrl, parseTagName, parseTargetId, parseTitle, parseVersion, publishRequestSchema, refNameRule, repoNameRule, requestLinks, ruleIdRule, sameTitleParts, serverUrlRule, sha256Rule, targetIdRule, timestampRule, validateRequest, versionRule, withApproval

// EXTERNAL MODULE: ./src/request-format/error.ts
var error = __webpack_require__(9417);
// EXTERNAL MODULE: ./src/request-format/grammar.ts
var grammar = __webpack_require__(8086);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 11 modules
var schemas = __webpack_require__(2857);
;// CONCATENATED MODULE: ./src/request-format/schema.ts
/**
 * The publish request as data: zod schemas built on the grammar rules, and the inferred types.
 * The machine block of an issue body is exactly this object minus the changelog text (which
 * lives in the human part and is bound to the block by its sha256).
 */



/** How many history entries a request keeps: the first one plus the latest HISTORY_KEEP_LATEST. */
const HISTORY_KEEP_LATEST = 100;
/** Upper bounds that keep the non-changelog part of a body well under GitHub's limit. */
const MAX_TARGETS = 64;
const MAX_ARTIFACTS = 100;
const MAX_APPROVALS = 20;
const MAX_REQUIRED_APPROVALS = 10;
const schema_grammar = (rule) => schemas/* string */.YjP().superRefine((value, ctx) => {
    const problem = rule(value);
    if (problem !== null)
        ctx.addIssue({ code: 'custom', message: problem });
});
const count = schemas/* number */.aig()
    .int()
    .nonnegative()
    .max(Number.MAX_SAFE_INTEGER)
    .refine((n) => !Object.is(n, -0), 'must not be -0');
const CHANGELOG_BAD = /[\r\0]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Changelog text: any well-formed Unicode with LF line endings (see normalizeChangelog). */
const changelogRule = (v) => {
    const at = v.search(CHANGELOG_BAD);
    if (at < 0)
        return null;
    const c = v.charCodeAt(at);
    if (c === 0x0d)
        return `contains a carriage return at position ${at + 1}; normalise line endings with normalizeChangelog()`;
    if (c === 0)
        return `contains a NUL character at position ${at + 1}`;
    return `contains an unpaired surrogate at position ${at + 1}`;
};
/** Makes any text a valid changelog: CRLF and lone CR become LF, NUL and unpaired surrogates become U+FFFD. */
function normalizeChangelog(text) {
    return String(text)
        .replace(/\r\n?/g, '\n')
        .replace(new RegExp(CHANGELOG_BAD.source, 'g'), '\uFFFD');
}
const repoIdSchema = schemas/* strictObject */.rej({ owner: schema_grammar(grammar/* ownerRule */.Ey), repo: schema_grammar(grammar/* repoNameRule */.gt) });
const targetStateSchema = schemas/* enum */.k5n(['pending', 'running', 'done', 'failed', 'skipped']);
const requestStateSchema = schemas/* enum */.k5n(['open', 'parked-ci', 'publishing', 'published', 'failed', 'retracted', 'expired']);
const historyEventSchema = schemas/* enum */.k5n([
    'requested',
    'updated',
    'approved',
    'approval-refused',
    'approval-voided',
    'held',
    'unheld',
    'ci-pending',
    'ci-passed',
    'ci-failed',
    'publishing',
    'target-published',
    'target-failed',
    'published',
    'merged',
    'merge-conflict',
    'retracted',
    'expired',
]);
const targetSchema = schemas/* strictObject */.rej({
    id: schema_grammar(grammar/* targetIdRule */.r0),
    state: targetStateSchema,
    updatedAt: schema_grammar(grammar/* timestampRule */.hi).nullable(),
    detail: schema_grammar(grammar/* detailRule */.sQ).nullable(),
    durationMs: count.nullable(),
    location: schema_grammar(grammar/* locationRule */.wh).nullable(),
});
const artifactSchema = schemas/* strictObject */.rej({
    name: schema_grammar(grammar/* artifactNameRule */.ow),
    size: count,
    sha256: schema_grammar(grammar/* sha256Rule */.wn),
});
const approvalSchema = schemas/* strictObject */.rej({
    login: schema_grammar(grammar/* loginRule */.Y3),
    at: schema_grammar(grammar/* timestampRule */.hi),
    commit: schema_grammar(grammar/* commitShaRule */.MD),
    via: schemas/* enum */.k5n(['label', 'comment', 'rule']),
    rule: schema_grammar(grammar/* ruleIdRule */.K2).nullable(),
})
    .superRefine((a, ctx) => {
    if ((a.via === 'rule') !== (a.rule !== null)) {
        ctx.addIssue({ code: 'custom', path: ['rule'], message: 'names the auto-approve rule exactly when via is "rule"' });
    }
});
const holdSchema = schemas/* strictObject */.rej({ by: schema_grammar(grammar/* loginRule */.Y3), at: schema_grammar(grammar/* timestampRule */.hi) });
const historyEntrySchema = schemas/* strictObject */.rej({
    at: schema_grammar(grammar/* timestampRule */.hi),
    event: historyEventSchema,
    actor: schema_grammar(grammar/* loginRule */.Y3).nullable(),
    detail: schema_grammar(grammar/* detailRule */.sQ).nullable(),
});
const requestShape = {
    repo: repoIdSchema,
    path: schema_grammar(grammar/* packagePathRule */.Kd).nullable(),
    version: schema_grammar(grammar/* versionRule */.Ju),
    serverUrl: schema_grammar(grammar/* serverUrlRule */.XD),
    releaseBranch: schema_grammar(grammar/* refNameRule */.ZN),
    releaseCommit: schema_grammar(grammar/* commitShaRule */.MD),
    previousTag: schema_grammar(grammar/* refNameRule */.ZN).nullable(),
    mergeTarget: schema_grammar(grammar/* refNameRule */.ZN).nullable(),
    requester: schema_grammar(grammar/* loginRule */.Y3),
    requestedAt: schema_grammar(grammar/* timestampRule */.hi),
    workflowRunUrl: schema_grammar(grammar/* httpUrlRule */.Kg).nullable(),
    state: requestStateSchema,
    requiredApprovals: schemas/* number */.aig().int().min(1).max(MAX_REQUIRED_APPROVALS),
    approvals: schemas/* array */.YOg(approvalSchema).max(MAX_APPROVALS),
    hold: holdSchema.nullable(),
    targets: schemas/* array */.YOg(targetSchema).max(MAX_TARGETS),
    artifacts: schemas/* array */.YOg(artifactSchema).max(MAX_ARTIFACTS),
    history: schemas/* array */.YOg(historyEntrySchema).max(HISTORY_KEEP_LATEST + 1),
    historyDropped: count,
    changelogOmitted: count,
};
function crossChecks(request, ctx) {
    if (request.workflowRunUrl !== null && !request.workflowRunUrl.startsWith(`${request.serverUrl}/`)) {
        ctx.addIssue({ code: 'custom', path: ['workflowRunUrl'], message: `must be a link on ${request.serverUrl}` });
    }
    const ids = new Set();
    request.targets.forEach((t, i) => {
        if (ids.has(t.id))
            ctx.addIssue({ code: 'custom', path: ['targets', i, 'id'], message: `repeats the target id "${t.id}"` });
        ids.add(t.id);
    });
    const names = new Set();
    request.artifacts.forEach((a, i) => {
        if (names.has(a.name))
            ctx.addIssue({ code: 'custom', path: ['artifacts', i, 'name'], message: `repeats the artifact name "${a.name}"` });
        names.add(a.name);
    });
}
/** A publish request, as renderBody takes it and parseBody returns it. */
const publishRequestSchema = schemas/* strictObject */.rej({ ...requestShape, changelog: schemas/* string */.YjP().superRefine((v, ctx) => {
        const problem = changelogRule(v);
        if (problem !== null)
            ctx.addIssue({ code: 'custom', message: problem });
    }) })
    .superRefine(crossChecks);
/** What renderBody accepts: like a request, but any history length (rendering keeps the first and latest entries). */
const schema_publishRequestInputSchema = schemas/* strictObject */.rej({
    ...requestShape,
    history: schemas/* array */.YOg(historyEntrySchema).max(100_000),
    changelog: schemas/* string */.YjP().superRefine((v, ctx) => {
        const problem = changelogRule(v);
        if (problem !== null)
            ctx.addIssue({ code: 'custom', message: problem });
    }),
})
    .superRefine(crossChecks);
/** The JSON object of the machine block: the request without its changelog text, plus the changelog digest. */
const machineSchema = schemas/* strictObject */.rej({ ...requestShape, changelogSha256: schema_grammar(grammar/* sha256Rule */.wn) })
    .superRefine(crossChecks);
/** Validates a request (as handlers build it) without rendering; throws RequestFormatError naming the field. */
function validateRequest(value, path = 'request') {
    return schema_parseWith(publishRequestSchema, value, path);
}
/** `['targets', 2, 'id']` → `targets[2].id`. */
function formatPath(prefix, path) {
    let out = prefix;
    for (const key of path)
        out += typeof key === 'number' ? `[${key}]` : `.${String(key)}`;
    return out;
}
/** Parses with a schema, turning the first zod issue into a RequestFormatError under `prefix`. */
function schema_parseWith(schema, value, prefix) {
    const result = schema.safeParse(value);
    if (result.success)
        return result.data;
    const issue = result.error.issues[0];
    if (!issue)
        throw new error/* RequestFormatError */.F(prefix, 'is not valid');
    return raise(formatPath(prefix, issue.path), issue.message);
}
function raise(path, message) {
    throw new error/* RequestFormatError */.F(path, message);
}

;// CONCATENATED MODULE: ./src/request-format/title.ts
/**
 * The request title `publish: owner/repo[/path]@version`: the key that makes one open request
 * per package version. Parsing splits on ASCII delimiters only and validates every part with
 * the grammar, so a look-alike `＠` or `／` lands inside a part and is reported there.
 */


const PREFIX = 'publish:';
/** GitHub's limit on issue titles. */
const TITLE_MAX = 256;
function fail(path, message) {
    throw new error/* RequestFormatError */.F(path, `${message}; expected a title like ${error/* TITLE_EXAMPLES */.v}`, `Write the title as ${error/* TITLE_EXAMPLES */.v}.`);
}
function part(rule, value, path, what) {
    const problem = rule(value);
    if (problem !== null)
        fail(path, `${what} ${problem}`);
    return value;
}
/** Parses `publish: owner/repo[/path]@version`; throws RequestFormatError naming the part that is wrong. */
function parseTitle(title) {
    if (typeof title !== 'string')
        fail('title', `must be a string, got ${title === null ? 'null' : typeof title}`);
    if (title.length > TITLE_MAX)
        fail('title', `is ${title.length} characters long; the maximum is ${TITLE_MAX}`);
    if (!title.startsWith(PREFIX)) {
        const shown = title.length > 40 ? `${title.slice(0, 40)}…` : title;
        fail('title', `must start with "publish: ", got ${JSON.stringify(shown)}`);
    }
    if (title.charCodeAt(PREFIX.length) !== 0x20) {
        fail('title', title.length === PREFIX.length ? 'has nothing after "publish:"' : `needs exactly one space after "publish:", found ${(0,grammar/* describeChar */.Ip)(title, PREFIX.length)}`);
    }
    if (title.charCodeAt(PREFIX.length + 1) === 0x20)
        fail('title', 'needs exactly one space after "publish:", found more');
    const rest = title.slice(PREFIX.length + 1);
    const at = rest.indexOf('@');
    const left = at < 0 ? rest : rest.slice(0, at);
    const slash = left.indexOf('/');
    if (slash < 0) {
        part(grammar/* ownerRule */.Ey, left, 'title.owner', 'the owner');
        fail('title.repo', `"${left}" has no repository; write owner/repo`);
    }
    const owner = part(grammar/* ownerRule */.Ey, left.slice(0, slash), 'title.owner', 'the owner');
    const afterOwner = left.slice(slash + 1);
    const slash2 = afterOwner.indexOf('/');
    const repo = part(grammar/* repoNameRule */.gt, slash2 < 0 ? afterOwner : afterOwner.slice(0, slash2), 'title.repo', 'the repository name');
    const path = slash2 < 0 ? null : part(grammar/* packagePathRule */.Kd, afterOwner.slice(slash2 + 1), 'title.path', 'the package path');
    if (at < 0)
        fail('title.version', 'has no "@version" at the end');
    const version = part(grammar/* versionRule */.Ju, rest.slice(at + 1), 'title.version', 'the version');
    return { repo: { owner, repo }, path, version };
}
/** Renders the title of a request (or of its repo, path and version); throws RequestFormatError if a part is invalid. */
function renderTitle(request) {
    if (typeof request !== 'object' || request === null || typeof request.repo !== 'object' || request.repo === null) {
        fail('title', 'needs repo: { owner, repo }, path and version');
    }
    const field = (rule, value, path, what) => {
        if (typeof value !== 'string')
            fail(path, `${what} must be a string, got ${value === null ? 'null' : typeof value}`);
        return part(rule, value, path, what);
    };
    field(grammar/* ownerRule */.Ey, request.repo.owner, 'title.owner', 'the owner');
    field(grammar/* repoNameRule */.gt, request.repo.repo, 'title.repo', 'the repository name');
    if (request.path !== null)
        field(grammar/* packagePathRule */.Kd, request.path, 'title.path', 'the package path');
    field(grammar/* versionRule */.Ju, request.version, 'title.version', 'the version');
    const title = `${PREFIX} ${request.repo.owner}/${request.repo.repo}${request.path === null ? '' : `/${request.path}`}@${request.version}`;
    // Parsing what we render validates every part with the same rules and proves the round trip.
    const parsed = parseTitle(title);
    if (parsed.repo.owner !== request.repo.owner || parsed.repo.repo !== request.repo.repo || parsed.path !== request.path || parsed.version !== request.version) {
        fail('title', `parts do not survive a round trip: ${JSON.stringify(title)}`);
    }
    return title;
}
/** Whether two titles name the same package version (exact, case-sensitive comparison of the parts). */
function sameTitleParts(a, b) {
    return a.repo.owner === b.repo.owner && a.repo.repo === b.repo.repo && a.path === b.path && a.version === b.version;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/request-format/changelog-text.ts
/**
 * How the changelog sits in the issue body without being able to change its structure.
 *
 * Security: the changelog is written by whoever prepared the release. Inside the body it must
 * not open or close an HTML comment, a `<details>` block or any tag, or it could forge or hide
 * the machine block. `neutralise` inserts an invisible WORD JOINER (U+2060) after every `<` that
 * starts a tag or comment (`<!`, `</`, `<?`, `<letter`) and before every `>` that follows `-`
 * (so `-->` never appears), and after every `[` followed by a space, `x` or `X` (so GitHub draws no
 * task-list checkbox whose click would rewrite the changelog); a WORD JOINER already in the text
 * is doubled. The mapping is a bijection, so `restore(neutralise(x)) === x`, and the text still
 * reads the same.
 */
const JOINER = '\u2060';
// One pass, no nested quantifiers: each match is followed by a joiner (`$&` + joiner), so a joiner
// is doubled and one goes between `<` and a tag start, `-` and `>`, `[` and a checkbox mark.
const NEUTRALISE = /\u2060|<(?=[!/?A-Za-z])|-(?=>)|\[(?=[ xX])/g;
const RESTORE = /\u2060(\u2060)?/g;
/** The changelog as it is written into the body: no `<!--`, `-->`, `</details>` or other tag can form. */
function neutralise(text) {
    return text.replace(NEUTRALISE, `$&${JOINER}`);
}
/** Inverse of neutralise: a doubled WORD JOINER is one, a single one was inserted and is dropped. */
function restore(text) {
    return text.replace(RESTORE, '$1');
}
/**
 * The length of the longest prefix of `text` whose neutralised form fits in `budget` characters,
 * cut at a line end when one is near, and never between the two halves of a surrogate pair.
 */
function fittingPrefix(text, budget) {
    // Neutralising adds one character per match: for a joiner at its own index, for the others
    // before the next character. Walk the matches in order and stop at the first one past the cut.
    let added = 0;
    for (const match of text.matchAll(NEUTRALISE)) {
        const at = match[0] === JOINER ? match.index : match.index + 1;
        if (at >= budget - added)
            break;
        added++;
        if (at >= budget - added)
            break;
    }
    const k = Math.min(text.length, budget - added);
    if (k >= text.length)
        return text.length;
    // Prefer ending at a line boundary when one is within the last 2,000 characters kept.
    const newline = k > 0 ? text.lastIndexOf('\n', k - 1) : -1;
    if (newline >= 0 && k - newline <= 2000)
        return newline;
    const last = k > 0 ? text.charCodeAt(k - 1) : 0;
    return last >= 0xd800 && last <= 0xdbff ? k - 1 : k;
}

;// CONCATENATED MODULE: ./src/request-format/body.ts
/**
 * The issue body of a publish request: a human part rendered from the request, a collapsible
 * changelog, and a hidden machine block at the very end. The machine block is authoritative;
 * the parser reads only the machine block and the changelog region, whose sha256 the block
 * records. Everything else in the body (checkboxes, links, lines a changelog may imitate) is
 * display and never read back.
 */





/** GitHub's limit on an issue body, in UTF-16 code units (`string.length`). */
const BODY_LIMIT = 65_536;
/** The format version written in the machine block. */
const FORMAT_VERSION = 1;
/** Bodies longer than this are rejected before any scanning (a valid body is at most BODY_LIMIT, twice that with CRLF). */
const PARSE_LIMIT = 4 * BODY_LIMIT;
const MACHINE_PREFIX = '<!-- publish-approval:request';
const MACHINE_OPEN = `${MACHINE_PREFIX} v${FORMAT_VERSION}`;
const MACHINE_CLOSE = '-->';
const CHANGELOG_BEGIN = '<!-- publish-approval:changelog -->';
const CHANGELOG_END = '<!-- /publish-approval:changelog -->';
/** The links of a request: changes, check runs of the release commit, the commit, the workflow run. */
function requestLinks(request) {
    const repository = `${request.serverUrl}/${request.repo.owner}/${request.repo.repo}`;
    const commit = `${repository}/commit/${request.releaseCommit}`;
    return {
        repository,
        changes: request.previousTag === null ? commit : `${repository}/compare/${request.previousTag}...${request.releaseCommit}`,
        checks: `${commit}/checks`,
        commit,
        tree: `${repository}/tree/${request.releaseCommit}${request.path === null ? '' : `/${request.path}`}`,
        workflowRun: request.workflowRunUrl,
    };
}
/** Markdown-escapes one line of free text so it shows literally (no links, mentions of structure, tables or HTML). */
function md(text) {
    let out = '';
    for (const ch of text) {
        if (ch === '<')
            out += '&lt;';
        else if (ch === '>')
            out += '&gt;';
        else if (ch === '&')
            out += '&amp;';
        else if ('\\`*_[]{}()#+-.!|~@'.includes(ch))
            out += `\\${ch}`;
        else
            out += ch;
    }
    return out;
}
/** `1234567` → `1,234,567` (no Intl: fast and the same on every runner). */
function grouped(n) {
    return String(n).replace(/\B(?=(\d{3})+$)/g, ',');
}
function formatDuration(ms) {
    if (ms < 1000)
        return `${ms} ms`;
    if (ms < 60_000)
        return `${(ms / 1000).toFixed(1)} s`;
    const minutes = Math.floor(ms / 60_000);
    return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}
function formatSize(bytes) {
    const units = ['KiB', 'MiB', 'GiB', 'TiB'];
    let value = bytes;
    let unit = '';
    for (const u of units) {
        if (value < 1024)
            break;
        value /= 1024;
        unit = u;
    }
    return unit === '' ? `${grouped(bytes)} bytes` : `${value.toFixed(1)} ${unit} (${grouped(bytes)} bytes)`;
}
const STATE_TEXT = {
    open: 'waiting for approval',
    'parked-ci': 'approved, waiting for CI on the release commit',
    publishing: 'publishing',
    published: 'published',
    failed: 'publishing failed; re-add the `accepted` label to retry what is left',
    retracted: 'retracted',
    expired: 'expired',
};
function targetLines(target) {
    const box = target.state === 'done' || target.state === 'skipped' ? 'x' : ' ';
    const lines = [` - [${box}] ${target.id}`];
    const facts = [];
    if (target.state !== 'pending' || target.updatedAt !== null)
        facts.push(target.state);
    if (target.updatedAt !== null)
        facts.push(target.updatedAt);
    if (target.durationMs !== null)
        facts.push(formatDuration(target.durationMs));
    if (target.location !== null)
        facts.push(`\`${target.location}\``);
    if (target.detail !== null)
        facts.push(md(target.detail));
    if (facts.length > 0)
        lines.push(`   - ${facts.join(' · ')}`);
    return lines;
}
function approvalLines(request) {
    const who = request.approvals.map((a) => `@${a.login} (${a.via === 'rule' ? `rule \`${a.rule ?? ''}\`` : a.via}, ${a.at})`);
    const lines = [];
    if (request.requiredApprovals === 1) {
        lines.push('Assign the **accepted** label to this issue to approve the release.');
    }
    else {
        lines.push(`This release needs **${request.requiredApprovals} approvals** from different release managers: the **accepted** label gives the first, ` +
            'each further one is a comment with `#approve` on a line of its own.');
    }
    if (who.length > 0 || request.requiredApprovals > 1) {
        const missing = Math.max(0, request.requiredApprovals - request.approvals.length);
        const list = who.length > 0 ? who.join(', ') : 'nobody yet';
        lines.push(`Approved by: ${list}; ${request.approvals.length} of ${request.requiredApprovals}${missing > 0 ? `, ${missing} missing` : ''}.`);
    }
    return lines;
}
// Actors are code spans, not @mentions: a body re-rendered after every event must not ping everyone again.
function historyTable(request) {
    const rows = request.history.map((h) => `| ${h.at} | ${h.event} | ${h.actor === null ? '' : `\`${h.actor}\``} | ${h.detail === null ? '' : md(h.detail)} |`);
    const dropped = request.historyDropped > 0 ? [``, `${request.historyDropped} earlier events are not kept (the first event and the latest ${HISTORY_KEEP_LATEST} are).`] : [];
    return [
        `<details><summary>History (${request.history.length + request.historyDropped} events)</summary>`,
        '',
        '| Time | Event | By | Detail |',
        '| --- | --- | --- | --- |',
        ...rows,
        ...dropped,
        '',
        '</details>',
    ];
}
function machineJson(request, changelogSha256) {
    const block = {
        repo: { owner: request.repo.owner, repo: request.repo.repo },
        path: request.path,
        version: request.version,
        serverUrl: request.serverUrl,
        releaseBranch: request.releaseBranch,
        releaseCommit: request.releaseCommit,
        previousTag: request.previousTag,
        mergeTarget: request.mergeTarget,
        requester: request.requester,
        requestedAt: request.requestedAt,
        workflowRunUrl: request.workflowRunUrl,
        state: request.state,
        requiredApprovals: request.requiredApprovals,
        approvals: request.approvals,
        hold: request.hold,
        targets: request.targets,
        artifacts: request.artifacts,
        history: request.history,
        historyDropped: request.historyDropped,
        changelogOmitted: request.changelogOmitted,
        changelogSha256,
    };
    // Security: `<` and `>` never appear raw, so the JSON cannot close the comment or open another.
    return JSON.stringify(block).replace(/</g, '\\u003c').replace(/>/g, '\\u003e');
}
function sha256(text) {
    return (0,external_node_crypto_.createHash)('sha256').update(text, 'utf8').digest('hex');
}
/** Renders a validated request that already fits; `changelogText` is the neutralised changelog. */
function assemble(request, changelogText, changelogSha256) {
    const links = requestLinks(request);
    const lines = [
        `Requested by: @${request.requester}`,
        '',
        `Merge target: ${request.mergeTarget ?? '(default)'}`,
        '',
        'Quick links:',
        `- [View changes](${links.changes})`,
        `- [View check runs](${links.checks})`,
        ...(links.workflowRun === null ? [] : [`- [Workflow run](${links.workflowRun})`]),
        '',
        `Release branch: \`${request.releaseBranch}\``,
        `Release commit: \`${request.releaseCommit}\``,
        `Requested at: ${request.requestedAt}`,
        `State: **${request.state}** (${STATE_TEXT[request.state]})`,
        '',
    ];
    if (request.hold !== null) {
        lines.push(`**On hold by @${request.hold.by}** since ${request.hold.at}: it cannot be approved until \`#unhold\`.`, '');
    }
    lines.push(...approvalLines(request), 'To retract the release, leave a comment with `#retract` on a line of its own.', 'To ask release managers to wait, comment `#hold`; `#unhold` lifts the hold.', '', '### Targets', '', 'Checked targets are done or skipped. The state below is kept by publish-approval; ticking a box by hand changes nothing.', '');
    for (const target of request.targets)
        lines.push(...targetLines(target));
    if (request.targets.length === 0)
        lines.push('_No targets._');
    lines.push('');
    if (request.artifacts.length > 0) {
        lines.push('### Artifacts', '', '| Name | Size | SHA-256 |', '| --- | ---: | --- |');
        for (const a of request.artifacts)
            lines.push(`| \`${a.name}\` | ${formatSize(a.size)} | \`${a.sha256}\` |`);
        lines.push('');
    }
    lines.push(...historyTable(request), '', '<details><summary>Changelog</summary>', '');
    if (request.changelogOmitted > 0) {
        lines.push(`_Changelog truncated: ${grouped(request.changelogOmitted)} characters omitted; see ${links.tree}_`, '');
    }
    lines.push(CHANGELOG_BEGIN, changelogText, CHANGELOG_END, '', '</details>', '', MACHINE_OPEN, machineJson(request, changelogSha256), MACHINE_CLOSE);
    return lines.join('\n');
}
/** The request with its history capped: the first entry and the latest HISTORY_KEEP_LATEST, the rest counted. */
function capHistory(request) {
    const keep = HISTORY_KEEP_LATEST + 1;
    if (request.history.length <= keep)
        return request;
    const [first] = request.history;
    const latest = request.history.slice(-HISTORY_KEEP_LATEST);
    return {
        ...request,
        history: first === undefined ? latest : [first, ...latest],
        historyDropped: request.historyDropped + request.history.length - keep,
    };
}
/** Fits a valid request to the body limit and renders it: the request as recorded, and its body. */
function fitAndRender(valid) {
    const request = capHistory(valid);
    const full = assemble(request, neutralise(request.changelog), sha256(request.changelog));
    if (full.length <= BODY_LIMIT)
        return { request, body: full };
    // The note's digits depend on how much is omitted: budget for the most that could be.
    const mostOmitted = request.changelogOmitted + request.changelog.length;
    const skeleton = assemble({ ...request, changelogOmitted: mostOmitted }, '', '0'.repeat(64)).length;
    const budget = BODY_LIMIT - skeleton;
    if (budget < 0) {
        throw new error/* RequestFormatError */.F('body', `the request needs ${grouped(skeleton)} characters even without its changelog; an issue body holds at most ${grouped(BODY_LIMIT)}`, 'Reduce the number of targets, artifacts or the length of status details.');
    }
    const kept = fittingPrefix(request.changelog, budget);
    const fitted = {
        ...request,
        changelog: request.changelog.slice(0, kept),
        changelogOmitted: request.changelogOmitted + request.changelog.length - kept,
    };
    const body = assemble(fitted, neutralise(fitted.changelog), sha256(fitted.changelog));
    // Defensive: the budget above is an upper bound, so this cannot happen unless the layout changed.
    if (body.length > BODY_LIMIT)
        throw new error/* RequestFormatError */.F('body', `rendered ${body.length} characters, over the limit of ${BODY_LIMIT}`);
    return { request: fitted, body };
}
/**
 * What renderBody will record for `request`: history capped and the changelog truncated to fit
 * the body limit (`changelogOmitted` counts what was cut). `parseBody(renderBody(x))` equals this.
 */
function fitToBodyLimit(request) {
    return fitAndRender(parseWith(publishRequestInputSchema, request, 'request')).request;
}
/**
 * Renders the issue body of a request; throws RequestFormatError when the request is invalid or
 * cannot fit the body limit even without its changelog. Output is at most BODY_LIMIT characters.
 */
function renderBody(request) {
    return fitAndRender(schema_parseWith(schema_publishRequestInputSchema, request, 'request')).body;
}
/** The machine block nests four levels at most; anything deeper is refused before JSON.parse sees it. */
const MAX_JSON_DEPTH = 8;
/** Whether JSON text nests deeper than MAX_JSON_DEPTH (one linear scan that skips strings). */
function tooDeep(json) {
    let depth = 0;
    let inString = false;
    for (let i = 0; i < json.length; i++) {
        const c = json.charCodeAt(i);
        if (inString) {
            if (c === 0x5c)
                i++;
            else if (c === 0x22)
                inString = false;
        }
        else if (c === 0x22) {
            inString = true;
        }
        else if (c === 0x7b || c === 0x5b) {
            if (++depth > MAX_JSON_DEPTH)
                return true;
        }
        else if (c === 0x7d || c === 0x5d) {
            depth--;
        }
    }
    return false;
}
function bodyError(path, message) {
    throw new error/* RequestFormatError */.F(path, message, 'The body of a publish request is written by the request action; restore it from the issue history or open a new request.');
}
/**
 * Parses an issue body into its request. Reads only the machine block (the last one, which must
 * end the body) and the changelog region, verified against the digest in the block. Accepts CRLF.
 */
function parseBody(body) {
    if (typeof body !== 'string')
        bodyError('body', `must be a string, got ${body === null ? 'null' : typeof body}`);
    if (body.length > PARSE_LIMIT)
        bodyError('body', `is ${body.length} characters long; a publish request body is at most ${BODY_LIMIT}`);
    const text = body.includes('\r') ? body.split('\r\n').join('\n') : body;
    let end = text.length;
    while (end > 0) {
        const c = text.charCodeAt(end - 1);
        if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d)
            break;
        end--;
    }
    const missing = `has no publish-approval block at its end (a hidden "${MACHINE_OPEN}" comment)`;
    if (end < MACHINE_CLOSE.length || !text.startsWith(MACHINE_CLOSE, end - MACHINE_CLOSE.length))
        bodyError('body.machine', missing);
    const open = text.lastIndexOf(MACHINE_PREFIX, end - MACHINE_CLOSE.length);
    if (open < 0)
        bodyError('body.machine', missing);
    if (open > 0 && text.charCodeAt(open - 1) !== 0x0a)
        bodyError('body.machine', 'must start on a line of its own');
    const headerEnd = text.indexOf('\n', open);
    if (headerEnd < 0 || headerEnd > end - MACHINE_CLOSE.length)
        bodyError('body.machine', `is not followed by JSON on the next line`);
    const header = text.slice(open, headerEnd);
    if (header !== MACHINE_OPEN) {
        const version = header.slice(MACHINE_PREFIX.length).trim();
        if (/^v\d{1,6}$/.test(version)) {
            bodyError('body.machine', `is in format ${version}, which this publish-approval does not read (it reads v${FORMAT_VERSION}); update publish-approval in the control repository`);
        }
        bodyError('body.machine', `has the header ${JSON.stringify(header.slice(0, 60))}; expected "${MACHINE_OPEN}"`);
    }
    const closeAt = end - MACHINE_CLOSE.length;
    if (text.charCodeAt(closeAt - 1) !== 0x0a || closeAt - 1 < headerEnd + 1)
        bodyError('body.machine', 'must end with "-->" on a line of its own');
    const json = text.slice(headerEnd + 1, closeAt - 1);
    if (json.includes('\n'))
        bodyError('body.machine', 'must hold its JSON on one line');
    if (json.includes('<') || json.includes('>'))
        bodyError('body.machine', 'contains a raw "<" or ">" (the renderer writes them as \\u003c and \\u003e)');
    if (tooDeep(json))
        bodyError('body.machine', `nests arrays or objects deeper than ${MAX_JSON_DEPTH} levels`);
    let data;
    try {
        data = JSON.parse(json);
    }
    catch (error) {
        bodyError('body.machine', `is not valid JSON (${error instanceof Error ? error.message.slice(0, 200) : 'parse error'})`);
    }
    const machine = schema_parseWith(machineSchema, data, 'body.machine');
    const endMarker = text.lastIndexOf(CHANGELOG_END, open - CHANGELOG_END.length);
    const beginMarker = endMarker < 0 ? -1 : text.lastIndexOf(CHANGELOG_BEGIN, endMarker - CHANGELOG_BEGIN.length);
    if (endMarker < 0 || beginMarker < 0)
        bodyError('body.changelog', 'is missing (its begin and end markers were not found)');
    const region = text.slice(beginMarker + CHANGELOG_BEGIN.length, endMarker);
    if (region.length < 2 || region.charCodeAt(0) !== 0x0a || region.charCodeAt(region.length - 1) !== 0x0a) {
        bodyError('body.changelog', 'markers must be on lines of their own');
    }
    const written = region.slice(1, -1);
    const changelog = restore(written);
    // Security: only the exact text the renderer wrote is accepted, so no two bodies mean the same request.
    if (neutralise(changelog) !== written || sha256(changelog) !== machine.changelogSha256) {
        bodyError('body.changelog', 'does not match the digest in the machine block: the changelog was edited after the request was written');
    }
    const problem = changelogRule(changelog);
    if (problem !== null)
        bodyError('body.changelog', problem);
    const { changelogSha256: _digest, ...rest } = machine;
    return { ...rest, changelog };
}
/**
 * Parses a request issue: the title and the body, and checks that they name the same package
 * version (a title edited to point elsewhere is rejected).
 */
function parseRequest(title, body) {
    const parts = parseTitle(title);
    const request = parseBody(body);
    if (!sameTitleParts(parts, request)) {
        const expected = `publish: ${request.repo.owner}/${request.repo.repo}${request.path === null ? '' : `/${request.path}`}@${request.version}`;
        throw new error/* RequestFormatError */.F('title', `does not match the request in the body, which is for "${expected}"`, 'Restore the title; a request is for one package version.');
    }
    return request;
}

;// CONCATENATED MODULE: ./src/request-format/update.ts
/**
 * Small immutable updates of a request. Each returns a new object and leaves its input alone;
 * validation happens once, when the result is rendered.
 */


/** A fresh, validated request (state `open`, every target pending, one `requested` history entry). */
function createRequest(init) {
    return schema_parseWith(publishRequestSchema, {
        repo: { owner: init.repo?.owner, repo: init.repo?.repo },
        path: init.path ?? null,
        version: init.version,
        serverUrl: init.serverUrl,
        releaseBranch: init.releaseBranch,
        releaseCommit: init.releaseCommit,
        previousTag: init.previousTag ?? null,
        mergeTarget: init.mergeTarget ?? null,
        requester: init.requester,
        requestedAt: init.requestedAt,
        workflowRunUrl: init.workflowRunUrl ?? null,
        state: 'open',
        requiredApprovals: init.requiredApprovals ?? 1,
        approvals: [],
        hold: null,
        targets: Array.isArray(init.targets)
            ? init.targets.map((id) => ({ id, state: 'pending', updatedAt: null, detail: null, durationMs: null, location: null }))
            : init.targets,
        artifacts: [],
        history: [{ at: init.requestedAt, event: 'requested', actor: init.requester, detail: null }],
        historyDropped: 0,
        changelog: init.changelog ?? '',
        changelogOmitted: 0,
    }, 'request');
}
/** Appends a history entry, keeping the first entry and the latest ones (the rest are counted in historyDropped). */
function withHistory(request, entry) {
    const history = [...request.history, entry];
    const keep = HISTORY_KEEP_LATEST + 1;
    if (history.length <= keep)
        return { ...request, history };
    const [first] = history;
    return {
        ...request,
        history: first === undefined ? history.slice(-HISTORY_KEEP_LATEST) : [first, ...history.slice(-HISTORY_KEEP_LATEST)],
        historyDropped: request.historyDropped + history.length - keep,
    };
}
/** Sets one target's state (and when, and optionally detail, duration and location); throws if the id is unknown. */
function withTargetState(request, id, state, update) {
    const index = request.targets.findIndex((t) => t.id === id);
    if (index < 0)
        throw new error/* RequestFormatError */.F('targets', `has no target "${id}"; it has ${request.targets.map((t) => t.id).join(', ') || 'none'}`);
    const targets = request.targets.map((t, i) => i !== index
        ? t
        : {
            ...t,
            state,
            updatedAt: update.at,
            detail: update.detail === undefined ? t.detail : update.detail,
            durationMs: update.durationMs === undefined ? t.durationMs : update.durationMs,
            location: update.location === undefined ? t.location : update.location,
        });
    return { ...request, targets };
}
/** Adds an approval. */
function withApproval(request, approval) {
    return { ...request, approvals: [...request.approvals, approval] };
}
/** Removes every approval (a void after a push or an edit). */
function withoutApprovals(request) {
    return { ...request, approvals: [] };
}
/** Sets or clears the hold. */
function withHold(request, hold) {
    return { ...request, hold };
}
/** Sets the lifecycle state. */
function withState(request, state) {
    return { ...request, state };
}
/** Approvals that count: distinct logins approving the current release commit. */
function effectiveApprovals(request) {
    const seen = new Set();
    return request.approvals.filter((a) => {
        const key = a.login.toLowerCase();
        if (a.commit !== request.releaseCommit || seen.has(key))
            return false;
        seen.add(key);
        return true;
    });
}

;// CONCATENATED MODULE: ./src/request-format/index.ts
/**
 * The publish-request contract: the only module that knows the title and body layout of a
 * request issue. Everything else imports from here.
 */








/***/ })

};
