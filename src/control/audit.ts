/**
 * The audit: the history of releases, read from the request issues (open and closed) of a control
 * repo. Every transition is in each request's machine block, so one listing is the whole record.
 */
import type { GitHubPort, IssueRecord, RepoId } from '../github/port.js';
import { effectiveApprovals, parseRequest, type PublishRequest } from '../request-format/index.js';
import { requestKey } from './request-store.js';

/** One release in the audit. */
export interface AuditRow {
  readonly issue: number;
  readonly url: string;
  readonly request: string;
  readonly state: PublishRequest['state'];
  readonly issueState: 'open' | 'closed';
  readonly author: string;
  /** False when the issue was not opened by the release bot (when the bot is known). */
  readonly byReleaseBot: boolean | null;
  readonly requester: string;
  readonly approvers: readonly string[];
  readonly requestedAt: string;
  readonly publishedAt: string | null;
  readonly targets: readonly { readonly id: string; readonly state: string; readonly location: string | null }[];
  readonly history: PublishRequest['history'];
}

/** Options of audit. */
export interface AuditOptions {
  /** Only requests of this `owner/repo` (and its sub-packages). */
  readonly forRepo?: string;
  /** The release bot's login; rows then say whether the bot opened each request. */
  readonly releaseBot?: string;
}

/** Reads every request issue of the control repo (all pages, open and closed), newest first. */
export async function audit(github: GitHubPort, controlRepo: RepoId, options: AuditOptions = {}): Promise<{ rows: AuditRow[]; unreadable: number[] }> {
  const rows: AuditRow[] = [];
  const unreadable: number[] = [];
  const wanted = options.forRepo?.toLowerCase();
  for await (const page of github.listIssues(controlRepo, { state: 'all' })) {
    for (const issue of page) {
      if (!issue.title.startsWith('publish: ')) continue;
      let request: PublishRequest;
      try {
        request = parseRequest(issue.title, issue.body);
      } catch {
        unreadable.push(issue.number);
        continue;
      }
      if (wanted !== undefined && `${request.repo.owner}/${request.repo.repo}`.toLowerCase() !== wanted) continue;
      rows.push(toRow(issue, request, options.releaseBot));
    }
  }
  return { rows, unreadable };
}

function toRow(issue: IssueRecord, request: PublishRequest, releaseBot: string | undefined): AuditRow {
  const published = [...request.history].reverse().find((h) => h.event === 'published');
  return {
    issue: issue.number,
    url: issue.htmlUrl,
    request: requestKey(request),
    state: request.state,
    issueState: issue.state,
    author: issue.author.login,
    byReleaseBot: releaseBot === undefined ? null : issue.author.login === releaseBot && issue.author.type === 'Bot',
    requester: request.requester,
    approvers: effectiveApprovals(request).map((a) => (a.via === 'rule' ? `${a.login} (rule ${a.rule ?? ''})` : a.login)),
    requestedAt: request.requestedAt,
    publishedAt: published?.at ?? null,
    targets: request.targets.map((t) => ({ id: t.id, state: t.state, location: t.location })),
    history: request.history,
  };
}

/** The rows as an aligned plain-text table. */
export function renderAuditTable(rows: readonly AuditRow[]): string {
  const header = ['#', 'request', 'state', 'requester', 'approvers', 'requested', 'published', 'targets'];
  const lines = rows.map((r) => [
    String(r.issue),
    r.byReleaseBot === false ? `${r.request} (NOT BY THE BOT: ${r.author})` : r.request,
    r.state,
    r.requester,
    r.approvers.join(', ') || '-',
    r.requestedAt,
    r.publishedAt ?? '-',
    r.targets.map((t) => `${t.id}:${t.state}`).join(' ') || '-',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const format = (cells: readonly string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ');
  return [format(header), format(widths.map((w) => '-'.repeat(w))), ...lines.map(format)].join('\n') + '\n';
}
