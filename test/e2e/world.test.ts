/**
 * The world (test/sandbox/world.ts): it starts and stops cleanly, sets up the organisation, and
 * runs real workflows from real events: the product's CI on a git push, and the project's own
 * `.github/workflows/publish-requests.yml` with the real action bundle, end to end through the
 * runner, from an issue opened by a person to the refusal comment on a forged request.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readZip } from '../sandbox/github/zip.js';
import { startWorld, WORLD, type World } from '../sandbox/world.js';

const run = promisify(execFile);

/** Every process below this one (children, grandchildren, ...) but the `ps` that lists them, as `pid command`. */
async function descendants(): Promise<Set<string>> {
  const { stdout } = await run('ps', ['-eo', 'pid=,ppid=,comm=']);
  const children = new Map<number, string[]>();
  for (const line of stdout.trim().split('\n')) {
    const [pid, ppid, comm] = line.trim().split(/\s+/) as [string, string, string];
    if (comm === 'ps') continue;
    children.set(Number(ppid), [...(children.get(Number(ppid)) ?? []), `${pid} ${comm}`]);
  }
  const out = new Set<string>();
  const walk = (pid: number): void => {
    for (const child of children.get(pid) ?? []) {
      out.add(child);
      walk(Number(child.split(' ')[0]));
    }
  };
  walk(process.pid);
  return out;
}

async function refused(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return false;
  } catch {
    return true;
  }
}

describe('a world', () => {
  it('starts with every server and stops leaving no process, port or folder behind', async () => {
    const before = await descendants();
    const world = await startWorld();
    const during = await descendants();
    const { urls } = world;
    expect(world.targets).toEqual(world.oci ? ['github', 'npm', 'oci', 'registry'] : ['github', 'npm', 'registry']);
    expect((await fetch(`${urls.api}/repos/${WORLD.product}`, { headers: { authorization: `Bearer ${world.tokens.alice}` } })).status).toBe(200);
    expect((await fetch(`${urls.npm}/-/ping`)).status).toBe(200);
    if (urls.oci !== null) {
      // docker-registry is a child process of this one while the world runs.
      expect([...during].filter((pid) => !before.has(pid)).length).toBeGreaterThan(0);
      expect((await fetch(`${urls.oci}/v2/`)).status).toBe(401);
    }
    await world.close();
    const after = await descendants();
    expect([...after].filter((pid) => !before.has(pid))).toEqual([]);
    expect(await refused(`${urls.api}/`)).toBe(true);
    expect(await refused(`${urls.npm}/-/ping`)).toBe(true);
    if (urls.oci !== null) expect(await refused(`${urls.oci}/v2/`)).toBe(true);
    expect(existsSync(urls.dir)).toBe(false);
  }, 180_000);
});

describe('the world set up', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld({ registries: false });
  }, 180_000);
  afterAll(async () => {
    await world?.close();
  }, 60_000);

  it('has the organisation, its people, team, App and repositories', async () => {
    const as = (login: string, path: string) => world.api(login, 'GET', path);
    expect((await as('rita', `/repos/${WORLD.product}`)).status).toBe(200);
    const control = await as('rita', `/repos/${WORLD.control}`);
    expect(control.status).toBe(200);
    expect((control.json as { visibility: string }).visibility).toBe('internal');
    expect(((await as('rita', `/repos/${WORLD.control}/collaborators/rita/permission`)).json as { role_name: string }).role_name).toBe('maintain');
    expect(((await as('alice', `/repos/${WORLD.product}/collaborators/alice/permission`)).json as { role_name: string }).role_name).toBe('write');
    expect(((await as('rita', `/orgs/${WORLD.org}/teams/${WORLD.team}/memberships/ravi`)).json as { state: string }).state).toBe('active');
    expect(((await as('rita', `/orgs/${WORLD.org}/teams/${WORLD.team}/memberships/pat`)).json as { state: string }).state).toBe('pending');
    // mallory sees internal repositories, not the private release registry.
    expect((await as('mallory', `/repos/${WORLD.releases}`)).status).toBe(404);
    expect((await as('mallory', `/repos/${WORLD.control}`)).status).toBe(200);
    // The control repo holds this project's action, workflows and rules; the product its fixture with filled-in URLs.
    const files = await as('rita', `/repos/${WORLD.control}/contents/.github/workflows`);
    expect((files.json as { name: string }[]).map((f) => f.name)).toEqual(expect.arrayContaining(['publish-requests.yml', 'publish.yml', 'reconcile.yml']));
    expect((await as('rita', `/repos/${WORLD.control}/contents/dist/index.js`)).status).toBe(200);
    const craft = await as('alice', `/repos/${WORLD.product}/contents/.craft.yml`);
    const text = Buffer.from((craft.json as { content: string }).content, 'base64').toString('utf8');
    expect(text).toContain(world.urls.git[WORLD.releases]);
    expect(text).not.toContain('{{');
    // The action's home repository, tagged v1, as the product's release workflow references it.
    expect(await world.sandbox.admin.branchSha(WORLD.actionRepo, 'main')).toMatch(/^[0-9a-f]{40}$/);
  });

  it("runs the product's CI on a push: tests, npm tarball and OCI layout as the `widget` artifact, commit status success", async () => {
    const work = await mkdtemp(join(tmpdir(), 'world-push-'));
    try {
      const header = `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${world.tokens.alice}`).toString('base64')}`;
      const env = { ...process.env, GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'http.extraheader', GIT_CONFIG_VALUE_0: header, GIT_TERMINAL_PROMPT: '0' };
      const git = (args: string[]) => run('git', args, { cwd: join(work, 'widget'), env });
      await run('git', ['clone', '-q', world.urls.git[WORLD.product] ?? '', 'widget'], { cwd: work, env });
      await writeFile(join(work, 'widget', 'NOTES.md'), 'A change pushed by alice.\n');
      await git(['add', 'NOTES.md']);
      await git(['-c', 'user.name=alice', '-c', 'user.email=alice@example.com', 'commit', '-qm', 'docs: notes']);
      const sha = (await git(['rev-parse', 'HEAD'])).stdout.trim();
      await git(['push', '-q', 'origin', 'HEAD:main']);
      await world.idle();

      const ci = world.runsOf('CI', WORLD.product).find((r) => r.sha === sha);
      expect(ci?.event).toBe('push');
      expect(ci?.actor).toBe('alice');
      expect(ci?.conclusion).toBe('success');
      // notify only runs for release branches.
      expect(ci?.jobs.map((j) => [j.id, j.conclusion])).toEqual([
        ['build', 'success'],
        ['notify', 'skipped'],
      ]);
      const artifacts = await world.api('alice', 'GET', `/repos/${WORLD.product}/actions/runs/${ci?.id}/artifacts`);
      const artifact = (artifacts.json as { artifacts: { id: number; name: string }[] }).artifacts[0];
      expect(artifact?.name).toBe('widget');
      const zip = await fetch(`${world.urls.api}/repos/${WORLD.product}/actions/artifacts/${artifact?.id}/zip`, { headers: { authorization: `Bearer ${world.tokens.alice}` } });
      const entries = readZip(Buffer.from(await zip.arrayBuffer()));
      expect(Object.keys(entries).sort()).toEqual(['acme-widget-1.2.0.tgz', 'widget-oci.tar']);
      const statuses = await world.api('alice', 'GET', `/repos/${WORLD.product}/commits/${sha}/statuses`);
      expect((statuses.json as { context: string; state: string }[]).map((s) => `${s.context}:${s.state}`)).toEqual(['CI / build:success', 'CI / build:pending']);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }, 120_000);

  it('drives .github/workflows/publish-requests.yml end to end: a request a person forged is ignored, and its approval refused with a comment', async () => {
    const before = world.runner.runs.length;
    const number = await world.openIssue(WORLD.outsider, 'publish: acme/widget@9.9.9', 'please publish this one, it is urgent');
    const opened = world.runner.runs.slice(before).find((r) => r.event === 'issues' && r.action === 'opened');
    expect(opened?.workflow.path).toBe('.github/workflows/publish-requests.yml');
    expect(opened?.actor).toBe(WORLD.outsider);
    const decide = opened?.jobs.find((j) => j.id === 'decide');
    expect(decide?.environment).toBe('production');
    expect(decide?.permissions).toMatchObject({ contents: 'read', issues: 'write' });
    const action = decide?.steps.find((s) => s.uses === './');
    // The real bundle, checked out from the control repo, routed by the event.
    expect(action?.stdout).toContain('publish-approval: running "auto-approve" (issues opened)');
    expect(decide?.outputs.decision).toBe('ignored');
    expect(opened?.jobs.find((j) => j.id === 'publish')?.conclusion).toBe('skipped');

    // A release manager approves it anyway: refused, because the release bot did not open it.
    await world.addLabel('rita', number, 'accepted');
    const labeled = world.runner.runs.slice(before).find((r) => r.event === 'issues' && r.action === 'labeled');
    expect(labeled?.conclusion).toBe('success');
    expect(labeled?.jobs.find((j) => j.id === 'decide')?.outputs.decision).toBe('refused');
    expect(labeled?.jobs.find((j) => j.id === 'publish')?.conclusion).toBe('skipped');
    const issue = await world.issue(number);
    expect(issue.state).toBe('open');
    expect(issue.labels).not.toContain('accepted');
    expect(issue.comments).toHaveLength(1);
    expect(issue.comments[0]?.author).toBe(WORLD.bot);
    expect(issue.comments[0]?.body).toContain('not by the release bot `publish-approval[bot]`');
    // The bot's own comment starts no work: the workflow skips the job for the release bot's events.
    const commented = world.runner.runs.slice(before).find((r) => r.event === 'issue_comment');
    expect(commented?.actor).toBe(WORLD.bot);
    expect(commented?.jobs.find((j) => j.id === 'decide')?.conclusion).toBe('skipped');
    // mallory herself cannot label in the control repo.
    expect((await world.api(WORLD.outsider, 'POST', `/repos/${WORLD.control}/issues/${number}/labels`, { labels: ['accepted'] })).status).toBe(403);
    // The timeline names who did what and which run followed.
    expect(world.timeline.some((e) => e.actor === 'rita' && e.what === `added label accepted to ${WORLD.control}#${number}` && e.run?.workflow === 'Publish requests')).toBe(true);
  }, 120_000);
});

describe('npm start', () => {
  it('delegates validate to the CLI and passes its exit code through', async () => {
    const ok = await run(process.execPath, ['--import', 'tsx', 'scripts/start.ts', 'validate', 'auto-approve.yml'], { env: { ...process.env, NODE_OPTIONS: '' } });
    expect(ok.stdout).toContain('✓ auto-approve.yml: valid');
    const bad = await run(process.execPath, ['--import', 'tsx', 'scripts/start.ts', 'validate', 'no-such-file.craft.yml'], { env: { ...process.env, NODE_OPTIONS: '' } }).catch((error: { code: number; stderr: string }) => error);
    expect('code' in bad ? bad.code : 0).toBe(1);
    const usage = await run(process.execPath, ['--import', 'tsx', 'scripts/start.ts', '--bogus'], { env: { ...process.env, NODE_OPTIONS: '' } }).catch((error: { code: number; stderr: string }) => error);
    expect('code' in usage ? usage.code : 0).toBe(2);
  }, 60_000);
});
