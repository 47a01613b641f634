import { describe, expect, it } from '@jest/globals';
import { authenticate, can, canSee, refusal } from './github/auth.js';
import { type Identity, SandboxState } from './github/state.js';

function world() {
  const state = new SandboxState(() => new Date('2026-01-01T00:00:00Z'));
  state.ensureAccount('acme', 'Organization');
  state.ensureAccount('other', 'Organization');
  for (const login of ['owner', 'reader', 'triager', 'writer', 'member', 'stranger']) state.ensureAccount(login, 'User');
  const pub = state.addRepo('acme', 'pub', { defaultBranch: 'main', visibility: 'public' });
  const priv = state.addRepo('acme', 'priv', { defaultBranch: 'main', visibility: 'private' });
  const internal = state.addRepo('acme', 'internal', { defaultBranch: 'main', visibility: 'internal' });
  const foreign = state.addRepo('other', 'priv', { defaultBranch: 'main', visibility: 'private' });
  for (const repo of [pub, priv, internal]) {
    repo.collaborators.set('owner', 'admin');
    repo.collaborators.set('reader', 'read');
    repo.collaborators.set('triager', 'triage');
    repo.collaborators.set('writer', 'write');
  }
  state.orgMembers.set('acme', new Set(['member']));
  return { state, pub, priv, internal, foreign };
}

const user = (login: string): Identity => ({ kind: 'user', login });
const app = (permissions: Record<string, 'read' | 'write'>, repositories?: string[]): Identity => ({
  kind: 'app', login: 'bot[bot]', appSlug: 'bot', appId: 1, installationId: 2, permissions, ...(repositories ? { repositories } : {}),
});
const workflow = (repository: string, permissions: Record<string, 'read' | 'write' | 'none'>): Identity => ({
  kind: 'workflow', login: 'github-actions[bot]', repository, permissions,
});

describe('sandbox access rules', () => {
  it('shows private repositories only to collaborators, internal ones also to org members', () => {
    const { state, pub, priv, internal } = world();
    expect(canSee(state, null, pub)).toBe(true);
    expect(canSee(state, null, priv)).toBe(false);
    expect(canSee(state, user('stranger'), priv)).toBe(false);
    expect(canSee(state, user('reader'), priv)).toBe(true);
    expect(canSee(state, user('member'), internal)).toBe(true);
    expect(canSee(state, user('member'), priv)).toBe(false);
    expect(canSee(state, user('stranger'), internal)).toBe(false);
  });

  it('lets users write by role: issues for anyone who sees, contents for write and up', () => {
    const { state, pub, priv } = world();
    expect(can(state, user('stranger'), pub, 'issues', 'write')).toBe(true);
    expect(can(state, user('stranger'), pub, 'contents', 'write')).toBe(false);
    expect(can(state, user('triager'), pub, 'contents', 'write')).toBe(false);
    expect(can(state, user('writer'), pub, 'contents', 'write')).toBe(true);
    expect(can(state, user('writer'), pub, 'administration', 'write')).toBe(false);
    expect(can(state, user('owner'), pub, 'administration', 'write')).toBe(true);
    expect(can(state, user('stranger'), priv, 'issues', 'read')).toBe(false);
    expect(can(state, null, pub, 'issues', 'write')).toBe(false);
  });

  it('holds app and workflow tokens to their permission maps and repositories', () => {
    const { state, pub, priv, foreign } = world();
    expect(can(state, app({ issues: 'read' }), priv, 'issues', 'read')).toBe(true);
    expect(can(state, app({ issues: 'read' }), priv, 'issues', 'write')).toBe(false);
    expect(can(state, app({ issues: 'read' }), priv, 'contents', 'read')).toBe(false);
    expect(can(state, app({ issues: 'write' }, ['pub']), priv, 'issues', 'read')).toBe(false);
    expect(can(state, app({ issues: 'write' }, ['pub']), pub, 'issues', 'write')).toBe(true);
    expect(can(state, app({ issues: 'write' }, ['acme/pub']), pub, 'issues', 'write')).toBe(true);
    const run = workflow('acme/priv', { issues: 'write', contents: 'none' });
    expect(can(state, run, priv, 'issues', 'write')).toBe(true);
    expect(can(state, run, priv, 'contents', 'read')).toBe(false);
    expect(can(state, run, pub, 'issues', 'read')).toBe(true);
    expect(can(state, run, pub, 'issues', 'write')).toBe(false);
    expect(canSee(state, run, foreign)).toBe(false);
  });

  it('refuses with 404 when invisible, 401 anonymous, 403 otherwise (integration wording for tokens)', () => {
    const { state, pub, priv } = world();
    expect(refusal(state, user('stranger'), priv)).toEqual({ status: 404, message: 'Not Found' });
    expect(refusal(state, null, pub).status).toBe(401);
    expect(refusal(state, user('stranger'), pub).status).toBe(403);
    expect(refusal(state, app({}), pub)).toEqual({ status: 403, message: 'Resource not accessible by integration' });
  });

  it('reads token, Bearer and Basic (git) credentials; unknown ones are bad credentials', () => {
    const { state } = world();
    state.tokens.set('ghs_abc', user('writer'));
    expect(authenticate(state, { authorization: 'token ghs_abc' }).identity).toEqual(user('writer'));
    expect(authenticate(state, { authorization: 'Bearer ghs_abc' }).identity).toEqual(user('writer'));
    const basic = `Basic ${Buffer.from('x-access-token:ghs_abc').toString('base64')}`;
    expect(authenticate(state, { authorization: basic }).identity).toEqual(user('writer'));
    expect(authenticate(state, { authorization: 'token nope' })).toEqual({ identity: null, badCredentials: true });
    expect(authenticate(state, {})).toEqual({ identity: null, badCredentials: false });
  });
});
