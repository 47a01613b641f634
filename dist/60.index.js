export const id = 60;
export const ids = [60];
export const modules = {

/***/ 3060:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createOctokitPort: () => (/* binding */ createOctokitPort)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _octokit_rest__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9988);
/* harmony import */ var _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9735);
/* harmony import */ var _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6856);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
/**
 * The Octokit adapter of the GitHub port: the only module that imports Octokit (style principle 2).
 *
 * What it adds on top of the REST calls:
 * - rate limits (plugin-throttling): primary limits (403/429 with `x-ratelimit-remaining: 0`) wait
 *   until `x-ratelimit-reset`, secondary limits (403/429 with `retry-after` or GitHub's
 *   "secondary rate limit" message, and any bare 429) wait `retry-after` or a fallback. At most
 *   `retries` waits per request, none longer than `maxRateLimitWaitSeconds`; then a GitHubApiError
 *   that says which limit was hit and when it resets. A request refused by a rate limit did not
 *   happen, so every request, POSTs included, may be retried after such a refusal.
 * - server errors (plugin-retry): 5xx answers and network failures are retried with growing
 *   backoff only where repeating the request cannot write twice (table below). Everything else
 *   that may have written throws WriteOutcomeUnknownError: the caller looks before writing again.
 * - writes are spaced (`minWriteIntervalMs`, GitHub's guidance: one second between mutative
 *   requests), so a burst never trips the secondary limits in the first place.
 * - errors are translated once: 404 becomes null/empty where the port says so, anything else a
 *   GitHubApiError(operation, status, message). Callers never see Octokit objects.
 *
 * Retry table for server errors, timeouts and reset connections (rate-limit refusals are always retried):
 *
 * | operation            | request                                | on 5xx / network error                       |
 * |----------------------|----------------------------------------|----------------------------------------------|
 * | every read           | GET                                    | retried                                      |
 * | updateIssue          | PATCH issue (absolute values)          | retried                                      |
 * | updateRelease        | PATCH release (absolute values)        | retried                                      |
 * | addLabels            | POST labels (a set union)              | retried                                      |
 * | removeLabel          | DELETE label (404 tolerated)           | retried                                      |
 * | deleteBranch         | DELETE ref (missing ref tolerated)     | retried                                      |
 * | createTag            | POST ref (422 + same sha = success)    | retried: a replay lands on the 422 check     |
 * | createLabel          | POST label (422 already_exists = done) | retried: a replay lands on the 422 check     |
 * | createIssue          | POST issue                             | WriteOutcomeUnknownError (would duplicate)   |
 * | createComment        | POST comment                           | WriteOutcomeUnknownError (would duplicate)   |
 * | createRelease        | POST release                           | WriteOutcomeUnknownError                     |
 * | uploadReleaseAsset   | POST asset                             | WriteOutcomeUnknownError                     |
 * | mergeBranch          | POST merges (a replay answers 204)     | WriteOutcomeUnknownError                     |
 * | dispatchWorkflow     | POST dispatches (a replay starts a run)| WriteOutcomeUnknownError                     |
 */





const ThrottledOctokit = _octokit_rest__WEBPACK_IMPORTED_MODULE_2__/* .Octokit */ .E.plugin(markBareRateLimits, _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_3__/* .retry */ .L, _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_4__/* .throttling */ .A);
const defaultSleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** Builds the GitHub port on Octokit with retry, throttling and error translation. */
function createOctokitPort(options) {
    const retries = options.retries ?? 3;
    const maxWait = options.maxRateLimitWaitSeconds ?? 120;
    const sleep = options.sleep ?? defaultSleep;
    const now = options.now ?? Date.now;
    const { log } = options;
    const timeoutMs = options.timeoutMs ?? 120_000;
    const transferFetch = timeoutFetch(options.transferTimeoutMs ?? 900_000);
    // The plugin's rate-limit handlers do the waiting themselves (through `sleep`, bounded) and
    // then let the plugin retry at once: one place decides how long, and tests can observe it.
    const onLimit = (kind) => async (retryAfter, request, _octokit, retryCount) => {
        const what = `${request.method} ${new URL(request.url, 'http://x').pathname}`;
        if (retryCount >= retries) {
            log.warning(`GitHub ${kind} rate limit on ${what}: giving up after ${retries} retries.`);
            return false;
        }
        if (retryAfter > maxWait) {
            log.warning(`GitHub ${kind} rate limit on ${what}: the wait (${retryAfter} s) is longer than the ${maxWait} s allowed.`);
            return false;
        }
        log.info(`GitHub ${kind} rate limit on ${what}: waiting ${retryAfter} s (retry ${retryCount + 1} of ${retries}).`);
        await sleep(retryAfter * 1000);
        return true;
    };
    const throttle = {
        // A fresh id per client: the plugin's limiters are module-global and keyed by id; sharing
        // them would serialise unrelated clients (tests, the sandbox runner).
        id: `publish-approval-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomUUID)()}`,
        retryAfterBaseValue: 0,
        fallbackSecondaryRateRetryAfter: options.secondaryRateLimitFallbackSeconds ?? 60,
        onRateLimit: onLimit('primary'),
        onSecondaryRateLimit: onLimit('secondary'),
        write: spacedGroup(options.minWriteIntervalMs ?? 1000, sleep, now),
        notifications: spacedGroup(options.minWriteIntervalMs ?? 1000, sleep, now),
    };
    const octokit = new ThrottledOctokit({
        auth: options.token,
        baseUrl: options.baseUrl.replace(/\/+$/, ''),
        userAgent: options.userAgent ?? 'publish-approval',
        // Octokit logs every 4xx to console.error by default; our logger keeps the run log readable.
        log: {
            debug: (m) => log.debug(m),
            info: (m) => log.debug(m),
            warn: (m) => log.debug(m),
            error: (m) => log.debug(m),
        },
        request: { fetch: timeoutFetch(timeoutMs) },
        // 403 and 429 are the throttling plugin's to decide; retrying them here would ignore retry-after.
        retry: { retries, retryAfterBaseValue: options.retryBaseMs ?? 1000, doNotRetry: [400, 401, 403, 404, 409, 410, 422, 429, 451] },
        throttle,
    });
    /** Runs one API call and translates its failure once. */
    async function call(operation, safety, fn) {
        try {
            // plugin-retry reads `request.retries` per call: 0 turns server-error retries off.
            return await fn(safety === 'unsafe-write' ? { retries: 0 } : {});
        }
        catch (error) {
            throw translate(operation, safety, error, maxWait, now);
        }
    }
    /** Like call, but a 404 answers `fallback`. */
    async function orNotFound(operation, fn, fallback) {
        try {
            return await fn({});
        }
        catch (error) {
            if (isRequestError(error) && error.status === 404)
                return fallback;
            throw translate(operation, 'read', error, maxWait, now);
        }
    }
    const port = {
        async whoAmI() {
            try {
                const { data } = await octokit.rest.users.getAuthenticated();
                return { login: data.login, type: actorType(data.type) };
            }
            catch (error) {
                // Installation tokens (GitHub Apps, GITHUB_TOKEN) may not read /user: GitHub answers 403.
                if (isRequestError(error) && (error.status === 403 || error.status === 404) && options.botLogin) {
                    return { login: options.botLogin, type: 'Bot' };
                }
                if (isRequestError(error) && (error.status === 403 || error.status === 404)) {
                    throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .GitHubApiError */ .OS('whoAmI', error.status, `${error.message} (an installation token cannot read /user: pass the app's bot login, e.g. "my-app[bot]", as botLogin)`);
                }
                throw translate('whoAmI', 'read', error, maxWait, now);
            }
        },
        async getIssue(repo, issueNumber) {
            const op = `getIssue ${slug(repo)}#${issueNumber}`;
            const { data } = await call(op, 'read', (request) => octokit.rest.issues.get({ ...repo, issue_number: issueNumber, request }));
            return toIssue(data);
        },
        listIssues(repo, filter) {
            const op = `listIssues ${slug(repo)}`;
            return {
                async *[Symbol.asyncIterator]() {
                    const pages = octokit.paginate.iterator(octokit.rest.issues.listForRepo, {
                        ...repo,
                        state: filter.state ?? 'open',
                        ...(filter.labels && filter.labels.length > 0 ? { labels: filter.labels.join(',') } : {}),
                        ...(filter.creator ? { creator: filter.creator } : {}),
                        sort: 'created',
                        direction: 'desc',
                        per_page: 100,
                    });
                    const iterator = pages[Symbol.asyncIterator]();
                    for (;;) {
                        const next = await call(op, 'read', () => iterator.next());
                        if (next.done)
                            return;
                        yield next.value.data.map(toIssue).filter((issue) => !issue.isPullRequest);
                    }
                },
            };
        },
        async createIssue(repo, input) {
            const op = `createIssue ${slug(repo)}`;
            const { data } = await call(op, 'unsafe-write', (request) => octokit.rest.issues.create({ ...repo, title: input.title, body: input.body, ...(input.labels ? { labels: [...input.labels] } : {}), request }));
            return toIssue(data);
        },
        async updateIssue(repo, issueNumber, patch) {
            const op = `updateIssue ${slug(repo)}#${issueNumber}`;
            const { data } = await call(op, 'safe-write', (request) => octokit.rest.issues.update({
                ...repo,
                issue_number: issueNumber,
                ...(patch.title !== undefined ? { title: patch.title } : {}),
                ...(patch.body !== undefined ? { body: patch.body } : {}),
                ...(patch.state !== undefined ? { state: patch.state } : {}),
                ...(patch.stateReason !== undefined ? { state_reason: patch.stateReason } : {}),
                request,
            }));
            return toIssue(data);
        },
        async addLabels(repo, issueNumber, labels) {
            if (labels.length === 0)
                return;
            const op = `addLabels ${slug(repo)}#${issueNumber}`;
            await call(op, 'safe-write', (request) => octokit.rest.issues.addLabels({ ...repo, issue_number: issueNumber, labels: [...labels], request }));
        },
        async removeLabel(repo, issueNumber, label) {
            const op = `removeLabel ${slug(repo)}#${issueNumber} ${label}`;
            await orNotFound(op, (request) => octokit.rest.issues.removeLabel({ ...repo, issue_number: issueNumber, name: label, request }), null);
        },
        async listRepoLabels(repo) {
            const op = `listRepoLabels ${slug(repo)}`;
            const data = await call(op, 'read', (request) => octokit.paginate(octokit.rest.issues.listLabelsForRepo, { ...repo, per_page: 100, request }));
            return data.map((label) => ({ name: label.name, color: label.color, description: label.description ?? '' }));
        },
        async createLabel(repo, label) {
            const op = `createLabel ${slug(repo)} ${label.name}`;
            try {
                await call(op, 'safe-write', (request) => octokit.rest.issues.createLabel({ ...repo, ...label, request }));
            }
            catch (error) {
                // A replay, or another run, created it first: the label exists, which is all we wanted.
                if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .GitHubApiError */ .OS && error.status === 422)
                    return;
                throw error;
            }
        },
        async createComment(repo, issueNumber, body) {
            const op = `createComment ${slug(repo)}#${issueNumber}`;
            const { data } = await call(op, 'unsafe-write', (request) => octokit.rest.issues.createComment({ ...repo, issue_number: issueNumber, body, request }));
            return toComment(data);
        },
        async listComments(repo, issueNumber) {
            const op = `listComments ${slug(repo)}#${issueNumber}`;
            const data = await call(op, 'read', (request) => octokit.paginate(octokit.rest.issues.listComments, { ...repo, issue_number: issueNumber, per_page: 100, request }));
            return data.map(toComment);
        },
        async listLabelEvents(repo, issueNumber) {
            const op = `listLabelEvents ${slug(repo)}#${issueNumber}`;
            const data = await call(op, 'read', (request) => octokit.paginate(octokit.rest.issues.listEvents, { ...repo, issue_number: issueNumber, per_page: 100, request }));
            const events = [];
            for (const event of data) {
                if ((event.event !== 'labeled' && event.event !== 'unlabeled') || !event.label)
                    continue;
                events.push({ id: event.id, kind: event.event, label: event.label.name, actor: toActor(event.actor), createdAt: event.created_at });
            }
            // GitHub lists oldest first; sort anyway so a decision never depends on page order.
            return events.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id);
        },
        async getCollaboratorRole(repo, login) {
            const op = `getCollaboratorRole ${slug(repo)} ${login}`;
            const result = await orNotFound(op, (request) => octokit.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: login, request }), null);
            if (result === null)
                return null;
            const data = result.data;
            // GitHub answers permission "none" for a known user without access.
            if (data.permission === 'none' || data.role_name === 'none')
                return null;
            return data.role_name || data.permission || null;
        },
        async getTeamMembership(org, teamSlug, login) {
            const op = `getTeamMembership ${org}/${teamSlug} ${login}`;
            const result = await orNotFound(op, (request) => octokit.rest.teams.getMembershipForUserInOrg({ org, team_slug: teamSlug, username: login, request }), null);
            if (result === null)
                return null;
            const state = result.data.state;
            if (state === 'active' || state === 'pending')
                return state;
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .GitHubApiError */ .OS(op, result.status, `unexpected membership state "${String(state)}"`);
        },
        async getDefaultBranch(repo) {
            const { data } = await call(`getDefaultBranch ${slug(repo)}`, 'read', (request) => octokit.rest.repos.get({ ...repo, request }));
            return data.default_branch;
        },
        async getBranchSha(repo, branch) {
            const op = `getBranchSha ${slug(repo)} ${branch}`;
            const result = await orNotFound(op, (request) => octokit.rest.git.getRef({ ...repo, ref: `heads/${branch}`, request }), null);
            return result === null ? null : result.data.object.sha;
        },
        async deleteBranch(repo, branch) {
            const op = `deleteBranch ${slug(repo)} ${branch}`;
            try {
                await octokit.rest.git.deleteRef({ ...repo, ref: `heads/${branch}` });
            }
            catch (error) {
                // A branch that is already gone is what we wanted (and what a replayed DELETE sees).
                if (isRequestError(error) && (error.status === 404 || (error.status === 422 && /reference does not exist/i.test(error.message))))
                    return;
                throw translate(op, 'safe-write', error, maxWait, now);
            }
        },
        async mergeBranch(repo, base, head, message) {
            const op = `mergeBranch ${slug(repo)} ${head} into ${base}`;
            try {
                const response = await octokit.rest.repos.merge({ ...repo, base, head, commit_message: message, request: { retries: 0 } });
                // GitHub answers 204 when head is already in base; Octokit's types only know 201.
                if (response.status === 204)
                    return { kind: 'up-to-date' };
                return { kind: 'merged', sha: response.data.sha };
            }
            catch (error) {
                if (isRequestError(error) && error.status === 409)
                    return { kind: 'conflict' };
                throw translate(op, 'unsafe-write', error, maxWait, now);
            }
        },
        async getFileContent(repo, path, ref) {
            const op = `getFileContent ${slug(repo)} ${path}@${ref}`;
            const result = await orNotFound(op, (request) => octokit.rest.repos.getContent({ ...repo, path, ref, request }), null);
            if (result === null)
                return null;
            const data = result.data;
            if (Array.isArray(data))
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .GitHubApiError */ .OS(op, result.status, `${path} is a directory, not a file`);
            if (data.type !== 'file')
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .GitHubApiError */ .OS(op, result.status, `${path} is a ${data.type}, not a file`);
            if (data.encoding === 'base64' && typeof data.content === 'string' && (data.content !== '' || data.size === 0)) {
                return Buffer.from(data.content, 'base64').toString('utf8');
            }
            // Files over 1 MB come without content ("encoding": "none"): read them as raw bytes.
            const raw = await call(op, 'read', (request) => octokit.rest.repos.getContent({ ...repo, path, ref, mediaType: { format: 'raw' }, request }));
            return toBuffer(raw.data).toString('utf8');
        },
        async createTag(repo, tag, sha) {
            const op = `createTag ${slug(repo)} ${tag}`;
            try {
                await octokit.rest.git.createRef({ ...repo, ref: `refs/tags/${tag}`, sha });
            }
            catch (error) {
                if (!(isRequestError(error) && error.status === 422))
                    throw translate(op, 'safe-write', error, maxWait, now);
                // Already there: success when it is our commit (a replay of our own request), else a conflict.
                const existing = await rawTagTarget(repo, tag);
                if (existing === sha)
                    return;
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .GitHubApiError */ .OS(op, 422, existing === null ? error.message : `tag ${tag} already exists and points at ${existing}, not ${sha}`);
            }
        },
        async getTagSha(repo, tag) {
            const op = `getTagSha ${slug(repo)} ${tag}`;
            const target = await orNotFound(op, (request) => octokit.rest.git.getRef({ ...repo, ref: `tags/${tag}`, request }), null);
            if (target === null)
                return null;
            // An annotated tag points at a tag object: follow it to the commit.
            let object = target.data.object;
            for (let depth = 0; object.type === 'tag' && depth < 5; depth += 1) {
                const sha = object.sha;
                const { data } = await call(op, 'read', (request) => octokit.rest.git.getTag({ ...repo, tag_sha: sha, request }));
                object = data.object;
            }
            return object.sha;
        },
        async listCheckRuns(repo, sha) {
            const op = `listCheckRuns ${slug(repo)} ${sha}`;
            const runs = await call(op, 'read', (request) => octokit.paginate(octokit.rest.checks.listForRef, { ...repo, ref: sha, per_page: 100, request }));
            return runs.map((run) => ({
                id: run.id,
                name: run.name,
                status: run.status,
                conclusion: run.conclusion ?? null,
                htmlUrl: run.html_url ?? null,
                completedAt: run.completed_at ?? null,
            }));
        },
        async listCommitStatuses(repo, sha) {
            const op = `listCommitStatuses ${slug(repo)} ${sha}`;
            // The combined status is not a plain list (it has `url`), so Octokit's paginate cannot walk it.
            const newest = new Map();
            for (let page = 1;; page += 1) {
                const { data } = await call(op, 'read', (request) => octokit.rest.repos.getCombinedStatusForRef({ ...repo, ref: sha, per_page: 100, page, request }));
                for (const status of data.statuses) {
                    const record = {
                        context: status.context,
                        state: status.state,
                        targetUrl: status.target_url ?? null,
                        updatedAt: status.updated_at,
                    };
                    const seen = newest.get(record.context);
                    if (!seen || seen.updatedAt < record.updatedAt)
                        newest.set(record.context, record);
                }
                if (data.statuses.length < 100 || page >= 100)
                    break;
            }
            return [...newest.values()];
        },
        async listWorkflowRunsForCommit(repo, sha) {
            const op = `listWorkflowRunsForCommit ${slug(repo)} ${sha}`;
            const runs = await call(op, 'read', (request) => octokit.paginate(octokit.rest.actions.listWorkflowRunsForRepo, { ...repo, head_sha: sha, per_page: 100, request }));
            return runs.map((run) => ({
                id: run.id,
                name: run.name ?? '',
                headSha: run.head_sha,
                status: run.status ?? '',
                conclusion: run.conclusion ?? null,
                htmlUrl: run.html_url,
            }));
        },
        async listRunArtifacts(repo, runId) {
            const op = `listRunArtifacts ${slug(repo)} run ${runId}`;
            const artifacts = await call(op, 'read', (request) => octokit.paginate(octokit.rest.actions.listWorkflowRunArtifacts, { ...repo, run_id: runId, per_page: 100, request }));
            return artifacts.map((artifact) => ({
                id: artifact.id,
                name: artifact.name,
                sizeInBytes: artifact.size_in_bytes,
                workflowRunId: artifact.workflow_run?.id ?? runId,
                expired: artifact.expired,
            }));
        },
        async downloadArtifact(repo, artifactId) {
            const op = `downloadArtifact ${slug(repo)} ${artifactId}`;
            // GitHub answers 302 to a short-lived storage URL; fetch follows it and drops the
            // Authorization header on the cross-origin hop.
            const { data } = await call(op, 'read', (request) => octokit.rest.actions.downloadArtifact({ ...repo, artifact_id: artifactId, archive_format: 'zip', request: { ...request, fetch: transferFetch } }));
            return toBuffer(data);
        },
        async dispatchWorkflow(repo, workflowFile, ref, inputs) {
            const op = `dispatchWorkflow ${slug(repo)} ${workflowFile}@${ref}`;
            await call(op, 'unsafe-write', (request) => octokit.rest.actions.createWorkflowDispatch({ ...repo, workflow_id: workflowFile, ref, inputs: { ...inputs }, request }));
        },
        async getReleaseByTag(repo, tag) {
            const op = `getReleaseByTag ${slug(repo)} ${tag}`;
            const result = await orNotFound(op, (request) => octokit.rest.repos.getReleaseByTag({ ...repo, tag, request }), null);
            return result === null ? null : toRelease(result.data);
        },
        async listReleases(repo) {
            const op = `listReleases ${slug(repo)}`;
            const releases = await call(op, 'read', (request) => octokit.paginate(octokit.rest.repos.listReleases, { ...repo, per_page: 100, request }));
            return releases.map(toRelease);
        },
        async createRelease(repo, input) {
            const op = `createRelease ${slug(repo)} ${input.tagName}`;
            const { data } = await call(op, 'unsafe-write', (request) => octokit.rest.repos.createRelease({ ...repo, ...releaseFields(input), tag_name: input.tagName, request }));
            return toRelease(data);
        },
        async updateRelease(repo, releaseId, patch) {
            const op = `updateRelease ${slug(repo)} ${releaseId}`;
            const { data } = await call(op, 'safe-write', (request) => octokit.rest.repos.updateRelease({ ...repo, release_id: releaseId, ...releaseFields(patch), request }));
            return toRelease(data);
        },
        async uploadReleaseAsset(repo, releaseId, name, data) {
            const op = `uploadReleaseAsset ${slug(repo)} ${releaseId} ${name}`;
            const { data: release } = await call(op, 'read', (request) => octokit.rest.repos.getRelease({ ...repo, release_id: releaseId, request }));
            // upload_url is a URI template (`…/assets{?name,label}`) on a separate host (uploads.github.com).
            const uploadUrl = `${release.upload_url.replace(/\{[^}]*\}$/, '')}{?name}`;
            const response = await call(op, 'unsafe-write', (request) => octokit.request({
                method: 'POST',
                url: uploadUrl,
                name,
                data,
                headers: { 'content-type': 'application/octet-stream', 'content-length': data.length },
                request: { ...request, fetch: transferFetch },
            }));
            return toAsset(response.data);
        },
    };
    /** The sha a tag ref points at, without following annotated tags (what createRef compares). */
    async function rawTagTarget(repo, tag) {
        const result = await orNotFound(`getTagSha ${slug(repo)} ${tag}`, (request) => octokit.rest.git.getRef({ ...repo, ref: `tags/${tag}`, request }), null);
        return result === null ? null : result.data.object.sha;
    }
    return port;
}
function isRequestError(error) {
    return error instanceof Error && error.name === 'HttpError' && typeof error.status === 'number';
}
/** Is this a rate-limit refusal, and which one? */
function rateLimitKind(error) {
    if (error.status !== 403 && error.status !== 429)
        return null;
    const headers = error.response?.headers ?? {};
    if (headers['x-ratelimit-remaining'] === '0')
        return 'primary';
    if (headers['retry-after'] !== undefined || /secondary rate/i.test(error.message) || error.status === 429)
        return 'secondary';
    return null;
}
/** The one place where Octokit failures become the product's errors. */
function translate(operation, safety, error, maxWait, now) {
    if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .GitHubApiError */ .OS || error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .WriteOutcomeUnknownError */ .my)
        return error;
    if (!isRequestError(error)) {
        // A failure below Octokit's error mapping (an abort, a TypeError from fetch) may follow a write.
        if (safety === 'unsafe-write')
            return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .WriteOutcomeUnknownError */ .my(operation, error);
        return error instanceof Error ? error : new Error(String(error));
    }
    const limit = rateLimitKind(error);
    if (limit !== null) {
        const headers = error.response?.headers ?? {};
        const reset = Number(headers['x-ratelimit-reset']);
        const retryAfter = Number(headers['retry-after']);
        const when = limit === 'primary' && Number.isFinite(reset) && reset > 0
            ? `it resets at ${new Date(reset * 1000).toISOString()} (in ${Math.max(0, Math.ceil(reset - now() / 1000))} s)`
            : Number.isFinite(retryAfter) && retryAfter > 0
                ? `GitHub asked to wait ${retryAfter} s`
                : 'GitHub did not say when it resets';
        return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .GitHubApiError */ .OS(operation, error.status, `GitHub's ${limit} rate limit was hit and the retries allowed (or the longest wait, ${maxWait} s) ran out; ${when}. ${error.message}`);
    }
    // No answer at all (reset connection, timeout: Octokit reports 500 without a response) or a 5xx.
    const ambiguous = error.response === undefined || error.status >= 500;
    if (safety === 'unsafe-write' && ambiguous)
        return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .WriteOutcomeUnknownError */ .my(operation, error);
    return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .GitHubApiError */ .OS(operation, error.status, error.message);
}
/**
 * A plugin (registered before plugin-throttling, so it sees failures first) that labels a 403/429
 * carrying `retry-after`, and any bare 429, as a secondary limit: plugin-throttling only
 * recognises secondary limits by GitHub's message, and would otherwise not wait at all.
 */
function markBareRateLimits(octokit) {
    octokit.hook.error('request', (error) => {
        if (isRequestError(error) && rateLimitKind(error) === 'secondary' && !/\bsecondary rate\b/i.test(error.message)) {
            error.message = `${error.message} (secondary rate limit)`;
        }
        throw error;
    });
    return {};
}
/** A fetch with a per-attempt timeout, so a hung connection fails (and a read is retried). */
function timeoutFetch(timeoutMs) {
    return (input, init) => {
        const timeout = AbortSignal.timeout(timeoutMs);
        const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
        return fetch(input, { ...init, signal });
    };
}
/**
 * Stands in for the plugin's write/notification limiter (a Bottleneck group that spaces the
 * requests of one key): the plugin's own groups are module-global with fixed 1 s / 3 s spacing.
 * Only `key(id).schedule(options, fn, ...args)`, which the plugin calls, is implemented.
 */
function spacedGroup(intervalMs, sleep, now) {
    let nextFree = 0;
    const limiter = {
        async schedule(...args) {
            const [first, ...rest] = args;
            const jobOptions = typeof first === 'function' ? {} : (first ?? {});
            const [fn, ...fnArgs] = typeof first === 'function' ? [first, ...rest] : rest;
            // The plugin schedules retries with weight 0: they already waited for the rate limit.
            if (jobOptions.weight !== 0 && intervalMs > 0) {
                const at = now();
                const wait = Math.max(0, nextFree - at);
                nextFree = Math.max(at, nextFree) + intervalMs;
                if (wait > 0)
                    await sleep(wait);
            }
            return fn(...fnArgs);
        },
    };
    return { key: () => limiter };
}
function slug(repo) {
    return `${repo.owner}/${repo.repo}`;
}
function toBuffer(data) {
    if (Buffer.isBuffer(data))
        return data;
    if (data instanceof ArrayBuffer)
        return Buffer.from(data);
    if (ArrayBuffer.isView(data))
        return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    if (typeof data === 'string')
        return Buffer.from(data, 'utf8');
    throw new TypeError(`unexpected response body of type ${typeof data}`);
}
function actorType(type) {
    // Anything unknown (Mannequin, a future type) is treated as a plain user, never as a bot.
    return type === 'Bot' || type === 'Organization' ? type : 'User';
}
function toActor(user) {
    // A deleted account shows as null; GitHub displays it as "ghost".
    return user ? { login: user.login, type: actorType(user.type) } : { login: 'ghost', type: 'User' };
}
function toIssue(issue) {
    return {
        number: issue.number,
        title: issue.title,
        body: issue.body ?? '',
        state: issue.state === 'closed' ? 'closed' : 'open',
        stateReason: issue.state_reason ?? null,
        author: toActor(issue.user),
        labels: issue.labels.map((label) => (typeof label === 'string' ? label : (label.name ?? ''))).filter((name) => name !== ''),
        htmlUrl: issue.html_url,
        createdAt: issue.created_at,
        updatedAt: issue.updated_at,
        isPullRequest: issue.pull_request !== undefined && issue.pull_request !== null,
    };
}
function toComment(comment) {
    return { id: comment.id, body: comment.body ?? '', author: toActor(comment.user), createdAt: comment.created_at, htmlUrl: comment.html_url };
}
function toAsset(asset) {
    return { id: asset.id, name: asset.name, size: asset.size, browserDownloadUrl: asset.browser_download_url, digest: asset.digest ?? null };
}
function toRelease(release) {
    return {
        id: release.id,
        tagName: release.tag_name,
        name: release.name,
        body: release.body ?? '',
        draft: release.draft,
        prerelease: release.prerelease,
        targetCommitish: release.target_commitish,
        htmlUrl: release.html_url,
        assets: release.assets.map(toAsset),
    };
}
function releaseFields(input) {
    return {
        ...(input.tagName !== undefined ? { tag_name: input.tagName } : {}),
        ...(input.targetCommitish !== undefined ? { target_commitish: input.targetCommitish } : {}),
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.body !== undefined ? { body: input.body } : {}),
        ...(input.draft !== undefined ? { draft: input.draft } : {}),
        ...(input.prerelease !== undefined ? { prerelease: input.prerelease } : {}),
    };
}


/***/ })

};
