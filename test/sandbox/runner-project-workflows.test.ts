/**
 * The project's own `.github/workflows/*.yml` through the runner: every file must pass GitHub's
 * parser, and the publish-request workflow routes an issue event to a job that holds the
 * production environment and acts with the App token (the action itself is a recording stub here).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { createMemoryHost, createWorkflowRunner, loadWorkflow } from './runner/index.js';

const WORKFLOWS = resolve('.github/workflows');
const files = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f));
const workDir = mkdtempSync(join(tmpdir(), 'runner-project-'));

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe("the project's workflow files", () => {
  it.each(files)('%s passes the workflow parser', async (file) => {
    const workflow = await loadWorkflow('acme/control', { path: `.github/workflows/${file}`, content: readFileSync(join(WORKFLOWS, file), 'utf8') });
    expect(workflow.template.jobs.length).toBeGreaterThan(0);
  });

  it('publish-requests.yml: a publish request reaches the action with the App token, in the production environment', async () => {
    const host = createMemoryHost();
    host.setWorkflow('acme/control', '.github/workflows/publish-requests.yml', readFileSync(join(WORKFLOWS, 'publish-requests.yml'), 'utf8'));
    const runner = createWorkflowRunner({
      host,
      localActionDir: resolve('test/fixtures/workflows/stub-action'),
      // checkout is not what is under test here: the stub action needs no files.
      actions: { 'actions/checkout': async () => {} },
      secrets: { repo: {}, environments: { 'acme/control:production': { RELEASE_APP_PRIVATE_KEY: 'test-app-private-key' } } },
      vars: { repo: { 'acme/control': { RELEASE_APP_ID: '1' } }, environments: {} },
      standIns: { apps: { '1': 'release-bot' } },
      workDir,
    });
    runner.start();
    const payload = (title: string): Record<string, unknown> => ({
      action: 'opened',
      issue: { number: 1, title, body: '', user: { login: 'engineer' } },
      repository: { full_name: 'acme/control', name: 'control', owner: { login: 'acme' }, default_branch: 'main' },
      sender: { login: 'engineer' },
    });
    host.emit({ event: 'issues', action: 'opened', repository: 'acme/control', causedBy: 'user', payload: payload('publish: acme/product@1.2.3') });
    host.emit({ event: 'issues', action: 'opened', repository: 'acme/control', causedBy: 'user', payload: payload('a question') });
    await runner.idle();
    await runner.stop();
    const [request, other] = runner.runs;
    const acting = request?.jobs.find((j) => j.steps.some((s) => s.uses === './'));
    expect(acting?.environment).toBe('production');
    const stub = acting?.steps.find((s) => s.uses === './');
    expect(stub?.conclusion).toBe('success');
    // The token input is the App token (the memory host's App tokens start ghs_app), not the GITHUB_TOKEN.
    expect(stub?.stdout).toContain('token prefix: ghs_app');
    expect(host.appTokens.map((t) => t.app)).toEqual(['release-bot']);
    expect(other?.jobs.every((j) => j.conclusion === 'skipped')).toBe(true);
  });
});
