export const id = 366;
export const ids = [366];
export const modules = {

/***/ 1366:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  handleComment: () => (/* binding */ handleComment)
});

// EXTERNAL MODULE: ./src/control/context.ts
var control_context = __webpack_require__(9490);
// EXTERNAL MODULE: ./src/request-format/index.ts + 5 modules
var request_format = __webpack_require__(3187);
// EXTERNAL MODULE: ./src/control/ci-gate.ts
var ci_gate = __webpack_require__(9641);
// EXTERNAL MODULE: ./src/control/events.ts
var events = __webpack_require__(8640);
// EXTERNAL MODULE: ./src/control/labels.ts
var labels = __webpack_require__(7190);
// EXTERNAL MODULE: ./src/control/policy.ts
var control_policy = __webpack_require__(7547);
// EXTERNAL MODULE: ./src/control/approval.ts
var approval = __webpack_require__(2242);
// EXTERNAL MODULE: ./src/control/commands.ts
var control_commands = __webpack_require__(3551);
// EXTERNAL MODULE: ./src/control/request-store.ts
var request_store = __webpack_require__(9716);
;// CONCATENATED MODULE: ./src/control/comment-commands.ts
/**
 * `issue_comment.created` on a request: runs its commands in order and answers once per comment.
 * The comment is re-read from the API (its author and body as GitHub has them now); the reply
 * carries a marker with the comment id, so a duplicated delivery answers nothing twice.
 */










const replyMarker = (commentId) => `<!-- publish-approval:reply-to:${commentId} -->`;
/** Handles a comment on a publish request. */
async function handleCommentEvent(control, event) {
    if (event.action !== 'created')
        return (0,control_context/* report */.z8)(control, 'ignored', null, `comment ${event.action}: only new comments carry commands`);
    if (event.issue.pull_request !== undefined && event.issue.pull_request !== null)
        return (0,control_context/* report */.z8)(control, 'ignored', null, 'a comment on a pull request');
    if ((0,events/* isBotActor */.f)(event.comment.user))
        return (0,control_context/* report */.z8)(control, 'ignored', null, 'a comment by a bot');
    if ((0,control_commands/* parseCommands */.G)(event.comment.body ?? '').length === 0)
        return (0,control_context/* report */.z8)(control, 'ignored', null, 'no command in the comment');
    const { github, controlRepo } = control;
    let loaded;
    try {
        loaded = await (0,request_store/* loadRequest */.W$)(github, controlRepo, event.issue.number, control.policy.releaseBot);
    }
    catch (error) {
        if (error instanceof request_store/* NotARequestError */.mE)
            return (0,control_context/* report */.z8)(control, 'ignored', null, error.message);
        throw error;
    }
    // Fresh: the comment as GitHub has it now (deleted → nothing to do), and whether we answered it already.
    const comments = await github.listComments(controlRepo, loaded.issue.number);
    const comment = comments.find((c) => c.id === event.comment.id);
    if (!comment)
        return (0,control_context/* report */.z8)(control, 'ignored', loaded, 'the comment no longer exists');
    if ((0,events/* isBotActor */.f)(comment.author))
        return (0,control_context/* report */.z8)(control, 'ignored', loaded, 'a comment by a bot');
    if (comments.some((c) => control.automation.has(c.author.login.toLowerCase()) && c.body.includes(replyMarker(comment.id)))) {
        return (0,control_context/* report */.z8)(control, 'noop', loaded, `comment ${comment.id} was already answered`);
    }
    const login = comment.author.login;
    const commands = (0,control_commands/* parseCommands */.G)(comment.body);
    const replies = [];
    let decision = 'noop';
    for (const command of commands) {
        const step = await runCommand(control, loaded, command, login, comment.createdAt);
        loaded = step.loaded;
        decision = step.decision;
        if (step.reply !== null)
            replies.push(step.reply);
        if (step.stop)
            break;
    }
    if (replies.length > 0) {
        await github.createComment(controlRepo, loaded.issue.number, `${(0,control_context/* mention */.lE)(login)}\n\n${replies.map((r) => `- ${r}`).join('\n')}\n\n${replyMarker(comment.id)}`);
    }
    // The last command's decision is the run's: `publish` when #approve or #unhold completed the approvals with CI green.
    return (0,control_context/* report */.z8)(control, decision, loaded, commands.join(', '));
}
async function runCommand(control, loaded, command, login, at) {
    switch (command) {
        case '#retract':
            return retract(control, loaded, login);
        case '#hold':
            return hold(control, loaded, login);
        case '#unhold':
            return unhold(control, loaded, login);
        case '#approve':
            return approve(control, loaded, login, at);
    }
}
function isClosed(loaded) {
    return loaded.issue.state === 'closed' || ['published', 'retracted', 'expired'].includes(loaded.request.state);
}
async function retract(control, loaded, login) {
    const { github, controlRepo, policy } = control;
    const { issue, request } = loaded;
    const allowed = await (0,control_policy/* isGranted */.kR)(github, policy, policy.retract.allow, { login, requester: request.requester, productRepo: request.repo });
    if (!allowed) {
        return { decision: 'answered', loaded, reply: `\`#retract\` was not applied: you may not retract this request. It may be used by ${(0,control_policy/* describeGrants */.Vz)(policy, policy.retract.allow, request.requester, request.repo)}.` };
    }
    if (isClosed(loaded))
        return { decision: 'noop', loaded, reply: `\`#retract\`: the request is already ${issue.state === 'closed' ? 'closed' : request.state}.` };
    if (request.state === 'publishing') {
        return { decision: 'refused', loaded, reply: '`#retract` was refused: a publish run is under way. Wait for it to finish; if a target failed, the request can be retracted only if nothing was published.' };
    }
    const done = request.targets.filter((t) => t.state === 'done');
    if (done.length > 0) {
        return {
            decision: 'refused',
            loaded,
            reply: `\`#retract\` was refused: ${done.map((t) => `\`${t.id}\``).join(', ')} ${done.length === 1 ? 'is' : 'are'} already published, and a published version cannot be taken back from here. Finish the release by adding \`accepted\` again (only what is left is published), or deprecate or yank the published version in its registry.`,
        };
    }
    const next = (0,request_format/* withState */.Q2)((0,control_context/* record */.g1)(control, request, 'retracted', login, `retracted by ${login}`), 'retracted');
    await (0,request_store/* saveRequest */.Fc)(github, controlRepo, issue, next);
    await (0,ci_gate/* removeLabels */.Ch)(control, issue.number, [labels/* LABEL */.d_.accepted, labels/* LABEL */.d_.ciPending], issue.labels);
    // Nothing was published, so the release branch has no future: delete it, unless someone pushed to it since.
    const sha = await github.getBranchSha(request.repo, request.releaseBranch);
    let branchNote;
    if (sha === null)
        branchNote = `The release branch \`${request.releaseBranch}\` was already gone.`;
    else if (sha === request.releaseCommit) {
        await github.deleteBranch(request.repo, request.releaseBranch);
        branchNote = `The release branch \`${request.releaseBranch}\` was deleted.`;
    }
    else
        branchNote = `The release branch \`${request.releaseBranch}\` moved to \`${sha.slice(0, 12)}\` since the request, so it was kept.`;
    const closed = await github.updateIssue(controlRepo, issue.number, { state: 'closed', stateReason: 'not_planned' });
    return { decision: 'retracted', loaded: { issue: closed, request: next }, reply: `Retracted: the request is closed and nothing will be published. ${branchNote}`, stop: true };
}
async function hold(control, loaded, login) {
    const { github, controlRepo, policy } = control;
    const { issue, request } = loaded;
    if (!(await (0,control_policy/* isGranted */.kR)(github, policy, policy.hold.allow, { login, requester: request.requester, productRepo: request.repo }))) {
        return { decision: 'answered', loaded, reply: `\`#hold\` was not applied: it may be used by ${(0,control_policy/* describeGrants */.Vz)(policy, policy.hold.allow, request.requester, request.repo)}.` };
    }
    if (isClosed(loaded))
        return { decision: 'noop', loaded, reply: `\`#hold\`: the request is already ${issue.state === 'closed' ? 'closed' : request.state}.` };
    if (request.state === 'publishing')
        return { decision: 'refused', loaded, reply: '`#hold` came too late: a publish run is under way.' };
    if (request.hold !== null)
        return { decision: 'noop', loaded, reply: `\`#hold\`: the request is already on hold (by ${request.hold.by} since ${request.hold.at}).` };
    const next = (0,control_context/* record */.g1)(control, (0,request_format/* withHold */.yw)(request, { by: login, at: (0,control_context/* nowIso */.kF)(control) }), 'held', login, null);
    const saved = await (0,request_store/* saveRequest */.Fc)(github, controlRepo, issue, next);
    await github.addLabels(controlRepo, issue.number, [labels/* LABEL */.d_.onHold]);
    return { decision: 'held', loaded: { issue: saved, request: next }, reply: 'On hold: the request cannot be approved or published until `#unhold` (by the requester or a release manager).' };
}
async function unhold(control, loaded, login) {
    const { github, controlRepo, policy } = control;
    const { issue, request } = loaded;
    if (!(await (0,control_policy/* isGranted */.kR)(github, policy, policy.hold.allow, { login, requester: request.requester, productRepo: request.repo }))) {
        return { decision: 'answered', loaded, reply: `\`#unhold\` was not applied: it may be used by ${(0,control_policy/* describeGrants */.Vz)(policy, policy.hold.allow, request.requester, request.repo)}.` };
    }
    if (request.hold === null)
        return { decision: 'noop', loaded, reply: '`#unhold`: the request is not on hold.' };
    const next = (0,control_context/* record */.g1)(control, (0,request_format/* withHold */.yw)(request, null), 'unheld', login, null);
    const saved = await (0,request_store/* saveRequest */.Fc)(github, controlRepo, issue, next);
    await (0,ci_gate/* removeLabels */.Ch)(control, issue.number, [labels/* LABEL */.d_.onHold], issue.labels.concat(labels/* LABEL */.d_.onHold));
    const after = { issue: { ...saved, labels: saved.labels.filter((l) => l !== labels/* LABEL */.d_.onHold) }, request: next };
    // Approved before the hold and still complete: go on to the CI gate now rather than wait for someone to notice.
    const complete = issue.labels.includes(labels/* LABEL */.d_.accepted) && (0,request_format/* effectiveApprovals */.Kn)(next).length >= (0,approval/* approvalsNeeded */.Wr)(policy, next) && (next.state === 'open' || next.state === 'parked-ci');
    if (complete) {
        const gate = await (0,ci_gate/* applyGate */.ei)(control, after, 'output');
        return { decision: gate.decision, loaded: gate.loaded, reply: 'The hold is lifted; the request was already approved, so it went on to the CI gate.' };
    }
    return { decision: 'unheld', loaded: after, reply: 'The hold is lifted: the request can be approved again.' };
}
async function approve(control, loaded, login, at) {
    const { policy } = control;
    if (!loaded.issue.labels.includes(labels/* LABEL */.d_.accepted) && !isClosed(loaded)) {
        return { decision: 'answered', loaded, reply: `\`#approve\` was not counted: the first approval is the \`accepted\` label, added by a release manager (${(0,control_policy/* describeApprovers */.QC)(policy)}); \`#approve\` adds further approvals.` };
    }
    const facts = await (0,approval/* gatherFacts */.pc)(control, loaded, login, 'comment', at);
    const decision = (0,approval/* decideApproval */.gC)({ ...facts, approverIsAutomation: false });
    if (decision.kind === 'noop')
        return { decision: 'noop', loaded, reply: null };
    if (decision.kind === 'refuse') {
        const next = (0,control_context/* record */.g1)(control, loaded.request, 'approval-refused', login, decision.reason);
        const saved = await (0,request_store/* saveRequest */.Fc)(control.github, control.controlRepo, loaded.issue, next);
        return { decision: 'refused', loaded: { issue: saved, request: next }, reply: `\`#approve\` was refused: ${decision.reason}. What to do: ${decision.fix}` };
    }
    if ((0,request_format/* effectiveApprovals */.Kn)(loaded.request).some((a) => a.login.toLowerCase() === login.toLowerCase())) {
        return { decision: 'answered', loaded, reply: '`#approve`: your approval is already counted; the remaining approvals must come from other release managers.' };
    }
    const result = await (0,approval/* recordApproval */.Li)(control, loaded, decision.approval);
    const fresh = await (0,request_store/* loadRequest */.W$)(control.github, control.controlRepo, loaded.issue.number, policy.releaseBot);
    return { decision: result, loaded: fresh, reply: null };
}

;// CONCATENATED MODULE: ./src/handlers/comment.ts



/** The "comment" command: `#retract`, `#hold`, `#unhold`, `#approve` in a new comment on a request. */
async function handleComment(context) {
    const event = (0,events/* parseEvent */.wj)(events/* issueCommentEventSchema */.KY, context.event.payload, 'issue_comment');
    await handleCommentEvent(await (0,control_context/* buildControl */.MH)(context), event);
}


/***/ })

};
