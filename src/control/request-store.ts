/**
 * Loading and saving publish requests from the control repo's issues. Every load is a fresh API
 * read: the event payload that started a run is never trusted for the request's content.
 */
import { UserError } from '../errors.js';
import type { GitHubPort, IssueRecord, RepoId } from '../github/port.js';
import { parseRequest, renderBody, type PublishRequest } from '../request-format/index.js';

/** Why an issue is not a request the control repo may act on. */
export type NotARequestReason = 'pull-request' | 'title' | 'body' | 'author';

/** An issue that is not a valid publish request opened by the release bot. */
export class NotARequestError extends UserError {
  override readonly name = 'NotARequestError';
  constructor(
    readonly reason: NotARequestReason,
    message: string,
    fix: string,
  ) {
    super('E_NOT_A_REQUEST', message, fix);
  }
}

/** An issue and the request it holds. */
export interface LoadedRequest {
  readonly issue: IssueRecord;
  readonly request: PublishRequest;
}

/** The key of a request: `owner/repo[/path]@version` (the title without `publish: `; the publish concurrency key). */
export function requestKey(request: Pick<PublishRequest, 'repo' | 'path' | 'version'>): string {
  return `${request.repo.owner}/${request.repo.repo}${request.path === null ? '' : `/${request.path}`}@${request.version}`;
}

/** `owner/repo[/path]`, as rules, overrides and freeze windows match it. */
export function fullNameOfRequest(request: Pick<PublishRequest, 'repo' | 'path'>): string {
  return `${request.repo.owner}/${request.repo.repo}${request.path === null ? '' : `/${request.path}`}`;
}

/**
 * Checks that an issue is a publish request opened by the release bot and parses it. Pure: used on
 * fresh reads and on the issues of a listing.
 *
 * Security: the author must be exactly the release bot's login AND of type Bot. Logins ending in
 * `[bot]` are reserved for GitHub Apps, so a person cannot register one; a look-alike such as
 * `release-bot` (no suffix) is an ordinary account that anyone could create, and its issues are
 * forgeries however correct their body looks.
 */
export function checkRequestIssue(issue: IssueRecord, releaseBot: string): PublishRequest {
  if (issue.isPullRequest) {
    throw new NotARequestError('pull-request', `#${issue.number} is a pull request, not a publish request.`, 'Publish requests are issues opened by the release workflow.');
  }
  if (issue.author.login !== releaseBot || issue.author.type !== 'Bot') {
    throw new NotARequestError(
      'author',
      `#${issue.number} was opened by @${issue.author.login} (${issue.author.type}), not by the release bot \`${releaseBot}\`: only requests the release bot opened can be approved or published.`,
      'Run the release workflow of the product repository; it opens the request with the release bot.',
    );
  }
  try {
    return parseRequest(issue.title, issue.body);
  } catch (error) {
    const reason: NotARequestReason = error instanceof UserError && 'path' in error && String((error as { path: unknown }).path).startsWith('title') ? 'title' : 'body';
    throw new NotARequestError(
      reason,
      `#${issue.number} is not a valid publish request: ${(error as Error).message}`,
      error instanceof UserError && error.fix ? error.fix : 'Run the release workflow again to rewrite the request.',
    );
  }
}

/** Reads an issue fresh and returns it with its request; throws NotARequestError for anything else. */
export async function loadRequest(github: GitHubPort, controlRepo: RepoId, issueNumber: number, releaseBot: string): Promise<LoadedRequest> {
  const issue = await github.getIssue(controlRepo, issueNumber);
  return { issue, request: checkRequestIssue(issue, releaseBot) };
}

/** Renders the request into the issue body; writes only when the body changes. Returns the issue as saved. */
export async function saveRequest(github: GitHubPort, controlRepo: RepoId, issue: IssueRecord, request: PublishRequest): Promise<IssueRecord> {
  const body = renderBody(request);
  if (body === issue.body) return issue;
  return github.updateIssue(controlRepo, issue.number, { body });
}

/** Options of updateRequest. */
export interface UpdateOptions {
  /** How long to wait before reading back a write (a concurrent writer's stale write lands in that window). */
  readonly settleMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  /** Write attempts before giving up. Default 4. */
  readonly attempts?: number;
  /** The request as the caller has just read it: the first attempt starts from it instead of reading again. */
  readonly initial?: LoadedRequest;
}

/**
 * An optimistic read-modify-write of a request, for changes that concurrent runs may make at the
 * same time (two managers approving in the same second). GitHub has no compare-and-swap on issue
 * bodies, so the write is read back after a short settle time and the change is applied again
 * if another run's write replaced it.
 *
 * `change` must be idempotent: it returns null when the request already has the change.
 */
export async function updateRequest(
  github: GitHubPort,
  controlRepo: RepoId,
  issueNumber: number,
  releaseBot: string,
  change: (request: PublishRequest) => PublishRequest | null,
  options: UpdateOptions,
): Promise<LoadedRequest> {
  const attempts = options.attempts ?? 4;
  let loaded = options.initial ?? (await loadRequest(github, controlRepo, issueNumber, releaseBot));
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const next = change(loaded.request);
    if (next === null) return loaded;
    await saveRequest(github, controlRepo, loaded.issue, next);
    if (options.settleMs > 0) await options.sleep(options.settleMs);
    loaded = await loadRequest(github, controlRepo, issueNumber, releaseBot);
  }
  if (change(loaded.request) === null) return loaded;
  throw new Error(`#${issueNumber}: the request kept being rewritten by other runs; the change was not recorded after ${attempts} attempts`);
}
