/**
 * The publish-request issue in the control repository: find it, create it or update it, and
 * clean up after a race. The title is the key (one open request per package version).
 *
 * Rules, each one a lesson from the reference system:
 * - The lookup reads every page of open issues (100 per page) and compares titles exactly: the
 *   search API is eventually consistent and a title filter does not exist, so paging is the only
 *   lookup that cannot miss a request in a busy control repository.
 * - Only an issue opened by the release bot (the token's own identity) is ever adopted. An issue
 *   with the same title opened by anyone else is a squat: the run fails and says which issue,
 *   because adopting it would let its author choose the body that release managers approve.
 * - Creating an issue is not idempotent. When the answer is lost (WriteOutcomeUnknownError) the
 *   issue may exist, so we look again before one more create.
 * - Two runs may still both create (they looked at the same moment). After creating we look again;
 *   the lowest-numbered bot issue survives and the others are closed as duplicates, so every run
 *   that raced converges on the same issue.
 */
import type { Logger } from '../deps.js';
import { UserError, WriteOutcomeUnknownError, describe } from '../errors.js';
import type { GitHubPort, IssueRecord, RepoId } from '../github/port.js';
import { parseRequest, renderBody, withHistory, withoutApprovals, withState, type PublishRequest } from '../request-format/index.js';
import { RequestFormatError } from '../request-format/index.js';

/** What the lookup found for one title. */
export interface TitleLookup {
  /** Open issues with the title opened by the release bot, lowest number first. */
  readonly ours: readonly IssueRecord[];
  /** Open issues with the title opened by anyone else, lowest number first. */
  readonly others: readonly IssueRecord[];
  /** How many open issues were read (every page). */
  readonly scanned: number;
}

const sameLogin = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** Reads every page of open issues in `repo` and returns those whose title is exactly `title`. */
export async function lookupTitle(github: GitHubPort, repo: RepoId, title: string, bot: string): Promise<TitleLookup> {
  const byNumber = new Map<number, IssueRecord>();
  let scanned = 0;
  for await (const page of github.listIssues(repo, { state: 'open' })) {
    scanned += page.length;
    // Pages can overlap when issues are opened while we read; the map keeps one copy of each.
    for (const issue of page) if (issue.title === title && issue.state === 'open') byNumber.set(issue.number, issue);
  }
  const all = [...byNumber.values()].sort((a, b) => a.number - b.number);
  return { ours: all.filter((i) => sameLogin(i.author.login, bot)), others: all.filter((i) => !sameLogin(i.author.login, bot)), scanned };
}

/** The error for a title taken by an issue the bot did not open. */
export function squatError(issue: IssueRecord, bot: string, repo: RepoId): UserError {
  return new UserError(
    'E_REQUEST_TITLE_TAKEN',
    `Issue #${issue.number} (${issue.htmlUrl}) in ${repo.owner}/${repo.repo} with this title was opened by @${issue.author.login}, not by the release bot (@${bot}). A publish request is only trusted when the bot opened it, so that issue is never used.`,
    `Close issue #${issue.number} (it was opened by @${issue.author.login}, not by the release bot), then run the release again.`,
  );
}

/** Fails when someone other than the bot holds the title. */
export function refuseSquats(lookup: TitleLookup, bot: string, repo: RepoId): void {
  const [squat] = lookup.others;
  if (squat !== undefined) throw squatError(squat, bot, repo);
}

/** What was done with the request issue. */
export interface IssueOutcome {
  readonly action: 'created' | 'updated' | 'found-after-lost-answer';
  readonly issue: IssueRecord;
  /** The request as the issue now holds it. */
  readonly request: PublishRequest;
  /** Duplicates this run closed. */
  readonly closedDuplicates: readonly number[];
}

/** Everything `publishRequestIssue` needs. */
export interface PublishIssueInput {
  readonly github: GitHubPort;
  readonly log: Logger;
  readonly repo: RepoId;
  readonly title: string;
  /** The fresh request (used as is for a new issue; its fields update an existing one). */
  readonly request: PublishRequest;
  /** The bot login (the token's identity). */
  readonly bot: string;
  /** ISO time of this run, for the history entry of an update. */
  readonly now: string;
}

/**
 * Creates the request issue, or updates the bot's open issue with the same title. Refuses a title
 * squatted by someone else; survives a lost create answer; closes duplicates left by a race.
 */
export async function publishRequestIssue(input: PublishIssueInput): Promise<IssueOutcome> {
  const { github, log, repo, title, bot } = input;
  const first = await lookupTitle(github, repo, title, bot);
  refuseSquats(first, bot, repo);
  const existing = first.ours[0];
  if (existing !== undefined) {
    const updated = await updateRequestIssue(input, existing);
    const closed = await closeDuplicates(input, existing, first.ours.slice(1));
    return { action: 'updated', issue: updated.issue, request: updated.request, closedDuplicates: closed };
  }

  const body = renderBody(input.request);
  let created: IssueRecord | null = null;
  let action: IssueOutcome['action'] = 'created';
  for (let attempt = 1; attempt <= 2 && created === null; attempt++) {
    try {
      created = await github.createIssue(repo, { title, body });
    } catch (error) {
      if (!(error instanceof WriteOutcomeUnknownError)) throw error;
      log.warning(`Creating the publish request in ${repo.owner}/${repo.repo} got no clear answer (${describe(error.cause)}); looking whether the issue was created before trying again.`);
      const again = await lookupTitle(github, repo, title, bot);
      refuseSquats(again, bot, repo);
      const found = again.ours[0];
      if (found !== undefined) {
        created = found;
        action = 'found-after-lost-answer';
      } else if (attempt === 2) {
        throw new UserError(
          'E_REQUEST_CREATE_FAILED',
          `GitHub did not confirm the creation of the publish request in ${repo.owner}/${repo.repo} twice, and no issue titled "${title}" exists.`,
          `Check GitHub's status (and the App's issues: write permission on ${repo.owner}/${repo.repo}), delete the release branch (git push origin --delete ${input.request.releaseBranch}) and run the release again.`,
        );
      }
    }
  }
  if (created === null) throw new Error('unreachable: the create loop ended without an issue or an error');

  // A concurrent run may have created one too: the lowest number wins everywhere.
  const after = await lookupTitle(github, repo, title, bot);
  refuseSquats(after, bot, repo);
  const survivor = after.ours[0] ?? created;
  const losers = after.ours.filter((i) => i.number !== survivor.number);
  if (survivor.number !== created.number && !losers.some((i) => i.number === created.number)) losers.push(created);
  const closed = await closeDuplicates(input, survivor, losers);
  if (survivor.number === created.number) return { action, issue: created, request: parseRequest(created.title, created.body), closedDuplicates: closed };
  log.info(`Another run opened #${survivor.number} for the same release first; using it and closing #${created.number} as a duplicate.`);
  const updated = await updateRequestIssue(input, survivor);
  return { action: 'updated', issue: updated.issue, request: updated.request, closedDuplicates: closed };
}

/** Reads an open request of the bot and checks it may take a new release commit; throws a UserError that says why not. */
export function checkUpdatable(issue: IssueRecord): PublishRequest {
  let current: PublishRequest;
  try {
    current = parseRequest(issue.title, issue.body);
  } catch (error) {
    if (!(error instanceof RequestFormatError)) throw error;
    throw new UserError(
      'E_REQUEST_UNREADABLE',
      `The open publish request #${issue.number} (${issue.htmlUrl}) has the right title but a body that cannot be read: ${error.message}`,
      `Close issue #${issue.number} (its body was edited by hand) and run the release again; a new request will be opened.`,
    );
  }
  if (!UPDATABLE.has(current.state)) {
    throw new UserError(
      'E_REQUEST_BUSY',
      `The open publish request #${issue.number} (${issue.htmlUrl}) is in state "${current.state}", so it cannot take a new release commit now.`,
      current.state === 'publishing' ? 'Wait for the publish run to finish, then run the release again if needed.' : `Close issue #${issue.number} and run the release again.`,
    );
  }
  return current;
}

/** States in which a request may take a new release commit. */
const UPDATABLE = new Set(['open', 'parked-ci', 'failed', 'expired']);

/**
 * Moves an existing request to this run's release commit: approvals are cleared (they approved
 * another commit), targets keep their states (a partly published release resumes), and an
 * `updated` history entry records who, when and from which commit.
 */
export async function updateRequestIssue(input: PublishIssueInput, issue: IssueRecord): Promise<{ issue: IssueRecord; request: PublishRequest }> {
  const current = checkUpdatable(issue);
  const fresh = input.request;
  const moved = current.releaseCommit !== fresh.releaseCommit;
  let next: PublishRequest = {
    ...current,
    releaseBranch: fresh.releaseBranch,
    releaseCommit: fresh.releaseCommit,
    previousTag: fresh.previousTag,
    mergeTarget: fresh.mergeTarget,
    requester: fresh.requester,
    workflowRunUrl: fresh.workflowRunUrl,
    changelog: fresh.changelog,
    changelogOmitted: 0,
  };
  if (moved) next = withoutApprovals(next);
  if (current.state === 'expired' || current.state === 'failed' || current.state === 'parked-ci') next = withState(next, 'open');
  const detail = moved ? `release commit ${fresh.releaseCommit.slice(0, 12)} (was ${current.releaseCommit.slice(0, 12)}); approvals cleared` : `release commit ${fresh.releaseCommit.slice(0, 12)} unchanged`;
  next = withHistory(next, { at: input.now, event: 'updated', actor: fresh.requester, detail });
  const updated = await input.github.updateIssue(input.repo, issue.number, { body: renderBody(next) });
  return { issue: updated, request: parseRequest(updated.title, updated.body) };
}

/** Closes each duplicate as not planned, with a comment that links the surviving request. */
async function closeDuplicates(input: PublishIssueInput, survivor: IssueRecord, duplicates: readonly IssueRecord[]): Promise<number[]> {
  const closed: number[] = [];
  for (const duplicate of duplicates) {
    try {
      await input.github.createComment(input.repo, duplicate.number, `Duplicate of #${survivor.number}: two release runs opened this request at the same time. The request continues in ${survivor.htmlUrl}.`);
    } catch (error) {
      // The comment only explains; closing is what matters, and a lost answer may mean it exists.
      if (!(error instanceof WriteOutcomeUnknownError)) throw error;
    }
    await input.github.updateIssue(input.repo, duplicate.number, { state: 'closed', stateReason: 'not_planned' });
    input.log.warning(`Closed #${duplicate.number} as a duplicate of #${survivor.number} (two runs raced to open the same request).`);
    closed.push(duplicate.number);
  }
  return closed;
}
