/**
 * Matching `owner/repo[/path]` against the patterns of auto-approve rules, approval overrides
 * and freeze windows. Security reasoning: a pattern decides who skips human review, so matching
 * is exact and fails closed. A name that is not in canonical form (other case than written,
 * trailing slash, spaces, non-ASCII look-alikes, fullwidth slash) never reaches the glob engine.
 */
import picomatch from 'picomatch';

const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const REPO = /^[A-Za-z0-9._-]{1,100}$/;
const PATH_SEGMENT = /^[A-Za-z0-9._@+-]{1,100}$/;
// Characters a pattern may use: the name characters plus the glob operators we document.
const PATTERN_CHARS = /^[A-Za-z0-9._@+\-*?[\]{},/]+$/;

/** A product identity, as the request title carries it. */
export interface RepoRef {
  readonly owner: string;
  readonly repo: string;
}

/** Whether a string is a GitHub owner (user or organisation) name. */
export function isOwnerName(value: string): boolean {
  return OWNER.test(value);
}

/** Whether a string is a GitHub repository name. */
export function isRepoName(value: string): boolean {
  return REPO.test(value) && value !== '.' && value !== '..';
}

/** Whether a string is a canonical monorepo sub-package path (`packages/core`): no `.`/`..`, no empty segment. */
export function isSubPath(value: string): boolean {
  if (value.length === 0 || value.length > 200) return false;
  return value.split('/').every((segment) => PATH_SEGMENT.test(segment) && segment !== '.' && segment !== '..');
}

/** Whether `owner/repo` or `owner/repo/path` is in canonical form. */
export function isCanonicalFullName(value: string): boolean {
  const [owner, repo, ...rest] = value.split('/');
  if (owner === undefined || repo === undefined) return false;
  return isOwnerName(owner) && isRepoName(repo) && (rest.length === 0 || isSubPath(rest.join('/')));
}

/** `owner/repo` or `owner/repo/path` for a request. An empty path is kept (`owner/repo/`), so it is refused as not canonical. */
export function fullNameOf(repo: RepoRef, path: string | null): string {
  return path === null ? `${repo.owner}/${repo.repo}` : `${repo.owner}/${repo.repo}/${path}`;
}

/** Why a pattern is not acceptable, or null when it is. */
export function repoPatternProblem(pattern: string): string | null {
  if (pattern.startsWith('!')) return 'is negated ("!..."), which is not supported: it would match every other repository; list what should match instead';
  if (!PATTERN_CHARS.test(pattern)) return 'may contain only letters, digits, ". _ @ + -" and the glob characters "* ? [ ] { } ,", separated by "/"';
  const segments = pattern.split('/');
  if (segments.length < 2) return 'must have the form owner/repo or owner/repo/path';
  if (segments.some((s) => s === '')) return 'has an empty segment (a leading, trailing or doubled "/")';
  if (segments.some((s) => s === '.' || s === '..')) return 'must not contain "." or ".." segments';
  if ((segments[0] ?? '').includes('**') || (segments[1] ?? '').includes('**')) {
    return 'uses "**" in the owner or repo segment, where it would cross the owner/repo boundary; use "*" there (e.g. "acme/*" or "acme/*/**")';
  }
  try {
    picomatch.makeRe(pattern, GLOB_OPTIONS);
  } catch (error) {
    return `is not a valid glob: ${error instanceof Error ? error.message : String(error)}`;
  }
  return null;
}

// Case-sensitive, no negation, no extglobs, `*` never matches a leading dot, `/` always the separator.
const GLOB_OPTIONS: picomatch.PicomatchOptions = { nonegate: true, noextglob: true, dot: false, windows: false, strictSlashes: true, nocase: false };

/** A compiled `owner/repo[/path]` pattern. */
export type RepoMatcher = (fullName: string) => boolean;

/** The regular expression of a validated glob pattern (for callers that have checked the name is canonical). */
export function repoPatternRegex(pattern: string): RegExp {
  return picomatch.makeRe(pattern, GLOB_OPTIONS);
}

/**
 * Compiles a validated pattern once. The returned function accepts only canonical names, so a
 * near miss (trailing slash, other case, look-alike letters) is refused before any glob runs.
 */
export function compileRepoPattern(pattern: string): RepoMatcher {
  if (isExactPattern(pattern)) return (fullName) => fullName === pattern && isCanonicalFullName(fullName);
  const regex = repoPatternRegex(pattern);
  return (fullName) => isCanonicalFullName(fullName) && regex.test(fullName);
}

/**
 * The longest run of literal characters every match of a glob must contain (outside braces and
 * brackets, between wildcards). A cheap `includes` on it skips most regular expressions when
 * thousands of globs are tried against one name. '' when the pattern has none.
 */
export function requiredLiteral(pattern: string): string {
  let best = '';
  let run = '';
  let braces = 0;
  let inClass = false;
  for (const char of pattern) {
    if (inClass) {
      if (char === ']') inClass = false;
      continue;
    }
    if (char === '[') inClass = true;
    else if (char === '{') braces += 1;
    else if (char === '}') braces = Math.max(0, braces - 1);
    else if (braces === 0 && char !== '*' && char !== '?' && char !== ',') {
      run += char;
      if (run.length > best.length) best = run;
      continue;
    }
    run = '';
  }
  return best;
}

/** Whether a pattern has no glob characters (an exact name). */
export function isExactPattern(pattern: string): boolean {
  return !/[*?[\]{}]/.test(pattern);
}

/** Compiles a branch pattern (`main`, `release-*`, `release/**`) with the same glob options. */
export function compileBranchPattern(pattern: string): (branch: string) => boolean {
  if (isExactPattern(pattern)) return (branch) => branch === pattern;
  const regex = picomatch.makeRe(pattern, GLOB_OPTIONS);
  return (branch) => regex.test(branch);
}
