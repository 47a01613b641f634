/**
 * The sandbox workflow runner against an in-memory host and the fixture workflows in
 * test/fixtures/workflows/: triggers, conditions, the token rule, concurrency, needs/outputs,
 * local actions, template substitution in run:, environment secrets and invalid files.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createMemoryHost, createWorkflowRunner, WorkflowFileError, type MemoryHost, type WorkflowRunner, type WorkflowRunnerOptions } from './runner/index.js';
import type { Delivery, JobRecord, RunRecord } from './runner/index.js';

const FIXTURES = resolve('test/fixtures/workflows');
const REPO = 'acme/control';
let workRoot: string;
const runners: WorkflowRunner[] = [];

beforeAll(() => {
  workRoot = mkdtempSync(join(tmpdir(), 'runner-test-'));
});

afterAll(async () => {
  await Promise.all(runners.map((r) => r.stop()));
  rmSync(workRoot, { recursive: true, force: true });
});

function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

function setup(files: string[], extra: Partial<WorkflowRunnerOptions> = {}): { host: MemoryHost; runner: WorkflowRunner } {
  const host = createMemoryHost();
  for (const file of files) host.setWorkflow(REPO, `.github/workflows/${file}`, fixture(file));
  const runner = createWorkflowRunner({
    host,
    secrets: { repo: {}, environments: {} },
    workDir: mkdtempSync(join(workRoot, 'w-')),
    ...extra,
  });
  runner.start();
  runners.push(runner);
  return { host, runner };
}

function issueEvent(action: string, issue: { title: string; number?: number }, extra: Record<string, unknown> = {}, causedBy: Delivery['causedBy'] = 'user'): Omit<Delivery, 'id'> {
  return {
    event: 'issues',
    action,
    repository: REPO,
    causedBy,
    payload: {
      action,
      issue: { number: issue.number ?? 7, title: issue.title, body: '', user: { login: 'engineer' } },
      repository: { full_name: REPO, name: 'control', owner: { login: 'acme' }, default_branch: 'main' },
      sender: { login: 'release-manager' },
      ...extra,
    },
  };
}

function pushEvent(ref: string, files: string[]): Omit<Delivery, 'id'> {
  return {
    event: 'push',
    repository: REPO,
    causedBy: 'user',
    payload: {
      ref,
      before: '1'.repeat(40),
      after: '2'.repeat(40),
      deleted: false,
      commits: [{ id: '2'.repeat(40), added: files, modified: [], removed: [] }],
      repository: { full_name: REPO, name: 'control', owner: { login: 'acme' }, default_branch: 'main' },
      sender: { login: 'engineer' },
    },
  };
}

async function waitFor(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

function job(run: RunRecord | undefined, id: string): JobRecord {
  const found = run?.jobs.find((j) => j.id === id);
  if (found === undefined) throw new Error(`no job ${id} in run ${run?.id ?? '?'}: ${run?.jobs.map((j) => j.id).join(', ') ?? ''}`);
  return found;
}

describe('on: matching', () => {
  it('matches issue activity types and evaluates the job if: against the event', async () => {
    const { host, runner } = setup(['on-labeled.yml']);
    host.emit(issueEvent('labeled', { title: 'publish: @acme/foo@1.2.3' }, { label: { name: 'accepted' } }));
    host.emit(issueEvent('labeled', { title: 'publish: @acme/foo@1.2.3' }, { label: { name: 'bug' } }));
    host.emit(issueEvent('labeled', { title: 'question' }, { label: { name: 'accepted' } }));
    host.emit(issueEvent('opened', { title: 'publish: @acme/foo@1.2.3' }));
    await runner.idle();
    expect(runner.runs).toHaveLength(3);
    const [accepted, otherLabel, otherTitle] = runner.runs;
    expect(accepted?.conclusion).toBe('success');
    expect(job(accepted, 'approve').steps[0]?.stdout).toContain('approved by release-manager');
    expect(otherLabel?.conclusion).toBe('skipped');
    expect(job(otherLabel, 'approve').conclusion).toBe('skipped');
    expect(otherTitle?.conclusion).toBe('skipped');
    expect(runner.deliveries[3]?.decisions[0]?.reason).toMatch(/activity type opened/);
    expect(accepted?.event).toBe('issues');
    expect(accepted?.deliveryId).toBe(runner.deliveries[0]?.delivery.id);
    expect(host.reported.filter((r) => r.id === accepted?.id).map((r) => r.status)).toEqual(['queued', 'in_progress', 'completed']);
  });

  it('applies push branch filters (with ! exclusions), tag filters and path filters', async () => {
    const { host, runner } = setup(['on-push.yml', 'on-tag.yml']);
    const cases: [string, string[], string[]][] = [
      ['refs/heads/main', ['src/a.ts'], ['Push filters']],
      ['refs/heads/release/1.x', ['package.json'], ['Push filters']],
      ['refs/heads/release/old-1', ['src/a.ts'], []],
      ['refs/heads/feature/x', ['src/a.ts'], []],
      ['refs/heads/main', ['docs/readme.md'], []],
      ['refs/tags/v1.2.3', ['src/a.ts'], ['Tag filters']],
      ['refs/tags/latest', ['src/a.ts'], []],
    ];
    for (const [ref, files, expected] of cases) {
      const before = runner.runs.length;
      host.emit(pushEvent(ref, files));
      await runner.idle();
      expect({ ref, files, ran: runner.runs.slice(before).map((r) => r.workflow.name) }).toEqual({ ref, files, ran: expected });
    }
    const tagRun = runner.runs.find((r) => r.workflow.name === 'Tag filters');
    expect(job(tagRun, 'release').steps[0]?.stdout).toContain('tag v1.2.3');
  });
});

describe('the GITHUB_TOKEN rule', () => {
  it('starts no workflow for events caused by a workflow token, but does for workflow_dispatch', async () => {
    const { host, runner } = setup(['on-labeled.yml', 'dispatch.yml']);
    host.emit(issueEvent('labeled', { title: 'publish: x@1.0.0' }, { label: { name: 'accepted' } }, 'workflow-token'));
    await runner.idle();
    expect(runner.runs).toHaveLength(0);
    expect(runner.deliveries[0]?.ignored).toMatch(/GITHUB_TOKEN/);

    host.emit(issueEvent('labeled', { title: 'publish: x@1.0.0' }, { label: { name: 'accepted' } }, 'app'));
    host.emit({
      event: 'workflow_dispatch',
      repository: REPO,
      causedBy: 'workflow-token',
      payload: { ref: 'refs/heads/main', workflow: '.github/workflows/dispatch.yml', inputs: { package: '@acme/foo' }, sender: { login: 'github-actions[bot]' } },
    });
    await runner.idle();
    expect(runner.runs.map((r) => `${r.workflow.name}:${r.conclusion}`).sort()).toEqual(['Approve on label:success', 'Dispatch:success']);
    const dispatched = runner.runs.find((r) => r.event === 'workflow_dispatch');
    expect(job(dispatched, 'show').steps[0]?.stdout).toContain('package=@acme/foo bump=patch dry=false');
  });

  it('dispatch() applies input defaults, rejects a missing required input and mints a token with the declared permissions', async () => {
    const { host, runner } = setup(['dispatch.yml']);
    await expect(runner.dispatch(REPO, 'dispatch.yml', 'main', {}, 'engineer')).rejects.toThrow(/Required input 'package'/);
    await expect(runner.dispatch(REPO, 'dispatch.yml', 'main', { package: 'x', bump: 'huge' }, 'engineer')).rejects.toThrow(/one of \[patch, minor, major\]/);
    const run = await runner.dispatch(REPO, 'dispatch.yml', 'main', { package: '@acme/bar', bump: 'minor', 'dry-run': true }, 'engineer');
    expect(run.conclusion).toBe('success');
    expect(run.actor).toBe('engineer');
    expect(run.ref).toBe('refs/heads/main');
    expect(run.displayTitle).toBe('Release @acme/bar (minor)');
    expect(job(run, 'show').steps[0]?.outputs).toEqual({ line: '@acme/bar/minor' });
    expect(job(run, 'show').steps[0]?.stdout).toContain('dry=true');
    expect(host.workflowTokens.at(-1)?.permissions).toEqual({ contents: 'read', issues: 'write', metadata: 'read' });
    expect(host.workflowTokens.at(-1)?.runId).toBe(run.id);
  });
});

describe('concurrency', () => {
  it('keeps one running and one pending per group: the second of three quick runs is cancelled', async () => {
    const { runner } = setup(['concurrency.yml']);
    const runs = ['one', 'two', 'three'].map((label) => runner.dispatch(REPO, 'concurrency.yml', 'main', { label }, 'engineer'));
    const [first, second, third] = await Promise.all(runs);
    expect(first?.conclusion).toBe('success');
    expect(second?.conclusion).toBe('cancelled');
    expect(second?.jobs).toHaveLength(0);
    expect(third?.conclusion).toBe('success');
    expect(job(third, 'work').steps[0]?.stdout).toContain('done three');
    expect(first?.concurrencyGroup).toBe(`release-${REPO}`);
    // The third waited for the first.
    expect((third?.startedAt?.getTime() ?? 0) >= (first?.finishedAt?.getTime() ?? Infinity)).toBe(true);
  });

  it('cancel-in-progress cancels the running run; its always() step still runs', async () => {
    const { runner } = setup(['concurrency-cancel.yml']);
    const first = runner.dispatch(REPO, 'concurrency-cancel.yml', 'main', { label: 'old' }, 'engineer');
    // Wait until the first run's sleep step is under way, however slow the machine.
    await waitFor(() => (runner.runs[0]?.jobs[0]?.steps.length ?? 0) > 0);
    await new Promise((r) => setTimeout(r, 100));
    const second = runner.dispatch(REPO, 'concurrency-cancel.yml', 'main', { label: 'new', seconds: '0.1' }, 'engineer');
    const old = await first;
    expect(old.conclusion).toBe('cancelled');
    expect(job(old, 'work').steps[0]?.conclusion).toBe('cancelled');
    expect(job(old, 'work').steps[1]?.stdout).toContain('cleanup ran');
    const latest = await second;
    expect(latest.conclusion).toBe('success');
    expect(job(latest, 'work').steps[0]?.stdout).toContain('finished new');
  }, 20_000);
});

describe('jobs', () => {
  let run: RunRecord;
  beforeAll(async () => {
    const { runner } = setup(['needs.yml']);
    run = await runner.dispatch(REPO, 'needs.yml', 'main', {}, 'engineer');
  });

  it('orders jobs by needs and passes outputs (including the heredoc form) and results', () => {
    expect(job(run, 'produce').outputs).toEqual({ version: '1.2.3', notes: 'line one\nline two' });
    expect(job(run, 'produce').steps[1]?.stdout).toContain('env file gives carried, level workflow');
    expect(job(run, 'consume').steps[0]?.stdout).toContain('got 1.2.3 (success) level job step step');
    expect(job(run, 'consume').steps[1]?.conclusion).toBe('success');
  });

  it('stops a job at a failing step, runs failure() steps, skips dependants, and always() jobs see the results', () => {
    const broken = job(run, 'broken');
    expect(broken.conclusion).toBe('failure');
    expect(broken.steps.map((s) => `${s.conclusion}:${s.exitCode ?? '-'}`)).toEqual(['failure:3', 'skipped:-', 'success:0']);
    expect(job(run, 'after-broken').conclusion).toBe('skipped');
    expect(job(run, 'report').steps[0]?.stdout).toContain('consume=success broken=failure');
    expect(run.conclusion).toBe('failure');
  });

  it('continue-on-error keeps the job going, with outcome and conclusion told apart', () => {
    const tolerant = job(run, 'tolerant');
    expect(tolerant.conclusion).toBe('success');
    expect(tolerant.steps[1]?.stdout).toContain('outcome=failure conclusion=success');
  });

  it('kills a job or a step at timeout-minutes', async () => {
    const { runner } = setup(['timeout.yml'], { minuteMs: 300 });
    const started = Date.now();
    const timed = await runner.dispatch(REPO, 'timeout.yml', 'main', {}, 'engineer');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(job(timed, 'slow').conclusion).toBe('failure');
    expect(job(timed, 'slow').error).toMatch(/maximum execution time of 1 minutes/);
    const slowStep = job(timed, 'slow-step');
    expect(slowStep.steps[0]?.error).toMatch(/timed out/);
    expect(slowStep.steps[1]?.stdout).toContain('after timeout');
  });
});

describe('local actions', () => {
  it('runs uses: ./ with INPUT_*, action.yml defaults, the runner environment, GITHUB_OUTPUT and the summary', async () => {
    const { host, runner } = setup(['local-action.yml'], { localActionDir: join(FIXTURES, 'local-action') });
    host.emit(issueEvent('opened', { title: 'publish: a@1.0.0', number: 42 }));
    await runner.idle();
    const run = runner.runs[0];
    const act = job(run, 'act');
    expect(act.conclusion).toBe('success');
    expect(act.steps[0]?.outputs).toEqual({ message: 'Hello engineer (#42)' });
    expect(act.steps[1]?.stdout).toContain('action said Hello engineer (#42)');
    expect(act.summary).toBe('## Summary\nissue 42 by release-manager\n');
    // The token default reached the action, and is masked in the recorded output.
    expect(act.steps[0]?.stdout).toContain('token present: true; token=***');
    expect(act.steps[0]?.stdout).toContain(`GITHUB_EVENT_NAME=issues GITHUB_REPOSITORY=${REPO} GITHUB_REPOSITORY_OWNER=acme GITHUB_RUN_ID=${run?.id}`);
    expect(act.steps[0]?.stdout).toContain('RUNNER_OS=Linux CI=true GITHUB_ACTIONS=true');
    expect(act.permissions).toEqual({ issues: 'write', metadata: 'read' });
  });

  it('fails a step that uses an action with no stand-in, naming it', async () => {
    const host = createMemoryHost();
    host.setWorkflow(REPO, '.github/workflows/x.yml', 'on: workflow_dispatch\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: someone/unknown-action@0123456789abcdef0123456789abcdef01234567\n');
    const runner = createWorkflowRunner({ host, secrets: { repo: {}, environments: {} }, workDir: mkdtempSync(join(workRoot, 'w-')) });
    runners.push(runner);
    const run = await runner.dispatch(REPO, 'x.yml', 'main', {}, 'engineer');
    const step = job(run, 'a').steps[0];
    expect(step?.conclusion).toBe('failure');
    expect(step?.uses).toBe('someone/unknown-action@0123456789abcdef0123456789abcdef01234567');
    expect(step?.error).toMatch(/no stand-in for 'someone\/unknown-action'/);
  });

  it('calls a reusable workflow with inputs, inherited secrets and outputs, through a composite action', async () => {
    const { runner } = setup(['reusable-caller.yml', 'reusable-called.yml'], {
      localActionDir: FIXTURES,
      secrets: { repo: { [REPO]: { SHARED: 'shared-secret-value' } }, environments: {} },
    });
    const run = await runner.dispatch(REPO, 'reusable-caller.yml', 'main', {}, 'engineer');
    expect(run.jobs.map((j) => `${j.id}:${j.conclusion}`)).toEqual(['call:success', 'call/inner:success', 'after:success']);
    expect(job(run, 'call').outputs).toEqual({ said: 'hi caller' });
    expect(job(run, 'call/inner').name).toBe('call / inner');
    expect(job(run, 'call/inner').permissions).toEqual({ contents: 'read', issues: 'write', metadata: 'read' });
    expect(job(run, 'after').steps[0]?.stdout).toContain('called said hi caller');
  });
});

describe('run: template substitution', () => {
  const canary = join(tmpdir(), `runner-canary-${process.pid}`);
  afterAll(() => rmSync(canary, { force: true }));

  it('substitutes ${{ }} into the script text (so a crafted title executes) but not through env:', async () => {
    rmSync(canary, { force: true });
    const { host, runner } = setup(['injection.yml']);
    host.emit(issueEvent('opened', { title: `$(touch ${canary})` }));
    await runner.idle();
    const run = runner.runs[0];
    // The unsafe job ran the title as a command substitution: the canary file exists.
    expect(existsSync(canary)).toBe(true);
    expect(job(run, 'unsafe').steps[0]?.stdout).toBe('title is \n');
    // Step names show the script as written, templates unexpanded (GitHub's default name).
    expect(job(run, 'unsafe').steps[0]?.name).toBe('Run echo "title is ${{ github.event.issue.title }}"');
    expect(job(run, 'safe').steps[0]?.name).toBe('Run echo "title is $TITLE"');
    rmSync(canary, { force: true });
    // Through env: the same text is data.
    expect(job(run, 'safe').steps[0]?.stdout).toBe(`title is $(touch ${canary})\n`);
    expect(existsSync(canary)).toBe(false);
  });
});

describe('secrets', () => {
  it('gives environment secrets only to the job that declares the environment, and masks them', async () => {
    const { runner } = setup(['environments.yml'], {
      secrets: {
        repo: { [REPO]: { SHARED: 'repo-level' } },
        environments: { [`${REPO}:production`]: { NPM_TOKEN: 'npm_supersecret_123' } },
      },
    });
    const run = await runner.dispatch(REPO, 'environments.yml', 'main', {}, 'engineer');
    expect(run.conclusion).toBe('success');
    expect(job(run, 'plain').steps[0]?.stdout).toContain('npm=[] shared=[***]');
    const publish = job(run, 'publish');
    expect(publish.environment).toBe('production');
    expect(publish.steps[0]?.stdout).toContain('npm set, shared=[***]');
    expect(publish.steps[0]?.stdout).toContain('leak: ***');
    expect(publish.steps[0]?.stdout).toContain('then ***');
    expect(publish.steps[0]?.stdout).not.toMatch(/npm_supersecret_123|extra-secret-value|repo-level/);
  });
});

describe('invalid workflow files', () => {
  it('surfaces a parser-rejected file as an error and a failed run, never a silent skip', async () => {
    const { host, runner } = setup(['invalid.yml', 'on-labeled.yml']);
    host.emit(issueEvent('labeled', { title: 'publish: a@1.0.0' }, { label: { name: 'accepted' } }));
    const error = await runner.idle().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WorkflowFileError);
    expect((error as WorkflowFileError).message).toMatch(/invalid\.yml.*\n.*Required property is missing: runs-on/);
    const failed = runner.runs.find((r) => r.workflow.path === '.github/workflows/invalid.yml');
    expect(failed?.conclusion).toBe('failure');
    expect(failed?.error).toMatch(/runs-on/);
    // The valid workflow still ran, and the error is reported once.
    expect(runner.runs.find((r) => r.workflow.name === 'Approve on label')?.conclusion).toBe('success');
    await expect(runner.idle()).resolves.toBeUndefined();
    await expect(runner.dispatch(REPO, 'invalid.yml', 'main', {}, 'engineer')).rejects.toThrow(WorkflowFileError);
  });
});

describe('stand-ins and filters', () => {
  it('create-github-app-token mints through the host for the configured App and masks the token', async () => {
    const { host, runner } = setup(['app-token.yml'], {
      secrets: { repo: { [REPO]: { RELEASE_APP_KEY: '-----BEGIN KEY-----' } }, environments: {} },
      vars: { repo: { [REPO]: { RELEASE_APP_ID: '12345' } }, environments: {} },
      standIns: { apps: { '12345': 'release-bot' } },
    });
    const run = await runner.dispatch(REPO, 'app-token.yml', 'main', {}, 'engineer');
    expect(run.conclusion).toBe('success');
    expect(host.appTokens).toHaveLength(1);
    expect(host.appTokens[0]).toMatchObject({ app: 'release-bot', permissions: { contents: 'write' }, repositories: ['acme/product'] });
    const steps = job(run, 'mint').steps;
    expect(steps[0]?.uses).toBe('actions/setup-node@v4');
    expect(steps[1]?.outputs.token).toBe(host.appTokens[0]?.token);
    expect(steps[2]?.stdout).toBe('token=*** node=20\n');
  });

  it('follows GitHub filter-pattern syntax', async () => {
    const { matchesFilterList } = await import('./runner/index.js');
    expect(matchesFilterList('release/1.x', ['release/*'])).toBe(true);
    expect(matchesFilterList('release/1.x/hotfix', ['release/*'])).toBe(false);
    expect(matchesFilterList('release/1.x/hotfix', ['release/**'])).toBe(true);
    expect(matchesFilterList('v1.2.3', ['v[12].[0-9]+.[0-9]+'])).toBe(true);
    expect(matchesFilterList('v3.0.0', ['v[12].[0-9]+.[0-9]+'])).toBe(false);
    expect(matchesFilterList('docs/a.md', ['**', '!docs/**'])).toBe(false);
    expect(matchesFilterList('docs/keep.md', ['**', '!docs/**', 'docs/keep.md'])).toBe(true);
    expect(matchesFilterList('main', ['mai?n'])).toBe(true);
  });
});

describe('strategy.matrix', () => {
  it('expands vectors with exclude and include, runs each combination, and fail-fast cancels the rest', async () => {
    const { runner } = setup(['matrix.yml']);
    const run = await runner.dispatch(REPO, 'matrix.yml', 'main', {}, 'engineer');
    const builds = run.jobs.filter((j) => j.id.startsWith('build'));
    expect(builds.map((j) => j.id)).toEqual(['build (18, a)', 'build (20, a, x)', 'build (20, b, x)', 'build (22)']);
    expect(builds.map((j) => j.steps[0]?.stdout.trim())).toEqual([
      'node=18 flavour=a extra= index=0/4',
      'node=20 flavour=a extra=x index=1/4',
      'node=20 flavour=b extra=x index=2/4',
      'node=22 flavour= extra= index=3/4',
    ]);
    expect(run.jobs.filter((j) => j.id.startsWith('fail-fast')).map((j) => `${j.id}:${j.conclusion}`)).toEqual([
      'fail-fast (1):success',
      'fail-fast (2):failure',
      'fail-fast (3):cancelled',
    ]);
    expect(run.conclusion).toBe('failure');
  });
});

describe('shells and command files', () => {
  it('honours defaults.run.shell, shell:, working-directory and $GITHUB_PATH', async () => {
    const { runner } = setup(['shell-path.yml']);
    const run = await runner.dispatch(REPO, 'shell-path.yml', 'main', {}, 'engineer');
    const steps = job(run, 'tools').steps;
    expect(steps.map((s) => s.conclusion)).toEqual(['success', 'success', 'success', 'success', 'success']);
    expect(steps[1]?.stdout).toBe('tool-ran\n');
    expect(steps[2]?.stdout).toMatch(/\/workspace\/sub\n$/);
    expect(steps[3]?.stdout).toBe('not bash\n');
    expect(steps[4]?.stdout).toBe('bash\n');
  });
});

describe('secrets file', () => {
  it('reads repo and environment secrets from YAML and names a bad key', async () => {
    const { parseScopedValues } = await import('./runner/index.js');
    const parsed = parseScopedValues('repo:\n  acme/control:\n    SHARED: x\nenvironments:\n  acme/control:production:\n    NPM_TOKEN: y\n');
    expect(parsed).toEqual({ repo: { 'acme/control': { SHARED: 'x' } }, environments: { 'acme/control:production': { NPM_TOKEN: 'y' } } });
    expect(() => parseScopedValues('repo:\n  control:\n    SHARED: x\n', 'sandbox-secrets.yml')).toThrow(/sandbox-secrets.yml is invalid:\nrepo.control: keys must be owner\/repo/);
  });
});

describe('progress events', () => {
  it('tells onEvent about deliveries, run status changes, steps and jobs in order', async () => {
    const events: string[] = [];
    const { host, runner } = setup(['on-labeled.yml'], {
      onEvent: (e) => {
        if (e.type === 'delivery') events.push(`delivery:${e.outcome.runIds.length}`);
        if (e.type === 'run') events.push(`run:${e.run.status}`);
        if (e.type === 'job') events.push(`job:${e.job.id}:${e.job.conclusion}`);
        if (e.type === 'step') events.push(`step:${e.step.conclusion}`);
      },
    });
    host.emit(issueEvent('labeled', { title: 'publish: a@1.0.0' }, { label: { name: 'accepted' } }));
    await runner.idle();
    expect(events).toEqual(['run:queued', 'delivery:1', 'run:in_progress', 'step:success', 'job:approve:success', 'run:completed']);
  });
});
