/**
 * The publisher end to end with real components: the sandbox GitHub (CI runs, artifacts,
 * releases, merges) through the Octokit adapter, Verdaccio behind a counting proxy, Debian's
 * docker-registry, and a bare git repository as the release registry.
 *
 * Each case has its own release commit (a real commit pushed to the sandbox) and version, so the
 * cases share servers but not state. Every saved request is validated against the request schema.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createGit, type Git } from '../../src/github/git.js';
import { createOctokitPort } from '../../src/github/octokit-adapter.js';
import type { GitHubPort, RepoId } from '../../src/github/port.js';
import { finishRelease, renderReport } from '../../src/publisher/finish.js';
import { publishRequest, type PublishInput, type PublishResult } from '../../src/publisher/orchestrator.js';
import { publishRequestSchema, type PublishRequest } from '../../src/request-format/index.js';
import { startGitHubSandbox, type GitHubSandbox } from '../sandbox/github/index.js';
import { requireContainerRegistry, type ContainerRegistry } from '../sandbox/registries/container-registry.js';
import { buildOciImage, readManifest } from '../sandbox/registries/oci-layout.js';
import { startVerdaccio, type VerdaccioRegistry } from '../sandbox/registries/verdaccio.js';
import { layoutFiles, loadCraft, makeRequest, npmTarball, recordingLogger, startCountingProxy, steppingClock, tarballName, type CountingProxy, type RecordingLogger } from '../unit/publisher/helpers.js';

const run = promisify(execFile);
const product: RepoId = { owner: 'acme', repo: 'widget' };
const ociAuth = { user: 'ci', password: 'canary-oci-password-7f3a' };
const REGISTRY_TOKEN = 'canary-registry-token-91bd';
const GITHUB_TOKEN = 'canary-github-token-0c2e';

let sandbox: GitHubSandbox;
let github: GitHubPort;
let verdaccio: VerdaccioRegistry;
let proxy: CountingProxy;
let oci: ContainerRegistry;
let npmToken: string;
let dir: string;
let bare: string;
let clone: Git;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'publisher-e2e-'));
  [sandbox, verdaccio, oci] = await Promise.all([startGitHubSandbox(), startVerdaccio(), requireContainerRegistry({ auth: ociAuth })]);
  npmToken = await verdaccio.createUser('ci-bot', 'ci-bot-pass-123');
  proxy = await startCountingProxy(verdaccio.url);
  sandbox.admin.createOrg('acme');
  sandbox.admin.createUser('alice');
  await sandbox.admin.createRepo('acme', 'widget', { files: { 'README.md': '# widget\n', 'package.json': '{ "name": "@acme/core", "version": "0.0.0" }\n' } });
  sandbox.admin.setCollaborator('acme/widget', 'alice', 'admin');
  const token = sandbox.admin.issueToken({ kind: 'user', login: 'alice' });
  github = createOctokitPort({ token, baseUrl: sandbox.apiUrl, log: recordingLogger(), minWriteIntervalMs: 0, retryBaseMs: 5 });
  clone = createGit({ cwd: dir, token, author: { name: 'alice', email: 'alice@example.com' } });
  await clone.clone(sandbox.gitUrl('acme', 'widget'), join(dir, 'widget'));
  clone = clone.at(join(dir, 'widget'));

  bare = join(dir, 'registry.git');
  await run('git', ['init', '--quiet', '--bare', '-b', 'main', bare]);
  env = { NPM_TOKEN: npmToken, OCI_USERNAME: ociAuth.user, OCI_PASSWORD: ociAuth.password, RELEASE_REGISTRY_TOKEN: REGISTRY_TOKEN, GITHUB_TOKEN, PATH: process.env.PATH };
}, 60_000);

afterAll(async () => {
  await proxy?.close();
  await Promise.all([sandbox?.close(), verdaccio?.close(), oci?.close()]);
  await rm(dir, { recursive: true, force: true });
});

/** Pushes `release/<version>` with one commit and records a successful CI run with these artifacts; returns the commit. */
async function release(version: string, artifacts: Record<string, Record<string, Buffer | string>>, file = 'VERSION', content = `${version}\n`): Promise<string> {
  await clone.fetch('origin', ['+refs/heads/main:refs/remotes/origin/main']);
  await clone.checkoutNewBranch(`release/${version}`, 'origin/main');
  await writeFile(join(clone.cwd, file), content);
  await clone.add([file]);
  const sha = await clone.commit(`release: ${version}`);
  await clone.push('origin', `release/${version}`);
  const runId = sandbox.admin.createWorkflowRun('acme/widget', { name: 'ci', headSha: sha, headBranch: `release/${version}`, event: 'push', conclusion: 'success' });
  for (const [name, files] of Object.entries(artifacts)) sandbox.admin.addArtifact('acme/widget', runId, name, files);
  // A failed run's artifacts never count.
  const failed = sandbox.admin.createWorkflowRun('acme/widget', { name: 'nightly', headSha: sha, event: 'push', conclusion: 'failure' });
  sandbox.admin.addArtifact('acme/widget', failed, 'broken', { 'broken.tgz': 'not from a green run' });
  return sha;
}

interface Outcome {
  result: PublishResult;
  saves: PublishRequest[];
  log: RecordingLogger;
}

async function publish(request: PublishRequest, craft: string, overrides: Partial<PublishInput> = {}): Promise<Outcome> {
  const saves: PublishRequest[] = [];
  const log = recordingLogger();
  const result = await publishRequest({
    github,
    log,
    clock: steppingClock(),
    request,
    config: loadCraft(craft),
    productRepo: product,
    env,
    workDir: await mkdtemp(join(dir, 'work-')),
    dryRun: false,
    save: async (r) => {
      // What the caller renders into the issue must always be a valid request.
      saves.push(publishRequestSchema.parse(structuredClone(r)));
    },
    runUrl: 'https://github.com/acme/central/actions/runs/42',
    ...overrides,
  });
  return { result, saves, log };
}

const npmPuts = (): number => proxy.requests.filter((r) => r.startsWith('PUT ')).length;
const githubWrites = (): number => sandbox.requests.count({ isWrite: true });
const registryCommits = async (): Promise<number> => {
  const { stdout } = await run('git', ['--git-dir', bare, 'rev-list', '--all', '--count']);
  return Number(stdout.trim());
};
const state = (request: PublishRequest): Record<string, string> => Object.fromEntries(request.targets.map((t) => [t.id, t.state]));

function allTargets(version: string): string {
  return [
    "requireNames: ['/\\.tgz$/']",
    'targets:',
    '  - name: github',
    "    excludeNames: '/\\.oci\\.zip$/'",
    '  - name: npm',
    `    registry: ${proxy.url}/`,
    '    access: public',
    "    includeNames: '/\\.tgz$/'",
    '  - name: oci',
    `    registry: "${oci.host}"`,
    '    image: acme/widget',
    "    artifact: '/\\.oci\\.zip$/'",
    '  - name: registry',
    '    type: sdk',
    `    canonicalName: "npm:@acme/core-${version.replace(/\./g, '-')}"`,
    `    remote: "file://${bare}"`,
    '',
  ].join('\n');
}

describe('publishRequest', () => {
  const image = buildOciImage({ 'app.txt': 'widget 1.0.0\n' }, { ref: '1.0.0' });

  it('publishes all four targets, records the artifacts first, resumes as a no-op, then merges and deletes the branch', async () => {
    const sha = await release('1.0.0', {
      npm: { [tarballName('@acme/core', '1.0.0')]: npmTarball('@acme/core', '1.0.0') },
      dist: { 'widget-linux.tar.gz': 'linux build 1.0.0' },
      image: layoutFiles(image),
    });
    const request = makeRequest(['github', 'npm', 'oci', 'registry'], { version: '1.0.0', commit: sha });
    const { result, saves } = await publish(request, allTargets('1.0.0'));
    expect(result.error).toBeNull();
    expect(result.ok).toBe(true);
    expect(state(result.request)).toEqual({ github: 'done', npm: 'done', oci: 'done', registry: 'done' });
    expect(result.request.state).toBe('published');
    expect(result.request.artifacts.map((a) => a.name)).toEqual(['acme-core-1.0.0.tgz', 'image.oci.zip', 'widget-linux.tar.gz']);
    // The artifacts are saved before any target is marked running.
    const firstArtifacts = saves.findIndex((r) => r.artifacts.length === 3);
    const firstRunning = saves.findIndex((r) => r.targets.some((t) => t.state === 'running'));
    expect(firstArtifacts).toBeGreaterThanOrEqual(0);
    expect(firstArtifacts).toBeLessThan(firstRunning);
    expect(saves[saves.length - 1]).toEqual(result.request);
    expect(result.request.targets.every((t) => t.location !== null && t.durationMs !== null)).toBe(true);
    expect((await readManifest(oci.url, 'acme/widget', '1.0.0', ociAuth)).digest).toBe(image.manifest.digest);
    const assets = (await github.getReleaseByTag(product, '1.0.0'))?.assets.map((a) => a.name).sort();
    expect(assets).toEqual(['acme-core-1.0.0.tgz', 'widget-linux.tar.gz']);

    // A retry of the finished request touches nothing.
    const counts = [githubWrites(), npmPuts(), await registryCommits()];
    const again = await publish(result.request, allTargets('1.0.0'));
    expect(again.result.ok).toBe(true);
    expect(again.result.targets.map((t) => t.outcome)).toEqual(['done-before', 'done-before', 'done-before', 'done-before']);
    expect([githubWrites(), npmPuts(), await registryCommits()]).toEqual(counts);

    const finished = await finishRelease({ github, log: recordingLogger(), clock: steppingClock(), request: again.result.request, productRepo: product, save: async () => undefined, runUrl: 'https://github.com/acme/central/actions/runs/42', result: again.result });
    expect(finished.merge).toMatchObject({ kind: 'merged', base: 'main', head: 'release/1.0.0', branchDeleted: true });
    expect(await sandbox.admin.branchSha('acme/widget', 'release/1.0.0')).toBeNull();
    expect(finished.request.history.map((h) => h.event)).toContain('merged');
    expect(finished.markdown).toContain('### Published acme/widget@1.0.0');
    expect(finished.markdown).toMatch(/\| `npm` \| ✅ done \(earlier run\) \| \d+ ms \| http:\/\/127\.0\.0\.1:\d+\/@acme\/core\/v\/1\.0\.0 \|/);
  });

  it('resumes after a target failed half-way: only the rest is published, nothing twice, and no secret leaks', async () => {
    const names = ['@acme/ws-a', '@acme/ws-b', '@acme/ws-c'];
    const sha = await release('2.0.0', { packages: Object.fromEntries(names.map((n) => [tarballName(n, '2.0.0'), npmTarball(n, '2.0.0')])) });
    const craft = `targets:\n  - name: github\n  - name: npm\n    registry: ${proxy.url}/\n    workspaces: true\n`;
    // The registry refuses ws-b and echoes the credentials it got, as some registries do in errors.
    proxy.intercept(({ method, url, headers }) =>
      method === 'PUT' && url.includes('ws-b') ? { status: 503, afterForward: false, body: JSON.stringify({ error: `unavailable for ${String(headers.authorization)}` }) } : null,
    );
    const puts = npmPuts();
    const first = await publish(makeRequest(['github', 'npm'], { version: '2.0.0', commit: sha }), craft, { concurrency: 1 });
    proxy.intercept(null);
    expect(state(first.result.request)).toEqual({ github: 'done', 'npm[@acme/ws-a]': 'done', 'npm[@acme/ws-b]': 'failed', 'npm[@acme/ws-c]': 'done' });
    expect(first.result.ok).toBe(false);
    expect(first.result.request.state).toBe('failed');
    const failed = first.result.request.targets.find((t) => t.id === 'npm[@acme/ws-b]');
    expect(failed?.detail).toMatch(/npm publish @acme\/ws-b@2\.0\.0 failed: .*503.*Bearer \*\*\*/);
    expect(npmPuts()).toBe(puts + 3);

    const writes = githubWrites();
    const second = await publish(first.result.request, craft);
    expect(second.result.ok).toBe(true);
    expect(second.result.targets.map((t) => [t.id, t.outcome])).toEqual([
      ['github', 'done-before'],
      ['npm[@acme/ws-a]', 'done-before'],
      ['npm[@acme/ws-b]', 'published'],
      ['npm[@acme/ws-c]', 'done-before'],
    ]);
    expect(npmPuts()).toBe(puts + 4);
    expect(githubWrites()).toBe(writes);

    const everything = [JSON.stringify(first.saves), JSON.stringify(second.saves), first.log.text(), second.log.text(), renderReport(first.result.request, { result: first.result }), JSON.stringify(first.result)].join('\n');
    for (const secret of [npmToken, ociAuth.password, REGISTRY_TOKEN]) {
      expect(everything).not.toContain(secret);
      expect(first.log.masked).toContain(secret);
    }
    expect(first.log.masked).not.toContain(GITHUB_TOKEN);
  });

  it('marks a package that was stored before a 500 as done on the retry, without a second PUT', async () => {
    const sha = await release('3.0.0', { npm: { [tarballName('stored-then-500', '3.0.0')]: npmTarball('stored-then-500', '3.0.0') } });
    const craft = `targets:\n  - name: npm\n    registry: ${proxy.url}/\n`;
    let stored = false;
    // Stores the package, answers 500, and is down for reads afterwards: the first run cannot tell.
    proxy.intercept(({ method }) => {
      if (method === 'PUT' && !stored) {
        stored = true;
        return { status: 500, afterForward: true };
      }
      return stored && method === 'GET' ? { status: 503, afterForward: false } : null;
    });
    const first = await publish(makeRequest(['npm'], { version: '3.0.0', commit: sha }), craft);
    proxy.intercept(null);
    expect(state(first.result.request)).toEqual({ npm: 'failed' });
    const puts = npmPuts();
    const second = await publish(first.result.request, craft);
    expect(second.result.targets[0]).toMatchObject({ outcome: 'already-published', state: 'done' });
    expect(second.result.request.targets[0]?.detail).toBe('already published');
    expect(second.result.request.history.some((h) => h.event === 'target-published' && /already published/.test(h.detail ?? ''))).toBe(true);
    expect(npmPuts()).toBe(puts);
  });

  it('refuses to go on when the artifacts changed since the first attempt', async () => {
    const sha = await release('4.0.0', { npm: { [tarballName('changed', '4.0.0')]: npmTarball('changed', '4.0.0') } });
    const request: PublishRequest = { ...makeRequest(['github'], { version: '4.0.0', commit: sha }), artifacts: [{ name: 'changed-4.0.0.tgz', size: 10, sha256: '0'.repeat(64) }] };
    const writes = githubWrites();
    const { result, saves } = await publish(request, 'targets:\n  - name: github\n');
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/^the artifacts changed since the first attempt: changed-4\.0\.0\.tgz changed \(sha256 000000000000…, 10 bytes → [0-9a-f]{12}…, \d+ bytes\)/);
    expect(result.request.artifacts).toEqual(request.artifacts);
    expect(state(result.request)).toEqual({ github: 'pending' });
    expect(saves[saves.length - 1]?.state).toBe('failed');
    expect(githubWrites()).toBe(writes);
  });

  it('refuses before any write when a required artifact is missing', async () => {
    const sha = await release('4.1.0', { dist: { 'widget-linux.tar.gz': 'linux' } });
    const [writes, puts] = [githubWrites(), npmPuts()];
    const { result } = await publish(makeRequest(['github', 'npm'], { version: '4.1.0', commit: sha }), `requireNames: ['/\\.tgz$/']\ntargets:\n  - name: github\n  - name: npm\n    registry: ${proxy.url}/\n`);
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/no artifact of the CI runs on [0-9a-f]{12} matches the required name \/\\\.tgz\$\/ \(found: widget-linux\.tar\.gz\)/);
    expect(result.request.history[result.request.history.length - 1]?.detail).toMatch(/^artifacts: no artifact/);
    expect([githubWrites(), npmPuts()]).toEqual([writes, puts]);
  });

  it('a registry that is down for the whole run fails only its target; the next run publishes it', async () => {
    const sha = await release('4.2.0', { npm: { [tarballName('down-for-a-while', '4.2.0')]: npmTarball('down-for-a-while', '4.2.0') } });
    const craft = `targets:\n  - name: github\n  - name: npm\n    registry: ${proxy.url}/\n`;
    proxy.intercept(() => ({ status: 503, afterForward: false }));
    const first = await publish(makeRequest(['github', 'npm'], { version: '4.2.0', commit: sha }), craft);
    proxy.intercept(null);
    expect(state(first.result.request)).toEqual({ github: 'done', npm: 'failed' });
    expect(first.result.request.targets[1]?.detail).toMatch(/^npm: GET http:\/\/127\.0\.0\.1:\d+\/down-for-a-while answered 503/);
    const second = await publish(first.result.request, craft);
    expect(second.result.ok).toBe(true);
    expect(second.result.targets.map((t) => t.outcome)).toEqual(['done-before', 'published']);
  });

  it('an expired token stops the run before anything is written, with GitHub\'s answer', async () => {
    const sha = await release('4.3.0', { dist: { 'widget-linux.tar.gz': 'linux' } });
    const expired = sandbox.admin.issueToken({ kind: 'user', login: 'alice' });
    sandbox.admin.revokeToken(expired);
    const writes = githubWrites();
    const { result } = await publish(makeRequest(['github'], { version: '4.3.0', commit: sha }), 'targets:\n  - name: github\n', {
      github: createOctokitPort({ token: expired, baseUrl: sandbox.apiUrl, log: recordingLogger(), minWriteIntervalMs: 0, retryBaseMs: 5 }),
    });
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/401/);
    expect(result.error).not.toContain(expired);
    expect(state(result.request)).toEqual({ github: 'pending' });
    expect(githubWrites()).toBe(writes);
  });

  it('a dry run resolves everything, says what would go where, and writes nothing anywhere', async () => {
    const dryImage = buildOciImage({ 'app.txt': 'widget 5.0.0\n' });
    const sha = await release('5.0.0', {
      npm: { [tarballName('@acme/core', '5.0.0')]: npmTarball('@acme/core', '5.0.0') },
      image: layoutFiles(dryImage),
    });
    const counts = [githubWrites(), npmPuts(), await registryCommits()];
    const saves: PublishRequest[] = [];
    const { result } = await publish(makeRequest(['github', 'npm', 'oci', 'registry'], { version: '5.0.0', commit: sha }), allTargets('5.0.0'), { dryRun: true, save: async (r) => void saves.push(r) });
    expect(saves).toEqual([]);
    expect([githubWrites(), npmPuts(), await registryCommits()]).toEqual(counts);
    await expect(readManifest(oci.url, 'acme/widget', '5.0.0', ociAuth)).rejects.toThrow(/404/);
    expect(result.ok).toBe(true);
    expect(result.targets.map((t) => t.outcome)).toEqual(['would-publish', 'would-publish', 'would-publish', 'would-publish']);
    expect(result.targets[1]?.plan).toBe(`@acme/core@5.0.0 (acme-core-5.0.0.tgz) to ${proxy.url}/ with dist-tag latest, access public`);
    expect(result.targets[2]?.plan).toContain(`(${dryImage.manifest.digest}) to ${oci.host}/acme/widget as 5.0.0, latest`);
    const markdown = renderReport(result.request, { result });
    expect(markdown).toContain('### Dry run of acme/widget@5.0.0: nothing was published');
    expect(markdown).toContain('📦 would publish');
  });

  it('publishes a 20-package workspace with concurrency 4; every package is in the registry and every state was saved', async () => {
    const names = Array.from({ length: 20 }, (_, i) => `@acme/pkg-${String(i).padStart(2, '0')}`);
    const sha = await release('6.0.0', { packages: Object.fromEntries(names.map((n) => [tarballName(n, '6.0.0'), npmTarball(n, '6.0.0')])) });
    const { result, saves } = await publish(makeRequest(['npm'], { version: '6.0.0', commit: sha }), `targets:\n  - name: npm\n    registry: ${proxy.url}/\n    workspaces: true\n`, { concurrency: 4 });
    expect(result.ok).toBe(true);
    expect(result.request.targets.map((t) => t.id)).toEqual(names.map((n) => `npm[${n}]`));
    expect(result.request.targets.every((t) => t.state === 'done')).toBe(true);
    expect(saves[saves.length - 1]).toEqual(result.request);
    for (const name of names) {
      const packument = (await (await fetch(`${verdaccio.url}/${name.replace('/', '%2f')}`)).json()) as { 'dist-tags': Record<string, string> };
      expect(packument['dist-tags'].latest).toBe('6.0.0');
    }
  }, 60_000);

  it('reports a merge conflict with the commands to finish by hand, without failing the release', async () => {
    const sha = await release('7.0.0', {}, 'README.md', '# widget, release edition\n');
    // main moves on with a conflicting edit of the same line.
    await clone.fetch('origin', ['+refs/heads/main:refs/remotes/origin/main']);
    await clone.checkoutNewBranch('conflict-maker', 'origin/main');
    await writeFile(join(clone.cwd, 'README.md'), '# widget, main edition\n');
    await clone.add(['README.md']);
    await clone.commit('docs: main edition');
    await clone.push('origin', 'HEAD:refs/heads/main');
    const request = { ...makeRequest(['github'], { version: '7.0.0', commit: sha }), state: 'published' as const };
    const saved: PublishRequest[] = [];
    const finished = await finishRelease({ github, log: recordingLogger(), clock: steppingClock(), request, productRepo: product, save: async (r) => void saved.push(r), runUrl: null });
    expect(finished.merge).toMatchObject({ kind: 'conflict', base: 'main', head: 'release/7.0.0', branchDeleted: false });
    expect(finished.merge.commands).toEqual(['git fetch origin', 'git checkout main', 'git merge origin/release/7.0.0', 'git push origin main']);
    expect(await sandbox.admin.branchSha('acme/widget', 'release/7.0.0')).toBe(sha);
    expect(saved[0]?.history.map((h) => h.event)).toContain('merge-conflict');
    expect(finished.markdown).toContain('git merge origin/release/7.0.0');
  });
});
