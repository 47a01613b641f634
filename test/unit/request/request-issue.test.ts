/**
 * The request issue logic against the sandbox GitHub through the real Octokit adapter: lookup in
 * a control repository with 1,000 open issues, update, squat refusal, a lost create answer, and
 * two runs that both create (the lowest number survives, the other is closed as a duplicate).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { UserError } from '../../../src/errors.js';
import type { GitHubPort } from '../../../src/github/port.js';
import { createRequest, parseRequest, renderBody, renderTitle, withApproval, withTargetState, type PublishRequest } from '../../../src/request-format/index.js';
import { lookupTitle, publishRequestIssue } from '../../../src/request/request-issue.js';
import { startGitHubSandbox, type GitHubSandbox } from '../../sandbox/github/index.js';
import { BOT, bulkIssues, capturingLogger, sandboxPort } from './helpers.js';

let sandbox: GitHubSandbox;
let github: GitHubPort;
const control = { owner: 'acme', repo: 'publish' };

beforeAll(async () => {
  sandbox = await startGitHubSandbox();
  sandbox.admin.createOrg('acme');
  sandbox.admin.createUser('mallory');
  await sandbox.admin.createRepo('acme', 'publish');
  github = sandboxPort(sandbox, sandbox.admin.issueToken({ kind: 'app', appSlug: 'release-bot', permissions: { issues: 'write' } }), capturingLogger());
});

afterAll(async () => {
  await sandbox?.close();
});

function request(version: string, commit: string, requester = 'engineer'): PublishRequest {
  return createRequest({
    repo: { owner: 'acme', repo: 'widget' },
    version,
    serverUrl: 'https://github.com',
    releaseBranch: `release/${version}`,
    releaseCommit: commit,
    previousTag: '1.1.0',
    requester,
    requestedAt: '2026-11-22T00:00:00.000Z',
    workflowRunUrl: 'https://github.com/acme/widget/actions/runs/1',
    targets: ['github', 'npm[@acme/widget]'],
    changelog: `Notes for ${version}`,
  });
}

const input = (req: PublishRequest, now = '2026-11-22T01:00:00.000Z') => ({ github, log: capturingLogger(), repo: control, title: renderTitle(req), request: req, bot: BOT, now });
const open = (title: string) => sandbox.admin.listIssues('acme/publish').filter((i) => i.title === title && i.state === 'open');

describe('lookup with 1,000 open issues', () => {
  it('reads every page and finds the request on the last one', async () => {
    const old = request('3.0.0', 'a'.repeat(40));
    // The request is the oldest issue, so newest-first paging reaches it on page 11.
    const first = await github.createIssue(control, { title: renderTitle(old), body: renderBody(old) });
    bulkIssues(sandbox, 'acme/publish', 1000, (i) => ({ title: i % 2 === 0 ? `publish: acme/other@1.0.${i}` : `Question ${i}`, user: 'mallory' }));
    sandbox.requests.reset();
    const lookup = await lookupTitle(github, control, 'publish: acme/widget@3.0.0', BOT);
    expect(lookup.scanned).toBe(1001);
    expect(lookup.ours.map((i) => i.number)).toEqual([first.number]);
    expect(lookup.others).toEqual([]);
    expect(sandbox.requests.count({ operationId: 'issues/list-for-repo' })).toBe(11);
  });

  it('updates that request: new commit, approvals cleared, targets kept, history entry', async () => {
    const [existing] = open('publish: acme/widget@3.0.0');
    const before = parseRequest(existing?.title, existing?.body);
    const approved = withTargetState(withApproval(before, { login: 'manager', at: '2026-11-22T00:30:00Z', commit: before.releaseCommit, via: 'label', rule: null }), 'github', 'done', { at: '2026-11-22T00:40:00Z', location: 'https://github.com/acme/widget/releases/tag/3.0.0' });
    await github.updateIssue(control, existing!.number, { body: renderBody(approved) });

    const outcome = await publishRequestIssue(input(request('3.0.0', 'b'.repeat(40), 'alice')));
    expect(outcome.action).toBe('updated');
    expect(outcome.issue.number).toBe(existing?.number);
    expect(outcome.request.releaseCommit).toBe('b'.repeat(40));
    expect(outcome.request.requester).toBe('alice');
    expect(outcome.request.approvals).toEqual([]);
    expect(outcome.request.targets.map((t) => [t.id, t.state])).toEqual([
      ['github', 'done'],
      ['npm[@acme/widget]', 'pending'],
    ]);
    expect(outcome.request.history.at(-1)).toEqual({ at: '2026-11-22T01:00:00.000Z', event: 'updated', actor: 'alice', detail: `release commit ${'b'.repeat(12)} (was ${'a'.repeat(12)}); approvals cleared` });
    expect(open('publish: acme/widget@3.0.0')).toHaveLength(1);
  });
});

describe('a title opened by someone else', () => {
  it('is never adopted: the error names the issue, the author and the fix', async () => {
    const mallory = sandboxPort(sandbox, sandbox.admin.issueToken({ kind: 'user', login: 'mallory' }), capturingLogger(), 'mallory');
    const fake = request('3.1.0', 'c'.repeat(40), 'mallory');
    const squat = await mallory.createIssue(control, { title: renderTitle(fake), body: renderBody(fake) });
    sandbox.requests.reset();
    const error = await publishRequestIssue(input(request('3.1.0', 'd'.repeat(40)))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe('E_REQUEST_TITLE_TAKEN');
    expect((error as UserError).message).toContain(`Issue #${squat.number} (${squat.htmlUrl}) in acme/publish with this title was opened by @mallory, not by the release bot (@release-bot[bot])`);
    expect((error as UserError).fix).toBe(`Close issue #${squat.number} (it was opened by @mallory, not by the release bot), then run the release again.`);
    expect(sandbox.requests.count({ isWrite: true })).toBe(0);
    expect(parseRequest(open('publish: acme/widget@3.1.0')[0]?.title, open('publish: acme/widget@3.1.0')[0]?.body).releaseCommit).toBe('c'.repeat(40));
  });
});

describe('creating', () => {
  it('a lost answer: looks, finds the issue, does not create again', async () => {
    sandbox.requests.reset();
    sandbox.faults.add({ method: 'POST', path: /\/issues$/, kind: 'after-write', status: 502 });
    const outcome = await publishRequestIssue(input(request('3.2.0', 'e'.repeat(40))));
    expect(outcome.action).toBe('found-after-lost-answer');
    expect(open('publish: acme/widget@3.2.0').map((i) => i.number)).toEqual([outcome.issue.number]);
    expect(sandbox.requests.count({ operationId: 'issues/create' })).toBe(1);
  });

  it('two runs that both create end with one open issue: the lowest number, the other closed as a duplicate', async () => {
    const req = request('3.3.0', 'f'.repeat(40));
    const [a, b] = await Promise.all([publishRequestIssue(input(req)), publishRequestIssue(input(req))]);
    const all = sandbox.admin.listIssues('acme/publish').filter((i) => i.title === 'publish: acme/widget@3.3.0');
    // Both looked before either created, so both created: the race this logic exists for.
    expect(all).toHaveLength(2);
    const survivor = Math.min(...all.map((i) => i.number));
    expect(all.filter((i) => i.state === 'open').map((i) => i.number)).toEqual([survivor]);
    expect(a.issue.number).toBe(survivor);
    expect(b.issue.number).toBe(survivor);
    for (const dup of all.filter((i) => i.number !== survivor)) {
      expect(dup.stateReason).toBe('not_planned');
      const comments = sandbox.admin.listComments('acme/publish', dup.number);
      expect(comments.some((c) => c.body.includes(`Duplicate of #${survivor}`))).toBe(true);
    }
  });

  it('a leftover duplicate is closed on the next update', async () => {
    const req = request('3.4.0', '1'.repeat(40));
    const one = await github.createIssue(control, { title: renderTitle(req), body: renderBody(req) });
    const two = await github.createIssue(control, { title: renderTitle(req), body: renderBody(req) });
    const outcome = await publishRequestIssue(input(request('3.4.0', '2'.repeat(40))));
    expect(outcome.issue.number).toBe(one.number);
    expect(outcome.closedDuplicates).toEqual([two.number]);
    expect(open('publish: acme/widget@3.4.0').map((i) => i.number)).toEqual([one.number]);
  });

  it('a bot issue whose body was edited by hand is not overwritten: the fix is to close it', async () => {
    const req = request('3.5.0', '3'.repeat(40));
    const broken = await github.createIssue(control, { title: renderTitle(req), body: 'edited by hand' });
    const error = await publishRequestIssue(input(req)).catch((e: unknown) => e);
    expect((error as UserError).code).toBe('E_REQUEST_UNREADABLE');
    expect((error as UserError).fix).toContain(`Close issue #${broken.number}`);
  });
});
