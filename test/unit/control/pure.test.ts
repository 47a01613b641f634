/** The pure parts: the CI verdict, the approval decision, what reconcile does with a listed request. */
import { describe, expect, it } from '@jest/globals';
import { judgeCi } from '../../../src/control/ci-gate.js';
import { awaitsRetry, decideApproval, previousVersionOf, type ApprovalFacts } from '../../../src/control/approval.js';
import { needOf } from '../../../src/control/reconcile.js';
import { loadConfigText } from '../../../src/config/load.js';
import { createRequest, withApproval, withHistory, withState } from '../../../src/request-format/index.js';
import type { CheckRunRecord, IssueRecord } from '../../../src/github/port.js';
import { DEFAULT_POLICY } from './fixtures.js';

const run = (name: string, status: CheckRunRecord['status'], conclusion: string | null = null): CheckRunRecord => ({ id: 1, name, status, conclusion, htmlUrl: null, completedAt: null });
const SHA = 'a'.repeat(40);
const request = createRequest({ repo: { owner: 'acme', repo: 'widget' }, version: '1.2.3', serverUrl: 'https://github.com', releaseBranch: 'release/1.2.3', releaseCommit: SHA, previousTag: 'v1.2.2', requester: 'dave', requestedAt: '2026-11-18T10:00:00Z', targets: ['github'] });
const policy = loadConfigText('policy', DEFAULT_POLICY, 'p.yml').config;
const facts = (over: Partial<ApprovalFacts> = {}): ApprovalFacts => ({
  request,
  issueOpen: true,
  approver: 'alice',
  via: 'label',
  at: '2026-11-18T11:00:00Z',
  approverIsAutomation: false,
  approverIsManager: true,
  rule: null,
  now: new Date('2026-11-18T11:00:00Z'),
  policy,
  branchMoved: null,
  ...over,
});

describe('judgeCi', () => {
  it('is green only when every check passed and at least one exists', () => {
    expect(judgeCi([run('a', 'completed', 'success'), run('b', 'completed', 'neutral'), run('c', 'completed', 'skipped')], [{ context: 's', state: 'success', targetUrl: null, updatedAt: '' }]).kind).toBe('green');
    expect(judgeCi([], []).kind).toBe('pending');
    expect(judgeCi([run('a', 'in_progress')], []).kind).toBe('pending');
    expect(judgeCi([], [{ context: 's', state: 'pending', targetUrl: null, updatedAt: '' }]).kind).toBe('pending');
  });

  it('fails on any other conclusion or a failed/errored status, even while others run', () => {
    for (const conclusion of ['failure', 'cancelled', 'timed_out', 'action_required', 'stale']) {
      expect(judgeCi([run('a', 'completed', conclusion), run('b', 'queued')], []).kind).toBe('failed');
    }
    expect(judgeCi([run('a', 'completed', 'success')], [{ context: 's', state: 'error', targetUrl: null, updatedAt: '' }]).kind).toBe('failed');
  });
});

describe('decideApproval', () => {
  it('approves a release manager and binds the approval to the commit and event time', () => {
    expect(decideApproval(facts())).toEqual({ kind: 'approve', approval: { login: 'alice', at: '2026-11-18T11:00:00Z', commit: SHA, via: 'label', rule: null } });
  });

  it('a bot label is approved only through a rule matching now, and is a noop once the rule approval is recorded', () => {
    const bot = facts({ approver: 'release-bot[bot]', approverIsAutomation: true, approverIsManager: false });
    expect(decideApproval({ ...bot, rule: { reasons: ['no rule matches acme/widget'] } })).toMatchObject({ kind: 'refuse' });
    expect(decideApproval({ ...bot, rule: { id: 'r' } })).toMatchObject({ kind: 'approve', approval: { via: 'rule', rule: 'r' } });
    const recorded = { ...request, approvals: [{ login: 'release-bot[bot]', at: '2026-11-18T10:59:00Z', commit: SHA, via: 'rule' as const, rule: 'r' }] };
    expect(decideApproval({ ...bot, request: recorded, rule: { id: 'r' } })).toMatchObject({ kind: 'noop' });
  });

  it('a duplicated delivery is a noop, unless CI failed since (the label re-added is a retry)', () => {
    const approved = { ...request, approvals: [{ login: 'alice', at: '2026-11-18T11:00:00Z', commit: SHA, via: 'label' as const, rule: null }] };
    expect(decideApproval(facts({ request: approved })).kind).toBe('noop');
    const failed = withHistory(approved, { at: '2026-11-18T11:00:01Z', event: 'ci-failed', actor: null, detail: null });
    expect(awaitsRetry(failed)).toBe(true);
    expect(decideApproval(facts({ request: failed })).kind).toBe('approve');
    expect(decideApproval(facts({ request: withState(approved, 'failed') })).kind).toBe('approve');
  });

  it('refuses closed requests', () => {
    expect(decideApproval(facts({ issueOpen: false }))).toMatchObject({ kind: 'refuse', reason: 'the request is closed' });
    expect(decideApproval(facts({ request: withState(request, 'published') }))).toMatchObject({ kind: 'refuse' });
  });

  it('reads the previous version from the tag', () => {
    expect(previousVersionOf(request)).toBe('1.2.2');
    expect(previousVersionOf({ ...request, previousTag: 'pkg@2.0.0' })).toBe('2.0.0');
    expect(previousVersionOf({ ...request, previousTag: null })).toBeNull();
  });
});

describe('needOf (reconcile, from the listing alone)', () => {
  const issue = (labels: string[]): IssueRecord => ({ number: 1, title: 't', body: '', state: 'open', stateReason: null, author: { login: 'b[bot]', type: 'Bot' }, labels, htmlUrl: '', createdAt: '', updatedAt: '', isPullRequest: false });
  const now = new Date('2026-11-18T12:00:00Z');
  const later = new Date('2026-12-18T12:00:00Z');
  it('sorts requests into what they need', () => {
    expect(needOf(issue([]), request, now, later)).toBeNull();
    expect(needOf(issue(['accepted', 'ci-pending']), withState(request, 'parked-ci'), now, later)).toBe('parked');
    expect(needOf(issue(['accepted']), request, now, later)).toBe('lost-approval');
    expect(needOf(issue(['accepted', 'ci-failed']), request, now, later)).toBeNull();
    expect(needOf(issue([]), request, later, now)).toBe('expire');
    expect(needOf(issue([]), withState(request, 'publishing'), later, now)).toBeNull();
    expect(needOf(issue(['ci-pending']), { ...request, hold: { by: 'dave', at: '2026-11-18T10:00:00Z' } }, now, later)).toBeNull();
  });

  it('finishes a published request that was left open, and leaves a closed one alone', () => {
    const published = withState(request, 'published');
    expect(needOf(issue(['accepted']), published, now, later)).toBe('finish');
    expect(needOf({ ...issue(['accepted']), state: 'closed' }, published, now, later)).toBeNull();
  });

  it('gates an approval whose CI gate never ran, but not one the gate already handled', () => {
    const approved = withHistory(withApproval(request, { login: 'alice', at: '2026-11-18T11:00:00Z', commit: SHA, via: 'label', rule: null }), { at: '2026-11-18T11:00:00Z', event: 'approved', actor: 'alice', detail: null });
    expect(needOf(issue(['accepted']), approved, now, later)).toBe('ungated');
    const gated = withHistory(approved, { at: '2026-11-18T11:00:01Z', event: 'ci-passed', actor: null, detail: null });
    // Five minutes later the publish run is still expected; half an hour later it counts as stalled.
    expect(needOf(issue(['accepted']), gated, new Date('2026-11-18T11:05:00Z'), later)).toBeNull();
    expect(needOf(issue(['accepted']), gated, now, later)).toBe('stalled');
  });
});
