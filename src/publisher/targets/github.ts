/**
 * The `github` target: a tag `<tagPrefix><version>` on the release commit and a GitHub release
 * with the changelog as body and the artifacts as assets.
 *
 * Resumable by construction: the release is created as a draft, assets are uploaded, and only
 * then is it published. A failed run leaves a draft that the next run finds (drafts have no tag
 * lookup, hence listReleases) and completes: missing assets uploaded, then un-drafted. A write
 * whose outcome is unknown is followed by a read, never by a blind second write.
 */
import { readFile } from 'node:fs/promises';
import { TARGET_OPTION_SCHEMAS } from '../../config/target-options.js';
import { GitHubApiError, WriteOutcomeUnknownError } from '../../errors.js';
import type { ReleaseRecord } from '../../github/port.js';
import { PublishedDifferentError, RegistryError } from '../errors.js';
import type { PublishTarget, TargetContext } from '../target.js';

type Ctx = TargetContext<'github'>;

/** The tag a release gets: the target's tagPrefix, else the config's, then the version. */
export function releaseTag(ctx: Pick<Ctx, 'options' | 'tagPrefix' | 'version'>): string {
  return `${ctx.options.tagPrefix ?? ctx.tagPrefix}${ctx.version}`;
}

async function findRelease(ctx: Ctx, tag: string): Promise<ReleaseRecord | null> {
  const published = await ctx.github.getReleaseByTag(ctx.productRepo, tag);
  if (published) return published;
  // A draft is invisible to the tag lookup: a failed run's draft is found in the full list.
  const drafts = (await ctx.github.listReleases(ctx.productRepo)).filter((r) => r.draft && r.tagName === tag);
  return drafts.sort((a, b) => a.id - b.id)[0] ?? null;
}

async function checkTag(ctx: Ctx, tag: string): Promise<boolean> {
  const sha = await ctx.github.getTagSha(ctx.productRepo, tag);
  if (sha === null) return false;
  if (sha !== ctx.request.releaseCommit) {
    throw new PublishedDifferentError(`tag ${tag} already exists in ${ctx.productRepo.owner}/${ctx.productRepo.repo} and points at ${sha}, not at the release commit ${ctx.request.releaseCommit}`);
  }
  return true;
}

/** The name GitHub gives an uploaded asset: characters it does not keep become dots. */
export function assetName(fileName: string): string {
  return fileName.replace(/[^A-Za-z0-9._+@-]/g, '.');
}

/** Asset differences: missing names, and names present with another size or digest (a conflict). */
function compareAssets(ctx: Ctx, release: ReleaseRecord): { missing: string[]; different: string[] } {
  const missing: string[] = [];
  const different: string[] = [];
  for (const file of ctx.artifacts) {
    const asset = release.assets.find((a) => a.name === assetName(file.name));
    if (!asset) missing.push(file.name);
    else if (asset.size !== file.size) different.push(`${file.name} (${asset.size} bytes there, ${file.size} here)`);
    // GitHub reports a sha256 per asset: compare bytes where it does, sizes where it does not.
    else if (asset.digest && asset.digest !== `sha256:${file.sha256}`) different.push(`${file.name} (${asset.digest} there, sha256:${file.sha256} here)`);
  }
  return { missing, different };
}

function releaseName(ctx: Ctx): string {
  return ctx.request.path ? `${ctx.request.path}@${ctx.version}` : ctx.version;
}

/** The `github` target. */
export const githubTarget: PublishTarget<'github'> = {
  name: 'github',
  optionsSchema: TARGET_OPTION_SCHEMAS.github,
  // The port is already authenticated with the control repo's token; no variable reaches this target.
  secrets: [],

  async expandIds(_options, context) {
    return [context.config.targetId];
  },

  async isPublished(ctx) {
    const tag = releaseTag(ctx);
    if (!(await checkTag(ctx, tag))) return { published: false };
    const release = await findRelease(ctx, tag);
    if (!release) return { published: false };
    const { missing, different } = compareAssets(ctx, release);
    if (different.length > 0) throw new PublishedDifferentError(`release ${tag} already has assets with other content: ${different.join(', ')}`);
    if (missing.length > 0 || release.draft !== ctx.options.draft) return { published: false };
    return { published: true, location: release.htmlUrl };
  },

  async publish(ctx) {
    const { github, productRepo } = ctx;
    const tag = releaseTag(ctx);
    if (!(await checkTag(ctx, tag))) {
      try {
        await github.createTag(productRepo, tag, ctx.request.releaseCommit);
      } catch (error) {
        if (error instanceof GitHubApiError && error.status === 422) await checkTag(ctx, tag);
        throw error;
      }
    }
    const prerelease = ctx.prerelease && ctx.options.previewReleases;
    let release = await findRelease(ctx, tag);
    if (!release) {
      const input = { tagName: tag, targetCommitish: ctx.request.releaseCommit, name: releaseName(ctx), body: ctx.request.changelog, draft: true, prerelease };
      try {
        release = await github.createRelease(productRepo, input);
      } catch (error) {
        if (!(error instanceof WriteOutcomeUnknownError)) throw error;
        release = await findRelease(ctx, tag);
        if (!release) throw error;
      }
    }
    const { missing, different } = compareAssets(ctx, release);
    if (different.length > 0) throw new PublishedDifferentError(`release ${tag} already has assets with other content: ${different.join(', ')}`);
    for (const file of ctx.artifacts.filter((f) => missing.includes(f.name))) {
      const data = await readFile(file.path);
      try {
        await github.uploadReleaseAsset(productRepo, release.id, assetName(file.name), data);
      } catch (error) {
        if (!(error instanceof WriteOutcomeUnknownError)) throw error;
        // The upload may have landed: look before anything else is written.
        const again = await findRelease(ctx, tag);
        const asset = again?.assets.find((a) => a.name === assetName(file.name));
        if (!asset || asset.size !== file.size) throw error;
        ctx.log.info(`github: ${file.name} was stored although the upload's answer was lost.`);
      }
    }
    const final = await github.updateRelease(productRepo, release.id, { name: releaseName(ctx), body: ctx.request.changelog, prerelease, draft: ctx.options.draft });
    return { location: final.htmlUrl };
  },

  async verify(ctx) {
    const tag = releaseTag(ctx);
    const release = await findRelease(ctx, tag);
    if (!release) throw new RegistryError(`github: release ${tag} is not there after publishing`);
    const tagSha = await ctx.github.getTagSha(ctx.productRepo, tag);
    if (tagSha !== ctx.request.releaseCommit) throw new RegistryError(`github: tag ${tag} points at ${tagSha ?? 'nothing'}, not ${ctx.request.releaseCommit}`);
    const { missing, different } = compareAssets(ctx, release);
    if (missing.length > 0 || different.length > 0) throw new RegistryError(`github: release ${tag} assets differ after publishing: missing ${missing.join(', ') || 'none'}; different ${different.join(', ') || 'none'}`);
  },

  async describe(ctx) {
    const tag = releaseTag(ctx);
    return `tag ${tag} on ${ctx.request.releaseCommit.slice(0, 12)} and a ${ctx.options.draft ? 'draft ' : ''}${ctx.prerelease && ctx.options.previewReleases ? 'pre-' : ''}release in ${ctx.productRepo.owner}/${ctx.productRepo.repo} with ${ctx.artifacts.length} asset(s)${ctx.artifacts.length ? `: ${ctx.artifacts.map((a) => a.name).join(', ')}` : ''}`;
  },
};
