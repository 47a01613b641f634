/** Blocker messages and the job summary: what a person reads when a release stops or starts. */
import { describe, expect, it } from '@jest/globals';
import { blockedError, formatBlockers, type Blockers } from '../../../src/request/blockers.js';
import { renderSummary } from '../../../src/request/summary.js';

const issue = (n: number, title = `Bug ${n}`) => ({ number: n, title, htmlUrl: `https://github.com/acme/widget/issues/${n}` });

describe('release blockers', () => {
  it('lists each blocker with its link', () => {
    expect(formatBlockers({ issues: [issue(3), issue(7, 'Crash on start')], more: false })).toEqual([
      '- #3 Bug 3 (https://github.com/acme/widget/issues/3)',
      '- #7 Crash on start (https://github.com/acme/widget/issues/7)',
    ]);
  });

  it('lists ten and counts the rest', () => {
    const lines = formatBlockers({ issues: Array.from({ length: 12 }, (_, i) => issue(i + 1)), more: false });
    expect(lines).toHaveLength(11);
    expect(lines[10]).toBe('- … and 2 more');
  });

  it('says "or more" when the first page was full', () => {
    const blockers: Blockers = { issues: Array.from({ length: 100 }, (_, i) => issue(i + 1)), more: true };
    expect(formatBlockers(blockers).at(-1)).toBe('- … and 90 more (at least: only the first 100 were read)');
    expect(blockedError(blockers, 'release-blocker', { owner: 'acme', repo: 'widget' }).message).toContain('100 or more open issues in acme/widget');
  });

  it('keeps a hostile title on one line', () => {
    const [line] = formatBlockers({ issues: [issue(1, 'a\n- #2 forged line\r\n')], more: false });
    expect(line).toBe('- #1 a - #2 forged line (https://github.com/acme/widget/issues/1)');
  });

  it('the error says how to proceed', () => {
    const error = blockedError({ issues: [issue(1)], more: false }, 'release-blocker', { owner: 'acme', repo: 'widget' });
    expect(error.code).toBe('E_RELEASE_BLOCKED');
    expect(error.message).toContain('1 open issue in acme/widget carry the "release-blocker" label');
    expect(error.fix).toContain('force: true');
  });
});

describe('job summary', () => {
  const base = {
    title: 'publish: acme/widget@1.2.0',
    version: '1.2.0',
    bump: 'minor',
    previousTag: '1.1.0',
    branch: 'release/1.2.0',
    sha: 'a'.repeat(40),
    mergeTarget: 'main',
    targets: ['github', 'npm[@acme/widget]'],
    blockersOverridden: 0,
    publishRepo: 'acme/publish',
  };

  it('a short table with the request link', () => {
    const summary = renderSummary({ ...base, dryRun: false, issue: { number: 5, url: 'https://github.com/acme/publish/issues/5', repo: 'acme/publish', action: 'opened' } });
    expect(summary).toContain('### publish: acme/widget@1.2.0 requested');
    expect(summary).toContain('| Version | `1.2.0` (minor from `1.1.0`) |');
    expect(summary).toContain('| Commit | `aaaaaaaaaaaa` |');
    expect(summary).toContain('| Targets | `github`, `npm[@acme/widget]` |');
    expect(summary).toContain('| Request | [acme/publish#5](https://github.com/acme/publish/issues/5) (opened) |');
  });

  it('a dry run shows what would happen', () => {
    const summary = renderSummary({ ...base, previousTag: null, dryRun: true, issue: null });
    expect(summary).toContain('### Dry run: publish: acme/widget@1.2.0 would be requested');
    expect(summary).toContain('(minor, first release)');
    expect(summary).toContain('(dry run: would open it)');
    expect(summary).toContain('with 2 targets pending approval');
  });
});
