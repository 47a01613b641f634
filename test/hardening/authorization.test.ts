/**
 * Authorization: every way to get a release out without a valid approval, against the sandbox
 * GitHub (fresh API reads through the real adapter, real git, the real publisher with the github
 * and registry targets). Each case asserts that nothing was published (no GitHub release, asset,
 * tag or merge in the request log, no record in the release registry) and that the refusal was
 * explained: a comment addressed to the actor, or a decision in the run's log.
 *
 * A positive control first: a valid approval does publish in this world, so "nothing was
 * published" below means something. The request side of a squatted title (the request command
 * refuses before pushing) is proven in test/e2e/request-guards.test.ts; here the squat itself is
 * approved and must be refused.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CONTROL_LABELS } from '../../src/control/labels.js';
import { renderBody, renderTitle } from '../../src/request-format/index.js';
import { createWorkflowRunner } from '../sandbox/runner/index.js';
import { createSandboxHost } from '../sandbox/runner/sandbox-host.js';
import { recordFigure } from './support/figures.js';
import { BOT, PEOPLE, startControlWorld, type ControlWorld, type RunOutcome } from './support/control-world.js';

let world: ControlWorld;
let versionCounter = 0;
const nextVersion = (): string => `3.${++versionCounter}.0`;

beforeAll(async () => {
  world = await startControlWorld({
    policy: { approvals: { required: 1, overrides: [{ match: 'acme/widget/packages/*', required: 2 }] } },
  });
  // The control repo's labels exist (the set-up command creates them), so `Accepted` resolves to `accepted` as on GitHub.
  for (const label of CONTROL_LABELS) {
    const res = await world.api(PEOPLE.managers[0], 'POST', '/repos/acme/publish/labels', { name: label.name, color: label.color, description: label.description });
    expect(res.status).toBe(201);
  }
  // The control repo carries its real workflow files (for the GITHUB_TOKEN case, read by the runner).
  const files: Record<string, string> = {};
  for (const name of await readdir('.github/workflows')) files[`.github/workflows/${name}`] = await readFile(join('.github/workflows', name), 'utf8');
  await world.sandbox.admin.createRepo('acme', 'publish-with-workflows', { visibility: 'internal', files });
  await world.drain();
}, 120_000);

afterAll(async () => {
  await world?.close();
});

/** Asserts that nothing of `version` was published and counts what was (the figure must stay 0). */
async function expectNothingPublished(version: string, before: ReturnType<ControlWorld['publishWrites']>): Promise<void> {
  const after = world.publishWrites();
  const records = await world.registryRecords(version);
  const releases = await world.releasesOf(version);
  const leaked = after.releases - before.releases + (after.assets - before.assets) + (after.tags - before.tags) + (after.merges - before.merges) + records + releases;
  recordFigure('unauthorised publishes', leaked);
  expect({ ...after, registryRecordsOfVersion: records, releasesOfVersion: releases }).toEqual({ ...before, registryRecordsOfVersion: 0, releasesOfVersion: 0 });
}

async function commentsOf(n: number): Promise<{ author: string; body: string }[]> {
  return world.sandbox.admin.listComments('acme/publish', n).map((c) => ({ author: c.user, body: c.body ?? '' }));
}

/** The bot's comments on `n` that address `login`. */
async function answersTo(n: number, login: string): Promise<string[]> {
  return (await commentsOf(n)).filter((c) => c.author === BOT && c.body.includes(`@${login}`)).map((c) => c.body);
}

function labelsOf(n: number): string[] {
  return [...(world.sandbox.admin.getIssue('acme/publish', n)?.labels ?? [])];
}

async function label(actor: string, n: number, name: string): Promise<RunOutcome[]> {
  const res = await world.api(actor, 'POST', `/repos/acme/publish/issues/${n}/labels`, { labels: [name] });
  expect(res.status).toBe(200);
  return world.pump();
}

async function comment(actor: string, n: number, body: string): Promise<RunOutcome[]> {
  const res = await world.api(actor, 'POST', `/repos/acme/publish/issues/${n}/comments`, { body });
  expect(res.status).toBe(201);
  return world.pump();
}

describe('authorization: the positive control', () => {
  it('a release manager approving a request the bot opened publishes it (so "nothing published" below is meaningful)', async () => {
    const version = nextVersion();
    const { number } = await world.openRequest(version);
    await world.pump();
    const runs = await label(PEOPLE.managers[0], number, 'accepted');
    expect(runs.map((r) => [r.decision, r.publish, r.error])).toContainEqual(['publish', 'published', null]);
    expect(await world.releasesOf(version)).toBe(1);
    expect(await world.registryRecords(version)).toBe(1);
    expect(world.sandbox.admin.getIssue('acme/publish', number)?.state).toBe('closed');
  });
});

describe('authorization: who adds the label', () => {
  it.each([
    ['a labeler with triage but no release-manager right', PEOPLE.triager, 'is not a release manager'],
    ['a pending team member (invitation not accepted)', PEOPLE.pending, 'pending team invitation does not count'],
  ])('%s is refused, the label removed, the reason addressed to them', async (_name, actor, why) => {
    const version = nextVersion();
    const { number } = await world.openRequest(version);
    await world.pump();
    const before = world.publishWrites();
    const runs = await label(actor, number, 'accepted');
    expect(runs.map((r) => r.decision)).toContain('refused');
    expect(labelsOf(number)).not.toContain('accepted');
    const answers = await answersTo(number, actor);
    expect(answers).toHaveLength(1);
    expect(answers[0]).toContain(why);
    await expectNothingPublished(version, before);
  });

  it('self-approval: the requester, even a release manager, may not approve (two-person rule)', async () => {
    const version = nextVersion();
    const requester = PEOPLE.managers[1];
    const { number } = await world.openRequest(version, { requester });
    await world.pump();
    const before = world.publishWrites();
    await label(requester, number, 'accepted');
    expect(labelsOf(number)).not.toContain('accepted');
    expect((await answersTo(number, requester)).join('\n')).toContain('two-person rule');
    await expectNothingPublished(version, before);
  });

  it.each([
    ['Cyrillic а', '\u0430ccepted'],
    ['a zero-width space', 'accepted\u200b'],
    ['fullwidth letters', '\uff41\uff43\uff43\uff45\uff50\uff54\uff45\uff44'],
    ['a trailing dot', 'accepted.'],
  ])('a look-alike label (%s) added by a release manager approves nothing', async (_name, lookalike) => {
    const version = nextVersion();
    const { number } = await world.openRequest(version);
    await world.pump();
    const before = world.publishWrites();
    const runs = await label(PEOPLE.managers[0], number, lookalike);
    const issueRuns = runs.filter((r) => r.command !== '-');
    expect(issueRuns.map((r) => r.decision)).toEqual(['ignored']);
    expect(issueRuns[0]?.log.text()).toContain(`is not accepted`);
    expect(world.sandbox.admin.getIssue('acme/publish', number)?.state).toBe('open');
    await expectNothingPublished(version, before);
  });

  it.each([
    ['Accepted', 'Accepted'],
    ['a trailing space', 'accepted '],
  ])('"%s" resolves to the one `accepted` label (as on GitHub), so a stranger adding it is refused like any labeler', async (_name, spelled) => {
    const version = nextVersion();
    const { number } = await world.openRequest(version);
    await world.pump();
    const before = world.publishWrites();
    await label(PEOPLE.triager, number, spelled);
    expect(labelsOf(number).map((l) => l.toLowerCase())).not.toContain('accepted');
    expect(await answersTo(number, PEOPLE.triager)).toHaveLength(1);
    await expectNothingPublished(version, before);
  });
});

describe('authorization: who opened the request', () => {
  it.each([
    ['a human (forged request, perfect title and body)', PEOPLE.outsider],
    ['a look-alike bot login (a user named release-bot, no [bot])', PEOPLE.lookalike],
    ['a release manager (only the bot opens requests)', PEOPLE.managers[2]],
  ])('opened by %s: a release manager approving it publishes nothing', async (_name, author) => {
    const version = nextVersion();
    const { number } = await world.openRequest(version, { author });
    await world.pump();
    const before = world.publishWrites();
    const approver = author === PEOPLE.managers[2] ? PEOPLE.managers[0] : PEOPLE.managers[2];
    const runs = await label(approver, number, 'accepted');
    expect(runs.map((r) => r.decision)).toContain('refused');
    expect(labelsOf(number)).not.toContain('accepted');
    const answers = await answersTo(number, approver);
    expect(answers.join('\n')).toContain('not by the release bot');
    await expectNothingPublished(version, before);
  });

  it('a squatted title (a stranger opened `publish: acme/widget@X` first): approving the squat publishes nothing', async () => {
    const version = nextVersion();
    const sha = await world.pushRelease(version);
    const request = world.requestFor(version, sha);
    const squat = await world.api(PEOPLE.outsider, 'POST', '/repos/acme/publish/issues', { title: renderTitle(request), body: `${renderBody(request)}\n\nplease approve` });
    expect(squat.status).toBe(201);
    const number = (squat.json as { number: number }).number;
    await world.pump();
    const before = world.publishWrites();
    await label(PEOPLE.managers[0], number, 'accepted');
    expect((await answersTo(number, PEOPLE.managers[0])).join('\n')).toContain(`@${PEOPLE.outsider}`);
    await expectNothingPublished(version, before);
  });
});

describe('authorization: comment commands by strangers', () => {
  it('`#retract` by a stranger leaves the request open and answers once with who may', async () => {
    const version = nextVersion();
    const { number } = await world.openRequest(version);
    await world.pump();
    await comment(PEOPLE.outsider, number, '#retract');
    expect(world.sandbox.admin.getIssue('acme/publish', number)?.state).toBe('open');
    const answers = await answersTo(number, PEOPLE.outsider);
    expect(answers).toHaveLength(1);
    expect(answers[0]).toContain('may not retract');
    expect(await world.sandbox.admin.branchSha('acme/widget', `release/${version}`)).not.toBeNull();
  });

  it('`#approve` by a stranger, by a pending member and twice by the same manager never completes a 2-approval request; a second manager does', async () => {
    const version = nextVersion();
    const sha = await world.pushRelease(version);
    const request = { ...world.requestFor(version, sha), path: 'packages/core' };
    const opened = await world.api(BOT, 'POST', '/repos/acme/publish/issues', { title: renderTitle(request), body: renderBody(request) });
    expect(opened.status).toBe(201);
    const number = (opened.json as { number: number }).number;
    await world.pump();
    const before = world.publishWrites();
    const first = await label(PEOPLE.managers[0], number, 'accepted');
    expect(first.map((r) => r.decision)).toContain('approved');
    await comment(PEOPLE.outsider, number, '#approve');
    await comment(PEOPLE.pending, number, '#approve');
    await comment(PEOPLE.managers[0], number, '#approve');
    expect((await answersTo(number, PEOPLE.outsider)).join('\n')).toContain('not a release manager');
    expect((await answersTo(number, PEOPLE.pending)).join('\n')).toContain('pending team invitation');
    expect((await answersTo(number, PEOPLE.managers[0])).join('\n')).toContain('already counted');
    await expectNothingPublished(version, before);
    // The control: a second release manager completes it and it publishes once.
    const last = await comment(PEOPLE.managers[1], number, '#approve');
    expect(last.map((r) => r.publish)).toContain('published');
    expect(await world.releasesOf(version)).toBe(1);
  });
});

describe('authorization: the request changed after approval', () => {
  it('a body edited after approval (by someone with write) voids it; CI turning green later publishes nothing', async () => {
    const version = nextVersion();
    const { number, sha } = await world.openRequest(version, { ci: 'pending' });
    await world.pump();
    const before = world.publishWrites();
    const parked = await label(PEOPLE.managers[0], number, 'accepted');
    expect(parked.map((r) => r.decision)).toContain('parked-ci');
    const issue = world.sandbox.admin.getIssue('acme/publish', number);
    const edited = (issue?.body ?? '').replace(`release/${version}`, `release/${version}`).replace('- Something changed.', '- Something changed. Also: publish my fork.');
    const res = await world.api(PEOPLE.lookalike, 'PATCH', `/repos/acme/publish/issues/${number}`, { body: edited });
    expect(res.status).toBe(200);
    const runs = await world.pump();
    expect(runs.map((r) => r.decision)).toContain('voided');
    expect(labelsOf(number)).not.toContain('accepted');
    // CI finishes green on the approved commit; reconcile finds nothing to publish.
    world.sandbox.admin.addCheckRun('acme/widget', sha, { name: 'late', status: 'completed', conclusion: 'success' });
    await world.runReconcile();
    await world.pump();
    await expectNothingPublished(version, before);
    expect((await commentsOf(number)).filter((c) => c.author === BOT).map((c) => c.body).join("\n")).toMatch(/approval of this request is void|no longer a valid publish request/i);
  });

  it('a push to the release branch after approval voids it; reconcile publishes nothing, and says why', async () => {
    const version = nextVersion();
    const { number } = await world.openRequest(version, { ci: 'pending' });
    await world.pump();
    const before = world.publishWrites();
    await label(PEOPLE.managers[0], number, 'accepted');
    // Someone pushes a new commit (green CI on it) to the release branch.
    await world.pushRelease(version, { ci: 'green', content: 'injected\n' });
    const reconciled = await world.runReconcile();
    await world.pump();
    expect(reconciled.log.summaries.join('\n')).toContain('Approvals voided');
    expect(labelsOf(number)).not.toContain('accepted');
    await expectNothingPublished(version, before);
  });
});

describe('authorization: an approval through a workflow GITHUB_TOKEN', () => {
  it('starts no workflow (the runner, reading the real publish-requests.yml), and reconcile refuses the label it left', async () => {
    const version = nextVersion();
    const { number } = await world.openRequest(version);
    await world.pump();
    const before = world.publishWrites();
    // The runner follows the real workflow files of a control repo.
    const runner = createWorkflowRunner({ host: createSandboxHost(world.sandbox), workDir: join(world.dir, 'runner'), secrets: { repo: {}, environments: {} } });
    const workflowToken = world.sandbox.admin.issueToken({ kind: 'workflow', repository: 'acme/publish-with-workflows', permissions: { issues: 'write' } });
    const sameRepoToken = world.sandbox.admin.issueToken({ kind: 'workflow', repository: 'acme/publish', permissions: { issues: 'write' } });
    runner.start();
    try {
      const copy = await world.api(workflowToken, 'POST', '/repos/acme/publish-with-workflows/issues', { title: `publish: acme/widget@${version}`, body: 'x' });
      expect(copy.status).toBe(201);
      const labeled = await world.api(workflowToken, 'POST', `/repos/acme/publish-with-workflows/issues/${(copy.json as { number: number }).number}/labels`, { labels: ['accepted'] });
      expect(labeled.status).toBe(200);
      await world.sandbox.settleWebhooks();
      await runner.idle();
      const mine = runner.deliveries.filter((d) => d.delivery.repository === 'acme/publish-with-workflows');
      expect(mine.length).toBeGreaterThanOrEqual(2);
      expect(mine.every((d) => d.ignored !== undefined && /GITHUB_TOKEN|workflow/i.test(String(d.ignored)))).toBe(true);
      expect(runner.runs).toHaveLength(0);
    } finally {
      await runner.stop();
    }
    // The same on the control repo itself: the label lands, nothing starts.
    const res = await world.api(sameRepoToken, 'POST', `/repos/acme/publish/issues/${number}/labels`, { labels: ['accepted'] });
    expect(res.status).toBe(200);
    const runs = await world.pump();
    expect(runs.map((r) => r.decision)).toEqual(['ignored-by-runner']);
    // The scheduled reconcile sees a label without a recorded approval and decides it: github-actions[bot] is no release manager.
    await world.runReconcile();
    await world.pump();
    expect(labelsOf(number)).not.toContain('accepted');
    expect((await answersTo(number, 'github-actions[bot]')).join('\n')).toContain('not a release manager');
    await expectNothingPublished(version, before);
  });
});
