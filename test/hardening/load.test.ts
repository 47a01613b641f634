/**
 * Load: a burst of 50 release requests for 50 repositories (the real request command, each
 * product workflow with its own App installation token and the production write spacing), ten
 * concurrent requests for the same version, five release managers approving the same request at
 * once, and a control repo with 1,000 open requests.
 *
 * Writes per token are measured from what the sandbox received (a recording proxy sees the token
 * of each request): GitHub's guidance is to make mutating requests serially, at least one second
 * apart, and to stay under 80 content-creating requests a minute.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CONTROL_LABELS } from '../../src/control/labels.js';
import { createOctokitPort } from '../../src/github/octokit-adapter.js';
import { parseRequest, renderBody, renderTitle } from '../../src/request-format/index.js';
import { lookupTitle, runRequest } from '../../src/request/index.js';
import { startGitHubSandbox, type GitHubSandbox } from '../sandbox/github/index.js';
import { capturingLogger, fixtureFiles } from '../unit/request/helpers.js';
import { recordFigure } from './support/figures.js';
import { startRecordingProxy, type RecordingProxy } from './support/recording-proxy.js';
import { BOT, CONTROL, PEOPLE, startControlWorld, type ControlWorld } from './support/control-world.js';
import type { HandlerContext } from '../../src/deps.js';

const exec = promisify(execFile);
const REPOS = 50;

describe('load: 50 release requests for 50 repositories in a burst', () => {
  let sandbox: GitHubSandbox;
  let proxy: RecordingProxy;
  let dir: string;
  const tokens: string[] = [];

  beforeAll(async () => {
    sandbox = await startGitHubSandbox();
    proxy = await startRecordingProxy(sandbox.apiUrl);
    dir = await mkdtemp(join(tmpdir(), 'hardening-load-'));
    sandbox.admin.createOrg('acme');
    sandbox.admin.createUser('engineer');
    await sandbox.admin.createRepo('acme', 'publish');
    const files = await fixtureFiles();
    await Promise.all(
      Array.from({ length: REPOS }, async (_, i) => {
        const repo = await sandbox.admin.createRepo('acme', `product-${i}`, { files });
        await exec('git', [`--git-dir=${repo.bareDir}`, 'tag', '1.1.0', 'HEAD']);
        sandbox.admin.setCollaborator(`acme/product-${i}`, 'engineer', 'write');
      }),
    );
    // Each product's release workflow mints its own installation token for its repo and the control repo.
    for (let i = 0; i < REPOS; i++) tokens.push(sandbox.admin.issueToken({ kind: 'app', appSlug: 'release-bot', permissions: { contents: 'write', issues: 'write' }, repositories: [`acme/product-${i}`, 'acme/publish'] }));
  }, 120_000);

  afterAll(async () => {
    await proxy?.close();
    await sandbox?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('every request ends correct, and no token writes faster than one write a second', async () => {
    const started = Date.now();
    const results = await Promise.allSettled(
      tokens.map(async (token, i) => {
        const log = capturingLogger();
        // The production adapter settings: default write spacing (one second) and retries.
        const github = createOctokitPort({ token, baseUrl: proxy.url, log, botLogin: BOT });
        const inputs: Record<string, string> = { version: '1.2.0', blocker_label: 'release-blocker', force: 'false', dry_run: 'false', token };
        const context: HandlerContext = { github, clock: { now: () => Date.now() }, log, event: { name: 'workflow_dispatch', payload: {} }, input: (name) => inputs[name] ?? '', workDir: dir };
        const env = { GITHUB_REPOSITORY: `acme/product-${i}`, GITHUB_SERVER_URL: proxy.url, GITHUB_ACTOR: 'engineer', GITHUB_RUN_ID: String(1000 + i), PATH: process.env.PATH ?? '/usr/bin:/bin' };
        return runRequest(context, { env });
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    const failures = results.flatMap((r, i) => (r.status === 'rejected' ? [`product-${i}: ${(r.reason as Error).message}`] : []));
    expect(failures).toEqual([]);

    // All 50 requests are there once, and each names its own pushed release commit.
    const issues = sandbox.admin.listIssues('acme/publish');
    expect(issues).toHaveLength(REPOS);
    for (let i = 0; i < REPOS; i++) {
      const mine = issues.filter((issue) => issue.title === `publish: acme/product-${i}@1.2.0`);
      expect(mine).toHaveLength(1);
      const request = parseRequest(mine[0]?.title, mine[0]?.body ?? '');
      expect(request.releaseCommit).toBe(await sandbox.admin.branchSha(`acme/product-${i}`, 'release/1.2.0'));
    }

    // Writes per token, from what the sandbox received (API writes; git pushes are one per run).
    const writes = proxy.requests.filter((r) => ['POST', 'PATCH', 'PUT', 'DELETE'].includes(r.method) && !r.url.includes('.git/'));
    const byToken = new Map<string, number[]>();
    for (const r of writes) {
      const token = String(r.headers.authorization ?? '');
      byToken.set(token, [...(byToken.get(token) ?? []), r.receivedAt]);
    }
    let maxPerSecond = 0;
    let minGapMs = Infinity;
    for (const times of byToken.values()) {
      times.sort((a, b) => a - b);
      for (let i = 0; i < times.length; i++) {
        const inWindow = times.filter((t) => t >= (times[i] ?? 0) && t < (times[i] ?? 0) + 1000).length;
        maxPerSecond = Math.max(maxPerSecond, inWindow);
        if (i > 0) minGapMs = Math.min(minGapMs, (times[i] ?? 0) - (times[i - 1] ?? 0));
      }
    }
    recordFigure('max writes per second per token', maxPerSecond);
    // For the record: the whole App across the burst (GitHub's content-creation guidance: 80 a minute).
    const creates = writes.filter((r) => r.method === 'POST').length;
    console.log(`load: ${REPOS} requests in ${seconds.toFixed(1)} s; ${writes.length} API writes by ${byToken.size} tokens; max ${maxPerSecond} write(s) per second per token; closest two writes of one token ${Number.isFinite(minGapMs) ? minGapMs : 'n/a'} ms apart; ${creates} content-creating POSTs in total`);
    expect(byToken.size).toBe(REPOS);
    expect(maxPerSecond).toBeLessThanOrEqual(1);
    expect(creates).toBeLessThanOrEqual(80);
  }, 180_000);
});

describe('load: concurrency on one repo@version, and 1,000 open requests', () => {
  let world: ControlWorld;
  beforeAll(async () => {
    world = await startControlWorld({ settleMs: 300 });
    for (const label of CONTROL_LABELS) await world.api(PEOPLE.managers[0], 'POST', '/repos/acme/publish/labels', { name: label.name, color: label.color, description: label.description });
    await world.drain();
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  it('10 concurrent request runs for the same version: one branch, one open issue (copies from lost create races are closed as not planned)', async () => {
    const { startWorld, runContext } = await import('../unit/request/helpers.js');
    const rw = await startWorld();
    try {
      const runs = Array.from({ length: 10 }, (_, i) => runContext(rw, { version: '1.5.0' }, { runId: String(i + 1) }));
      const results = await Promise.allSettled(runs.map((r) => runRequest(r.context, { env: r.env })));
      const ok = results.filter((r) => r.status === 'fulfilled').length;
      const all = rw.sandbox.admin.listIssues('acme/publish').filter((i) => i.title === 'publish: acme/widget@1.5.0');
      // Runs that lost the create race close their copy as not planned: one request stays open.
      const issues = all.filter((i) => i.state === 'open');
      recordFigure('duplicate publishes', Math.max(0, issues.length - 1));
      expect(issues).toHaveLength(1);
      for (const copy of all.filter((i) => i.state === 'closed')) expect(copy.stateReason).toBe('not_planned');
      expect(ok).toBeGreaterThanOrEqual(1);
      for (const r of results) if (r.status === 'rejected') expect((r.reason as { code?: string }).code).toBe('E_RELEASE_BRANCH_EXISTS');
      expect(parseRequest(issues[0]?.title, issues[0]?.body ?? '').releaseCommit).toBe(await rw.sandbox.admin.branchSha('acme/widget', 'release/1.5.0'));
    } finally {
      await rw.close();
    }
  });

  it('5 release managers approving the same request at the same time (label by each, #approve by each, all runs concurrent): one publish', async () => {
    const version = '11.1.0';
    const { number } = await world.openRequest(version);
    await world.pump();
    const managers = PEOPLE.managers.slice(0, 5);
    // Each adds the label and comments #approve at once; every delivery's run starts at once.
    await Promise.all(managers.flatMap((m) => [world.api(m, 'POST', `/repos/acme/publish/issues/${number}/labels`, { labels: ['accepted'] }), world.api(m, 'POST', `/repos/acme/publish/issues/${number}/comments`, { body: '#approve' })]));
    const runs = await world.pumpParallel();
    const publishes = runs.filter((r) => r.publish === 'published').length;
    const releases = await world.releasesOf(version);
    const records = await world.registryRecords(version);
    recordFigure('duplicate publishes', Math.max(0, releases - 1) + Math.max(0, records - 1));
    expect({ publishes, releases, records }).toEqual({ publishes: 1, releases: 1, records: 1 });
    expect(world.sandbox.admin.getIssue('acme/publish', number)?.state).toBe('closed');
  });

  it('1,000 open requests: reconcile reads them all in pages, acts on the oldest, and a title lookup finds every one', async () => {
    // The oldest request is parked (CI was pending at approval; now green), then 999 more are opened.
    const oldest = await world.openRequest('12.0.0', { ci: 'pending' });
    await world.pump();
    await world.api(PEOPLE.managers[0], 'POST', `/repos/acme/publish/issues/${oldest.number}/labels`, { labels: ['accepted'] });
    await world.pump();
    expect(world.sandbox.admin.getIssue('acme/publish', oldest.number)?.labels).toContain('ci-pending');
    for (const run of await world.bot.listWorkflowRunsForCommit({ owner: 'acme', repo: 'widget' }, oldest.sha)) world.sandbox.admin.updateWorkflowRun('acme/widget', run.id, { status: 'completed', conclusion: 'success' });
    for (const run of await world.bot.listCheckRuns({ owner: 'acme', repo: 'widget' }, oldest.sha)) world.sandbox.admin.updateCheckRun('acme/widget', run.id, { status: 'completed', conclusion: 'success' });
    const sha = oldest.sha;
    const titles: string[] = [];
    const opened: Promise<unknown>[] = [];
    for (let i = 1; i < 1000; i++) {
      const request = world.requestFor(`12.${i}.0`, sha);
      titles.push(renderTitle(request));
      opened.push(world.api(BOT, 'POST', '/repos/acme/publish/issues', { title: renderTitle(request), body: renderBody(request) }));
      if (opened.length >= 25) await Promise.all(opened.splice(0));
    }
    await Promise.all(opened);
    await world.drain();
    const open = world.sandbox.admin.listIssues('acme/publish').filter((i) => i.state === 'open' && i.title.startsWith('publish: acme/widget@12.'));
    expect(open).toHaveLength(1000);

    const since = world.sandbox.requests.entries.length;
    const reconciled = await world.runReconcile();
    expect(reconciled.error).toBeNull();
    const pages = world.sandbox.requests.entries.slice(since).filter((e) => e.operationId === 'issues/list-for-repo').length;
    const summary = reconciled.log.summaries.join('\n');
    expect(summary).toMatch(/Reconcile: 10\d\d open requests examined/);
    expect(summary).toContain(`#${oldest.number} acme/widget@12.0.0`);
    // Pages of 100: 10 or 11 reads, not one per issue.
    expect(pages).toBeGreaterThanOrEqual(10);
    expect(pages).toBeLessThanOrEqual(12);
    const calls = world.sandbox.requests.entries.length - since;
    expect(calls).toBeLessThan(60);

    // The request command's squat/duplicate lookup finds the oldest, a middle one and the newest.
    for (const title of [renderTitle(oldest.request), titles[499] ?? '', titles[998] ?? '']) {
      const found = await lookupTitle(world.bot, CONTROL, title, BOT);
      expect(found.ours).toHaveLength(1);
      expect(found.scanned).toBeGreaterThanOrEqual(1000);
    }
  }, 180_000);
});
