/**
 * Secrets: the publish job holds NPM_TOKEN, OCI_PASSWORD, RELEASE_REGISTRY_TOKEN and the App
 * token. Scenarios run with those values (random canaries, and the real tokens the registries
 * accept), then everything that could carry them is scanned: every log line, output and job
 * summary of every run, every issue body and comment, the GitHub release, the release registry's
 * git history, every request the sandbox GitHub received (bodies and headers) and every request
 * npm received. A value may appear only in the one place that needs it: the App token in the
 * Authorization header of GitHub API calls, the registry token in the Authorization header of the
 * git push to the release registry, NPM_TOKEN in the Authorization header of npm requests.
 * OCI_PASSWORD is given but no target uses it here: it must appear nowhere at all.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { CONTROL_LABELS } from '../../src/control/labels.js';
import { recordFigure } from './support/figures.js';
import { PEOPLE, PRODUCT, RELEASES, startControlWorld, type ControlWorld } from './support/control-world.js';

const exec = promisify(execFile);
const OCI_PASSWORD = `canary-oci-${randomBytes(9).toString('hex')}`;
let world: ControlWorld;
const npmSeen: { method: string; url: string; headers: Record<string, unknown> }[] = [];
const manager = PEOPLE.managers[0];

beforeAll(async () => {
  world = await startControlWorld({ npm: true, npmProxy: true, apiProxy: true, publishEnv: { OCI_USERNAME: 'ci', OCI_PASSWORD } });
  for (const label of CONTROL_LABELS) await world.api(manager, 'POST', '/repos/acme/publish/labels', { name: label.name, color: label.color, description: label.description });
  await world.drain();
  world.npmProxy?.intercept(({ method, url, headers }) => {
    npmSeen.push({ method, url, headers: { ...headers } });
    return null;
  });
}, 120_000);

afterAll(async () => {
  await world?.close();
});

/** Every spelling of a secret that would still leak it. */
function spellings(value: string): string[] {
  return [value, Buffer.from(value).toString('base64'), Buffer.from(`x-access-token:${value}`).toString('base64'), encodeURIComponent(value), value.slice(0, Math.max(12, Math.floor(value.length * 0.8)))];
}

interface Finding {
  readonly secret: string;
  readonly where: string;
}

function scan(where: string, text: string, secrets: Record<string, string>): Finding[] {
  const found: Finding[] = [];
  for (const [name, value] of Object.entries(secrets)) {
    if (value.length < 8) continue;
    if (spellings(value).some((s) => text.includes(s))) found.push({ secret: name, where });
  }
  return found;
}

async function everything(): Promise<Finding[]> {
  const secrets: Record<string, string> = { NPM_TOKEN: world.npmToken, OCI_PASSWORD, RELEASE_REGISTRY_TOKEN: world.registryToken, APP_TOKEN: world.botToken };
  const findings: Finding[] = [];
  // What the runs printed, output and summarised (stdout, stderr, GITHUB_OUTPUT, the job summary).
  for (const [i, run] of world.outcomes.entries()) findings.push(...scan(`run ${i} (${run.command}) log/outputs/summary`, `${run.log.text()}\n${run.error ?? ''}`, secrets));
  // Issue bodies and comments.
  for (const issue of world.sandbox.admin.listIssues('acme/publish')) {
    findings.push(...scan(`issue #${issue.number} body`, `${issue.title}\n${issue.body ?? ''}`, secrets));
    for (const c of world.sandbox.admin.listComments('acme/publish', issue.number)) findings.push(...scan(`comment on #${issue.number}`, c.body ?? '', secrets));
  }
  // The GitHub releases.
  for (const r of await world.bot.listReleases(PRODUCT)) findings.push(...scan(`release ${r.tagName}`, JSON.stringify(r), secrets));
  // The release registry's whole history.
  const bare = world.sandbox.admin.getRepo(RELEASES)?.bareDir ?? '';
  const { stdout } = await exec('git', [`--git-dir=${bare}`, 'log', '--all', '-p', '--format=%H %an <%ae> %s%n%b'], { maxBuffer: 64 * 1024 * 1024 });
  findings.push(...scan('release registry history', stdout, secrets));
  // Every request the sandbox GitHub received from the control runs.
  for (const req of world.apiProxy?.requests ?? []) {
    const isRegistryGit = req.url.startsWith('/acme/releases.git/');
    const isGit = /\.git\//.test(req.url);
    const { authorization, ...rest } = req.headers;
    findings.push(...scan(`GitHub request ${req.method} ${req.url} body`, req.body.toString('latin1'), secrets));
    findings.push(...scan(`GitHub request ${req.method} ${req.url} headers`, JSON.stringify(rest), secrets));
    const allowed: Record<string, string> = isRegistryGit ? { RELEASE_REGISTRY_TOKEN: world.registryToken } : isGit ? {} : { APP_TOKEN: world.botToken };
    const forbidden = Object.fromEntries(Object.entries(secrets).filter(([name]) => !(name in allowed)));
    findings.push(...scan(`GitHub request ${req.method} ${req.url} authorization`, String(authorization ?? ''), forbidden));
  }
  // Every request npm received: only NPM_TOKEN, only in the authorization header.
  for (const req of npmSeen) {
    const { authorization, ...rest } = req.headers;
    findings.push(...scan(`npm request ${req.method} ${req.url} headers`, JSON.stringify(rest), secrets));
    const { NPM_TOKEN: _npm, ...others } = secrets;
    findings.push(...scan(`npm request ${req.method} ${req.url} authorization`, String(authorization ?? ''), others));
  }
  return findings;
}

async function approve(version: string): Promise<number> {
  const { number } = await world.openRequest(version);
  await world.pump();
  await world.api(manager, 'POST', `/repos/acme/publish/issues/${number}/labels`, { labels: ['accepted'] });
  await world.pump();
  return number;
}

describe('secrets: canary values appear only where they are needed', () => {
  it('a full publish (github, npm, release registry), a refused approval and a stranger\'s commands leak nothing', async () => {
    await approve('9.1.0');
    const { number } = await world.openRequest('9.2.0');
    await world.pump();
    await world.api(PEOPLE.outsider, 'POST', `/repos/acme/publish/issues/${number}/comments`, { body: '#retract\n#approve' });
    await world.api(PEOPLE.triager, 'POST', `/repos/acme/publish/issues/${number}/labels`, { labels: ['accepted'] });
    await world.pump();
    expect(world.sandbox.admin.getIssue('acme/publish', 1)?.state).toBe('closed');
    const findings = await everything();
    recordFigure('canary values found where they must not be', findings.length);
    expect(findings).toEqual([]);
    // The scan saw the places where the values do belong (so it looks at real traffic).
    expect(world.apiProxy?.requests.some((r) => r.url.startsWith('/acme/releases.git/') && r.headers.authorization !== undefined)).toBe(true);
    expect(npmSeen.some((r) => r.method === 'PUT' && String(r.headers.authorization ?? '').includes(world.npmToken))).toBe(true);
  });

  it('registries that echo the credentials in their errors (npm 503, a refused git push) leak nothing into comments, records or logs', async () => {
    // npm answers the PUT with an error that quotes the Authorization header it got.
    let echoed = 0;
    world.npmProxy?.intercept(({ method, url, headers }) => {
      npmSeen.push({ method, url, headers: { ...headers } });
      if (method === 'PUT' && echoed === 0) {
        echoed += 1;
        return { status: 503, afterForward: false, body: JSON.stringify({ error: `service unavailable for ${String(headers.authorization)} (token ${world.npmToken})` }) };
      }
      return null;
    });
    world.sandbox.faults.add({ method: 'POST', path: /^\/acme\/releases\.git\/git-receive-pack$/, kind: 'status', status: 502, body: `push refused for token ${world.registryToken} and ${OCI_PASSWORD}` });
    const n = await approve('9.3.0');
    world.sandbox.faults.clear();
    expect(echoed).toBe(1);
    // The failure is reported on the request (with the registry's error, masked), then a retry publishes the rest.
    const comments = world.sandbox.admin.listComments('acme/publish', n).map((c) => c.body ?? '').join('\n');
    expect(comments).toMatch(/fail/i);
    await world.api(manager, 'POST', `/repos/acme/publish/issues/${n}/labels`, { labels: ['accepted'] });
    await world.pump();
    const findings = await everything();
    recordFigure('canary values found where they must not be', findings.length);
    expect(findings).toEqual([]);
  });
});
