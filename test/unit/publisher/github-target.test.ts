/**
 * The github target against the sandbox GitHub (through the real Octokit adapter): a release with
 * two assets, a re-run that writes nothing, a draft left by a failed run completed rather than
 * duplicated, an asset upload whose answer is lost, and a tag on another commit.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TargetConfig } from '../../../src/config/publish-config.js';
import { createOctokitPort } from '../../../src/github/octokit-adapter.js';
import type { GitHubPort, RepoId } from '../../../src/github/port.js';
import { PublishedDifferentError } from '../../../src/publisher/errors.js';
import type { TargetContext } from '../../../src/publisher/target.js';
import { githubTarget } from '../../../src/publisher/targets/github.js';
import { startGitHubSandbox, type GitHubSandbox } from '../../sandbox/github/index.js';
import { artifactFiles, loadCraft, makeRequest, recordingLogger, steppingClock } from './helpers.js';

let sandbox: GitHubSandbox;
let github: GitHubPort;
let sha: string;
let dir: string;
const product: RepoId = { owner: 'acme', repo: 'widget' };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'github-target-'));
  sandbox = await startGitHubSandbox();
  sandbox.admin.createOrg('acme');
  sandbox.admin.createUser('alice');
  await sandbox.admin.createRepo('acme', 'widget', { files: { 'README.md': '# widget\n' } });
  sandbox.admin.setCollaborator('acme/widget', 'alice', 'admin');
  const token = sandbox.admin.issueToken({ kind: 'user', login: 'alice' });
  github = createOctokitPort({ token, baseUrl: sandbox.apiUrl, log: recordingLogger(), minWriteIntervalMs: 0, retryBaseMs: 5 });
  sha = (await sandbox.admin.branchSha('acme/widget', 'main')) as string;
});

afterAll(async () => {
  await sandbox?.close();
  await rm(dir, { recursive: true, force: true });
});

let counter = 0;
async function context(version: string, options: { commit?: string; files?: Record<string, string> } = {}): Promise<TargetContext<'github'>> {
  const config = loadCraft('targets:\n  - name: github\n    tagPrefix: v\n').targets[0] as TargetConfig & { name: 'github' };
  const workDir = join(dir, `run-${++counter}`);
  const artifacts = await artifactFiles(join(workDir, 'artifacts'), options.files ?? { 'widget-linux.tar.gz': `linux ${version}`, 'widget-macos.tar.gz': `macos build ${version}` });
  return {
    id: 'github',
    unit: null,
    config,
    options: config.options,
    request: makeRequest(['github'], { version, commit: options.commit ?? sha }),
    productRepo: product,
    version,
    prerelease: version.includes('-'),
    tagPrefix: '',
    artifacts,
    env: {},
    github,
    log: recordingLogger(),
    clock: steppingClock(),
    workDir,
    defaults: {},
  };
}

const writes = (): number => sandbox.requests.count({ isWrite: true });

describe('github target', () => {
  it('tags the release commit and creates a release with the changelog and two assets; a re-run writes nothing', async () => {
    const ctx = await context('1.0.0');
    expect(await githubTarget.isPublished(ctx)).toEqual({ published: false });
    const result = await githubTarget.publish(ctx);
    await githubTarget.verify(ctx);
    const release = await github.getReleaseByTag(product, 'v1.0.0');
    expect(release).toMatchObject({ draft: false, prerelease: false, body: ctx.request.changelog, htmlUrl: result.location });
    expect(release?.assets.map((a) => [a.name, a.size]).sort()).toEqual([
      ['widget-linux.tar.gz', 11],
      ['widget-macos.tar.gz', 17],
    ]);
    expect(await github.getTagSha(product, 'v1.0.0')).toBe(sha);

    const before = writes();
    const again = await context('1.0.0');
    expect(await githubTarget.isPublished(again)).toEqual({ published: true, location: result.location });
    expect(writes()).toBe(before);
  });

  it('completes a draft left by a failed run instead of creating a second release', async () => {
    const draft = await github.createRelease(product, { tagName: 'v1.1.0', targetCommitish: sha, name: '1.1.0', body: 'partial', draft: true, prerelease: false });
    await github.uploadReleaseAsset(product, draft.id, 'widget-linux.tar.gz', Buffer.from('linux 1.1.0'));
    const ctx = await context('1.1.0');
    expect(await githubTarget.isPublished(ctx)).toEqual({ published: false });
    await githubTarget.publish(ctx);
    await githubTarget.verify(ctx);
    const releases = (await github.listReleases(product)).filter((r) => r.tagName === 'v1.1.0');
    expect(releases).toHaveLength(1);
    expect(releases[0]).toMatchObject({ id: draft.id, draft: false, body: ctx.request.changelog });
    expect(releases[0]?.assets.map((a) => a.name).sort()).toEqual(['widget-linux.tar.gz', 'widget-macos.tar.gz']);
  });

  it('goes on when an asset was stored but the answer was lost (502 after the write)', async () => {
    sandbox.faults.add({ method: 'POST', path: /\/releases\/\d+\/assets$/, kind: 'after-write', status: 502 });
    const ctx = await context('1.2.0-beta.1');
    await githubTarget.publish(ctx);
    await githubTarget.verify(ctx);
    const release = await github.getReleaseByTag(product, 'v1.2.0-beta.1');
    expect(release?.prerelease).toBe(true);
    expect(release?.assets).toHaveLength(2);
    expect((ctx.log as ReturnType<typeof recordingLogger>).text()).toMatch(/stored although the upload's answer was lost/);
  });

  it('refuses when the tag exists on another commit', async () => {
    await github.createTag(product, 'v2.0.0', sha);
    const ctx = await context('2.0.0', { commit: 'b'.repeat(40) });
    const error = await githubTarget.isPublished(ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishedDifferentError);
    expect((error as Error).message).toBe(`tag v2.0.0 already exists in acme/widget and points at ${sha}, not at the release commit ${'b'.repeat(40)}`);
    await expect(githubTarget.publish(ctx)).rejects.toBeInstanceOf(PublishedDifferentError);
  });

  it('refuses an asset of the same name with another size, or the same size and other bytes', async () => {
    const ctx = await context('1.0.0', { files: { 'widget-linux.tar.gz': 'a different build of linux 1.0.0' } });
    await expect(githubTarget.isPublished(ctx)).rejects.toThrow('release v1.0.0 already has assets with other content: widget-linux.tar.gz (11 bytes there, 32 here)');
    const same = await context('1.0.0', { files: { 'widget-linux.tar.gz': 'LINUX 1.0.0' } });
    await expect(githubTarget.isPublished(same)).rejects.toThrow(/widget-linux\.tar\.gz \(sha256:[0-9a-f]{64} there, sha256:[0-9a-f]{64} here\)/);
  });
});
