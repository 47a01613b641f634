/**
 * Users, the authenticated identity, organisations and team memberships. Team membership is
 * what the product uses to decide who is a release manager, so the rules follow GitHub's:
 * tokens need `members: read`, users must belong to the organisation, non-members are 404.
 */
import type { SandboxApp, SandboxRequest } from '../app.js';
import type { TeamRecord } from '../state.js';

/** Registers `/users/*`, `/user`, `/orgs/{org}` and team routes. */
export function registerPeopleRoutes(app: SandboxApp): void {
  const render = app.render;

  app.route('GET', '/users/{username}', (req) => {
    const account = app.state.account(req.params.username ?? '');
    if (!account) app.fail(404, 'Not Found');
    if (account.type === 'Organization') return { status: 200, body: { ...render.publicUser(account.login), type: 'Organization' } };
    return { status: 200, body: render.publicUser(account.login) };
  });

  app.route('GET', '/user', (req) => {
    const identity = req.identity;
    if (!identity) app.fail(401, 'Requires authentication');
    // Installation and workflow tokens are not users: GitHub refuses them here.
    if (identity.kind !== 'user') app.fail(403, 'Resource not accessible by integration');
    return {
      status: 200,
      body: {
        ...render.publicUser(identity.login),
        private_gists: 0,
        total_private_repos: 0,
        owned_private_repos: 0,
        disk_usage: 0,
        collaborators: 0,
        two_factor_authentication: true,
        plan: { name: 'free', space: 976562499, private_repos: 10000, collaborators: 0 },
      },
    };
  });

  const orgOr404 = (login: string): string => {
    const account = app.state.account(login);
    if (!account || account.type !== 'Organization') app.fail(404, 'Not Found');
    return account.login;
  };

  /** Org-level read access: `members: read` for tokens, membership for users. */
  const requireMembersRead = (req: SandboxRequest, org: string): void => {
    const identity = req.identity;
    if (!identity) app.fail(401, 'Requires authentication');
    if (identity.kind === 'user') {
      if (!app.state.isOrgMember(org, identity.login)) app.fail(404, 'Not Found');
      return;
    }
    const granted = identity.permissions.members;
    if (granted !== 'read' && granted !== 'write') app.fail(403, 'Resource not accessible by integration');
  };

  app.route('GET', '/orgs/{org}', (req) => ({ status: 200, body: render.orgFull(orgOr404(req.params.org ?? '')) }));

  app.route('GET', '/orgs/{org}/members/{username}', (req) => {
    const org = orgOr404(req.params.org ?? '');
    requireMembersRead(req, org);
    return app.state.isOrgMember(org, req.params.username ?? '') ? { status: 204 } : app.fail(404, 'Not Found');
  });

  const teamOr404 = (org: string, slug: string): TeamRecord => {
    const team = app.state.team(org, slug);
    if (!team) app.fail(404, 'Not Found');
    return team;
  };

  const teamJson = (team: TeamRecord): Record<string, unknown> => {
    const url = app.api(`/organizations/${app.state.account(team.org)?.id ?? 0}/team/${team.id}`);
    return {
      id: team.id,
      node_id: team.nodeId,
      url,
      html_url: app.html(`/orgs/${team.org}/teams/${team.slug}`),
      name: team.name,
      slug: team.slug,
      description: null,
      privacy: 'closed',
      type: 'organization',
      notification_setting: 'notifications_enabled',
      permission: 'pull',
      members_url: `${url}/members{/member}`,
      repositories_url: `${url}/repos`,
      parent: null,
      members_count: [...team.members.values()].filter((m) => m.state === 'active').length,
      repos_count: 0,
      created_at: app.timestamp(),
      updated_at: app.timestamp(),
      organization: render.orgFull(team.org),
    };
  };

  app.route('GET', '/orgs/{org}/teams/{team_slug}', (req) => {
    const org = orgOr404(req.params.org ?? '');
    requireMembersRead(req, org);
    return { status: 200, body: teamJson(teamOr404(org, req.params.team_slug ?? '')) };
  });

  app.route('GET', '/orgs/{org}/teams/{team_slug}/memberships/{username}', (req) => {
    const org = orgOr404(req.params.org ?? '');
    requireMembersRead(req, org);
    const team = teamOr404(org, req.params.team_slug ?? '');
    const member = team.members.get((req.params.username ?? '').toLowerCase());
    if (!member) app.fail(404, 'Not Found');
    return {
      status: 200,
      body: {
        url: app.api(`/organizations/${app.state.account(org)?.id ?? 0}/team/${team.id}/memberships/${member.login}`),
        role: member.role,
        state: member.state,
      },
    };
  });

  app.route('GET', '/orgs/{org}/teams/{team_slug}/members', (req) => {
    const org = orgOr404(req.params.org ?? '');
    requireMembersRead(req, org);
    const team = teamOr404(org, req.params.team_slug ?? '');
    const role = req.query.role ?? 'all';
    // Pending members have not accepted the invitation: GitHub does not list them.
    const members = [...team.members.values()].filter((m) => m.state === 'active' && (role === 'all' || m.role === role));
    const page = app.paginate(req, members);
    return { status: 200, body: page.items.map((m) => app.userJson(m.login)), headers: page.headers };
  });

  app.route('GET', '/rate_limit', (req) => {
    const limit = req.identity ? 5000 : 60;
    const reset = Math.floor(app.now().getTime() / 1000) + 3600;
    const core = { limit, remaining: limit, reset, used: 0 };
    return { status: 200, body: { resources: { core, search: { ...core, limit: 30, remaining: 30 } }, rate: core } };
  });
}
