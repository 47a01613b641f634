/**
 * Preparing the release in a fresh clone of the product repository: read the publish config at
 * the merge target, resolve the version against the tags, bump, fill the changelog and commit
 * `release: <version>` on the release branch. Nothing here talks to the GitHub API or pushes;
 * the caller decides whether to push (a dry run does not).
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { loadConfigText, type PublishConfig } from '../config/index.js';
import type { Logger } from '../deps.js';
import { UserError } from '../errors.js';
import { GitError, type Git } from '../github/git.js';
import { applyChangelogPolicy, bumpPackageJson, realpathInside, runPreReleaseCommand } from '../release/index.js';
import { parseBranchName, renderTitle } from '../request-format/index.js';
import { quote } from '../versioning/quote.js';
import { latestReleaseTag, resolveVersion, type ResolvedVersion } from '../versioning/index.js';

/** How long the pre-release command may run. */
const PRE_RELEASE_TIMEOUT_MS = 10 * 60 * 1000;

/** Everything prepareRelease needs; the clone is already there. */
export interface PrepareInput {
  /** Git wrapper working in the clone (token and bot author set). */
  readonly git: Git;
  readonly log: Logger;
  readonly repo: { readonly owner: string; readonly repo: string };
  /** The branch to release from (already resolved: the default branch when the input was empty). */
  readonly mergeTarget: string;
  readonly path: string | null;
  /** The `version` input. */
  readonly requested: string;
  readonly now: Date;
  /** Where the pre-release command takes its allow-listed variables from. */
  readonly baseEnv: NodeJS.ProcessEnv;
}

/** The prepared release commit (local only) and what the request needs about it. */
export interface PreparedRelease {
  readonly config: PublishConfig;
  /** The config file that was read, relative to the repository root. */
  readonly configFile: string;
  readonly resolved: ResolvedVersion;
  readonly tagPrefix: string;
  readonly title: string;
  readonly branch: string;
  readonly mergeTargetSha: string;
  /** The local release commit. */
  readonly sha: string;
  /** The changelog section for this version ('' under policy none). */
  readonly changelog: string;
  /** Files the bump and changelog changed (the pre-release command's changes are added too). */
  readonly changedFiles: readonly string[];
}

/** Prepares the release commit in the clone at `git.cwd`. */
export async function prepareRelease(input: PrepareInput): Promise<PreparedRelease> {
  const { git, log } = input;
  const root = git.cwd;
  let mergeTargetSha: string;
  try {
    mergeTargetSha = await git.revParse(`refs/remotes/origin/${input.mergeTarget}`);
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    throw new UserError(
      'E_MERGE_TARGET_MISSING',
      `The merge target ${quote(input.mergeTarget)} is not a branch of ${input.repo.owner}/${input.repo.repo}.`,
      'Set merge_target to an existing branch (or leave it empty for the default branch) and run the release again.',
    );
  }

  // Config and files are read at the merge target's head, before anything of ours touches them.
  await git.checkoutNewBranch('publish-approval-prepare', mergeTargetSha);
  const { config, file: configFile, dir: configDir } = await readConfig(root, input.path, log);
  const tagPrefix = await tagPrefixFor(config, root, input.path);

  const tags = await git.tags();
  const previous = latestReleaseTag(tags, tagPrefix)?.tag ?? null;
  const commits = await git.log(previous === null ? mergeTargetSha : `refs/tags/${previous}..${mergeTargetSha}`);
  const resolved = resolveVersion({
    requested: input.requested,
    policy: config.versioning.policy,
    tags,
    tagPrefix,
    commitsSinceLatest: commits.map((c) => (c.body === '' ? c.subject : `${c.subject}\n\n${c.body}`)),
    now: input.now,
    calver: config.versioning.calver,
  });
  const version = resolved.version;
  const title = renderTitle({ repo: input.repo, path: input.path, version });
  const branch = parseBranchName(`${config.releaseBranchPrefix}/${version}`, 'release branch');
  log.info(`Version ${version} (${resolved.bump}${resolved.previousTag ? ` from ${resolved.previousTag}` : ', first release'}); release branch ${branch}.`);

  await git.checkoutNewBranch(branch, mergeTargetSha);
  const bumped = await bumpPackageJson({ rootDir: root, path: input.path ?? '', oldVersion: resolved.previousVersion, newVersion: version });
  if (bumped.length > 0) log.info(`Bumped ${bumped.join(', ')}.`);
  const command = await runPreReleaseCommand({
    command: config.preReleaseCommand,
    cwd: configDir,
    oldVersion: resolved.previousVersion,
    newVersion: version,
    baseEnv: input.baseEnv,
    timeoutMs: PRE_RELEASE_TIMEOUT_MS,
  });
  if (command.ran) log.info(`Ran the pre-release command: ${command.argv.join(' ')}`);

  const changelogPath = join(configDir, config.changelog.filePath);
  const changelogText = config.changelog.policy === 'none' || !existsSync(changelogPath) ? null : await readFile(await realpathInside(root, changelogPath, 'changelog file'), 'utf8');
  const changelog = applyChangelogPolicy({
    policy: config.changelog.policy,
    text: changelogText,
    version,
    previousVersion: resolved.previousVersion,
    date: input.now,
    commits: commits.map((c) => ({ sha: c.sha, subject: c.subject, body: c.body })),
    fileName: config.changelog.filePath,
  });
  const changedFiles = [...bumped];
  if (changelog.newText !== null) {
    // A new file cannot be resolved through symlinks yet; its directory is what must stay inside.
    const target = changelogText === null ? changelogPath : await realpathInside(root, changelogPath, 'changelog file');
    await writeFile(target, changelog.newText, 'utf8');
    changedFiles.push(config.changelog.filePath);
  }

  await git.add(['.']);
  // An empty commit still marks the release: the request approves this exact commit.
  const sha = await git.commit(`release: ${version}`, { allowEmpty: true });
  return { config, configFile, resolved, tagPrefix, title, branch, mergeTargetSha, sha, changelog: changelog.section, changedFiles };
}

/** `<path>/.craft.yml` when the sub-package has its own, else the root `.craft.yml`. */
async function readConfig(root: string, path: string | null, log: Logger): Promise<{ config: PublishConfig; file: string; dir: string }> {
  const candidates = [...(path === null ? [] : [`${path}/.craft.yml`]), '.craft.yml'];
  for (const file of candidates) {
    const full = join(root, file);
    if (!existsSync(full)) continue;
    const text = await readFile(await realpathInside(root, full, 'config file'), 'utf8');
    const loaded = loadConfigText('craft', text, file);
    for (const warning of loaded.warnings) log.warning(`${warning.file}: ${warning.path}: ${warning.message}`);
    return { config: loaded.config, file, dir: file === '.craft.yml' ? root : join(root, path ?? '') };
  }
  throw new UserError(
    'E_CONFIG_MISSING',
    `There is no ${candidates.map((c) => quote(c)).join(' or ')} on the merge target, so publish-approval does not know what to publish.`,
    'Add a .craft.yml with at least "targets:" to the merge target (docs/config.md describes it) and run the release again.',
  );
}

/**
 * The tag prefix: the config's `tagPrefix` when set; for a sub-package without one, `<name>@`
 * from its package.json (the changesets convention, e.g. `@acme/core@1.2.0`), else `<dir>@`.
 */
async function tagPrefixFor(config: PublishConfig, root: string, path: string | null): Promise<string> {
  if (config.tagPrefix !== '' || path === null) return config.tagPrefix;
  const manifest = join(root, path, 'package.json');
  if (existsSync(manifest)) {
    try {
      const data: unknown = JSON.parse(await readFile(await realpathInside(root, manifest, 'package.json'), 'utf8'));
      const name = typeof data === 'object' && data !== null && 'name' in data ? data.name : undefined;
      if (typeof name === 'string' && /^(@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/.test(name)) return `${name}@`;
    } catch (error) {
      if (error instanceof UserError) throw error;
      // An unreadable package.json is reported by the bumper with a better message.
    }
  }
  return `${basename(path)}@`;
}
