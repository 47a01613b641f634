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
import { expiresAt } from '../config/policy.js';
import type { IssueRecord } from '../github/port.js';
import { effectiveApprovals, withState, type PublishRequest } from '../request-format/index.js';
import { decideAndAct } from './approval.js';
import { applyGate, dispatchPublish, removeLabels } from './ci-gate.js';
import { record, report, type Control } from './context.js';
import { LABEL } from './labels.js';
import { checkRequestIssue, loadRequest, requestKey, saveRequest } from './request-store.js';

/** What one reconcile run did, request by request. */
export interface ReconcileSummary {
  readonly examined: number;
  readonly dispatched: string[];
  readonly ciFailed: string[];
  readonly stillPending: string[];
  readonly expired: string[];
  readonly approvalsDecided: string[];
  readonly voided: string[];
  /** Requests left for the next run because of maxRequestsPerRun. */
  deferred: number;
  /** Whether this run dispatched reconcile.yml again (recently parked requests still wait for CI). */
  selfDispatched: boolean;
}

type Need = 'expire' | 'parked' | 'lost-approval' | 'ungated' | 'stalled' | 'finish' | null;

/** History events that show the CI gate ran (or publishing went on) after an approval. */
const GATE_EVENTS = new Set(['ci-passed', 'ci-pending', 'ci-failed', 'publishing', 'published', 'approval-voided', 'approval-refused']);

/** How long a `publish` decision may go without a publish run starting before reconcile dispatches one. */
export const STALL_MS = 30 * 60 * 1000;

/**
 * While a request parked less than this long ago still waits for CI, reconcile dispatches itself
 * again when it ends, so CI finishing is noticed within about a minute (a run's start-up time)
 * without a runner waiting idle and without relying on the cron, which drifts. Older parked
 * requests are left to the schedule, so a CI that never finishes cannot keep runs going for days.
 */
export const SELF_DISPATCH_WINDOW_MS = 2 * 60 * 60 * 1000;

/** Pure: what a listed request needs, from the listing alone (no API call). */
export function needOf(issue: IssueRecord, request: PublishRequest, now: Date, expiry: Date): Need {
  // Everything was published but the run stopped before the merge, the comment or the close.
  if (request.state === 'published') return issue.state === 'open' ? 'finish' : null;
  if (request.state === 'publishing') return null;
  if (now >= expiry) return 'expire';
  if (request.hold !== null) return null;
  if (issue.labels.includes(LABEL.ciPending) || request.state === 'parked-ci') return 'parked';
  if (!issue.labels.includes(LABEL.accepted) || issue.labels.includes(LABEL.ciFailed) || request.state !== 'open') return null;
  const approvals = effectiveApprovals(request).length;
  if (approvals === 0) return 'lost-approval';
  // Enough approvals were recorded but the CI gate never ran after the last one (the run stopped
  // between the two): run it now. The publish command re-checks everything.
  const lastApproved = request.history.map((h) => h.event).lastIndexOf('approved');
  const gatedAfter = request.history.slice(lastApproved + 1).some((h) => GATE_EVENTS.has(h.event));
  if (approvals >= request.requiredApprovals && lastApproved >= 0 && !gatedAfter) return 'ungated';
  // CI passed and publishing was decided, but no publish run ever started (a lost run, a failed job set-up).
  const lastGate = [...request.history].reverse().find((h) => ['ci-passed', 'ci-pending', 'ci-failed', 'publishing', 'approval-voided'].includes(h.event));
  if (approvals >= request.requiredApprovals && lastGate?.event === 'ci-passed' && now.getTime() - Date.parse(lastGate.at) >= STALL_MS) return 'stalled';
  return null;
}

/** Runs one reconcile pass and reports it (outputs, job summary). */
export async function reconcile(control: Control): Promise<ReconcileSummary> {
  const { github, controlRepo, policy } = control;
  const summary: ReconcileSummary = { examined: 0, dispatched: [], ciFailed: [], stillPending: [], expired: [], approvalsDecided: [], voided: [], deferred: 0, selfDispatched: false };
  let recentlyParked = false;
  let acted = 0;
  let examined = 0;
  const now = new Date(control.clock.now());
  for await (const page of github.listIssues(controlRepo, { state: 'open' })) {
    for (const issue of page) {
      if (!issue.title.startsWith('publish: ')) continue;
      let request: PublishRequest;
      try {
        request = checkRequestIssue(issue, policy.releaseBot);
      } catch {
        continue;
      }
      examined += 1;
      const need = needOf(issue, request, now, expiresAt(policy, request.requestedAt));
      if (need === null) continue;
      if (acted >= policy.reconcile.maxRequestsPerRun) {
        summary.deferred += 1;
        continue;
      }
      acted += 1;
      const key = `#${issue.number} ${requestKey(request)}`;
      try {
        if (need === 'expire') {
          await expire(control, issue, request);
          summary.expired.push(key);
        } else if (need === 'parked') {
          // Fresh read before acting: the listing may be a few seconds old.
          const loaded = await loadRequest(github, controlRepo, issue.number, policy.releaseBot);
          const gate = await applyGate(control, loaded, 'dispatch');
          if (gate.decision === 'publish') summary.dispatched.push(key);
          else if (gate.decision === 'ci-failed') summary.ciFailed.push(key);
          else if (gate.decision === 'voided') summary.voided.push(key);
          else {
            summary.stillPending.push(key);
            const parkedAt = [...gate.loaded.request.history].reverse().find((h) => h.event === 'ci-pending')?.at;
            if (parkedAt !== undefined && now.getTime() - Date.parse(parkedAt) < SELF_DISPATCH_WINDOW_MS) recentlyParked = true;
          }
        } else if (need === 'ungated') {
          const loaded = await loadRequest(github, controlRepo, issue.number, policy.releaseBot);
          const gate = await applyGate(control, loaded, 'dispatch');
          if (gate.decision === 'publish') summary.dispatched.push(key);
          else if (gate.decision === 'ci-failed') summary.ciFailed.push(key);
          else if (gate.decision === 'voided') summary.voided.push(key);
          else summary.stillPending.push(key);
        } else if (need === 'finish') {
          // publish.yml runs the publish command, which finishes a published request (merge, comment, close).
          await dispatchPublish(control, issue.number, request);
          summary.dispatched.push(key);
        } else if (need === 'stalled') {
          // The publish command re-checks everything (approvals, branch, CI); the history entry spaces retries.
          const loaded = await loadRequest(github, controlRepo, issue.number, policy.releaseBot);
          const next = record(control, loaded.request, 'ci-passed', null, 'no publish run started after CI passed; publish.yml dispatched by reconcile');
          await saveRequest(github, controlRepo, loaded.issue, next);
          await dispatchPublish(control, issue.number, request);
          summary.dispatched.push(key);
        } else {
          const loaded = await loadRequest(github, controlRepo, issue.number, policy.releaseBot);
          const events = await github.listLabelEvents(controlRepo, issue.number);
          const last = [...events].reverse().find((e) => e.kind === 'labeled' && e.label === LABEL.accepted);
          if (!last) continue;
          const decision = await decideAndAct(control, loaded, last.actor.login, 'label', last.createdAt, 'dispatch');
          summary.approvalsDecided.push(`${key}: ${decision}`);
          if (decision === 'publish') summary.dispatched.push(key);
        }
      } catch (error) {
        // One broken request must not stop the others.
        control.log.error(`${key}: reconcile failed: ${(error as Error).message}`);
      }
    }
  }
  if (recentlyParked) {
    await github.dispatchWorkflow(controlRepo, 'reconcile.yml', await github.getDefaultBranch(controlRepo), {});
    summary.selfDispatched = true;
  }
  const done = { ...summary, examined };
  await control.log.appendSummary(renderSummary(done));
  report(control, 'reconciled', null, `${examined} open requests examined, ${acted} acted on`);
  return done;
}

async function expire(control: Control, issue: IssueRecord, request: PublishRequest): Promise<void> {
  const { github, controlRepo, policy } = control;
  const loaded = await loadRequest(github, controlRepo, issue.number, policy.releaseBot);
  const at = expiresAt(policy, loaded.request.requestedAt).toISOString();
  const next = withState(record(control, loaded.request, 'expired', null, `no publish within ${policy.expiry.days} days (expired ${at})`), 'expired');
  await saveRequest(github, controlRepo, loaded.issue, next);
  await removeLabels(control, issue.number, [LABEL.accepted, LABEL.ciPending], loaded.issue.labels);
  await github.createComment(
    controlRepo,
    issue.number,
    `⌛ This request expired: it was requested at ${request.requestedAt} and the policy allows ${policy.expiry.days} days. Nothing was published. ` +
      'To release this version, run the release workflow again; it opens a fresh request.',
  );
  await github.updateIssue(controlRepo, issue.number, { state: 'closed', stateReason: 'not_planned' });
}

function renderSummary(summary: ReconcileSummary): string {
  const section = (title: string, items: readonly string[]) => (items.length === 0 ? [] : [`**${title}** (${items.length})`, ...items.map((i) => `- ${i}`), '']);
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
