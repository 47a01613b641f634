/**
 * Faults, part 2 (part 1 is faults.test.ts, same world set-up): the registry writes, the parked
 * path, the request command, rate limits and webhook deliveries.
 *
 * Faults: for every write of the approve → publish flow (the request record, labels, comments,
 * the workflow dispatch, the tag, the GitHub release and its asset, npm, the release registry
 * push, the merge, the branch deletion), a failure before it (the sandbox answers 502 without
 * doing it), after it with the answer lost (the sandbox does it, then answers 502) and a process
 * kill right after it (simulated: see support/kill.ts). Then the run is retried the way people
 * retry (a release manager adds `accepted` again; reconcile runs) until the request is closed,
 * and the outcome must be exactly one of everything: one GitHub release with one copy of each
 * asset, one npm version, one release-registry record, the request record `published` with every
 * target `done`, the issue closed, the branch merged and deleted.
 *
 * The request command's own writes (the release branch push, the issue) are in the second part,
 * against the request world of test/unit/request/helpers.ts. Rate limits and webhook delivery
 * faults follow.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CONTROL_LABELS } from '../../src/control/labels.js';
import { createOctokitPort } from '../../src/github/octokit-adapter.js';
import { GitHubApiError } from '../../src/errors.js';
import type { GitHubPort } from '../../src/github/port.js';
import { parseRequest } from '../../src/request-format/index.js';
import { recordFigure } from './support/figures.js';
import { faultFlow } from './support/fault-flow.js';
import { killAfterPortCall, killAfterTarget, killSwitch } from './support/kill.js';
import { BOT, PEOPLE, PRODUCT, captureLog, startControlWorld, type ControlWorld } from './support/control-world.js';

let world: ControlWorld;
let counter = 0;
const nextVersion = (): string => `5.${++counter}.0`;
const manager = PEOPLE.managers[0];

beforeAll(async () => {
  world = await startControlWorld({ npm: true, npmProxy: true });
  await world.setTargets(['github']);
  for (const label of CONTROL_LABELS) await world.api(manager, 'POST', '/repos/acme/publish/labels', { name: label.name, color: label.color, description: label.description });
  await world.drain();
}, 120_000);

afterAll(async () => {
  await world?.close();
});

const { issueOf, retry, retryUntilClosed, expectConverged, approveGreen } = faultFlow(() => world);

type Phase = 'before' | 'after';


describe('faults: the registry writes (npm, release registry), then a retry', () => {
  beforeAll(async () => world.setTargets(['github', 'npm', 'registry']));
  afterAll(async () => world.setTargets(['github']));
  it.each([
    ['npm refuses the PUT (503, not stored)', () => world.npmProxy?.refuse('PUT', 503)],
    ['npm stores the PUT and answers 500 (lost answer)', () => world.npmProxy?.failAfterWrite('PUT', 500)],
    ['npm stores the PUT and answers 401 (the registry that lies)', () => world.npmProxy?.failAfterWrite('PUT', 401)],
    ['the release registry push is refused (502)', () => world.sandbox.faults.add({ method: 'POST', path: /^\/acme\/releases\.git\/git-receive-pack$/, kind: 'status', status: 502 })],
  ])('%s: converges to exactly once', async (_name, inject) => {
    const version = nextVersion();
    inject();
    recordFigure('faults injected', 1);
    const n = await approveGreen(version);
    world.sandbox.faults.clear();
    await retryUntilClosed(n);
    await expectConverged(version, n);
  });

  it.each([['npm' as const], ['registry' as const], ['github' as const]])('the process is killed right after the %s target wrote: converges to exactly once', async (name) => {
    const version = nextVersion();
    const sw = killSwitch();
    world.targetsOverride = killAfterTarget(sw, name);
    world.portWrapper = killAfterPortCall(sw, 'whoAmI', () => false);
    recordFigure('faults injected', 1);
    try {
      await approveGreen(version);
    } finally {
      world.targetsOverride = null;
      world.portWrapper = null;
    }
    expect(sw.killed).toBe(true);
    const n = world.sandbox.admin.listIssues('acme/publish').find((i) => i.title.endsWith(`@${version}`))?.number ?? 0;
    await retryUntilClosed(n);
    await expectConverged(version, n);
  });
});

describe('faults: the parked path (CI still running), its labels, comment and the publish dispatch', () => {
  const writes: { name: string; method: string; path: RegExp }[] = [
    { name: 'the ci-pending label (POST labels)', method: 'POST', path: /^\/repos\/acme\/publish\/issues\/\d+\/labels$/ },
    { name: 'the "waiting for CI" comment', method: 'POST', path: /^\/repos\/acme\/publish\/issues\/\d+\/comments$/ },
    { name: 'the publish.yml dispatch', method: 'POST', path: /\/actions\/workflows\/publish\.yml\/dispatches$/ },
  ];
  it.each(writes.flatMap((w) => (['before', 'after'] as Phase[]).map((phase) => [w.name, phase, w] as const)))('%s fails %s the write: converges', async (name, phase, write) => {
    const version = nextVersion();
    const { number: n, sha } = await world.openRequest(version, { ci: 'pending' });
    await world.pump();
    const dispatchFault = name.includes('dispatch');
    if (!dispatchFault) world.sandbox.faults.add({ method: write.method, path: write.path, kind: phase === 'before' ? 'status' : 'after-write', status: 502 });
    recordFigure('faults injected', 1);
    await world.api(manager, 'POST', `/repos/acme/publish/issues/${n}/labels`, { labels: ['accepted'] });
    await world.pump();
    world.sandbox.faults.clear();
    // CI finishes; reconcile dispatches publish.yml (the sandbox records the dispatch; the test runs what it would start).
    world.sandbox.admin.addCheckRun('acme/widget', sha, { name: 'test', status: 'completed', conclusion: 'success' });
    for (const run of await world.bot.listCheckRuns(PRODUCT, sha)) if (run.status !== 'completed') world.sandbox.admin.updateCheckRun('acme/widget', run.id, { status: 'completed', conclusion: 'success' });
    for (const run of await world.bot.listWorkflowRunsForCommit(PRODUCT, sha)) world.sandbox.admin.updateWorkflowRun('acme/widget', run.id, { status: 'completed', conclusion: 'success' });
    for (let attempt = 0; attempt < 3 && issueOf(n).state === 'open'; attempt++) {
      if (dispatchFault && attempt === 0) world.sandbox.faults.add({ method: write.method, path: write.path, kind: phase === 'before' ? 'status' : 'after-write', status: 502 });
      const before = world.sandbox.requests.entries.filter((e) => /publish\.yml\/dispatches$/.test(e.path) && e.status === 204).length;
      await world.runReconcile();
      world.sandbox.faults.clear();
      const dispatched = world.sandbox.requests.entries.filter((e) => /publish\.yml\/dispatches$/.test(e.path) && (e.status === 204 || (phase === 'after' && e.status === 502))).length > before;
      if (dispatched) await world.runPublish(n);
      await world.pump();
      if (issueOf(n).state === 'open' && !issueOf(n).labels.includes('accepted')) await retry(n);
    }
    await expectConverged(version, n);
  });
});

describe('faults: the request command (release branch push, issue creation), then the documented re-run', () => {
  // The request side runs against its own small world (test/unit/request/helpers.ts).
  let rw: Awaited<ReturnType<typeof import('../unit/request/helpers.js').startWorld>>;
  let helpers: typeof import('../unit/request/helpers.js');
  let requestModule: typeof import('../../src/request/index.js');
  beforeAll(async () => {
    helpers = await import('../unit/request/helpers.js');
    requestModule = await import('../../src/request/index.js');
    rw = await helpers.startWorld();
  }, 60_000);
  afterAll(async () => {
    await rw?.close();
  });

  /** Runs the request command; on E_RELEASE_BRANCH_EXISTS follows its fix (delete the branch, run again). */
  async function request(version: string, wrap?: (port: GitHubPort) => GitHubPort): Promise<string> {
    const { context, env } = helpers.runContext(rw, { version });
    const ctx = wrap ? { ...context, github: wrap(context.github) } : context;
    try {
      await requestModule.runRequest(ctx, { env });
      return 'ok';
    } catch (error) {
      return (error as { code?: string }).code ?? (error as Error).name;
    }
  }

  async function rerunUntilOk(version: string): Promise<void> {
    for (let i = 0; i < 3; i++) {
      const outcome = await request(version);
      if (outcome === 'ok') return;
      if (outcome === 'E_RELEASE_BRANCH_EXISTS') await rw.github.deleteBranch({ owner: 'acme', repo: 'widget' }, `release/${version}`);
    }
    throw new Error(`the request for ${version} did not succeed in 3 re-runs`);
  }

  function issuesFor(version: string) {
    return rw.sandbox.admin.listIssues('acme/publish').filter((i) => i.title === `publish: acme/widget@${version}`);
  }

  let rv = 0;
  const cases: [string, 'before' | 'after' | 'kill', { method: string; path: RegExp; kill: keyof GitHubPort }][] = [];
  for (const phase of ['before', 'after', 'kill'] as const) {
    cases.push(['the issue (POST issues)', phase, { method: 'POST', path: /^\/repos\/acme\/publish\/issues$/, kill: 'createIssue' }]);
  }
  cases.push(['the release branch push', 'before', { method: 'POST', path: /^\/acme\/widget\.git\/git-receive-pack$/, kill: 'createIssue' }]);

  it.each(cases)('%s fails %s: one issue, pointing at the pushed commit', async (_name, phase, write) => {
    const version = `7.${++rv}.0`;
    recordFigure('faults injected', 1);
    let first: string;
    if (phase === 'kill') {
      const sw = killSwitch();
      first = await request(version, killAfterPortCall(sw, write.kill));
      expect(sw.killed).toBe(true);
    } else {
      rw.sandbox.faults.add({ method: write.method, path: write.path, kind: phase === 'before' ? 'status' : 'after-write', status: 502 });
      first = await request(version);
      rw.sandbox.faults.clear();
    }
    // The command may recover by itself (it looks up the title after an ambiguous create); a kill never does.
    if (phase === 'kill') expect(first).not.toBe('ok');
    if (first !== 'ok') await rerunUntilOk(version);
    const issues = issuesFor(version);
    recordFigure('duplicate publishes', Math.max(0, issues.length - 1));
    expect(issues).toHaveLength(1);
    const parsed = parseRequest(issues[0]?.title, issues[0]?.body ?? '');
    expect(parsed.releaseCommit).toBe(await rw.sandbox.admin.branchSha('acme/widget', `release/${version}`));
  });
});

describe('faults: rate limits', () => {
  const wait = (): { waits: number[]; sleep: (ms: number) => Promise<void> } => {
    const waits: number[] = [];
    return { waits, sleep: async (ms: number) => void waits.push(ms) };
  };
  const port = (sleep: (ms: number) => Promise<void>, extra: Record<string, unknown> = {}) =>
    createOctokitPort({ token: world.botToken, baseUrl: world.sandbox.apiUrl, log: captureLog(), botLogin: BOT, minWriteIntervalMs: 0, retryBaseMs: 1, sleep, maxRateLimitWaitSeconds: 120, ...extra });
  const attempts = (path: RegExp, since: number): number => world.sandbox.requests.entries.slice(since).filter((e) => path.test(e.path) && e.method === 'POST').length;

  it.each([
    ['403 with retry-after: 2', 403, { 'retry-after': '2' }, 2000],
    ['429 with retry-after: 3', 429, { 'retry-after': '3' }, 3000],
  ])('%s: one wait of that length, then the write goes through once', async (_name, status, headers, ms) => {
    const { number } = await world.openRequest(nextVersion());
    const since = world.sandbox.requests.entries.length;
    const path = new RegExp(`^/repos/acme/publish/issues/${number}/comments$`);
    world.sandbox.faults.add({ method: 'POST', path, kind: 'status', status, headers });
    recordFigure('faults injected', 1);
    const { waits, sleep } = wait();
    await port(sleep).createComment({ owner: 'acme', repo: 'publish' }, number, 'hello');
    expect(attempts(path, since)).toBe(2);
    expect(waits.filter((w) => w >= 1000)).toEqual([ms]);
    expect(world.sandbox.admin.listComments('acme/publish', number).filter((c) => c.body === 'hello')).toHaveLength(1);
    await world.drain();
  });

  it('a primary limit with only reset headers waits until the reset, then goes through', async () => {
    const { number } = await world.openRequest(nextVersion());
    const since = world.sandbox.requests.entries.length;
    const path = new RegExp(`^/repos/acme/publish/issues/${number}/labels$`);
    const now = Date.now();
    world.sandbox.faults.add({ method: 'POST', path, kind: 'status', status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.ceil(now / 1000) + 5) } });
    recordFigure('faults injected', 1);
    const { waits, sleep } = wait();
    await port(sleep, { now: () => now }).addLabels({ owner: 'acme', repo: 'publish' }, number, ['dry-run']);
    expect(attempts(path, since)).toBe(2);
    const long = waits.filter((w) => w >= 1000);
    expect(long).toHaveLength(1);
    expect(long[0]).toBeGreaterThanOrEqual(4000);
    expect(long[0]).toBeLessThanOrEqual(7000);
    await world.drain();
  });

  it.each([
    ['403 secondary limits with only GitHub\'s message (no header)', 403, {}],
    ['403 with retry-after: 1', 403, { 'retry-after': '1' }],
    ['429 with retry-after: 1', 429, { 'retry-after': '1' }],
  ])('a storm of %s: bounded attempts, a wait before each retry (no tight loop), then a clear failure', async (_name, status, headers) => {
    const { number } = await world.openRequest(nextVersion());
    const since = world.sandbox.requests.entries.length;
    const path = new RegExp(`^/repos/acme/publish/issues/${number}/comments$`);
    const body = { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api' };
    world.sandbox.faults.add({ method: 'POST', path, kind: 'status', status, headers, times: 1000, ...(Object.keys(headers).length === 0 ? { body } : {}) });
    recordFigure('faults injected', 1);
    const { waits, sleep } = wait();
    const error = await port(sleep, { retries: 3, secondaryRateLimitFallbackSeconds: 60 })
      .createComment({ owner: 'acme', repo: 'publish' }, number, 'storm')
      .then(() => null, (e: unknown) => e);
    world.sandbox.faults.clear();
    expect(error).toBeInstanceOf(GitHubApiError);
    expect((error as Error).message).toMatch(/rate limit/i);
    const tries = attempts(path, since);
    expect(tries).toBe(4);
    const long = waits.filter((w) => w >= 1000);
    expect(long).toHaveLength(3);
    expect(world.sandbox.admin.listComments('acme/publish', number).filter((c) => c.body === 'storm')).toHaveLength(0);
    await world.drain();
  });
});

describe('faults: lost, duplicated and reordered webhook deliveries', () => {
  it('a lost `labeled` delivery: reconcile decides the approval and it publishes once', async () => {
    const version = nextVersion();
    const { number } = await world.openRequest(version);
    await world.pump();
    world.sandbox.webhooks.fault({ event: 'issues', action: 'labeled', kind: 'drop' });
    recordFigure('faults injected', 1);
    await world.api(manager, 'POST', `/repos/acme/publish/issues/${number}/labels`, { labels: ['accepted'] });
    const runs = await world.pump();
    expect(runs.filter((r) => r.command === 'approve')).toHaveLength(0);
    await world.runReconcile();
    // Reconcile dispatched publish.yml; run it as the dispatch would.
    await world.runPublish(number);
    await world.pump();
    await retryUntilClosed(number);
    await expectConverged(version, number);
  });

  it('a duplicated `labeled` delivery: two runs, one publish', async () => {
    const version = nextVersion();
    const { number } = await world.openRequest(version);
    await world.pump();
    world.sandbox.webhooks.fault({ event: 'issues', action: 'labeled', kind: 'duplicate' });
    recordFigure('faults injected', 1);
    await world.api(manager, 'POST', `/repos/acme/publish/issues/${number}/labels`, { labels: ['accepted'] });
    const runs = (await world.pump()).filter((r) => r.command === 'approve' && (r.delivery?.payload.label as { name?: string } | undefined)?.name === 'accepted' && r.delivery?.action === 'labeled');
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(runs.filter((r) => r.publish === 'published')).toHaveLength(1);
    await expectConverged(version, number);
  });

  it('reordered deliveries (`opened` delayed past `labeled` and a duplicate of both): one publish', async () => {
    const version = nextVersion();
    world.sandbox.webhooks.fault({ event: 'issues', action: 'opened', kind: 'delay', ms: 400 });
    world.sandbox.webhooks.fault({ event: 'issues', action: 'opened', kind: 'duplicate' });
    recordFigure('faults injected', 2);
    const { number } = await world.openRequest(version);
    await world.api(manager, 'POST', `/repos/acme/publish/issues/${number}/labels`, { labels: ['accepted'] });
    await world.pump();
    await new Promise((resolve) => setTimeout(resolve, 500));
    await world.pump();
    await expectConverged(version, number);
  });
});
