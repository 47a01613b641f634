/**
 * `issue_comment.created` on a request: runs its commands in order and answers once per comment.
 * The comment is re-read from the API (its author and body as GitHub has them now); the reply
 * carries a marker with the comment id, so a duplicated delivery answers nothing twice.
 */
import { withHold, withState, type PublishRequest } from '../request-format/index.js';
import { applyGate, removeLabels } from './ci-gate.js';
import { mention, nowIso, record, report, type Control, type Decision } from './context.js';
import { isBotActor, type IssueCommentEvent } from './events.js';
import { LABEL } from './labels.js';
import { describeApprovers, describeGrants, isGranted } from './policy.js';
import { approvalsNeeded, gatherFacts, decideApproval, recordApproval } from './approval.js';
import { parseCommands, type CommentCommand } from './commands.js';
import { NotARequestError, loadRequest, saveRequest, type LoadedRequest } from './request-store.js';
import { effectiveApprovals } from '../request-format/index.js';

const replyMarker = (commentId: number): string => `<!-- publish-approval:reply-to:${commentId} -->`;

interface Step {
  readonly decision: Decision;
  readonly reply: string | null;
  readonly loaded: LoadedRequest;
  /** Stop handling further commands (the request is closed). */
  readonly stop?: boolean;
}

/** Handles a comment on a publish request. */
export async function handleCommentEvent(control: Control, event: IssueCommentEvent): Promise<Decision> {
  if (event.action !== 'created') return report(control, 'ignored', null, `comment ${event.action}: only new comments carry commands`);
  if (event.issue.pull_request !== undefined && event.issue.pull_request !== null) return report(control, 'ignored', null, 'a comment on a pull request');
  if (isBotActor(event.comment.user)) return report(control, 'ignored', null, 'a comment by a bot');
  if (parseCommands(event.comment.body ?? '').length === 0) return report(control, 'ignored', null, 'no command in the comment');
  const { github, controlRepo } = control;
  let loaded: LoadedRequest;
  try {
    loaded = await loadRequest(github, controlRepo, event.issue.number, control.policy.releaseBot);
  } catch (error) {
    if (error instanceof NotARequestError) return report(control, 'ignored', null, error.message);
    throw error;
  }
  // Fresh: the comment as GitHub has it now (deleted → nothing to do), and whether we answered it already.
  const comments = await github.listComments(controlRepo, loaded.issue.number);
  const comment = comments.find((c) => c.id === event.comment.id);
  if (!comment) return report(control, 'ignored', loaded, 'the comment no longer exists');
  if (isBotActor(comment.author)) return report(control, 'ignored', loaded, 'a comment by a bot');
  if (comments.some((c) => control.automation.has(c.author.login.toLowerCase()) && c.body.includes(replyMarker(comment.id)))) {
    return report(control, 'noop', loaded, `comment ${comment.id} was already answered`);
  }
  const login = comment.author.login;
  const commands = parseCommands(comment.body);
  const replies: string[] = [];
  let decision: Decision = 'noop';
  for (const command of commands) {
    const step = await runCommand(control, loaded, command, login, comment.createdAt);
    loaded = step.loaded;
    decision = step.decision;
    if (step.reply !== null) replies.push(step.reply);
    if (step.stop) break;
  }
  if (replies.length > 0) {
    await github.createComment(controlRepo, loaded.issue.number, `${mention(login)}\n\n${replies.map((r) => `- ${r}`).join('\n')}\n\n${replyMarker(comment.id)}`);
  }
  // The last command's decision is the run's: `publish` when #approve or #unhold completed the approvals with CI green.
  return report(control, decision, loaded, commands.join(', '));
}

async function runCommand(control: Control, loaded: LoadedRequest, command: CommentCommand, login: string, at: string): Promise<Step> {
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

function isClosed(loaded: LoadedRequest): boolean {
  return loaded.issue.state === 'closed' || ['published', 'retracted', 'expired'].includes(loaded.request.state);
}

async function retract(control: Control, loaded: LoadedRequest, login: string): Promise<Step> {
  const { github, controlRepo, policy } = control;
  const { issue, request } = loaded;
  const allowed = await isGranted(github, policy, policy.retract.allow, { login, requester: request.requester, productRepo: request.repo });
  if (!allowed) {
    return { decision: 'answered', loaded, reply: `\`#retract\` was not applied: you may not retract this request. It may be used by ${describeGrants(policy, policy.retract.allow, request.requester, request.repo)}.` };
  }
  if (isClosed(loaded)) return { decision: 'noop', loaded, reply: `\`#retract\`: the request is already ${issue.state === 'closed' ? 'closed' : request.state}.` };
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
  const next: PublishRequest = withState(record(control, request, 'retracted', login, `retracted by ${login}`), 'retracted');
  await saveRequest(github, controlRepo, issue, next);
  await removeLabels(control, issue.number, [LABEL.accepted, LABEL.ciPending], issue.labels);
  // Nothing was published, so the release branch has no future: delete it, unless someone pushed to it since.
  const sha = await github.getBranchSha(request.repo, request.releaseBranch);
  let branchNote: string;
  if (sha === null) branchNote = `The release branch \`${request.releaseBranch}\` was already gone.`;
  else if (sha === request.releaseCommit) {
    await github.deleteBranch(request.repo, request.releaseBranch);
    branchNote = `The release branch \`${request.releaseBranch}\` was deleted.`;
  } else branchNote = `The release branch \`${request.releaseBranch}\` moved to \`${sha.slice(0, 12)}\` since the request, so it was kept.`;
  const closed = await github.updateIssue(controlRepo, issue.number, { state: 'closed', stateReason: 'not_planned' });
  return { decision: 'retracted', loaded: { issue: closed, request: next }, reply: `Retracted: the request is closed and nothing will be published. ${branchNote}`, stop: true };
}

async function hold(control: Control, loaded: LoadedRequest, login: string): Promise<Step> {
  const { github, controlRepo, policy } = control;
  const { issue, request } = loaded;
  if (!(await isGranted(github, policy, policy.hold.allow, { login, requester: request.requester, productRepo: request.repo }))) {
    return { decision: 'answered', loaded, reply: `\`#hold\` was not applied: it may be used by ${describeGrants(policy, policy.hold.allow, request.requester, request.repo)}.` };
  }
  if (isClosed(loaded)) return { decision: 'noop', loaded, reply: `\`#hold\`: the request is already ${issue.state === 'closed' ? 'closed' : request.state}.` };
  if (request.state === 'publishing') return { decision: 'refused', loaded, reply: '`#hold` came too late: a publish run is under way.' };
  if (request.hold !== null) return { decision: 'noop', loaded, reply: `\`#hold\`: the request is already on hold (by ${request.hold.by} since ${request.hold.at}).` };
  const next = record(control, withHold(request, { by: login, at: nowIso(control) }), 'held', login, null);
  const saved = await saveRequest(github, controlRepo, issue, next);
  await github.addLabels(controlRepo, issue.number, [LABEL.onHold]);
  return { decision: 'held', loaded: { issue: saved, request: next }, reply: 'On hold: the request cannot be approved or published until `#unhold` (by the requester or a release manager).' };
}

async function unhold(control: Control, loaded: LoadedRequest, login: string): Promise<Step> {
  const { github, controlRepo, policy } = control;
  const { issue, request } = loaded;
  if (!(await isGranted(github, policy, policy.hold.allow, { login, requester: request.requester, productRepo: request.repo }))) {
    return { decision: 'answered', loaded, reply: `\`#unhold\` was not applied: it may be used by ${describeGrants(policy, policy.hold.allow, request.requester, request.repo)}.` };
  }
  if (request.hold === null) return { decision: 'noop', loaded, reply: '`#unhold`: the request is not on hold.' };
  const next = record(control, withHold(request, null), 'unheld', login, null);
  const saved = await saveRequest(github, controlRepo, issue, next);
  await removeLabels(control, issue.number, [LABEL.onHold], issue.labels.concat(LABEL.onHold));
  const after = { issue: { ...saved, labels: saved.labels.filter((l) => l !== LABEL.onHold) }, request: next };
  // Approved before the hold and still complete: go on to the CI gate now rather than wait for someone to notice.
  const complete = issue.labels.includes(LABEL.accepted) && effectiveApprovals(next).length >= approvalsNeeded(policy, next) && (next.state === 'open' || next.state === 'parked-ci');
  if (complete) {
    const gate = await applyGate(control, after, 'output');
    return { decision: gate.decision, loaded: gate.loaded, reply: 'The hold is lifted; the request was already approved, so it went on to the CI gate.' };
  }
  return { decision: 'unheld', loaded: after, reply: 'The hold is lifted: the request can be approved again.' };
}

async function approve(control: Control, loaded: LoadedRequest, login: string, at: string): Promise<Step> {
  const { policy } = control;
  if (!loaded.issue.labels.includes(LABEL.accepted) && !isClosed(loaded)) {
    return { decision: 'answered', loaded, reply: `\`#approve\` was not counted: the first approval is the \`accepted\` label, added by a release manager (${describeApprovers(policy)}); \`#approve\` adds further approvals.` };
  }
  const facts = await gatherFacts(control, loaded, login, 'comment', at);
  const decision = decideApproval({ ...facts, approverIsAutomation: false });
  if (decision.kind === 'noop') return { decision: 'noop', loaded, reply: null };
  if (decision.kind === 'refuse') {
    const next = record(control, loaded.request, 'approval-refused', login, decision.reason);
    const saved = await saveRequest(control.github, control.controlRepo, loaded.issue, next);
    return { decision: 'refused', loaded: { issue: saved, request: next }, reply: `\`#approve\` was refused: ${decision.reason}. What to do: ${decision.fix}` };
  }
  if (effectiveApprovals(loaded.request).some((a) => a.login.toLowerCase() === login.toLowerCase())) {
    return { decision: 'answered', loaded, reply: '`#approve`: your approval is already counted; the remaining approvals must come from other release managers.' };
  }
  const result = await recordApproval(control, loaded, decision.approval);
  const fresh = await loadRequest(control.github, control.controlRepo, loaded.issue.number, policy.releaseBot);
  return { decision: result, loaded: fresh, reply: null };
}
