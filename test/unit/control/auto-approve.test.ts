/**
 * Auto-approve on `issues.opened`, end to end against the sandbox: a matching request is approved
 * by the bot and goes through the same CI gate in the same run; near misses never match; the
 * label the bot adds starts a run that decides noop.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BOT, PEOPLE, commentsOf, issueOf, lastDelivery, openRequest, requestOf, runEvent, setCi, startWorld, type World } from './fixtures.js';

let world: World;

beforeAll(async () => {
  world = await startWorld();
  await world.sandbox.admin.createRepo('acme', 'widget2', { files: { 'README.md': '#\n' } });
});
afterAll(async () => {
  await world.close();
});

describe('auto-approve', () => {
  it('a matching request by the bot with CI green: approved by the rule, labelled, commented, decision publish in this run', async () => {
    const req = await openRequest(world, { version: '1.2.9', previousTag: '1.2.8' });
    setCi(world, req.sha, 'green');
    const { decision, log } = await runEvent(world, 'opened', await lastDelivery(world, 'issues', 'opened', req.number));
    expect(decision).toBe('publish');
    expect(log.outputs.get('request')).toBe(req.key);
    const request = await requestOf(world, req.number);
    expect(request.approvals).toEqual([expect.objectContaining({ login: BOT, via: 'rule', rule: 'widget-patches', commit: req.sha })]);
    expect(request.history.map((h) => h.event)).toEqual(['requested', 'approved', 'ci-passed']);
    expect(issueOf(world, req.number).labels).toContain('accepted');
    expect(commentsOf(world, req.number)[0]).toMatch(/Auto-approved by rule `widget-patches`/);
    // The bot's label starts another run: it finds the approval and decides noop, never a second publish.
    const labeled = await lastDelivery(world, 'issues', 'labeled', req.number);
    expect((labeled.sender as { login: string }).login).toBe(BOT);
    expect((await runEvent(world, 'labeled', labeled)).decision).toBe('noop');
    // A duplicated `opened` delivery does nothing either.
    expect((await runEvent(world, 'opened', await lastDelivery(world, 'issues', 'opened', req.number))).decision).toBe('noop');
  });

  it('with CI still running, the auto-approved request is parked like any other', async () => {
    const req = await openRequest(world, { version: '1.2.10', previousTag: '1.2.9' });
    setCi(world, req.sha, 'pending');
    expect((await runEvent(world, 'opened', await lastDelivery(world, 'issues', 'opened', req.number))).decision).toBe('parked-ci');
    expect(issueOf(world, req.number).labels).toEqual(expect.arrayContaining(['accepted', 'ci-pending']));
    expect((await requestOf(world, req.number)).state).toBe('parked-ci');
  });

  it('a request a person opened never auto-approves, whatever it matches', async () => {
    const req = await openRequest(world, { version: '1.2.11', previousTag: '1.2.10', opener: PEOPLE.dave });
    expect((await runEvent(world, 'opened', await lastDelivery(world, 'issues', 'opened', req.number))).decision).toBe('ignored');
    expect(issueOf(world, req.number).labels).toEqual([]);
  });

  it('near misses never match: acme/widget2, ACME/widget, a minor bump, a target outside the rule', async () => {
    const cases = [
      await openRequest(world, { repo: 'acme/widget2', version: '1.2.12', previousTag: '1.2.11' }),
      // GitHub resolves ACME/widget to acme/widget, but the rule names "acme/widget" exactly.
      await openRequest(world, { repo: 'ACME/widget', version: '1.2.15', previousTag: '1.2.14' }),
      await openRequest(world, { version: '1.3.0', previousTag: '1.2.11' }),
      await openRequest(world, { version: '1.2.13', previousTag: '1.2.12', targets: ['github', 'npm'] }),
    ];
    for (const req of cases) {
      const { decision, log } = await runEvent(world, 'opened', await lastDelivery(world, 'issues', 'opened', req.number));
      expect(decision).toBe('not-auto-approved');
      expect(log.summary.join('')).toMatch(/not auto-approved/);
      expect(issueOf(world, req.number).labels).toEqual([]);
      expect((await requestOf(world, req.number)).approvals).toEqual([]);
    }
  });

  it('a Cyrillic look-alike in the title is not a request at all: nothing is approved', async () => {
    const req = await openRequest(world, { version: '1.2.16', previousTag: '1.2.15' });
    const issue = issueOf(world, req.number);
    const { data } = await world.as(BOT).rest.issues.create({ owner: 'acme', repo: 'control', title: 'publish: acme/widg\u0435t@1.2.16', body: issue.body ?? '' });
    const { decision, log } = await runEvent(world, 'opened', await lastDelivery(world, 'issues', 'opened', data.number));
    expect(decision).toBe('ignored');
    expect(log.lines.join('\n')).toMatch(/U\+0435/);
    expect(issueOf(world, data.number).labels).toEqual([]);
  });

  it('the rule engine refuses case and unicode look-alikes (the names a request could carry)', async () => {
    const { decideAutoApproval, compileRules, loadConfigText } = await import('../../../src/config/index.js');
    const rules = compileRules(loadConfigText('auto-approve', (await import('./fixtures.js')).DEFAULT_RULES, 'auto-approve.yml').config.rules);
    const base = { path: null, version: '1.2.14', previousVersion: '1.2.13', targets: ['github'], author: BOT };
    expect(decideAutoApproval(rules, { ...base, repo: { owner: 'acme', repo: 'widget' } }, BOT).approved).toBe(true);
    for (const repo of [{ owner: 'ACME', repo: 'widget' }, { owner: 'acme', repo: 'widgеt' /* Cyrillic е */ }, { owner: 'acme', repo: 'widget2' }]) {
      expect(decideAutoApproval(rules, { ...base, repo }, BOT).approved).toBe(false);
    }
  });
});
