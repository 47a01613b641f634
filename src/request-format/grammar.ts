/**
 * The ASCII grammar of every identifier in a publish request. Each rule returns null when the
 * value is valid, or a sentence saying what is wrong; the `parse*` wrappers throw a
 * RequestFormatError that names the field. Lengths are checked before anything else and every
 * check is a single linear scan, so hostile megabyte inputs cost microseconds.
 *
 * Security: these values end up in URLs, git refs, registry commands and Markdown. Only a small
 * ASCII alphabet is allowed, which rules out shell metacharacters (`$`, backticks, `;`, quotes),
 * newlines and look-alike or invisible Unicode by construction.
 */
import { RequestFormatError } from './error.js';

/** A grammar rule: null when the value is valid, otherwise what is wrong with it. */
export type Rule = (value: string) => string | null;

const OWNER_MAX = 39;
const REPO_MAX = 100;
const PATH_MAX = 255;
const VERSION_MAX = 128;
const REF_MAX = 255;
const TARGET_NAME_MAX = 64;
const TARGET_ID_MAX = 200;
const ARTIFACT_NAME_MAX = 255;
const RULE_ID_MAX = 100;
const URL_MAX = 500;
const SERVER_URL_MAX = 200;
/** Free text (a target's status detail, a history note) is one line of at most this many characters. */
export const DETAIL_MAX = 500;

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isAlpha = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isAlnum = (c: number): boolean => isDigit(c) || isAlpha(c);
const charSet = (chars: string): ((c: number) => boolean) => {
  const codes = new Set([...chars].map((ch) => ch.charCodeAt(0)));
  return (c) => isAlnum(c) || codes.has(c);
};

const repoChar = charSet('._-');
const refChar = charSet('._/+@-');
const targetNameChar = (c: number): boolean => isDigit(c) || (c >= 0x61 && c <= 0x7a) || c === 0x2d;
const targetIdChar = charSet('@/._:+~-');
const artifactChar = charSet('._+@=,-');
// RFC 3986 characters minus those that break Markdown links or shells: ' ( ) * ; $ [ ] and space.
const urlChar = charSet('-._~:/?#@!&+,=%');

/** Control characters, including the Unicode line and paragraph separators. */
function isControl(c: number): boolean {
  return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029;
}

/** Characters that render as nothing or reorder text: they let two different strings look alike. */
function isInvisible(cp: number): boolean {
  return (
    cp === 0x00ad ||
    cp === 0x034f ||
    cp === 0x061c ||
    cp === 0x180e ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x2064) ||
    (cp >= 0x2066 && cp <= 0x206f) ||
    cp === 0xfeff ||
    (cp >= 0xfe00 && cp <= 0xfe0f)
  );
}

/** A human description of the character at `index`, with its code point when it is not plain ASCII. */
export function describeChar(value: string, index: number): string {
  const cp = value.codePointAt(index) ?? 0;
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  if (cp === 0x0a) return 'a newline';
  if (cp === 0x0d) return 'a carriage return';
  if (cp === 0x09) return 'a tab';
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) return `the control character ${hex}`;
  if (cp === 0x2028 || cp === 0x2029) return `the line or paragraph separator ${hex}`;
  if (cp === 0x20) return 'a space';
  if (isInvisible(cp)) return `the invisible or direction-changing character ${hex}`;
  if (cp >= 0xff01 && cp <= 0xff5e) {
    return `the fullwidth character ${hex} (it looks like "${String.fromCharCode(cp - 0xfee0)}" but is not ASCII)`;
  }
  if (cp >= 0x0400 && cp <= 0x052f) return `the Cyrillic letter ${hex} (it may look like a Latin letter but is not ASCII)`;
  if (cp >= 0xd800 && cp <= 0xdfff) return `the unpaired surrogate ${hex}`;
  if (cp > 0x7e) return `the non-ASCII character ${hex}`;
  return `"${String.fromCharCode(cp)}"`;
}

/** Index of the first character not accepted by `ok`, or -1. */
function firstBad(value: string, ok: (c: number) => boolean): number {
  for (let i = 0; i < value.length; i++) {
    if (!ok(value.charCodeAt(i))) return i;
  }
  return -1;
}

function badChar(value: string, ok: (c: number) => boolean, allowed: string): string | null {
  const i = firstBad(value, ok);
  return i < 0 ? null : `contains ${describeChar(value, i)} at position ${i + 1}; only ${allowed} are allowed`;
}

function tooLong(value: string, max: number): string | null {
  return value.length > max ? `is ${value.length} characters long; the maximum is ${max}` : null;
}

/** A GitHub owner (user or organisation): ASCII letters, digits and single hyphens, not at either end, at most 39. */
export const ownerRule: Rule = (v) => {
  if (v.length === 0) return 'is empty';
  return (
    tooLong(v, OWNER_MAX) ??
    badChar(v, (c) => isAlnum(c) || c === 0x2d, 'ASCII letters, digits and hyphens') ??
    (v.startsWith('-') || v.endsWith('-') ? 'must not start or end with a hyphen' : null) ??
    (v.includes('--') ? 'must not contain two hyphens in a row' : null)
  );
};

/** A GitHub repository name: `[A-Za-z0-9._-]{1,100}`, not `.` or `..`. */
export const repoNameRule: Rule = (v) => {
  if (v.length === 0) return 'is empty';
  return (
    tooLong(v, REPO_MAX) ??
    badChar(v, repoChar, 'ASCII letters, digits, ".", "_" and "-"') ??
    (v === '.' || v === '..' ? `must not be "${v}"` : null)
  );
};

/** A sub-package path: `/`-separated segments of `[A-Za-z0-9._-]`, never `.` or `..`, no empty segment, at most 255. */
export const packagePathRule: Rule = (v) => {
  if (v.length === 0) return 'is empty (leave the path out instead)';
  const long = tooLong(v, PATH_MAX);
  if (long) return long;
  const chars = badChar(v, (c) => repoChar(c) || c === 0x2f, 'ASCII letters, digits, ".", "_", "-" and "/" between segments');
  if (chars) return chars;
  if (v.startsWith('/') || v.endsWith('/')) return 'must not start or end with "/"';
  for (const segment of v.split('/')) {
    if (segment === '') return 'must not contain an empty segment ("//")';
    if (segment === '.' || segment === '..') return `must not contain a "${segment}" segment`;
  }
  return null;
};

function numericIdentifier(part: string, what: string): string | null {
  if (part === '') return `has an empty ${what}`;
  const bad = firstBad(part, isDigit);
  if (bad >= 0) return `has ${describeChar(part, bad)} in the ${what} "${part}"; it must be a number`;
  if (part.length > 1 && part.startsWith('0')) return `has a leading zero in the ${what} "${part}"`;
  if (part.length > 16 || Number(part) > Number.MAX_SAFE_INTEGER) return `has a ${what} "${part}" that is too large`;
  return null;
}

function identifiers(list: string, what: string, numericNoLeadingZero: boolean): string | null {
  for (const id of list.split('.')) {
    if (id === '') return `has an empty ${what} identifier (check for ".." or a trailing ".")`;
    const bad = firstBad(id, (c) => isAlnum(c) || c === 0x2d);
    if (bad >= 0) return `has ${describeChar(id, bad)} in the ${what} "${list}"; only ASCII letters, digits, "-" and "." are allowed`;
    if (numericNoLeadingZero && id.length > 1 && id.startsWith('0') && firstBad(id, isDigit) < 0) {
      return `has a leading zero in the numeric ${what} identifier "${id}"`;
    }
  }
  return null;
}

/**
 * A version in the semver.org grammar (`MAJOR.MINOR.PATCH[-pre][+build]`, no `v`, no leading
 * zeros), at most 128 characters. Calendar versions such as `26.11.0` have the same shape.
 */
export const versionRule: Rule = (v) => {
  if (v.length === 0) return 'is empty';
  const long = tooLong(v, VERSION_MAX);
  if (long) return long;
  if (v.startsWith('v') || v.startsWith('V')) return `must not start with "${v[0]}": write "${v.slice(1)}"`;
  const plus = v.indexOf('+');
  const main = plus < 0 ? v : v.slice(0, plus);
  const build = plus < 0 ? null : v.slice(plus + 1);
  const dash = main.indexOf('-');
  const core = dash < 0 ? main : main.slice(0, dash);
  const pre = dash < 0 ? null : main.slice(dash + 1);
  const parts = core.split('.');
  if (parts.length !== 3) return `must have three numbers MAJOR.MINOR.PATCH, "${core}" has ${parts.length}`;
  const names = ['major', 'minor', 'patch'] as const;
  for (let i = 0; i < 3; i++) {
    const problem = numericIdentifier(parts[i] ?? '', `${names[i]} number`);
    if (problem) return problem;
  }
  if (pre !== null) {
    if (pre === '') return 'has an empty prerelease after "-"';
    const problem = identifiers(pre, 'prerelease', true);
    if (problem) return problem;
  }
  if (build !== null) {
    if (build === '') return 'has empty build metadata after "+"';
    const problem = identifiers(build, 'build metadata', false);
    if (problem) return problem;
  }
  return null;
};

const userLoginRule: Rule = (v) => ownerRule(v);

/** A GitHub login: a user (owner rules, at most 39) or an app's bot account `name[bot]`. */
export const loginRule: Rule = (v) => {
  if (v.length === 0) return 'is empty';
  if (v.length > OWNER_MAX + 5) return `is ${v.length} characters long; the maximum is ${OWNER_MAX} plus "[bot]"`;
  if (v.endsWith('[bot]')) {
    const name = v.slice(0, -5);
    const problem = userLoginRule(name);
    return problem ? `has a bot name that ${problem}` : null;
  }
  const problem = userLoginRule(v);
  if (problem && (v.includes('[') || v.includes(']'))) return `${problem} (app accounts are written "name[bot]")`;
  return problem;
};

/**
 * A git branch or tag name under `git check-ref-format` rules, restricted to the ASCII
 * characters letters, digits and `. _ / + @ -`: no `..`, `@{`, `//`, leading `-` or `/`,
 * trailing `/`, `.` or `.lock`, no component starting with `.`, at most 255.
 */
export const refNameRule: Rule = (v) => {
  if (v.length === 0) return 'is empty';
  const long = tooLong(v, REF_MAX);
  if (long) return long;
  const chars = badChar(v, refChar, 'ASCII letters, digits and ". _ / + @ -"');
  if (chars) return chars;
  if (v === '@') return 'must not be "@"';
  if (v.startsWith('-')) return 'must not start with "-"';
  if (v.startsWith('/') || v.endsWith('/')) return 'must not start or end with "/"';
  if (v.endsWith('.')) return 'must not end with "."';
  if (v.includes('..')) return 'must not contain ".."';
  if (v.includes('@{')) return 'must not contain "@{"';
  if (v.includes('//')) return 'must not contain "//"';
  for (const component of v.split('/')) {
    if (component.startsWith('.')) return `has a component "${component}" that starts with "."`;
    if (component.endsWith('.lock')) return `has a component "${component}" that ends with ".lock"`;
  }
  return null;
};

/** A publish target id: `name` (lowercase letters, digits, hyphens) or `name[id]`, e.g. `npm[@scope/pkg]`. */
export const targetIdRule: Rule = (v) => {
  if (v.length === 0) return 'is empty';
  const long = tooLong(v, TARGET_NAME_MAX + TARGET_ID_MAX + 2);
  if (long) return long;
  const open = v.indexOf('[');
  const name = open < 0 ? v : v.slice(0, open);
  if (name === '') return 'has no target name before "["; write name or name[id], e.g. npm[@scope/pkg]';
  if (name.length > TARGET_NAME_MAX) return `has a target name of ${name.length} characters; the maximum is ${TARGET_NAME_MAX}`;
  const bad = firstBad(name, targetNameChar);
  if (bad >= 0) {
    return `has ${describeChar(name, bad)} in the target name "${name}"; only lowercase ASCII letters, digits and "-" are allowed`;
  }
  if (!isAlnum(name.charCodeAt(0))) return `has a target name "${name}" that does not start with a letter or digit`;
  if (open < 0) return null;
  if (!v.endsWith(']')) return 'opens "[" without closing it at the end; write name[id], e.g. npm[@scope/pkg]';
  const id = v.slice(open + 1, -1);
  if (id === '') return 'has an empty id between "[" and "]"';
  if (id.length > TARGET_ID_MAX) return `has an id of ${id.length} characters; the maximum is ${TARGET_ID_MAX}`;
  const idBad = firstBad(id, targetIdChar);
  if (idBad >= 0) return `has ${describeChar(id, idBad)} in the id "${id}"; only ASCII letters, digits and "@ / . _ : + ~ -" are allowed`;
  if (id.startsWith('-')) return 'has an id that starts with "-"';
  if (id.includes('..')) return 'has an id that contains ".."';
  return null;
};

/** An artifact file name: ASCII letters, digits and `. _ + @ = , -`, not starting with `.` or `-`, at most 255. */
export const artifactNameRule: Rule = (v) => {
  if (v.length === 0) return 'is empty';
  return (
    tooLong(v, ARTIFACT_NAME_MAX) ??
    badChar(v, artifactChar, 'ASCII letters, digits and ". _ + @ = , -"') ??
    (v.startsWith('.') || v.startsWith('-') ? 'must not start with "." or "-"' : null)
  );
};

/** An auto-approve rule id: `[A-Za-z0-9._-]{1,100}`, not starting with `-`. */
export const ruleIdRule: Rule = (v) => {
  if (v.length === 0) return 'is empty';
  return tooLong(v, RULE_ID_MAX) ?? badChar(v, repoChar, 'ASCII letters, digits, ".", "_" and "-"') ?? (v.startsWith('-') ? 'must not start with "-"' : null);
};

const hexRule = (length: number, what: string): Rule => (v) => {
  if (v.length !== length) return `must be ${length} lowercase hexadecimal characters (${what}), got ${v.length}`;
  const bad = firstBad(v, (c) => isDigit(c) || (c >= 0x61 && c <= 0x66));
  return bad < 0 ? null : `contains ${describeChar(v, bad)}; a ${what} is ${length} lowercase hexadecimal characters`;
};

/** A full git commit SHA: 40 lowercase hex characters. */
export const commitShaRule: Rule = hexRule(40, 'a full commit SHA');

/** A sha256 digest: 64 lowercase hex characters. */
export const sha256Rule: Rule = hexRule(64, 'a sha256 digest');

/** An ISO 8601 UTC time as GitHub and `Date#toISOString` write it: `2026-11-21T23:58:18Z` or with `.sss`. */
export const timestampRule: Rule = (v) => {
  const expected = 'expected an ISO 8601 UTC time such as 2026-11-21T23:58:18Z';
  if (v.length !== 20 && v.length !== 24) return `"${v.slice(0, 40)}" is not a time; ${expected}`;
  const shape = v.length === 20 ? 'dddd-dd-ddTdd:dd:ddZ' : 'dddd-dd-ddTdd:dd:dd.dddZ';
  for (let i = 0; i < shape.length; i++) {
    const c = v.charCodeAt(i);
    if (shape[i] === 'd' ? !isDigit(c) : c !== shape.charCodeAt(i)) return `"${v}" is not a time; ${expected}`;
  }
  const [year, month, day, hour, minute, second] = [0, 5, 8, 11, 14, 17].map((at, i) => Number(v.slice(at, i === 0 ? 4 : at + 2))) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (
    year < 1970 ||
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day ||
    date.getUTCHours() !== hour ||
    date.getUTCMinutes() !== minute ||
    date.getUTCSeconds() !== second
  ) {
    return `"${v}" is not a valid calendar time; ${expected}`;
  }
  return null;
};

function urlShape(v: string, max: number): { url: URL } | { problem: string } {
  if (v.length === 0) return { problem: 'is empty' };
  const long = tooLong(v, max);
  if (long) return { problem: long };
  const chars = badChar(v, urlChar, 'URL characters (ASCII letters, digits and "- . _ ~ : / ? # @ ! & + , = %")');
  if (chars) return { problem: chars };
  if (!v.startsWith('https://') && !v.startsWith('http://')) return { problem: 'must start with https:// or http://' };
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return { problem: `"${v}" is not a URL` };
  }
  if (url.username !== '' || url.password !== '') return { problem: 'must not contain credentials' };
  return { url };
}

/** A GitHub web base URL such as `https://github.com` (http or https, no credentials, query or trailing slash). */
export const serverUrlRule: Rule = (v) => {
  const shape = urlShape(v, SERVER_URL_MAX);
  if ('problem' in shape) return shape.problem;
  const { url } = shape;
  if (url.search !== '' || url.hash !== '' || v.includes('?') || v.includes('#')) return 'must not have a query or fragment';
  if (v.endsWith('/')) return 'must not end with "/"; write e.g. https://github.com';
  const canonical = `${url.origin}${url.pathname === '/' ? '' : url.pathname}`;
  if (canonical !== v) return `is not in canonical form; write "${canonical}"`;
  return null;
};

/** An http(s) link (a workflow run, where an artifact landed) of safe URL characters, at most 500. */
export const httpUrlRule: Rule = (v) => {
  const shape = urlShape(v, URL_MAX);
  return 'problem' in shape ? shape.problem : null;
};

/**
 * A target location: an http(s) URL or a registry reference such as `ghcr.io/org/img@sha256:…`,
 * in URL characters, at most 500.
 */
export const locationRule: Rule = (v) => {
  if (v.length === 0) return 'is empty';
  return tooLong(v, URL_MAX) ?? badChar(v, urlChar, 'URL characters (ASCII letters, digits and "- . _ ~ : / ? # @ ! & + , = %")');
};

/** One line of free text: printable Unicode, no control, invisible or direction-changing characters, at most 500. */
export const detailRule: Rule = (v) => {
  if (v.length === 0) return 'is empty (use null)';
  const long = tooLong(v, DETAIL_MAX);
  if (long) return long;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (isControl(c) || isInvisible(c)) {
      return `contains ${describeChar(v, i)}; a detail is one line of printable text (make one with toDetail())`;
    }
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = v.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return `contains ${describeChar(v, i)}`;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return `contains ${describeChar(v, i)}`;
    }
  }
  return null;
};

/**
 * Makes one detail line from any text (an error message, registry output): control and invisible
 * characters become spaces, runs of spaces collapse, and the result is cut to 500 characters.
 * Returns null for text that is empty after cleaning.
 */
export function toDetail(text: string): string | null {
  let out = '';
  for (const ch of String(text)) {
    const c = ch.codePointAt(0) ?? 0;
    const bad = isControl(c) || isInvisible(c) || (c >= 0xd800 && c <= 0xdfff);
    out += bad ? ' ' : ch;
    if (out.length > DETAIL_MAX * 4) break;
  }
  out = out.replace(/ {2,}/g, ' ').trim();
  if (out.length > DETAIL_MAX) {
    out = out.slice(0, DETAIL_MAX - 1);
    const last = out.charCodeAt(out.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) out = out.slice(0, -1);
    out += '…';
  }
  return out === '' ? null : out;
}

/** Throws a RequestFormatError naming `path` when `value` is not a string that follows `rule`. */
export function check(rule: Rule, value: unknown, path: string, what: string, example?: string): string {
  const expected = example === undefined ? '' : ` (expected e.g. ${example})`;
  if (typeof value !== 'string') {
    throw new RequestFormatError(path, `${what} must be a string, got ${value === null ? 'null' : typeof value}${expected}`, example && `Write it like ${example}.`);
  }
  const problem = rule(value);
  if (problem !== null) {
    throw new RequestFormatError(path, `${what} ${problem}${expected}`, example && `Write it like ${example}.`);
  }
  return value;
}

/** A GitHub owner (user or organisation), e.g. `acme`. */
export function parseOwner(value: unknown, path = 'owner'): string {
  return check(ownerRule, value, path, 'the owner', '`acme`');
}

/** A GitHub repository name, e.g. `widget`. */
export function parseRepoName(value: unknown, path = 'repo'): string {
  return check(repoNameRule, value, path, 'the repository name', '`widget`');
}

/** A monorepo sub-package path, e.g. `packages/core`. */
export function parsePackagePath(value: unknown, path = 'path'): string {
  return check(packagePathRule, value, path, 'the package path', '`packages/core`');
}

/** A semver.org version, e.g. `1.2.3`, `2.0.0-rc.1`, `1.0.0+build.5` or `26.11.0`. */
export function parseVersion(value: unknown, path = 'version'): string {
  return check(versionRule, value, path, 'the version', '`1.2.3`, `2.0.0-rc.1` or `26.11.0`');
}

/** A GitHub login, e.g. `octocat` or `release-bot[bot]`. */
export function parseLogin(value: unknown, path = 'login'): string {
  return check(loginRule, value, path, 'the login', '`octocat` or `release-bot[bot]`');
}

/** A git branch name, e.g. `release/1.2.3`. */
export function parseBranchName(value: unknown, path = 'branch'): string {
  return check(refNameRule, value, path, 'the branch name', '`release/1.2.3`');
}

/** A git tag name, e.g. `1.2.2` or `pkg@1.2.2`. */
export function parseTagName(value: unknown, path = 'tag'): string {
  return check(refNameRule, value, path, 'the tag name', '`1.2.2`');
}

/** A publish target id, e.g. `github`, `npm[@scope/pkg]` or `oci[ghcr.io/org/img]`. */
export function parseTargetId(value: unknown, path = 'target'): string {
  return check(targetIdRule, value, path, 'the target id', '`github`, `npm[@scope/pkg]` or `oci[ghcr.io/org/img]`');
}

/** A full commit SHA (40 lowercase hex characters). */
export function parseCommitSha(value: unknown, path = 'commit'): string {
  return check(commitShaRule, value, path, 'the commit SHA');
}

/** A GitHub web base URL, e.g. `https://github.com`. */
export function parseServerUrl(value: unknown, path = 'serverUrl'): string {
  return check(serverUrlRule, value, path, 'the server URL', '`https://github.com`');
}
