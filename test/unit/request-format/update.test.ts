import { describe, it, expect } from '@jest/globals';
import {
  RequestFormatError,
  createRequest,
  effectiveApprovals,
  parseBody,
  renderBody,
  validateRequest,
  withApproval,
  withHistory,
  withHold,
  withState,
  withTargetState,
  withoutApprovals,
} from '../../../src/request-format/index.js';
import { sample } from './arbitraries.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const OTHER = 'f'.repeat(40);

describe('createRequest', () => {
  it('fills the defaults of a fresh request', () => {
    const r = sample();
    expect(r.state).toBe('open');
    expect(r.path).toBeNull();
    expect(r.mergeTarget).toBeNull();
    expect(r.requiredApprovals).toBe(1);
    expect(r.approvals).toEqual([]);
    expect(r.hold).toBeNull();
    expect(r.targets.map((t) => [t.id, t.state])).toEqual([
      ['github', 'pending'],
      ['npm[@acme/widget]', 'pending'],
      ['oci[ghcr.io/acme/widget]', 'pending'],
    ]);
    expect(r.history).toEqual([{ at: '2026-11-21T10:00:00Z', event: 'requested', actor: 'release-bot[bot]', detail: null }]);
  });

  it('refuses invalid input with the field named, never a TypeError', () => {
    const base = { repo: { owner: 'acme', repo: 'widget' }, version: '1.2.3', serverUrl: 'https://github.com', releaseBranch: 'release/1.2.3', releaseCommit: SHA, requester: 'octocat', requestedAt: '2026-11-21T10:00:00Z', targets: ['github'] };
    expect(() => createRequest({ ...base, targets: ['github', 'github'] })).toThrow(/request\.targets\[1\]\.id/);
    expect(() => createRequest({ ...base, releaseBranch: 'release/$(id)' })).toThrow(RequestFormatError);
    expect(() => createRequest({ ...base, repo: undefined as never })).toThrow(RequestFormatError);
    expect(() => createRequest({ ...base, targets: 'github' as never })).toThrow(/request\.targets/);
    expect(() => validateRequest({ ...sample(), state: 'done' })).toThrow(/request\.state/);
  });
});

describe('updates', () => {
  it('leave their input unchanged', () => {
    const r = sample();
    const before = JSON.stringify(r);
    withTargetState(r, 'github', 'done', { at: '2026-11-21T11:00:00Z' });
    withHistory(r, { at: '2026-11-21T11:00:00Z', event: 'held', actor: 'octocat', detail: null });
    withApproval(r, { login: 'manager', at: '2026-11-21T11:00:00Z', commit: SHA, via: 'label', rule: null });
    withHold(r, { by: 'octocat', at: '2026-11-21T11:00:00Z' });
    withState(r, 'publishing');
    expect(JSON.stringify(r)).toBe(before);
  });

  it('set a target state and keep the details not given', () => {
    let r = withTargetState(sample(), 'npm[@acme/widget]', 'failed', { at: '2026-11-21T11:00:00Z', detail: 'E503', durationMs: 10 });
    r = withTargetState(r, 'npm[@acme/widget]', 'done', { at: '2026-11-21T11:05:00Z', location: 'https://www.npmjs.com/package/@acme/widget' });
    expect(r.targets[1]).toEqual({ id: 'npm[@acme/widget]', state: 'done', updatedAt: '2026-11-21T11:05:00Z', detail: 'E503', durationMs: 10, location: 'https://www.npmjs.com/package/@acme/widget' });
    expect(() => withTargetState(r, 'pypi', 'done', { at: '2026-11-21T11:05:00Z' })).toThrow(/has no target "pypi"/);
    expect(parseBody(renderBody(r))).toEqual(r);
  });

  it('count only distinct approvals of the current commit', () => {
    let r = sample({ requiredApprovals: 2 });
    r = withApproval(r, { login: 'Manager', at: '2026-11-21T11:00:00Z', commit: SHA, via: 'label', rule: null });
    r = withApproval(r, { login: 'manager', at: '2026-11-21T11:01:00Z', commit: SHA, via: 'comment', rule: null });
    r = withApproval(r, { login: 'other', at: '2026-11-21T11:02:00Z', commit: OTHER, via: 'comment', rule: null });
    expect(effectiveApprovals(r).map((a) => a.login)).toEqual(['Manager']);
    expect(withoutApprovals(r).approvals).toEqual([]);
  });

  it('record hold and state', () => {
    const r = withState(withHold(sample(), { by: 'octocat', at: '2026-11-21T11:00:00Z' }), 'parked-ci');
    expect(r.hold).toEqual({ by: 'octocat', at: '2026-11-21T11:00:00Z' });
    expect(r.state).toBe('parked-ci');
    expect(parseBody(renderBody(withHold(r, null))).hold).toBeNull();
  });
});
