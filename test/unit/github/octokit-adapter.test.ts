/**
 * The Octokit adapter against the sandbox GitHub server: every port method round trip, pagination
 * over 100 items, and the fault behaviour (lost responses, 5xx, resets, rate limits, storms).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitHubApiError, WriteOutcomeUnknownError } from '../../../src/errors.js';
import { createGit } from '../../../src/github/git.js';
import { createOctokitPort, type OctokitPortOptions } from '../../../src/github/octokit-adapter.js';
import type { GitHubPort, IssueRecord, RepoId } from '../../../src/github/port.js';
import { startGitHubSandbox, type GitHubSandbox } from '../../sandbox/github/index.js';
import { recordingLogger, recordingSleep } from './helpers.js';

let sandbox: GitHubSandbox;
let aliceToken: string;
let appToken: string;
const central: RepoId = { owner: 'acme', repo: 'central' };
const product: RepoId = { owner: 'acme', repo: 'widget' };
const scratch = mkdtempSync(join(tmpdir(), 'adapter-test-'));

/** A port for alice with fast test settings; `overrides` change any option. */
function port(overrides: Partial<OctokitPortOptions> = {}): GitHubPort {
  return createOctokitPort({
    token: aliceToken,
    baseUrl: sandbox.apiUrl,
    log: recordingLogger(),
    minWriteIntervalMs: 0,
    retryBaseMs: 5,
    ...overrides,
  });
}

async function collect(pages: AsyncIterable<readonly IssueRecord[]>): Promise<IssueRecord[][]> {
  const out: IssueRecord[][] = [];
  for await (const page of pages) out.push([...page]);
  return out;
}

beforeAll(async () => {
  sandbox = await startGitHubSandbox();
  const { admin } = sandbox;
  admin.createOrg('acme');
  admin.createUser('alice');
  admin.createUser('bob');
  admin.createUser('mallory');
  await admin.createRepo('acme', 'central');
  await admin.createRepo('acme', 'secret', { visibility: 'private' });
  admin.setCollaborator('acme/secret', 'alice', 'admin');
  await admin.createRepo('acme', 'widget', { files: { 'README.md': '# widget\n', 'docs/guide.md': 'héllo ✓\n' } });
  admin.setCollaborator('acme/central', 'alice', 'admin');
  admin.setCollaborator('acme/widget', 'alice', 'admin');
  admin.setCollaborator('acme/central', 'bob', 'write');
  admin.createTeam('acme', 'release-managers');
  admin.setTeamMember('acme', 'release-managers', 'alice', 'active');
  admin.setTeamMember('acme', 'release-managers', 'bob', 'pending');
  aliceToken = admin.issueToken({ kind: 'user', login: 'alice' });
  appToken = admin.issueToken({ kind: 'app', appSlug: 'release-bot', permissions: { issues: 'write', contents: 'write' } });
}, 60_000);

afterAll(async () => {
  await sandbox?.close();
  rmSync(scratch, { recursive: true, force: true });
});

beforeEach(() => {
  sandbox.faults.clear();
});

describe('identity and people', () => {
  it('whoAmI reads /user for a user token', async () => {
    expect(await port().whoAmI()).toEqual({ login: 'alice', type: 'User' });
  });

  it('whoAmI falls back to botLogin when an installation token may not read /user', async () => {
    expect(await port({ token: appToken, botLogin: 'release-bot[bot]' }).whoAmI()).toEqual({ login: 'release-bot[bot]', type: 'Bot' });
    const error = await port({ token: appToken }).whoAmI().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect((error as Error).message).toMatch(/botLogin/);
  });

  it('getCollaboratorRole answers the role, or null for a stranger', async () => {
    const github = port();
    expect(await github.getCollaboratorRole(central, 'bob')).toBe('write');
    expect(await github.getCollaboratorRole(central, 'alice')).toBe('admin');
    // On a public repository GitHub answers "read" for anyone; on a private one a stranger has no role.
    expect(await github.getCollaboratorRole(central, 'mallory')).toBe('read');
    expect(await github.getCollaboratorRole({ owner: 'acme', repo: 'secret' }, 'mallory')).toBeNull();
  });

  it('getTeamMembership answers active, pending or null', async () => {
    const github = port();
    expect(await github.getTeamMembership('acme', 'release-managers', 'alice')).toBe('active');
    expect(await github.getTeamMembership('acme', 'release-managers', 'bob')).toBe('pending');
    expect(await github.getTeamMembership('acme', 'release-managers', 'mallory')).toBeNull();
  });
});

describe('issues, labels, comments', () => {
  it('creates, reads, updates and labels an issue', async () => {
    const github = port();
    const created = await github.createIssue(central, { title: 'publish: acme/widget@1.0.0', body: 'body `$(x)`', labels: ['publish-request'] });
    expect(created).toMatchObject({ title: 'publish: acme/widget@1.0.0', body: 'body `$(x)`', state: 'open', labels: ['publish-request'], isPullRequest: false });
    expect(created.author).toEqual({ login: 'alice', type: 'User' });

    await github.addLabels(central, created.number, ['accepted', 'accepted']);
    await github.removeLabel(central, created.number, 'publish-request');
    await github.removeLabel(central, created.number, 'never-there');
    const updated = await github.updateIssue(central, created.number, { body: 'new body', state: 'closed', stateReason: 'completed' });
    expect(updated).toMatchObject({ body: 'new body', state: 'closed', stateReason: 'completed', labels: ['accepted'] });
    expect(await github.getIssue(central, created.number)).toEqual(updated);

    const events = await github.listLabelEvents(central, created.number);
    expect(events.map((e) => `${e.kind} ${e.label} ${e.actor.login}`)).toEqual([
      'labeled publish-request alice',
      'labeled accepted alice',
      'unlabeled publish-request alice',
    ]);
  });

  it('getIssue of a missing issue is a GitHubApiError 404', async () => {
    const error = await port().getIssue(central, 999_999).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect((error as GitHubApiError).status).toBe(404);
  });

  it('pages through more than 100 issues and leaves out pull requests', async () => {
    await sandbox.admin.createRepo('acme', 'busy');
    sandbox.admin.setCollaborator('acme/busy', 'alice', 'admin');
    const busy = { owner: 'acme', repo: 'busy' };
    const github = port();
    for (let i = 0; i < 130; i += 1) await github.createIssue(busy, { title: `issue ${i}`, body: '', labels: i % 2 === 0 ? ['even'] : [] });
    sandbox.admin.createPullRequestIssue('acme/busy', { title: 'a pull request', user: 'alice' });
    sandbox.requests.reset();

    const pages = await collect(github.listIssues(busy, { state: 'open' }));
    expect(pages.length).toBeGreaterThanOrEqual(2);
    const all = pages.flat();
    expect(all).toHaveLength(130);
    expect(all.some((i) => i.isPullRequest)).toBe(false);
    expect(new Set(all.map((i) => i.number)).size).toBe(130);
    // Newest first.
    expect(all[0]!.title).toBe('issue 129');
    expect(sandbox.requests.count({ method: 'GET' })).toBe(pages.length);

    const even = (await collect(github.listIssues(busy, { state: 'all', labels: ['even'], creator: 'alice' }))).flat();
    expect(even).toHaveLength(65);

    const issue = all[0]!;
    for (let i = 0; i < 105; i += 1) await github.createComment(busy, issue.number, `comment ${i}`);
    const comments = await github.listComments(busy, issue.number);
    expect(comments).toHaveLength(105);
    expect(comments[0]).toMatchObject({ body: 'comment 0', author: { login: 'alice', type: 'User' } });
  }, 60_000);
});

describe('git data, contents, tags', () => {
  let mainSha: string;
  let featureSha: string;

  beforeAll(async () => {
    // Branches are made through the git wrapper over the sandbox's smart-HTTP endpoint.
    const git = createGit({ cwd: scratch, token: aliceToken, author: { name: 'Alice', email: 'alice@example.com' } });
    await git.clone(sandbox.gitUrl('acme', 'widget'), 'widget');
    const work = git.at(join(scratch, 'widget'));
    mainSha = await work.revParse('HEAD');
    await work.checkoutNewBranch('release/1.0.0', 'HEAD');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(scratch, 'widget', 'CHANGELOG.md'), '# 1.0.0\n');
    await work.add(['CHANGELOG.md']);
    featureSha = await work.commit('release 1.0.0');
    await work.push('origin', 'HEAD:refs/heads/release/1.0.0');
    await work.checkoutNewBranch('conflict-a', mainSha);
    writeFileSync(join(scratch, 'widget', 'README.md'), 'side a\n');
    await work.add(['README.md']);
    await work.commit('a');
    await work.push('origin', 'HEAD:refs/heads/conflict-a');
    await work.checkoutNewBranch('conflict-b', mainSha);
    writeFileSync(join(scratch, 'widget', 'README.md'), 'side b\n');
    await work.add(['README.md']);
    await work.commit('b');
    await work.push('origin', 'HEAD:refs/heads/conflict-b');
  }, 60_000);

  it('reads the default branch, branch shas and file contents', async () => {
    const github = port();
    expect(await github.getDefaultBranch(product)).toBe('main');
    expect(await github.getBranchSha(product, 'main')).toBe(mainSha);
    expect(await github.getBranchSha(product, 'release/1.0.0')).toBe(featureSha);
    expect(await github.getBranchSha(product, 'nope')).toBeNull();
    expect(await github.getFileContent(product, 'docs/guide.md', 'main')).toBe('héllo ✓\n');
    expect(await github.getFileContent(product, 'CHANGELOG.md', 'release/1.0.0')).toBe('# 1.0.0\n');
    expect(await github.getFileContent(product, 'CHANGELOG.md', 'main')).toBeNull();
    await expect(github.getFileContent(product, 'docs', 'main')).rejects.toThrow(/directory/);
  });

  it('merges: merged, then up-to-date, and a conflict', async () => {
    const github = port();
    await sandbox.admin.branchSha('acme/widget', 'main');
    const first = await github.mergeBranch(product, 'conflict-a', 'release/1.0.0', 'merge release');
    expect(first.kind).toBe('merged');
    expect(await github.mergeBranch(product, 'conflict-a', 'release/1.0.0', 'again')).toEqual({ kind: 'up-to-date' });
    expect(await github.mergeBranch(product, 'conflict-a', 'conflict-b', 'clash')).toEqual({ kind: 'conflict' });
  });

  it('creates a tag once, accepts the same tag again, refuses another sha', async () => {
    const github = port();
    await github.createTag(product, 'v1.0.0', featureSha);
    await github.createTag(product, 'v1.0.0', featureSha);
    expect(await github.getTagSha(product, 'v1.0.0')).toBe(featureSha);
    expect(await github.getTagSha(product, 'v9.9.9')).toBeNull();
    const error = await github.createTag(product, 'v1.0.0', mainSha).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect((error as Error).message).toContain(`already exists and points at ${featureSha}`);
  });

  it('deletes a branch, and deleting it again is fine', async () => {
    const github = port();
    await github.deleteBranch(product, 'conflict-b');
    expect(await github.getBranchSha(product, 'conflict-b')).toBeNull();
    await github.deleteBranch(product, 'conflict-b');
  });

  it('lists check runs and the newest status per context', async () => {
    const github = port();
    sandbox.admin.addCheckRun('acme/widget', featureSha, { name: 'build', status: 'completed', conclusion: 'success' });
    sandbox.admin.addCheckRun('acme/widget', featureSha, { name: 'lint', status: 'in_progress' });
    sandbox.admin.setCommitStatus('acme/widget', featureSha, { context: 'ci/legacy', state: 'pending' });
    sandbox.admin.setCommitStatus('acme/widget', featureSha, { context: 'ci/legacy', state: 'success', targetUrl: 'https://ci.example/1' });
    sandbox.admin.setCommitStatus('acme/widget', featureSha, { context: 'ci/other', state: 'failure' });
    const runs = await github.listCheckRuns(product, featureSha);
    expect(runs.map((r) => `${r.name}:${r.status}:${r.conclusion}`).sort()).toEqual(['build:completed:success', 'lint:in_progress:null']);
    const statuses = await github.listCommitStatuses(product, featureSha);
    expect(statuses.map((s) => `${s.context}:${s.state}`).sort()).toEqual(['ci/legacy:success', 'ci/other:failure']);
    expect(statuses.find((s) => s.context === 'ci/legacy')?.targetUrl).toBe('https://ci.example/1');
  });

  it('pages through more than 100 check runs', async () => {
    for (let i = 0; i < 105; i += 1) sandbox.admin.addCheckRun('acme/widget', mainSha, { name: `job-${i}`, status: 'completed', conclusion: 'success' });
    const runs = await port().listCheckRuns(product, mainSha);
    expect(runs).toHaveLength(105);
  });

  it('creates, finds, lists, updates a release and uploads an asset', async () => {
    const github = port();
    expect(await github.getReleaseByTag(product, 'v1.0.0')).toBeNull();
    const release = await github.createRelease(product, {
      tagName: 'v1.0.0',
      targetCommitish: featureSha,
      name: 'widget 1.0.0',
      body: 'notes',
      draft: false,
      prerelease: false,
    });
    expect(release).toMatchObject({ tagName: 'v1.0.0', name: 'widget 1.0.0', body: 'notes', draft: false, assets: [] });
    const asset = await github.uploadReleaseAsset(product, release.id, 'widget-1.0.0.tgz', Buffer.from([0, 1, 2, 255]));
    expect(asset).toMatchObject({ name: 'widget-1.0.0.tgz', size: 4 });
    const found = await github.getReleaseByTag(product, 'v1.0.0');
    expect(found?.assets.map((a) => a.name)).toEqual(['widget-1.0.0.tgz']);
    const updated = await github.updateRelease(product, release.id, { body: 'better notes', prerelease: true });
    expect(updated).toMatchObject({ body: 'better notes', prerelease: true, tagName: 'v1.0.0' });
    expect((await github.listReleases(product)).map((r) => r.id)).toContain(release.id);
  });
});

describe('Actions', () => {
  it('lists runs and artifacts of a commit, downloads an artifact, dispatches a workflow', async () => {
    const { admin } = sandbox;
    await admin.createRepo('acme', 'ci', {
      files: {
        '.github/workflows/release.yml': 'name: release\non:\n  workflow_dispatch:\n    inputs:\n      version:\n        required: true\njobs: {}\n',
      },
    });
    admin.setCollaborator('acme/ci', 'alice', 'admin');
    const ci = { owner: 'acme', repo: 'ci' };
    const github = port();
    const sha = (await github.getBranchSha(ci, 'main'))!;
    const runId = admin.createWorkflowRun('acme/ci', { name: 'build', headSha: sha, event: 'push', conclusion: 'success' });
    admin.createWorkflowRun('acme/ci', { name: 'other', headSha: '0'.repeat(40), event: 'push' });
    const artifactId = admin.addArtifact('acme/ci', runId, 'dist', { 'widget-1.0.0.tgz': Buffer.from([1, 2, 3]) });

    const runs = await github.listWorkflowRunsForCommit(ci, sha);
    expect(runs.map((r) => [r.id, r.name, r.headSha, r.status, r.conclusion])).toEqual([[runId, 'build', sha, 'completed', 'success']]);
    const artifacts = await github.listRunArtifacts(ci, runId);
    expect(artifacts).toEqual([expect.objectContaining({ id: artifactId, name: 'dist', workflowRunId: runId, expired: false })]);
    const zip = await github.downloadArtifact(ci, artifactId);
    expect(zip.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(zip.length).toBe(artifacts[0]!.sizeInBytes);

    sandbox.requests.reset();
    await github.dispatchWorkflow(ci, 'release.yml', 'main', { version: '1.0.0' });
    expect(sandbox.requests.count({ method: 'POST' })).toBe(1);
    sandbox.faults.add({ method: 'POST', path: /\/dispatches$/, kind: 'after-write', status: 502, times: 5 });
    await expect(github.dispatchWorkflow(ci, 'release.yml', 'main', { version: '1.0.1' })).rejects.toBeInstanceOf(WriteOutcomeUnknownError);
    expect(sandbox.requests.count({ method: 'POST' })).toBe(2);
    sandbox.faults.clear();
    await expect(github.dispatchWorkflow(ci, 'release.yml', 'main', { nope: 'x' })).rejects.toThrow(/422.*Unexpected inputs/);
  });
});

describe('faults', () => {
  it('a lost response to POST /issues is WriteOutcomeUnknownError, sent once, and one issue exists', async () => {
    await sandbox.admin.createRepo('acme', 'lost');
    sandbox.admin.setCollaborator('acme/lost', 'alice', 'admin');
    const lost = { owner: 'acme', repo: 'lost' };
    sandbox.faults.add({ method: 'POST', path: /\/issues$/, kind: 'after-write', status: 502, times: 5 });
    sandbox.requests.reset();
    const error = await port().createIssue(lost, { title: 'publish: acme/widget@1.0.0', body: '' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WriteOutcomeUnknownError);
    expect((error as Error).message).toContain('createIssue acme/lost');
    expect(sandbox.requests.count({ method: 'POST' })).toBe(1);
    expect(sandbox.admin.listIssues('acme/lost')).toHaveLength(1);
  });

  it('a lost response to POST /comments is WriteOutcomeUnknownError and one comment exists', async () => {
    const github = port();
    const issue = await github.createIssue(central, { title: 'comment target', body: '' });
    sandbox.faults.add({ method: 'POST', path: /\/comments$/, kind: 'after-write', status: 504, times: 5 });
    await expect(github.createComment(central, issue.number, 'once')).rejects.toBeInstanceOf(WriteOutcomeUnknownError);
    expect(sandbox.admin.listComments('acme/central', issue.number)).toHaveLength(1);
  });

  it('a reset connection on a POST is WriteOutcomeUnknownError, without a retry', async () => {
    sandbox.faults.add({ method: 'POST', path: /\/releases$/, kind: 'reset', times: 5 });
    sandbox.requests.reset();
    const error = await port()
      .createRelease(product, { tagName: 'v2.0.0', targetCommitish: 'main', name: 'x', body: '', draft: true, prerelease: false })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WriteOutcomeUnknownError);
    expect(sandbox.requests.count({ method: 'POST' })).toBe(1);
  });

  it('a 502 on a GET is retried and succeeds', async () => {
    sandbox.faults.add({ method: 'GET', path: '/repos/acme/widget', kind: 'status', status: 502, times: 2 });
    sandbox.requests.reset();
    expect(await port().getDefaultBranch(product)).toBe('main');
    expect(sandbox.requests.count({ method: 'GET' })).toBe(3);
  });

  it('a reset connection on a GET is retried and succeeds', async () => {
    sandbox.faults.add({ method: 'GET', path: '/repos/acme/widget', kind: 'reset', times: 1 });
    expect(await port().getDefaultBranch(product)).toBe('main');
  });

  it('a 502 on an idempotent write (PATCH) is retried', async () => {
    const github = port();
    const issue = await github.createIssue(central, { title: 'patch target', body: '' });
    sandbox.faults.add({ method: 'PATCH', path: /\/issues\/\d+$/, kind: 'after-write', status: 502, times: 1 });
    const updated = await github.updateIssue(central, issue.number, { title: 'patched' });
    expect(updated.title).toBe('patched');
  });

  it('a lost response to createTag is retried and lands on the "same sha" check', async () => {
    const github = port();
    const sha = (await github.getBranchSha(product, 'main'))!;
    sandbox.faults.add({ method: 'POST', path: /\/git\/refs$/, kind: 'after-write', status: 502, times: 1 });
    await github.createTag(product, 'v3.0.0', sha);
    expect(await github.getTagSha(product, 'v3.0.0')).toBe(sha);
  });

  it('a 500 that persists on a GET fails with a GitHubApiError after the retries', async () => {
    sandbox.faults.add({ method: 'GET', path: '/repos/acme/widget', kind: 'status', status: 500, times: 10 });
    sandbox.requests.reset();
    const error = await port({ retries: 2 }).getDefaultBranch(product).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect((error as GitHubApiError).status).toBe(500);
    expect(sandbox.requests.count({ method: 'GET' })).toBe(3);
  });

  it('429 with retry-after: 1 waits one second and succeeds (a POST included)', async () => {
    const { waits, sleep } = recordingSleep({ real: true });
    sandbox.faults.add({ method: 'POST', path: /\/issues$/, kind: 'status', status: 429, headers: { 'retry-after': '1' }, times: 1 });
    sandbox.requests.reset();
    const started = Date.now();
    const issue = await port({ sleep }).createIssue(central, { title: 'after a secondary limit', body: '' });
    expect(issue.title).toBe('after a secondary limit');
    expect(waits).toEqual([1000]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(sandbox.requests.count({ method: 'POST' })).toBe(2);
  });

  it('a 403 secondary limit with retry-after waits and succeeds', async () => {
    const { waits, sleep } = recordingSleep();
    sandbox.faults.add({ method: 'GET', path: '/repos/acme/widget', kind: 'status', status: 403, headers: { 'retry-after': '7' }, times: 1 });
    expect(await port({ sleep }).getDefaultBranch(product)).toBe('main');
    expect(waits).toEqual([7000]);
  });

  it('a 429 that only says "retry-after" (no GitHub message) is still a secondary limit', async () => {
    const { waits, sleep } = recordingSleep();
    sandbox.faults.add({ method: 'GET', path: '/repos/acme/widget', kind: 'status', status: 429, headers: { 'retry-after': '3' }, body: { message: 'Too Many Requests' }, times: 1 });
    expect(await port({ sleep }).getDefaultBranch(product)).toBe('main');
    expect(waits).toEqual([3000]);
  });

  it('403 with x-ratelimit-remaining: 0 and a reset 1 s ahead waits and succeeds', async () => {
    const { waits, sleep } = recordingSleep({ real: true });
    const reset = Math.floor(Date.now() / 1000) + 1;
    sandbox.faults.add({
      method: 'GET',
      path: '/repos/acme/widget',
      kind: 'status',
      status: 403,
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
      times: 1,
    });
    expect(await port({ sleep }).getDefaultBranch(product)).toBe('main');
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(1000);
    expect(waits[0]).toBeLessThanOrEqual(3000);
  });

  it('a primary limit that resets later than allowed fails at once, saying when it resets', async () => {
    const { waits, sleep } = recordingSleep();
    const reset = Math.floor(Date.now() / 1000) + 3600;
    sandbox.faults.add({
      method: 'GET',
      path: '/repos/acme/widget',
      kind: 'status',
      status: 403,
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
      times: 1,
    });
    sandbox.requests.reset();
    const error = await port({ sleep, maxRateLimitWaitSeconds: 60 }).getDefaultBranch(product).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect((error as Error).message).toMatch(/primary rate limit was hit/);
    expect((error as Error).message).toContain(new Date(reset * 1000).toISOString());
    expect(waits).toEqual([]);
    expect(sandbox.requests.count()).toBe(1);
  });

  it('a storm of secondary limits without headers backs off, stops after the retries, and says why', async () => {
    const { waits, sleep } = recordingSleep();
    const log = recordingLogger();
    sandbox.faults.add({ method: 'POST', path: /\/issues$/, kind: 'status', status: 403, body: { message: 'You have exceeded a secondary rate limit.' }, times: 50 });
    sandbox.requests.reset();
    const error = await port({ sleep, log, retries: 3 })
      .createIssue(central, { title: 'storm', body: '' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect((error as Error).message).toMatch(/secondary rate limit was hit/);
    // One try plus three retries, each after GitHub's one-minute guidance: no tight loop.
    expect(sandbox.requests.count({ method: 'POST' })).toBe(4);
    expect(waits).toEqual([60_000, 60_000, 60_000]);
    expect(log.text()).toMatch(/giving up after 3 retries/);
    sandbox.faults.clear();
  });

  it('a storm of 429 answers with retry-after is bounded too', async () => {
    const { waits, sleep } = recordingSleep();
    sandbox.faults.add({ method: 'GET', path: '/repos/acme/widget', kind: 'status', status: 429, headers: { 'retry-after': '2' }, times: 50 });
    sandbox.requests.reset();
    await expect(port({ sleep, retries: 2 }).getDefaultBranch(product)).rejects.toThrow(/secondary rate limit was hit.*asked to wait 2 s/);
    expect(sandbox.requests.count()).toBe(3);
    expect(waits).toEqual([2000, 2000]);
    sandbox.faults.clear();
  });

  it('spaces writes by minWriteIntervalMs', async () => {
    const { waits, sleep } = recordingSleep({ real: true });
    const github = port({ sleep, minWriteIntervalMs: 200 });
    const issue = await github.createIssue(central, { title: 'spaced', body: '' });
    await github.addLabels(central, issue.number, ['a']);
    await github.addLabels(central, issue.number, ['b']);
    expect(waits.length).toBeGreaterThanOrEqual(1);
    expect(waits.every((w) => w > 0 && w <= 200)).toBe(true);
  });

  it('a 401 is a GitHubApiError, not retried', async () => {
    sandbox.requests.reset();
    const error = await port({ token: 'ghp_not-a-token' }).getDefaultBranch(product).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect((error as GitHubApiError).status).toBe(401);
    expect(sandbox.requests.count()).toBe(1);
  });

  it('does not write to the console (Octokit logs 4xx there by default)', async () => {
    const original = console.error;
    const seen: unknown[] = [];
    console.error = (...args: unknown[]) => void seen.push(args);
    try {
      await port().getBranchSha(product, 'missing-branch');
    } finally {
      console.error = original;
    }
    expect(seen).toEqual([]);
  });
});
