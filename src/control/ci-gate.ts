/**
 * The CI gate: publishing starts only when every check run and every commit status on the
 * approved commit has passed, with at least one present. The same gate serves the approval
 * (green → publish in the same run), reconcile (green → dispatch publish.yml) and the publish
 * command itself (which re-checks, so no path can publish around it).
 */
import type { CheckRunRecord, CommitStatusRecord, GitHubPort, RepoId } from '../github/port.js';
import { withState, withoutApprovals, type PublishRequest } from '../request-format/index.js';
import { record, report, type Control, type Decision } from './context.js';
import { LABEL } from './labels.js';
import { requestKey, saveRequest, type LoadedRequest } from './request-store.js';

/** One check run or commit status, as the gate reports it. */
export interface CiCheck {
  readonly name: string;
  readonly source: 'check-run' | 'status';
  /** `success`, `failure`, `in_progress`, `pending`, … */
  readonly state: string;
  readonly url: string | null;
}

/** What CI says about a commit. */
export type CiVerdict =
  | { readonly kind: 'green'; readonly passed: readonly CiCheck[] }
  | { readonly kind: 'pending'; readonly running: readonly CiCheck[]; readonly total: number }
  | { readonly kind: 'failed'; readonly failed: readonly CiCheck[]; readonly total: number };

const PASSED_CONCLUSIONS = new Set(['success', 'neutral', 'skipped']);

/** Pure: the verdict for the check runs and statuses of one commit. A failure wins over anything still running. */
export function judgeCi(runs: readonly CheckRunRecord[], statuses: readonly CommitStatusRecord[]): CiVerdict {
  const all: CiCheck[] = [];
  const failed: CiCheck[] = [];
  const running: CiCheck[] = [];
  for (const run of runs) {
    const check: CiCheck = { name: run.name, source: 'check-run', state: run.status === 'completed' ? (run.conclusion ?? 'unknown') : run.status, url: run.htmlUrl };
    all.push(check);
    if (run.status !== 'completed') running.push(check);
    else if (!PASSED_CONCLUSIONS.has(check.state)) failed.push(check);
  }
  for (const status of statuses) {
    const check: CiCheck = { name: status.context, source: 'status', state: status.state, url: status.targetUrl };
    all.push(check);
    if (status.state === 'pending') running.push(check);
    else if (status.state !== 'success') failed.push(check);
  }
  if (failed.length > 0) return { kind: 'failed', failed, total: all.length };
  // No check at all is not green: CI may not have started yet, and "nothing ran" proves nothing.
  if (running.length > 0 || all.length === 0) return { kind: 'pending', running, total: all.length };
  return { kind: 'green', passed: all };
}

/** Reads every check run and status of a commit (all pages) and judges them. */
export async function readCi(github: GitHubPort, repo: RepoId, sha: string): Promise<CiVerdict> {
  const [runs, statuses] = await Promise.all([github.listCheckRuns(repo, sha), github.listCommitStatuses(repo, sha)]);
  return judgeCi(runs, statuses);
}

function link(check: CiCheck): string {
  const name = check.name.replace(/[[\]`|<>]/g, '');
  return check.url && /^https?:\/\//.test(check.url) ? `[${name}](${check.url})` : `\`${name}\``;
}

/** "3 checks running: a, b, c" (at most 10 named). */
export function describeRunning(verdict: Extract<CiVerdict, { kind: 'pending' }>): string {
  if (verdict.running.length === 0) return 'no check run or commit status has been reported for the release commit yet';
  const names = verdict.running.slice(0, 10).map(link).join(', ');
  const more = verdict.running.length > 10 ? ` and ${verdict.running.length - 10} more` : '';
  return `${verdict.running.length} of ${verdict.total} check${verdict.total === 1 ? '' : 's'} still running: ${names}${more}`;
}

/** What to do when CI is green. */
export type OnGreen = 'output' | 'dispatch' | 'return';

/** The gate's outcome. */
export interface GateResult {
  readonly decision: Decision;
  readonly loaded: LoadedRequest;
  readonly verdict: CiVerdict | null;
}

/**
 * Checks that the release branch still points at the approved commit, then applies the CI gate
 * and records the outcome. `onGreen`: `output` sets decision=publish for the same-run publish
 * job, `dispatch` starts publish.yml, `return` only reports (the publish command goes on itself).
 */
export async function applyGate(control: Control, loaded: LoadedRequest, onGreen: OnGreen, branchJustChecked = false): Promise<GateResult> {
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
    let next = record(control, request, 'ci-passed', null, `${verdict.passed.length} check${verdict.passed.length === 1 ? '' : 's'} passed on ${request.releaseCommit.slice(0, 12)}`);
    if (next.state === 'parked-ci') next = withState(next, 'open');
    const saved = await saveRequest(github, controlRepo, issue, next);
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
    await removeLabels(control, issue.number, [LABEL.ciPending, LABEL.ciFailed], issue.labels);
    if (onGreen === 'output') return { decision: report(control, 'publish', after, 'CI is green on the approved commit'), loaded: after, verdict };
    return { decision: 'publish', loaded: after, verdict };
  }
  if (verdict.kind === 'pending') {
    const already = request.state === 'parked-ci' && issue.labels.includes(LABEL.ciPending);
    if (already) return { decision: report(control, 'parked-ci', loaded, 'still waiting for CI'), loaded, verdict };
    const next = withState(record(control, request, 'ci-pending', null, describeRunning(verdict)), 'parked-ci');
    const saved = await saveRequest(github, controlRepo, issue, next);
    await github.addLabels(controlRepo, issue.number, [LABEL.ciPending]);
    await removeLabels(control, issue.number, [LABEL.ciFailed], issue.labels);
    await github.createComment(
      controlRepo,
      issue.number,
      `⏳ Approved. Waiting for CI on the release commit \`${request.releaseCommit.slice(0, 12)}\`: ${describeRunning(verdict)}.\n\n` +
        'Publishing starts by itself when every check has passed (the `ci-pending` label marks this; reconcile picks it up). Nothing to do meanwhile.',
    );
    const after = { issue: saved, request: next };
    return { decision: report(control, 'parked-ci', after, describeRunning(verdict)), loaded: after, verdict };
  }
  const failedList = verdict.failed.slice(0, 20).map((c) => `- ${link(c)}: ${c.state}`);
  let next = record(control, request, 'ci-failed', null, `failed: ${verdict.failed.map((c) => c.name).join(', ')}`);
  if (next.state === 'parked-ci') next = withState(next, 'open');
  const saved = await saveRequest(github, controlRepo, issue, next);
  // The label goes so that adding it again is the retry (after CI is fixed or re-run).
  await removeLabels(control, issue.number, [LABEL.accepted, LABEL.ciPending], issue.labels.concat(LABEL.accepted));
  await github.addLabels(controlRepo, issue.number, [LABEL.ciFailed]);
  await github.createComment(
    controlRepo,
    issue.number,
    [
      `❌ CI failed on the release commit \`${request.releaseCommit.slice(0, 12)}\`, so nothing was published:`,
      '',
      ...failedList,
      ...(verdict.failed.length > 20 ? [`- … and ${verdict.failed.length - 20} more`] : []),
      '',
      'The `accepted` label was removed. Fix or re-run the failed checks on that commit, then add `accepted` again to retry. The approvals recorded so far still count.',
    ].join('\n'),
  );
  const after = { issue: saved, request: next };
  return { decision: report(control, 'ci-failed', after, `${verdict.failed.length} failed`), loaded: after, verdict };
}

/**
 * Starts publish.yml for one request; it runs under the request's concurrency group and re-checks
 * everything before publishing.
 */
export async function dispatchPublish(control: Pick<Control, 'github' | 'controlRepo'>, issueNumber: number, request: PublishRequest): Promise<void> {
  const { github, controlRepo } = control;
  await github.dispatchWorkflow(controlRepo, 'publish.yml', await github.getDefaultBranch(controlRepo), { issue_number: String(issueNumber), request: requestKey(request) });
}

/** Null when the release branch points at the request's commit, else a sentence saying where it is. */
export async function branchMoved(control: Pick<Control, 'github'>, request: PublishRequest): Promise<string | null> {
  const sha = await control.github.getBranchSha(request.repo, request.releaseBranch);
  if (sha === request.releaseCommit) return null;
  return sha === null
    ? `the release branch \`${request.releaseBranch}\` no longer exists`
    : `the release branch \`${request.releaseBranch}\` moved from \`${request.releaseCommit.slice(0, 12)}\` to \`${sha.slice(0, 12)}\``;
}

/**
 * Voids every approval (after a push to the release branch or an edit by someone else than the
 * bot): removes `accepted` and `ci-pending`, records `approval-voided`, comments. Approvals bind
 * to the exact request that was approved.
 */
export async function voidApprovals(control: Control, loaded: LoadedRequest, actor: string | null, why: string): Promise<LoadedRequest> {
  const { github, controlRepo } = control;
  const { issue, request } = loaded;
  let next = record(control, withoutApprovals(request), 'approval-voided', actor, why);
  if (next.state === 'parked-ci') next = withState(next, 'open');
  const saved = await saveRequest(github, controlRepo, issue, next);
  await removeLabels(control, issue.number, [LABEL.accepted, LABEL.ciPending], issue.labels.concat(LABEL.accepted));
  await github.createComment(
    controlRepo,
    issue.number,
    `⚠️ The approval of this request is void: ${why}. An approval binds to the exact request and release commit that were approved.\n\n` +
      'Nothing was published. Check the change; a release manager can then approve again by adding the `accepted` label (a moved branch needs a new request from the release workflow).',
  );
  report(control, 'voided', { issue: saved, request: next }, why);
  return { issue: saved, request: next };
}

/** Removes the labels of `names` that `present` has (one call each; a missing label is no error). */
export async function removeLabels(control: Pick<Control, 'github' | 'controlRepo'>, issueNumber: number, names: readonly string[], present: readonly string[]): Promise<void> {
  for (const name of names) {
    if (present.includes(name)) await control.github.removeLabel(control.controlRepo, issueNumber, name);
  }
}
