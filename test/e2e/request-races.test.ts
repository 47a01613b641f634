/**
 * Races and faults end to end: two runs for the same version at once, and API failures while the
 * request issue is created. The promise in each case: one branch, one open issue, nothing lost.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { UserError } from '../../src/errors.js';
import { parseRequest } from '../../src/request-format/index.js';
import { runRequest } from '../../src/request/index.js';
import { lsRemote, runContext, startWorld, type World } from '../unit/request/helpers.js';

let world: World;

beforeAll(async () => {
  world = await startWorld();
});

afterAll(async () => {
  await world?.close();
});

const issuesTitled = (title: string) => world.sandbox.admin.listIssues('acme/publish').filter((i) => i.title === title);
const createCalls = () => world.sandbox.requests.entries.filter((e) => e.operationId === 'issues/create');

describe('request: two concurrent runs for the same version', () => {
  it('end with one branch and one open issue; a loser fails with the branch message', async () => {
    const a = runContext(world, { version: '1.4.0' }, { actor: 'engineer', runId: '1' });
    const b = runContext(world, { version: '1.4.0' }, { actor: 'engineer', runId: '2' });
    const results = await Promise.allSettled([runRequest(a.context, { env: a.env }), runRequest(b.context, { env: b.env })]);
    const failures = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason as unknown);
    for (const failure of failures) {
      expect(failure).toBeInstanceOf(UserError);
      expect((failure as UserError).code).toBe('E_RELEASE_BRANCH_EXISTS');
    }
    expect(failures.length).toBeLessThanOrEqual(1);
    const open = issuesTitled('publish: acme/widget@1.4.0').filter((i) => i.state === 'open');
    expect(open).toHaveLength(1);
    const request = parseRequest(open[0]?.title, open[0]?.body);
    expect(await lsRemote(world, 'release/1.4.0')).toBe(request.releaseCommit);
  });
});

describe('request: API faults while the issue is created', () => {
  it('a lost answer (the issue was created, the answer was a 502): exactly one issue, found and reported', async () => {
    world.sandbox.requests.reset();
    world.sandbox.faults.add({ method: 'POST', path: /\/issues$/, kind: 'after-write', status: 502 });
    const { context, env, log } = runContext(world, { version: '1.6.0' });
    const result = await runRequest(context, { env });
    const issues = issuesTitled('publish: acme/widget@1.6.0');
    expect(issues).toHaveLength(1);
    expect(createCalls()).toHaveLength(1);
    expect(result.issue?.action).toBe('found-after-lost-answer');
    expect(log.outputs.issue_number).toBe(String(issues[0]?.number));
    expect(log.lines.some((l) => l.level === 'warning' && l.message.includes('got no clear answer'))).toBe(true);
    expect(parseRequest(issues[0]?.title, issues[0]?.body).releaseCommit).toBe(log.outputs.sha);
  });

  it('a refused create (502 without the write): created on the second try, once', async () => {
    world.sandbox.requests.reset();
    world.sandbox.faults.add({ method: 'POST', path: /\/issues$/, kind: 'status', status: 502 });
    const { context, env, log } = runContext(world, { version: '1.7.0' });
    const result = await runRequest(context, { env });
    const issues = issuesTitled('publish: acme/widget@1.7.0');
    expect(issues).toHaveLength(1);
    expect(createCalls().map((e) => e.status)).toEqual([502, 201]);
    expect(result.issue?.action).toBe('created');
    expect(log.outputs.issue_number).toBe(String(issues[0]?.number));
  });

  it('two refused creates: the run fails and says what to do, without a duplicate', async () => {
    world.sandbox.faults.add({ method: 'POST', path: /\/issues$/, kind: 'status', status: 502, times: 2 });
    const { context, env } = runContext(world, { version: '1.8.0' });
    const error = await runRequest(context, { env }).catch((e: unknown) => e);
    expect((error as UserError).code).toBe('E_REQUEST_CREATE_FAILED');
    expect((error as UserError).fix).toMatch(/^Check GitHub's status .*delete the release branch \(git push origin --delete release\/1\.8\.0\) and run the release again\.$/);
    expect(issuesTitled('publish: acme/widget@1.8.0')).toHaveLength(0);
  });

  it('GitHub failing before the push: a UserError that says nothing was written', async () => {
    world.sandbox.faults.add({ method: 'GET', path: '/repos/acme/publish/issues', kind: 'status', status: 500, times: 10 });
    const { context, env } = runContext(world, { version: '1.9.0' });
    const error = await runRequest(context, { env }).catch((e: unknown) => e);
    expect((error as UserError).code).toBe('E_GITHUB_FAILED');
    expect((error as UserError).fix).toContain('Nothing was written');
    expect(await lsRemote(world, 'release/1.9.0')).toBeNull();
  });
});
