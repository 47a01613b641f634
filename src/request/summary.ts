/**
 * The job summary of a request run: a short table a person reads at a glance. Every value in it
 * passed the request grammar (no backticks, pipes or newlines), so it is safe inside code spans.
 */

/** What the summary shows. */
export interface SummaryInput {
  readonly dryRun: boolean;
  readonly title: string;
  readonly version: string;
  readonly bump: string;
  readonly previousTag: string | null;
  readonly branch: string;
  readonly sha: string;
  readonly mergeTarget: string;
  readonly targets: readonly string[];
  readonly blockersOverridden: number;
  /** The request issue; null in a dry run. */
  readonly issue: { readonly number: number; readonly url: string; readonly repo: string; readonly action: string } | null;
  readonly publishRepo: string;
  /** Dry run: the open request a real run would update, if any. */
  readonly wouldUpdate?: number | null;
}

/** Renders the job summary Markdown. */
export function renderSummary(s: SummaryInput): string {
  const code = (v: string): string => `\`${v}\``;
  const rows: [string, string][] = [
    ['Version', `${code(s.version)} (${s.bump}${s.previousTag === null ? ', first release' : ` from ${code(s.previousTag)}`})`],
    ['Branch', `${code(s.branch)} from ${code(s.mergeTarget)}${s.dryRun ? ' (not pushed)' : ''}`],
    ['Commit', `${code(s.sha.slice(0, 12))}${s.dryRun ? ' (local only)' : ''}`],
    ['Targets', s.targets.length === 0 ? 'none' : s.targets.map(code).join(', ')],
    [
      'Request',
      s.issue === null
        ? `${code(s.title)} in ${code(s.publishRepo)} (dry run: would ${s.wouldUpdate ? `update #${s.wouldUpdate}` : 'open it'})`
        : `[${s.issue.repo}#${s.issue.number}](${s.issue.url}) (${s.issue.action})`,
    ],
  ];
  const lines = [
    s.dryRun ? `### Dry run: ${s.title} would be requested` : `### ${s.title} requested`,
    '',
    '| | |',
    '| --- | --- |',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
    '',
  ];
  if (s.blockersOverridden > 0) lines.push(`Released with force over ${s.blockersOverridden} open release blocker${s.blockersOverridden === 1 ? '' : 's'} (see the warning annotation).`, '');
  if (s.dryRun) {
    lines.push(
      'What a real run would do:',
      '',
      `1. push ${code(s.branch)} with the commit ${code(`release: ${s.version}`)};`,
      `2. ${s.wouldUpdate ? `update the open request #${s.wouldUpdate}` : 'open the issue'} ${code(s.title)} in ${code(s.publishRepo)} with ${s.targets.length} target${s.targets.length === 1 ? '' : 's'} pending approval.`,
      '',
    );
  } else {
    lines.push('A release manager approves the request in the control repository; publishing starts after that and after CI passes on the release commit.', '');
  }
  return lines.join('\n');
}
