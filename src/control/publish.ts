/**
 * The `publish` command: the last gate before the registries. It trusts nothing it is handed:
 * the issue number and key come from a workflow input or the decide job, so everything is read
 * again: the request, its approvals, hold, expiry, freeze, the release branch and CI. The product
 * config comes from the product's default branch (or an allowed merge target), never from the
 * release branch, whose content the requester controls.
 */
import { loadConfigText } from '../config/load.js';
import { expiresAt, isFrozen, isMergeTargetAllowed } from '../config/policy.js';
import type { PublishConfig } from '../config/publish-config.js';
import { UserError } from '../errors.js';
import type { IssueRecord } from '../github/port.js';
import type { PublishRequest } from '../request-format/index.js';
import { publishRequest, type PublishInput, type PublishResult } from '../publisher/orchestrator.js';
import { finishRelease, renderReport, type FinishInput, type FinishResult } from '../publisher/finish.js';
import { applyGate, removeLabels } from './ci-gate.js';
import { mention, record, report, type Control, type Decision } from './context.js';
import { LABEL } from './labels.js';
import { approvalsNeeded, verifiedApprovals } from './approval.js';
import { NotARequestError, fullNameOfRequest, loadRequest, requestKey, saveRequest, type LoadedRequest } from './request-store.js';

/** What the publish command needs besides the control context. */
export interface PublishCommandInput {
  readonly issueNumber: number;
  /** `owner/repo[/path]@version`, as the workflow passed it; must match the issue. */
  readonly requestKey: string;
  /** Where the targets' secrets are read from (each target receives only the variables it declares). */
  readonly env: NodeJS.ProcessEnv;
  readonly workDir: string;
  /** The publisher (tests may pass a stand-in). */
  readonly publish?: (input: PublishInput) => Promise<PublishResult>;
  readonly finish?: (input: FinishInput) => Promise<FinishResult>;
}

/** Publishes one approved request after re-checking everything; returns the decision. */
export async function publishCommand(control: Control, input: PublishCommandInput): Promise<Decision> {
  const { github, controlRepo, policy } = control;
  let loaded: LoadedRequest;
  try {
    loaded = await loadRequest(github, controlRepo, input.issueNumber, policy.releaseBot);
  } catch (error) {
    if (error instanceof NotARequestError) throw new UserError('E_NOT_A_REQUEST', `Refusing to publish #${input.issueNumber}: ${error.message}`, error.fix);
    throw error;
  }
  const key = requestKey(loaded.request);
  if (key !== input.requestKey) {
    // Security: the input names what the concurrency group serialised; publishing anything else would escape it.
    throw new UserError('E_REQUEST_MISMATCH', `Refusing to publish: the "request" input is ${JSON.stringify(input.requestKey)} but issue #${input.issueNumber} is ${JSON.stringify(key)}.`, 'Dispatch publish.yml with the issue number and its own owner/repo[/path]@version.');
  }
  const { issue, request } = loaded;
  // Every target was published but an earlier run stopped before the merge, the comment or the close.
  if (issue.state === 'open' && request.state === 'published') return finishPublished(control, input, loaded);
  // A second publish of the same request (a duplicated decision, a queued run) ends here.
  if (issue.state === 'closed' || ['published', 'retracted', 'expired'].includes(request.state)) {
    return report(control, 'noop', loaded, `the request is ${issue.state === 'closed' ? 'closed' : request.state}; nothing to publish`);
  }
  if (!issue.labels.includes(LABEL.accepted)) return report(control, 'noop', loaded, 'the `accepted` label is not on the request (the approval was withdrawn, refused or voided)');
  const problem = await preconditions(control, loaded);
  if (problem !== null) {
    const next = record(control, request, 'approval-refused', null, `publish refused: ${problem.reason}`);
    await saveRequest(github, controlRepo, issue, next);
    await removeLabels(control, issue.number, [LABEL.accepted, LABEL.ciPending], issue.labels);
    await github.createComment(controlRepo, issue.number, `🛑 Publishing did not start: ${problem.reason}.\n\n**What to do:** ${problem.fix}${control.runUrl ? `\n\n[Run log](${control.runUrl})` : ''}`);
    return report(control, 'refused', { issue, request: next }, problem.reason);
  }
  const gate = await applyGate(control, loaded, 'return');
  if (gate.decision !== 'publish') return gate.decision;
  loaded = gate.loaded;

  let config: PublishConfig;
  try {
    config = await loadProductConfig(control, loaded.request);
  } catch (error) {
    const message = error instanceof UserError ? error.explain() : (error as Error).message;
    await removeLabels(control, issue.number, [LABEL.accepted], loaded.issue.labels);
    await github.createComment(controlRepo, issue.number, `🛑 Publishing did not start: the publish config could not be used.\n\n${message}\n\nFix the config on the product's default branch, then add \`accepted\` again.`);
    throw error;
  }

  const dryRun = loaded.issue.labels.includes(LABEL.dryRun);
  let current: IssueRecord = loaded.issue;
  const save = async (next: PublishRequest): Promise<void> => {
    current = await saveRequest(github, controlRepo, current, next);
  };
  const publish = input.publish ?? publishRequest;
  const result = await publish({
    github,
    log: control.log,
    clock: control.clock,
    request: loaded.request,
    config,
    productRepo: loaded.request.repo,
    env: input.env,
    workDir: input.workDir,
    dryRun,
    save,
    runUrl: control.runUrl,
  });

  if (dryRun) {
    const markdown = renderReport(result.request, { runUrl: control.runUrl, result });
    await control.log.appendSummary(markdown);
    // The next real publish needs a deliberate approval once `dry-run` is removed.
    await removeLabels(control, issue.number, [LABEL.accepted], current.labels);
    await github.createComment(controlRepo, issue.number, `${markdown}\nThe \`dry-run\` label is on this request, so nothing was published. Remove it and add \`accepted\` again to publish.`);
    return report(control, 'dry-run', { issue: current, request: result.request }, 'nothing published');
  }

  if (!result.ok) {
    const markdown = renderReport(result.request, { runUrl: control.runUrl, result });
    await control.log.appendSummary(markdown);
    await removeLabels(control, issue.number, [LABEL.accepted], current.labels);
    const failed = result.targets.filter((t) => t.outcome === 'failed').map((t) => `\`${t.id}\``);
    // renderReport ends with how to retry (add `accepted` again) and the run link.
    await github.createComment(controlRepo, issue.number, `❌ **Publishing failed**${failed.length > 0 ? ` for ${failed.join(', ')}` : ''}${result.error ? `: ${result.error}` : ''}. Targets that are done stay done.\n\n${markdown}`);
    report(control, 'failed', { issue: current, request: result.request }, failed.join(', ') || (result.error ?? 'failed'));
    throw new UserError('E_PUBLISH_FAILED', `Publishing ${key} failed${failed.length > 0 ? ` for ${failed.join(', ')}` : ''}.`, 'Read the comment on the request; fix the cause and add the `accepted` label again to retry what is left.');
  }

  const finish = input.finish ?? finishRelease;
  const finished = await finish({ github, log: control.log, clock: control.clock, request: result.request, productRepo: result.request.repo, save, runUrl: control.runUrl, result });
  await control.log.appendSummary(finished.markdown);
  await removeLabels(control, issue.number, [LABEL.ciPending, LABEL.ciFailed], current.labels);
  await github.createComment(controlRepo, issue.number, successComment(result.request, finished.markdown));
  const closed = await github.updateIssue(controlRepo, issue.number, { state: 'closed', stateReason: 'completed' });
  return report(control, 'published', { issue: closed, request: finished.request }, `${result.targets.length} target(s)`);
}

/** The comment that announces a published request; its first line also marks it as posted. */
function successComment(request: PublishRequest, markdown: string): string {
  return `🎉 ${mention(request.requester)} published.\n\n${markdown}`;
}

/**
 * Finishes a request whose targets are all published when an earlier run stopped before the end
 * (killed, or a write failed): the merge and branch deletion (both safe to repeat), the success
 * comment unless it was posted, and the close. Nothing is published here.
 */
async function finishPublished(control: Control, input: PublishCommandInput, loaded: LoadedRequest): Promise<Decision> {
  const { github, controlRepo } = control;
  let current: IssueRecord = loaded.issue;
  const save = async (next: PublishRequest): Promise<void> => {
    current = await saveRequest(github, controlRepo, current, next);
  };
  const finish = input.finish ?? finishRelease;
  const finished = await finish({ github, log: control.log, clock: control.clock, request: loaded.request, productRepo: loaded.request.repo, save, runUrl: control.runUrl });
  await control.log.appendSummary(finished.markdown);
  await removeLabels(control, current.number, [LABEL.ciPending, LABEL.ciFailed], current.labels);
  const marker = successComment(loaded.request, '').trim();
  const posted = (await github.listComments(controlRepo, current.number)).some((c) => control.automation.has(c.author.login.toLowerCase()) && c.body.startsWith(marker));
  if (!posted) await github.createComment(controlRepo, current.number, successComment(finished.request, finished.markdown));
  const closed = await github.updateIssue(controlRepo, current.number, { state: 'closed', stateReason: 'completed' });
  return report(control, 'published', { issue: closed, request: finished.request }, 'finished what an earlier run left: merge, comment, close');
}

/** Pure-ish re-checks before the gate: approvals, hold, expiry, freeze. Null when publishing may go on. */
async function preconditions(control: Control, loaded: LoadedRequest): Promise<{ reason: string; fix: string } | null> {
  const { policy } = control;
  const { request } = loaded;
  if (request.hold !== null) return { reason: `the request is on hold (by ${request.hold.by})`, fix: 'Lift the hold with `#unhold`, then add `accepted` again.' };
  const needed = approvalsNeeded(policy, request);
  const { valid, rejected } = await verifiedApprovals(control, loaded);
  if (valid.length < needed) {
    const unbacked = rejected.length > 0 ? `; not counted: ${rejected.join(', ')} (no matching label event or comment, or no longer a release manager)` : '';
    return {
      reason: `${valid.length} of ${needed} approvals for the release commit \`${request.releaseCommit.slice(0, 12)}\` are backed by GitHub's record${unbacked}`,
      fix: 'Approve the request: the `accepted` label, then `#approve` comments by other release managers.',
    };
  }
  const now = new Date(control.clock.now());
  const expiry = expiresAt(policy, request.requestedAt);
  if (now >= expiry) return { reason: `the request expired at ${expiry.toISOString()}`, fix: 'Run the release workflow again for a fresh request.' };
  const frozen = isFrozen(policy, fullNameOfRequest(request), now);
  if (frozen.frozen) return { reason: `releases are frozen (${frozen.window.name}: ${frozen.window.reason})`, fix: 'Add `accepted` again after the freeze window ends.' };
  return null;
}

/**
 * The product's `.craft.yml` (for a sub-package, `<path>/.craft.yml` first). Read from the merge
 * target when the policy allows that branch for this repo, else from the default branch.
 */
export async function loadProductConfig(control: Pick<Control, 'github' | 'policy'>, request: PublishRequest): Promise<PublishConfig> {
  const { github, policy } = control;
  const repoName = `${request.repo.owner}/${request.repo.repo}`;
  const defaultBranch = await github.getDefaultBranch(request.repo);
  let ref = defaultBranch;
  if (request.mergeTarget !== null && request.mergeTarget !== defaultBranch) {
    if (!isMergeTargetAllowed(policy, repoName, request.mergeTarget)) {
      throw new UserError(
        'E_MERGE_TARGET',
        `The merge target \`${request.mergeTarget}\` of ${repoName} is not allowed by the control repo policy, so neither its publish config nor a merge into it can be trusted.`,
        `Add the branch under mergeTargets."${repoName}" in the policy, or request the release again with the default branch as merge target.`,
      );
    }
    ref = request.mergeTarget;
  }
  const candidates = request.path === null ? ['.craft.yml'] : [`${request.path}/.craft.yml`, '.craft.yml'];
  for (const path of candidates) {
    const text = await github.getFileContent(request.repo, path, ref);
    if (text !== null) return loadConfigText('craft', text, `${repoName}:${path}@${ref}`).config;
  }
  throw new UserError('E_NO_PUBLISH_CONFIG', `${repoName} has no ${candidates.join(' or ')} on \`${ref}\`.`, `Commit the publish config to \`${ref}\` (see docs/config.md).`);
}
