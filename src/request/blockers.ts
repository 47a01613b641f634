/**
 * Release blockers: open issues in the product repository that carry the blocker label. One page
 * (100 issues) is enough to decide and to show; the message says when there are more.
 */
import type { GitHubPort, IssueRecord, RepoId } from '../github/port.js';
import { UserError } from '../errors.js';
import { quote } from '../versioning/quote.js';

/** How many blockers a message lists by name. */
export const BLOCKERS_LISTED = 10;

/** The open blockers found (first page only) and whether there may be more. */
export interface Blockers {
  readonly issues: readonly Pick<IssueRecord, 'number' | 'title' | 'htmlUrl'>[];
  /** True when the first page was full, so the real count may be higher. */
  readonly more: boolean;
}

/** Reads the first page of open issues with the blocker label. */
export async function findBlockers(github: GitHubPort, repo: RepoId, label: string): Promise<Blockers> {
  for await (const page of github.listIssues(repo, { state: 'open', labels: [label] })) {
    return { issues: page, more: page.length >= 100 };
  }
  return { issues: [], more: false };
}

/** One Markdown line per blocker (at most BLOCKERS_LISTED), then how many more there are. */
export function formatBlockers(blockers: Blockers): string[] {
  const lines = blockers.issues.slice(0, BLOCKERS_LISTED).map((issue) => `- #${issue.number} ${oneLine(issue.title)} (${issue.htmlUrl})`);
  const rest = blockers.issues.length - BLOCKERS_LISTED;
  if (rest > 0) lines.push(`- … and ${rest} more${blockers.more ? ' (at least: only the first 100 were read)' : ''}`);
  return lines;
}

/** "1 open issue" / "100 or more open issues". */
export function countBlockers(blockers: Blockers): string {
  const n = blockers.issues.length;
  return `${n}${blockers.more ? ' or more' : ''} open issue${n === 1 && !blockers.more ? '' : 's'}`;
}

/** The error that stops a release with open blockers. */
export function blockedError(blockers: Blockers, label: string, repo: RepoId): UserError {
  return new UserError(
    'E_RELEASE_BLOCKED',
    `The release is blocked: ${countBlockers(blockers)} in ${repo.owner}/${repo.repo} carry the ${quote(label)} label:\n${formatBlockers(blockers).join('\n')}`,
    `Ask for the blocking issues to be fixed and closed (or the label removed), then run the release again; to release anyway, run it with force: true.`,
  );
}

/** Titles are untrusted: one line, no Markdown that could break the list, at most 200 characters. */
function oneLine(title: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const flat = title.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
}
