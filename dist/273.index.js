export const id = 273;
export const ids = [273];
export const modules = {

/***/ 5273:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  dispatch: () => (/* binding */ dispatch)
});

// UNUSED EXPORTS: actionsLogger

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 14 modules
var core = __webpack_require__(6421);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/deps.ts
const systemClock = { now: () => Date.now() };
/** Reads `INPUT_<NAME>` from an environment as @actions/core does (spaces become underscores). */
function inputReader(env) {
    return (name) => (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

;// CONCATENATED MODULE: ./src/dispatch.ts
/**
 * Builds the real dependencies (Octokit-backed port, @actions/core logger, system clock) and runs
 * the routed handler with one try/catch that reports: a UserError is explained, anything else is
 * reported as a bug.
 */




const handlers = {
    request: async () => (await Promise.all(/* import() */[__webpack_require__.e(649), __webpack_require__.e(153), __webpack_require__.e(120)]).then(__webpack_require__.bind(__webpack_require__, 5120))).handleRequest,
    approve: async () => (await Promise.all(/* import() */[__webpack_require__.e(649), __webpack_require__.e(153), __webpack_require__.e(242), __webpack_require__.e(668)]).then(__webpack_require__.bind(__webpack_require__, 5668))).handleApprove,
    comment: async () => (await Promise.all(/* import() */[__webpack_require__.e(649), __webpack_require__.e(153), __webpack_require__.e(242), __webpack_require__.e(366)]).then(__webpack_require__.bind(__webpack_require__, 1366))).handleComment,
    'auto-approve': async () => (await Promise.all(/* import() */[__webpack_require__.e(649), __webpack_require__.e(153), __webpack_require__.e(242), __webpack_require__.e(272)]).then(__webpack_require__.bind(__webpack_require__, 5272))).handleAutoApprove,
    publish: async () => (await Promise.all(/* import() */[__webpack_require__.e(649), __webpack_require__.e(153), __webpack_require__.e(242), __webpack_require__.e(821)]).then(__webpack_require__.bind(__webpack_require__, 3821))).handlePublish,
    reconcile: async () => (await Promise.all(/* import() */[__webpack_require__.e(649), __webpack_require__.e(153), __webpack_require__.e(242), __webpack_require__.e(763)]).then(__webpack_require__.bind(__webpack_require__, 763))).handleReconcile,
};
/**
 * Spacing between writes. GitHub's guidance is one second; the sandbox sets
 * PUBLISH_APPROVAL_WRITE_INTERVAL_MS=0 so end-to-end tests do not wait.
 */
function writeInterval(env) {
    const raw = env.PUBLISH_APPROVAL_WRITE_INTERVAL_MS;
    if (raw === undefined || raw === '')
        return undefined;
    const value = Number(raw);
    return Number.isInteger(value) && value >= 0 && value <= 60_000 ? value : undefined;
}
/** The @actions/core implementation of Logger. */
const actionsLogger = {
    info: (m) => core/* info */.pq(m),
    debug: (m) => core/* debug */.Yz(m),
    notice: (m, p) => core/* notice */.lm(m, p),
    warning: (m, p) => core/* warning */.$e(m, p),
    error: (m, p) => core/* error */.z3(m, p),
    mask: (s) => core/* setSecret */.Pq(s),
    setOutput: (n, v) => core/* setOutput */.uH(n, v),
    appendSummary: async (markdown) => {
        await core/* summary */.z.addRaw(markdown, true).write();
    },
};
async function dispatch(chosen, event) {
    const { env } = event;
    const input = inputReader(env);
    core/* info */.pq(`publish-approval: running "${chosen.command}" (${chosen.why}).`);
    try {
        const token = input('token') || env.GITHUB_TOKEN || '';
        if (token === '')
            throw new errors/* UserError */.yo('E_NO_TOKEN', 'No GitHub token was given.', 'Pass a token with the "token" input (a GitHub App installation token; see the README, "Set-up").');
        core/* setSecret */.Pq(token);
        const { createOctokitPort } = await Promise.all(/* import() */[__webpack_require__.e(167), __webpack_require__.e(60)]).then(__webpack_require__.bind(__webpack_require__, 3060));
        const github = createOctokitPort({
            token,
            baseUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
            log: actionsLogger,
            // App installation tokens cannot read GET /user, so the workflow names the App's bot login.
            botLogin: input('bot_login') || undefined,
            minWriteIntervalMs: writeInterval(env),
        });
        const context = {
            github,
            clock: systemClock,
            log: actionsLogger,
            event: { name: event.eventName, payload: event.payload },
            input,
            workDir: env.RUNNER_TEMP ?? (0,external_node_os_.tmpdir)(),
        };
        const handler = await handlers[chosen.command]();
        await handler(context);
        return { exitCode: 0 };
    }
    catch (error) {
        if (error instanceof errors/* UserError */.yo) {
            core/* setFailed */.C1(error.explain());
        }
        else {
            core/* setFailed */.C1(`publish-approval hit a bug: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\nPlease report it with a link to this run.`);
        }
        return { exitCode: 1 };
    }
}


/***/ }),

/***/ 3916:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   OS: () => (/* binding */ GitHubApiError),
/* harmony export */   my: () => (/* binding */ WriteOutcomeUnknownError),
/* harmony export */   q0: () => (/* binding */ describe),
/* harmony export */   yI: () => (/* binding */ ValidationError),
/* harmony export */   yo: () => (/* binding */ UserError)
/* harmony export */ });
/**
 * Errors are classified (style principle 5): a UserError is something the person running the
 * workflow can fix, and it always says what went wrong and what to do. Anything else is a bug.
 */
class UserError extends Error {
    code;
    fix;
    name = 'UserError';
    constructor(
    /** Stable machine-readable code, e.g. `E_VERSION_EXISTS`. */
    code, message, 
    /** What the user should do next. */
    fix) {
        super(message);
        this.code = code;
        this.fix = fix;
    }
    /** The message with its fix, as shown in annotations and comments. */
    explain() {
        return this.fix ? `${this.message}\nWhat to do: ${this.fix}` : this.message;
    }
}
/** A value did not match a contract (title, body, config, input). `path` names the field. */
class ValidationError extends UserError {
    path;
    name = 'ValidationError';
    constructor(code, message, path, fix) {
        super(code, message, fix);
        this.path = path;
    }
}
/**
 * A non-idempotent write (POST) failed in a way that leaves its outcome unknown: a 5xx, a reset
 * connection, a timeout. The write may have happened. Callers must look before writing again.
 */
class WriteOutcomeUnknownError extends Error {
    operation;
    cause;
    name = 'WriteOutcomeUnknownError';
    constructor(operation, cause) {
        super(`${operation}: the outcome of the write is unknown (${describe(cause)})`);
        this.operation = operation;
        this.cause = cause;
    }
}
/** A GitHub API answer the caller did not expect, translated once in the adapter. */
class GitHubApiError extends Error {
    operation;
    status;
    name = 'GitHubApiError';
    constructor(operation, status, message) {
        super(`${operation}: GitHub answered ${status}: ${message}`);
        this.operation = operation;
        this.status = status;
    }
}
/** A short description of anything thrown. */
function describe(error) {
    if (error instanceof Error)
        return error.message;
    return String(error);
}


/***/ })

};
