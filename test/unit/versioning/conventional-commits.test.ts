import { describe, expect, it } from '@jest/globals';

import { analyzeCommits, bumpFromCommits, parseConventionalCommit } from '../../../src/versioning/conventional-commits.js';

describe('parseConventionalCommit', () => {
  it('parses type, scope and subject', () => {
    expect(parseConventionalCommit('feat(api): add the thing')).toEqual({
      type: 'feat',
      scope: 'api',
      breaking: false,
      subject: 'add the thing',
    });
    expect(parseConventionalCommit('fix: a bug')).toEqual({ type: 'fix', scope: null, breaking: false, subject: 'a bug' });
  });

  it('reads ! before the colon as breaking, with or without scope', () => {
    expect(parseConventionalCommit('feat(x)!: drop node 18')?.breaking).toBe(true);
    expect(parseConventionalCommit('refactor!: rename')?.breaking).toBe(true);
  });

  it('reads BREAKING CHANGE and BREAKING-CHANGE footers (upper case only)', () => {
    expect(parseConventionalCommit('fix: x\n\nbody\n\nBREAKING CHANGE: the API moved')?.breaking).toBe(true);
    expect(parseConventionalCommit('fix: x\n\nBREAKING-CHANGE: the API moved')?.breaking).toBe(true);
    expect(parseConventionalCommit('fix: x\r\n\r\nBREAKING CHANGE: crlf')?.breaking).toBe(true);
    expect(parseConventionalCommit('fix: x\n\nbreaking change: prose, not a footer')?.breaking).toBe(false);
    expect(parseConventionalCommit('fix: x\n\nBREAKING CHANGE without colon')?.breaking).toBe(false);
  });

  it('treats the type as case-insensitive and returns it lower-cased', () => {
    expect(parseConventionalCommit('Feat: Capital')?.type).toBe('feat');
    expect(parseConventionalCommit('FIX(Core): shout')).toMatchObject({ type: 'fix', scope: 'Core' });
  });

  it('returns null for messages that are not conventional', () => {
    for (const message of [
      'Merge pull request #1 from a/b',
      'feat:no space',
      'feat : space before colon',
      'feat(): empty scope',
      'feat:   ',
      '',
      'Revert "feat: x"',
      '(feat): y',
    ]) {
      expect(parseConventionalCommit(message)).toBeNull();
    }
  });
});

describe('bumpFromCommits', () => {
  it.each<[string[], string | null]>([
    [['feat: a'], 'minor'],
    [['fix: a'], 'patch'],
    [['perf: a'], 'patch'],
    [['feat!: a'], 'major'],
    [['chore(deps)!: a'], 'major'],
    [['docs: a\n\nBREAKING CHANGE: b'], 'major'],
    [['fix: a', 'feat: b', 'docs: c'], 'minor'],
    [['fix: a', 'feat(x)!: b', 'feat: c'], 'major'],
    [['docs: a', 'chore: b', 'ci: c', 'Some random commit'], null],
    [[], null],
  ])('%j → %s', (messages, expected) => {
    expect(bumpFromCommits(messages)).toBe(expected);
  });

  it('lists the types it saw and counts unconventional messages', () => {
    expect(analyzeCommits(['docs: a', 'Chore: b', 'docs: c', 'wip'])).toEqual({
      bump: null,
      typesSeen: ['docs', 'chore'],
      unconventional: 1,
    });
  });
});
