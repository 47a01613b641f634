/**
 * After every target is done: merge the release into the merge target and delete the release
 * branch, then say what happened in Markdown for the success comment and the job summary.
 * Everything irreversible is already done at this point, so a merge conflict is reported with
 * the commands to finish by hand and is not a publish failure.
 */
import type { Clock, Logger } from '../deps.js';
import { describe as describeError } from '../errors.js';
import type { GitHubPort, RepoId } from '../github/port.js';
import { toDetail, withHistory, type PublishRequest, type TargetState } from '../request-format/index.js';
import type { PublishResult, TargetReport } from './orchestrator.js';

/** What finishRelease needs. */
export interface FinishInput {
  readonly github: GitHubPort;
  readonly log: Logger;
  readonly clock: Clock;
  readonly request: PublishRequest;
  readonly productRepo: RepoId;
  /** Persists the request (history entries for the merge). */
  save(request: PublishRequest): Promise<void>;
  readonly runUrl: string | null;
  /** The publish result, for the report's table; the request's targets are used without it. */
  readonly result?: PublishResult;
}

/** How the merge went. */
export interface MergeReport {
  readonly kind: 'merged' | 'up-to-date' | 'already-gone' | 'conflict' | 'failed';
  readonly base: string;
  readonly head: string;
  readonly sha: string | null;
  /** Why, for conflicts and failures. */
  readonly message: string | null;
  /** Commands that finish the merge by hand (conflicts and failures), else null. */
  readonly commands: readonly string[] | null;
  readonly branchDeleted: boolean;
}

/** What finishRelease returns: the request, the merge and the Markdown for the comment and summary. */
export interface FinishResult {
  readonly request: PublishRequest;
  readonly merge: MergeReport;
  readonly markdown: string;
}

/** Merges the release branch into the merge target, deletes it, and renders the report. */
export async function finishRelease(input: FinishInput): Promise<FinishResult> {
  const { github, log, productRepo } = input;
  let request = input.request;
  const at = (): string => new Date(input.clock.now()).toISOString();
  const head = request.releaseBranch;
  const base = request.mergeTarget ?? (await github.getDefaultBranch(productRepo));
  const commands = [`git fetch origin`, `git checkout ${base}`, `git merge origin/${head}`, `git push origin ${base}`];
  let merge: MergeReport;
  const branchSha = await github.getBranchSha(productRepo, head);
  if (branchSha === null) {
    merge = { kind: 'already-gone', base, head, sha: null, message: `the branch ${head} no longer exists (merged and deleted by an earlier run, or by hand)`, commands: null, branchDeleted: false };
  } else {
    try {
      // The exact commit that was published is merged; a branch that moved since is left alone.
      const result = await github.mergeBranch(productRepo, base, request.releaseCommit, `Merge ${head} into ${base}`);
      if (result.kind === 'conflict') {
        merge = { kind: 'conflict', base, head, sha: null, message: `${head} does not merge cleanly into ${base}`, commands, branchDeleted: false };
      } else {
        let branchDeleted = false;
        if (branchSha === request.releaseCommit) {
          await github.deleteBranch(productRepo, head);
          branchDeleted = true;
        } else {
          log.warning(`The branch ${head} moved to ${branchSha} after the release commit ${request.releaseCommit}: it is kept.`);
        }
        merge = { kind: result.kind, base, head, sha: result.kind === 'merged' ? result.sha : null, message: null, commands: null, branchDeleted };
      }
    } catch (error) {
      merge = { kind: 'failed', base, head, sha: null, message: describeError(error), commands, branchDeleted: false };
    }
  }
  if (merge.kind === 'conflict' || merge.kind === 'failed') {
    log.warning(`Merging ${head} into ${base} did not succeed (${merge.message}); the release itself is published. To finish by hand: ${commands.join(' && ')}`);
    request = withHistory(request, { at: at(), event: 'merge-conflict', actor: null, detail: toDetail(`${head} into ${base}: ${merge.message ?? ''}`) });
  } else if (merge.kind !== 'already-gone') {
    request = withHistory(request, { at: at(), event: 'merged', actor: null, detail: toDetail(`${head} into ${base}${merge.sha ? ` as ${merge.sha.slice(0, 12)}` : ''}`) });
  }
  if (request !== input.request) await input.save(request);
  const markdown = renderReport(request, { runUrl: input.runUrl, ...(input.result ? { result: input.result } : {}), merge });
  return { request, merge, markdown };
}

/** Options of renderReport. */
export interface ReportOptions {
  readonly runUrl?: string | null;
  readonly result?: PublishResult;
  readonly merge?: MergeReport | null;
}

const STATE_LABEL: Record<TargetState, string> = { done: '✅ done', failed: '❌ failed', running: '⏳ running', pending: '⏸️ pending', skipped: '⏭️ skipped' };

/** Markdown-safe table cell text. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ').replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'));
}

function duration(ms: number | null): string {
  if (ms === null) return '';
  return ms < 1000 ? `${ms} ms` : ms < 120_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 60_000)} min`;
}

function stateOf(report: TargetReport | undefined, state: TargetState): string {
  if (!report) return STATE_LABEL[state];
  switch (report.outcome) {
    case 'already-published':
      return report.state === 'done' ? '✅ done (already published)' : '✅ already published';
    case 'done-before':
      return '✅ done (earlier run)';
    case 'would-publish':
      return '📦 would publish';
    case 'not-run':
      return '⏸️ not run';
    default:
      return STATE_LABEL[report.state];
  }
}

/** The per-target table (target, state, duration, location) and what follows it, in Markdown; for the comment and the job summary. */
export function renderReport(request: PublishRequest, options: ReportOptions = {}): string {
  const name = `${request.repo.owner}/${request.repo.repo}${request.path ? `/${request.path}` : ''}@${request.version}`;
  const result = options.result;
  const reports = new Map((result?.targets ?? []).map((t) => [t.id, t]));
  const dryRun = result?.dryRun === true;
  const allDone = request.targets.every((t) => t.state === 'done' || t.state === 'skipped');
  const title = dryRun ? `Dry run of ${name}: nothing was published` : allDone ? `Published ${name}` : `Publishing ${name} failed`;
  const lines = [`### ${cell(title)}`, ''];
  if (result?.error) lines.push(`**Stopped before any target ran:** ${cell(result.error)}`, '');
  lines.push(dryRun ? '| Target | Outcome | What and where |' : '| Target | State | Duration | Location |', dryRun ? '|---|---|---|' : '|---|---|---|---|');
  for (const target of request.targets) {
    const report = reports.get(target.id);
    if (dryRun) {
      const what = report?.plan ?? report?.error ?? (target.state === 'done' || target.state === 'skipped' ? target.state : '');
      lines.push(`| \`${cell(target.id)}\` | ${report?.outcome === 'failed' ? '❌ would fail' : stateOf(report, target.state)} | ${cell(what)} |`);
      continue;
    }
    const error = target.state === 'failed' ? (report?.error ?? target.detail ?? '') : '';
    const where = target.location ? target.location : error ? cell(error) : '';
    lines.push(`| \`${cell(target.id)}\` | ${stateOf(report, target.state)}${report?.hard ? ' (a retry cannot fix this)' : ''} | ${duration(target.durationMs)} | ${where} |`);
  }
  if (request.artifacts.length > 0) {
    lines.push('', `<details><summary>${request.artifacts.length} artifact(s) of ${request.releaseCommit.slice(0, 12)}</summary>`, '', '| File | Size | sha256 |', '|---|---|---|');
    for (const artifact of request.artifacts) lines.push(`| \`${cell(artifact.name)}\` | ${artifact.size} | \`${artifact.sha256}\` |`);
    lines.push('', '</details>');
  }
  const merge = options.merge;
  if (merge) {
    lines.push('');
    if (merge.kind === 'merged' || merge.kind === 'up-to-date') {
      lines.push(`Merged \`${cell(merge.head)}\` into \`${cell(merge.base)}\`${merge.sha ? ` (${merge.sha.slice(0, 12)})` : ' (already up to date)'}${merge.branchDeleted ? '; the branch is deleted' : ''}.`);
    } else if (merge.kind === 'already-gone') {
      lines.push(`The branch \`${cell(merge.head)}\` was already gone; nothing to merge.`);
    } else {
      lines.push(
        `**The merge of \`${cell(merge.head)}\` into \`${cell(merge.base)}\` needs a hand** (${cell(merge.message ?? merge.kind)}). The release is published; finish the merge with:`,
        '',
        '```sh',
        ...(merge.commands ?? []),
        '```',
      );
    }
  }
  if (!dryRun && !allDone && !result?.error) lines.push('', 'To retry, add the `accepted` label again: targets that are done are skipped, nothing is published twice.');
  if (options.runUrl) lines.push('', `[Run log](${options.runUrl})`);
  return `${lines.join('\n')}\n`;
}
