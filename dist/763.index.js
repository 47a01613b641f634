export const id = 763;
export const ids = [763];
export const modules = {

/***/ 763:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  handleReconcile: () => (/* binding */ handleReconcile)
});

// EXTERNAL MODULE: ./src/control/context.ts
var control_context = __webpack_require__(9490);
// EXTERNAL MODULE: ./src/control/labels.ts
var labels = __webpack_require__(7190);
// EXTERNAL MODULE: ./src/config/policy.ts
var config_policy = __webpack_require__(9706);
// EXTERNAL MODULE: ./src/request-format/index.ts + 5 modules
var request_format = __webpack_require__(3187);
// EXTERNAL MODULE: ./src/control/approval.ts
var approval = __webpack_require__(2242);
// EXTERNAL MODULE: ./src/control/ci-gate.ts
var ci_gate = __webpack_require__(9641);
// EXTERNAL MODULE: ./src/control/request-store.ts
var request_store = __webpack_require__(9716);
;// CONCATENATED MODULE: ./src/control/reconcile.ts
/**
 * Reconcile: what events alone cannot do. One listing of the open issues (pages of 100), then
 * action only on the requests that need it, so a run costs the pages plus a few calls per acted
 * request:
 * - parked (`ci-pending`) requests whose CI finished: green → publish.yml is dispatched (its
 *   per-request concurrency group serialises it with any other publish run), red → as the gate;
 * - requests past the policy's expiry (not publishing, not published): closed with a comment;
 * - approvals whose `labeled` event was lost (the label is there, no approval is recorded for
 *   the commit): decided now, exactly as the event would have been;
 * - publish decisions whose publish run never started (CI passed more than STALL_MS ago and the
 *   request is still open and approved): publish.yml is dispatched.
 */







/** History events that show the CI gate ran (or publishing went on) after an approval. */
const GATE_EVENTS = new Set(['ci-passed', 'ci-pending', 'ci-failed', 'publishing', 'published', 'approval-voided', 'approval-refused']);
/** How long a `publish` decision may go without a publish run starting before reconcile dispatches one. */
const STALL_MS = 30 * 60 * 1000;
/**
 * While a request parked less than this long ago still waits for CI, reconcile dispatches itself
 * again when it ends, so CI finishing is noticed within about a minute (a run's start-up time)
 * without a runner waiting idle and without relying on the cron, which drifts. Older parked
 * requests are left to the schedule, so a CI that never finishes cannot keep runs going for days.
 */
const SELF_DISPATCH_WINDOW_MS = 2 * 60 * 60 * 1000;
/** Pure: what a listed request needs, from the listing alone (no API call). */
function needOf(issue, request, now, expiry) {
    // Everything was published but the run stopped before the merge, the comment or the close.
    if (request.state === 'published')
        return issue.state === 'open' ? 'finish' : null;
    if (request.state === 'publishing')
        return null;
    if (now >= expiry)
        return 'expire';
    if (request.hold !== null)
        return null;
    if (issue.labels.includes(labels/* LABEL */.d_.ciPending) || request.state === 'parked-ci')
        return 'parked';
    if (!issue.labels.includes(labels/* LABEL */.d_.accepted) || issue.labels.includes(labels/* LABEL */.d_.ciFailed) || request.state !== 'open')
        return null;
    const approvals = (0,request_format/* effectiveApprovals */.Kn)(request).length;
    if (approvals === 0)
        return 'lost-approval';
    // Enough approvals were recorded but the CI gate never ran after the last one (the run stopped
    // between the two): run it now. The publish command re-checks everything.
    const lastApproved = request.history.map((h) => h.event).lastIndexOf('approved');
    const gatedAfter = request.history.slice(lastApproved + 1).some((h) => GATE_EVENTS.has(h.event));
    if (approvals >= request.requiredApprovals && lastApproved >= 0 && !gatedAfter)
        return 'ungated';
    // CI passed and publishing was decided, but no publish run ever started (a lost run, a failed job set-up).
    const lastGate = [...request.history].reverse().find((h) => ['ci-passed', 'ci-pending', 'ci-failed', 'publishing', 'approval-voided'].includes(h.event));
    if (approvals >= request.requiredApprovals && lastGate?.event === 'ci-passed' && now.getTime() - Date.parse(lastGate.at) >= STALL_MS)
        return 'stalled';
    return null;
}
/** Runs one reconcile pass and reports it (outputs, job summary). */
async function reconcile(control) {
    const { github, controlRepo, policy } = control;
    const summary = { examined: 0, dispatched: [], ciFailed: [], stillPending: [], expired: [], approvalsDecided: [], voided: [], deferred: 0, selfDispatched: false };
    let recentlyParked = false;
    let acted = 0;
    let examined = 0;
    const now = new Date(control.clock.now());
    for await (const page of github.listIssues(controlRepo, { state: 'open' })) {
        for (const issue of page) {
            if (!issue.title.startsWith('publish: '))
                continue;
            let request;
            try {
                request = (0,request_store/* checkRequestIssue */.hl)(issue, policy.releaseBot);
            }
            catch {
                continue;
            }
            examined += 1;
            const need = needOf(issue, request, now, (0,config_policy/* expiresAt */.WJ)(policy, request.requestedAt));
            if (need === null)
                continue;
            if (acted >= policy.reconcile.maxRequestsPerRun) {
                summary.deferred += 1;
                continue;
            }
            acted += 1;
            const key = `#${issue.number} ${(0,request_store/* requestKey */.lq)(request)}`;
            try {
                if (need === 'expire') {
                    await expire(control, issue, request);
                    summary.expired.push(key);
                }
                else if (need === 'parked') {
                    // Fresh read before acting: the listing may be a few seconds old.
                    const loaded = await (0,request_store/* loadRequest */.W$)(github, controlRepo, issue.number, policy.releaseBot);
                    const gate = await (0,ci_gate/* applyGate */.ei)(control, loaded, 'dispatch');
                    if (gate.decision === 'publish')
                        summary.dispatched.push(key);
                    else if (gate.decision === 'ci-failed')
                        summary.ciFailed.push(key);
                    else if (gate.decision === 'voided')
                        summary.voided.push(key);
                    else {
                        summary.stillPending.push(key);
                        const parkedAt = [...gate.loaded.request.history].reverse().find((h) => h.event === 'ci-pending')?.at;
                        if (parkedAt !== undefined && now.getTime() - Date.parse(parkedAt) < SELF_DISPATCH_WINDOW_MS)
                            recentlyParked = true;
                    }
                }
                else if (need === 'ungated') {
                    const loaded = await (0,request_store/* loadRequest */.W$)(github, controlRepo, issue.number, policy.releaseBot);
                    const gate = await (0,ci_gate/* applyGate */.ei)(control, loaded, 'dispatch');
                    if (gate.decision === 'publish')
                        summary.dispatched.push(key);
                    else if (gate.decision === 'ci-failed')
                        summary.ciFailed.push(key);
                    else if (gate.decision === 'voided')
                        summary.voided.push(key);
                    else
                        summary.stillPending.push(key);
                }
                else if (need === 'finish') {
                    // publish.yml runs the publish command, which finishes a published request (merge, comment, close).
                    await (0,ci_gate/* dispatchPublish */.ux)(control, issue.number, request);
                    summary.dispatched.push(key);
                }
                else if (need === 'stalled') {
                    // The publish command re-checks everything (approvals, branch, CI); the history entry spaces retries.
                    const loaded = await (0,request_store/* loadRequest */.W$)(github, controlRepo, issue.number, policy.releaseBot);
                    const next = (0,control_context/* record */.g1)(control, loaded.request, 'ci-passed', null, 'no publish run started after CI passed; publish.yml dispatched by reconcile');
                    await (0,request_store/* saveRequest */.Fc)(github, controlRepo, loaded.issue, next);
                    await (0,ci_gate/* dispatchPublish */.ux)(control, issue.number, request);
                    summary.dispatched.push(key);
                }
                else {
                    const loaded = await (0,request_store/* loadRequest */.W$)(github, controlRepo, issue.number, policy.releaseBot);
                    const events = await github.listLabelEvents(controlRepo, issue.number);
                    const last = [...events].reverse().find((e) => e.kind === 'labeled' && e.label === labels/* LABEL */.d_.accepted);
                    if (!last)
                        continue;
                    const decision = await (0,approval/* decideAndAct */.qB)(control, loaded, last.actor.login, 'label', last.createdAt, 'dispatch');
                    summary.approvalsDecided.push(`${key}: ${decision}`);
                    if (decision === 'publish')
                        summary.dispatched.push(key);
                }
            }
            catch (error) {
                // One broken request must not stop the others.
                control.log.error(`${key}: reconcile failed: ${error.message}`);
            }
        }
    }
    if (recentlyParked) {
        await github.dispatchWorkflow(controlRepo, 'reconcile.yml', await github.getDefaultBranch(controlRepo), {});
        summary.selfDispatched = true;
    }
    const done = { ...summary, examined };
    await control.log.appendSummary(renderSummary(done));
    (0,control_context/* report */.z8)(control, 'reconciled', null, `${examined} open requests examined, ${acted} acted on`);
    return done;
}
async function expire(control, issue, request) {
    const { github, controlRepo, policy } = control;
    const loaded = await (0,request_store/* loadRequest */.W$)(github, controlRepo, issue.number, policy.releaseBot);
    const at = (0,config_policy/* expiresAt */.WJ)(policy, loaded.request.requestedAt).toISOString();
    const next = (0,request_format/* withState */.Q2)((0,control_context/* record */.g1)(control, loaded.request, 'expired', null, `no publish within ${policy.expiry.days} days (expired ${at})`), 'expired');
    await (0,request_store/* saveRequest */.Fc)(github, controlRepo, loaded.issue, next);
    await (0,ci_gate/* removeLabels */.Ch)(control, issue.number, [labels/* LABEL */.d_.accepted, labels/* LABEL */.d_.ciPending], loaded.issue.labels);
    await github.createComment(controlRepo, issue.number, `⌛ This request expired: it was requested at ${request.requestedAt} and the policy allows ${policy.expiry.days} days. Nothing was published. ` +
        'To release this version, run the release workflow again; it opens a fresh request.');
    await github.updateIssue(controlRepo, issue.number, { state: 'closed', stateReason: 'not_planned' });
}
function renderSummary(summary) {
    const section = (title, items) => (items.length === 0 ? [] : [`**${title}** (${items.length})`, ...items.map((i) => `- ${i}`), '']);
    return [
        `### Reconcile: ${summary.examined} open request${summary.examined === 1 ? '' : 's'} examined`,
        '',
        ...section('CI green, publish dispatched', summary.dispatched),
        ...section('CI failed', summary.ciFailed),
        ...section('Still waiting for CI', summary.stillPending),
        ...section('Expired and closed', summary.expired),
        ...section('Lost approvals decided', summary.approvalsDecided),
        ...section('Approvals voided (branch moved)', summary.voided),
        ...(summary.selfDispatched ? ['Requests parked recently still wait for CI: reconcile.yml was dispatched again.', ''] : []),
        ...(summary.deferred > 0 ? [`${summary.deferred} request(s) left for the next run (reconcile.maxRequestsPerRun).`, ''] : []),
    ].join('\n');
}

;// CONCATENATED MODULE: ./src/handlers/reconcile.ts



/** Whether a person started this run by hand (not the schedule, nor reconcile's own self-dispatch). */
function startedByHand(payload) {
    const sender = payload?.sender;
    return sender?.type === 'User';
}
/** The "reconcile" command: parked requests whose CI finished, expiry, lost approvals. */
async function handleReconcile(context) {
    const control = await (0,control_context/* buildControl */.MH)(context);
    // A run started by hand also sets up the labels of a new control repo (colours, descriptions).
    if (context.event.name === 'workflow_dispatch' && startedByHand(context.event.payload)) {
        const created = await (0,labels/* ensureControlLabels */.Zx)(control.github, control.controlRepo);
        if (created.length > 0)
            control.log.info(`Created the labels ${created.join(', ')}.`);
    }
    await reconcile(control);
}


/***/ })

};
