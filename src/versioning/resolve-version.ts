import semver from 'semver';

import { UserError } from '../errors.js';
import { nextCalver } from './calver.js';
import { analyzeCommits, type CommitBump } from './conventional-commits.js';
import { quote } from './quote.js';

/**
 * Turns the `version` input into the version to release, before anything is written.
 *
 * Decisions (documented here because callers and users depend on them):
 * - The latest release is the highest semver among tags that start with `tagPrefix` and are an
 *   exact semver after it; prereleases take part in the ordering, other tags are ignored (so in a
 *   monorepo `core@` never sees `cli@0.3.0`, and with prefix `` a `v1.2.3` tag is ignored).
 * - Bump keywords follow semver's `inc`: `patch` of `1.3.0-rc.1` is `1.3.0`, `prerelease` of
 *   `1.2.3` is `1.2.4-rc.0` and of `1.3.0-rc.0` is `1.3.0-rc.1` (preid default `rc`).
 * - Without a previous tag, keywords start from `0.0.0`: `patch` → 0.0.1, `minor` → 0.1.0,
 *   `major` → 1.0.0, `prerelease` → 0.0.1-rc.0; `auto` likewise.
 * - `auto` before 1.0.0: a breaking change bumps minor (0.3.1 → 0.4.0), not major, following the
 *   semver rule that 0.x makes no stability promise and the common convention of release tools;
 *   leaving 0.x takes an explicit `major` or `1.0.0`.
 * - Calendar versions must be valid semver (`%y.%-m` works, `%m` yields `26.01.0`, which registries
 *   refuse), and obey the same "tag exists" and "greater than the latest" checks as any version.
 * - An empty input takes the policy: `auto` and `calver` resolve as those keywords; `manual` and
 *   `semver` require an explicit version or a keyword (they differ only in meaning elsewhere).
 * - Build metadata (`1.2.3+abc`) is refused: registries ignore it, so two releases would collide.
 */

/** The versioning policy of a product (the config's `versioning.policy`). */
export type VersioningPolicy = 'manual' | 'auto' | 'calver' | 'semver';

/** How the version was chosen. */
export type BumpKind = CommitBump | 'prerelease' | 'explicit' | 'calver';

/** Everything version resolution needs; all of it is read before resolution starts. */
export interface ResolveVersionInput {
  /** The `version` input: '', an explicit semver, major|minor|patch|prerelease, auto or calver. */
  requested: string;
  policy: VersioningPolicy;
  /** All tags of the repository. */
  tags: readonly string[];
  /** e.g. `` or `core@`; the tag of a version is `tagPrefix + version`. */
  tagPrefix: string;
  /** Messages of the commits since the latest release tag, for `auto`. */
  commitsSinceLatest: readonly string[];
  now: Date;
  calver: { format: string; offset: number };
  /** Prerelease identifier for `prerelease`; default `rc`. */
  preid?: string;
}

/** The version to release and where it came from. */
export interface ResolvedVersion {
  version: string;
  previousTag: string | null;
  previousVersion: string | null;
  bump: BumpKind;
}

/** The accepted forms of the `version` input, for error messages. */
export const ACCEPTED_VERSION_INPUTS =
  'an explicit version such as 1.2.3 or 2.0.0-rc.1, one of major, minor, patch, prerelease, auto or calver';

const KEYWORDS = new Set(['major', 'minor', 'patch', 'prerelease']);

/** Resolves the version to release or throws a UserError that says what to change. */
export function resolveVersion(input: ResolveVersionInput): ResolvedVersion {
  const latest = latestReleaseTag(input.tags, input.tagPrefix);
  const previousTag = latest?.tag ?? null;
  const previousVersion = latest?.version ?? null;
  const requested = input.requested.trim();
  const mode = requested === '' ? modeForEmptyInput(input.policy) : requested;

  let version: string;
  let bump: BumpKind;
  if (KEYWORDS.has(mode)) {
    bump = mode as BumpKind;
    version = increment(previousVersion ?? '0.0.0', mode as semver.ReleaseType, input.preid);
  } else if (mode === 'auto') {
    const analysis = analyzeCommits(input.commitsSinceLatest);
    if (analysis.bump === null) throw nothingReleasable(previousTag, analysis.typesSeen, input.commitsSinceLatest.length);
    const base = previousVersion ?? '0.0.0';
    // 0.x: a breaking change moves minor (see the module comment).
    bump = analysis.bump === 'major' && semver.major(base) === 0 ? 'minor' : analysis.bump;
    version = increment(base, bump, undefined);
  } else if (mode === 'calver') {
    bump = 'calver';
    const existing = input.tags.filter((t) => t.startsWith(input.tagPrefix)).map((t) => t.slice(input.tagPrefix.length));
    version = nextCalver(input.calver.format, input.calver.offset, input.now, existing);
    if (!isExactSemver(version)) {
      throw new UserError(
        'E_CALVER_NOT_SEMVER',
        `The calendar version format ${quote(input.calver.format)} gives ${quote(version)}, which is not a valid semantic version.`,
        'Use unpadded tokens (%-m, %-d) and at most two date parts, e.g. "%y.%-m" (the default).',
      );
    }
  } else {
    bump = 'explicit';
    version = checkExplicitVersion(requested);
  }

  const tag = `${input.tagPrefix}${version}`;
  if (input.tags.includes(tag)) {
    throw new UserError(
      'E_VERSION_EXISTS',
      `The tag ${quote(tag)} already exists, so version ${quote(version)} has been released already.`,
      bump === 'explicit'
        ? `Request a higher version than ${previousVersion ?? version}, or a bump keyword such as patch.`
        : 'Check that all tags were fetched (fetch-depth: 0) and request an explicit version.',
    );
  }
  if (previousVersion !== null && semver.lte(version, previousVersion)) {
    throw new UserError(
      'E_VERSION_NOT_GREATER',
      `Version ${quote(version)} is not greater than the latest release ${quote(previousVersion)} (tag ${quote(previousTag ?? '')}).`,
      bump === 'prerelease'
        ? `The prerelease identifier sorts below the latest one; request an explicit version above ${previousVersion}.`
        : `Request a version above ${previousVersion}, or a bump keyword such as patch.`,
    );
  }
  return { version, previousTag, previousVersion, bump };
}

/** The highest release tag with `prefix`, ignoring tags that are not an exact semver after it. */
export function latestReleaseTag(tags: readonly string[], prefix: string): { tag: string; version: string } | null {
  let best: { tag: string; version: string } | null = null;
  for (const tag of tags) {
    if (!tag.startsWith(prefix)) continue;
    const rest = tag.slice(prefix.length);
    // Build metadata is allowed on existing tags (it does not take part in the ordering).
    const parsed = /^\d/.test(rest) ? semver.parse(rest) : null;
    if (!parsed || !(rest === parsed.version || rest.startsWith(`${parsed.version}+`))) continue;
    if (best === null || semver.gt(parsed.version, best.version)) best = { tag, version: parsed.version };
  }
  return best;
}

function modeForEmptyInput(policy: VersioningPolicy): string {
  if (policy === 'auto' || policy === 'calver') return policy;
  throw new UserError(
    'E_VERSION_REQUIRED',
    `No version was given and the versioning policy is ${quote(policy)}, which needs one.`,
    `Set the version input to ${ACCEPTED_VERSION_INPUTS}; or set the versioning policy to auto or calver.`,
  );
}

function increment(base: string, release: semver.ReleaseType, preid: string | undefined): string {
  let identifier: string | undefined;
  if (release === 'prerelease') {
    identifier = preid ?? 'rc';
    if (!/^[0-9A-Za-z-]+$/.test(identifier) || /^\d+$/.test(identifier)) {
      throw new UserError(
        'E_PREID_INVALID',
        `The prerelease identifier ${quote(identifier)} is not valid.`,
        'Use letters, digits and hyphens, not only digits, e.g. rc, beta or alpha.',
      );
    }
  }
  const next = identifier === undefined ? semver.inc(base, release) : semver.inc(base, release, identifier);
  // inc only fails on an invalid base, which latestReleaseTag never returns.
  if (next === null) throw new Error(`semver.inc(${base}, ${release}) failed`);
  return next;
}

function checkExplicitVersion(requested: string): string {
  if (/^[vV]\d/.test(requested)) {
    throw new UserError(
      'E_VERSION_LEADING_V',
      `The version ${quote(requested)} starts with "${requested[0]}".`,
      `Drop the v and request ${quote(requested.slice(1))}; a tag prefix, if the repository uses one, is added from the config.`,
    );
  }
  const parsed = /^\d/.test(requested) ? semver.parse(requested) : null;
  if (parsed && requested.startsWith(`${parsed.version}+`)) {
    throw new UserError(
      'E_VERSION_BUILD_METADATA',
      `The version ${quote(requested)} has build metadata, which registries ignore.`,
      `Request ${quote(parsed.version)} or a prerelease such as ${parsed.version}-rc.1.`,
    );
  }
  if (!parsed || parsed.version !== requested) {
    throw new UserError(
      'E_VERSION_INVALID',
      `The version ${quote(requested)} is neither a semantic version nor a known keyword.`,
      `Use ${ACCEPTED_VERSION_INPUTS}.`,
    );
  }
  return requested;
}

function isExactSemver(value: string): boolean {
  return semver.parse(value)?.version === value;
}

function nothingReleasable(previousTag: string | null, typesSeen: readonly string[], count: number): UserError {
  const since = previousTag === null ? 'in the history' : `since ${quote(previousTag)}`;
  const seen =
    count === 0
      ? `There are no commits ${since}.`
      : typesSeen.length === 0
        ? `None of the ${count} commits ${since} is a conventional commit.`
        : `The ${count} commits ${since} have types ${typesSeen.map((t) => quote(t)).join(', ')}, none of which is releasable.`;
  return new UserError(
    'E_NOTHING_TO_RELEASE',
    `auto found nothing to release: ${seen}`,
    'Only feat (minor), fix and perf (patch), or a breaking change (! or a BREAKING CHANGE footer) make a release; request an explicit version or a bump keyword to release anyway.',
  );
}
