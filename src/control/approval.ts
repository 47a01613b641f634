/**
 * Approval: the `accepted` label (the first approval) and `#approve` comments (further ones).
 * A pure decision over facts read fresh from the API, and the effectful wrapper that gathers the
 * facts, records the outcome and runs the CI gate once enough people approved.
 */
import type { PublishPolicy } from '../config/policy.js';
import { expiresAt, isFrozen, requiredApprovalsFor } from '../config/policy.js';
import { decideAutoApproval } from '../config/auto-approve.js';
import type { IssueRecord } from '../github/port.js';
import { effectiveApprovals, type Approval, type PublishRequest } from '../request-format/index.js';
import { applyGate, branchMoved, dispatchPublish, voidApprovals, type OnGreen } from './ci-gate.js';
import { mention, record, report, type Control, type Decision } from './context.js';
import type { IssuesEvent } from './events.js';
import { LABEL } from './labels.js';
import { parseCommands } from './commands.js';
import { describeApprovers, isReleaseManager } from './policy.js';
import { NotARequestError, checkRequestIssue, fullNameOfRequest, loadRequest, saveRequest, updateRequest, type LoadedRequest } from './request-store.js';

/** Everything an approval decision depends on, read fresh. */
export interface ApprovalFacts {
  readonly request: PublishRequest;
  readonly issueOpen: boolean;
  readonly approver: string;
  readonly via: 'label' | 'comment';
  /** When the approval was given (the label event's or the comment's time). */
  readonly at: string;
  /** The approver is the release bot or our own App (its labels come from auto-approve). */
  readonly approverIsAutomation: boolean;
  readonly approverIsManager: boolean;
  /** For the automation: the auto-approve rule that matches the request now, or why none does. */
  readonly rule: { readonly id: string } | { readonly reasons: readonly string[] } | null;
  readonly now: Date;
  readonly policy: PublishPolicy;
  /** Null when the release branch is at the request's commit. */
  readonly branchMoved: string | null;
}

/** What to do with an approval. */
export type ApprovalDecision =
  | { readonly kind: 'approve'; readonly approval: Approval }
  | { readonly kind: 'refuse'; readonly reason: string; readonly fix: string }
  | { readonly kind: 'noop'; readonly why: string };

const sameLogin = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** Pure: decides an approval. The first failing check is the reason, so the person can fix one thing at a time. */
export function decideApproval(facts: ApprovalFacts): ApprovalDecision {
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
    } else {
      const why = facts.rule !== null && 'reasons' in facts.rule ? facts.rule.reasons.join('; ') : 'no auto-approve rule matches';
      return { kind: 'refuse', reason: `the release bot may only approve a request that an auto-approve rule matches, and none does (${why})`, fix: 'A release manager approves it by adding the `accepted` label.' };
    }
  } else if (!facts.approverIsManager) {
    return {
      kind: 'refuse',
      reason: `${approver} is not a release manager (release managers are ${describeApprovers(policy)}; a pending team invitation does not count)`,
      fix: 'Ask a release manager to add the `accepted` label, or accept your pending team invitation first.',
    };
  }
  if (!policy.allowSelfApproval && sameLogin(approver, request.requester)) {
    return { kind: 'refuse', reason: `${approver} requested this release and may not approve it too (two-person rule)`, fix: 'Ask another release manager to approve it.' };
  }
  if (request.hold !== null) {
    return { kind: 'refuse', reason: `the request is on hold (by ${request.hold.by} since ${request.hold.at})`, fix: 'Wait until the hold is lifted with `#unhold` (by the requester or a release manager), then approve again.' };
  }
  const expiry = expiresAt(policy, request.requestedAt);
  if (facts.now.getTime() >= expiry.getTime()) {
    return { kind: 'refuse', reason: `the request expired at ${expiry.toISOString()} (${policy.expiry.days} days after it was requested)`, fix: 'Run the release workflow again for a fresh request.' };
  }
  const frozen = isFrozen(policy, fullNameOfRequest(request), facts.now);
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
export function awaitsRetry(request: PublishRequest): boolean {
  if (request.state === 'failed') return true;
  const last = [...request.history].reverse().find((h) => GATE_EVENTS.has(h.event));
  return last?.event === 'ci-failed';
}

/** The number of distinct approvals the request needs: the larger of the policy's (authoritative, may have changed) and the request's. */
export function approvalsNeeded(policy: PublishPolicy, request: PublishRequest): number {
  return Math.max(request.requiredApprovals, requiredApprovalsFor(policy, fullNameOfRequest(request)));
}

/** The previous version from the previous tag (`1.2.2`, `v1.2.2`, `pkg@1.2.2`), or null. */
export function previousVersionOf(request: PublishRequest): string | null {
  if (request.previousTag === null) return null;
  const tail = request.previousTag.slice(request.previousTag.lastIndexOf('@') + 1);
  return tail.replace(/^v(?=\d)/, '') || null;
}

/** The auto-approve decision for a request and the login that opened its issue. */
export function ruleFor(control: Control, request: PublishRequest, author: string): { id: string } | { reasons: readonly string[] } {
  const decision = decideAutoApproval(
    control.rules,
    { repo: request.repo, path: request.path, version: request.version, previousVersion: previousVersionOf(request), targets: request.targets.map((t) => t.id), author },
    control.policy.releaseBot,
  );
  return decision.approved ? { id: decision.rule.id } : { reasons: decision.reasons };
}

/** Gathers the facts for one approval (a few API calls: team memberships, the branch). */
export async function gatherFacts(control: Control, loaded: LoadedRequest, approver: string, via: 'label' | 'comment', at: string): Promise<ApprovalFacts> {
  const { request, issue } = loaded;
  const approverIsAutomation = control.automation.has(approver.toLowerCase());
  const approverIsManager = approverIsAutomation ? false : await isReleaseManager(control.github, control.policy, approver);
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
    branchMoved: await branchMoved(control, request),
  };
}

/** Records a refusal: the label goes, a comment tells the approver why and what to do, history `approval-refused`. Nothing else changes. */
export async function refuseApproval(control: Control, loaded: LoadedRequest, approver: string, reason: string, fix: string, removeLabel: boolean): Promise<Decision> {
  const { github, controlRepo } = control;
  if (removeLabel) await github.removeLabel(controlRepo, loaded.issue.number, LABEL.accepted);
  const next = record(control, loaded.request, 'approval-refused', approver.endsWith('[bot]') || /^[A-Za-z0-9-]+$/.test(approver) ? approver : null, reason);
  await saveRequest(github, controlRepo, loaded.issue, next);
  await github.createComment(controlRepo, loaded.issue.number, `${mention(approver)} the approval was refused: ${reason}.\n\n**What to do:** ${fix}${removeLabel ? '\n\nThe `accepted` label was removed.' : ''}`);
  return report(control, 'refused', { issue: loaded.issue, request: next }, reason);
}

/**
 * Records an approval (concurrent-safe: two managers approving in the same second both count),
 * then either waits for more approvals or runs the CI gate.
 */
export async function recordApproval(control: Control, loaded: LoadedRequest, approval: Approval, onGreen: OnGreen = 'output'): Promise<Decision> {
  const needed = approvalsNeeded(control.policy, loaded.request);
  const change = (request: PublishRequest): PublishRequest | null => {
    if (request.releaseCommit !== approval.commit) return null;
    const index = request.approvals.findIndex((a) => sameLogin(a.login, approval.login) && a.commit === approval.commit);
    const existing = index >= 0 ? request.approvals[index] : undefined;
    if (existing && existing.at === approval.at && existing.via === approval.via) return null;
    // One entry per person and commit: a re-added label refreshes it (that is the retry), the list stays bounded.
    const approvals = existing ? request.approvals.map((a, i) => (i === index ? approval : a)) : [...request.approvals, approval];
    const count = effectiveApprovals({ ...request, approvals }).length;
    const how = approval.via === 'rule' ? `rule ${approval.rule ?? ''}` : approval.via;
    return record(control, { ...request, approvals, requiredApprovals: Math.max(request.requiredApprovals, needed) }, 'approved', approval.login, `via ${how}; ${count} of ${Math.max(request.requiredApprovals, needed)}`);
  };
  const saved = await updateRequest(control.github, control.controlRepo, loaded.issue.number, control.policy.releaseBot, change, { settleMs: control.settleMs, sleep: control.sleep, initial: loaded });
  if (saved.request.releaseCommit !== approval.commit) return report(control, 'noop', saved, 'the request changed to another commit while approving');
  const approvals = effectiveApprovals(saved.request);
  if (approvals.length < needed) {
    const missing = needed - approvals.length;
    await control.github.createComment(
      control.controlRepo,
      saved.issue.number,
      `✅ Approval ${approvals.length} of ${needed} recorded (${approvals.map((a) => a.login).join(', ')}). ` +
        `This release needs ${missing} more: another release manager (not the requester, not someone who already approved) comments \`#approve\` on a line of its own.`,
    );
    return report(control, 'approved', saved, `${approvals.length} of ${needed} approvals`);
  }
  // The decision that led here read the release branch a moment ago (ApprovalFacts.branchMoved).
  return (await applyGate(control, saved, onGreen, true)).decision;
}

/** `issues.labeled`: decides the approval given by the `accepted` label. */
export async function handleLabeled(control: Control, event: IssuesEvent): Promise<Decision> {
  if (event.label?.name !== LABEL.accepted) return report(control, 'ignored', null, `the label ${event.label?.name ?? '(none)'} is not ${LABEL.accepted}`);
  const { github, controlRepo } = control;
  const issueNumber = event.issue.number;
  // Security: the labeler is read from the issue's events, not from the payload (a stale or replayed delivery).
  const events = await github.listLabelEvents(controlRepo, issueNumber);
  const last = [...events].reverse().find((e) => e.kind === 'labeled' && e.label === LABEL.accepted);
  let loaded: LoadedRequest;
  try {
    loaded = await loadRequest(github, controlRepo, issueNumber, control.policy.releaseBot);
  } catch (error) {
    if (!(error instanceof NotARequestError)) throw error;
    return refuseNonRequest(control, issueNumber, last?.actor.login ?? event.sender.login, error);
  }
  if (!loaded.issue.labels.includes(LABEL.accepted)) return report(control, 'noop', loaded, 'the accepted label is no longer on the issue');
  if (!last) return report(control, 'noop', loaded, 'no labeled event for accepted was found yet; reconcile will decide it');
  return decideAndAct(control, loaded, last.actor.login, 'label', last.createdAt);
}

/** Decides an approval by label or comment and acts on it. */
export async function decideAndAct(control: Control, loaded: LoadedRequest, approver: string, via: 'label' | 'comment', at: string, onGreen: OnGreen = 'output'): Promise<Decision> {
  if (loaded.request.state === 'published' && loaded.issue.state === 'open' && via === 'label') {
    // Everything is published; an earlier run stopped before closing. The label re-added means
    // "finish": the publish command merges, comments and closes, and publishes nothing.
    if (onGreen === 'dispatch') await dispatchPublish(control, loaded.issue.number, loaded.request);
    return report(control, 'publish', loaded, 'every target is published; finishing what an earlier run left (merge, comment, close)');
  }
  if (loaded.request.state === 'publishing' && via === 'label') {
    // A publish run is under way (or died): the label re-added means "go on"; the publish job's concurrency serialises runs.
    control.log.info(`#${loaded.issue.number} is publishing; the gate decides whether to publish again.`);
  }
  const facts = await gatherFacts(control, loaded, approver, via, at);
  const decision = decideApproval(facts);
  if (decision.kind === 'noop') return report(control, 'noop', loaded, decision.why);
  if (decision.kind === 'refuse') return refuseApproval(control, loaded, approver, decision.reason, decision.fix, via === 'label');
  return recordApproval(control, loaded, decision.approval, onGreen);
}

/** A label on an issue that is not a valid request by the release bot: the label goes, with the reason. */
async function refuseNonRequest(control: Control, issueNumber: number, labeler: string, error: NotARequestError): Promise<Decision> {
  await control.github.removeLabel(control.controlRepo, issueNumber, LABEL.accepted);
  await control.github.createComment(
    control.controlRepo,
    issueNumber,
    `${mention(labeler)} the approval was refused: ${error.message}\n\n**What to do:** ${error.fix ?? 'Approve the request opened by the release bot instead.'}\n\nThe \`accepted\` label was removed.`,
  );
  control.log.warning(`#${issueNumber}: ${error.message}`);
  return report(control, 'refused', null, error.message);
}

/**
 * `issues.edited`: an edit by anyone but the release bot (or our own App) voids the approvals.
 * Security: the approval is for the request as it was; text a person changed afterwards was not
 * approved (the sender of the edit is who GitHub says made it).
 */
export async function handleEdited(control: Control, event: IssuesEvent): Promise<Decision> {
  const sender = event.sender.login;
  if (control.automation.has(sender.toLowerCase())) return report(control, 'ignored', null, `edited by the automation (${sender})`);
  const { github, controlRepo } = control;
  const issue: IssueRecord = await github.getIssue(controlRepo, event.issue.number);
  let request: PublishRequest;
  try {
    request = checkRequestIssue(issue, control.policy.releaseBot);
  } catch (error) {
    if (!(error instanceof NotARequestError)) throw error;
    if (issue.labels.includes(LABEL.accepted)) {
      await github.removeLabel(controlRepo, issue.number, LABEL.accepted);
      await github.createComment(controlRepo, issue.number, `⚠️ ${mention(sender)} edited this issue and it is no longer a valid publish request (${error.message}). The \`accepted\` label was removed. Restore the request from the issue's edit history or run the release workflow again.`);
      return report(control, 'voided', null, error.message);
    }
    return report(control, 'ignored', null, error.message);
  }
  const loaded = { issue, request };
  if (request.approvals.length === 0 && !issue.labels.includes(LABEL.accepted)) {
    const next = record(control, request, 'updated', sender, `edited by ${sender} before any approval`);
    await saveRequest(github, controlRepo, issue, next);
    return report(control, 'noop', loaded, 'edited before any approval');
  }
  await voidApprovals(control, loaded, sender, `${sender} edited the request after it was approved`);
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
export async function verifiedApprovals(control: Control, loaded: LoadedRequest): Promise<{ valid: Approval[]; rejected: string[] }> {
  const { github, controlRepo, policy } = control;
  const { request, issue } = loaded;
  const candidates = effectiveApprovals(request);
  const needsEvents = candidates.some((a) => a.via === 'label');
  const needsComments = candidates.some((a) => a.via === 'comment');
  const events = needsEvents ? await github.listLabelEvents(controlRepo, issue.number) : [];
  const comments = needsComments ? await github.listComments(controlRepo, issue.number) : [];
  const valid: Approval[] = [];
  const rejected: string[] = [];
  for (const approval of candidates) {
    const who = approval.login;
    let backed: boolean;
    if (approval.via === 'rule') {
      const rule = ruleFor(control, request, issue.author.login);
      backed = control.automation.has(who.toLowerCase()) && 'id' in rule && rule.id === approval.rule;
    } else {
      const recorded =
        approval.via === 'label'
          ? events.some((e) => e.kind === 'labeled' && e.label === LABEL.accepted && sameLogin(e.actor.login, who) && e.createdAt === approval.at)
          : comments.some((c) => sameLogin(c.author.login, who) && c.createdAt === approval.at && parseCommands(c.body).includes('#approve'));
      backed = recorded && (policy.allowSelfApproval || !sameLogin(who, request.requester)) && (await isReleaseManager(github, policy, who));
    }
    if (backed) valid.push(approval);
    else rejected.push(`${who} (${approval.via})`);
  }
  return { valid, rejected };
}
