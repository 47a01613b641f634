/**
 * Where a release of the product landed, read back from each place with its own client: `npm view`
 * against Verdaccio, the GitHub release through the API, the image manifest from the container
 * registry, the release registry's JSON file from its git repository, and the product's branches.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { GitHubSandbox } from '../github/index.js';
import { readManifest } from '../registries/oci-layout.js';
import { filterNpmNoise, npmEnv, type VerdaccioRegistry } from '../registries/verdaccio.js';
import type { ContainerRegistry } from '../registries/container-registry.js';

const run = promisify(execFile);

/** What each target left behind for one version (null: nothing there, or the target is not in this world). */
export interface Landing {
  readonly version: string;
  /** `npm view <name>@<version>` against Verdaccio. */
  readonly npm: { readonly version: string; readonly integrity: string; readonly distTags: Readonly<Record<string, string>> } | null;
  readonly release: { readonly tag: string; readonly url: string; readonly draft: boolean; readonly assets: readonly { name: string; size: number }[] } | null;
  /** The manifest digest the registry answers for the version tag, and the repository's tags. */
  readonly image: { readonly reference: string; readonly digest: string; readonly tags: readonly string[] } | null;
  /** The release registry's file for the version, and the `latest` pointer. */
  readonly registry: { readonly path: string; readonly record: Record<string, unknown>; readonly latest: Record<string, unknown> | null } | null;
  /** The tag on the product repo and the commit it names. */
  readonly tag: string | null;
  /** Whether the release commit is on the merge target now, and whether the release branch is gone. */
  readonly merged: boolean;
  readonly branchDeleted: boolean;
}

/** Everything `findLanding` needs to know about the world. */
export interface LandingPlaces {
  readonly sandbox: GitHubSandbox;
  readonly npm: VerdaccioRegistry | null;
  readonly oci: ContainerRegistry | null;
  readonly ociAuth: { user: string; password: string } | null;
  readonly product: string;
  readonly releases: string;
  readonly packageName: string;
  readonly image: string;
  readonly canonicalName: string;
  /** A token that may read the product repo's releases. */
  readonly readToken: string;
  readonly scratch: string;
}

async function git(bareDir: string, args: string[]): Promise<string | null> {
  try {
    return (await run('git', [`--git-dir=${bareDir}`, ...args], { maxBuffer: 8 * 1024 * 1024 })).stdout;
  } catch {
    return null;
  }
}

/** Reads back every place a release of `version` (on `releaseBranch`, from `releaseCommit`) may have landed. */
export async function findLanding(places: LandingPlaces, version: string, release: { branch: string; commit: string | null; mergeTarget?: string }): Promise<Landing> {
  const { sandbox } = places;
  const product = sandbox.admin.getRepo(places.product);
  if (product === undefined) throw new Error(`world: no repository ${places.product}`);

  let npm: Landing['npm'] = null;
  if (places.npm !== null) {
    const dir = await mkdtemp(join(places.scratch, 'npm-view-'));
    try {
      await writeFile(join(dir, '.npmrc'), `registry=${places.npm.url}/\n`);
      const env = npmEnv({ userconfig: join(dir, '.npmrc'), cache: join(dir, 'cache') });
      const { stdout } = await run('npm', ['view', `${places.packageName}@${version}`, '--json', 'version', 'dist.integrity', 'dist-tags'], { env, cwd: dir });
      const text = filterNpmNoise(stdout).trim();
      if (text !== '') {
        const data = JSON.parse(text) as { version?: string; 'dist.integrity'?: string; 'dist-tags'?: Record<string, string> };
        if (data.version !== undefined) npm = { version: data.version, integrity: data['dist.integrity'] ?? '', distTags: data['dist-tags'] ?? {} };
      }
    } catch {
      // E404: not published
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  let ghRelease: Landing['release'] = null;
  const res = await fetch(`${sandbox.apiUrl}/repos/${places.product}/releases/tags/${encodeURIComponent(version)}`, {
    headers: { authorization: `Bearer ${places.readToken}`, accept: 'application/vnd.github+json' },
  });
  if (res.ok) {
    const body = (await res.json()) as { tag_name: string; html_url: string; draft: boolean; assets: { name: string; size: number }[] };
    ghRelease = { tag: body.tag_name, url: body.html_url, draft: body.draft, assets: body.assets.map((a) => ({ name: a.name, size: a.size })) };
  } else {
    await res.arrayBuffer();
  }

  let image: Landing['image'] = null;
  if (places.oci !== null) {
    try {
      const auth = places.ociAuth ?? undefined;
      const manifest = await readManifest(places.oci.url, places.image, version, auth);
      const tagsRes = await fetch(`${places.oci.url}/v2/${places.image}/tags/list`, {
        headers: auth ? { authorization: `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}` } : {},
      });
      const tags = tagsRes.ok ? (((await tagsRes.json()) as { tags?: string[] }).tags ?? []) : [];
      image = { reference: `${places.oci.host}/${places.image}:${version}`, digest: manifest.digest, tags };
    } catch {
      // not pushed
    }
  }

  let registry: Landing['registry'] = null;
  const releasesDir = sandbox.admin.getRepo(places.releases)?.bareDir;
  if (releasesDir !== undefined) {
    const folder = ['packages', ...places.canonicalName.split('/')].join('/');
    const path = `${folder}/${version}.json`;
    const text = await git(releasesDir, ['show', `HEAD:${path}`]);
    if (text !== null) {
      const latest = await git(releasesDir, ['show', `HEAD:${folder}/latest.json`]);
      registry = { path, record: JSON.parse(text) as Record<string, unknown>, latest: latest === null ? null : (JSON.parse(latest) as Record<string, unknown>) };
    }
  }

  const tagSha = (await git(product.bareDir, ['rev-parse', '--verify', '--quiet', `refs/tags/${version}^{commit}`]))?.trim() || null;
  const target = release.mergeTarget ?? product.defaultBranch;
  const merged = release.commit !== null && (await git(product.bareDir, ['merge-base', '--is-ancestor', release.commit, `refs/heads/${target}`])) !== null;
  const branchDeleted = (await sandbox.admin.branchSha(places.product, release.branch)) === null;
  return { version, npm, release: ghRelease, image, registry, tag: tagSha, merged, branchDeleted };
}
