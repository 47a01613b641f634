/**
 * The runner wired to the real sandbox GitHub: webhooks start workflows, actions/checkout clones
 * over smart HTTP with the job token, a local action calls the API with GITHUB_TOKEN (and the event
 * that causes starts nothing), artifacts and runs show up in the API.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startGitHubSandbox, type GitHubSandbox } from './github/index.js';
import { createWorkflowRunner, type WorkflowRunner } from './runner/index.js';
import { createSandboxHost } from './runner/sandbox-host.js';

const ON_OPENED = `name: Triage
on:
  issues:
    types: [opened]
permissions:
  contents: read
  issues: write
jobs:
  triage:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
      - run: cat README.md
      - id: label
        uses: ./action
        with:
          issue: \${{ github.event.issue.number }}
      - run: echo "built" > out.txt
      - uses: actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02
        with:
          name: triage-output
          path: out.txt
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
        with:
          ref: main
          path: full
          fetch-depth: 0
          persist-credentials: false
      - run: |
          git -C full rev-parse --abbrev-ref HEAD
          git -C full config --get http.extraheader || echo "no stored credentials"
`;

const ON_LABELED = `name: On label
on:
  issues:
    types: [labeled]
jobs:
  note:
    runs-on: ubuntu-latest
    steps:
      - run: echo "label $LABEL by $ACTOR"
        env:
          LABEL: \${{ github.event.label.name }}
          ACTOR: \${{ github.actor }}
`;

const ACTION_YML = `name: Label it
inputs:
  issue:
    required: true
  token:
    default: \${{ github.token }}
runs:
  using: node20
  main: main.mjs
`;

// Adds a label with the job's GITHUB_TOKEN, as the product's action will.
const ACTION_MAIN = `import { appendFileSync } from 'node:fs';
const url = process.env.GITHUB_API_URL + '/repos/' + process.env.GITHUB_REPOSITORY + '/issues/' + process.env.INPUT_ISSUE + '/labels';
const res = await fetch(url, { method: 'POST', headers: { authorization: 'Bearer ' + process.env.INPUT_TOKEN, 'content-type': 'application/json' }, body: JSON.stringify({ labels: ['triaged'] }) });
console.log('label status', res.status);
appendFileSync(process.env.GITHUB_OUTPUT, 'status=' + res.status + '\\n');
if (!res.ok) process.exit(1);
`;

let sandbox: GitHubSandbox;
let runner: WorkflowRunner;
let workDir: string;
const tokens: Record<string, string> = {};

async function api(user: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${sandbox.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${tokens[user] ?? ''}`, 'content-type': 'application/json', accept: 'application/vnd.github+json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text === '' ? null : (JSON.parse(text) as unknown) };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 30));
    await sandbox.settleWebhooks();
    await runner.idle();
  }
}

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'runner-sandbox-'));
  sandbox = await startGitHubSandbox();
  sandbox.admin.createOrg('acme');
  sandbox.admin.createUser('engineer');
  sandbox.admin.createUser('release-manager');
  // Private, so the checkout stand-in only gets through with the job token.
  await sandbox.admin.createRepo('acme', 'control', {
    visibility: 'private',
    files: {
      'README.md': 'control repository\n',
      '.github/workflows/on-opened.yml': ON_OPENED,
      '.github/workflows/on-labeled.yml': ON_LABELED,
      'action/action.yml': ACTION_YML,
      'action/main.mjs': ACTION_MAIN,
    },
  });
  sandbox.admin.setCollaborator('acme/control', 'engineer', 'read');
  sandbox.admin.setCollaborator('acme/control', 'release-manager', 'maintain');
  tokens.engineer = sandbox.admin.issueToken({ kind: 'user', login: 'engineer' });
  tokens.manager = sandbox.admin.issueToken({ kind: 'user', login: 'release-manager' });
  runner = createWorkflowRunner({ host: createSandboxHost(sandbox), secrets: { repo: {}, environments: {} }, workDir });
  runner.start();
});

afterAll(async () => {
  await runner?.stop();
  await sandbox?.close();
  rmSync(workDir, { recursive: true, force: true });
});

describe('runner on the sandbox GitHub', () => {
  it('runs a workflow from a real event, checks out over HTTP, and a GITHUB_TOKEN label starts nothing', async () => {
    const created = await api('engineer', 'POST', '/repos/acme/control/issues', { title: 'publish: @acme/foo@1.0.0', body: 'please' });
    expect(created.status).toBe(201);
    const number = (created.json as { number: number }).number;
    await settle();

    const triage = runner.runs.find((r) => r.workflow.name === 'Triage');
    const job = triage?.jobs[0];
    expect({ conclusion: triage?.conclusion, errors: job?.steps.map((s) => s.error ?? '') }).toEqual({ conclusion: 'success', errors: ['', '', '', '', '', '', ''] });
    expect(job?.steps[6]?.stdout).toBe('main\nno stored credentials\n');
    expect(job?.steps[1]?.stdout).toBe('control repository\n');
    expect(job?.steps[2]?.outputs).toEqual({ status: '200' });
    expect(triage?.actor).toBe('engineer');

    // The label was added with the workflow token: the labeled event is delivered but runs nothing.
    const labeled = runner.deliveries.find((d) => d.delivery.event === 'issues' && d.delivery.action === 'labeled');
    expect(labeled?.delivery.causedBy).toBe('workflow-token');
    expect(labeled?.ignored).toMatch(/GITHUB_TOKEN/);
    expect(runner.runs.filter((r) => r.workflow.name === 'On label')).toHaveLength(0);

    // The API lists the run under the runner's id, completed, with its artifact.
    const listed = await api('engineer', 'GET', '/repos/acme/control/actions/runs');
    const apiRun = (listed.json as { workflow_runs: { id: number; status: string; conclusion: string; event: string }[] }).workflow_runs.find((r) => r.id === triage?.id);
    expect(apiRun).toMatchObject({ status: 'completed', conclusion: 'success', event: 'issues' });
    const artifacts = await api('engineer', 'GET', `/repos/acme/control/actions/runs/${triage?.id ?? 0}/artifacts`);
    expect((artifacts.json as { artifacts: { name: string }[] }).artifacts.map((a) => a.name)).toEqual(['triage-output']);

    // A user adding a label does start the labeled workflow.
    const added = await api('manager', 'POST', `/repos/acme/control/issues/${number}/labels`, { labels: ['accepted'] });
    expect(added.status).toBe(200);
    await settle();
    const onLabel = runner.runs.filter((r) => r.workflow.name === 'On label');
    expect(onLabel).toHaveLength(1);
    expect(onLabel[0]?.jobs[0]?.steps[0]?.stdout).toBe('label accepted by release-manager\n');
  });

  it('dispatches through the API and downloads an artifact of an earlier run', async () => {
    const dispatchWorkflow = `name: Fetch
on:
  workflow_dispatch:
    inputs:
      run-id:
        required: true
jobs:
  fetch:
    runs-on: ubuntu-latest
    permissions:
      actions: read
    steps:
      - uses: actions/download-artifact@v4
        with:
          name: triage-output
          run-id: \${{ inputs.run-id }}
      - run: cat out.txt
`;
    await api('manager', 'PUT', '/repos/acme/control/contents/.github/workflows/fetch.yml', {
      message: 'add fetch workflow',
      content: Buffer.from(dispatchWorkflow).toString('base64'),
    });
    const triage = runner.runs.find((r) => r.workflow.name === 'Triage');
    const res = await api('manager', 'POST', '/repos/acme/control/actions/workflows/fetch.yml/dispatches', { ref: 'main', inputs: { 'run-id': String(triage?.id) } });
    expect(res.status).toBe(204);
    await settle();
    const fetchRun = runner.runs.find((r) => r.workflow.name === 'Fetch');
    expect(fetchRun?.event).toBe('workflow_dispatch');
    expect(fetchRun?.actor).toBe('release-manager');
    expect(fetchRun?.jobs[0]?.steps.map((s) => s.error ?? '')).toEqual(['', '']);
    expect(fetchRun?.jobs[0]?.steps[1]?.stdout).toBe('built\n');
  });
});
