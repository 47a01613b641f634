export const id = 242;
export const ids = [242];
export const modules = {

/***/ 2242:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Kx: () => (/* binding */ handleLabeled),
/* harmony export */   Li: () => (/* binding */ recordApproval),
/* harmony export */   Qy: () => (/* binding */ handleEdited),
/* harmony export */   Wr: () => (/* binding */ approvalsNeeded),
/* harmony export */   fV: () => (/* binding */ previousVersionOf),
/* harmony export */   gC: () => (/* binding */ decideApproval),
/* harmony export */   pc: () => (/* binding */ gatherFacts),
/* harmony export */   qB: () => (/* binding */ decideAndAct),
/* harmony export */   sG: () => (/* binding */ ruleFor),
/* harmony export */   zo: () => (/* binding */ verifiedApprovals)
/* harmony export */ });
/* unused harmony exports awaitsRetry, refuseApproval */
/* harmony import */ var _config_policy_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9706);
/* harmony import */ var _config_auto_approve_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9627);
/* harmony import */ var _request_format_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3187);
/* harmony import */ var _ci_gate_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9641);
/* harmony import */ var _context_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9490);
/* harmony import */ var _labels_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7190);
/* harmony import */ var _commands_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(3551);
/* harmony import */ var _policy_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(7547);
/* harmony import */ var _request_store_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(9716);









const sameLogin = (a, b) => a.toLowerCase() === b.toLowerCase();
/** Pure: decides an approval. The first failing check is the reason, so the person can fix one thing at a time. */
function decideApproval(facts) {
    const { request, policy, approver } = facts;
    if (!facts.issueOpen || ['published', 'retracted', 'expired'].includes(request.state)) {
        return { kind: 'refuse', reason: `the request is ${facts.issueOpen ? request.state : 'closed'}`, fix: 'Nothing can be approved here any more; run the release workflow again for a new request.' };
    }
    const current = request.approvals.filter((a) => a.commit === request.releaseCommit);
    // A duplicated delivery of the same label event or comment: already recorded. Unless the gate
    // failed since (it removed the label): then the label present again is a retry, even in the same second.
    if (current.some((a) => sameLogin(a.login, approver) && a.at === facts.at && a.via === facts.via) && !awaitsRetry(request)) {
        return { kind: 'noop', why: `the approval by ${approver} at ${facts.at} is already recorded` };
    }
    if (facts.approverIsAutomation) {
        if (current.some((a) => a.via === 'rule' && sameLogin(a.login, approver))) {
            return { kind: 'noop', why: 'the label was added by auto-approve, which already recorded the approval and ran the CI gate' };
        }
        if (facts.rule !== null && 'id' in facts.rule) {
            // Still subject to every check below except "release manager": the rule stands in for one.
        }
        else {
            const why = facts.rule !== null && 'reasons' in facts.rule ? facts.rule.reasons.join('; ') : 'no auto-approve rule matches';
            return { kind: 'refuse', reason: `the release bot may only approve a request that an auto-approve rule matches, and none does (${why})`, fix: 'A release manager approves it by adding the `accepted` label.' };
        }
    }
    else if (!facts.approverIsManager) {
        return {
            kind: 'refuse',
            reason: `${approver} is not a release manager (release managers are ${(0,_policy_js__WEBPACK_IMPORTED_MODULE_6__/* .describeApprovers */ .QC)(policy)}; a pending team invitation does not count)`,
            fix: 'Ask a release manager to add the `accepted` label, or accept your pending team invitation first.',
        };
    }
    if (!policy.allowSelfApproval && sameLogin(approver, request.requester)) {
        return { kind: 'refuse', reason: `${approver} requested this release and may not approve it too (two-person rule)`, fix: 'Ask another release manager to approve it.' };
    }
    if (request.hold !== null) {
        return { kind: 'refuse', reason: `the request is on hold (by ${request.hold.by} since ${request.hold.at})`, fix: 'Wait until the hold is lifted with `#unhold` (by the requester or a release manager), then approve again.' };
    }
    const expiry = (0,_config_policy_js__WEBPACK_IMPORTED_MODULE_0__/* .expiresAt */ .WJ)(policy, request.requestedAt);
    if (facts.now.getTime() >= expiry.getTime()) {
        return { kind: 'refuse', reason: `the request expired at ${expiry.toISOString()} (${policy.expiry.days} days after it was requested)`, fix: 'Run the release workflow again for a fresh request.' };
    }
    const frozen = (0,_config_policy_js__WEBPACK_IMPORTED_MODULE_0__/* .isFrozen */ .Zz)(policy, (0,_request_store_js__WEBPACK_IMPORTED_MODULE_7__/* .fullNameOfRequest */ .pj)(request), facts.now);
    if (frozen.frozen) {
        const until = frozen.window.kind === 'dated' ? ` until ${frozen.window.to}` : '';
        return { kind: 'refuse', reason: `releases are frozen: ${frozen.window.name}${until} (${frozen.window.reason})`, fix: 'Approve again after the freeze window ends.' };
    }
    if (facts.branchMoved !== null) {
        return { kind: 'refuse', reason: `${facts.branchMoved}, so the request no longer describes what would be published`, fix: 'Run the release workflow again for a new request of the current commit.' };
    }
    const rule = facts.approverIsAutomation && facts.rule !== null && 'id' in facts.rule ? facts.rule.id : null;
    return { kind: 'approve', approval: { login: approver, at: facts.at, commit: request.releaseCommit, via: rule !== null ? 'rule' : facts.via, rule } };
}
const GATE_EVENTS = new Set(['ci-passed', 'ci-pending', 'ci-failed', 'publishing', 'published', 'target-failed']);
/** Whether the last attempt failed (CI red, publishing failed): adding `accepted` again is then a retry. */
function awaitsRetry(request) {
    if (request.state === 'failed')
        return true;
    const last = [...request.history].reverse().find((h) => GATE_EVENTS.has(h.event));
    return last?.event === 'ci-failed';
}
/** The number of distinct approvals the request needs: the larger of the policy's (authoritative, may have changed) and the request's. */
function approvalsNeeded(policy, request) {
    return Math.max(request.requiredApprovals, (0,_config_policy_js__WEBPACK_IMPORTED_MODULE_0__/* .requiredApprovalsFor */ .zU)(policy, (0,_request_store_js__WEBPACK_IMPORTED_MODULE_7__/* .fullNameOfRequest */ .pj)(request)));
}
/** The previous version from the previous tag (`1.2.2`, `v1.2.2`, `pkg@1.2.2`), or null. */
function previousVersionOf(request) {
    if (request.previousTag === null)
        return null;
    const tail = request.previousTag.slice(request.previousTag.lastIndexOf('@') + 1);
    return tail.replace(/^v(?=\d)/, '') || null;
}
/** The auto-approve decision for a request and the login that opened its issue. */
function ruleFor(control, request, author) {
    const decision = (0,_config_auto_approve_js__WEBPACK_IMPORTED_MODULE_1__/* .decideAutoApproval */ .$j)(control.rules, { repo: request.repo, path: request.path, version: request.version, previousVersion: previousVersionOf(request), targets: request.targets.map((t) => t.id), author }, control.policy.releaseBot);
    return decision.approved ? { id: decision.rule.id } : { reasons: decision.reasons };
}
/** Gathers the facts for one approval (a few API calls: team memberships, the branch). */
async function gatherFacts(control, loaded, approver, via, at) {
    const { request, issue } = loaded;
    const approverIsAutomation = control.automation.has(approver.toLowerCase());
    const approverIsManager = approverIsAutomation ? false : await (0,_policy_js__WEBPACK_IMPORTED_MODULE_6__/* .isReleaseManager */ .fB)(control.github, control.policy, approver);
    return {
        request,
        issueOpen: issue.state === 'open',
        approver,
        via,
        at,
        approverIsAutomation,
        approverIsManager,
        rule: approverIsAutomation ? ruleFor(control, request, issue.author.login) : null,
        now: new Date(control.clock.now()),
        policy: control.policy,
        branchMoved: await (0,_ci_gate_js__WEBPACK_IMPORTED_MODULE_3__/* .branchMoved */ .iu)(control, request),
    };
}
/** Records a refusal: the label goes, a comment tells the approver why and what to do, history `approval-refused`. Nothing else changes. */
async function refuseApproval(control, loaded, approver, reason, fix, removeLabel) {
    const { github, controlRepo } = control;
    if (removeLabel)
        await github.removeLabel(controlRepo, loaded.issue.number, _labels_js__WEBPACK_IMPORTED_MODULE_5__/* .LABEL */ .d_.accepted);
    const next = (0,_context_js__WEBPACK_IMPORTED_MODULE_4__/* .record */ .g1)(control, loaded.request, 'approval-refused', approver.endsWith('[bot]') || /^[A-Za-z0-9-]+$/.test(approver) ? approver : null, reason);
    await (0,_request_store_js__WEBPACK_IMPORTED_MODULE_7__/* .saveRequest */ .Fc)(github, controlRepo, loaded.issue, next);
    await github.createComment(controlRepo, loaded.issue.number, `${(0,_context_js__WEBPACK_IMPORTED_MODULE_4__/* .mention */ .lE)(approver)} the approval was refused: ${reason}.\n\n**What to do:** ${fix}${removeLabel ? '\n\nThe `accepted` label was removed.' : ''}`);
    return (0,_context_js__WEBPACK_IMPORTED_MODULE_4__/* .report */ .z8)(control, 'refused', { issue: loaded.issue, request: next }, reason);
}
/**
 * Records an approval (concurrent-safe: two managers approving in the same second both count),
 * then either waits for more approvals or runs the CI gate.
 */
async function recordApproval(control, loaded, approval, onGreen = 'output') {
    const needed = approvalsNeeded(control.policy, loaded.request);
    const change = (request) => {
        if (request.releaseCommit !== approval.commit)
            return null;
        const index = request.approvals.findIndex((a) => sameLogin(a.login, approval.login) && a.commit === approval.commit);
        const existing = index >= 0 ? request.approvals[index] : undefined;
        if (existing && existing.at === approval.at && existing.via === approval.via)
            return null;
        // One entry per person and commit: a re-added label refreshes it (that is the retry), the list stays bounded.
        const approvals = existing ? request.approvals.map((a, i) => (i === index ? approval : a)) : [...request.approvals, approval];
        const count = (0,_request_format_index_js__WEBPACK_IMPORTED_MODULE_2__/* .effectiveApprovals */ .Kn)({ ...request, approvals }).length;
        const how = approval.via === 'rule' ? `rule ${approval.rule ?? ''}` : approval.via;
        return (0,_context_js__WEBPACK_IMPORTED_MODULE_4__/* .record */ .g1)(control, { ...request, approvals, requiredApprovals: Math.max(request.requiredApprovals, needed) }, 'approved', approval.login, `via ${how}; ${count} of ${Math.max(request.requiredApprovals, needed)}`);
    };
    const saved = await (0,_request_store_js__WEBPACK_IMPORTED_MODULE_7__/* .updateRequest */ .H5)(control.github, control.controlRepo, loaded.issue.number, control.policy.releaseBot, change, { settleMs: control.settleMs, sleep: control.sleep, initial: loaded });
    if (saved.request.releaseCommit !== approval.commit)
        return (0,_context_js__WEBPACK_IMPORTED_MODULE_4__/* .report */ .z8)(control, 'noop', saved, 'the request changed to another commit while approving');
    const approvals = (0,_request_format_index_js__WEBPACK_IMPORTED_MODULE_2__/* .effectiveApprovals */ .Kn)(saved.request);
    if (approvals.length < needed) {
        const missing = needed - approvals.length;
        await control.github.createComment(control.controlRepo, saved.issue.number, `✅ Approval ${approvals.length} of ${needed} recorded (${approvals.map((a) => a.login).join(', ')}). ` +
            `This release needs ${missing} more: another release manager (not the requester, not someone who already approved) comments \`#approve\` on a line of its own.`);
        return (0,_context_js__WEBPACK_IMPORTED_MODULE_4__/* .report */ .z8)(control, 'approved', saved, `${approvals.length} of ${needed} approvals`);
    }
    // The decision that led here read the release branch a moment ago (ApprovalFacts.branchMoved).
    return (await (0,_ci_gate_js__WEBPACK_IMPORTED_MODULE_3__/* .applyGate */ .ei)(control, saved, onGreen, true)).decision;
}
/** `issues.labeled`: decides the approval given by the `accepted` label. */
async function handleLabeled(control, event) {
    if (event.label?.name !== _labels_js__WEBPACK_IMPORTED_MODULE_5__/* .LABEL */ .d_.accepted)
        return (0,_context_js__WEBPACK_IMPORTED_MODULE_4__/* .report */ .z8)(control, 'ignored', null, `the label ${event.label?.name ?? '(none)'} is not ${_labels_js__WEBPACK_IMPORTED_MODULE_5__/* .LABEL */ .d_.accepted}`);
    const { github, controlRepo } = control;
    const issueNumber = event.issue.number;
    // Security: the labeler is read from the issue's events, not from the payload (a stale or replayed delivery).
    const events = await github.listLabelEvents(controlRepo, issueNumber);
    const last = [...events].reverse().find((e) => e.kind === 'labeled' && e.label === _labels_js__WEBPACK_IMPORTED_MODULE_5__/* .LABEL */ .d_.accepted);
    let loaded;
    try {
        loaded = await (0,_request_store_js__WEBPACK_IMPORTED_MODULE_7__/* .loadRequest */ .W$)(github, controlRepo, issueNumber, control.policy.releaseBot);
    }
    catch (error) {
        if (!(error instanceof _request_store_js__WEBPACK_IMPORTED_MODULE_7__/* .NotARequestError */ .mE))
            throw error;
        return refuseNonRequest(control, issueNumber, last?.actor.login ?? event.sender.login, error);
    }
    if (!loaded.issue.labels.includes(_labels_js__WEBPACK_IMPORTED_MODULE_5__/* .LABEL */ .d_.accepted))
        return (0,_context_js__WEBPACK_IMPORTED_MODULE_4__/* .report */ .z8)(control, 'noop', loaded, 'the accepted label is no longer on the issue');
    if (!last)
        return (0,_context_js__WEBPACK_IMPORTED_MODULE_4__/* .report */ .z8)(control, 'noop', loaded, 'no labeled event for accepted was found yet; reconcile will decide it');
    return decideAndAct(control, loaded, last.actor.login, 'label', last.createdAt);
}
/** Decides an approval by label or comment and acts on it. */
async function decideAndAct(control, loaded, approver, via, at, onGreen = 'output') {
    if (loaded.request.state === 'published' && loaded.issue.state === 'open' && via === 'label') {
        // Everything is published; an earlier run stopped before closing. The label re-added means
        // "finish": the publish command merges, comments and closes, and publishes nothing.
        if (onGreen === 'dispatch')
            await (0,_ci_gate_js__WEBPACK_IMPORTED_MODULE_3__/* .dispatchPublish */ .ux)(control, loaded.issue.number, loaded.request);
        return (0,_context_js__WEBPACK_IMPORTED_MODULE_4__/* .report */ .z8)(control, 'publish', loaded, 'every target is published; finishing what an earlier run left (merge, comment, close)');
    }
    if (loaded.request.state === 'publishing' && via === 'label') {
        // A publish run is under way (or died): the label re-added means "go on"; the publish job's concurrency serialises runs.
        control.log.info(`#${loaded.issue.number} is publishing; the gate decides whether to publish again.`);
    }
    const facts = await gatherFacts(control, loaded, approver, via, at);
    const decision = decideApproval(facts);
    if (decision.kind === 'noop')
        return (0,_context_js__WEBPACK_IMPORTED_MODULE_4__/* .report */ .z8)(control, 'noop', loaded, decision.why);
    if (decision.kind === 'refuse')
        return refuseApproval(control, loaded, approver, decision.reason, decision.fix, via === 'label');
    return recordApproval(control, loaded, decision.approval, onGreen);
}
/** A label on an issue that is not a valid request by the release bot: the label goes, with the reason. */
async function refuseNonRequest(control, issueNumber, labeler, error) {
    await control.github.removeLabel(control.controlRepo, issueNumber, _labels_js__WEBPACK_IMPORTED_MODULE_5__/* .LABEL */ .d_.accepted);
    await control.github.createComment(control.controlRepo, issueNumber, `${(0,_context_js__WEBPACK_IMPORTED_MODULE_4__/* .mention */ .lE)(labeler)} the approval was refused: ${error.message}\n\n**What to do:** ${error.fix ?? 'Approve the request opened by the release bot instead.'}\n\nThe \`accepted\` label was removed.`);
    control.log.warning(`#${issueNumber}: ${error.message}`);
    return (0,_context_js__WEBPACK_IMPORTED_MODULE_4__/* .report */ .z8)(control, 'refused', null, error.message);
}
/**
 * `issues.edited`: an edit by anyone but the release bot (or our own App) voids the approvals.
 * Security: the approval is for the request as it was; text a person changed afterwards was not
 * approved (the sender of the edit is who GitHub says made it).
 */
async function handleEdited(control, event) {
    const sender = event.sender.login;
    if (control.automation.has(sender.toLowerCase()))
        return (0,_context_js__WEBPACK_IMPORTED_MODULE_4__/* .report */ .z8)(control, 'ignored', null, `edited by the automation (${sender})`);
    const { github, controlRepo } = control;
    const issue = await github.getIssue(controlRepo, event.issue.number);
    let request;
    try {
        request = (0,_request_store_js__WEBPACK_IMPORTED_MODULE_7__/* .checkRequestIssue */ .hl)(issue, control.policy.releaseBot);
    }
    catch (error) {
        if (!(error instanceof _request_store_js__WEBPACK_IMPORTED_MODULE_7__/* .NotARequestError */ .mE))
            throw error;
        if (issue.labels.includes(_labels_js__WEBPACK_IMPORTED_MODULE_5__/* .LABEL */ .d_.accepted)) {
            await github.removeLabel(controlRepo, issue.number, _labels_js__WEBPACK_IMPORTED_MODULE_5__/* .LABEL */ .d_.accepted);
            await github.createComment(controlRepo, issue.number, `⚠️ ${(0,_context_js__WEBPACK_IMPORTED_MODULE_4__/* .mention */ .lE)(sender)} edited this issue and it is no longer a valid publish request (${error.message}). The \`accepted\` label was removed. Restore the request from the issue's edit history or run the release workflow again.`);
            return (0,_context_js__WEBPACK_IMPORTED_MODULE_4__/* .report */ .z8)(control, 'voided', null, error.message);
        }
        return (0,_context_js__WEBPACK_IMPORTED_MODULE_4__/* .report */ .z8)(control, 'ignored', null, error.message);
    }
    const loaded = { issue, request };
    if (request.approvals.length === 0 && !issue.labels.includes(_labels_js__WEBPACK_IMPORTED_MODULE_5__/* .LABEL */ .d_.accepted)) {
        const next = (0,_context_js__WEBPACK_IMPORTED_MODULE_4__/* .record */ .g1)(control, request, 'updated', sender, `edited by ${sender} before any approval`);
        await (0,_request_store_js__WEBPACK_IMPORTED_MODULE_7__/* .saveRequest */ .Fc)(github, controlRepo, issue, next);
        return (0,_context_js__WEBPACK_IMPORTED_MODULE_4__/* .report */ .z8)(control, 'noop', loaded, 'edited before any approval');
    }
    await (0,_ci_gate_js__WEBPACK_IMPORTED_MODULE_3__/* .voidApprovals */ .vt)(control, loaded, sender, `${sender} edited the request after it was approved`);
    return 'voided';
}
/**
 * The approvals that GitHub's own record backs: each `label` approval must match an `accepted`
 * label event by that person at that time, each `comment` approval a `#approve` comment by that
 * person at that time, each `rule` approval the rule that matches the request now; every person
 * must still be a release manager and not the requester (unless allowed).
 *
 * Security: the machine block lives in an issue body that people with write access can edit. An
 * edit voids approvals, but asynchronously (another run); this check makes an approval typed into
 * the body worthless at the moment it would matter: right before publishing.
 */
async function verifiedApprovals(control, loaded) {
    const { github, controlRepo, policy } = control;
    const { request, issue } = loaded;
    const candidates = (0,_request_format_index_js__WEBPACK_IMPORTED_MODULE_2__/* .effectiveApprovals */ .Kn)(request);
    const needsEvents = candidates.some((a) => a.via === 'label');
    const needsComments = candidates.some((a) => a.via === 'comment');
    const events = needsEvents ? await github.listLabelEvents(controlRepo, issue.number) : [];
    const comments = needsComments ? await github.listComments(controlRepo, issue.number) : [];
    const valid = [];
    const rejected = [];
    for (const approval of candidates) {
        const who = approval.login;
        let backed;
        if (approval.via === 'rule') {
            const rule = ruleFor(control, request, issue.author.login);
            backed = control.automation.has(who.toLowerCase()) && 'id' in rule && rule.id === approval.rule;
        }
        else {
            const recorded = approval.via === 'label'
                ? events.some((e) => e.kind === 'labeled' && e.label === _labels_js__WEBPACK_IMPORTED_MODULE_5__/* .LABEL */ .d_.accepted && sameLogin(e.actor.login, who) && e.createdAt === approval.at)
                : comments.some((c) => sameLogin(c.author.login, who) && c.createdAt === approval.at && (0,_commands_js__WEBPACK_IMPORTED_MODULE_8__/* .parseCommands */ .G)(c.body).includes('#approve'));
            backed = recorded && (policy.allowSelfApproval || !sameLogin(who, request.requester)) && (await (0,_policy_js__WEBPACK_IMPORTED_MODULE_6__/* .isReleaseManager */ .fB)(github, policy, who));
        }
        if (backed)
            valid.push(approval);
        else
            rejected.push(`${who} (${approval.via})`);
    }
    return { valid, rejected };
}


/***/ }),

/***/ 9641:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ch: () => (/* binding */ removeLabels),
/* harmony export */   ei: () => (/* binding */ applyGate),
/* harmony export */   iu: () => (/* binding */ branchMoved),
/* harmony export */   ux: () => (/* binding */ dispatchPublish),
/* harmony export */   vt: () => (/* binding */ voidApprovals)
/* harmony export */ });
/* unused harmony exports judgeCi, readCi, describeRunning */
/* harmony import */ var _request_format_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3187);
/* harmony import */ var _context_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9490);
/* harmony import */ var _labels_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7190);
/* harmony import */ var _request_store_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9716);




const PASSED_CONCLUSIONS = new Set(['success', 'neutral', 'skipped']);
/** Pure: the verdict for the check runs and statuses of one commit. A failure wins over anything still running. */
function judgeCi(runs, statuses) {
    const all = [];
    const failed = [];
    const running = [];
    for (const run of runs) {
        const check = { name: run.name, source: 'check-run', state: run.status === 'completed' ? (run.conclusion ?? 'unknown') : run.status, url: run.htmlUrl };
        all.push(check);
        if (run.status !== 'completed')
            running.push(check);
        else if (!PASSED_CONCLUSIONS.has(check.state))
            failed.push(check);
    }
    for (const status of statuses) {
        const check = { name: status.context, source: 'status', state: status.state, url: status.targetUrl };
        all.push(check);
        if (status.state === 'pending')
            running.push(check);
        else if (status.state !== 'success')
            failed.push(check);
    }
    if (failed.length > 0)
        return { kind: 'failed', failed, total: all.length };
    // No check at all is not green: CI may not have started yet, and "nothing ran" proves nothing.
    if (running.length > 0 || all.length === 0)
        return { kind: 'pending', running, total: all.length };
    return { kind: 'green', passed: all };
}
/** Reads every check run and status of a commit (all pages) and judges them. */
async function readCi(github, repo, sha) {
    const [runs, statuses] = await Promise.all([github.listCheckRuns(repo, sha), github.listCommitStatuses(repo, sha)]);
    return judgeCi(runs, statuses);
}
function link(check) {
    const name = check.name.replace(/[[\]`|<>]/g, '');
    return check.url && /^https?:\/\//.test(check.url) ? `[${name}](${check.url})` : `\`${name}\``;
}
/** "3 checks running: a, b, c" (at most 10 named). */
function describeRunning(verdict) {
    if (verdict.running.length === 0)
        return 'no check run or commit status has been reported for the release commit yet';
    const names = verdict.running.slice(0, 10).map(link).join(', ');
    const more = verdict.running.length > 10 ? ` and ${verdict.running.length - 10} more` : '';
    return `${verdict.running.length} of ${verdict.total} check${verdict.total === 1 ? '' : 's'} still running: ${names}${more}`;
}
/**
 * Checks that the release branch still points at the approved commit, then applies the CI gate
 * and records the outcome. `onGreen`: `output` sets decision=publish for the same-run publish
 * job, `dispatch` starts publish.yml, `return` only reports (the publish command goes on itself).
 */
async function applyGate(control, loaded, onGreen, branchJustChecked = false) {
    const { github, controlRepo } = control;
    const { issue, request } = loaded;
    // An approval decision has just read the branch; the publish command reads it again (with
    // branchJustChecked false) before anything is published, so skipping it here loses nothing.
    const moved = branchJustChecked ? null : await branchMoved(control, request);
    if (moved !== null) {
        const voided = await voidApprovals(control, loaded, null, moved);
        return { decision: 'voided', loaded: voided, verdict: null };
    }
    const verdict = await readCi(github, request.repo, request.releaseCommit);
    if (verdict.kind === 'green') {
        let next = (0,_context_js__WEBPACK_IMPORTED_MODULE_1__/* .record */ .g1)(control, request, 'ci-passed', null, `${verdict.passed.length} check${verdict.passed.length === 1 ? '' : 's'} passed on ${request.releaseCommit.slice(0, 12)}`);
        if (next.state === 'parked-ci')
            next = (0,_request_format_index_js__WEBPACK_IMPORTED_MODULE_0__/* .withState */ .Q2)(next, 'open');
        const saved = await (0,_request_store_js__WEBPACK_IMPORTED_MODULE_3__/* .saveRequest */ .Fc)(github, controlRepo, issue, next);
        const after = { issue: saved, request: next };
        if (onGreen === 'dispatch') {
            // The body is written before the dispatch (a publish run that starts at once must not be
            // overwritten by it), and `ci-pending` goes only after the dispatch: if the dispatch fails,
            // the label keeps the request parked and the next reconcile dispatches again. A dispatch
            // whose answer was lost may start a second publish run; the per-request concurrency group
            // and the publish command's state check make that one a no-op.
            await dispatchPublish(control, issue.number, request);
            control.log.info(`#${issue.number}: CI is green; publish.yml dispatched.`);
        }
        await removeLabels(control, issue.number, [_labels_js__WEBPACK_IMPORTED_MODULE_2__/* .LABEL */ .d_.ciPending, _labels_js__WEBPACK_IMPORTED_MODULE_2__/* .LABEL */ .d_.ciFailed], issue.labels);
        if (onGreen === 'output')
            return { decision: (0,_context_js__WEBPACK_IMPORTED_MODULE_1__/* .report */ .z8)(control, 'publish', after, 'CI is green on the approved commit'), loaded: after, verdict };
        return { decision: 'publish', loaded: after, verdict };
    }
    if (verdict.kind === 'pending') {
        const already = request.state === 'parked-ci' && issue.labels.includes(_labels_js__WEBPACK_IMPORTED_MODULE_2__/* .LABEL */ .d_.ciPending);
        if (already)
            return { decision: (0,_context_js__WEBPACK_IMPORTED_MODULE_1__/* .report */ .z8)(control, 'parked-ci', loaded, 'still waiting for CI'), loaded, verdict };
        const next = (0,_request_format_index_js__WEBPACK_IMPORTED_MODULE_0__/* .withState */ .Q2)((0,_context_js__WEBPACK_IMPORTED_MODULE_1__/* .record */ .g1)(control, request, 'ci-pending', null, describeRunning(verdict)), 'parked-ci');
        const saved = await (0,_request_store_js__WEBPACK_IMPORTED_MODULE_3__/* .saveRequest */ .Fc)(github, controlRepo, issue, next);
        await github.addLabels(controlRepo, issue.number, [_labels_js__WEBPACK_IMPORTED_MODULE_2__/* .LABEL */ .d_.ciPending]);
        await removeLabels(control, issue.number, [_labels_js__WEBPACK_IMPORTED_MODULE_2__/* .LABEL */ .d_.ciFailed], issue.labels);
        await github.createComment(controlRepo, issue.number, `⏳ Approved. Waiting for CI on the release commit \`${request.releaseCommit.slice(0, 12)}\`: ${describeRunning(verdict)}.\n\n` +
            'Publishing starts by itself when every check has passed (the `ci-pending` label marks this; reconcile picks it up). Nothing to do meanwhile.');
        const after = { issue: saved, request: next };
        return { decision: (0,_context_js__WEBPACK_IMPORTED_MODULE_1__/* .report */ .z8)(control, 'parked-ci', after, describeRunning(verdict)), loaded: after, verdict };
    }
    const failedList = verdict.failed.slice(0, 20).map((c) => `- ${link(c)}: ${c.state}`);
    let next = (0,_context_js__WEBPACK_IMPORTED_MODULE_1__/* .record */ .g1)(control, request, 'ci-failed', null, `failed: ${verdict.failed.map((c) => c.name).join(', ')}`);
    if (next.state === 'parked-ci')
        next = (0,_request_format_index_js__WEBPACK_IMPORTED_MODULE_0__/* .withState */ .Q2)(next, 'open');
    const saved = await (0,_request_store_js__WEBPACK_IMPORTED_MODULE_3__/* .saveRequest */ .Fc)(github, controlRepo, issue, next);
    // The label goes so that adding it again is the retry (after CI is fixed or re-run).
    await removeLabels(control, issue.number, [_labels_js__WEBPACK_IMPORTED_MODULE_2__/* .LABEL */ .d_.accepted, _labels_js__WEBPACK_IMPORTED_MODULE_2__/* .LABEL */ .d_.ciPending], issue.labels.concat(_labels_js__WEBPACK_IMPORTED_MODULE_2__/* .LABEL */ .d_.accepted));
    await github.addLabels(controlRepo, issue.number, [_labels_js__WEBPACK_IMPORTED_MODULE_2__/* .LABEL */ .d_.ciFailed]);
    await github.createComment(controlRepo, issue.number, [
        `❌ CI failed on the release commit \`${request.releaseCommit.slice(0, 12)}\`, so nothing was published:`,
        '',
        ...failedList,
        ...(verdict.failed.length > 20 ? [`- … and ${verdict.failed.length - 20} more`] : []),
        '',
        'The `accepted` label was removed. Fix or re-run the failed checks on that commit, then add `accepted` again to retry. The approvals recorded so far still count.',
    ].join('\n'));
    const after = { issue: saved, request: next };
    return { decision: (0,_context_js__WEBPACK_IMPORTED_MODULE_1__/* .report */ .z8)(control, 'ci-failed', after, `${verdict.failed.length} failed`), loaded: after, verdict };
}
/**
 * Starts publish.yml for one request; it runs under the request's concurrency group and re-checks
 * everything before publishing.
 */
async function dispatchPublish(control, issueNumber, request) {
    const { github, controlRepo } = control;
    await github.dispatchWorkflow(controlRepo, 'publish.yml', await github.getDefaultBranch(controlRepo), { issue_number: String(issueNumber), request: (0,_request_store_js__WEBPACK_IMPORTED_MODULE_3__/* .requestKey */ .lq)(request) });
}
/** Null when the release branch points at the request's commit, else a sentence saying where it is. */
async function branchMoved(control, request) {
    const sha = await control.github.getBranchSha(request.repo, request.releaseBranch);
    if (sha === request.releaseCommit)
        return null;
    return sha === null
        ? `the release branch \`${request.releaseBranch}\` no longer exists`
        : `the release branch \`${request.releaseBranch}\` moved from \`${request.releaseCommit.slice(0, 12)}\` to \`${sha.slice(0, 12)}\``;
}
/**
 * Voids every approval (after a push to the release branch or an edit by someone else than the
 * bot): removes `accepted` and `ci-pending`, records `approval-voided`, comments. Approvals bind
 * to the exact request that was approved.
 */
async function voidApprovals(control, loaded, actor, why) {
    const { github, controlRepo } = control;
    const { issue, request } = loaded;
    let next = (0,_context_js__WEBPACK_IMPORTED_MODULE_1__/* .record */ .g1)(control, (0,_request_format_index_js__WEBPACK_IMPORTED_MODULE_0__/* .withoutApprovals */ .lK)(request), 'approval-voided', actor, why);
    if (next.state === 'parked-ci')
        next = (0,_request_format_index_js__WEBPACK_IMPORTED_MODULE_0__/* .withState */ .Q2)(next, 'open');
    const saved = await (0,_request_store_js__WEBPACK_IMPORTED_MODULE_3__/* .saveRequest */ .Fc)(github, controlRepo, issue, next);
    await removeLabels(control, issue.number, [_labels_js__WEBPACK_IMPORTED_MODULE_2__/* .LABEL */ .d_.accepted, _labels_js__WEBPACK_IMPORTED_MODULE_2__/* .LABEL */ .d_.ciPending], issue.labels.concat(_labels_js__WEBPACK_IMPORTED_MODULE_2__/* .LABEL */ .d_.accepted));
    await github.createComment(controlRepo, issue.number, `⚠️ The approval of this request is void: ${why}. An approval binds to the exact request and release commit that were approved.\n\n` +
        'Nothing was published. Check the change; a release manager can then approve again by adding the `accepted` label (a moved branch needs a new request from the release workflow).');
    (0,_context_js__WEBPACK_IMPORTED_MODULE_1__/* .report */ .z8)(control, 'voided', { issue: saved, request: next }, why);
    return { issue: saved, request: next };
}
/** Removes the labels of `names` that `present` has (one call each; a missing label is no error). */
async function removeLabels(control, issueNumber, names, present) {
    for (const name of names) {
        if (present.includes(name))
            await control.github.removeLabel(control.controlRepo, issueNumber, name);
    }
}


/***/ }),

/***/ 3551:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   G: () => (/* binding */ parseCommands)
/* harmony export */ });
/* unused harmony export COMMENT_COMMANDS */
/**
 * Comment commands: `#retract`, `#hold`, `#unhold`, `#approve`, each on a line of its own.
 * Parsing is pure and strict: exact, case-sensitive, trailing whitespace ignored, nothing inside
 * fenced code blocks or `>` quotes (quoting someone's `#retract` in a reply must not retract).
 */
/** The commands, in the order they appear in a comment. */
const COMMENT_COMMANDS = ['#retract', '#hold', '#unhold', '#approve'];
/** The commands of a comment body, in order (a command repeated is kept once). */
function parseCommands(body) {
    const found = [];
    let fence = null;
    for (const rawLine of body.replace(/\r\n?/g, '\n').split('\n')) {
        const line = rawLine.replace(/[ \t]+$/, '');
        const fenceMatch = /^ {0,3}(`{3,}|~{3,})/.exec(line);
        if (fenceMatch) {
            const marker = fenceMatch[1];
            if (fence === null)
                fence = marker;
            // A fence closes with the same character, at least as long, and nothing after it.
            else if (marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker)
                fence = null;
            continue;
        }
        if (fence !== null)
            continue;
        if (COMMENT_COMMANDS.includes(line) && !found.includes(line))
            found.push(line);
    }
    return found;
}


/***/ }),

/***/ 9490:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   MH: () => (/* binding */ buildControl),
/* harmony export */   g1: () => (/* binding */ record),
/* harmony export */   kF: () => (/* binding */ nowIso),
/* harmony export */   lE: () => (/* binding */ mention),
/* harmony export */   z8: () => (/* binding */ report)
/* harmony export */ });
/* harmony import */ var _request_format_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3187);
/* harmony import */ var _events_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8640);
/* harmony import */ var _policy_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7547);
/* harmony import */ var _request_store_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9716);




const realSleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** Builds the control context: loads the policy and rules named by the `policy_file`/`rules_file` inputs. */
async function buildControl(context, overrides = {}) {
    const env = overrides.env ?? process.env;
    const { policy, rules } = await (0,_policy_js__WEBPACK_IMPORTED_MODULE_2__/* .loadControlConfig */ .QF)(context.input('policy_file'), context.input('rules_file'), env.GITHUB_WORKSPACE || process.cwd());
    const automation = new Set([policy.releaseBot.toLowerCase()]);
    const botLogin = context.input('bot_login');
    if (botLogin.endsWith('[bot]') && botLogin !== '[bot]')
        automation.add(botLogin.toLowerCase());
    const runUrl = env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : null;
    return {
        github: context.github,
        clock: context.clock,
        log: context.log,
        controlRepo: (0,_events_js__WEBPACK_IMPORTED_MODULE_1__/* .controlRepoOf */ .NJ)(context.event.payload, env),
        policy,
        rules,
        automation,
        // One second is far longer than the read-to-write gap of a concurrent run (one API call).
        settleMs: overrides.settleMs ?? 1500,
        sleep: overrides.sleep ?? realSleep,
        runUrl,
    };
}
/** The ISO time now. */
function nowIso(control) {
    return new Date(control.clock.now()).toISOString();
}
/** Appends one history entry (detail made one printable line). */
function record(control, request, event, actor, detail) {
    return (0,_request_format_index_js__WEBPACK_IMPORTED_MODULE_0__/* .withHistory */ .$k)(request, { at: nowIso(control), event, actor, detail: detail === null ? null : (0,_request_format_index_js__WEBPACK_IMPORTED_MODULE_0__/* .toDetail */ .PX)(detail) });
}
/** Sets the outputs the workflow reads: `decision`, and for a request `request` (the concurrency key) and `issue_number`. */
function report(control, decision, target, why) {
    control.log.setOutput('decision', decision);
    if (target) {
        control.log.setOutput('request', (0,_request_store_js__WEBPACK_IMPORTED_MODULE_3__/* .requestKey */ .lq)(target.request));
        control.log.setOutput('issue_number', String(target.issue.number));
    }
    control.log.info(`Decision: ${decision}${target ? ` for #${target.issue.number} (${(0,_request_store_js__WEBPACK_IMPORTED_MODULE_3__/* .requestKey */ .lq)(target.request)})` : ''}${why ? `: ${why}` : ''}.`);
    return decision;
}
/** A comment addressed to someone, without pinging anyone else. */
function mention(login) {
    return `@${login}`;
}


/***/ }),

/***/ 8640:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   KY: () => (/* binding */ issueCommentEventSchema),
/* harmony export */   NJ: () => (/* binding */ controlRepoOf),
/* harmony export */   cV: () => (/* binding */ issuesEventSchema),
/* harmony export */   f: () => (/* binding */ isBotActor),
/* harmony export */   wj: () => (/* binding */ parseEvent)
/* harmony export */ });
/* unused harmony export anyEventSchema */
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2857);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/**
 * The parts of the webhook payloads the control repo reads, parsed once with zod (style
 * principle 3). Only identifiers are taken from events: every privileged decision re-reads the
 * issue, its labels and its label events from the API, because a payload is a snapshot that may
 * be stale (a duplicated or delayed delivery) by the time the run starts.
 */


const user = zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({ login: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().min(1), type: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().optional() });
const repository = zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({ full_name: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().regex(/^[^/\s]+\/[^/\s]+$/) });
const issue = zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({
    number: zod__WEBPACK_IMPORTED_MODULE_1__/* .number */ .aig().int().positive(),
    title: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(),
    user: user.nullable().optional(),
    pull_request: zod__WEBPACK_IMPORTED_MODULE_1__/* .unknown */ .L5J().optional(),
});
/** `issues` events: opened, labeled, edited. */
const issuesEventSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({
    action: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(),
    issue,
    label: zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({ name: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP() }).optional(),
    sender: user,
    repository: repository.optional(),
});
/** `issue_comment` events. */
const issueCommentEventSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({
    action: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(),
    issue,
    comment: zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({ id: zod__WEBPACK_IMPORTED_MODULE_1__/* .number */ .aig().int().positive(), body: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().nullable().optional(), user: user.nullable(), created_at: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP() }),
    sender: user,
    repository: repository.optional(),
});
/** Any event: only the repository, when there is one. */
const anyEventSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({ repository: repository.optional() }).passthrough();
/** Parses a payload, naming the first field that does not fit. */
function parseEvent(schema, payload, eventName) {
    const result = schema.safeParse(payload);
    if (result.success)
        return result.data;
    const issue0 = result.error.issues[0];
    const path = issue0 ? issue0.path.map(String).join('.') : '(payload)';
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ValidationError */ .yI('E_EVENT_PAYLOAD', `The ${eventName} event payload does not have the expected shape at "${path}": ${issue0?.message ?? 'invalid'}.`, `event.${path}`, 'This workflow must be started by the events listed in docs/control-repo.md; check the `on:` section of the workflow.');
}
/** Whether an actor is an app or a bot account (by type, or by the `[bot]` suffix GitHub reserves for apps). */
function isBotActor(actor) {
    if (!actor)
        return false;
    return actor.type === 'Bot' || actor.login.endsWith('[bot]');
}
/** The control repository: the event's repository, else GITHUB_REPOSITORY. */
function controlRepoOf(payload, env) {
    const parsed = anyEventSchema.safeParse(payload);
    const fullName = (parsed.success ? parsed.data.repository?.full_name : undefined) ?? env.GITHUB_REPOSITORY ?? '';
    const [owner, repo, extra] = fullName.split('/');
    if (!owner || !repo || extra !== undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ValidationError */ .yI('E_NO_REPOSITORY', 'Cannot tell which repository is the control repository: the event names none and GITHUB_REPOSITORY is not set.', 'GITHUB_REPOSITORY', 'Run the action inside a workflow of the control repository.');
    }
    return { owner, repo };
}


/***/ }),

/***/ 7190:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Zx: () => (/* binding */ ensureControlLabels),
/* harmony export */   d_: () => (/* binding */ LABEL)
/* harmony export */ });
/* unused harmony export CONTROL_LABELS */
/** Label names, by role. */
const LABEL = {
    accepted: 'accepted',
    ciPending: 'ci-pending',
    ciFailed: 'ci-failed',
    onHold: 'on-hold',
    dryRun: 'dry-run',
};
/** Every label with its colour and description (for creating them in a new control repo). */
const CONTROL_LABELS = [
    { name: LABEL.accepted, color: '0e8a16', description: 'Approved by a release manager: publish once CI on the release commit is green' },
    { name: LABEL.ciPending, color: 'fbca04', description: 'Approved; waiting for CI on the release commit (reconcile picks it up)' },
    { name: LABEL.ciFailed, color: 'd93f0b', description: 'CI failed on the release commit; fix it and add accepted again' },
    { name: LABEL.onHold, color: 'b60205', description: 'On hold (#hold): cannot be approved until #unhold' },
    { name: LABEL.dryRun, color: 'c5def5', description: 'Publish nothing: run every check and report what would be published' },
];
/**
 * Creates the control labels that are missing, with their colours and descriptions (labels that
 * GitHub creates implicitly on first use are grey and unexplained). Two API calls when all exist.
 */
async function ensureControlLabels(github, repo) {
    const existing = new Set((await github.listRepoLabels(repo)).map((label) => label.name));
    const missing = CONTROL_LABELS.filter((label) => !existing.has(label.name));
    for (const label of missing)
        await github.createLabel(repo, label);
    return missing.map((label) => label.name);
}


/***/ }),

/***/ 7547:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   QC: () => (/* binding */ describeApprovers),
/* harmony export */   QF: () => (/* binding */ loadControlConfig),
/* harmony export */   Vz: () => (/* binding */ describeGrants),
/* harmony export */   fB: () => (/* binding */ isReleaseManager),
/* harmony export */   kR: () => (/* binding */ isGranted)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3916);
/* harmony import */ var _config_load_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5347);
/* harmony import */ var _config_auto_approve_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9627);
/**
 * The control repo's policy and auto-approve rules, and the people checks built on them.
 *
 * Security: both files are read from the workspace, which is the checkout of the control repo's
 * default branch: only release managers can write it. Nothing that a product repo or a request
 * controls (the release branch, the issue body) can loosen the policy.
 */





/** Reads `policy_file` and `rules_file` (paths relative to `baseDir`, the workspace). A missing rules file means no rules. */
async function loadControlConfig(policyFile, rulesFile, baseDir = process.cwd()) {
    const policyPath = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(baseDir, policyFile || '.github/publish-policy.yml');
    let policyText;
    try {
        policyText = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(policyPath, 'utf8');
    }
    catch (error) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo('E_NO_POLICY', `The control repo policy ${policyFile || '.github/publish-policy.yml'} cannot be read (${error.message}).`, 'Check out the control repository before the action (actions/checkout) and commit the policy file; see docs/config.md.');
    }
    const policy = (0,_config_load_js__WEBPACK_IMPORTED_MODULE_3__/* .loadConfigText */ .Ki)('policy', policyText, policyFile || '.github/publish-policy.yml').config;
    const rulesPath = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(baseDir, rulesFile || 'auto-approve.yml');
    let rulesText = null;
    try {
        rulesText = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(rulesPath, 'utf8');
    }
    catch (error) {
        if (error.code !== 'ENOENT')
            throw error;
    }
    const rules = rulesText === null ? [] : (0,_config_load_js__WEBPACK_IMPORTED_MODULE_3__/* .loadConfigText */ .Ki)('auto-approve', rulesText, rulesFile || 'auto-approve.yml').config.rules;
    return { policy, rules: (0,_config_auto_approve_js__WEBPACK_IMPORTED_MODULE_4__/* .compileRules */ .nb)(rules) };
}
const sameLogin = (a, b) => a.toLowerCase() === b.toLowerCase();
/**
 * Whether `login` is a release manager: one of the configured users, or an ACTIVE member of a
 * configured team. A pending invitation does not count: the invitee has not accepted
 * membership, so the org has not vouched for them yet. One API call per team until one matches.
 */
async function isReleaseManager(github, policy, login) {
    // Bots are never release managers, whatever a team lists: approval is a human decision.
    if (login.endsWith('[bot]'))
        return false;
    if (policy.approvers.users.some((user) => sameLogin(user, login)))
        return true;
    for (const team of policy.approvers.teams) {
        const [org = '', slug = ''] = team.split('/');
        if ((await github.getTeamMembership(org, slug, login)) === 'active')
            return true;
    }
    return false;
}
/** Roles that count as "write access" to a product repo. */
const WRITE_ROLES = new Set(['write', 'maintain', 'admin']);
/** Whether a grant list (retract, hold) allows `login`. Cheap grants are checked before API calls. */
async function isGranted(github, policy, grants, subject) {
    const { login } = subject;
    if (login.endsWith('[bot]'))
        return false;
    for (const grant of grants) {
        if (grant.kind === 'requester' && sameLogin(login, subject.requester))
            return true;
        if (grant.kind === 'user' && sameLogin(login, grant.login))
            return true;
    }
    for (const grant of grants) {
        if (grant.kind === 'release-managers' && (await isReleaseManager(github, policy, login)))
            return true;
        if (grant.kind === 'team') {
            const [org = '', slug = ''] = grant.team.split('/');
            if ((await github.getTeamMembership(org, slug, login)) === 'active')
                return true;
        }
        if (grant.kind === 'product-writers') {
            const role = await github.getCollaboratorRole(subject.productRepo, login);
            if (role !== null && WRITE_ROLES.has(role))
                return true;
        }
    }
    return false;
}
/** "the requester (`x`), anyone with write access to o/r, …" for refusal messages; names in code spans so nobody is pinged. */
function describeGrants(policy, grants, requester, productRepo) {
    const parts = grants.map((grant) => {
        switch (grant.kind) {
            case 'requester':
                return `the requester (\`${requester}\`)`;
            case 'product-writers':
                return `anyone with write access to ${productRepo.owner}/${productRepo.repo}`;
            case 'release-managers':
                return `release managers (${describeApprovers(policy)})`;
            case 'team':
                return `active members of team \`${grant.team}\``;
            case 'user':
                return `\`${grant.login}\``;
        }
    });
    return parts.join(', ');
}
/** The release managers as the policy names them. */
function describeApprovers(policy) {
    return [...policy.approvers.teams.map((t) => `active members of team \`${t}\``), ...policy.approvers.users.map((u) => `\`${u}\``)].join(', ');
}


/***/ }),

/***/ 9716:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Fc: () => (/* binding */ saveRequest),
/* harmony export */   H5: () => (/* binding */ updateRequest),
/* harmony export */   W$: () => (/* binding */ loadRequest),
/* harmony export */   hl: () => (/* binding */ checkRequestIssue),
/* harmony export */   lq: () => (/* binding */ requestKey),
/* harmony export */   mE: () => (/* binding */ NotARequestError),
/* harmony export */   pj: () => (/* binding */ fullNameOfRequest)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _request_format_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3187);
/**
 * Loading and saving publish requests from the control repo's issues. Every load is a fresh API
 * read: the event payload that started a run is never trusted for the request's content.
 */


/** An issue that is not a valid publish request opened by the release bot. */
class NotARequestError extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo {
    reason;
    name = 'NotARequestError';
    constructor(reason, message, fix) {
        super('E_NOT_A_REQUEST', message, fix);
        this.reason = reason;
    }
}
/** The key of a request: `owner/repo[/path]@version` (the title without `publish: `; the publish concurrency key). */
function requestKey(request) {
    return `${request.repo.owner}/${request.repo.repo}${request.path === null ? '' : `/${request.path}`}@${request.version}`;
}
/** `owner/repo[/path]`, as rules, overrides and freeze windows match it. */
function fullNameOfRequest(request) {
    return `${request.repo.owner}/${request.repo.repo}${request.path === null ? '' : `/${request.path}`}`;
}
/**
 * Checks that an issue is a publish request opened by the release bot and parses it. Pure: used on
 * fresh reads and on the issues of a listing.
 *
 * Security: the author must be exactly the release bot's login AND of type Bot. Logins ending in
 * `[bot]` are reserved for GitHub Apps, so a person cannot register one; a look-alike such as
 * `release-bot` (no suffix) is an ordinary account that anyone could create, and its issues are
 * forgeries however correct their body looks.
 */
function checkRequestIssue(issue, releaseBot) {
    if (issue.isPullRequest) {
        throw new NotARequestError('pull-request', `#${issue.number} is a pull request, not a publish request.`, 'Publish requests are issues opened by the release workflow.');
    }
    if (issue.author.login !== releaseBot || issue.author.type !== 'Bot') {
        throw new NotARequestError('author', `#${issue.number} was opened by @${issue.author.login} (${issue.author.type}), not by the release bot \`${releaseBot}\`: only requests the release bot opened can be approved or published.`, 'Run the release workflow of the product repository; it opens the request with the release bot.');
    }
    try {
        return (0,_request_format_index_js__WEBPACK_IMPORTED_MODULE_1__/* .parseRequest */ .TR)(issue.title, issue.body);
    }
    catch (error) {
        const reason = error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo && 'path' in error && String(error.path).startsWith('title') ? 'title' : 'body';
        throw new NotARequestError(reason, `#${issue.number} is not a valid publish request: ${error.message}`, error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo && error.fix ? error.fix : 'Run the release workflow again to rewrite the request.');
    }
}
/** Reads an issue fresh and returns it with its request; throws NotARequestError for anything else. */
async function loadRequest(github, controlRepo, issueNumber, releaseBot) {
    const issue = await github.getIssue(controlRepo, issueNumber);
    return { issue, request: checkRequestIssue(issue, releaseBot) };
}
/** Renders the request into the issue body; writes only when the body changes. Returns the issue as saved. */
async function saveRequest(github, controlRepo, issue, request) {
    const body = (0,_request_format_index_js__WEBPACK_IMPORTED_MODULE_1__/* .renderBody */ .lc)(request);
    if (body === issue.body)
        return issue;
    return github.updateIssue(controlRepo, issue.number, { body });
}
/**
 * An optimistic read-modify-write of a request, for changes that concurrent runs may make at the
 * same time (two managers approving in the same second). GitHub has no compare-and-swap on issue
 * bodies, so the write is read back after a short settle time and the change is applied again
 * if another run's write replaced it.
 *
 * `change` must be idempotent: it returns null when the request already has the change.
 */
async function updateRequest(github, controlRepo, issueNumber, releaseBot, change, options) {
    const attempts = options.attempts ?? 4;
    let loaded = options.initial ?? (await loadRequest(github, controlRepo, issueNumber, releaseBot));
    for (let attempt = 0; attempt < attempts; attempt += 1) {
        const next = change(loaded.request);
        if (next === null)
            return loaded;
        await saveRequest(github, controlRepo, loaded.issue, next);
        if (options.settleMs > 0)
            await options.sleep(options.settleMs);
        loaded = await loadRequest(github, controlRepo, issueNumber, releaseBot);
    }
    if (change(loaded.request) === null)
        return loaded;
    throw new Error(`#${issueNumber}: the request kept being rewritten by other runs; the change was not recorded after ${attempts} attempts`);
}


/***/ })

};
