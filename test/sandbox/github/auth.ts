/**
 * Tokens → identities, and GitHub's access rules: who may see a repository and who may read or
 * write which part of it. Users act through their repository role; app installations and
 * workflow tokens through their permission maps.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { PermissionLevel, PermissionScope } from './app.js';
import { type Identity, type RepoRole, type RepoState, type SandboxState, roleAtLeast } from './state.js';

/** The result of reading the Authorization header. */
export type Authentication = { identity: Identity | null; badCredentials: boolean };

/** Reads `token X`, `Bearer X` or Basic (`x-access-token:X`, as git sends it). */
export function authenticate(state: SandboxState, headers: IncomingHttpHeaders): Authentication {
  const header = headers.authorization;
  if (!header) return { identity: null, badCredentials: false };
  const [scheme = '', value = ''] = header.trim().split(/\s+/, 2);
  let token: string;
  if (/^(token|bearer)$/i.test(scheme)) {
    token = value;
  } else if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    // git sends user:token; some clients send the token as the user name.
    token = colon < 0 ? decoded : decoded.slice(colon + 1) || decoded.slice(0, colon);
  } else {
    return { identity: null, badCredentials: true };
  }
  const identity = state.tokens.get(token);
  return identity ? { identity, badCredentials: false } : { identity: null, badCredentials: true };
}

function appCovers(identity: Extract<Identity, { kind: 'app' }>, repo: RepoState): boolean {
  if (!identity.repositories) return true;
  return identity.repositories.some(
    (r) => r.toLowerCase() === repo.fullName.toLowerCase() || r.toLowerCase() === repo.name.toLowerCase(),
  );
}

/** Whether the identity's token is granted on this repository (installation / own repo). */
function tokenCovers(identity: Identity, repo: RepoState): boolean {
  if (identity.kind === 'app') return appCovers(identity, repo);
  if (identity.kind === 'workflow') return identity.repository.toLowerCase() === repo.fullName.toLowerCase();
  return false;
}

/** GitHub's visibility rule: may this identity know the repository exists? */
export function canSee(state: SandboxState, identity: Identity | null, repo: RepoState): boolean {
  if (repo.visibility === 'public') return true;
  if (!identity) return false;
  if (identity.kind === 'user') {
    if (state.userRole(repo, identity.login)) return true;
    return repo.visibility === 'internal' && state.isOrgMember(repo.owner, identity.login);
  }
  if (tokenCovers(identity, repo)) return true;
  // A workflow token of a repository in the same organisation may read its internal repositories.
  return (
    repo.visibility === 'internal' &&
    identity.kind === 'workflow' &&
    identity.repository.toLowerCase().startsWith(`${repo.owner.toLowerCase()}/`)
  );
}

// The weakest user role allowed to write each scope. Anyone who can see a repository may open
// issues, comment and open pull requests; finer rules (labels need triage) live in the routes.
const USER_WRITE_ROLE: Record<PermissionScope, RepoRole | 'visible'> = {
  issues: 'visible',
  pull_requests: 'visible',
  contents: 'write',
  checks: 'write',
  statuses: 'write',
  actions: 'write',
  metadata: 'admin',
  administration: 'admin',
  members: 'admin',
};

/** The access rule for one scope and level, without deciding 403 versus 404. */
export function can(
  state: SandboxState,
  identity: Identity | null,
  repo: RepoState,
  scope: PermissionScope,
  level: PermissionLevel,
): boolean {
  if (!canSee(state, identity, repo)) return false;
  if (level === 'read' && scope !== 'administration') {
    if (repo.visibility === 'public' || scope === 'metadata') return true;
  }
  if (!identity) return false;
  if (identity.kind === 'user') {
    const role = state.userRole(repo, identity.login);
    if (level === 'read') return scope === 'administration' ? roleAtLeast(role, 'admin') : true;
    const needed = USER_WRITE_ROLE[scope];
    return needed === 'visible' ? true : roleAtLeast(role, needed);
  }
  if (!tokenCovers(identity, repo)) return false;
  const granted = identity.permissions[scope];
  if (level === 'read') return granted === 'read' || granted === 'write';
  return granted === 'write';
}

/** Why access was refused, as GitHub answers it. */
export function refusal(
  state: SandboxState,
  identity: Identity | null,
  repo: RepoState,
): { status: number; message: string } {
  if (!canSee(state, identity, repo)) return { status: 404, message: 'Not Found' };
  if (!identity) return { status: 401, message: 'Requires authentication' };
  if (identity.kind === 'user') return { status: 403, message: 'Must have push access to repository' };
  return { status: 403, message: 'Resource not accessible by integration' };
}
