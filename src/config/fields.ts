/**
 * Field schemas shared by the three config files. Identity-bearing strings (logins, teams,
 * repository patterns, target ids, branch names) are ASCII-checked first, so a Cyrillic "о" or a
 * fullwidth "／" is reported as exactly that instead of as a vague pattern mismatch.
 */
import { z } from 'zod';
import { isOwnerName, repoPatternProblem } from './repo-glob.js';
import { preview, unknownKeyMessage } from './issues.js';

/** A strict object whose unknown-key message names each key and suggests the closest known one. */
export function strict<T extends z.ZodRawShape>(shape: T, expected?: string) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => {
      // One line per key, in order: toProblems() splits them so each key gets its own line number.
      if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => unknownKeyMessage(key, known)).join('\n');
      if (issue.code === 'invalid_type' && expected !== undefined && issue.input !== undefined) return `expected ${expected}, got ${preview(issue.input)}`;
      return undefined;
    },
  });
}

/** The first character outside printable ASCII, described for a message, or null. */
export function nonAsciiProblem(value: string): string | null {
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    if (code < 0x21 || code > 0x7e) {
      const point = value.codePointAt(i) ?? code;
      const shown = code < 0x20 || code === 0x7f ? 'a control character' : code === 0x20 ? 'a space' : `"${String.fromCodePoint(point)}"`;
      return `contains ${shown} (U+${point.toString(16).toUpperCase().padStart(4, '0')}) at position ${i + 1}; identity fields accept printable ASCII without spaces only (look-alike letters and fullwidth characters are refused): retype the value`;
    }
  }
  return null;
}

/** An identity-bearing string: printable ASCII, no spaces, bounded, then a grammar. */
export function identity(what: string, grammar: RegExp | ((value: string) => string | null), expected: string, max = 100, allowEmpty = false) {
  return z.string().superRefine((value, ctx) => {
    if (value.length === 0 && allowEmpty) return;
    if (value.length === 0) return void ctx.addIssue({ code: 'custom', message: `${what} must not be empty; expected ${expected}` });
    const ascii = nonAsciiProblem(value);
    if (ascii) return void ctx.addIssue({ code: 'custom', message: `${what} ${JSON.stringify(value.slice(0, 80))} ${ascii}` });
    if (value.length > max) return void ctx.addIssue({ code: 'custom', message: `${what} is longer than ${max} characters` });
    const problem = typeof grammar === 'function' ? grammar(value) : grammar.test(value) ? null : `is not ${expected}`;
    if (problem) ctx.addIssue({ code: 'custom', message: `${what} ${JSON.stringify(value)} ${problem}` });
  });
}

/** Free text shown to people (descriptions, reasons): any language, but no control characters. */
export function text(max = 500) {
  return z
    .string()
    .min(1)
    .max(max)
    .refine((value) => !hasControlCharacters(value), 'must not contain control or bidirectional-override characters');
}

/** Control characters (tab and newline allowed) and bidi overrides, which can make text read differently than it is. */
export function hasControlCharacters(value: string): boolean {
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a) || code === 0x7f || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)) return true;
  }
  return false;
}

/** A GitHub user login (never a bot: people approve, bots do not). */
export const userLogin = identity('login', (value) => (value.endsWith('[bot]') ? 'is a bot account; only people can be listed here' : isOwnerName(value) ? null : 'is not a GitHub login (letters, digits and single hyphens, at most 39 characters)'), 'a GitHub login', 39);

/** The login of a GitHub App's bot user, `<app-slug>[bot]`. */
export const botLogin = identity(
  'releaseBot',
  (value) => (/^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){0,33}\[bot\]$/.test(value) ? null : 'is not a GitHub App bot login; it must be the app slug followed by "[bot]", e.g. "acme-release[bot]" (a look-alike user such as "acme-release" is not the bot)'),
  'a bot login',
  45,
);

/** A team, `org/team-slug`. */
export const teamRef = identity(
  'team',
  (value) => {
    const [org, slug, extra] = value.split('/');
    if (extra !== undefined || org === undefined || slug === undefined) return 'must have the form "org/team-slug"';
    if (!isOwnerName(org)) return `has "${org}", which is not an organisation name`;
    if (!/^[a-z0-9][a-z0-9_-]{0,99}$/.test(slug)) return `has "${slug}", which is not a team slug (lower-case letters, digits, "-" and "_", as in the team's URL)`;
    return null;
  },
  'org/team-slug',
  140,
);

/** A glob on `owner/repo[/path]` (see repo-glob.ts for the semantics). */
export const repoPattern = identity('pattern', repoPatternProblem, 'owner/repo[/path] or a glob of it', 300);

/** A git branch name or glob of branch names. */
export const branchPattern = identity(
  'branch',
  (value) => {
    if (!/^[A-Za-z0-9._\-/*?[\]{},+@]+$/.test(value)) return 'may contain letters, digits, "._-/+@" and glob characters only';
    if (value.startsWith('/') || value.endsWith('/') || value.includes('//') || value.includes('..') || value.startsWith('-') || value.endsWith('.lock') || value.endsWith('.')) {
      return 'is not a valid branch name (no leading "-" or "/", no "..", "//", trailing "/", "." or ".lock")';
    }
    return null;
  },
  'a branch name or glob',
  200,
);

/** Craft-style name patterns: `/regex/flags`. */
export const MAX_PATTERN_LENGTH = 256;

/** Compiles a `/regex/flags` string, or says why it cannot be used. */
export function compileNamePattern(value: string): RegExp | string {
  if (value.length > MAX_PATTERN_LENGTH) return `is longer than ${MAX_PATTERN_LENGTH} characters; shorten the pattern`;
  const parts = /^\/(.+)\/([a-z]*)$/s.exec(value);
  if (!parts) return `must be written as a regular expression between slashes, e.g. "/^sentry-.*\\.tgz$/"`;
  const [, source = '', flags = ''] = parts;
  if (/[^imsu]/.test(flags) || new Set(flags).size !== flags.length) return `has flags "${flags}"; only i, m, s and u are allowed (g and y make matching stateful)`;
  // A quantified group that ends in a quantifier, such as (a+)+, can take exponential time on a crafted name.
  if (/[+*}]\)[+*{]/.test(source)) return 'nests quantifiers (such as "(a+)+"), which can backtrack catastrophically; rewrite it without a repeated repetition';
  try {
    return new RegExp(source, flags);
  } catch (error) {
    return `is not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** A `/regex/flags` field, parsed into a RegExp. */
export const namePattern = z.string().transform((value, ctx) => {
  const compiled = compileNamePattern(value);
  if (typeof compiled === 'string') {
    ctx.addIssue({ code: 'custom', message: `pattern ${JSON.stringify(value.slice(0, 80))} ${compiled}` });
    return z.NEVER;
  }
  return compiled;
});

/** A relative path inside a repository: no absolute paths, no "..", printable ASCII. */
export const repoFilePath = identity(
  'path',
  (value) => {
    if (value.startsWith('/') || value.includes('\\')) return 'must be relative to the repository root, with "/" separators';
    if (value.split('/').some((s) => s === '..' || s === '' || s === '.')) return 'must not contain "..", "." or empty segments';
    if (!/^[A-Za-z0-9._@+\-/]+$/.test(value)) return 'may contain letters, digits and "._@+-/" only';
    return null;
  },
  'a relative path',
  300,
);
