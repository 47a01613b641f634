/**
 * Conventional Commits 1.0.0, only as far as release decisions need it: the header
 * `type(scope)!: subject` and the `BREAKING CHANGE:` / `BREAKING-CHANGE:` footer.
 *
 * Case rules of the spec: every unit is case-insensitive (so `Feat:` is a feature and types are
 * returned lower-cased) except the breaking-change token, which must be upper case; a body line
 * `breaking change: ...` is prose, not a footer.
 */

/** A commit message header and the breaking-change marker, as far as a release needs them. */
export interface ConventionalCommit {
  /** Lower-cased type, e.g. `feat`. */
  type: string;
  /** The scope between parentheses, or null when there is none. */
  scope: string | null;
  /** `!` before the colon, or a `BREAKING CHANGE:` / `BREAKING-CHANGE:` footer. */
  breaking: boolean;
  subject: string;
}

/** The level of a release, from the commits that went into it. */
export type CommitBump = 'major' | 'minor' | 'patch';

// type: a word (letters, digits, `-`, `_`) starting with a letter; scope: anything but
// parentheses and line breaks; then the required `: ` and a non-empty subject.
const HEADER = /^([A-Za-z][A-Za-z0-9_-]*)(?:\(([^()\r\n]+)\))?(!)?: +(\S.*)$/;
// Upper case only (the one case-sensitive token of the spec); `: ` like every footer token, and
// ` #` which the spec allows as the other footer separator.
const BREAKING_FOOTER = /^BREAKING[ -]CHANGE(?:: | #)\S/;

/** Parses a commit message; null when its first line is not a conventional-commit header. */
export function parseConventionalCommit(message: string): ConventionalCommit | null {
  const lines = message.replace(/\r\n?/g, '\n').split('\n');
  const header = (lines[0] ?? '').trim();
  const match = HEADER.exec(header);
  if (!match) return null;
  const [, type = '', scope, bang, subject = ''] = match;
  // Footers live after the header and a blank line; we accept the token on any later line because
  // tools disagree on where the body ends, and a false "breaking" only costs a larger bump.
  const footerBreaking = lines.slice(1).some((line) => BREAKING_FOOTER.test(line));
  return {
    type: type.toLowerCase(),
    scope: scope === undefined ? null : scope.trim(),
    breaking: bang === '!' || footerBreaking,
    subject: subject.trim(),
  };
}

/** What a list of commits says about the next release. */
export interface CommitAnalysis {
  bump: CommitBump | null;
  /** Distinct types seen (lower-cased, in first-seen order), for "nothing releasable" messages. */
  typesSeen: string[];
  /** How many messages were not conventional commits. */
  unconventional: number;
}

const RANK: Record<CommitBump, number> = { patch: 1, minor: 2, major: 3 };

/** Reads every message once and reports the bump with the types seen. */
export function analyzeCommits(messages: readonly string[]): CommitAnalysis {
  let bump: CommitBump | null = null;
  const typesSeen: string[] = [];
  let unconventional = 0;
  for (const message of messages) {
    const commit = parseConventionalCommit(message);
    if (!commit) {
      unconventional += 1;
      continue;
    }
    if (!typesSeen.includes(commit.type)) typesSeen.push(commit.type);
    const level = levelOf(commit);
    if (level && (bump === null || RANK[level] > RANK[bump])) bump = level;
  }
  return { bump, typesSeen, unconventional };
}

/**
 * The bump a list of commit messages calls for: `feat` → minor, `fix`/`perf` → patch, `!` or a
 * breaking footer (on any type) → major; null when nothing is releasable. The 0.x rule (a
 * breaking change before 1.0.0 bumps minor) is applied by `resolveVersion`, which knows the
 * current version.
 */
export function bumpFromCommits(messages: readonly string[]): CommitBump | null {
  return analyzeCommits(messages).bump;
}

function levelOf(commit: ConventionalCommit): CommitBump | null {
  if (commit.breaking) return 'major';
  if (commit.type === 'feat') return 'minor';
  if (commit.type === 'fix' || commit.type === 'perf') return 'patch';
  return null;
}
