import { describe, it, expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfigText } from '../../../src/config/load.js';
import { expiresAt, grants, isFrozen, isMergeTargetAllowed, requiredApprovalsFor, type PublishPolicy } from '../../../src/config/policy.js';
import { problemAt, problemsOf, yaml } from './helpers.js';

const load = (text: string): PublishPolicy => loadConfigText('policy', text, 'publish-policy.yml').config;
const base = ['releaseBot: acme-release[bot]', 'approvers:', '  teams: [acme/release-managers]'];

describe('the example .github/publish-policy.yml', () => {
  const policy = load(readFileSync(join(process.cwd(), '.github/publish-policy.yml'), 'utf8'));

  it('loads without errors', () => {
    expect(policy.releaseBot).toBe('acme-release[bot]');
    expect(policy.approvers).toEqual({ teams: ['acme/release-managers'], users: ['octo-lead'] });
    expect(policy.retract.allow).toEqual([{ kind: 'requester' }, { kind: 'product-writers' }, { kind: 'release-managers' }]);
    expect(policy.freezeWindows.map((w) => w.name)).toEqual(['year-end', 'weekends']);
    expect(policy.mergeTargets.get('acme/sdk')).toEqual(['main', 'release-*']);
  });

  it('needs two approvals for payments and its sub-packages, one elsewhere', () => {
    expect(requiredApprovalsFor(policy, 'acme/payments')).toBe(2);
    expect(requiredApprovalsFor(policy, 'acme/payments/packages/api')).toBe(2);
    expect(requiredApprovalsFor(policy, 'acme/payments2')).toBe(1);
    expect(requiredApprovalsFor(policy, 'acme/sdk')).toBe(1);
  });
});

describe('policy defaults', () => {
  const policy = load(yaml(...base));

  it('fills every default', () => {
    expect(policy).toEqual({
      releaseBot: 'acme-release[bot]',
      approvers: { teams: ['acme/release-managers'], users: [] },
      approvals: { required: 1, overrides: [] },
      allowSelfApproval: false,
      retract: { allow: [{ kind: 'requester' }, { kind: 'release-managers' }] },
      hold: { allow: [{ kind: 'requester' }, { kind: 'release-managers' }] },
      freezeWindows: [],
      expiry: { days: 14 },
      mergeTargets: new Map(),
      reconcile: { maxRequestsPerRun: 100 },
    });
  });

  it('computes the expiry from the request time', () => {
    expect(expiresAt(policy, new Date('2026-11-01T10:00:00Z')).toISOString()).toBe('2026-11-15T10:00:00.000Z');
    expect(expiresAt(policy, '2026-11-01T10:00:00Z').toISOString()).toBe('2026-11-15T10:00:00.000Z');
  });

  it('parses team and user grants', () => {
    const custom = load(yaml(...base, 'retract:', '  allow: [requester, "team:acme/sdk-team", "user:octocat"]'));
    expect(custom.retract.allow).toEqual([{ kind: 'requester' }, { kind: 'team', team: 'acme/sdk-team' }, { kind: 'user', login: 'octocat' }]);
    expect(grants(custom.retract.allow, 'team')).toBe(true);
    expect(grants(custom.retract.allow, 'product-writers')).toBe(false);
  });
});

describe('policy errors', () => {
  it.each([
    ['a bot login without [bot]', yaml('releaseBot: acme-release', 'approvers: { users: [octocat] }'), 'releaseBot', 1, /not a GitHub App bot login/],
    ['a bot login with a Cyrillic letter', yaml('releaseBot: "аcme[bot]"', 'approvers: { users: [octocat] }'), 'releaseBot', 1, /U\+0430/],
    ['no approvers', yaml('releaseBot: a[bot]', 'approvers: {}'), 'approvers', 2, /names nobody/],
    ['a bot as approver', yaml('releaseBot: a[bot]', 'approvers:', '  users: ["b[bot]"]'), 'approvers.users[0]', 3, /is a bot account/],
    ['a team without org', yaml('releaseBot: a[bot]', 'approvers:', '  teams: [release-managers]'), 'approvers.teams[0]', 3, /"org\/team-slug"/],
    ['a zero approval count', yaml(...base, 'approvals:', '  required: 0'), 'approvals.required', 5, /at least 1/],
    ['an override with a bad glob', yaml(...base, 'approvals:', '  overrides:', '    - match: "acme/**"', '      required: 2'), 'approvals.overrides[0].match', 6, /owner or repo segment/],
    ['a bad grant', yaml(...base, 'retract:', '  allow: [everyone]'), 'retract.allow[0]', 5, /not a grant; use "requester"/],
    ['a bad team grant', yaml(...base, 'hold:', '  allow: ["team:acme"]'), 'hold.allow[0]', 5, /org\/team-slug/],
    ['a misspelt field', yaml(...base, 'allowSelfAproval: true'), 'allowSelfAproval', 4, /did you mean "allowSelfApproval"/],
    ['a date without zone', yaml(...base, 'freezeWindows:', '  - name: x', '    reason: y', '    from: "2026-12-20T00:00:00"', '    to: "2026-12-21T00:00:00Z"'), 'freezeWindows[0].from', 7, /ISO date-time with a time zone/],
    ['a window ending before it starts', yaml(...base, 'freezeWindows:', '  - name: x', '    reason: y', '    from: "2026-12-20T00:00:00Z"', '    to: "2026-12-19T00:00:00Z"'), 'freezeWindows[0].to', 8, /must be after "from"/],
    ['a weekly window with a bad day', yaml(...base, 'freezeWindows:', '  - name: x', '    reason: y', '    weekly: { days: [saturday], from: "00:00", to: "23:59" }'), 'freezeWindows[0].weekly.days[0]', 7, /use one of: "sun"/],
    ['a weekly window with a bad time', yaml(...base, 'freezeWindows:', '  - name: x', '    reason: y', '    weekly: { days: [sat], from: "24:00", to: "23:59" }'), 'freezeWindows[0].weekly.from', 7, /HH:MM/],
    ['an overnight weekly window', yaml(...base, 'freezeWindows:', '  - name: x', '    reason: y', '    weekly: { days: [fri], from: "18:00", to: "06:00" }'), 'freezeWindows[0].weekly.to', 7, /split an overnight freeze/],
    ['an unknown time zone', yaml(...base, 'freezeWindows:', '  - name: x', '    reason: y', '    weekly: { days: [sat], from: "00:00", to: "23:59", timezone: Mars/Olympus }'), 'freezeWindows[0].weekly.timezone', 7, /not a time zone/],
    ['a window without reason', yaml(...base, 'freezeWindows:', '  - name: x', '    from: "2026-12-20T00:00:00Z"', '    to: "2026-12-21T00:00:00Z"'), 'freezeWindows[0].reason', 5, /missing/],
    ['an expiry of zero days', yaml(...base, 'expiry: { days: 0 }'), 'expiry.days', 4, /at least 1/],
    ['a merge-target repo that is a glob', yaml(...base, 'mergeTargets:', '  "acme/*": [main]'), 'mergeTargets["acme/*"]', 5, /not an exact owner\/repo/],
    ['a merge-target branch with ..', yaml(...base, 'mergeTargets:', '  acme/app: ["a..b"]'), 'mergeTargets["acme/app"][0]', 5, /not a valid branch name/],
  ])('%s', (_what, text, path, line, message) => {
    const problem = problemAt(problemsOf('policy', text, 'publish-policy.yml'), path);
    expect(problem.line).toBe(line);
    expect(problem.message).toMatch(message);
  });
});

describe('freeze windows', () => {
  const policy = load(
    yaml(
      ...base,
      'freezeWindows:',
      '  - name: year-end',
      '    from: "2026-12-21T00:00:00Z"',
      '    to: "2027-01-04T00:00:00+01:00"',
      '    reason: Year end.',
      '  - name: payments-weekend',
      '    match: acme/payments*',
      '    weekly: { days: [sat, sun], from: "00:00", to: "23:59" }',
      '    reason: No payments at weekends.',
      '  - name: vienna-friday-evening',
      '    match: acme/at-*',
      '    weekly: { days: [fri], from: "17:00", to: "23:59", timezone: Europe/Vienna }',
      '    reason: Friday evening in Vienna.',
    ),
  );
  const frozen = (fullName: string, at: string) => {
    const result = isFrozen(policy, fullName, new Date(at));
    return result.frozen ? result.window.name : null;
  };

  it.each([
    ['just before a dated window', 'acme/app', '2026-12-20T23:59:59.999Z', null],
    ['at the start of a dated window (inclusive)', 'acme/app', '2026-12-21T00:00:00Z', 'year-end'],
    ['inside a dated window', 'acme/app', '2026-12-25T12:00:00Z', 'year-end'],
    ['just before the end, in the end\'s own zone', 'acme/app', '2027-01-03T22:59:59.999Z', 'year-end'],
    ['at the end of a dated window (exclusive)', 'acme/app', '2027-01-03T23:00:00Z', null],
    ['a weekly window on a Saturday (2026-11-21)', 'acme/payments', '2026-11-21T10:00:00Z', 'payments-weekend'],
    ['a weekly window at Saturday 00:00', 'acme/payments-api', '2026-11-21T00:00:00Z', 'payments-weekend'],
    ['a weekly window at Sunday 23:59:59', 'acme/payments', '2026-11-22T23:59:59Z', 'payments-weekend'],
    ['Monday 00:00 after a weekly window', 'acme/payments', '2026-11-23T00:00:00Z', null],
    ['Friday 23:59 before a weekly window', 'acme/payments', '2026-11-20T23:59:59Z', null],
    ['a weekly window that does not match the repo', 'acme/app', '2026-11-21T10:00:00Z', null],
    ['a look-alike name is frozen by every window (fails closed)', 'acme/раyments', '2026-11-21T10:00:00Z', 'payments-weekend'],
    ['a trailing-slash name is frozen by every window (fails closed)', 'acme/at-shop/', '2026-11-20T16:00:00Z', 'vienna-friday-evening'],
    ['Friday 17:00 in Vienna (16:00 UTC in winter)', 'acme/at-shop', '2026-11-20T16:00:00Z', 'vienna-friday-evening'],
    ['Friday 16:59 in Vienna', 'acme/at-shop', '2026-11-20T15:59:00Z', null],
    ['Saturday 00:00 in Vienna', 'acme/at-shop', '2026-11-20T23:00:00Z', null],
  ])('%s', (_what, fullName, at, expected) => {
    expect(frozen(fullName, at)).toBe(expected);
  });
});

describe('approvals overrides and merge targets', () => {
  const policy = load(
    yaml(
      ...base,
      'approvals:',
      '  required: 1',
      '  overrides:',
      '    - { match: acme/core, required: 3 }',
      '    - { match: "acme/*", required: 2 }',
      'mergeTargets:',
      '  acme/app: [main, "release-*", "support/**"]',
    ),
  );

  it.each([
    ['acme/core', 3],
    ['acme/app', 2],
    ['acme/app/packages/x', 1],
    ['other/app', 1],
    ['ACME/core', 1],
    ['acme/cоre', 3],
    ['acme/core/', 3],
  ])('%s needs %d', (fullName, expected) => {
    expect(requiredApprovalsFor(policy, fullName)).toBe(expected);
  });

  it.each([
    ['acme/app', 'main', true],
    ['acme/app', 'release-2026', true],
    ['acme/app', 'support/v1/x', true],
    ['acme/app', 'develop', false],
    ['acme/app', 'release/2026', false],
    ['acme/other', 'main', false],
  ])('%s may merge into %s: %s', (repo, branch, expected) => {
    expect(isMergeTargetAllowed(policy, repo, branch)).toBe(expected);
  });
});
