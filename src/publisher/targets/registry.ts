/**
 * The `registry` target: records the release in a release registry kept as a git repository, in
 * the spirit of Sentry's release registry. It writes `packages/<canonicalName>/<version>.json`
 * (version, repository, commit, artifact digests, time, approvers) and moves
 * `packages/<canonicalName>/latest.json` when this is a newer stable version, commits
 * `<canonicalName>@<version>` and pushes.
 *
 * A push race (someone else pushed first) is resolved by rewriting, not merging: a fresh clone of
 * the new head, the same file writes re-applied, a new commit, a bounded number of times. The
 * token travels only as git.ts's environment header, never in the URL or argv.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import semver from 'semver';
import { TARGET_OPTION_SCHEMAS } from '../../config/target-options.js';
import { createGit, GitError, type Git } from '../../github/git.js';
import { effectiveApprovals } from '../../request-format/index.js';
import { PublishedDifferentError, RegistryError, TargetSetupError } from '../errors.js';
import type { PublishTarget, TargetContext } from '../target.js';

type Ctx = TargetContext<'registry'>;

/** How many times a rejected push is rewritten on the new head and tried again. */
export const MAX_PUSH_ATTEMPTS = 5;

/** One release as the registry records it. */
export interface RegistryRecord {
  readonly canonicalName: string;
  readonly version: string;
  /** `owner/repo` of the product. */
  readonly repository: string;
  readonly path: string | null;
  readonly commit: string;
  readonly artifacts: readonly { readonly name: string; readonly size: number; readonly sha256: string }[];
  readonly url?: string;
  readonly publishedAt: string;
  readonly approvers: readonly string[];
}

/** The folder of a package in the registry: `packages/<canonicalName>`; refuses names that climb out. */
export function packageDir(canonicalName: string): string {
  const segments = canonicalName.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) throw new TargetSetupError(`registry: the canonicalName ${JSON.stringify(canonicalName)} has an empty, "." or ".." path segment`);
  return ['packages', ...segments].join('/');
}

function remoteOf(ctx: Ctx): string {
  const remote = ctx.options.remote ?? ctx.defaults.releaseRegistryRemote;
  if (!remote) throw new TargetSetupError('registry: no remote is configured for the release registry', 'set `remote:` on the registry target, or the control repo default');
  return remote;
}

function recordOf(ctx: Ctx): RegistryRecord {
  return {
    canonicalName: ctx.options.canonicalName,
    version: ctx.version,
    repository: `${ctx.productRepo.owner}/${ctx.productRepo.repo}`,
    path: ctx.request.path,
    commit: ctx.request.releaseCommit,
    artifacts: ctx.artifacts.map((a) => ({ name: a.name, size: a.size, sha256: a.sha256 })),
    ...(ctx.options.urlTemplate ? { url: ctx.options.urlTemplate.split('{version}').join(encodeURIComponent(ctx.version)) } : {}),
    publishedAt: new Date(ctx.clock.now()).toISOString(),
    approvers: [...new Set(effectiveApprovals(ctx.request).map((a) => a.login))],
  };
}

/** The record without the fields that may differ between two writes of the same release. */
function essence(record: Partial<RegistryRecord>): string {
  return JSON.stringify({ canonicalName: record.canonicalName, version: record.version, repository: record.repository, path: record.path ?? null, commit: record.commit, artifacts: record.artifacts, url: record.url });
}

function gitFor(ctx: Ctx, cwd: string): Git {
  const token = ctx.env.RELEASE_REGISTRY_TOKEN;
  return createGit({ cwd, log: ctx.log, author: { name: 'publish-approval', email: 'publish-approval@users.noreply.github.com' }, ...(token ? { token } : {}) });
}

async function cloneFresh(ctx: Ctx): Promise<{ git: Git; dir: string }> {
  const parent = await mkdtemp(join(ctx.workDir, 'registry-'));
  const dir = join(parent, 'clone');
  await gitFor(ctx, parent).clone(remoteOf(ctx), dir, { depth: 1 });
  return { git: gitFor(ctx, dir), dir };
}

async function readJson(path: string): Promise<Record<string, unknown> | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new RegistryError(`registry: ${path} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Compares the registry's record of this version with ours: true when the same, throws when different. */
async function sameAsRecorded(ctx: Ctx, dir: string): Promise<boolean> {
  const file = `${packageDir(ctx.options.canonicalName)}/${ctx.version}.json`;
  const existing = await readJson(join(dir, file));
  if (existing === null) return false;
  const ours = recordOf(ctx);
  if (existing.commit !== ours.commit) {
    throw new PublishedDifferentError(`${ctx.options.canonicalName}@${ctx.version} is already in the release registry for commit ${String(existing.commit)}, not ${ours.commit}`);
  }
  if (essence(existing as Partial<RegistryRecord>) !== essence(ours)) {
    throw new PublishedDifferentError(`${ctx.options.canonicalName}@${ctx.version} is already in the release registry (${file}) with other content (repository, path or artifact digests differ)`);
  }
  return true;
}

function isPushRace(error: unknown): boolean {
  return error instanceof GitError && /non-fast-forward|fetch first|\[rejected\]|failed to update ref|cannot lock ref/i.test(error.stderr);
}

function location(ctx: Ctx): string {
  return `${remoteOf(ctx).replace(/\/+$/, '')}#${packageDir(ctx.options.canonicalName)}/${ctx.version}.json`;
}

/** The `registry` target. */
export const registryTarget: PublishTarget<'registry'> = {
  name: 'registry',
  optionsSchema: TARGET_OPTION_SCHEMAS.registry,
  secrets: [{ name: 'RELEASE_REGISTRY_TOKEN', required: false, description: 'a token with push rights on the release registry repository (not needed for file:// or ssh remotes)' }],

  async expandIds(_options, context) {
    return [context.config.targetId];
  },

  async isPublished(ctx) {
    const { dir } = await cloneFresh(ctx);
    try {
      return (await sameAsRecorded(ctx, dir)) ? { published: true, location: location(ctx) } : { published: false };
    } finally {
      await rm(dirname(dir), { recursive: true, force: true });
    }
  },

  async publish(ctx) {
    const base = packageDir(ctx.options.canonicalName);
    const record = recordOf(ctx);
    const text = `${JSON.stringify(record, null, 2)}\n`;
    for (let attempt = 1; ; attempt++) {
      const { git, dir } = await cloneFresh(ctx);
      try {
        // Another attempt (or the answer-lost push of this one) may already have landed it.
        if (await sameAsRecorded(ctx, dir)) return { location: location(ctx) };
        const paths = [`${base}/${ctx.version}.json`];
        await mkdir(join(dir, base), { recursive: true });
        await writeFile(join(dir, paths[0] as string), text);
        if (!ctx.prerelease) {
          const latest = await readJson(join(dir, base, 'latest.json'));
          const current = typeof latest?.version === 'string' ? semver.valid(latest.version) : null;
          if (current === null || semver.gt(ctx.version, current)) {
            await writeFile(join(dir, base, 'latest.json'), text);
            paths.push(`${base}/latest.json`);
          }
        }
        await git.add(paths);
        await git.commit(`${ctx.options.canonicalName}@${ctx.version}`);
        try {
          await git.push('origin', 'HEAD');
          return { location: location(ctx) };
        } catch (error) {
          if (!isPushRace(error) || attempt >= MAX_PUSH_ATTEMPTS) throw error;
          ctx.log.info(`registry: the push was rejected (someone pushed first); rewriting on the new head (attempt ${attempt + 1} of ${MAX_PUSH_ATTEMPTS}).`);
        }
      } finally {
        await rm(dirname(dir), { recursive: true, force: true });
      }
    }
  },

  async verify(ctx) {
    const { dir } = await cloneFresh(ctx);
    try {
      if (!(await sameAsRecorded(ctx, dir))) throw new RegistryError(`registry: ${ctx.options.canonicalName}@${ctx.version} is not in the release registry after pushing`);
    } finally {
      await rm(dirname(dir), { recursive: true, force: true });
    }
  },

  async describe(ctx) {
    return `${packageDir(ctx.options.canonicalName)}/${ctx.version}.json${ctx.prerelease ? '' : ' (and latest.json if newer)'} in ${remoteOf(ctx)}, ${ctx.artifacts.length} artifact digest(s)`;
  },
};
