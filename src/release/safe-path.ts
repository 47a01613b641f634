import { realpath } from 'node:fs/promises';
import path from 'node:path';

import { UserError } from '../errors.js';
import { quote } from '../versioning/quote.js';

/**
 * Checks a repository-relative path given by a user or read from the repository (`path` input,
 * workspace globs) before it is joined to the checkout: no absolute paths, no `..`, no NUL.
 * `what` names the input in the error.
 */
export function checkRelativePath(relative: string, what: string): string {
  const normalized = relative.replace(/\\/g, '/');
  const segments = normalized.split('/');
  if (
    relative.includes('\0') ||
    path.isAbsolute(relative) ||
    path.win32.isAbsolute(relative) ||
    segments.includes('..')
  ) {
    throw new UserError(
      'E_PATH_OUTSIDE_REPO',
      `The ${what} ${quote(relative)} leaves the repository.`,
      `Give ${what} relative to the repository root, without ".." or a leading "/", e.g. packages/core.`,
    );
  }
  return segments.filter((s) => s !== '' && s !== '.').join('/');
}

/**
 * Resolves `target` (which must exist) through symlinks and refuses it unless it stays inside
 * `rootDir`: a symlink committed to the repository must not let us read or write outside it.
 */
export async function realpathInside(rootDir: string, target: string, what: string): Promise<string> {
  const [root, real] = await Promise.all([realpath(rootDir), realpath(target)]);
  if (!isInside(root, real)) {
    throw new UserError(
      'E_PATH_OUTSIDE_REPO',
      `The ${what} ${quote(path.relative(rootDir, target) || '.')} resolves outside the repository (through a symlink).`,
      'Remove the symlink or point it inside the repository.',
    );
  }
  return real;
}

/** True when `child` is `parent` or below it (both absolute and already resolved). */
export function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}
