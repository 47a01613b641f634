/**
 * Comment commands against the sandbox: retract (requester, allowed teammate, stranger, after a
 * partial publish, while publishing), hold/unhold, and N-of-M approvals with `#approve`.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { withState, withTargetState } from '../../../src/request-format/index.js';
import { saveRequest } from '../../../src/control/request-store.js';
import { CONTROL, PEOPLE, comment, commentsOf, issueOf, label, openRequest, requestOf, runEvent, setCi, startWorld, type World } from './fixtures.js';

let world: World;

beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world.close();
});

const [owner, repo] = CONTROL.split('/') as [string, string];

describe('#retract', () => {
  it('by the requester: closed as not planned, the release branch deleted, history retracted', async () => {
    const req = await openRequest(world);
    const { decision } = await runEvent(world, 'comment', await comment(world, PEOPLE.dave, req.number, 'Wrong version.\n#retract'));
    expect(decision).toBe('retracted');
    const issue = issueOf(world, req.number);
    expect(issue.state).toBe('closed');
    expect(issue.stateReason).toBe('not_planned');
    expect(await world.sandbox.admin.branchSha('acme/widget', req.branch)).toBeNull();
    const request = await requestOf(world, req.number);
    expect(request.state).toBe('retracted');
    expect(request.history.at(-1)).toEqual(expect.objectContaining({ event: 'retracted', actor: 'dave' }));
    expect(commentsOf(world, req.number).at(-1)).toMatch(/@dave[\s\S]*Retracted[\s\S]*was deleted/);
  });

  it('by a teammate with write access to the product repo (a bot-requested release can be retracted)', async () => {
    const req = await openRequest(world, { requester: 'release-bot[bot]' });
    expect((await runEvent(world, 'comment', await comment(world, PEOPLE.frank, req.number, '#retract'))).decision).toBe('retracted');
    expect(issueOf(world, req.number).state).toBe('closed');
  });

  it('by a stranger: answered once with who may use it; a duplicated delivery answers nothing more', async () => {
    const req = await openRequest(world);
    const payload = await comment(world, PEOPLE.erin, req.number, '#retract');
    const first = await runEvent(world, 'comment', payload);
    expect(first.decision).toBe('answered');
    expect(issueOf(world, req.number).state).toBe('open');
    const answers = commentsOf(world, req.number);
    expect(answers).toHaveLength(2);
    expect(answers[1]).toMatch(/@erin[\s\S]*`#retract` was not applied[\s\S]*the requester \(`dave`\), anyone with write access to acme\/widget, release managers/);
    expect((await runEvent(world, 'comment', payload)).decision).toBe('noop');
    expect(commentsOf(world, req.number)).toHaveLength(2);
  });

  it('is refused after a partial publish, and while publishing', async () => {
    const req = await openRequest(world, { targets: ['github', 'npm'] });
    const issue = await world.github.getIssue({ owner, repo }, req.number);
    const partial = withState(withTargetState(await requestOf(world, req.number), 'github', 'done', { at: '2026-11-18T10:00:00Z' }), 'failed');
    const saved = await saveRequest(world.github, { owner, repo }, issue, partial);
    const { decision } = await runEvent(world, 'comment', await comment(world, PEOPLE.dave, req.number, '#retract'));
    expect(decision).toBe('refused');
    expect(commentsOf(world, req.number).at(-1)).toMatch(/`github` is already published/);
    expect(issueOf(world, req.number).state).toBe('open');
    expect(await world.sandbox.admin.branchSha('acme/widget', req.branch)).toBe(req.sha);

    await saveRequest(world.github, { owner, repo }, saved, withState(partial, 'publishing'));
    expect((await runEvent(world, 'comment', await comment(world, PEOPLE.dave, req.number, '#retract'))).decision).toBe('refused');
    expect(commentsOf(world, req.number).at(-1)).toMatch(/a publish run is under way/);
  });

  it('ignores commands in code blocks, comments by bots and comments on pull requests', async () => {
    const req = await openRequest(world);
    expect((await runEvent(world, 'comment', await comment(world, PEOPLE.dave, req.number, '```\n#retract\n```'))).decision).toBe('ignored');
    expect((await runEvent(world, 'comment', await comment(world, 'release-bot[bot]', req.number, '#retract'))).decision).toBe('ignored');
    const pr = world.sandbox.admin.createPullRequestIssue(CONTROL, { title: 'publish: acme/widget@9.9.9', user: 'dave' });
    expect((await runEvent(world, 'comment', await comment(world, PEOPLE.dave, pr, '#retract'))).decision).toBe('ignored');
    expect(issueOf(world, req.number).state).toBe('open');
  });
});

describe('#hold and #unhold', () => {
  it('hold blocks approval and says so; unhold lifts it; strangers are answered', async () => {
    const req = await openRequest(world);
    expect((await runEvent(world, 'comment', await comment(world, PEOPLE.dave, req.number, '#hold'))).decision).toBe('held');
    expect(issueOf(world, req.number).labels).toContain('on-hold');
    expect(issueOf(world, req.number).body).toMatch(/On hold by @dave/);
    expect((await requestOf(world, req.number)).hold).toEqual(expect.objectContaining({ by: 'dave' }));

    expect((await runEvent(world, 'comment', await comment(world, PEOPLE.erin, req.number, '#unhold'))).decision).toBe('answered');
    expect(commentsOf(world, req.number).at(-1)).toMatch(/`#unhold` was not applied: it may be used by the requester \(`dave`\), release managers/);

    expect((await runEvent(world, 'labeled', await label(world, PEOPLE.alice, req.number))).decision).toBe('refused');

    expect((await runEvent(world, 'comment', await comment(world, PEOPLE.alice, req.number, '#unhold'))).decision).toBe('unheld');
    expect(issueOf(world, req.number).labels).not.toContain('on-hold');
    setCi(world, req.sha, 'green');
    expect((await runEvent(world, 'labeled', await label(world, PEOPLE.alice, req.number))).decision).toBe('publish');
    expect((await requestOf(world, req.number)).history.map((h) => h.event)).toEqual(['requested', 'held', 'approval-refused', 'unheld', 'approved', 'ci-passed']);
  });

  it('handles several commands of one comment in order, answering once', async () => {
    const req = await openRequest(world);
    const { decision } = await runEvent(world, 'comment', await comment(world, PEOPLE.dave, req.number, '#hold\n#unhold\n#approve'));
    expect(decision).toBe('answered');
    const replies = commentsOf(world, req.number).slice(1);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatch(/On hold[\s\S]*hold is lifted[\s\S]*`#approve` was not counted/);
  });
});

describe('N-of-M approvals', () => {
  it('the label is the first approval, #approve by another release manager the second; the same person twice and the requester do not count', async () => {
    const req = await openRequest(world, { repo: 'acme/payments' });
    setCi(world, req.sha, 'green', 'acme/payments');
    expect((await runEvent(world, 'labeled', await label(world, PEOPLE.alice, req.number))).decision).toBe('approved');
    expect(commentsOf(world, req.number).at(-1)).toMatch(/Approval 1 of 2 recorded \(alice\)[\s\S]*needs 1 more/);
    expect(issueOf(world, req.number).body).toMatch(/Approved by: @alice \(label, [^)]+\); 1 of 2, 1 missing/);

    expect((await runEvent(world, 'comment', await comment(world, PEOPLE.alice, req.number, '#approve'))).decision).toBe('answered');
    expect(commentsOf(world, req.number).at(-1)).toMatch(/your approval is already counted/);

    expect((await runEvent(world, 'comment', await comment(world, PEOPLE.dave, req.number, '#approve'))).decision).toBe('refused');
    expect(commentsOf(world, req.number).at(-1)).toMatch(/dave is not a release manager/);

    const { decision, log } = await runEvent(world, 'comment', await comment(world, PEOPLE.bob, req.number, '#approve'));
    expect(decision).toBe('publish');
    expect(log.outputs.get('request')).toBe(req.key);
    const request = await requestOf(world, req.number);
    expect(request.approvals.map((a) => [a.login, a.via])).toEqual([
      ['alice', 'label'],
      ['bob', 'comment'],
    ]);
  });

  it('two managers approving in the same second: both approvals recorded, one publish', async () => {
    const req = await openRequest(world, { repo: 'acme/payments' });
    setCi(world, req.sha, 'green', 'acme/payments');
    const labeled = await label(world, PEOPLE.alice, req.number);
    // gina's #approve lands in the same second; both runs start from the same request body.
    const commented = await comment(world, PEOPLE.gina, req.number, '#approve');
    const [a, b] = await Promise.all([runEvent(world, 'labeled', labeled), runEvent(world, 'comment', commented)]);
    const request = await requestOf(world, req.number);
    expect(request.approvals.map((x) => x.login).sort()).toEqual(['alice', 'gina']);
    const decisions = [a.decision, b.decision];
    expect(decisions).toContain('publish');
    // However many runs decide publish, the publish command publishes once (see publish.test.ts).
  });
});
