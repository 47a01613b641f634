/**
 * Turns sandbox records into GitHub's JSON shapes (REST answers and webhook payloads), in one
 * place so every route and event agrees with the OpenAPI description.
 */
import type { CommentRecord, Identity, IssueEventRecord, IssueRecord, LabelRecord, RepoState, SandboxState } from './state.js';

/** Builds GitHub objects for one sandbox (its URLs and state). */
export class Renderer {
  constructor(
    private readonly state: SandboxState,
    private readonly apiUrl: string,
    private readonly serverUrl: string,
  ) {}

  /** simple-user; unknown logins get a stable minimal user so shapes never break. */
  user(login: string): Record<string, unknown> {
    const account = this.state.account(login);
    const name = account?.login ?? login;
    const id = account?.id ?? 0;
    const api = `${this.apiUrl}/users/${encodeURIComponent(name)}`;
    return {
      login: name,
      id,
      node_id: account?.nodeId ?? '',
      avatar_url: `${this.serverUrl}/avatars/${encodeURIComponent(name)}`,
      gravatar_id: '',
      url: api,
      html_url: `${this.serverUrl}/${encodeURIComponent(name)}`,
      followers_url: `${api}/followers`,
      following_url: `${api}/following{/other_user}`,
      gists_url: `${api}/gists{/gist_id}`,
      starred_url: `${api}/starred{/owner}{/repo}`,
      subscriptions_url: `${api}/subscriptions`,
      organizations_url: `${api}/orgs`,
      repos_url: `${api}/repos`,
      events_url: `${api}/events{/privacy}`,
      received_events_url: `${api}/received_events`,
      type: account?.type ?? 'User',
      user_view_type: 'public',
      site_admin: false,
    };
  }

  /** public-user (GET /users/{username}). */
  publicUser(login: string): Record<string, unknown> {
    const account = this.state.account(login);
    const ownedPublic = [...this.state.repos.values()].filter(
      (r) => r.owner.toLowerCase() === login.toLowerCase() && r.visibility === 'public',
    ).length;
    return {
      ...this.user(login),
      name: account?.name ?? null,
      company: null,
      blog: '',
      location: null,
      email: null,
      hireable: null,
      bio: null,
      twitter_username: null,
      public_repos: ownedPublic,
      public_gists: 0,
      followers: 0,
      following: 0,
      created_at: account?.createdAt ?? this.state.timestamp(),
      updated_at: account?.createdAt ?? this.state.timestamp(),
    };
  }

  /** organization-simple. */
  org(login: string): Record<string, unknown> {
    const account = this.state.account(login);
    const api = `${this.apiUrl}/orgs/${encodeURIComponent(login)}`;
    return {
      login: account?.login ?? login,
      id: account?.id ?? 0,
      node_id: account?.nodeId ?? '',
      url: api,
      repos_url: `${api}/repos`,
      events_url: `${api}/events`,
      hooks_url: `${api}/hooks`,
      issues_url: `${api}/issues`,
      members_url: `${api}/members{/member}`,
      public_members_url: `${api}/public_members{/member}`,
      avatar_url: `${this.serverUrl}/avatars/${encodeURIComponent(login)}`,
      description: null,
    };
  }

  /** organization-full (GET /orgs/{org}). */
  orgFull(login: string): Record<string, unknown> {
    const account = this.state.account(login);
    const publicRepos = [...this.state.repos.values()].filter(
      (r) => r.owner.toLowerCase() === login.toLowerCase() && r.visibility === 'public',
    ).length;
    return {
      ...this.org(login),
      name: account?.name ?? account?.login ?? login,
      html_url: `${this.serverUrl}/${encodeURIComponent(login)}`,
      has_organization_projects: true,
      has_repository_projects: true,
      public_repos: publicRepos,
      public_gists: 0,
      followers: 0,
      following: 0,
      type: 'Organization',
      created_at: account?.createdAt ?? this.state.timestamp(),
      updated_at: account?.createdAt ?? this.state.timestamp(),
      archived_at: null,
    };
  }

  /** full-repository (also used as the webhook `repository`). */
  repo(repo: RepoState): Record<string, unknown> {
    const api = `${this.apiUrl}/repos/${repo.fullName}`;
    const html = `${this.serverUrl}/${repo.fullName}`;
    const openIssues = [...repo.issues.values()].filter((i) => i.state === 'open').length;
    const ownerAccount = this.state.account(repo.owner);
    return {
      id: repo.id,
      node_id: repo.nodeId,
      name: repo.name,
      full_name: repo.fullName,
      private: repo.visibility !== 'public',
      owner: this.user(repo.owner),
      html_url: html,
      description: repo.description,
      fork: false,
      url: api,
      archive_url: `${api}/{archive_format}{/ref}`,
      assignees_url: `${api}/assignees{/user}`,
      blobs_url: `${api}/git/blobs{/sha}`,
      branches_url: `${api}/branches{/branch}`,
      collaborators_url: `${api}/collaborators{/collaborator}`,
      comments_url: `${api}/comments{/number}`,
      commits_url: `${api}/commits{/sha}`,
      compare_url: `${api}/compare/{base}...{head}`,
      contents_url: `${api}/contents/{+path}`,
      contributors_url: `${api}/contributors`,
      deployments_url: `${api}/deployments`,
      downloads_url: `${api}/downloads`,
      events_url: `${api}/events`,
      forks_url: `${api}/forks`,
      git_commits_url: `${api}/git/commits{/sha}`,
      git_refs_url: `${api}/git/refs{/sha}`,
      git_tags_url: `${api}/git/tags{/sha}`,
      git_url: `${html}.git`.replace(/^http/, 'git'),
      issue_comment_url: `${api}/issues/comments{/number}`,
      issue_events_url: `${api}/issues/events{/number}`,
      issues_url: `${api}/issues{/number}`,
      keys_url: `${api}/keys{/key_id}`,
      labels_url: `${api}/labels{/name}`,
      languages_url: `${api}/languages`,
      merges_url: `${api}/merges`,
      milestones_url: `${api}/milestones{/number}`,
      notifications_url: `${api}/notifications{?since,all,participating}`,
      pulls_url: `${api}/pulls{/number}`,
      releases_url: `${api}/releases{/id}`,
      ssh_url: `git@sandbox:${repo.fullName}.git`,
      stargazers_url: `${api}/stargazers`,
      statuses_url: `${api}/statuses/{sha}`,
      subscribers_url: `${api}/subscribers`,
      subscription_url: `${api}/subscription`,
      tags_url: `${api}/tags`,
      teams_url: `${api}/teams`,
      trees_url: `${api}/git/trees{/sha}`,
      clone_url: `${html}.git`,
      mirror_url: null,
      hooks_url: `${api}/hooks`,
      svn_url: html,
      homepage: null,
      language: null,
      forks_count: 0,
      stargazers_count: 0,
      watchers_count: 0,
      size: 0,
      default_branch: repo.defaultBranch,
      open_issues_count: openIssues,
      is_template: false,
      topics: [],
      has_issues: true,
      has_projects: true,
      has_wiki: false,
      has_pages: false,
      has_downloads: true,
      has_discussions: false,
      archived: false,
      disabled: false,
      visibility: repo.visibility,
      pushed_at: repo.updatedAt,
      created_at: repo.createdAt,
      updated_at: repo.updatedAt,
      allow_forking: true,
      web_commit_signoff_required: false,
      license: null,
      forks: 0,
      open_issues: openIssues,
      watchers: 0,
      network_count: 0,
      subscribers_count: 0,
      ...(ownerAccount?.type === 'Organization' ? { organization: this.user(repo.owner) } : {}),
    };
  }

  label(repo: RepoState, label: LabelRecord): Record<string, unknown> {
    return {
      id: label.id,
      node_id: label.nodeId,
      url: `${this.apiUrl}/repos/${repo.fullName}/labels/${encodeURIComponent(label.name)}`,
      name: label.name,
      color: label.color,
      description: label.description,
      default: label.default,
    };
  }

  /** The label record for a name on the issue (labels are stored by name on issues). */
  labelByName(repo: RepoState, name: string): Record<string, unknown> {
    const record = repo.labels.get(name.toLowerCase());
    return record
      ? this.label(repo, record)
      : { id: 0, node_id: '', url: '', name, color: 'ededed', description: null, default: false };
  }

  /** How GitHub describes the author's relation to the repository. */
  authorAssociation(repo: RepoState, login: string): string {
    if (repo.owner.toLowerCase() === login.toLowerCase()) return 'OWNER';
    if (this.state.isOrgMember(repo.owner, login)) return 'MEMBER';
    if (repo.collaborators.has(login.toLowerCase())) return 'COLLABORATOR';
    return 'NONE';
  }

  /** The integration object GitHub puts in `performed_via_github_app`. */
  app(slug: string | null): Record<string, unknown> | null {
    if (!slug) return null;
    const ids = this.state.apps.get(slug);
    const now = this.state.timestamp();
    return {
      id: ids?.appId ?? 0,
      slug,
      node_id: this.state.nodeId('A', ids?.appId ?? 0),
      client_id: `Iv1.${slug}`,
      owner: this.user(`${slug}[bot]`),
      name: slug,
      description: null,
      external_url: `${this.serverUrl}/apps/${slug}`,
      html_url: `${this.serverUrl}/apps/${slug}`,
      created_at: now,
      updated_at: now,
      permissions: {},
      events: [],
    };
  }

  issue(repo: RepoState, issue: IssueRecord): Record<string, unknown> {
    const api = `${this.apiUrl}/repos/${repo.fullName}/issues/${issue.number}`;
    const comments = [...repo.comments.values()].filter((c) => c.issueNumber === issue.number).length;
    const html = `${this.serverUrl}/${repo.fullName}/${issue.pullRequest ? 'pull' : 'issues'}/${issue.number}`;
    return {
      id: issue.id,
      node_id: issue.nodeId,
      url: api,
      repository_url: `${this.apiUrl}/repos/${repo.fullName}`,
      labels_url: `${api}/labels{/name}`,
      comments_url: `${api}/comments`,
      events_url: `${api}/events`,
      html_url: html,
      number: issue.number,
      state: issue.state,
      state_reason: issue.stateReason,
      title: issue.title,
      body: issue.body,
      user: this.user(issue.user),
      labels: issue.labels.map((name) => this.labelByName(repo, name)),
      assignee: issue.assignees[0] ? this.user(issue.assignees[0]) : null,
      assignees: issue.assignees.map((login) => this.user(login)),
      milestone: null,
      locked: issue.locked,
      active_lock_reason: null,
      comments,
      ...(issue.pullRequest
        ? {
            pull_request: {
              url: `${this.apiUrl}/repos/${repo.fullName}/pulls/${issue.number}`,
              html_url: html,
              diff_url: `${html}.diff`,
              patch_url: `${html}.patch`,
              merged_at: issue.pullRequest.mergedAt,
            },
          }
        : {}),
      closed_at: issue.closedAt,
      closed_by: issue.closedBy ? this.user(issue.closedBy) : null,
      created_at: issue.createdAt,
      updated_at: issue.updatedAt,
      author_association: this.authorAssociation(repo, issue.user),
      performed_via_github_app: this.app(issue.performedViaApp),
      reactions: this.reactions(`${api}/reactions`),
      timeline_url: `${api}/timeline`,
    };
  }

  comment(repo: RepoState, comment: CommentRecord): Record<string, unknown> {
    const issue = repo.issues.get(comment.issueNumber);
    const kind = issue?.pullRequest ? 'pull' : 'issues';
    const url = `${this.apiUrl}/repos/${repo.fullName}/issues/comments/${comment.id}`;
    return {
      id: comment.id,
      node_id: comment.nodeId,
      url,
      html_url: `${this.serverUrl}/${repo.fullName}/${kind}/${comment.issueNumber}#issuecomment-${comment.id}`,
      body: comment.body,
      user: this.user(comment.user),
      created_at: comment.createdAt,
      updated_at: comment.updatedAt,
      issue_url: `${this.apiUrl}/repos/${repo.fullName}/issues/${comment.issueNumber}`,
      author_association: this.authorAssociation(repo, comment.user),
      performed_via_github_app: this.app(comment.performedViaApp),
      reactions: this.reactions(`${url}/reactions`),
    };
  }

  /** issue-event (GET .../issues/{n}/events). */
  event(repo: RepoState, event: IssueEventRecord): Record<string, unknown> {
    return {
      id: event.id,
      node_id: event.nodeId,
      url: `${this.apiUrl}/repos/${repo.fullName}/issues/events/${event.id}`,
      actor: this.user(event.actor),
      event: event.event,
      commit_id: null,
      commit_url: null,
      created_at: event.createdAt,
      performed_via_github_app: this.app(event.performedViaApp),
      ...(event.label ? { label: event.label } : {}),
      ...(event.rename ? { rename: event.rename } : {}),
      ...(event.stateReason !== undefined ? { state_reason: event.stateReason } : {}),
    };
  }

  /** The `installation` object of webhook payloads sent for app tokens. */
  installation(identity: Identity | null): Record<string, unknown> | undefined {
    if (identity?.kind !== 'app') return undefined;
    return { id: identity.installationId, node_id: this.state.nodeId('MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u', identity.installationId) };
  }

  private reactions(url: string): Record<string, unknown> {
    return { url, total_count: 0, '+1': 0, '-1': 0, laugh: 0, hooray: 0, confused: 0, heart: 0, rocket: 0, eyes: 0 };
  }
}
