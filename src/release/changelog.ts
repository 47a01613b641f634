import { UserError } from '../errors.js';
import { parseConventionalCommit } from '../versioning/conventional-commits.js';
import { quote } from '../versioning/quote.js';

/**
 * Changelog policies (Craft's `changelogPolicy`):
 * - `none`: the changelog is not read or written; the section for the request is empty.
 * - `simple`: the file must already have a `## <version>` section (an optional date or other
 *   suffix after a space is fine, as is `[1.2.3]`), or an `## Unreleased` section, which is renamed
 *   to `## <version>`. The section must not be empty: a release without notes under this policy is
 *   almost always a forgotten changelog entry.
 * - `auto`: a section is generated from conventional commits and PR titles and inserted above the
 *   newest version section (below the `# Changelog` title and any `## Unreleased` section); if a
 *   section for the version exists already, it is kept as written and returned.
 *
 * Only ATX `##` headings are recognised (not setext `---` underlines); headings inside fenced
 * code blocks are ignored. CRLF files keep their line endings.
 *
 * Commit subjects and PR titles are untrusted: generated entries are escaped so they stay one
 * line of plain text (no HTML, links, images, code fences or @mentions that would ping people
 * from the publish issue). The `simple` section is the maintainers' own markdown and is returned
 * as written; whoever embeds it elsewhere must treat it as untrusted text.
 */

/** The changelog policy of a product. */
export type ChangelogPolicy = 'none' | 'simple' | 'auto';

/** A commit since the previous release. */
export interface ChangelogCommit {
  sha: string;
  subject: string;
  body?: string;
}

/** Input of {@link applyChangelogPolicy}. */
export interface ChangelogInput {
  policy: ChangelogPolicy;
  /** The current changelog file, or null when there is none. */
  text: string | null;
  version: string;
  previousVersion: string | null;
  date: Date;
  /** Commits since the previous release; for `auto`, first-parent history avoids listing a merged PR twice. */
  commits: readonly ChangelogCommit[];
  prTitles?: readonly { number: number; title: string }[];
  /** The changelog file name, for messages; default CHANGELOG.md. */
  fileName?: string;
}

/** The section for the request and the file to write. */
export interface ChangelogResult {
  /** The section body for this version (without its heading), for the publish request. */
  section: string;
  /** The updated changelog file, or null when it is unchanged. */
  newText: string | null;
}

/** Group headings of generated sections, in the order they appear. */
export const CHANGELOG_GROUPS = ['Breaking changes', 'Features', 'Bug fixes', 'Performance', 'Other'] as const;
type Group = (typeof CHANGELOG_GROUPS)[number];

/** The longest entry text kept from a commit subject or PR title. */
const MAX_ENTRY = 300;

/** Applies the changelog policy; throws a UserError when `simple` finds no section. */
export function applyChangelogPolicy(input: ChangelogInput): ChangelogResult {
  const fileName = input.fileName ?? 'CHANGELOG.md';
  if (input.policy === 'none') return { section: '', newText: null };
  if (input.policy === 'simple') return applySimple(input, fileName);
  return applyAuto(input);
}

function applySimple(input: ChangelogInput, fileName: string): ChangelogResult {
  const addSection = `Add a "## ${input.version}" section (or an "## Unreleased" section) with the release notes to ${fileName} on the merge target, and request the release again.`;
  if (input.text === null) {
    throw new UserError('E_CHANGELOG_MISSING', `The changelog policy is simple, but there is no ${fileName}.`, addSection);
  }
  const doc = parseMarkdown(input.text);
  const own = findSection(doc, (h) => matchesVersion(h, input.version));
  const unreleased = own ? null : findSection(doc, isUnreleased);
  const found = own ?? unreleased;
  if (!found) {
    throw new UserError(
      'E_CHANGELOG_SECTION_MISSING',
      `${fileName} has no section for version ${quote(input.version)} and no "Unreleased" section.`,
      addSection,
    );
  }
  const section = sectionBody(doc, found);
  if (section === '') {
    throw new UserError(
      'E_CHANGELOG_SECTION_EMPTY',
      `The ${quote(doc.lines[found.line] ?? '')} section of ${fileName} is empty.`,
      `Write the release notes for ${input.version} in that section and request the release again.`,
    );
  }
  if (!unreleased) return { section, newText: null };
  const lines = [...doc.lines];
  lines[unreleased.line] = `## ${input.version}`;
  return { section, newText: render(lines, doc) };
}

function applyAuto(input: ChangelogInput): ChangelogResult {
  const doc = parseMarkdown(input.text ?? '');
  const own = input.text === null ? null : findSection(doc, (h) => matchesVersion(h, input.version));
  if (own) return { section: sectionBody(doc, own), newText: null };

  const section = generateSection(input);
  const block = [`## ${input.version} (${isoDate(input.date)})`, '', ...section.split('\n')];
  if (input.text === null || input.text.trim() === '') {
    return { section, newText: render(['# Changelog', '', ...block], doc) };
  }
  const at = insertionLine(doc);
  const before = doc.lines.slice(0, at);
  const after = doc.lines.slice(at);
  while (before.length > 0 && before[before.length - 1]?.trim() === '') before.pop();
  const lines = [...before, ...(before.length > 0 ? [''] : []), ...block, ...(after.length > 0 ? [''] : []), ...after];
  return { section, newText: render(lines, doc) };
}

/** Renders the generated section body (grouped entries) for `auto`. */
export function generateSection(input: Pick<ChangelogInput, 'commits' | 'prTitles' | 'previousVersion'>): string {
  const titles = new Map((input.prTitles ?? []).map((pr) => [pr.number, pr.title]));
  const usedPrs = new Set<number>();
  const groups = new Map<Group, string[]>(CHANGELOG_GROUPS.map((g) => [g, []]));
  const add = (text: string, body: string | undefined, ref: string): void => {
    const commit = parseConventionalCommit(body ? `${text}\n\n${body}` : text);
    const group: Group = !commit
      ? 'Other'
      : commit.breaking
        ? 'Breaking changes'
        : commit.type === 'feat'
          ? 'Features'
          : commit.type === 'fix'
            ? 'Bug fixes'
            : commit.type === 'perf'
              ? 'Performance'
              : 'Other';
    // In the typed groups the type is implied; in Other it still says what kind of change it was.
    const scope = commit?.scope ? `**${escapeInline(commit.scope)}:** ` : '';
    const description = commit && group !== 'Other' ? commit.subject : commit ? `${commit.type}: ${commit.subject}` : text;
    groups.get(group)?.push(`- ${scope}${escapeInline(description)} ${ref}`);
  };

  for (const commit of input.commits) {
    const subject = firstLine(commit.subject);
    if (/^release: v?\d+\.\d+\.\d+\S*$/.test(subject)) continue; // our own version-bump commits
    const merge = /^Merge pull request #(\d+) /.exec(subject);
    const squashed = /\s*\(#(\d+)\)$/.exec(subject);
    const prNumber = Number(merge?.[1] ?? squashed?.[1] ?? NaN);
    const title = titles.get(prNumber);
    if (title !== undefined && !usedPrs.has(prNumber)) {
      usedPrs.add(prNumber);
      // The PR title is usually the better text, unless only the squashed commit is conventional.
      const fromTitle = parseConventionalCommit(firstLine(title)) !== null || !squashed || parseConventionalCommit(subject) === null;
      const text = fromTitle ? firstLine(title) : subject.slice(0, squashed.index);
      add(text, commit.body, `(#${prNumber})`);
    } else if (merge || /^Merge (branch|remote-tracking branch|tag) /.test(subject) || usedPrs.has(prNumber)) {
      continue; // a merge without a known PR title says nothing about the change
    } else {
      const text = squashed ? subject.slice(0, squashed.index) : subject;
      add(text, commit.body, squashed ? `(#${prNumber})` : `(${escapeInline(commit.sha.slice(0, 7))})`);
    }
  }
  // PRs the caller knows about but whose commits were not matched (e.g. rebased merges).
  for (const pr of input.prTitles ?? []) {
    if (!usedPrs.has(pr.number)) {
      usedPrs.add(pr.number);
      add(firstLine(pr.title), undefined, `(#${pr.number})`);
    }
  }

  const parts: string[] = [];
  for (const [group, entries] of groups) {
    if (entries.length > 0) parts.push(`### ${group}\n\n${entries.join('\n')}`);
  }
  if (parts.length === 0) {
    return input.previousVersion === null ? '_No changes._' : `_No changes since ${input.previousVersion}._`;
  }
  return parts.join('\n\n');
}

/**
 * Makes untrusted text one line of inert markdown: control and bidi characters become spaces,
 * markdown and HTML punctuation is backslash-escaped, and @mentions are shown as code so that
 * nobody is notified by a commit subject.
 */
export function escapeInline(text: string): string {
  const flat = text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const cut = flat.length > MAX_ENTRY ? `${flat.slice(0, MAX_ENTRY)}…` : flat;
  const escapePart = (part: string): string => part.replace(/[\\`*_[\]<>|~&!#]/g, '\\$&');
  let out = '';
  let last = 0;
  for (const match of cut.matchAll(/(^|[^\w`])(@[A-Za-z0-9][A-Za-z0-9-]*(?:\/[A-Za-z0-9._-]+)?)/g)) {
    const start = (match.index ?? 0) + (match[1]?.length ?? 0);
    out += `${escapePart(cut.slice(last, start))}\`${match[2]}\``;
    last = start + (match[2]?.length ?? 0);
  }
  return out + escapePart(cut.slice(last));
}

interface Heading {
  line: number;
  level: number;
  text: string;
}

interface MarkdownDoc {
  lines: string[];
  headings: Heading[];
  crlf: boolean;
}

function parseMarkdown(text: string): MarkdownDoc {
  const crlf = text.includes('\r\n');
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const headings: Heading[] = [];
  let fence: string | null = null;
  lines.forEach((line, index) => {
    const fenceMatch = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fenceMatch) {
      const marker = fenceMatch[1] as string;
      if (fence === null) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = null;
      return;
    }
    if (fence !== null) return;
    const heading = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$/.exec(line);
    if (heading) {
      const text = (heading[2] ?? '').replace(/[ \t]+#+$/, '').replace(/^#+$/, '').trim();
      headings.push({ line: index, level: (heading[1] as string).length, text });
    }
  });
  return { lines, headings, crlf };
}

function findSection(doc: MarkdownDoc, match: (heading: string) => boolean): Heading | null {
  return doc.headings.find((h) => h.level === 2 && match(h.text)) ?? null;
}

/** The line after the last line of a section: the next heading of level 1 or 2, or the end. */
function sectionEnd(doc: MarkdownDoc, heading: Heading): number {
  return doc.headings.find((h) => h.line > heading.line && h.level <= 2)?.line ?? doc.lines.length;
}

function sectionBody(doc: MarkdownDoc, heading: Heading): string {
  return doc.lines
    .slice(heading.line + 1, sectionEnd(doc, heading))
    .join('\n')
    .replace(/^\s*\n/, '')
    .trimEnd();
}

/** Above the newest version section; else after `## Unreleased`; else after the title block; else the top. */
function insertionLine(doc: MarkdownDoc): number {
  const firstVersion = doc.headings.find((h) => h.level === 2 && !isUnreleased(h.text));
  if (firstVersion) return firstVersion.line;
  const unreleased = findSection(doc, isUnreleased);
  if (unreleased) return sectionEnd(doc, unreleased);
  const title = doc.headings.find((h) => h.level === 1);
  if (title) return sectionEnd(doc, title);
  return 0;
}

/** `1.2.3`, `v1.2.3`, `[1.2.3]`, `[1.2.3](link)`, each optionally followed by a space and anything (a date). */
function matchesVersion(heading: string, version: string): boolean {
  const escaped = version.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^(?:v?${escaped}|\\[v?${escaped}\\](?:\\([^)]*\\))?)(?:\\s.*)?$`).test(heading);
}

function isUnreleased(heading: string): boolean {
  return /^(?:unreleased|\[unreleased\](?:\([^)]*\))?)(?:\s.*)?$/i.test(heading);
}

function render(lines: readonly string[], doc: MarkdownDoc): string {
  const text = `${lines.join('\n')}\n`;
  return doc.crlf ? text.replace(/\n/g, '\r\n') : text;
}

function firstLine(text: string): string {
  return (text.split(/\r?\n/)[0] ?? '').trim();
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
