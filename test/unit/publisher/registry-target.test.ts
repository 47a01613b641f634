/**
 * The release-registry target against a bare git repository (file:// remote): the version file
 * and the latest pointer, a re-run that pushes nothing, another commit for a recorded version
 * (hard failure), prereleases and older versions that leave latest alone, and concurrent
 * publishes that race for the push.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TargetConfig } from '../../../src/config/publish-config.js';
import type { GitHubPort } from '../../../src/github/port.js';
import { PublishedDifferentError } from '../../../src/publisher/errors.js';
import type { TargetContext } from '../../../src/publisher/target.js';
import { packageDir, registryTarget } from '../../../src/publisher/targets/registry.js';
import { artifactFiles, loadCraft, makeRequest, recordingLogger, steppingClock, type RecordingLogger } from './helpers.js';

const run = promisify(execFile);
let dir: string;
let bare: string;

async function git(args: string[], cwd = dir): Promise<string> {
  const env = { PATH: process.env.PATH ?? '', HOME: dir, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };
  return (await run('git', args, { cwd, env })).stdout;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'registry-target-'));
  bare = join(dir, 'registry.git');
  await git(['init', '--quiet', '--bare', '-b', 'main', bare]);
  const seed = join(dir, 'seed');
  await git(['clone', '--quiet', `file://${bare}`, seed]);
  await writeFile(join(seed, 'README.md'), '# release registry\n');
  await git(['add', 'README.md'], seed);
  await git(['commit', '--quiet', '-m', 'init'], seed);
  await git(['push', '--quiet', 'origin', 'HEAD:main'], seed);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let counter = 0;
async function context(canonicalName: string, version: string, commit = 'c'.repeat(40)): Promise<TargetContext<'registry'>> {
  const config = loadCraft(`targets:\n  - name: registry\n    type: sdk\n    canonicalName: "${canonicalName}"\n    remote: "file://${bare}"\n`).targets[0] as TargetConfig & { name: 'registry' };
  const workDir = join(dir, `run-${++counter}`);
  const artifacts = await artifactFiles(join(workDir, 'artifacts'), { 'core-1.0.0.tgz': `tarball of ${canonicalName}` });
  return {
    id: 'registry',
    unit: null,
    config,
    options: config.options,
    request: makeRequest(['registry'], { version, commit }),
    productRepo: { owner: 'acme', repo: 'widget' },
    version,
    prerelease: version.includes('-'),
    tagPrefix: '',
    artifacts,
    env: {},
    github: {} as GitHubPort,
    log: recordingLogger(),
    clock: steppingClock(),
    workDir,
    defaults: {},
  };
}

async function show(path: string): Promise<Record<string, unknown>> {
  return JSON.parse(await git(['--git-dir', bare, 'show', `main:${path}`])) as Record<string, unknown>;
}

const commits = async (): Promise<number> => Number((await git(['--git-dir', bare, 'rev-list', '--count', 'main'])).trim());

describe('registry target', () => {
  it('writes the version file and latest.json in one commit named canonicalName@version', async () => {
    const ctx = await context('npm:@acme/core', '1.0.0');
    expect(await registryTarget.isPublished(ctx)).toEqual({ published: false });
    const result = await registryTarget.publish(ctx);
    await registryTarget.verify(ctx);
    expect(result.location).toBe(`file://${bare}#packages/npm:@acme/core/1.0.0.json`);
    const record = await show('packages/npm:@acme/core/1.0.0.json');
    expect(record).toMatchObject({
      canonicalName: 'npm:@acme/core',
      version: '1.0.0',
      repository: 'acme/widget',
      path: null,
      commit: 'c'.repeat(40),
      artifacts: [{ name: 'core-1.0.0.tgz', size: 25, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }],
      approvers: ['bob'],
    });
    expect(typeof record.publishedAt).toBe('string');
    expect((await show('packages/npm:@acme/core/latest.json')).version).toBe('1.0.0');
    expect((await git(['--git-dir', bare, 'log', '-1', '--format=%s', 'main'])).trim()).toBe('npm:@acme/core@1.0.0');
  });

  it('a re-run finds the record (publishedAt ignored) and pushes nothing', async () => {
    const before = await commits();
    const ctx = await context('npm:@acme/core', '1.0.0');
    expect((await registryTarget.isPublished(ctx)).published).toBe(true);
    await registryTarget.publish(ctx);
    expect(await commits()).toBe(before);
  });

  it('refuses a recorded version from another commit', async () => {
    const error = await registryTarget.isPublished(await context('npm:@acme/core', '1.0.0', 'd'.repeat(40))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishedDifferentError);
    expect((error as Error).message).toContain(`npm:@acme/core@1.0.0 is already in the release registry for commit ${'c'.repeat(40)}, not ${'d'.repeat(40)}`);
  });

  it('leaves latest alone for prereleases and older versions', async () => {
    await registryTarget.publish(await context('npm:@acme/core', '2.0.0-rc.1'));
    await registryTarget.publish(await context('npm:@acme/core', '0.9.0'));
    expect((await show('packages/npm:@acme/core/latest.json')).version).toBe('1.0.0');
    await registryTarget.publish(await context('npm:@acme/core', '1.1.0'));
    expect((await show('packages/npm:@acme/core/latest.json')).version).toBe('1.1.0');
  });

  it('survives a push race: concurrent publishes rewrite on the new head and all land', async () => {
    const before = await commits();
    const contexts = await Promise.all(['npm:@acme/a', 'npm:@acme/b', 'npm:@acme/c', 'npm:@acme/d'].map((name) => context(name, '1.0.0')));
    await Promise.all(contexts.map((ctx) => registryTarget.publish(ctx)));
    expect(await commits()).toBe(before + 4);
    for (const name of ['a', 'b', 'c', 'd']) expect((await show(`packages/npm:@acme/${name}/1.0.0.json`)).canonicalName).toBe(`npm:@acme/${name}`);
    const rewrites = contexts.map((ctx) => (ctx.log as RecordingLogger).text()).join('\n').match(/rewriting on the new head/g) ?? [];
    expect(rewrites.length).toBeGreaterThan(0);
  });

  it('refuses canonical names that would climb out of packages/', () => {
    expect(() => packageDir('npm:../../etc')).toThrow(/"\.\."/);
    expect(packageDir('npm:@acme/core')).toBe('packages/npm:@acme/core');
  });
});
