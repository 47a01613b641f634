/**
 * Repository metadata and collaborator permissions. `permission` is GitHub's legacy level
 * (maintain reads as write, triage as read); `role_name` is the real role. The product's
 * approval rules depend on these two disagreeing exactly as they do on GitHub.
 */
import type { SandboxApp } from '../app.js';
import { canSee } from '../auth.js';
import { type RepoRole, type RepoState, roleAtLeast } from '../state.js';

const LEGACY: Record<RepoRole, 'admin' | 'write' | 'read'> = {
  admin: 'admin',
  maintain: 'write',
  write: 'write',
  triage: 'read',
  read: 'read',
};

/** The `permissions` object GitHub attaches to repositories and collaborators. */
export function permissionFlags(role: RepoRole | null): Record<string, boolean> {
  return {
    admin: roleAtLeast(role, 'admin'),
    maintain: roleAtLeast(role, 'maintain'),
    push: roleAtLeast(role, 'write'),
    triage: roleAtLeast(role, 'triage'),
    pull: roleAtLeast(role, 'read'),
  };
}

/** A user's effective role: explicit or owner, else read on repositories they can see. */
export function effectiveRole(app: SandboxApp, repo: RepoState, login: string): RepoRole | null {
  const role = app.state.userRole(repo, login);
  if (role) return role;
  return canSee(app.state, { kind: 'user', login }, repo) ? 'read' : null;
}

/** Registers the repository and collaborator routes. */
export function registerRepoRoutes(app: SandboxApp): void {
  const repoOf = (params: Readonly<Record<string, string>>, req: Parameters<SandboxApp['requireRepo']>[0]): RepoState =>
    app.requireRepo(req, params.owner ?? '', params.repo ?? '');

  app.route('GET', '/repos/{owner}/{repo}', (req) => {
    const repo = repoOf(req.params, req);
    const body = app.repoJson(repo);
    if (req.identity?.kind === 'user') body.permissions = permissionFlags(effectiveRole(app, repo, req.identity.login));
    return { status: 200, body };
  });

  /** GitHub requires push access for users; tokens need metadata read (always granted). */
  const requireCollaboratorRead = (req: Parameters<SandboxApp['requireRepo']>[0], repo: RepoState): void => {
    const identity = req.identity;
    if (!identity) app.fail(401, 'Requires authentication');
    if (identity.kind === 'user' && !roleAtLeast(app.state.userRole(repo, identity.login), 'write')) {
      app.fail(403, 'Must have push access to view repository collaborators.');
    }
    app.requirePermission(req, repo.fullName, 'metadata', 'read');
  };

  const collaboratorJson = (repo: RepoState, login: string, role: RepoRole | null): Record<string, unknown> => ({
    ...app.userJson(login),
    permissions: permissionFlags(role),
    role_name: role ?? 'none',
  });

  app.route('GET', '/repos/{owner}/{repo}/collaborators/{username}/permission', (req) => {
    const repo = repoOf(req.params, req);
    requireCollaboratorRead(req, repo);
    const account = app.state.account(req.params.username ?? '');
    if (!account || account.type === 'Organization') app.fail(404, 'Not Found');
    const role = effectiveRole(app, repo, account.login);
    return {
      status: 200,
      body: { permission: role ? LEGACY[role] : 'none', role_name: role ?? 'none', user: collaboratorJson(repo, account.login, role) },
    };
  });

  app.route('GET', '/repos/{owner}/{repo}/collaborators/{username}', (req) => {
    const repo = repoOf(req.params, req);
    requireCollaboratorRead(req, repo);
    return app.state.userRole(repo, req.params.username ?? '') ? { status: 204 } : app.fail(404, 'Not Found');
  });

  app.route('GET', '/repos/{owner}/{repo}/collaborators', (req) => {
    const repo = repoOf(req.params, req);
    requireCollaboratorRead(req, repo);
    const logins = [repo.owner, ...[...repo.collaborators.keys()].map((l) => app.state.account(l)?.login ?? l)]
      .filter((login) => app.state.account(login)?.type !== 'Organization');
    const page = app.paginate(req, logins);
    return {
      status: 200,
      body: page.items.map((login) => collaboratorJson(repo, login, app.state.userRole(repo, login))),
      headers: page.headers,
    };
  });

  // repository_dispatch: a product repo's CI tells the control repo that it finished
  // (`repository_dispatch: ci-finished` starts reconcile.yml).
  app.route('POST', '/repos/{owner}/{repo}/dispatches', (req) => {
    const repo = repoOf(req.params, req);
    // GitHub: "The fine-grained token must have the following permission set: contents: write".
    app.requirePermission(req, repo.fullName, 'contents', 'write');
    const body = req.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) app.fail(400, 'Problems parsing JSON');
    const { event_type: eventType, client_payload: clientPayload } = body as { event_type?: unknown; client_payload?: unknown };
    if (typeof eventType !== 'string' || eventType.length < 1 || eventType.length > 100) {
      app.fail(422, "Invalid request.\n\nFor 'properties/event_type', nil is not a string.", [{ resource: 'Request', field: 'event_type', code: 'invalid' }]);
    }
    if (clientPayload !== undefined && (typeof clientPayload !== 'object' || clientPayload === null || Array.isArray(clientPayload))) {
      app.fail(422, 'Invalid request.', [{ resource: 'Request', field: 'client_payload', code: 'invalid' }]);
    }
    if (clientPayload !== undefined && Object.keys(clientPayload as object).length > 10) {
      app.fail(422, 'Invalid request.\n\nNo more than 10 properties are allowed.');
    }
    // GitHub's description makes `installation` required here even when a person sent the dispatch:
    // the event is delivered through the GitHub Actions app's installation.
    const installation = app.render.installation(req.identity) ?? { id: 1, node_id: app.state.nodeId('MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u', 1) };
    app.emit('repository_dispatch', eventType as string, { branch: repo.defaultBranch, client_payload: clientPayload ?? {}, installation }, req.identity, repo);
    return { status: 204 };
  }, { write: true });
}
