/**
 * Reconcile against the sandbox: parked requests whose CI turned green are dispatched to
 * publish.yml (the dispatch is recorded by the sandbox), red ones are failed like the gate does,
 * lost `labeled` events are decided, expired requests are closed; an idle run costs one listing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { reconcile } from '../../../src/control/reconcile.js';
import { CONTROL, PEOPLE, commentsOf, controlFor, handlerContext, issueOf, label, openRequest, requestOf, runEvent, setCi, startWorld, type World } from './fixtures.js';

let world: World;

beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world.close();
});

async function runReconcile() {
  const context = handlerContext(world, 'schedule', { schedule: '*/15 * * * *' });
  const summary = await reconcile(await controlFor(context));
  return { summary, log: context.log };
}

function dispatches() {
  return world.sandbox.webhooks.deliveries.filter((d) => d.event === 'workflow_dispatch').map((d) => d.payload as { inputs: Record<string, string>; workflow: string });
}

describe('reconcile', () => {
  it('CI pending, then green: parked with a label and a comment, then publish.yml dispatched once', async () => {
    const req = await openRequest(world);
    const run = setCi(world, req.sha, 'pending');
    expect((await runEvent(world, 'labeled', await label(world, PEOPLE.alice, req.number))).decision).toBe('parked-ci');
    expect(issueOf(world, req.number).labels).toEqual(expect.arrayContaining(['accepted', 'ci-pending']));
    expect(commentsOf(world, req.number).at(-1)).toMatch(/Waiting for CI[\s\S]*1 of 1 check still running: \[test\]/);

    // Still running: nothing happens, nothing is written.
    let { summary } = await runReconcile();
    expect(summary.stillPending).toContain(`#${req.number} ${req.key}`);
    // Parked a moment ago: reconcile dispatches itself again, so CI finishing is noticed within a run's start-up time.
    expect(summary.selfDispatched).toBe(true);
    await world.sandbox.settleWebhooks();
    expect(dispatches().map((d) => d.workflow)).toEqual(['.github/workflows/reconcile.yml']);

    world.sandbox.admin.updateCheckRun('acme/widget', run, { status: 'completed', conclusion: 'success' });
    ({ summary } = await runReconcile());
    expect(summary.dispatched).toContain(`#${req.number} ${req.key}`);
    await world.sandbox.settleWebhooks();
    expect(dispatches().slice(1)).toEqual([expect.objectContaining({ workflow: '.github/workflows/publish.yml', inputs: { issue_number: String(req.number), request: req.key } })]);
    expect(summary.selfDispatched).toBe(false);
    expect(issueOf(world, req.number).labels).not.toContain('ci-pending');
    expect((await requestOf(world, req.number)).state).toBe('open');

    // The next run finds nothing to do for it: no second dispatch.
    ({ summary } = await runReconcile());
    expect(summary.dispatched).not.toContain(`#${req.number} ${req.key}`);
    await world.sandbox.settleWebhooks();
    expect(dispatches()).toHaveLength(2);
  });

  it('CI red: the failed checks are named with links, accepted removed; re-adding it after the fix publishes', async () => {
    const req = await openRequest(world);
    const run = setCi(world, req.sha, 'red');
    expect((await runEvent(world, 'labeled', await label(world, PEOPLE.alice, req.number))).decision).toBe('ci-failed');
    const issue = issueOf(world, req.number);
    expect(issue.labels).toContain('ci-failed');
    expect(issue.labels).not.toContain('accepted');
    expect(commentsOf(world, req.number).at(-1)).toMatch(/CI failed[\s\S]*- \[test\]\(http[^)]+\): failure[\s\S]*add `accepted` again to retry/);

    world.sandbox.admin.updateCheckRun('acme/widget', run, { status: 'completed', conclusion: 'success' });
    expect((await runEvent(world, 'labeled', await label(world, PEOPLE.alice, req.number))).decision).toBe('publish');
    expect(issueOf(world, req.number).labels).not.toContain('ci-failed');
    expect((await requestOf(world, req.number)).approvals).toHaveLength(1);
  });

  it('a lost labeled event is decided by reconcile', async () => {
    const req = await openRequest(world);
    setCi(world, req.sha, 'green');
    // The label is added but no workflow ever ran for it (a dropped delivery).
    await world.as(PEOPLE.bob).rest.issues.addLabels({ owner: 'acme', repo: 'control', issue_number: req.number, labels: ['accepted'] });
    const before = dispatches().length;
    const { summary } = await runReconcile();
    expect(summary.approvalsDecided).toContain(`#${req.number} ${req.key}: publish`);
    await world.sandbox.settleWebhooks();
    expect(dispatches().slice(before)).toEqual([expect.objectContaining({ inputs: { issue_number: String(req.number), request: req.key } })]);
    expect((await requestOf(world, req.number)).approvals).toEqual([expect.objectContaining({ login: 'bob', via: 'label' })]);
  });

  it('a publish decision whose publish run never started is dispatched after 30 minutes, once', async () => {
    const req = await openRequest(world);
    setCi(world, req.sha, 'green');
    expect((await runEvent(world, 'labeled', await label(world, PEOPLE.gina, req.number))).decision).toBe('publish');
    // The publish job never ran (say its runner was lost).
    let { summary } = await runReconcile();
    expect(summary.dispatched).not.toContain(`#${req.number} ${req.key}`);
    world.clock.advance(31 * 60 * 1000);
    ({ summary } = await runReconcile());
    expect(summary.dispatched).toContain(`#${req.number} ${req.key}`);
    ({ summary } = await runReconcile());
    expect(summary.dispatched).not.toContain(`#${req.number} ${req.key}`);
  });

  it('an idle run costs one listing page, whatever the number of open requests', async () => {
    for (let i = 0; i < 3; i += 1) await openRequest(world);
    const before = world.sandbox.requests.count({});
    const { summary } = await runReconcile();
    expect(summary.examined).toBeGreaterThanOrEqual(3);
    expect(world.sandbox.requests.count({}) - before).toBe(1);
  });

  it('expired requests are closed with a comment; publishing ones are left alone', async () => {
    const req = await openRequest(world);
    world.clock.advance(15 * 24 * 3600 * 1000);
    const { summary } = await runReconcile();
    expect(summary.expired).toContain(`#${req.number} ${req.key}`);
    const issue = issueOf(world, req.number);
    expect(issue.state).toBe('closed');
    expect(issue.stateReason).toBe('not_planned');
    expect(commentsOf(world, req.number).at(-1)).toMatch(/This request expired/);
    const request = await requestOf(world, req.number);
    expect(request.state).toBe('expired');
    expect(request.history.at(-1)?.event).toBe('expired');
    expect(world.sandbox.admin.listIssues(CONTROL).filter((i) => i.state === 'open' && i.title.startsWith('publish:'))).toEqual([]);
  });
});
