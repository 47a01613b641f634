export const id = 272;
export const ids = [272];
export const modules = {

/***/ 5272:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  handleAutoApprove: () => (/* binding */ handleAutoApprove)
});

// EXTERNAL MODULE: ./src/control/context.ts
var control_context = __webpack_require__(9490);
// EXTERNAL MODULE: ./src/config/policy.ts
var config_policy = __webpack_require__(9706);
// EXTERNAL MODULE: ./src/request-format/index.ts + 5 modules
var request_format = __webpack_require__(3187);
// EXTERNAL MODULE: ./src/control/ci-gate.ts
var ci_gate = __webpack_require__(9641);
// EXTERNAL MODULE: ./src/control/labels.ts
var labels = __webpack_require__(7190);
// EXTERNAL MODULE: ./src/control/approval.ts
var control_approval = __webpack_require__(2242);
// EXTERNAL MODULE: ./src/control/request-store.ts
var request_store = __webpack_require__(9716);
;// CONCATENATED MODULE: ./src/control/auto-approve.ts
/**
 * `issues.opened`: a request the release bot opened that an auto-approve rule matches is
 * approved by the bot, then goes through the SAME CI gate as a human approval, in this run.
 *
 * Security: Sentry's flow had a race here (auto-approve and the CI step both fired on `opened`,
 * so a request could publish without CI). Here one run does both in order: record the approval,
 * then the gate; the label the bot adds starts another run that finds the approval recorded and
 * decides `noop`; and the publish command re-checks CI itself.
 */








/** Handles a new request: auto-approves it when a rule matches. */
async function handleOpened(control, event) {
    const { github, controlRepo, policy } = control;
    let loaded;
    try {
        loaded = await (0,request_store/* loadRequest */.W$)(github, controlRepo, event.issue.number, policy.releaseBot);
    }
    catch (error) {
        // A forged or broken request is not ours to comment on: nobody approves it (the approval refuses it).
        if (error instanceof request_store/* NotARequestError */.mE)
            return (0,control_context/* report */.z8)(control, 'ignored', null, error.message);
        throw error;
    }
    const { request, issue } = loaded;
    if (request.approvals.some((a) => a.via === 'rule' && a.commit === request.releaseCommit)) {
        // A duplicated `opened` delivery: the first run approved it and ran the gate.
        return (0,control_context/* report */.z8)(control, 'noop', loaded, 'already auto-approved for this commit');
    }
    const rule = (0,control_approval/* ruleFor */.sG)(control, request, issue.author.login);
    if (!('id' in rule)) {
        control.log.info(`#${issue.number} is not auto-approved (previous version ${(0,control_approval/* previousVersionOf */.fV)(request) ?? 'none'}): ${rule.reasons.join('; ')}`);
        await control.log.appendSummary(`#### #${issue.number} ${request.repo.owner}/${request.repo.repo}@${request.version}: not auto-approved\n\n${rule.reasons.map((r) => `- ${r}`).join('\n')}\n`);
        return (0,control_context/* report */.z8)(control, 'not-auto-approved', loaded, rule.reasons.join('; '));
    }
    // The rule replaces the release manager, nothing else: hold, expiry, freeze and the branch still apply.
    const now = new Date(control.clock.now());
    const frozen = (0,config_policy/* isFrozen */.Zz)(policy, (0,request_store/* fullNameOfRequest */.pj)(request), now);
    const blocked = request.state !== 'open'
        ? `the request is ${request.state}`
        : request.hold !== null
            ? 'the request is on hold'
            : now >= (0,config_policy/* expiresAt */.WJ)(policy, request.requestedAt)
                ? 'the request has expired'
                : frozen.frozen
                    ? `releases are frozen (${frozen.window.name}: ${frozen.window.reason})`
                    : await (0,ci_gate/* branchMoved */.iu)(control, request);
    if (blocked) {
        await github.createComment(controlRepo, issue.number, `Auto-approve rule \`${rule.id}\` matches this request, but it was not approved: ${blocked}. A release manager can approve it by adding the \`accepted\` label when that is resolved.`);
        return (0,control_context/* report */.z8)(control, 'not-auto-approved', loaded, blocked);
    }
    const decision = await recordApprovalByRule(control, loaded, rule.id);
    return decision;
}
async function recordApprovalByRule(control, loaded, ruleId) {
    const { github, controlRepo, policy } = control;
    const approval = { login: policy.releaseBot, at: new Date(control.clock.now()).toISOString(), commit: loaded.request.releaseCommit, via: 'rule', rule: ruleId };
    const needed = (0,control_approval/* approvalsNeeded */.Wr)(policy, loaded.request);
    const partial = needed > 1;
    const comment = `🤖 Auto-approved by rule \`${ruleId}\` of \`auto-approve.yml\`` +
        (partial ? `. This release needs ${needed} approvals: ${needed - 1} more by release managers (\`#approve\`).` : '. Publishing starts when CI on the release commit has passed.');
    // Record first, label second (see the module comment).
    const saved = await (0,request_store/* updateRequest */.H5)(github, controlRepo, loaded.issue.number, policy.releaseBot, (request) => request.approvals.some((a) => a.via === 'rule' && a.commit === approval.commit)
        ? null
        : (0,control_context/* record */.g1)(control, { ...request, approvals: [...request.approvals, approval], requiredApprovals: Math.max(request.requiredApprovals, needed) }, 'approved', approval.login, `via rule ${ruleId}`), { settleMs: control.settleMs, sleep: control.sleep });
    await github.addLabels(controlRepo, loaded.issue.number, [labels/* LABEL */.d_.accepted]);
    await github.createComment(controlRepo, loaded.issue.number, comment);
    if ((0,request_format/* effectiveApprovals */.Kn)(saved.request).length < needed)
        return (0,control_context/* report */.z8)(control, 'auto-approved', saved, 'more approvals needed');
    const gate = await (0,ci_gate/* applyGate */.ei)(control, { issue: { ...saved.issue, labels: [...saved.issue.labels, labels/* LABEL */.d_.accepted] }, request: saved.request }, 'output');
    return gate.decision;
}

// EXTERNAL MODULE: ./src/control/events.ts
var events = __webpack_require__(8640);
;// CONCATENATED MODULE: ./src/handlers/auto-approve.ts



/** The "auto-approve" command: `issues.opened`, approval by an auto-approve rule, then the CI gate. */
async function handleAutoApprove(context) {
    const event = (0,events/* parseEvent */.wj)(events/* issuesEventSchema */.cV, context.event.payload, 'issues');
    await handleOpened(await (0,control_context/* buildControl */.MH)(context), event);
}


/***/ })

};
