/**
 * The npm target against a real Verdaccio (behind a counting proxy): publish and read back with
 * `npm view`, a re-publish that is a success without a second PUT, other content for a published
 * version (hard failure), prerelease dist-tags, a registry that stores and then answers 500, and
 * the environment npm runs with.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TargetConfig } from '../../../src/config/publish-config.js';
import { PublishedDifferentError } from '../../../src/publisher/errors.js';
import type { ArtifactFile, TargetContext } from '../../../src/publisher/target.js';
import { npmTarget } from '../../../src/publisher/targets/npm.js';
import type { GitHubPort } from '../../../src/github/port.js';
import { filterNpmNoise, npmEnv, startVerdaccio, type VerdaccioRegistry } from '../../sandbox/registries/verdaccio.js';
import { artifactFiles, loadCraft, makeRequest, npmTarball, recordingLogger, startCountingProxy, steppingClock, tarballName, type CountingProxy } from './helpers.js';

const run = promisify(execFile);
let verdaccio: VerdaccioRegistry;
let proxy: CountingProxy;
let token: string;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'npm-target-'));
  verdaccio = await startVerdaccio();
  token = await verdaccio.createUser('ci-bot', 'ci-bot-pass-123');
  proxy = await startCountingProxy(verdaccio.url);
});

afterAll(async () => {
  await proxy?.close();
  await verdaccio?.close();
  await rm(dir, { recursive: true, force: true });
});

function npmConfig(registry = `${proxy.url}/`): TargetConfig & { name: 'npm' } {
  return loadCraft(`targets:\n  - name: npm\n    registry: ${registry}\n    access: public\n`).targets[0] as TargetConfig & { name: 'npm' };
}

let counter = 0;
async function context(name: string, version: string, extra = '', env: Record<string, string> = { NPM_TOKEN: token }, registry?: string): Promise<TargetContext<'npm'>> {
  const config = npmConfig(registry);
  const workDir = join(dir, `run-${++counter}`);
  const artifacts: ArtifactFile[] = await artifactFiles(join(workDir, 'artifacts'), { [tarballName(name, version)]: npmTarball(name, version, extra) });
  return {
    id: 'npm',
    unit: null,
    config,
    options: config.options,
    request: makeRequest(['npm'], { version }),
    productRepo: { owner: 'acme', repo: 'widget' },
    version,
    prerelease: version.includes('-'),
    tagPrefix: '',
    artifacts,
    env,
    github: {} as GitHubPort,
    log: recordingLogger(),
    clock: steppingClock(),
    workDir,
    defaults: {},
  };
}

async function npmView(spec: string, field: string): Promise<unknown> {
  const userconfig = join(dir, 'view.npmrc');
  await writeFile(userconfig, `registry=${verdaccio.url}/\n`);
  const { stdout } = await run('npm', ['view', spec, field, '--json'], { env: npmEnv({ userconfig, cache: join(dir, 'view-cache') }) });
  return JSON.parse(filterNpmNoise(stdout));
}

/** The registry's metadata of a package, read over HTTP (cheaper than another npm process). */
async function packument(name: string): Promise<{ 'dist-tags': Record<string, string>; versions: Record<string, unknown> }> {
  return (await (await fetch(`${verdaccio.url}/${name.replace('/', '%2f')}`)).json()) as { 'dist-tags': Record<string, string>; versions: Record<string, unknown> };
}

const puts = (): number => proxy.requests.filter((r) => r.startsWith('PUT ')).length;

describe('npm target', () => {
  it('publishes a tarball, reads it back with npm view, and a re-publish is a success without a second PUT', async () => {
    const ctx = await context('@acme/core', '1.0.0');
    expect(await npmTarget.isPublished(ctx)).toEqual({ published: false });
    const before = puts();
    const result = await npmTarget.publish(ctx);
    expect(result.location).toBe(`${proxy.url}/@acme/core/v/1.0.0`);
    await npmTarget.verify(ctx);
    expect(puts()).toBe(before + 1);

    const integrity = await npmView('@acme/core@1.0.0', 'dist.integrity');
    const tarball = await readFile((ctx.artifacts[0] as ArtifactFile).path);
    const { createHash } = await import('node:crypto');
    expect(integrity).toBe(`sha512-${createHash('sha512').update(tarball).digest('base64')}`);

    const again = await context('@acme/core', '1.0.0');
    expect(await npmTarget.isPublished(again)).toEqual({ published: true, location: `${proxy.url}/@acme/core/v/1.0.0` });
    await npmTarget.publish(again);
    expect(puts()).toBe(before + 1);
  });

  it('refuses other content for a published version with a message that says so', async () => {
    const ctx = await context('@acme/core', '1.0.0', 'changed');
    const error = await npmTarget.isPublished(ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishedDifferentError);
    expect((error as Error).message).toMatch(/^version 1\.0\.0 of @acme\/core is already published with different content \(integrity sha512-\S+ ≠ sha512-\S+\): bump the version$/);
    const before = puts();
    await expect(npmTarget.publish(ctx)).rejects.toBeInstanceOf(PublishedDifferentError);
    expect(puts()).toBe(before);
  });

  it('publishes a prerelease under the dist-tag next, leaving latest alone', async () => {
    const ctx = await context('@acme/core', '1.1.0-rc.1');
    await npmTarget.publish(ctx);
    await npmTarget.verify(ctx);
    expect((await packument('@acme/core'))['dist-tags']).toEqual({ latest: '1.0.0', next: '1.1.0-rc.1' });
  });

  it.each([500, 401])('counts a package the registry stored before answering %i as published, and a retry writes nothing', async (status) => {
    const name = `stored-then-${status}`;
    const ctx = await context(name, '2.0.0');
    const first = puts();
    proxy.failAfterWrite('PUT', status);
    const result = await npmTarget.publish(ctx);
    expect(result.location).toContain(name);
    expect(puts()).toBe(first + 1);
    expect((ctx.log as ReturnType<typeof recordingLogger>).text()).toMatch(/same integrity: counted as published/);
    // A retry run sees it as published before doing anything: no PUT at all.
    const before = puts();
    const retry = await context(name, '2.0.0');
    expect((await npmTarget.isPublished(retry)).published).toBe(true);
    await npmTarget.publish(retry);
    expect(puts()).toBe(before);
    expect(Object.keys((await packument(name)).versions)).toEqual(['2.0.0']);
  });

  it('reports a refused token (E401) without the token, and a registry that is down', async () => {
    const ctx = await context('bad-token', '1.0.0', '', { NPM_TOKEN: 'npm_expired_token_value_1234' });
    const error = await npmTarget.publish(ctx).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^npm publish bad-token@1\.0\.0 failed: .*(E401|401)/);
    expect((error as Error).message).not.toContain('npm_expired_token_value_1234');
    const down = await context('down', '1.0.0', '', { NPM_TOKEN: token }, 'http://127.0.0.1:9/');
    await expect(npmTarget.isPublished(down)).rejects.toThrow(/^npm: GET http:\/\/127\.0\.0\.1:9\/down failed: /);
  });

  it('expands workspaces into one id per package, honouring includeWorkspaces and excludeWorkspaces', async () => {
    const workDir = join(dir, 'expand');
    const names = ['@acme/a', '@acme/b', '@acme/internal-c', 'unscoped'];
    const artifacts = await artifactFiles(workDir, Object.fromEntries(names.map((n) => [tarballName(n, '1.0.0'), npmTarball(n, '1.0.0')])));
    const config = loadCraft(`targets:\n  - name: npm\n    workspaces: true\n    includeWorkspaces: /^@acme\\//\n    excludeWorkspaces: /internal/\n`).targets[0] as TargetConfig & { name: 'npm' };
    expect(await npmTarget.expandIds(config.options, { config, artifacts, version: '1.0.0' })).toEqual(['npm[@acme/a]', 'npm[@acme/b]']);
    const plain = npmConfig();
    expect(await npmTarget.expandIds(plain.options, { config: plain, artifacts, version: '1.0.0' })).toEqual(['npm']);
  });

  it('runs npm with only PATH, a private HOME, the cache folder and NPM_TOKEN', async () => {
    const bin = await mkdtemp(join(dir, 'fake-npm-'));
    const dump = join(bin, 'env.txt');
    const npmrcCopy = join(bin, 'npmrc.txt');
    await writeFile(join(bin, 'npm'), `#!/bin/sh\nenv > '${dump}'\ncat "$HOME/.npmrc" > '${npmrcCopy}'\nexit 1\n`);
    await chmod(join(bin, 'npm'), 0o755);
    const saved = process.env.PATH;
    process.env.PATH = `${bin}:${saved ?? ''}`;
    process.env.GITHUB_TOKEN_CANARY_TEST = 'ghs_canary_should_not_leak';
    try {
      const ctx = await context('env-check', '1.0.0', '', { NPM_TOKEN: 'npm_canary_token_value' });
      await expect(npmTarget.publish(ctx)).rejects.toThrow(/npm publish env-check@1\.0\.0 failed/);
    } finally {
      process.env.PATH = saved;
      delete process.env.GITHUB_TOKEN_CANARY_TEST;
    }
    const text = await readFile(dump, 'utf8');
    const names = text
      .split('\n')
      .filter((line) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(line))
      .map((line) => line.slice(0, line.indexOf('=')))
      .filter((name) => !['PWD', 'SHLVL', '_', 'OLDPWD'].includes(name));
    expect(names.sort()).toEqual(['HOME', 'NPM_TOKEN', 'PATH', 'npm_config_cache']);
    expect(text).not.toContain('ghs_canary_should_not_leak');
    // The .npmrc refers to the variable; the token value is never written to disk.
    const npmrc = await readFile(npmrcCopy, 'utf8');
    expect(npmrc).toContain(`//${proxy.host}/:_authToken=\${NPM_TOKEN}`);
    expect(npmrc).not.toContain('npm_canary_token_value');
  });
});
