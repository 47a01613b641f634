/**
 * The request title `publish: owner/repo[/path]@version`: the key that makes one open request
 * per package version. Parsing splits on ASCII delimiters only and validates every part with
 * the grammar, so a look-alike `＠` or `／` lands inside a part and is reported there.
 */
import { RequestFormatError, TITLE_EXAMPLES } from './error.js';
import { describeChar, ownerRule, packagePathRule, repoNameRule, versionRule, type Rule } from './grammar.js';

const PREFIX = 'publish:';
/** GitHub's limit on issue titles. */
export const TITLE_MAX = 256;

/** The parts of a request title. */
export interface TitleParts {
  readonly repo: { readonly owner: string; readonly repo: string };
  readonly path: string | null;
  readonly version: string;
}

function fail(path: string, message: string): never {
  throw new RequestFormatError(path, `${message}; expected a title like ${TITLE_EXAMPLES}`, `Write the title as ${TITLE_EXAMPLES}.`);
}

function part(rule: Rule, value: string, path: string, what: string): string {
  const problem = rule(value);
  if (problem !== null) fail(path, `${what} ${problem}`);
  return value;
}

/** Parses `publish: owner/repo[/path]@version`; throws RequestFormatError naming the part that is wrong. */
export function parseTitle(title: unknown): TitleParts {
  if (typeof title !== 'string') fail('title', `must be a string, got ${title === null ? 'null' : typeof title}`);
  if (title.length > TITLE_MAX) fail('title', `is ${title.length} characters long; the maximum is ${TITLE_MAX}`);
  if (!title.startsWith(PREFIX)) {
    const shown = title.length > 40 ? `${title.slice(0, 40)}…` : title;
    fail('title', `must start with "publish: ", got ${JSON.stringify(shown)}`);
  }
  if (title.charCodeAt(PREFIX.length) !== 0x20) {
    fail('title', title.length === PREFIX.length ? 'has nothing after "publish:"' : `needs exactly one space after "publish:", found ${describeChar(title, PREFIX.length)}`);
  }
  if (title.charCodeAt(PREFIX.length + 1) === 0x20) fail('title', 'needs exactly one space after "publish:", found more');
  const rest = title.slice(PREFIX.length + 1);
  const at = rest.indexOf('@');
  const left = at < 0 ? rest : rest.slice(0, at);
  const slash = left.indexOf('/');
  if (slash < 0) {
    part(ownerRule, left, 'title.owner', 'the owner');
    fail('title.repo', `"${left}" has no repository; write owner/repo`);
  }
  const owner = part(ownerRule, left.slice(0, slash), 'title.owner', 'the owner');
  const afterOwner = left.slice(slash + 1);
  const slash2 = afterOwner.indexOf('/');
  const repo = part(repoNameRule, slash2 < 0 ? afterOwner : afterOwner.slice(0, slash2), 'title.repo', 'the repository name');
  const path = slash2 < 0 ? null : part(packagePathRule, afterOwner.slice(slash2 + 1), 'title.path', 'the package path');
  if (at < 0) fail('title.version', 'has no "@version" at the end');
  const version = part(versionRule, rest.slice(at + 1), 'title.version', 'the version');
  return { repo: { owner, repo }, path, version };
}

/** Renders the title of a request (or of its repo, path and version); throws RequestFormatError if a part is invalid. */
export function renderTitle(request: TitleParts): string {
  if (typeof request !== 'object' || request === null || typeof request.repo !== 'object' || request.repo === null) {
    fail('title', 'needs repo: { owner, repo }, path and version');
  }
  const field = (rule: Rule, value: unknown, path: string, what: string): string => {
    if (typeof value !== 'string') fail(path, `${what} must be a string, got ${value === null ? 'null' : typeof value}`);
    return part(rule, value, path, what);
  };
  field(ownerRule, request.repo.owner, 'title.owner', 'the owner');
  field(repoNameRule, request.repo.repo, 'title.repo', 'the repository name');
  if (request.path !== null) field(packagePathRule, request.path, 'title.path', 'the package path');
  field(versionRule, request.version, 'title.version', 'the version');
  const title = `${PREFIX} ${request.repo.owner}/${request.repo.repo}${request.path === null ? '' : `/${request.path}`}@${request.version}`;
  // Parsing what we render validates every part with the same rules and proves the round trip.
  const parsed = parseTitle(title);
  if (parsed.repo.owner !== request.repo.owner || parsed.repo.repo !== request.repo.repo || parsed.path !== request.path || parsed.version !== request.version) {
    fail('title', `parts do not survive a round trip: ${JSON.stringify(title)}`);
  }
  return title;
}

/** Whether two titles name the same package version (exact, case-sensitive comparison of the parts). */
export function sameTitleParts(a: TitleParts, b: TitleParts): boolean {
  return a.repo.owner === b.repo.owner && a.repo.repo === b.repo.repo && a.path === b.path && a.version === b.version;
}
