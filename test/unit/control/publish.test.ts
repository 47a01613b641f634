/**
 * The publish command against the sandbox: it re-checks everything from fresh reads, hands the
 * request to the publisher with the config of the DEFAULT branch, finishes (merge, branch
 * deleted), closes the issue; a second publish does nothing; failures are explained.
 * The publisher is a recording stand-in here (its own tests cover the targets).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { withHistory, withState, withTargetState, type PublishRequest } from '../../../src/request-format/index.js';
import { publishCommand } from '../../../src/control/publish.js';
import { saveRequest } from '../../../src/control/request-store.js';
import type { PublishInput, PublishResult } from '../../../src/publisher/orchestrator.js';
import { PEOPLE, comment, commentsOf, controlFor, handlerContext, issueOf, label, openRequest, pushTo, requestOf, runEvent, setCi, startWorld, type World } from './fixtures.js';

let world: World;

beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world.close();
});

interface Recorder {
  calls: PublishInput[];
  publish(input: PublishInput): Promise<PublishResult>;
}

/** A publisher stand-in: marks every target done (or `fail` failed), saving after each like the real one. */
function recorder(fail: string | null = null): Recorder {
  const calls: PublishInput[] = [];
  return {
    calls,
    async publish(input) {
      calls.push(input);
      const at = '2026-11-18T10:00:00Z';
      let request: PublishRequest = withHistory(withState(input.request, 'publishing'), { at, event: 'publishing', actor: null, detail: null });
      if (!input.dryRun) await input.save(request);
      for (const target of request.targets) {
        const failed = target.id === fail;
        request = withTargetState(request, target.id, failed ? 'failed' : 'done', { at, detail: failed ? 'registry said 500' : null, location: failed ? null : 'https://example.test/x' });
      }
      const ok = fail === null;
      request = ok ? withHistory(withState(request, 'published'), { at, event: 'published', actor: null, detail: null }) : withState(request, 'failed');
      if (!input.dryRun) await input.save(request);
      return {
        request,
        ok,
        dryRun: input.dryRun,
        targets: request.targets.map((t) => ({ id: t.id, outcome: t.state === 'done' ? 'published' : 'failed', state: t.state, durationMs: 5, location: t.location, error: t.state === 'failed' ? 'registry said 500' : null, hard: false, plan: null })),
        artifacts: [],
        error: null,
        unlisted: [],
      };
    },
  };
}

async function approved(options: { ci?: 'green' | 'pending' | 'red' } = {}) {
  const req = await openRequest(world);
  setCi(world, req.sha, options.ci ?? 'green');
  const { decision } = await runEvent(world, 'labeled', await label(world, PEOPLE.alice, req.number));
  return { req, decision };
}

async function publish(number: number, key: string, rec: Recorder) {
  const context = handlerContext(world, 'workflow_dispatch', { inputs: { issue_number: String(number), request: key } });
  const control = await controlFor(context);
  const decision = await publishCommand(control, { issueNumber: number, requestKey: key, env: { NPM_TOKEN: 'x' }, workDir: world.dir, publish: rec.publish });
  return { decision, log: context.log };
}

describe('publish', () => {
  it('publishes an approved request once: config from the default branch, merged, branch deleted, issue closed; a second run does nothing', async () => {
    const { req, decision } = await approved();
    expect(decision).toBe('publish');
    // The requester controls the release branch: a config there must never be used.
    await pushTo(world, 'acme/widget', req.branch, 'ignored.txt');
    await world.as('release-bot[bot]').rest.git.updateRef({ owner: 'acme', repo: 'widget', ref: `heads/${req.branch}`, sha: req.sha, force: true });
    const rec = recorder();
    const first = await publish(req.number, req.key, rec);
    expect(first.decision).toBe('published');
    expect(rec.calls).toHaveLength(1);
    expect(rec.calls[0]?.config.targets.map((t) => t.name)).toEqual(['github']);
    expect(rec.calls[0]?.dryRun).toBe(false);
    const issue = issueOf(world, req.number);
    expect(issue.state).toBe('closed');
    expect(issue.stateReason).toBe('completed');
    expect(commentsOf(world, req.number).at(-1)).toMatch(/published[\s\S]*\| `github` \| ✅ done/);
    expect(await world.sandbox.admin.branchSha('acme/widget', req.branch)).toBeNull();
    const request = await requestOf(world, req.number);
    expect(request.state).toBe('published');
    expect(request.history.map((h) => h.event)).toEqual(expect.arrayContaining(['approved', 'ci-passed', 'publishing', 'published', 'merged']));
    expect(first.log.summary.join('')).toMatch(/Published acme\/widget@/);

    const second = await publish(req.number, req.key, rec);
    expect(second.decision).toBe('noop');
    expect(rec.calls).toHaveLength(1);
  });

  it('refuses a request input that does not match the issue', async () => {
    const { req } = await approved();
    await expect(publish(req.number, 'acme/widget@9.9.9', recorder())).rejects.toThrow(/the "request" input is "acme\/widget@9.9.9" but issue #\d+ is/);
  });

  it('does nothing without the accepted label, refuses a held request, voids a moved branch, parks on pending CI', async () => {
    const rec = recorder();
    const noLabel = await openRequest(world);
    expect((await publish(noLabel.number, noLabel.key, rec)).decision).toBe('noop');

    const held = await approved();
    await runEvent(world, 'comment', await comment(world, PEOPLE.dave, held.req.number, '#hold'));
    expect((await publish(held.req.number, held.req.key, rec)).decision).toBe('refused');
    expect(commentsOf(world, held.req.number).at(-1)).toMatch(/Publishing did not start: the request is on hold/);

    const moved = await approved();
    await pushTo(world, 'acme/widget', moved.req.branch, 'late.txt');
    expect((await publish(moved.req.number, moved.req.key, rec)).decision).toBe('voided');
    expect(issueOf(world, moved.req.number).labels).not.toContain('accepted');

    const pending = await approved({ ci: 'green' });
    setCi(world, pending.req.sha, 'pending');
    expect((await publish(pending.req.number, pending.req.key, rec)).decision).toBe('parked-ci');
    expect(rec.calls).toHaveLength(0);
  });

  it('a failed target: comment with the error and how to retry, accepted removed, state failed; re-adding accepted retries', async () => {
    const { req } = await approved();
    await expect(publish(req.number, req.key, recorder('github'))).rejects.toThrow(/Publishing acme\/widget@[^ ]+ failed for `github`/);
    expect(commentsOf(world, req.number).at(-1)).toMatch(/Publishing failed\*\* for `github`[\s\S]*registry said 500[\s\S]*add the `accepted` label again/);
    expect(issueOf(world, req.number).labels).not.toContain('accepted');
    expect((await requestOf(world, req.number)).state).toBe('failed');
    expect((await runEvent(world, 'labeled', await label(world, PEOPLE.alice, req.number))).decision).toBe('publish');
    expect((await publish(req.number, req.key, recorder())).decision).toBe('published');
  });

  it('the dry-run label publishes nothing and says what would happen', async () => {
    const { req } = await approved();
    await world.as(PEOPLE.alice).rest.issues.addLabels({ owner: 'acme', repo: 'control', issue_number: req.number, labels: ['dry-run'] });
    const rec = recorder();
    expect((await publish(req.number, req.key, rec)).decision).toBe('dry-run');
    expect(rec.calls[0]?.dryRun).toBe(true);
    expect(issueOf(world, req.number).state).toBe('open');
    expect(commentsOf(world, req.number).at(-1)).toMatch(/nothing was published/);
  });

  it('two managers approving a 2-of-2 request in the same second: every publish decision is run, the publisher runs once', async () => {
    const req = await openRequest(world, { repo: 'acme/payments' });
    setCi(world, req.sha, 'green', 'acme/payments');
    const labeled = await label(world, PEOPLE.alice, req.number);
    const commented = await comment(world, PEOPLE.gina, req.number, '#approve');
    const runs = await Promise.all([runEvent(world, 'labeled', labeled), runEvent(world, 'comment', commented)]);
    const publishDecisions = runs.filter((r) => r.decision === 'publish');
    expect(publishDecisions.length).toBeGreaterThanOrEqual(1);
    const rec = recorder();
    // The publish job's concurrency group runs them one after the other; the second finds the request published.
    for (const run of runs) {
      if (run.decision === 'publish') await publish(Number(run.log.outputs.get('issue_number')), run.log.outputs.get('request') ?? '', rec);
    }
    expect(rec.calls).toHaveLength(1);
    expect(issueOf(world, req.number).state).toBe('closed');
  });

  it('an approval typed into the body (no label event or comment behind it) does not count at publish time', async () => {
    const req = await openRequest(world, { repo: 'acme/payments' });
    setCi(world, req.sha, 'green', 'acme/payments');
    expect((await runEvent(world, 'labeled', await label(world, PEOPLE.alice, req.number))).decision).toBe('approved');
    const control = { owner: 'acme', repo: 'control' };
    const issue = await world.github.getIssue(control, req.number);
    const recorded = await requestOf(world, req.number);
    const forged = { ...recorded, approvals: [...recorded.approvals, { login: 'gina', at: '2026-11-18T10:00:00Z', commit: req.sha, via: 'comment' as const, rule: null }] };
    await saveRequest(world.github, control, issue, forged);
    const rec = recorder();
    expect((await publish(req.number, req.key, rec)).decision).toBe('refused');
    expect(rec.calls).toHaveLength(0);
    expect(commentsOf(world, req.number).at(-1)).toMatch(/1 of 2 approvals[\s\S]*not counted: gina \(comment\)/);
  });
});
