/** The audit command: the history of releases from the request issues, as a table or JSON. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runCli } from '../../../src/cli.js';
import { BOT, PEOPLE, comment, label, openRequest, runEvent, setCi, startWorld, type World } from './fixtures.js';

let world: World;

beforeAll(async () => {
  world = await startWorld();
  const approved = await openRequest(world, { version: '2.0.1' });
  setCi(world, approved.sha, 'green');
  await runEvent(world, 'labeled', await label(world, PEOPLE.alice, approved.number));
  const retracted = await openRequest(world, { version: '2.0.2' });
  await runEvent(world, 'comment', await comment(world, PEOPLE.dave, retracted.number, '#retract'));
  await openRequest(world, { version: '3.0.0', repo: 'acme/payments' });
  await openRequest(world, { version: '2.0.3', opener: PEOPLE.lookalike });
});
afterAll(async () => {
  await world.close();
});

async function cli(args: string[]) {
  let out = '';
  let err = '';
  process.env.AUDIT_TEST_TOKEN = world.botToken;
  const code = await runCli(['audit', '--api-url', world.sandbox.apiUrl, '--token-env', 'AUDIT_TEST_TOKEN', '--repo', 'acme/control', ...args], {
    stdout: (s) => void (out += s),
    stderr: (s) => void (err += s),
    readFile: async () => '',
  });
  return { code, out, err };
}

describe('audit', () => {
  it('prints every request, open and closed, as JSON, filtered by product repo', async () => {
    const { code, out } = await cli(['--for', 'acme/widget', '--release-bot', BOT, '--json']);
    expect(code).toBe(0);
    const { requests } = JSON.parse(out) as { requests: { request: string; state: string; approvers: string[]; requester: string; byReleaseBot: boolean; history: { event: string }[] }[] };
    const byKey = new Map(requests.map((r) => [r.request, r]));
    expect([...byKey.keys()].sort()).toEqual(['acme/widget@2.0.1', 'acme/widget@2.0.2', 'acme/widget@2.0.3']);
    expect(byKey.get('acme/widget@2.0.1')).toEqual(expect.objectContaining({ state: 'open', approvers: ['alice'], requester: 'dave', byReleaseBot: true }));
    expect(byKey.get('acme/widget@2.0.1')?.history.map((h) => h.event)).toEqual(['requested', 'approved', 'ci-passed']);
    expect(byKey.get('acme/widget@2.0.2')?.state).toBe('retracted');
    expect(byKey.get('acme/widget@2.0.3')?.byReleaseBot).toBe(false);
  });

  it('prints a table by default', async () => {
    const { code, out } = await cli([]);
    expect(code).toBe(0);
    expect(out.split('\n')[0]).toMatch(/^#\s+request\s+state\s+requester\s+approvers\s+requested\s+published\s+targets$/);
    expect(out).toMatch(/acme\/payments@3\.0\.0\s+open/);
    expect(out).toMatch(/acme\/widget@2\.0\.2\s+retracted/);
  });

  it('explains a missing token', async () => {
    const code = await runCli(['audit', '--token-env', 'NOT_SET_ANYWHERE_X', '--repo', 'acme/control'], { stdout: () => undefined, stderr: () => undefined, readFile: async () => '' });
    expect(code).toBe(1);
  });
});
