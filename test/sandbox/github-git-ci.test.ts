import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Octokit } from '@octokit/rest';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadGitHubContract } from './contract/openapi.js';
import { type GitHubSandbox, type WebhookDelivery, startGitHubSandbox } from './github/index.js';
import { expireArtifact } from './github/routes/actions.js';
import { crc32, readZip, writeZip } from './github/zip.js';

const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

let sandbox: GitHubSandbox;
let work: string;
let head: string;
const tokens: Record<string, string> = {};
const kit = (name: string): Octokit => new Octokit({ auth: tokens[name], baseUrl: sandbox.apiUrl, log: silent });
const repo = { owner: 'acme', repo: 'product' };

async function failure(promise: Promise<unknown>): Promise<{ status: number; message: string; errors: unknown }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { status: number; response?: { data?: { message?: string; errors?: unknown } } };
    return { status: e.status, message: e.response?.data?.message ?? '', errors: e.response?.data?.errors };
  }
  throw new Error('expected the call to fail');
}

async function deliveries(filter: (d: WebhookDelivery) => boolean): Promise<WebhookDelivery[]> {
  // Some payloads are built after a git read; give those a moment, then wait for the queue.
  await new Promise((resolve) => setTimeout(resolve, 50));
  await sandbox.settleWebhooks();
  return (sandbox.webhooks.deliveries as readonly WebhookDelivery[]).filter(filter);
}

const RELEASE_WORKFLOW = `name: Release
on:
  workflow_dispatch:
    inputs:
      version:
        description: Version to release
        required: true
      dry-run:
        type: boolean
        default: false
  push:
    branches: [main]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: echo building
`;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'sandbox-ci-test-'));
  sandbox = await startGitHubSandbox();
  const { admin } = sandbox;
  admin.createOrg('acme');
  for (const login of ['alice', 'bob']) admin.createUser(login);
  await admin.createRepo('acme', 'product', { files: { '.github/workflows/release.yml': RELEASE_WORKFLOW, '.github/workflows/ci.yml': 'on: push\njobs: {}\n' } });
  admin.setCollaborator('acme/product', 'alice', 'write');
  admin.setCollaborator('acme/product', 'bob', 'read');
  tokens.alice = admin.issueToken({ kind: 'user', login: 'alice' });
  tokens.bob = admin.issueToken({ kind: 'user', login: 'bob' });
  tokens.ci = admin.issueToken({ kind: 'app', appSlug: 'ci-app', permissions: { checks: 'write', statuses: 'write', contents: 'read' } });
  tokens.other = admin.issueToken({ kind: 'app', appSlug: 'other-app', permissions: { checks: 'write' } });
  tokens.workflow = admin.issueToken({ kind: 'workflow', repository: 'acme/product', permissions: { actions: 'write', contents: 'write', checks: 'write' } });
  tokens.workflowRead = admin.issueToken({ kind: 'workflow', repository: 'acme/product', permissions: { actions: 'read', contents: 'read' } });
  head = (await admin.branchSha('acme/product', 'main'))!;
});

afterAll(async () => {
  await sandbox?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('check runs and commit statuses', () => {
  it('lists more than 100 check runs of a ref page by page with total_count', async () => {
    for (let i = 0; i < 105; i++) sandbox.admin.addCheckRun('acme/product', head, { name: `test-${i}`, status: 'completed', conclusion: 'success' });
    const first = await kit('bob').rest.checks.listForRef({ ...repo, ref: 'main', per_page: 100 });
    expect(first.data.total_count).toBe(105);
    expect(first.data.check_runs).toHaveLength(100);
    expect(first.headers.link).toMatch(/rel="next"/);
    const second = await kit('bob').rest.checks.listForRef({ ...repo, ref: head, per_page: 100, page: 2 });
    expect(second.data.check_runs).toHaveLength(5);
    const names = new Set([...first.data.check_runs, ...second.data.check_runs].map((r) => r.name));
    expect(names.size).toBe(105);
    const byName = await kit('bob').rest.checks.listForRef({ ...repo, ref: 'main', check_name: 'test-7' });
    expect(byName.data.total_count).toBe(1);
    expect(byName.data.check_runs[0]).toMatchObject({ status: 'completed', conclusion: 'success', head_sha: head });
  });

  it('creates and completes check runs as an app, completes the suite, and refuses users and other apps', async () => {
    const created = await kit('ci').rest.checks.create({ ...repo, name: 'build', head_sha: head, status: 'in_progress' });
    expect(created.status).toBe(201);
    expect(created.data.app?.slug).toBe('ci-app');
    const lint = await kit('ci').rest.checks.create({ ...repo, name: 'lint', head_sha: head });
    expect(lint.data.status).toBe('queued');
    expect((await failure(kit('alice').rest.checks.create({ ...repo, name: 'x', head_sha: head }))).status).toBe(403);
    expect((await failure(kit('other').rest.checks.update({ ...repo, check_run_id: created.data.id, conclusion: 'success' }))).status).toBe(403);
    expect((await failure(kit('ci').rest.checks.create({ ...repo, name: 'x', head_sha: 'f'.repeat(40) }))).status).toBe(422);

    await kit('ci').rest.checks.update({ ...repo, check_run_id: created.data.id, status: 'completed', conclusion: 'failure' });
    expect(await deliveries((d) => d.event === 'check_suite' && (d.payload.check_suite as { app: { slug: string } }).app.slug === 'ci-app')).toHaveLength(0);
    await kit('ci').rest.checks.update({ ...repo, check_run_id: lint.data.id, conclusion: 'success' });
    const got = await kit('bob').rest.checks.get({ ...repo, check_run_id: created.data.id });
    expect(got.data).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(got.data.completed_at).not.toBeNull();

    const suites = await deliveries((d) => d.event === 'check_suite' && (d.payload.check_suite as { app: { slug: string } }).app.slug === 'ci-app');
    expect(suites.map((d) => [d.action, (d.payload.check_suite as { conclusion: string }).conclusion])).toEqual([['completed', 'failure']]);
    const runs = await deliveries((d) => d.event === 'check_run' && (d.payload.check_run as { id: number }).id === created.data.id);
    expect(runs.map((d) => d.action)).toEqual(['created', 'completed']);
    expect((runs[0]!.payload.sender as { login: string }).login).toBe('ci-app[bot]');

    const listed = await kit('bob').rest.checks.listSuitesForRef({ ...repo, ref: head });
    const ciSuite = listed.data.check_suites.find((s) => s.app?.slug === 'ci-app');
    expect(ciSuite).toMatchObject({ status: 'completed', conclusion: 'failure', latest_check_runs_count: 2 });
  });

  it('lets scenarios move a check run through the admin functions', async () => {
    const id = sandbox.admin.addCheckRun('acme/product', head, { name: 'e2e', status: 'queued', appSlug: 'scenario-ci' });
    sandbox.admin.updateCheckRun('acme/product', id, { status: 'in_progress' });
    expect((await kit('bob').rest.checks.get({ ...repo, check_run_id: id })).data.status).toBe('in_progress');
    sandbox.admin.updateCheckRun('acme/product', id, { conclusion: 'timed_out' });
    expect((await kit('bob').rest.checks.get({ ...repo, check_run_id: id })).data).toMatchObject({ status: 'completed', conclusion: 'timed_out' });
    expect(() => sandbox.admin.updateCheckRun('acme/product', id, { conclusion: 'great' })).toThrow(/invalid check conclusion/);
  });

  it('combines commit statuses per context, with pagination of statuses', async () => {
    const api = kit('ci').rest;
    const empty = await kit('bob').rest.repos.getCombinedStatusForRef({ ...repo, ref: 'main' });
    expect(empty.data).toMatchObject({ state: 'pending', total_count: 0, sha: head });

    await api.repos.createCommitStatus({ ...repo, sha: head, state: 'pending', context: 'ci/build' });
    await api.repos.createCommitStatus({ ...repo, sha: head, state: 'success', context: 'ci/build', target_url: 'http://example.test/1' });
    let combined = await kit('bob').rest.repos.getCombinedStatusForRef({ ...repo, ref: 'main' });
    expect(combined.data).toMatchObject({ state: 'success', total_count: 1 });
    expect(combined.data.statuses[0]).toMatchObject({ context: 'ci/build', state: 'success', target_url: 'http://example.test/1' });

    sandbox.admin.setCommitStatus('acme/product', head, { context: 'ci/e2e', state: 'failure' });
    combined = await kit('bob').rest.repos.getCombinedStatusForRef({ ...repo, ref: head });
    expect(combined.data.state).toBe('failure');
    const page = await kit('bob').rest.repos.getCombinedStatusForRef({ ...repo, ref: head, per_page: 1, page: 2 });
    expect(page.data.total_count).toBe(2);
    expect(page.data.statuses).toHaveLength(1);

    const all = await kit('bob').rest.repos.listCommitStatusesForRef({ ...repo, ref: 'main' });
    expect(all.data.map((s) => s.state)).toEqual(['failure', 'success', 'pending']);
    expect(all.data[1]!.creator?.login).toBe('ci-app[bot]');
    expect((await failure(kit('bob').rest.repos.createCommitStatus({ ...repo, sha: head, state: 'success' }))).status).toBe(403);
    expect((await failure(api.repos.createCommitStatus({ ...repo, sha: head, state: 'great' as 'success' }))).status).toBe(422);

    const statuses = await deliveries((d) => d.event === 'status');
    expect(statuses.map((d) => [d.payload.context, d.payload.state])).toEqual([
      ['ci/build', 'pending'],
      ['ci/build', 'success'],
      ['ci/e2e', 'failure'],
    ]);
    expect((statuses[0]!.payload.commit as { sha: string }).sha).toBe(head);
    expect((statuses[0]!.payload.branches as { name: string }[]).map((b) => b.name)).toEqual(['main']);
  });
});

describe('releases and assets', () => {
  it('creates a release (and its tag), uploads an asset and downloads the same bytes', async () => {
    const api = kit('alice').rest;
    const created = await api.repos.createRelease({ ...repo, tag_name: 'v1.0.0', name: '1.0.0', body: 'notes' });
    expect(created.status).toBe(201);
    expect(created.data.upload_url).toBe(`${sandbox.apiUrl}/repos/acme/product/releases/${created.data.id}/assets{?name,label}`);
    // Publishing made the tag in the real repository.
    expect((await api.git.getRef({ ...repo, ref: 'tags/v1.0.0' })).data.object.sha).toBe(head);
    expect((await deliveries((d) => d.event === 'create' && d.payload.ref === 'v1.0.0')).length).toBe(1);

    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 256));
    const uploaded = await api.repos.uploadReleaseAsset({
      ...repo,
      release_id: created.data.id,
      url: created.data.upload_url,
      name: 'product-1.0.0.tgz',
      data: bytes as unknown as string,
      headers: { 'content-type': 'application/gzip', 'content-length': bytes.length },
    });
    expect(uploaded.status).toBe(201);
    expect(uploaded.data).toMatchObject({ name: 'product-1.0.0.tgz', size: bytes.length, content_type: 'application/gzip', state: 'uploaded' });
    expect(uploaded.data.digest).toMatch(/^sha256:[0-9a-f]{64}$/);

    const download = await kit('bob').rest.repos.getReleaseAsset({ ...repo, asset_id: uploaded.data.id, headers: { accept: 'application/octet-stream' } });
    expect(Buffer.from(download.data as unknown as ArrayBuffer).equals(bytes)).toBe(true);
    const browser = await fetch(uploaded.data.browser_download_url);
    expect(browser.status).toBe(200);
    expect(Buffer.from(await browser.arrayBuffer()).equals(bytes)).toBe(true);

    const dup = await failure(
      api.repos.uploadReleaseAsset({ ...repo, release_id: created.data.id, url: created.data.upload_url, name: 'product-1.0.0.tgz', data: 'x', headers: { 'content-type': 'application/octet-stream' } }),
    );
    expect(dup.status).toBe(422);
    expect(dup.errors).toEqual([expect.objectContaining({ code: 'already_exists', field: 'name' })]);
    expect((await failure(kit('bob').rest.repos.createRelease({ ...repo, tag_name: 'v9' }))).status).toBe(403);
    const again = await failure(api.repos.createRelease({ ...repo, tag_name: 'v1.0.0' }));
    expect(again.status).toBe(422);

    const byTag = await kit('bob').rest.repos.getReleaseByTag({ ...repo, tag: 'v1.0.0' });
    expect(byTag.data.assets.map((a) => a.name)).toEqual(['product-1.0.0.tgz']);
    const extra = await api.repos.uploadReleaseAsset({ ...repo, release_id: created.data.id, url: created.data.upload_url, name: 'notes.txt', data: 'n', headers: { 'content-type': 'application/octet-stream' } });
    const renamed = await api.repos.updateReleaseAsset({ ...repo, asset_id: extra.data.id, name: 'NOTES.txt', label: 'Notes' });
    expect(renamed.data).toMatchObject({ name: 'NOTES.txt', label: 'Notes' });
    expect((await kit('bob').rest.repos.listReleaseAssets({ ...repo, release_id: created.data.id })).data.map((a) => a.name)).toEqual(['product-1.0.0.tgz', 'NOTES.txt']);
    expect((await api.repos.deleteReleaseAsset({ ...repo, asset_id: extra.data.id })).status).toBe(204);
    expect((await failure(kit('bob').rest.repos.getReleaseAsset({ ...repo, asset_id: extra.data.id }))).status).toBe(404);
    const releases = await deliveries((d) => d.event === 'release');
    expect(releases.map((d) => d.action)).toEqual(['created', 'published', 'released']);
  });

  it('keeps drafts out of tag lookups and away from readers, and publishes them later', async () => {
    const api = kit('alice').rest;
    const draft = await api.repos.createRelease({ ...repo, tag_name: 'v2.0.0', draft: true, target_commitish: 'main' });
    expect(draft.data.draft).toBe(true);
    expect((await failure(api.repos.getReleaseByTag({ ...repo, tag: 'v2.0.0' }))).status).toBe(404);
    expect((await failure(api.git.getRef({ ...repo, ref: 'tags/v2.0.0' }))).status).toBe(404);
    expect((await api.repos.getRelease({ ...repo, release_id: draft.data.id })).data.draft).toBe(true);
    expect((await failure(kit('bob').rest.repos.getRelease({ ...repo, release_id: draft.data.id }))).status).toBe(404);
    expect((await api.repos.listReleases({ ...repo })).data.map((r) => r.tag_name)).toEqual(['v2.0.0', 'v1.0.0']);
    expect((await kit('bob').rest.repos.listReleases({ ...repo })).data.map((r) => r.tag_name)).toEqual(['v1.0.0']);

    const published = await api.repos.updateRelease({ ...repo, release_id: draft.data.id, draft: false, name: '2.0.0' });
    expect(published.data).toMatchObject({ draft: false, name: '2.0.0' });
    expect(published.data.published_at).not.toBeNull();
    expect((await api.git.getRef({ ...repo, ref: 'tags/v2.0.0' })).data.object.sha).toBe(head);
    expect((await kit('bob').rest.repos.getReleaseByTag({ ...repo, tag: 'v2.0.0' })).data.id).toBe(draft.data.id);
    expect((await kit('bob').rest.repos.getLatestRelease({ ...repo })).data.tag_name).toBe('v2.0.0');

    expect((await api.repos.deleteRelease({ ...repo, release_id: draft.data.id })).status).toBe(204);
    expect((await failure(api.repos.getRelease({ ...repo, release_id: draft.data.id }))).status).toBe(404);
  });
});

describe('actions: workflow runs, artifacts, dispatch', () => {
  it('lists workflow runs by head_sha and status and moves them on', async () => {
    const runId = sandbox.admin.createWorkflowRun('acme/product', { name: 'CI', path: '.github/workflows/ci.yml', headSha: head, headBranch: 'main', event: 'push', status: 'in_progress', actor: 'alice' });
    sandbox.admin.createWorkflowRun('acme/product', { name: 'CI', path: '.github/workflows/ci.yml', headSha: 'a'.repeat(40), event: 'push', conclusion: 'failure' });
    const bySha = await kit('bob').rest.actions.listWorkflowRunsForRepo({ ...repo, head_sha: head });
    expect(bySha.data.total_count).toBe(1);
    expect(bySha.data.workflow_runs[0]).toMatchObject({ id: runId, status: 'in_progress', conclusion: null, head_branch: 'main', event: 'push' });
    expect(bySha.data.workflow_runs[0]!.head_commit?.id).toBe(head);
    expect((await kit('bob').rest.actions.listWorkflowRunsForRepo({ ...repo, status: 'failure' })).data.total_count).toBe(1);

    sandbox.admin.updateWorkflowRun('acme/product', runId, { conclusion: 'success' });
    const run = await kit('bob').rest.actions.getWorkflowRun({ ...repo, run_id: runId });
    expect(run.data).toMatchObject({ status: 'completed', conclusion: 'success', run_number: 1 });
    const events = await deliveries((d) => d.event === 'workflow_run' && (d.payload.workflow_run as { id: number }).id === runId);
    expect(events.map((d) => d.action)).toEqual(['requested', 'completed']);
    expect((await failure(kit('bob').rest.actions.getWorkflowRun({ ...repo, run_id: 1 }))).status).toBe(404);
    const workflows = await kit('bob').rest.actions.listRepoWorkflows({ ...repo });
    const ci = workflows.data.workflows.find((w) => w.path === '.github/workflows/ci.yml')!;
    expect(ci.name).toBe('CI');
    const perWorkflow = await kit('bob').rest.actions.listWorkflowRuns({ ...repo, workflow_id: 'ci.yml' });
    expect(perWorkflow.data.workflow_runs.map((r) => r.run_number).sort()).toEqual([1, 2]);
    expect((await kit('bob').rest.actions.listWorkflowRuns({ ...repo, workflow_id: ci.id, head_sha: head })).data.total_count).toBe(1);
  });

  it('serves artifacts as real zips through a redirect, lists them per run and repo', async () => {
    const runId = sandbox.admin.createWorkflowRun('acme/product', { name: 'Build', headSha: head, event: 'workflow_dispatch', conclusion: 'success' });
    const tarball = Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 251));
    const id = sandbox.admin.addArtifact('acme/product', runId, 'package', { 'product-1.0.0.tgz': tarball, 'digest.txt': 'sha256:abc\n' });
    const perRun = await kit('workflowRead').rest.actions.listWorkflowRunArtifacts({ ...repo, run_id: runId });
    expect(perRun.data.artifacts.map((a) => [a.id, a.name, a.workflow_run?.id])).toEqual([[id, 'package', runId]]);
    const perRepo = await kit('bob').rest.actions.listArtifactsForRepo({ ...repo, name: 'package' });
    expect(perRepo.data.total_count).toBe(1);
    const meta = await kit('bob').rest.actions.getArtifact({ ...repo, artifact_id: id });
    expect(meta.data.archive_download_url).toBe(`${sandbox.apiUrl}/repos/acme/product/actions/artifacts/${id}/zip`);

    // Octokit follows the 302 to the sandbox's blob URL, as it does to GitHub's storage.
    const zip = await kit('workflowRead').rest.actions.downloadArtifact({ ...repo, artifact_id: id, archive_format: 'zip' });
    const files = readZip(Buffer.from(zip.data as ArrayBuffer));
    expect(Object.keys(files).sort()).toEqual(['digest.txt', 'product-1.0.0.tgz']);
    expect(files['product-1.0.0.tgz']!.equals(tarball)).toBe(true);
    expect(meta.data.size_in_bytes).toBe(Buffer.from(zip.data as ArrayBuffer).length);
    expect(meta.data.digest).toBe(`sha256:${createHash('sha256').update(Buffer.from(zip.data as ArrayBuffer)).digest('hex')}`);

    const redirect = await fetch(`${sandbox.apiUrl}/repos/acme/product/actions/artifacts/${id}/zip`, { headers: { authorization: `token ${tokens.bob}` }, redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toMatch(new RegExp(`^${sandbox.serverUrl}/_sandbox/artifacts/${id}/[0-9a-f]{32}\\.zip$`));
    expect((await fetch(`${sandbox.serverUrl}/_sandbox/artifacts/${id}/${'0'.repeat(32)}.zip`)).status).toBe(404);
    expireArtifact(sandbox.app, id);
    expect((await failure(kit('bob').rest.actions.downloadArtifact({ ...repo, artifact_id: id, archive_format: 'zip' }))).status).toBe(410);
  });

  it('dispatches a workflow with inputs (even from a workflow token) and validates it against the file', async () => {
    const dispatched = await kit('alice').rest.actions.createWorkflowDispatch({ ...repo, workflow_id: 'release.yml', ref: 'main', inputs: { version: '1.2.3' } });
    expect(dispatched.status).toBe(204);
    await kit('workflow').rest.actions.createWorkflowDispatch({ ...repo, workflow_id: 'release.yml', ref: 'v1.0.0', inputs: { version: '1.2.4', 'dry-run': 'true' } });
    const events = await deliveries((d) => d.event === 'workflow_dispatch');
    expect(events.map((d) => [d.payload.ref, d.payload.workflow, d.payload.inputs, (d.payload.sender as { login: string }).login, d.causedBy])).toEqual([
      ['refs/heads/main', '.github/workflows/release.yml', { version: '1.2.3' }, 'alice', 'user'],
      ['refs/tags/v1.0.0', '.github/workflows/release.yml', { version: '1.2.4', 'dry-run': 'true' }, 'github-actions[bot]', 'workflow-token'],
    ]);

    const wf = kit('alice').rest.actions;
    expect((await failure(wf.createWorkflowDispatch({ ...repo, workflow_id: 'missing.yml', ref: 'main' }))).status).toBe(404);
    expect((await failure(wf.createWorkflowDispatch({ ...repo, workflow_id: 'ci.yml', ref: 'main' }))).message).toMatch(/workflow_dispatch/);
    expect((await failure(wf.createWorkflowDispatch({ ...repo, workflow_id: 'release.yml', ref: 'main', inputs: { version: '1', evil: 'x' } }))).message).toMatch(/Unexpected inputs/);
    expect((await failure(wf.createWorkflowDispatch({ ...repo, workflow_id: 'release.yml', ref: 'main' }))).message).toMatch(/Required input 'version'/);
    expect((await failure(wf.createWorkflowDispatch({ ...repo, workflow_id: 'release.yml', ref: 'nope', inputs: { version: '1' } }))).status).toBe(422);
    expect((await failure(kit('bob').rest.actions.createWorkflowDispatch({ ...repo, workflow_id: 'release.yml', ref: 'main', inputs: { version: '1' } }))).status).toBe(403);
    expect((await failure(kit('workflowRead').rest.actions.createWorkflowDispatch({ ...repo, workflow_id: 'release.yml', ref: 'main', inputs: { version: '1' } }))).status).toBe(403);
    expect(await deliveries((d) => d.event === 'workflow_dispatch')).toHaveLength(2);
  });
});

describe('zip', () => {
  it('writes archives that other tools read, and reads them back', async () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    const files = { 'a.txt': 'hello\n', 'dir/b.bin': Buffer.from([0, 1, 2, 255]), 'empty': '' };
    const zip = writeZip(files);
    expect(Object.fromEntries(Object.entries(readZip(zip)).map(([k, v]) => [k, v.toString('latin1')]))).toEqual({ 'a.txt': 'hello\n', 'dir/b.bin': '\x00\x01\x02\xff', 'empty': '' });
    const path = join(work, 'check.zip');
    await writeFile(path, zip);
    // Python's zipfile checks the CRCs and the central directory independently of our reader.
    const listing = await new Promise<string>((resolve, reject) =>
      execFile('python3', ['-c', 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(",".join(z.namelist()))', path], (e, out) => (e ? reject(e) : resolve(out.trim()))),
    );
    expect(listing).toBe('a.txt,dir/b.bin,empty');
    const corrupt = Buffer.from(zip);
    corrupt[40] = corrupt[40]! ^ 0xff;
    expect(() => readZip(corrupt)).toThrow();
  });
});

describe('contract', () => {
  it('answers the checks, releases and actions routes and webhooks in the shapes of GitHub\'s contract', async () => {
    const contract = await loadGitHubContract();
    const problems: string[] = [];
    const checked = new Set<string>();
    for (const entry of sandbox.requests.entries) {
      if (!entry.route || entry.status >= 300 || entry.responseBody === undefined || Buffer.isBuffer(entry.responseBody)) continue;
      const errors = contract.validateResponse({ method: entry.method, route: entry.route, status: entry.status, body: entry.responseBody });
      checked.add(`${entry.method} ${entry.route}`);
      if (errors.length) problems.push(`${entry.method} ${entry.route} ${entry.status}: ${errors.slice(0, 3).join('; ')}`);
    }
    const seen = new Set<string>();
    for (const d of await deliveries((x) => ['check_run', 'check_suite', 'status', 'release', 'workflow_dispatch', 'workflow_run'].includes(x.event))) {
      const key = `${d.event}.${d.action ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const errors = contract.validateWebhook(d.event, d.action, d.payload);
      if (errors.length) problems.push(`webhook ${key}: ${errors.slice(0, 3).join('; ')}`);
    }
    expect(problems).toEqual([]);
    // Every JSON route of these modules answered with a success at least once above.
    expect([...checked].sort()).toEqual(
      expect.arrayContaining([
        'GET /repos/{owner}/{repo}/commits/{ref}/check-runs',
        'POST /repos/{owner}/{repo}/check-runs',
        'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}',
        'GET /repos/{owner}/{repo}/check-runs/{check_run_id}',
        'GET /repos/{owner}/{repo}/commits/{ref}/check-suites',
        'POST /repos/{owner}/{repo}/statuses/{sha}',
        'GET /repos/{owner}/{repo}/commits/{ref}/status',
        'GET /repos/{owner}/{repo}/commits/{ref}/statuses',
        'GET /repos/{owner}/{repo}/releases',
        'POST /repos/{owner}/{repo}/releases',
        'GET /repos/{owner}/{repo}/releases/latest',
        'GET /repos/{owner}/{repo}/releases/tags/{tag}',
        'GET /repos/{owner}/{repo}/releases/{release_id}',
        'PATCH /repos/{owner}/{repo}/releases/{release_id}',
        'GET /repos/{owner}/{repo}/releases/{release_id}/assets',
        'POST /repos/{owner}/{repo}/releases/{release_id}/assets',
        'PATCH /repos/{owner}/{repo}/releases/assets/{asset_id}',
        'GET /repos/{owner}/{repo}/actions/runs',
        'GET /repos/{owner}/{repo}/actions/runs/{run_id}',
        'GET /repos/{owner}/{repo}/actions/workflows',
        'GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs',
        'GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts',
        'GET /repos/{owner}/{repo}/actions/artifacts',
        'GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}',
      ]),
    );
  });
});
