import { describe, expect, it } from '@jest/globals';

import { UserError } from '../../../src/errors.js';
import { applyChangelogPolicy, escapeInline, type ChangelogInput } from '../../../src/release/changelog.js';

const base: ChangelogInput = {
  policy: 'simple',
  text: null,
  version: '1.2.3',
  previousVersion: '1.2.2',
  date: new Date('2026-11-21T10:00:00Z'),
  commits: [],
};

const apply = (over: Partial<ChangelogInput>) => applyChangelogPolicy({ ...base, ...over });

function userError(fn: () => unknown): UserError {
  try {
    fn();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a UserError');
}

describe('changelog policy none', () => {
  it('returns an empty section and changes nothing', () => {
    expect(apply({ policy: 'none', text: '# Changelog\n\n## 1.2.3\n\n- x\n' })).toEqual({ section: '', newText: null });
    expect(apply({ policy: 'none', text: null })).toEqual({ section: '', newText: null });
  });
});

describe('changelog policy simple', () => {
  const file = [
    '# Changelog',
    '',
    '## 1.2.3 (2026-11-20)',
    '',
    '- Fixed the thing',
    '- Added `## 9.9.9` docs',
    '',
    '```md',
    '## 1.2.2',
    '```',
    '',
    '### Details',
    '',
    'More text.',
    '',
    '## 1.2.2',
    '',
    '- Older',
    '',
  ].join('\n');

  it('returns the existing section for the version (with a date suffix) and leaves the file', () => {
    expect(apply({ text: file })).toEqual({
      section: '- Fixed the thing\n- Added `## 9.9.9` docs\n\n```md\n## 1.2.2\n```\n\n### Details\n\nMore text.',
      newText: null,
    });
  });

  it.each(['## [1.2.3] - 2026-11-20', '## v1.2.3', '## 1.2.3', '## 1.2.3 ##', '##   1.2.3', '## [1.2.3](https://example.com/compare)'])(
    'recognises the heading %j',
    (heading) => {
      expect(apply({ text: `${heading}\n\nnotes\n` }).section).toBe('notes');
    },
  );

  it.each(['## 1.2.30', '## 1.2.3-rc.1', '## 11.2.3', '### 1.2.3', '#1.2.3'])('does not take %j for 1.2.3', (heading) => {
    expect(userError(() => apply({ text: `${heading}\n\nnotes\n` })).code).toBe('E_CHANGELOG_SECTION_MISSING');
  });

  it('renames Unreleased to the version', () => {
    const text = '# Changelog\n\n## Unreleased\n\n- New thing\n\n## 1.2.2\n\n- Older\n';
    expect(apply({ text })).toEqual({
      section: '- New thing',
      newText: '# Changelog\n\n## 1.2.3\n\n- New thing\n\n## 1.2.2\n\n- Older\n',
    });
    expect(apply({ text: '## [Unreleased]\r\n\r\n- crlf\r\n' }).newText).toBe('## 1.2.3\r\n\r\n- crlf\r\n');
  });

  it('prefers an existing version section over Unreleased', () => {
    const text = '## Unreleased\n\n- Later\n\n## 1.2.3\n\n- Now\n';
    expect(apply({ text })).toEqual({ section: '- Now', newText: null });
  });

  it('without a section says to add one', () => {
    const error = userError(() => apply({ text: '# Changelog\n\n## 1.2.2\n\n- Older\n' }));
    expect(error.code).toBe('E_CHANGELOG_SECTION_MISSING');
    expect(error.message).toContain('"1.2.3"');
    expect(error.fix).toContain('## 1.2.3');
    expect(error.fix).toContain('CHANGELOG.md');
  });

  it('without a file says to create it', () => {
    const error = userError(() => apply({ text: null, fileName: 'docs/CHANGES.md' }));
    expect(error.code).toBe('E_CHANGELOG_MISSING');
    expect(error.fix).toContain('docs/CHANGES.md');
  });

  it('refuses an empty section', () => {
    expect(userError(() => apply({ text: '## 1.2.3\n\n## 1.2.2\n\n- x\n' })).code).toBe('E_CHANGELOG_SECTION_EMPTY');
    expect(userError(() => apply({ text: '## Unreleased\n\n' })).code).toBe('E_CHANGELOG_SECTION_EMPTY');
  });
});

describe('changelog policy auto', () => {
  const commits = [
    { sha: 'aaaaaaa1111', subject: 'feat(api)!: remove v1 endpoints' },
    { sha: 'bbbbbbb2222', subject: 'feat: add export (#12)' },
    { sha: 'ccccccc3333', subject: 'fix(ui): button colour' },
    { sha: 'ddddddd4444', subject: 'perf: faster startup' },
    { sha: 'eeeeeee5555', subject: 'docs: readme', body: 'BREAKING CHANGE: the docs moved' },
    { sha: 'fffffff6666', subject: 'chore(deps): bump x' },
    { sha: '11111112222', subject: 'Update things' },
    { sha: '22222223333', subject: 'Merge pull request #15 from someone/branch' },
    { sha: '33333334444', subject: "Merge branch 'main' into feature" },
    { sha: '44444445555', subject: 'release: 1.2.2' },
  ];
  const prTitles = [
    { number: 12, title: 'feat(export): export to CSV' },
    { number: 15, title: 'fix: crash on empty input' },
    { number: 20, title: 'Refresh the docs' },
  ];

  const expectedSection = [
    '### Breaking changes',
    '',
    '- **api:** remove v1 endpoints (aaaaaaa)',
    '- readme (eeeeeee)',
    '',
    '### Features',
    '',
    '- **export:** export to CSV (#12)',
    '',
    '### Bug fixes',
    '',
    '- **ui:** button colour (ccccccc)',
    '- crash on empty input (#15)',
    '',
    '### Performance',
    '',
    '- faster startup (ddddddd)',
    '',
    '### Other',
    '',
    '- **deps:** chore: bump x (fffffff)',
    '- Update things (1111111)',
    '- Refresh the docs (#20)',
  ].join('\n');

  it('groups conventional commits and PR titles', () => {
    const result = apply({ policy: 'auto', text: null, commits, prTitles });
    expect(result.section).toBe(expectedSection);
    expect(result.newText).toBe(`# Changelog\n\n## 1.2.3 (2026-11-21)\n\n${expectedSection}\n`);
  });

  it('inserts below the title and above the newest version', () => {
    const text = '# Changelog\n\nAll notable changes.\n\n## 1.2.2\n\n- Older\n';
    const { newText } = apply({ policy: 'auto', text, commits: [{ sha: 'abcdef0', subject: 'fix: x' }] });
    expect(newText).toBe('# Changelog\n\nAll notable changes.\n\n## 1.2.3 (2026-11-21)\n\n### Bug fixes\n\n- x (abcdef0)\n\n## 1.2.2\n\n- Older\n');
  });

  it('keeps an Unreleased section on top and inserts below it', () => {
    const text = '# Changelog\n\n## Unreleased\n\n- pending\n';
    const { newText } = apply({ policy: 'auto', text, commits: [{ sha: 'abcdef0', subject: 'fix: x' }] });
    expect(newText).toBe('# Changelog\n\n## Unreleased\n\n- pending\n\n## 1.2.3 (2026-11-21)\n\n### Bug fixes\n\n- x (abcdef0)\n');
  });

  it('puts the section at the top of a file without headings', () => {
    const { newText } = apply({ policy: 'auto', text: 'Just text.\n', commits: [{ sha: 'abcdef0', subject: 'fix: x' }] });
    expect(newText).toBe('## 1.2.3 (2026-11-21)\n\n### Bug fixes\n\n- x (abcdef0)\n\nJust text.\n');
  });

  it('uses a squashed commit subject when only it is conventional', () => {
    const section = apply({
      policy: 'auto',
      text: null,
      commits: [
        { sha: 'abcdef0', subject: 'feat: add export (#7)' },
        { sha: 'abcdef1', subject: 'Add import (#8)' },
      ],
      prTitles: [
        { number: 7, title: 'Add export' },
        { number: 8, title: 'fix: import crash' },
      ],
    }).section;
    expect(section).toBe('### Features\n\n- add export (#7)\n\n### Bug fixes\n\n- import crash (#8)');
  });

  it('keeps a section that already exists and returns it', () => {
    const text = '# Changelog\n\n## 1.2.3\n\nHand-written notes.\n\n## 1.2.2\n\n- Older\n';
    expect(apply({ policy: 'auto', text, commits })).toEqual({ section: 'Hand-written notes.', newText: null });
  });

  it('says so when there is nothing to list', () => {
    expect(apply({ policy: 'auto', text: null, commits: [] }).section).toBe('_No changes since 1.2.2._');
  });

  it('keeps CRLF files CRLF', () => {
    const { newText } = apply({ policy: 'auto', text: '# Changelog\r\n\r\n## 1.2.2\r\n\r\n- Older\r\n', commits: [{ sha: 'abcdef0', subject: 'fix: x' }] });
    expect(newText).toBe('# Changelog\r\n\r\n## 1.2.3 (2026-11-21)\r\n\r\n### Bug fixes\r\n\r\n- x (abcdef0)\r\n\r\n## 1.2.2\r\n\r\n- Older\r\n');
  });

  it('writes hostile subjects as inert text', () => {
    const { section } = apply({
      policy: 'auto',
      text: null,
      commits: [
        { sha: 'abcdef0', subject: 'fix: <img src=x onerror=alert(1)> [click](https://evil) ![t](https://evil/p.png)' },
        { sha: 'abcdef1', subject: 'feat: hi @octocat and @org/team, mail a@b.c ``` --> <!--' },
        { sha: 'abcdef2', subject: 'fix: bidi \u202e evil' },
      ],
    });
    // Every <, >, [, ], ! is escaped: no HTML, comment, link or image survives.
    expect(section).not.toMatch(/(?<!\\)[<>[\]!]/);
    // Backticks are escaped too; the only code spans are the ones around mentions.
    expect(section).toContain('\\`\\`\\`');
    expect(section.replace(/\\`/g, '').replace(/`@[\w/-]+`/g, '')).not.toContain('`');
    expect(section).toContain('\\<img src=x onerror=alert(1)\\>');
    expect(section).toContain('`@octocat`');
    expect(section).toContain('`@org/team`');
    expect(section).toContain('a@b.c');
    expect(section).not.toContain('\u202e');
    expect(section.split('\n').filter((l) => l.startsWith('- '))).toHaveLength(3);
  });
});

describe('escapeInline', () => {
  it('keeps plain text readable and flattens lines', () => {
    expect(escapeInline('Add the 1.2.3 release notes (draft)')).toBe('Add the 1.2.3 release notes (draft)');
    expect(escapeInline('one\ntwo\r\n## three')).toBe('one two \\#\\# three');
    expect(escapeInline('x'.repeat(400))).toHaveLength(301);
  });
});
