import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

import semver from 'semver';

import { UserError } from '../errors.js';
import { quote } from '../versioning/quote.js';
import { isRecord, readJsonDocument, writeJsonDocument, type JsonDocument } from './json-file.js';
import { checkRelativePath, realpathInside } from './safe-path.js';

/**
 * The built-in `package.json` bumper.
 *
 * - Root release (`path` ''): the root package and every npm workspace package move to the new
 *   version in lockstep; private packages without a version are left alone (they are not
 *   published and have nothing to bump).
 * - Sub-package release (`path` set): only that package moves.
 * - In both cases, dependency ranges on a bumped package in the root and the workspace packages
 *   are moved along when they pinned its old version exactly, or with `^`/`~` (the operator and an
 *   optional `workspace:` protocol are kept). Other ranges (`*`, `>=1`, `workspace:^`) already
 *   express intent and are left as they are.
 * - `package-lock.json` / `npm-shrinkwrap.json` follow: the root `version`, `packages[""]` and
 *   `packages[<workspace path>]` versions and their dependency ranges, so `npm ci` stays in sync.
 *
 * Every path comes from the repository or from a user, so each is checked to stay inside the
 * checkout, symlinks included, before it is read or written.
 */

/** Input of {@link bumpPackageJson}. */
export interface BumpPackageJsonInput {
  /** The checkout of the product repository. */
  rootDir: string;
  /** '' for the root package, or the sub-package directory relative to rootDir. */
  path: string;
  /** The latest released version, or null for a first release. */
  oldVersion: string | null;
  newVersion: string;
}

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;
const LOCK_FILES = ['package-lock.json', 'npm-shrinkwrap.json'] as const;
// `**` in a workspace pattern walks at most this deep; a workspace tree is never deeper in practice
// and a bound keeps a hostile repository from making us walk forever.
const MAX_GLOBSTAR_DEPTH = 8;

interface Manifest {
  /** Directory relative to rootDir, POSIX separators, '' for the root. */
  dir: string;
  /** Where to write: package.json resolved through symlinks (checked to be inside). */
  file: string;
  doc: JsonDocument;
  data: Record<string, unknown>;
}

/** Bumps package.json files (and lock files) to `newVersion`; returns the files changed, relative to rootDir. */
export async function bumpPackageJson(input: BumpPackageJsonInput): Promise<string[]> {
  if (semver.valid(input.newVersion) !== input.newVersion) {
    throw new Error(`bumpPackageJson: ${input.newVersion} is not a resolved version`);
  }
  const subDir = checkRelativePath(input.path, 'path');
  const root = await loadManifest(input.rootDir, '');

  const workspaces = root ? await loadWorkspaces(input.rootDir, root) : [];
  const manifests = new Map<string, Manifest>();
  if (root) manifests.set('', root);
  for (const manifest of workspaces) manifests.set(manifest.dir, manifest);

  let targets: Manifest[];
  if (subDir === '') {
    if (!root) return [];
    targets = [...manifests.values()].filter(isVersioned);
  } else {
    const target = manifests.get(subDir) ?? (await loadManifest(input.rootDir, subDir));
    if (!target) {
      throw new UserError(
        'E_PACKAGE_NOT_FOUND',
        `There is no package.json in ${quote(subDir)}.`,
        'Check the path input: it names the directory of the sub-package, relative to the repository root.',
      );
    }
    manifests.set(subDir, target);
    targets = [target];
  }

  // Old versions per package name: the released one and whatever the file said before.
  const previous = new Map<string, Set<string>>();
  for (const target of targets) {
    const olds = new Set<string>();
    if (input.oldVersion) olds.add(input.oldVersion);
    if (typeof target.data.version === 'string') olds.add(target.data.version);
    if (typeof target.data.name === 'string') previous.set(target.data.name, olds);
    target.data.version = input.newVersion;
  }
  for (const manifest of manifests.values()) {
    for (const field of DEPENDENCY_FIELDS) moveRanges(manifest.data[field], previous, input.newVersion);
  }

  // Lock files are read and checked before anything is written, so a refused path leaves no
  // half-bumped tree behind.
  const bumpedDirs = new Set(targets.map((t) => t.dir));
  const touchedDirs = new Set(manifests.keys());
  const locks: { relative: string; file: string; doc: JsonDocument }[] = [];
  for (const name of LOCK_FILES) {
    const lock = await loadLockFile(input.rootDir, name);
    if (lock) {
      updateLock(lock.doc, { bumpedDirs, touchedDirs, previous, newVersion: input.newVersion });
      locks.push(lock);
    }
    // A sub-package outside the workspaces may carry its own lock file, where it is the root.
    if (subDir !== '' && !workspaces.some((w) => w.dir === subDir)) {
      const own = await loadLockFile(input.rootDir, posixJoin(subDir, name));
      if (own) {
        updateLock(own.doc, { bumpedDirs: new Set(['']), touchedDirs: new Set(['']), previous, newVersion: input.newVersion });
        locks.push(own);
      }
    }
  }

  const changed: string[] = [];
  for (const manifest of manifests.values()) {
    if (await writeJsonDocument(manifest.file, manifest.doc)) changed.push(posixJoin(manifest.dir, 'package.json'));
  }
  for (const lock of locks) {
    if (await writeJsonDocument(lock.file, lock.doc)) changed.push(lock.relative);
  }
  return changed.sort();
}

/** The workspace directories of a root manifest (npm `workspaces`: an array or `{ packages }`), relative to rootDir. */
export async function expandWorkspaces(rootDir: string, workspaces: unknown): Promise<string[]> {
  const patterns = Array.isArray(workspaces)
    ? workspaces
    : isRecord(workspaces) && Array.isArray(workspaces.packages)
      ? workspaces.packages
      : [];
  const included = new Set<string>();
  const excluded: RegExp[] = [];
  for (const raw of patterns) {
    if (typeof raw !== 'string') continue;
    const negated = raw.startsWith('!');
    const pattern = checkRelativePath(negated ? raw.slice(1) : raw, 'workspace pattern');
    if (pattern === '') continue;
    if (negated) {
      excluded.push(patternToRegExp(pattern));
      continue;
    }
    for (const dir of await expandPattern(rootDir, pattern.split('/'), '')) included.add(dir);
  }
  return [...included].filter((dir) => !excluded.some((re) => re.test(dir))).sort();
}

async function loadWorkspaces(rootDir: string, root: Manifest): Promise<Manifest[]> {
  const dirs = await expandWorkspaces(rootDir, root.data.workspaces);
  const loaded: Manifest[] = [];
  for (const dir of dirs) {
    const manifest = await loadManifest(rootDir, dir);
    if (manifest) loaded.push(manifest);
  }
  return loaded;
}

async function loadManifest(rootDir: string, dir: string): Promise<Manifest | null> {
  const display = posixJoin(dir, 'package.json');
  const candidate = path.join(rootDir, ...display.split('/'));
  if (!(await exists(candidate))) return null;
  const file = await realpathInside(rootDir, candidate, 'file');
  if (!(await stat(file)).isFile()) return null;
  const doc = await readJsonDocument(file, display);
  if (!isRecord(doc.data)) {
    throw new UserError('E_JSON_INVALID', `${quote(display)} is not a JSON object.`, `Fix ${display} on the merge target.`);
  }
  return { dir, file, doc, data: doc.data };
}

/** Private packages without a version are tooling roots, not releasable packages. */
function isVersioned(manifest: Manifest): boolean {
  return !(manifest.data.private === true && manifest.data.version === undefined);
}

function moveRanges(deps: unknown, previous: Map<string, Set<string>>, newVersion: string): void {
  if (!isRecord(deps)) return;
  for (const [name, range] of Object.entries(deps)) {
    const olds = previous.get(name);
    if (!olds || typeof range !== 'string') continue;
    const moved = moveRange(range, olds, newVersion);
    if (moved !== null) deps[name] = moved;
  }
}

/** `1.2.3`, `^1.2.3`, `~1.2.3` (optionally `workspace:`-prefixed) on an old version → the same form on the new one. */
export function moveRange(range: string, olds: ReadonlySet<string>, newVersion: string): string | null {
  const match = /^(workspace:)?([\^~]?)(.+)$/.exec(range.trim());
  if (!match || !olds.has(match[3] ?? '')) return null;
  return `${match[1] ?? ''}${match[2] ?? ''}${newVersion}`;
}

interface LockUpdate {
  /** Package directories whose version moved ('' = the lock's root). */
  bumpedDirs: ReadonlySet<string>;
  /** Package directories whose dependency ranges may have moved. */
  touchedDirs: ReadonlySet<string>;
  previous: Map<string, Set<string>>;
  newVersion: string;
}

async function loadLockFile(rootDir: string, relative: string): Promise<{ relative: string; file: string; doc: JsonDocument } | null> {
  const candidate = path.join(rootDir, ...relative.split('/'));
  if (!(await exists(candidate))) return null;
  const file = await realpathInside(rootDir, candidate, 'file');
  if (!(await stat(file)).isFile()) return null;
  return { relative, file, doc: await readJsonDocument(file, relative) };
}

function updateLock(doc: JsonDocument, update: LockUpdate): void {
  if (!isRecord(doc.data)) return;
  const lock = doc.data;
  if (update.bumpedDirs.has('') && typeof lock.version === 'string') lock.version = update.newVersion;
  // lockfileVersion 2 and 3 mirror each workspace package under `packages[<dir>]`; version 1 has
  // no such map and only the root version above.
  if (isRecord(lock.packages)) {
    for (const [dir, entry] of Object.entries(lock.packages)) {
      if (!isRecord(entry)) continue;
      if (update.bumpedDirs.has(dir) && typeof entry.version === 'string') entry.version = update.newVersion;
      if (update.touchedDirs.has(dir)) {
        for (const field of DEPENDENCY_FIELDS) moveRanges(entry[field], update.previous, update.newVersion);
      }
    }
  }
}

async function expandPattern(rootDir: string, segments: readonly string[], base: string, depth = 0): Promise<string[]> {
  const [segment, ...rest] = segments;
  if (segment === undefined) {
    return (await exists(path.join(rootDir, ...base.split('/'), 'package.json'))) ? [base] : [];
  }
  if (segment === '**') {
    // Zero directories, or one more level with `**` still in front.
    const here = await expandPattern(rootDir, rest, base, depth);
    if (depth >= MAX_GLOBSTAR_DEPTH) return here;
    const deeper: string[] = [];
    for (const child of await childDirectories(rootDir, base, false)) {
      deeper.push(...(await expandPattern(rootDir, segments, posixJoin(base, child), depth + 1)));
    }
    return [...here, ...deeper];
  }
  if (!/[*?]/.test(segment)) return expandPattern(rootDir, rest, posixJoin(base, segment), depth);
  const matcher = segmentToRegExp(segment);
  const found: string[] = [];
  for (const child of await childDirectories(rootDir, base, true)) {
    if (matcher.test(child)) found.push(...(await expandPattern(rootDir, rest, posixJoin(base, child), depth)));
  }
  return found;
}

async function childDirectories(rootDir: string, base: string, followLinks: boolean): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(path.join(rootDir, ...base.split('/').filter(Boolean)), { withFileTypes: true });
  } catch {
    return [];
  }
  const dirs: string[] = [];
  for (const entry of entries) {
    // Like npm: hidden directories and installed dependencies are never workspaces.
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    if (entry.isDirectory()) dirs.push(entry.name);
    // A symlinked directory is followed by `*` (loadManifest then checks it stays inside) but not
    // by `**`, which would otherwise loop on a link to a parent.
    else if (followLinks && entry.isSymbolicLink()) {
      const target = await stat(path.join(rootDir, ...base.split('/').filter(Boolean), entry.name)).catch(() => null);
      if (target?.isDirectory()) dirs.push(entry.name);
    }
  }
  return dirs.sort();
}

function segmentToRegExp(segment: string): RegExp {
  const body = segment.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${body}$`);
}

function patternToRegExp(pattern: string): RegExp {
  const parts = pattern.split('/').map((segment) => (segment === '**' ? '.*' : segmentToRegExp(segment).source.slice(1, -1)));
  return new RegExp(`^${parts.join('/')}$`);
}

/** Follows symlinks: a dangling link counts as absent. */
async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

function posixJoin(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}
