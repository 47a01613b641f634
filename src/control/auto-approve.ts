/**
 * `issues.opened`: a request the release bot opened that an auto-approve rule matches is
 * approved by the bot, then goes through the SAME CI gate as a human approval, in this run.
 *
 * Security: Sentry's flow had a race here (auto-approve and the CI step both fired on `opened`,
 * so a request could publish without CI). Here one run does both in order: record the approval,
 * then the gate; the label the bot adds starts another run that finds the approval recorded and
 * decides `noop`; and the publish command re-checks CI itself.
 */
import { expiresAt, isFrozen } from '../config/policy.js';
import { effectiveApprovals } from '../request-format/index.js';
import { applyGate } from './ci-gate.js';
import { record, report, type Control, type Decision } from './context.js';
import type { IssuesEvent } from './events.js';
import { LABEL } from './labels.js';
import { approvalsNeeded, previousVersionOf, ruleFor } from './approval.js';
import { branchMoved } from './ci-gate.js';
import { NotARequestError, fullNameOfRequest, loadRequest, updateRequest, type LoadedRequest } from './request-store.js';

/** Handles a new request: auto-approves it when a rule matches. */
export async function handleOpened(control: Control, event: IssuesEvent): Promise<Decision> {
  const { github, controlRepo, policy } = control;
  let loaded: LoadedRequest;
  try {
    loaded = await loadRequest(github, controlRepo, event.issue.number, policy.releaseBot);
  } catch (error) {
    // A forged or broken request is not ours to comment on: nobody approves it (the approval refuses it).
    if (error instanceof NotARequestError) return report(control, 'ignored', null, error.message);
    throw error;
  }
  const { request, issue } = loaded;
  if (request.approvals.some((a) => a.via === 'rule' && a.commit === request.releaseCommit)) {
    // A duplicated `opened` delivery: the first run approved it and ran the gate.
    return report(control, 'noop', loaded, 'already auto-approved for this commit');
  }
  const rule = ruleFor(control, request, issue.author.login);
  if (!('id' in rule)) {
    control.log.info(`#${issue.number} is not auto-approved (previous version ${previousVersionOf(request) ?? 'none'}): ${rule.reasons.join('; ')}`);
    await control.log.appendSummary(`#### #${issue.number} ${request.repo.owner}/${request.repo.repo}@${request.version}: not auto-approved\n\n${rule.reasons.map((r) => `- ${r}`).join('\n')}\n`);
    return report(control, 'not-auto-approved', loaded, rule.reasons.join('; '));
  }
  // The rule replaces the release manager, nothing else: hold, expiry, freeze and the branch still apply.
  const now = new Date(control.clock.now());
  const frozen = isFrozen(policy, fullNameOfRequest(request), now);
  const blocked =
    request.state !== 'open'
      ? `the request is ${request.state}`
      : request.hold !== null
        ? 'the request is on hold'
        : now >= expiresAt(policy, request.requestedAt)
          ? 'the request has expired'
          : frozen.frozen
            ? `releases are frozen (${frozen.window.name}: ${frozen.window.reason})`
            : await branchMoved(control, request);
  if (blocked) {
    await github.createComment(controlRepo, issue.number, `Auto-approve rule \`${rule.id}\` matches this request, but it was not approved: ${blocked}. A release manager can approve it by adding the \`accepted\` label when that is resolved.`);
    return report(control, 'not-auto-approved', loaded, blocked);
  }
  const decision = await recordApprovalByRule(control, loaded, rule.id);
  return decision;
}

async function recordApprovalByRule(control: Control, loaded: LoadedRequest, ruleId: string): Promise<Decision> {
  const { github, controlRepo, policy } = control;
  const approval = { login: policy.releaseBot, at: new Date(control.clock.now()).toISOString(), commit: loaded.request.releaseCommit, via: 'rule' as const, rule: ruleId };
  const needed = approvalsNeeded(policy, loaded.request);
  const partial = needed > 1;
  const comment =
    `🤖 Auto-approved by rule \`${ruleId}\` of \`auto-approve.yml\`` +
    (partial ? `. This release needs ${needed} approvals: ${needed - 1} more by release managers (\`#approve\`).` : '. Publishing starts when CI on the release commit has passed.');
  // Record first, label second (see the module comment).
  const saved = await updateRequest(
    github,
    controlRepo,
    loaded.issue.number,
    policy.releaseBot,
    (request) =>
      request.approvals.some((a) => a.via === 'rule' && a.commit === approval.commit)
        ? null
        : record(control, { ...request, approvals: [...request.approvals, approval], requiredApprovals: Math.max(request.requiredApprovals, needed) }, 'approved', approval.login, `via rule ${ruleId}`),
    { settleMs: control.settleMs, sleep: control.sleep },
  );
  await github.addLabels(controlRepo, loaded.issue.number, [LABEL.accepted]);
  await github.createComment(controlRepo, loaded.issue.number, comment);
  if (effectiveApprovals(saved.request).length < needed) return report(control, 'auto-approved', saved, 'more approvals needed');
  const gate = await applyGate(control, { issue: { ...saved.issue, labels: [...saved.issue.labels, LABEL.accepted] }, request: saved.request }, 'output');
  return gate.decision;
}
