/**
 * The `request` command end to end: inputs → blockers → clone → prepare → push → request issue
 * → outputs and summary. Reads and checks everything it can before the first write (the push),
 * and checks the request title is not squatted before pushing, so a refused run leaves nothing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { HandlerContext } from '../deps.js';
import { GitHubApiError, UserError, WriteOutcomeUnknownError } from '../errors.js';
import { createGit, GitError, type Git, type GitOptions } from '../github/git.js';
import { createRequest, normalizeChangelog, parseLogin, renderBody, type PublishRequest } from '../request-format/index.js';
import { blockedError, countBlockers, findBlockers, formatBlockers } from './blockers.js';
import { envReader, parseRequestInputs, type RequestInputs } from './inputs.js';
import { prepareRelease, type PreparedRelease } from './prepare.js';
import { checkUpdatable, lookupTitle, publishRequestIssue, refuseSquats, type IssueOutcome } from './request-issue.js';
import { renderSummary } from './summary.js';

/** Extra dependencies of a request run (the handler passes the process's). */
export interface RequestEnvironment {
  /** Runner variables (`GITHUB_REPOSITORY`, …) and the allow-listed base of child processes. */
  readonly env: NodeJS.ProcessEnv;
  /** Builds the git wrapper (tests may wrap it to record or to inject a race). */
  readonly createGit?: (options: GitOptions) => Git;
}

/** What one run did, for tests and callers. */
export interface RequestResult {
  readonly inputs: RequestInputs;
  readonly prepared: PreparedRelease;
  readonly request: PublishRequest;
  /** Null in a dry run. */
  readonly issue: IssueOutcome | null;
  readonly outputs: Readonly<Record<string, string>>;
  readonly summary: string;
}

/** Runs the request command; throws a UserError that says what to do next on any refusal. */
export async function runRequest(context: HandlerContext, environment: RequestEnvironment): Promise<RequestResult> {
  const { github, log } = context;
  const inputs = parseRequestInputs(context.input, envReader(environment.env));
  log.mask(inputs.token);
  const product = inputs.productRepo;
  const productSlug = `${product.owner}/${product.repo}`;
  const controlSlug = `${inputs.publishRepo.owner}/${inputs.publishRepo.repo}`;

  // Set once the release branch is pushed: from then on a failure leaves something to clean up.
  const written: { branch: string | null } = { branch: null };
  let scratch: string | null = null;
  try {
    const bot = await botIdentity(context);
    const defaultBranch = await readDefaultBranch(context, product);
    const mergeTarget = inputs.mergeTarget ?? defaultBranch;
    const blockers = await findBlockers(github, product, inputs.blockerLabel);
    if (blockers.issues.length > 0) {
      if (!inputs.force) throw blockedError(blockers, inputs.blockerLabel, product);
      log.warning(`Releasing with force over ${countBlockers(blockers)} labelled "${inputs.blockerLabel}":\n${formatBlockers(blockers).join('\n')}`, { title: 'Release blockers overridden' });
    }

    scratch = await mkdtemp(join(context.workDir, 'publish-approval-request-'));
    const make = environment.createGit ?? createGit;
    const git = make({ cwd: scratch, token: inputs.token, author: { name: bot, email: `${bot}@users.noreply.github.com` }, baseEnv: environment.env, log });
    await cloneProduct(git, `${inputs.serverUrl}/${productSlug}.git`, productSlug);
    const clone = git.at(join(scratch, 'repo'));

    const now = new Date(context.clock.now());
    const prepared = await prepareRelease({ git: clone, log, repo: product, mergeTarget, path: inputs.path, requested: inputs.version, now, baseEnv: environment.env });
    const targets = prepared.config.targets.map((t) => t.targetId);
    const request = createRequest({
      repo: product,
      path: inputs.path,
      version: prepared.resolved.version,
      serverUrl: inputs.serverUrl,
      releaseBranch: prepared.branch,
      releaseCommit: prepared.sha,
      previousTag: prepared.resolved.previousTag,
      mergeTarget: mergeTarget === defaultBranch ? null : mergeTarget,
      requester: inputs.requester,
      requestedAt: now.toISOString(),
      workflowRunUrl: inputs.workflowRunUrl,
      targets,
      changelog: normalizeChangelog(prepared.changelog),
    });
    // Render once now: a request that cannot be rendered must fail before the push.
    renderBody(request);

    const summaryBase = {
      title: prepared.title,
      version: prepared.resolved.version,
      bump: prepared.resolved.bump,
      previousTag: prepared.resolved.previousTag,
      branch: prepared.branch,
      sha: prepared.sha,
      mergeTarget,
      targets,
      blockersOverridden: blockers.issues.length,
      publishRepo: controlSlug,
    };
    const baseOutputs = { version: prepared.resolved.version, branch: prepared.branch, sha: prepared.sha, previous_tag: prepared.resolved.previousTag ?? '' };

    // The checks a real run would fail on come before the first write, and a dry run makes them too:
    // a squatted title would be refused after the push, and an existing branch would refuse the push.
    const lookup = await lookupControl(context, inputs, prepared.title, bot);
    refuseSquats(lookup, bot, inputs.publishRepo);
    if (lookup.ours[0] !== undefined) checkUpdatable(lookup.ours[0]);
    const branchRef = `refs/heads/${prepared.branch}`;
    if ((await clone.lsRemote('origin', branchRef)) !== null) throw branchExistsError(prepared.branch, productSlug);

    if (inputs.dryRun) {
      const existing = lookup.ours[0];
      const summary = renderSummary({ ...summaryBase, dryRun: true, issue: null, wouldUpdate: existing?.number ?? null });
      const outputs = { ...baseOutputs, issue_url: '', issue_number: '' };
      await report(context, outputs, summary);
      log.notice(
        `Dry run: would push ${prepared.branch} and ${existing ? `update #${existing.number}` : 'open'} "${prepared.title}" in ${controlSlug} with targets ${targets.join(', ') || 'none'}.`,
        { title: 'Dry run' },
      );
      return { inputs, prepared, request, issue: null, outputs, summary };
    }

    await pushReleaseBranch(clone, prepared, productSlug);
    written.branch = prepared.branch;

    const issue = await publishRequestIssue({ github, log, repo: inputs.publishRepo, title: prepared.title, request, bot, now: now.toISOString() });
    const outputs = { ...baseOutputs, issue_url: issue.issue.htmlUrl, issue_number: String(issue.issue.number) };
    const summary = renderSummary({ ...summaryBase, dryRun: false, issue: { number: issue.issue.number, url: issue.issue.htmlUrl, repo: controlSlug, action: issue.action === 'updated' ? 'updated' : 'opened' } });
    await report(context, outputs, summary);
    log.notice(`Publish request ${issue.action === 'updated' ? 'updated' : 'opened'}: ${issue.issue.htmlUrl}`, { title: prepared.title });
    return { inputs, prepared, request: issue.request, issue, outputs, summary };
  } catch (error) {
    throw explainFailure(error, written.branch, productSlug);
  } finally {
    if (scratch !== null) await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * Turns what is left (GitHub or git failing after retries, a lost answer) into a UserError that
 * says what was written and what to do; UserErrors and bugs pass through unchanged.
 */
function explainFailure(error: unknown, pushed: string | null, slug: string): unknown {
  if (error instanceof UserError) {
    if (pushed === null || error.code === 'E_RELEASE_BRANCH_EXISTS' || error.fix?.includes(`git push origin --delete ${pushed}`)) return error;
    // Whatever the fix, the next run would stop at the branch this run left behind.
    const cleanup = `The release branch ${pushed} was pushed by this run: delete it (git push origin --delete ${pushed}) before running the release again.`;
    return new UserError(error.code, error.message, error.fix ? `${error.fix} ${cleanup}` : cleanup);
  }
  if (!(error instanceof GitHubApiError || error instanceof GitError || error instanceof WriteOutcomeUnknownError)) return error;
  const fix =
    pushed === null
      ? 'Nothing was written. Check GitHub\'s status and the App\'s installation, then run the release again.'
      : `The release branch ${pushed} was pushed, but the request was not completed. Delete the branch (git push origin --delete ${pushed}) and run the release again; an open request for this version is then updated.`;
  return new UserError(error instanceof GitError ? 'E_GIT_FAILED' : 'E_GITHUB_FAILED', `The release request failed in ${slug}: ${error.message}`, fix);
}

/** The token's identity: the author every adopted request must have. */
async function botIdentity(context: HandlerContext): Promise<string> {
  try {
    return parseLogin((await context.github.whoAmI()).login, 'token identity');
  } catch (error) {
    if (!(error instanceof GitHubApiError) || (error.status !== 403 && error.status !== 404)) throw error;
    throw new UserError(
      'E_BOT_LOGIN_UNKNOWN',
      `The token cannot tell GitHub who it is (GitHub answered ${error.status} to GET /user, as it does for App installation tokens).`,
      'Pass the App\'s bot login as the "bot_login" input, e.g. bot_login: ${{ steps.app.outputs.app-slug }}[bot] (the reusable workflow does this).',
    );
  }
}

async function report(context: HandlerContext, outputs: Record<string, string>, summary: string): Promise<void> {
  for (const [name, value] of Object.entries(outputs)) context.log.setOutput(name, value);
  await context.log.appendSummary(summary);
}

async function readDefaultBranch(context: HandlerContext, repo: { owner: string; repo: string }): Promise<string> {
  try {
    return await context.github.getDefaultBranch(repo);
  } catch (error) {
    if (error instanceof GitHubApiError && (error.status === 404 || error.status === 403)) {
      throw new UserError(
        'E_PRODUCT_REPO_UNREADABLE',
        `The token cannot read ${repo.owner}/${repo.repo} (GitHub answered ${error.status}).`,
        'Install the release GitHub App on this repository with contents: write, and pass its installation token as the "token" input.',
      );
    }
    throw error;
  }
}

async function lookupControl(context: HandlerContext, inputs: RequestInputs, title: string, bot: string) {
  try {
    return await lookupTitle(context.github, inputs.publishRepo, title, bot);
  } catch (error) {
    if (error instanceof GitHubApiError && (error.status === 404 || error.status === 403 || error.status === 410)) {
      throw new UserError(
        'E_CONTROL_REPO_UNREADABLE',
        `The token cannot read the issues of the control repository ${inputs.publishRepo.owner}/${inputs.publishRepo.repo} (GitHub answered ${error.status}).`,
        'Check the publish_repo input (empty means <owner>/publish), and install the release GitHub App on that repository with issues: write.',
      );
    }
    throw error;
  }
}

async function cloneProduct(git: Git, url: string, slug: string): Promise<void> {
  try {
    // Full history and tags: the latest release tag and the commits since it decide the version.
    await git.clone(url, 'repo');
    await git.at(join(git.cwd, 'repo')).fetch('origin', [], { tags: true });
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    throw new UserError(
      'E_CLONE_FAILED',
      `Could not clone ${slug}: ${error.message}`,
      'Check that the token (the release GitHub App) has contents: write on this repository, then run the release again.',
    );
  }
}

/** The error for a release branch that exists already (left by an earlier run, or a concurrent one won). */
export function branchExistsError(branch: string, slug: string): UserError {
  return new UserError(
    'E_RELEASE_BRANCH_EXISTS',
    `The release branch ${branch} already exists in ${slug}: an earlier run pushed it, or another run for the same version is in progress.`,
    `If no other run is in progress, delete the branch (git push origin --delete ${branch}) and run the release again; an open publish request for this version is then updated with the new release commit.`,
  );
}

async function pushReleaseBranch(git: Git, prepared: PreparedRelease, slug: string): Promise<void> {
  const ref = `refs/heads/${prepared.branch}`;
  try {
    // Never forced: a push that loses a race to a concurrent run is rejected, and that run owns the release.
    await git.push('origin', `${prepared.sha}:${ref}`);
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    if (/rejected|already exists|fetch first|non-fast-forward|stale info|cannot lock ref/i.test(error.stderr)) throw branchExistsError(prepared.branch, slug);
    throw new UserError(
      'E_PUSH_FAILED',
      `Pushing ${prepared.branch} to ${slug} failed: ${error.message}`,
      'Check that the release GitHub App has contents: write on this repository and that no branch protection rule covers release branches, then run the release again.',
    );
  }
}
