/**
 * End to end through the real workflow files: `.github/workflows/publish-requests.yml` runs in the
 * sandbox workflow runner against the sandbox GitHub, with the action itself (src/index.ts, loaded
 * through tsx) as the `uses: ./` step. A request opened by the release bot is approved by a release
 * manager's label with CI green: the decide job outputs `publish` and the publish job of the SAME
 * run publishes the GitHub release, merges, and closes the issue. The bot's own writes (body
 * edits, labels) start runs that decide nothing. With CI still running the request is parked, and
 * `reconcile.yml` (dispatching itself while it waits) starts `publish.yml` once CI is green.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startGitHubSandbox, type GitHubSandbox } from '../sandbox/github/index.js';
import { createWorkflowRunner, type WorkflowRunner } from '../sandbox/runner/index.js';
import { createSandboxHost } from '../sandbox/runner/sandbox-host.js';
import { createRequest, renderBody, renderTitle } from '../../src/request-format/index.js';

const POLICY = `releaseBot: release-bot[bot]
approvers:
  teams: [acme/release-managers]
expiry:
  days: 14
`;

let sandbox: GitHubSandbox;
let runner: WorkflowRunner;
let workDir: string;
const tokens: Record<string, string> = {};

async function api(who: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${sandbox.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${tokens[who] ?? ''}`, 'content-type': 'application/json', accept: 'application/vnd.github+json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text === '' ? null : (JSON.parse(text) as unknown) };
}

async function settle(): Promise<void> {
  let seen = -1;
  // Runs cause events that start runs: wait until nothing new arrives.
  while (seen !== runner.runs.length) {
    seen = runner.runs.length;
    await new Promise((r) => setTimeout(r, 50));
    await sandbox.settleWebhooks();
    await runner.idle();
  }
}

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'control-e2e-'));
  // The action as the runner starts it: node <dir>/<main>. The shim loads the TypeScript source through tsx (no build).
  const actionDir = join(workDir, 'action');
  const actionYml = readFileSync(resolve('action.yml'), 'utf8').replace('main: dist/index.js', 'main: main.mjs');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(actionDir);
  writeFileSync(join(actionDir, 'action.yml'), actionYml);
  writeFileSync(
    join(actionDir, 'main.mjs'),
    `import { register } from ${JSON.stringify(resolve('node_modules/tsx/dist/esm/api/index.mjs'))};\nregister();\nawait import(${JSON.stringify(resolve('src/index.ts'))});\n`,
  );

  sandbox = await startGitHubSandbox();
  const { admin } = sandbox;
  admin.createOrg('acme');
  for (const login of ['alice', 'dave']) admin.createUser(login);
  admin.createTeam('acme', 'release-managers');
  admin.setTeamMember('acme', 'release-managers', 'alice', 'active');
  const workflows = Object.fromEntries(['publish-requests.yml', 'publish.yml', 'reconcile.yml'].map((f) => [`.github/workflows/${f}`, readFileSync(resolve('.github/workflows', f), 'utf8')]));
  await admin.createRepo('acme', 'control', { visibility: 'private', files: { 'README.md': '# control\n', '.github/publish-policy.yml': POLICY, 'auto-approve.yml': 'rules: []\n', ...workflows } });
  await admin.createRepo('acme', 'widget', { files: { 'README.md': '# widget\n', '.craft.yml': 'targets:\n  - name: github\n' } });
  admin.setCollaborator('acme/control', 'alice', 'maintain');
  tokens.alice = admin.issueToken({ kind: 'user', login: 'alice' });
  tokens.bot = admin.issueToken({ kind: 'app', appSlug: 'release-bot', permissions: { issues: 'write', contents: 'write' } });
  runner = createWorkflowRunner({
    host: createSandboxHost(sandbox),
    localActionDir: actionDir,
    secrets: { repo: {}, environments: { 'acme/control:production': { RELEASE_APP_PRIVATE_KEY: 'test-key' } } },
    vars: { repo: { 'acme/control': { RELEASE_APP_ID: '1', RELEASE_BOT_LOGIN: 'release-bot[bot]' } }, environments: {} },
    standIns: { apps: { '1': 'release-bot' } },
    workDir: join(workDir, 'runs'),
  });
  runner.start();
}, 60_000);

afterAll(async () => {
  await runner?.stop();
  await sandbox?.close();
  rmSync(workDir, { recursive: true, force: true });
});

describe('the control repo workflows', () => {
  it('a label by a release manager with CI green publishes in the same run', async () => {
    // The release workflow's part: a release branch with its commit, and the request opened by the bot.
    const main = (await api('bot', 'GET', '/repos/acme/widget/git/ref/heads/main')).json as { object: { sha: string } };
    expect((await api('bot', 'POST', '/repos/acme/widget/git/refs', { ref: 'refs/heads/release/1.4.0', sha: main.object.sha })).status).toBe(201);
    const put = await api('bot', 'PUT', '/repos/acme/widget/contents/CHANGELOG.md', { message: 'release: 1.4.0', content: Buffer.from('## 1.4.0\n').toString('base64'), branch: 'release/1.4.0' });
    const sha = (put.json as { commit: { sha: string } }).commit.sha;
    sandbox.admin.addCheckRun('acme/widget', sha, { name: 'test', status: 'completed', conclusion: 'success' });
    const request = createRequest({
      repo: { owner: 'acme', repo: 'widget' },
      version: '1.4.0',
      serverUrl: sandbox.serverUrl,
      releaseBranch: 'release/1.4.0',
      releaseCommit: sha,
      previousTag: null,
      requester: 'dave',
      requestedAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      targets: ['github'],
    });
    const created = await api('bot', 'POST', '/repos/acme/control/issues', { title: renderTitle(request), body: renderBody(request) });
    expect(created.status).toBe(201);
    const number = (created.json as { number: number }).number;
    await settle();
    const opened = runner.runs.find((r) => r.event === 'issues');
    const decideOpened = opened?.jobs.find((j) => j.id === 'decide');
    expect({ conclusion: decideOpened?.conclusion, outputs: decideOpened?.outputs, log: decideOpened?.steps.map((s) => s.error ?? '').join('') }).toEqual(
      expect.objectContaining({ conclusion: 'success', outputs: expect.objectContaining({ decision: 'not-auto-approved' }) }),
    );

    expect((await api('alice', 'POST', `/repos/acme/control/issues/${number}/labels`, { labels: ['accepted'] })).status).toBe(200);
    await settle();
    const approvedRun = runner.runs.find((r) => r.jobs.some((j) => j.id === 'decide' && j.outputs.decision === 'publish'));
    const decide = approvedRun?.jobs.find((j) => j.id === 'decide');
    const publish = approvedRun?.jobs.find((j) => j.id === 'publish');
    expect(decide?.outputs).toEqual({ decision: 'publish', request: 'acme/widget@1.4.0', issue_number: String(number) });
    expect({ conclusion: publish?.conclusion, errors: publish?.steps.map((s) => (s.conclusion === 'success' ? '' : `${s.name}: ${s.stderr ?? ''}${s.stdout ?? ''}`)) }).toEqual({
      conclusion: 'success',
      errors: ['', '', ''],
    });

    // The release exists, the branch is merged and gone, the issue is closed as completed.
    const release = await api('alice', 'GET', '/repos/acme/widget/releases/tags/1.4.0');
    expect(release.status).toBe(200);
    expect(await sandbox.admin.branchSha('acme/widget', 'release/1.4.0')).toBeNull();
    const issue = sandbox.admin.getIssue('acme/control', number);
    expect(issue?.state).toBe('closed');
    expect(issue?.stateReason).toBe('completed');
    // Every other run (the bot's body edits and labels) decided nothing and published nothing.
    const publishJobs = runner.runs.flatMap((r) => r.jobs.filter((j) => j.id === 'publish' && j.conclusion !== 'skipped'));
    expect(publishJobs).toHaveLength(1);
  }, 240_000);

  it('CI still running: parked; reconcile (self-dispatching while it waits) starts publish.yml once CI is green', async () => {
    const main = (await api('bot', 'GET', '/repos/acme/widget/git/ref/heads/main')).json as { object: { sha: string } };
    await api('bot', 'POST', '/repos/acme/widget/git/refs', { ref: 'refs/heads/release/1.5.0', sha: main.object.sha });
    const put = await api('bot', 'PUT', '/repos/acme/widget/contents/CHANGELOG-1.5.0.md', { message: 'release: 1.5.0', content: Buffer.from('## 1.5.0\n').toString('base64'), branch: 'release/1.5.0' });
    const sha = (put.json as { commit: { sha: string } }).commit.sha;
    const check = sandbox.admin.addCheckRun('acme/widget', sha, { name: 'test', status: 'in_progress' });
    const request = createRequest({
      repo: { owner: 'acme', repo: 'widget' },
      version: '1.5.0',
      serverUrl: sandbox.serverUrl,
      releaseBranch: 'release/1.5.0',
      releaseCommit: sha,
      previousTag: '1.4.0',
      requester: 'dave',
      requestedAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      targets: ['github'],
    });
    const number = ((await api('bot', 'POST', '/repos/acme/control/issues', { title: renderTitle(request), body: renderBody(request) })).json as { number: number }).number;
    await settle();
    await api('alice', 'POST', `/repos/acme/control/issues/${number}/labels`, { labels: ['accepted'] });
    await settle();
    expect(sandbox.admin.getIssue('acme/control', number)?.labels).toEqual(expect.arrayContaining(['accepted', 'ci-pending']));

    // A reconcile run by hand: CI still runs, so it dispatches itself; CI then finishes.
    const before = runner.runs.length;
    expect((await api('alice', 'POST', '/repos/acme/control/actions/workflows/reconcile.yml/dispatches', { ref: 'main' })).status).toBe(204);
    await sandbox.settleWebhooks();
    sandbox.admin.updateCheckRun('acme/widget', check, { status: 'completed', conclusion: 'success' });
    await settle();
    const later = runner.runs.slice(before);
    const publishRuns = later.filter((r) => r.workflow.name === 'Publish');
    expect(publishRuns).toHaveLength(1);
    expect(publishRuns[0]?.conclusion).toBe('success');
    expect(later.filter((r) => r.workflow.name === 'Reconcile publish requests').every((r) => r.conclusion === 'success')).toBe(true);
    expect(sandbox.admin.getIssue('acme/control', number)?.state).toBe('closed');
    expect((await api('alice', 'GET', '/repos/acme/widget/releases/tags/1.5.0')).status).toBe(200);
  }, 240_000);
});
