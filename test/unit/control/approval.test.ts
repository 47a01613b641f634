/**
 * Approval by the `accepted` label, against the sandbox GitHub through the real adapter: the happy
 * path and every refusal, each of which removes the label, answers the labeler and changes nothing else.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BOT, PEOPLE, commentsOf, issueOf, label, lastDelivery, openRequest, pushTo, requestOf, runEvent, setCi, startWorld, type World } from './fixtures.js';

let world: World;

beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world.close();
});

describe('the accepted label', () => {
  it('approved by a release manager with CI green: decision publish in the same run, with the request and issue number', async () => {
    const req = await openRequest(world);
    setCi(world, req.sha, 'green');
    const { decision, log } = await runEvent(world, 'labeled', await label(world, PEOPLE.alice, req.number));
    expect(decision).toBe('publish');
    expect(log.outputs.get('decision')).toBe('publish');
    expect(log.outputs.get('request')).toBe(req.key);
    expect(log.outputs.get('issue_number')).toBe(String(req.number));
    const request = await requestOf(world, req.number);
    expect(request.approvals).toEqual([expect.objectContaining({ login: 'alice', via: 'label', commit: req.sha })]);
    expect(request.history.map((h) => h.event)).toEqual(['requested', 'approved', 'ci-passed']);
    expect(issueOf(world, req.number).labels).toContain('accepted');
  });

  it('a duplicated labeled delivery decides noop (never a second publish decision)', async () => {
    const req = await openRequest(world);
    setCi(world, req.sha, 'green');
    const payload = await label(world, PEOPLE.bob, req.number);
    expect((await runEvent(world, 'labeled', payload)).decision).toBe('publish');
    const second = await runEvent(world, 'labeled', payload);
    expect(second.decision).toBe('noop');
    expect(second.log.outputs.get('decision')).toBe('noop');
    expect((await requestOf(world, req.number)).approvals).toHaveLength(1);
  });

  it('the labeler comes from the issue events, not from the payload', async () => {
    const req = await openRequest(world);
    setCi(world, req.sha, 'green');
    // alice labels; the payload is altered to say erin (a stranger) added it.
    const real = await label(world, PEOPLE.alice, req.number);
    const forged = { ...real, sender: { login: 'erin', type: 'User' } };
    expect((await runEvent(world, 'labeled', forged)).decision).toBe('publish');
    expect((await requestOf(world, req.number)).approvals[0]?.login).toBe('alice');
  });

  const refusals: [string, (w: World) => Promise<{ number: number; labeler: string }>, RegExp][] = [
    [
      'an unauthorised labeler',
      async (w) => {
        const req = await openRequest(w);
        return { number: req.number, labeler: PEOPLE.frank };
      },
      /frank is not a release manager/,
    ],
    [
      'a pending team membership',
      async (w) => ({ number: (await openRequest(w)).number, labeler: PEOPLE.carol }),
      /carol is not a release manager.*pending team invitation does not count/,
    ],
    [
      'self-approval',
      async (w) => ({ number: (await openRequest(w, { requester: 'bob' })).number, labeler: PEOPLE.bob }),
      /bob requested this release and may not approve it too/,
    ],
    [
      'a held request',
      async (w) => {
        const req = await openRequest(w);
        await runEvent(w, 'comment', await import('./fixtures.js').then((f) => f.comment(w, PEOPLE.dave, req.number, '#hold')));
        return { number: req.number, labeler: PEOPLE.alice };
      },
      /the request is on hold \(by dave/,
    ],
    [
      'an expired request',
      async (w) => {
        const req = await openRequest(w);
        w.clock.advance(15 * 24 * 3600 * 1000);
        return { number: req.number, labeler: PEOPLE.alice };
      },
      /the request expired at/,
    ],
    [
      'a freeze window',
      async (w) => {
        w.clock.set('2026-12-22T10:00:00Z');
        const req = await openRequest(w);
        return { number: req.number, labeler: PEOPLE.alice };
      },
      /releases are frozen: year-end/,
    ],
    [
      'a release branch that moved',
      async (w) => {
        const req = await openRequest(w);
        await pushTo(w, 'acme/widget', req.branch, 'sneaky.txt');
        return { number: req.number, labeler: PEOPLE.alice };
      },
      /the release branch `release\/[^`]+` moved from/,
    ],
  ];

  it.each(refusals)('refuses %s: label removed, the labeler answered with the reason and the fix, history approval-refused, nothing else', async (_name, arrange, reason) => {
    world.clock.set('2026-11-18T10:00:00Z');
    const { number, labeler } = await arrange(world);
    const before = await requestOf(world, number);
    const { decision } = await runEvent(world, 'labeled', await label(world, labeler, number));
    world.clock.set('2026-11-18T10:00:00Z');
    expect(decision).toBe('refused');
    expect(issueOf(world, number).labels).not.toContain('accepted');
    const last = commentsOf(world, number).at(-1) ?? '';
    expect(last).toContain(`@${labeler} the approval was refused`);
    expect(last).toMatch(reason);
    expect(last).toContain('What to do:');
    const after = await requestOf(world, number);
    expect(after.approvals).toEqual([]);
    expect(after.state).toBe(before.state);
    expect(after.history.at(-1)).toEqual(expect.objectContaining({ event: 'approval-refused', actor: labeler }));
  });

  it('refuses a forged request opened by a human with a correct title and body', async () => {
    const req = await openRequest(world, { opener: PEOPLE.dave });
    const { decision } = await runEvent(world, 'labeled', await label(world, PEOPLE.alice, req.number));
    expect(decision).toBe('refused');
    expect(issueOf(world, req.number).labels).not.toContain('accepted');
    expect(commentsOf(world, req.number).at(-1)).toMatch(/opened by @dave \(User\), not by the release bot/);
  });

  it('refuses a request opened by a look-alike login without [bot] (a squatted name)', async () => {
    const req = await openRequest(world, { opener: PEOPLE.lookalike });
    const { decision } = await runEvent(world, 'labeled', await label(world, PEOPLE.alice, req.number));
    expect(decision).toBe('refused');
    expect(commentsOf(world, req.number).at(-1)).toMatch(/opened by @release-bot \(User\), not by the release bot `release-bot\[bot\]`/);
  });

  it('ignores other labels', async () => {
    const req = await openRequest(world);
    const { decision } = await runEvent(world, 'labeled', await label(world, PEOPLE.alice, req.number, 'question'));
    expect(decision).toBe('ignored');
  });
});

describe('edits and pushes after approval', () => {
  it('an edit of the request by a person voids the approval; an edit by the bot does not', async () => {
    const req = await openRequest(world);
    setCi(world, req.sha, 'pending');
    expect((await runEvent(world, 'labeled', await label(world, PEOPLE.alice, req.number))).decision).toBe('parked-ci');
    const issue = issueOf(world, req.number);
    // The bot rewrites the body (what every save does): no void.
    await world.as(BOT).rest.issues.update({ owner: 'acme', repo: 'control', issue_number: req.number, body: issue.body ?? '' });
    expect((await runEvent(world, 'edited', await lastDelivery(world, 'issues', 'edited', req.number))).decision).toBe('ignored');
    // A person edits the human part.
    await world.as(PEOPLE.alice).rest.issues.update({ owner: 'acme', repo: 'control', issue_number: req.number, body: `Please also ship X\n${issue.body ?? ''}` });
    const { decision } = await runEvent(world, 'edited', await lastDelivery(world, 'issues', 'edited', req.number));
    expect(decision).toBe('voided');
    const request = await requestOf(world, req.number);
    expect(request.approvals).toEqual([]);
    expect(request.state).toBe('open');
    expect(request.history.at(-1)).toEqual(expect.objectContaining({ event: 'approval-voided', actor: 'alice' }));
    expect(issueOf(world, req.number).labels).not.toContain('accepted');
    expect(issueOf(world, req.number).labels).not.toContain('ci-pending');
    expect(commentsOf(world, req.number).at(-1)).toMatch(/approval of this request is void: alice edited the request/);
  });

  it('a push to the release branch while parked voids the approval at the CI gate', async () => {
    const req = await openRequest(world);
    setCi(world, req.sha, 'pending');
    expect((await runEvent(world, 'labeled', await label(world, PEOPLE.alice, req.number))).decision).toBe('parked-ci');
    await pushTo(world, 'acme/widget', req.branch, 'late-fix.txt');
    const { reconcile } = await import('../../../src/control/reconcile.js');
    const { handlerContext, controlFor } = await import('./fixtures.js');
    const summary = await reconcile(await controlFor(handlerContext(world, 'schedule', {})));
    expect(summary.voided).toEqual([`#${req.number} ${req.key}`]);
    expect(issueOf(world, req.number).labels).not.toContain('accepted');
    expect(commentsOf(world, req.number).at(-1)).toMatch(/moved from/);
  });
});
