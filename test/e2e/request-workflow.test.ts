/**
 * The whole path an engineer takes: dispatch the sample product's `release.yml`, which calls the
 * project's reusable workflow (`publish-approval/publish-approval/.github/workflows/release.yml@v1`,
 * served by the sandbox from this tree's file), which mints the App token, checks out and runs
 * our action. The action runs as a real process from a bundle built into a temp dir, with the
 * runner's environment and command files, exactly as a `node24` action runs on a runner.
 *
 * The bundle is built with esbuild (about 1 s). `REQUEST_E2E_BUNDLER=ncc` builds it with ncc, as
 * `npm run build` does, which takes over a minute on a small machine.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile, mkdir, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse as parseYaml } from 'yaml';
import { parseRequest } from '../../src/request-format/index.js';
import { createWorkflowRunner, type ActionContext, type WorkflowRunner } from '../sandbox/runner/index.js';
import { createSandboxHost } from '../sandbox/runner/sandbox-host.js';
import { parseKeyValueFile } from '../sandbox/runner/step-io.js';
import { lsRemote, showRemote, startWorld, type World } from '../unit/request/helpers.js';

const run = promisify(execFile);
let world: World;
let actionDir: string;
let runner: WorkflowRunner;

async function buildAction(dir: string): Promise<void> {
  await mkdir(join(dir, 'dist'), { recursive: true });
  await copyFile(resolve('action.yml'), join(dir, 'action.yml'));
  const out = join(dir, 'dist');
  if (process.env.REQUEST_E2E_BUNDLER === 'ncc') {
    await run('npx', ['ncc', 'build', 'src/index.ts', '-o', out], { maxBuffer: 64 * 1024 * 1024 });
  } else {
    // An ESM bundle needs `require` for the CommonJS packages it inlines.
    const banner = "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";
    await run(resolve('node_modules/.bin/esbuild'), ['src/index.ts', '--bundle', '--platform=node', '--format=esm', '--target=node20', `--outfile=${join(out, 'index.js')}`, '--log-level=error', `--banner:js=${banner}`]);
  }
  await writeFile(join(out, 'package.json'), '{ "type": "module" }\n');
}

/**
 * `uses: publish-approval/publish-approval@v1` → the bundle in `actionDir`, run the way the runner
 * runs a node action: inputs (with action.yml defaults) as INPUT_*, its own output and summary files.
 */
async function ourAction(ctx: ActionContext): Promise<void> {
  const manifest = parseYaml(await readFile(join(actionDir, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> };
  const inputs: Record<string, string> = {};
  for (const [name, def] of Object.entries(manifest.inputs)) inputs[`INPUT_${name.toUpperCase()}`] = def.default ?? '';
  for (const [name, value] of Object.entries(ctx.inputs)) inputs[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  const files = await mkdtemp(join(ctx.runnerTemp, 'action-files-'));
  const output = join(files, 'output');
  const summary = join(files, 'summary');
  await writeFile(output, '');
  await writeFile(summary, '');
  try {
    await ctx.exec([process.execPath, join(actionDir, 'dist', 'index.js')], { env: { ...inputs, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary, GITHUB_ACTION_PATH: actionDir } });
  } finally {
    for (const [key, value] of Object.entries(parseKeyValueFile(await readFile(output, 'utf8')))) ctx.setOutput(key, value);
    ctx.appendSummary(await readFile(summary, 'utf8'));
  }
}

beforeAll(async () => {
  world = await startWorld();
  actionDir = await mkdtemp(join(tmpdir(), 'request-action-'));
  await buildAction(actionDir);
  // The project's reusable workflow, served at the ref the product pins (v1).
  world.sandbox.admin.createOrg('publish-approval');
  await world.sandbox.admin.createRepo('publish-approval', 'publish-approval', {
    defaultBranch: 'v1',
    files: { '.github/workflows/release.yml': await readFile(resolve('.github/workflows/release.yml'), 'utf8') },
  });
  runner = createWorkflowRunner({
    host: createSandboxHost(world.sandbox),
    secrets: { repo: { 'acme/widget': { RELEASE_APP_PRIVATE_KEY: 'a-private-key' } }, environments: {} },
    vars: { repo: { 'acme/widget': { RELEASE_APP_ID: '1' } }, environments: {} },
    actions: {
      'publish-approval/publish-approval': ourAction,
      // On GitHub an installation token without permission-* inputs gets all of the App's
      // permissions; the built-in stand-in grants none, so this one models the installed App.
      'actions/create-github-app-token': async (ctx) => {
        const token = ctx.host.mintAppToken('release-bot', { contents: 'write', issues: 'write' });
        ctx.addMask(token);
        ctx.setOutput('token', token);
        ctx.setOutput('app-slug', 'release-bot');
      },
    },
    workDir: await mkdtemp(join(tmpdir(), 'request-runner-')),
  });
}, 180_000);

afterAll(async () => {
  await runner?.stop();
  await world?.close();
  if (actionDir) await rm(actionDir, { recursive: true, force: true });
});

describe('the product release workflow through the runner', () => {
  it('dispatching release.yml pushes the release branch and opens the request', async () => {
    const record = await runner.dispatch('acme/widget', 'release.yml', 'main', { version: 'minor' }, 'engineer');
    const job = record.jobs.find((j) => j.steps.some((s) => s.uses === 'publish-approval/publish-approval@v1'));
    const step = job?.steps.find((s) => s.uses === 'publish-approval/publish-approval@v1');
    if (record.conclusion !== 'success') throw new Error(`run failed: ${JSON.stringify(record.jobs.map((j) => ({ id: j.id, error: j.error, steps: j.steps.map((s) => [s.id, s.conclusion, s.error, s.stdout.slice(-2000), s.stderr.slice(-2000)]) })), null, 1)}`);

    expect(step?.outputs).toMatchObject({ version: '1.2.0', branch: 'release/1.2.0', previous_tag: '1.1.0' });
    const sha = step?.outputs.sha ?? '';
    expect(await lsRemote(world, 'release/1.2.0')).toBe(sha);
    expect((await showRemote(world, 'release/1.2.0', 'package.json')).subject).toBe('release: 1.2.0');

    const issue = world.sandbox.admin.listIssues('acme/publish').find((i) => i.title === 'publish: acme/widget@1.2.0');
    expect(issue?.user).toBe('release-bot[bot]');
    const request = parseRequest(issue?.title, issue?.body);
    expect(request.releaseCommit).toBe(sha);
    expect(request.requester).toBe('engineer');
    expect(request.workflowRunUrl).toBe(`${world.sandbox.serverUrl}/acme/widget/actions/runs/${record.id}`);
    expect(step?.outputs.issue_url).toBe(`${world.sandbox.serverUrl}/acme/publish/issues/${issue?.number}`);
    // The reusable workflow's outputs reach the caller, and the summary and notice are written.
    expect(record.jobs.find((j) => j.id === 'release')?.outputs).toMatchObject({ version: '1.2.0', issue_url: step?.outputs.issue_url });
    expect(job?.summary).toContain('| Version | `1.2.0` (minor from `1.1.0`) |');
    expect(step?.stdout).toContain(`::notice title=publish%3A acme/widget@1.2.0::Publish request opened: ${step?.outputs.issue_url}`);
    // The App token never shows in the log.
    expect(step?.stdout).not.toMatch(/ghs_[A-Za-z0-9_-]{10,}/);
  }, 60_000);
});
