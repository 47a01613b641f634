import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Octokit } from '@octokit/rest';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadGitHubContract } from './contract/openapi.js';
import { type GitHubSandbox, type WebhookDelivery, startGitHubSandbox } from './github/index.js';

const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

let sandbox: GitHubSandbox;
let work: string;
const tokens: Record<string, string> = {};
const kit = (name: string): Octokit => new Octokit({ auth: tokens[name], baseUrl: sandbox.apiUrl, log: silent });

/** Runs the real git CLI (async: the sandbox server lives in this process). */
function git(cwd: string, args: string[], token?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const auth = token ? ['-c', `http.extraHeader=Authorization: Basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`] : [];
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: work,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    GIT_AUTHOR_NAME: 'Alice',
    GIT_AUTHOR_EMAIL: 'alice@example.com',
    GIT_COMMITTER_NAME: 'Alice',
    GIT_COMMITTER_EMAIL: 'alice@example.com',
  };
  return new Promise((resolve) => {
    execFile('git', [...auth, ...args], { cwd, env }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

async function ok(cwd: string, args: string[], token?: string): Promise<string> {
  const res = await git(cwd, args, token);
  if (res.code !== 0) throw new Error(`git ${args.join(' ')} failed: ${res.stderr}`);
  return res.stdout.trim();
}

async function failure(promise: Promise<unknown>): Promise<{ status: number; message: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { status: number; response?: { data?: { message?: string } } };
    return { status: e.status, message: e.response?.data?.message ?? '' };
  }
  throw new Error('expected the call to fail');
}

async function deliveries(filter: (d: WebhookDelivery) => boolean): Promise<WebhookDelivery[]> {
  await sandbox.settleWebhooks();
  return (sandbox.webhooks.deliveries as readonly WebhookDelivery[]).filter(filter);
}

const repo = { owner: 'acme', repo: 'product' };

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'sandbox-git-test-'));
  sandbox = await startGitHubSandbox();
  const { admin } = sandbox;
  admin.createOrg('acme');
  for (const login of ['alice', 'bob', 'mallory']) admin.createUser(login);
  await admin.createRepo('acme', 'product', {
    files: { 'package.json': '{ "name": "@acme/product", "version": "1.0.0" }\n', 'src/index.js': 'export const a = 1;\n' },
  });
  await admin.createRepo('acme', 'secret', { visibility: 'private' });
  admin.setCollaborator('acme/product', 'alice', 'write');
  admin.setCollaborator('acme/product', 'bob', 'read');
  admin.setCollaborator('acme/secret', 'alice', 'write');
  tokens.alice = admin.issueToken({ kind: 'user', login: 'alice' });
  tokens.bob = admin.issueToken({ kind: 'user', login: 'bob' });
  tokens.mallory = admin.issueToken({ kind: 'user', login: 'mallory' });
  tokens.workflowRead = admin.issueToken({ kind: 'workflow', repository: 'acme/product', permissions: { contents: 'read' } });
  tokens.bot = admin.issueToken({ kind: 'app', appSlug: 'release-bot', permissions: { contents: 'write' } });
});

afterAll(async () => {
  await sandbox?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('git over smart HTTP and the API agree', () => {
  let clone: string;

  it('clones with a token, pushes a branch, and the API and webhooks see it with the pusher as sender', async () => {
    clone = join(work, 'product');
    await ok(work, ['clone', '--quiet', sandbox.gitUrl('acme', 'product'), clone], tokens.alice);
    expect(JSON.parse(await readFile(join(clone, 'package.json'), 'utf8')).name).toBe('@acme/product');
    await ok(clone, ['checkout', '-q', '-b', 'release/1.1']);
    await writeFile(join(clone, 'CHANGELOG.md'), '# 1.1.0\n');
    await ok(clone, ['add', '.']);
    await ok(clone, ['commit', '-q', '-m', 'chore: changelog for 1.1.0']);
    const local = await ok(clone, ['rev-parse', 'HEAD']);
    await ok(clone, ['push', '-q', 'origin', 'release/1.1'], tokens.alice);

    const branch = await kit('bob').rest.repos.getBranch({ ...repo, branch: 'release/1.1' });
    expect(branch.data.commit.sha).toBe(local);
    expect(branch.data.commit.commit.message).toBe('chore: changelog for 1.1.0');

    const pushes = await deliveries((d) => d.event === 'push' && d.payload.ref === 'refs/heads/release/1.1');
    expect(pushes).toHaveLength(1);
    const push = pushes[0]!.payload as {
      sender: { login: string };
      pusher: { name: string };
      created: boolean;
      after: string;
      before: string;
      commits: { id: string; added: string[] }[];
      head_commit: { id: string };
    };
    expect(push.sender.login).toBe('alice');
    expect(push.pusher.name).toBe('alice');
    expect(push.created).toBe(true);
    expect(push.after).toBe(local);
    expect(push.before).toBe('0'.repeat(40));
    expect(push.commits.map((c) => c.id)).toEqual([local]);
    expect(push.commits[0]!.added).toEqual(['CHANGELOG.md']);
    expect(push.head_commit.id).toBe(local);
    const creates = await deliveries((d) => d.event === 'create' && d.payload.ref === 'release/1.1');
    expect(creates.map((d) => [d.payload.ref_type, (d.payload.sender as { login: string }).login])).toEqual([['branch', 'alice']]);
  });

  it('creates a ref with the API that git ls-remote sees, and refuses a duplicate with 422', async () => {
    const main = await kit('alice').rest.repos.getBranch({ ...repo, branch: 'main' });
    const created = await kit('alice').rest.git.createRef({ ...repo, ref: 'refs/heads/api-branch', sha: main.data.commit.sha });
    expect(created.status).toBe(201);
    expect(created.data.object).toMatchObject({ type: 'commit', sha: main.data.commit.sha });
    const remote = await ok(work, ['ls-remote', sandbox.gitUrl('acme', 'product')], tokens.bob);
    expect(remote).toContain(`${main.data.commit.sha}\trefs/heads/api-branch`);
    const dup = await failure(kit('alice').rest.git.createRef({ ...repo, ref: 'refs/heads/api-branch', sha: main.data.commit.sha }));
    expect(dup).toEqual({ status: 422, message: 'Reference already exists' });
    const got = await kit('bob').rest.git.getRef({ ...repo, ref: 'heads/api-branch' });
    expect(got.data.ref).toBe('refs/heads/api-branch');
    const matching = await kit('bob').rest.git.listMatchingRefs({ ...repo, ref: 'heads/' });
    expect(matching.data.map((r) => r.ref).sort()).toEqual(['refs/heads/api-branch', 'refs/heads/main', 'refs/heads/release/1.1']);
    expect((await failure(kit('bob').rest.git.getRef({ ...repo, ref: 'heads/nope' }))).status).toBe(404);
    // Readers may not write refs.
    expect((await failure(kit('bob').rest.git.createRef({ ...repo, ref: 'refs/heads/bob', sha: main.data.commit.sha }))).status).toBe(403);
  });

  it('rejects a non-fast-forward push, accepts a force push and reports it as forced', async () => {
    // Move main through the API, then try to push a commit that does not contain it.
    const put = await kit('alice').rest.repos.createOrUpdateFileContents({
      ...repo,
      path: 'docs/api.md',
      message: 'docs: api',
      content: Buffer.from('api\n').toString('base64'),
    });
    expect(put.status).toBe(201);
    await ok(clone, ['checkout', '-q', 'main']);
    await writeFile(join(clone, 'local.txt'), 'local\n');
    await ok(clone, ['add', '.']);
    await ok(clone, ['commit', '-q', '-m', 'local change']);
    const rejected = await git(clone, ['push', 'origin', 'main'], tokens.alice);
    expect(rejected.code).not.toBe(0);
    expect(rejected.stderr).toMatch(/rejected/);
    expect((await kit('bob').rest.repos.getBranch({ ...repo, branch: 'main' })).data.commit.sha).toBe(put.data.commit.sha);

    await ok(clone, ['push', '-q', '--force', 'origin', 'main'], tokens.alice);
    const forcedSha = await ok(clone, ['rev-parse', 'HEAD']);
    expect((await kit('bob').rest.repos.getBranch({ ...repo, branch: 'main' })).data.commit.sha).toBe(forcedSha);
    const push = (await deliveries((d) => d.event === 'push' && d.payload.after === forcedSha))[0]!.payload;
    expect(push).toMatchObject({ forced: true, before: put.data.commit.sha, created: false, deleted: false });
  });

  it('refuses pushes without write access and fetches of private repos without read access', async () => {
    const bobPush = await git(clone, ['push', 'origin', 'HEAD:refs/heads/bob'], tokens.bob);
    expect(bobPush.code).not.toBe(0);
    expect(bobPush.stderr).toMatch(/403/);
    const readToken = await git(clone, ['push', 'origin', 'HEAD:refs/heads/wf'], tokens.workflowRead);
    expect(readToken.stderr).toMatch(/403/);
    const anonymous = await git(clone, ['push', 'origin', 'HEAD:refs/heads/anon']);
    expect(anonymous.code).not.toBe(0);
    const refs = await kit('alice').rest.git.listMatchingRefs({ ...repo, ref: 'heads/' });
    expect(refs.data.map((r) => r.ref)).not.toEqual(expect.arrayContaining(['refs/heads/bob', 'refs/heads/wf', 'refs/heads/anon']));

    const url = sandbox.gitUrl('acme', 'secret');
    expect((await git(work, ['ls-remote', url])).code).not.toBe(0);
    const mallory = await git(work, ['ls-remote', url], tokens.mallory);
    expect(mallory.code).not.toBe(0);
    expect(mallory.stderr).toMatch(/not found|404/i);
    expect((await git(work, ['ls-remote', url], 'not-a-token')).code).not.toBe(0);
    expect(await ok(work, ['ls-remote', url], tokens.alice)).toMatch(/refs\/heads\/main/);
    // An app installation token with contents:write pushes as its bot, here with the token in the
    // URL (git first asks without credentials, gets the 401 challenge, then sends them).
    const withToken = sandbox.gitUrl('acme', 'product').replace('http://', `http://x-access-token:${tokens.bot}@`);
    await ok(clone, ['tag', 'v0.0.1-bot']);
    await ok(clone, ['push', '-q', withToken, 'HEAD:refs/heads/bot-branch', 'refs/tags/v0.0.1-bot']);
    const botPush = (await deliveries((d) => d.event === 'push' && d.payload.ref === 'refs/heads/bot-branch'))[0]!;
    expect((botPush.payload.sender as { login: string }).login).toBe('release-bot[bot]');
    expect(botPush.causedBy).toBe('app');
    const tagCreate = await deliveries((d) => d.event === 'create' && d.payload.ref === 'v0.0.1-bot');
    expect(tagCreate.map((d) => [d.payload.ref_type, (d.payload.sender as { login: string }).login])).toEqual([['tag', 'release-bot[bot]']]);
  });

  it('updates and deletes refs through the API with fast-forward rules, and git agrees', async () => {
    const main = (await kit('alice').rest.repos.getBranch({ ...repo, branch: 'main' })).data.commit.sha;
    const feature = (await kit('alice').rest.repos.getBranch({ ...repo, branch: 'release/1.1' })).data.commit.sha;
    // release/1.1 forked from the first main; main was force-pushed since: not a fast forward.
    const nonFf = await failure(kit('alice').rest.git.updateRef({ ...repo, ref: 'heads/release/1.1', sha: main }));
    expect(nonFf).toEqual({ status: 422, message: 'Update is not a fast forward' });
    const forced = await kit('alice').rest.git.updateRef({ ...repo, ref: 'heads/release/1.1', sha: main, force: true });
    expect(forced.data.object.sha).toBe(main);
    expect(await ok(work, ['ls-remote', sandbox.gitUrl('acme', 'product'), 'refs/heads/release/1.1'], tokens.bob)).toBe(`${main}\trefs/heads/release/1.1`);
    expect(feature).not.toBe(main);

    const deleted = await kit('alice').rest.git.deleteRef({ ...repo, ref: 'heads/release/1.1' });
    expect(deleted.status).toBe(204);
    expect(await ok(work, ['ls-remote', sandbox.gitUrl('acme', 'product'), 'refs/heads/release/1.1'], tokens.bob)).toBe('');
    expect((await failure(kit('alice').rest.repos.getBranch({ ...repo, branch: 'release/1.1' }))).status).toBe(404);
    expect(await failure(kit('alice').rest.git.deleteRef({ ...repo, ref: 'heads/release/1.1' }))).toEqual({ status: 422, message: 'Reference does not exist' });
    const gone = await deliveries((d) => d.event === 'delete' && d.payload.ref === 'release/1.1');
    expect(gone).toHaveLength(1);
    const deletePush = await deliveries((d) => d.event === 'push' && d.payload.ref === 'refs/heads/release/1.1' && d.payload.deleted === true);
    expect(deletePush).toHaveLength(1);
  });
});

describe('concurrent writers', () => {
  it('serialises a git push and an API update of the same branch: one wins, nothing is lost', async () => {
    const api = kit('alice').rest;
    const start = (await api.repos.getBranch({ ...repo, branch: 'main' })).data.commit.sha;
    await api.git.createRef({ ...repo, ref: 'refs/heads/race', sha: start });
    // An API-made commit on top of start (not on any branch yet), and a local commit on top of it too.
    const side = await api.repos.createOrUpdateFileContents({ ...repo, branch: 'main', path: 'race-api.txt', message: 'api side', content: Buffer.from('a\n').toString('base64') });
    const local = join(work, 'race');
    await ok(work, ['clone', '--quiet', '--branch', 'race', sandbox.gitUrl('acme', 'product'), local], tokens.alice);
    await writeFile(join(local, 'race-git.txt'), 'g\n');
    await ok(local, ['add', '.']);
    await ok(local, ['commit', '-q', '-m', 'git side']);
    const pushed = await ok(local, ['rev-parse', 'HEAD']);

    const [push, update] = await Promise.all([
      git(local, ['push', 'origin', 'race'], tokens.alice),
      api.git.updateRef({ ...repo, ref: 'heads/race', sha: side.data.commit.sha! }).then(
        (r) => r.data.object.sha,
        (e: { status: number }) => e.status,
      ),
    ]);
    const final = (await api.repos.getBranch({ ...repo, branch: 'race' })).data.commit.sha;
    const remote = await ok(work, ['ls-remote', sandbox.gitUrl('acme', 'product'), 'refs/heads/race'], tokens.bob);
    expect(remote).toBe(`${final}\trefs/heads/race`);
    // Both started from `start`; whichever ran second was no longer a fast forward.
    if (push.code === 0) {
      expect(final).toBe(pushed);
      expect(update).toBe(422);
    } else {
      expect(final).toBe(side.data.commit.sha);
      expect(update).toBe(side.data.commit.sha);
    }
    const moves = await deliveries((d) => d.event === 'push' && d.payload.ref === 'refs/heads/race' && d.payload.created === false);
    expect(moves.map((d) => d.payload.after)).toEqual([final]);
  });
});

describe('git data through the API', () => {
  it('merges with 201, answers 204 when there is nothing to merge and 409 on a conflict', async () => {
    const api = kit('alice').rest;
    const base = (await api.repos.getBranch({ ...repo, branch: 'main' })).data.commit.sha;
    await api.git.createRef({ ...repo, ref: 'refs/heads/topic', sha: base });
    await api.repos.createOrUpdateFileContents({ ...repo, branch: 'topic', path: 'topic.txt', message: 'topic', content: Buffer.from('t\n').toString('base64') });
    await api.repos.createOrUpdateFileContents({ ...repo, path: 'main.txt', message: 'main', content: Buffer.from('m\n').toString('base64') });

    const merged = await api.repos.merge({ ...repo, base: 'main', head: 'topic', commit_message: 'Merge topic' });
    expect(merged.status).toBe(201);
    expect(merged.data.parents).toHaveLength(2);
    expect(merged.data.commit.message).toBe('Merge topic');
    const tree = await ok(work, ['ls-remote', sandbox.gitUrl('acme', 'product'), 'refs/heads/main'], tokens.bob);
    expect(tree).toBe(`${merged.data.sha}\trefs/heads/main`);
    const topic = await api.repos.getContent({ ...repo, path: 'topic.txt', ref: 'main' });
    expect(Buffer.from((topic.data as { content: string }).content, 'base64').toString()).toBe('t\n');
    const dir = await api.repos.getContent({ ...repo, path: 'src', ref: 'main' });
    expect((dir.data as { name: string; type: string }[]).map((e) => [e.name, e.type])).toEqual([['index.js', 'file']]);
    expect((await api.repos.getBranch({ ...repo, branch: 'main' })).data.commit.sha).toBe(merged.data.sha);

    const again = await api.repos.merge({ ...repo, base: 'main', head: 'topic' });
    expect(again.status).toBe(204);

    const fork = (await api.repos.getBranch({ ...repo, branch: 'main' })).data.commit.sha;
    await api.git.createRef({ ...repo, ref: 'refs/heads/clash', sha: fork });
    const current = await api.repos.getContent({ ...repo, path: 'main.txt' });
    const blob = (current.data as { sha: string }).sha;
    await api.repos.createOrUpdateFileContents({ ...repo, branch: 'clash', path: 'main.txt', message: 'clash', content: Buffer.from('clash\n').toString('base64'), sha: blob });
    await api.repos.createOrUpdateFileContents({ ...repo, path: 'main.txt', message: 'mine', content: Buffer.from('mine\n').toString('base64'), sha: blob });
    const before = (await api.repos.getBranch({ ...repo, branch: 'main' })).data.commit.sha;
    expect(await failure(api.repos.merge({ ...repo, base: 'main', head: 'clash' }))).toEqual({ status: 409, message: 'Merge conflict' });
    expect((await api.repos.getBranch({ ...repo, branch: 'main' })).data.commit.sha).toBe(before);
    expect((await failure(api.repos.merge({ ...repo, base: 'nope', head: 'clash' }))).status).toBe(404);
  });

  it('reads contents as base64 at a ref, 404 when absent, and updates only with the right blob sha', async () => {
    const api = kit('alice').rest;
    const file = await kit('bob').rest.repos.getContent({ ...repo, path: 'package.json', ref: 'main' });
    const data = file.data as { type: string; encoding: string; content: string; sha: string; size: number };
    expect(data.type).toBe('file');
    expect(data.encoding).toBe('base64');
    expect(JSON.parse(Buffer.from(data.content, 'base64').toString('utf8')).version).toBe('1.0.0');
    expect(data.size).toBe(Buffer.from(data.content, 'base64').length);
    expect((await failure(api.repos.getContent({ ...repo, path: 'missing.txt' }))).status).toBe(404);
    expect((await failure(api.repos.getContent({ ...repo, path: 'package.json', ref: 'no-such-branch' }))).status).toBe(404);

    const first = (await api.repos.listCommits({ ...repo, per_page: 100 })).data.at(-1)!;
    const old = await api.repos.getContent({ ...repo, path: 'docs/api.md', ref: first.sha }).catch((e: { status: number }) => e.status);
    expect(old).toBe(404);

    const noSha = await failure(api.repos.createOrUpdateFileContents({ ...repo, path: 'package.json', message: 'bump', content: Buffer.from('{}\n').toString('base64') }));
    expect(noSha.status).toBe(422);
    const wrongSha = await failure(api.repos.createOrUpdateFileContents({ ...repo, path: 'package.json', message: 'bump', content: Buffer.from('{}\n').toString('base64'), sha: '0'.repeat(40) }));
    expect(wrongSha.status).toBe(409);
    const updated = await api.repos.createOrUpdateFileContents({
      ...repo,
      path: 'package.json',
      message: 'chore: release 1.1.0',
      content: Buffer.from('{ "name": "@acme/product", "version": "1.1.0" }\n').toString('base64'),
      sha: data.sha,
    });
    expect(updated.status).toBe(200);
    expect(updated.data.commit.message).toBe('chore: release 1.1.0');
    const readBack = await api.repos.getContent({ ...repo, path: 'package.json', ref: updated.data.commit.sha! });
    expect(JSON.parse(Buffer.from((readBack.data as { content: string }).content, 'base64').toString('utf8')).version).toBe('1.1.0');
    // The commit's author is the token's user, so the API links it to the account.
    const commit = await api.repos.getCommit({ ...repo, ref: updated.data.commit.sha! });
    expect(commit.data.author?.login).toBe('alice');
    expect(commit.data.files?.map((f) => [f.filename, f.status])).toEqual([['package.json', 'modified']]);
    // Over 1 MB: no inline content, as on GitHub; the raw media type gives the bytes.
    const big = Buffer.alloc(1024 * 1024 + 10, 'x');
    await api.repos.createOrUpdateFileContents({ ...repo, path: 'big.txt', message: 'big', content: big.toString('base64') });
    const bigJson = (await api.repos.getContent({ ...repo, path: 'big.txt' })).data as { encoding: string; content: string; size: number };
    expect(bigJson).toMatchObject({ encoding: 'none', content: '', size: big.length });
    const raw = await api.repos.getContent({ ...repo, path: 'big.txt', mediaType: { format: 'raw' } });
    expect(Buffer.from(raw.data as unknown as ArrayBuffer).equals(big)).toBe(true);
    // Readers cannot write contents.
    expect((await failure(kit('bob').rest.repos.createOrUpdateFileContents({ ...repo, path: 'x', message: 'x', content: '' }))).status).toBe(403);
  });

  it('compares two refs with ahead/behind counts, commits and files', async () => {
    const api = kit('alice').rest;
    const main = (await api.repos.getBranch({ ...repo, branch: 'main' })).data.commit.sha;
    await api.git.createRef({ ...repo, ref: 'refs/heads/cmp', sha: main });
    await api.repos.createOrUpdateFileContents({ ...repo, branch: 'cmp', path: 'cmp.txt', message: 'cmp 1', content: Buffer.from('1\n2\n').toString('base64') });
    await api.repos.createOrUpdateFileContents({ ...repo, path: 'other.txt', message: 'other', content: Buffer.from('o\n').toString('base64') });
    const cmp = await api.repos.compareCommitsWithBasehead({ ...repo, basehead: 'main...cmp' });
    expect(cmp.data).toMatchObject({ status: 'diverged', ahead_by: 1, behind_by: 1, total_commits: 1 });
    expect(cmp.data.merge_base_commit.sha).toBe(main);
    expect(cmp.data.commits.map((c) => c.commit.message)).toEqual(['cmp 1']);
    expect(cmp.data.files?.map((f) => [f.filename, f.status, f.additions])).toEqual([['cmp.txt', 'added', 2]]);
    const ahead = await api.repos.compareCommitsWithBasehead({ ...repo, basehead: `${main}...main` });
    expect(ahead.data).toMatchObject({ status: 'ahead', ahead_by: 1, behind_by: 0 });
    const same = await api.repos.compareCommitsWithBasehead({ ...repo, basehead: 'main...main' });
    expect(same.data.status).toBe('identical');
    expect((await failure(api.repos.compareCommitsWithBasehead({ ...repo, basehead: 'main...nope' }))).status).toBe(404);
  });

  it('creates annotated and lightweight tags that git sees, lists tags, branches and history', async () => {
    const api = kit('alice').rest;
    const main = (await api.repos.getBranch({ ...repo, branch: 'main' })).data.commit.sha;
    const tag = await api.git.createTag({ ...repo, tag: 'v1.1.0', message: 'Release 1.1.0', object: main, type: 'commit', tagger: { name: 'Release Bot', email: 'bot@example.com', date: '2026-01-02T03:04:05Z' } });
    expect(tag.status).toBe(201);
    expect(tag.data).toMatchObject({ tag: 'v1.1.0', message: 'Release 1.1.0\n', object: { sha: main, type: 'commit' } });
    await api.git.createRef({ ...repo, ref: 'refs/tags/v1.1.0', sha: tag.data.sha });
    await api.git.createRef({ ...repo, ref: 'refs/tags/light', sha: main });
    const ref = await api.git.getRef({ ...repo, ref: 'tags/v1.1.0' });
    expect(ref.data.object).toMatchObject({ type: 'tag', sha: tag.data.sha });
    expect((await api.git.getTag({ ...repo, tag_sha: tag.data.sha })).data.tagger.date).toBe('2026-01-02T03:04:05Z');
    const gitCommit = await api.git.getCommit({ ...repo, commit_sha: main });
    expect(gitCommit.data.sha).toBe(main);
    expect(gitCommit.data.parents.length).toBeGreaterThan(0);
    const remote = await ok(work, ['ls-remote', '--tags', sandbox.gitUrl('acme', 'product')], tokens.bob);
    expect(remote).toContain(`${tag.data.sha}\trefs/tags/v1.1.0`);
    expect(remote).toContain(`${main}\trefs/tags/v1.1.0^{}`);
    expect(remote).toContain(`${main}\trefs/tags/light`);
    const tags = await api.repos.listTags({ ...repo });
    expect(tags.data.map((t) => t.name).sort()).toEqual(['light', 'v0.0.1-bot', 'v1.1.0']);
    expect(tags.data.find((t) => t.name === 'v1.1.0')!.commit.sha).toBe(main);
    // A tag name resolves like a branch in the commits API.
    expect((await api.repos.getCommit({ ...repo, ref: 'v1.1.0' })).data.sha).toBe(main);
    const tagEvents = await deliveries((d) => d.event === 'create' && d.payload.ref_type === 'tag');
    expect(tagEvents.map((d) => d.payload.ref).sort()).toEqual(['light', 'v0.0.1-bot', 'v1.1.0']);

    const branches = await kit('alice').paginate(api.repos.listBranches, { ...repo, per_page: 2 });
    expect(branches.map((b) => b.name)).toEqual(expect.arrayContaining(['main', 'topic', 'clash', 'cmp', 'api-branch', 'bot-branch']));
    const page1 = await api.repos.listCommits({ ...repo, sha: 'main', per_page: 2 });
    expect(page1.data).toHaveLength(2);
    expect(page1.data[0]!.sha).toBe(main);
    expect(page1.headers.link).toMatch(/rel="next"/);
    const all = await kit('alice').paginate(api.repos.listCommits, { ...repo, sha: 'main', per_page: 3 });
    expect(all.at(-1)!.commit.message).toBe('Initial commit');
    expect(new Set(all.map((c) => c.sha)).size).toBe(all.length);
  });

  it('answers every git route and webhook in the shapes of GitHub\'s published contract', async () => {
    const contract = await loadGitHubContract();
    const problems: string[] = [];
    const checked = new Set<string>();
    for (const entry of sandbox.requests.entries) {
      if (!entry.route || entry.route.endsWith('.git') || entry.status >= 300 || entry.responseBody === undefined || Buffer.isBuffer(entry.responseBody)) continue;
      const errors = contract.validateResponse({ method: entry.method, route: entry.route, status: entry.status, body: entry.responseBody });
      checked.add(`${entry.method} ${entry.route}`);
      if (errors.length) problems.push(`${entry.method} ${entry.route} ${entry.status}: ${errors.slice(0, 3).join('; ')}`);
    }
    for (const d of await deliveries((x) => ['push', 'create', 'delete'].includes(x.event))) {
      const errors = contract.validateWebhook(d.event, d.action, d.payload);
      if (errors.length) problems.push(`webhook ${d.event}: ${errors.slice(0, 3).join('; ')}`);
    }
    expect(problems).toEqual([]);
    // Every JSON route of the git module answered with a success at least once above.
    expect([...checked].sort()).toEqual(
      expect.arrayContaining([
        'GET /repos/{owner}/{repo}/git/ref/{ref}',
        'GET /repos/{owner}/{repo}/git/matching-refs/{ref}',
        'POST /repos/{owner}/{repo}/git/refs',
        'PATCH /repos/{owner}/{repo}/git/refs/{ref}',
        'POST /repos/{owner}/{repo}/git/tags',
        'GET /repos/{owner}/{repo}/git/tags/{tag_sha}',
        'GET /repos/{owner}/{repo}/git/commits/{commit_sha}',
        'GET /repos/{owner}/{repo}/branches',
        'GET /repos/{owner}/{repo}/branches/{branch}',
        'GET /repos/{owner}/{repo}/commits',
        'GET /repos/{owner}/{repo}/commits/{ref}',
        'GET /repos/{owner}/{repo}/compare/{basehead}',
        'POST /repos/{owner}/{repo}/merges',
        'GET /repos/{owner}/{repo}/contents/{path}',
        'PUT /repos/{owner}/{repo}/contents/{path}',
        'GET /repos/{owner}/{repo}/tags',
      ]),
    );
  });
});
