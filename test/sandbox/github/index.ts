/**
 * The sandbox GitHub: a stateful GitHub REST API (plus git smart HTTP) on 127.0.0.1, for the
 * end-to-end tests, `npm start` and the benchmarks. `startGitHubSandbox()` starts one; `admin`
 * sets up state directly (no HTTP, not logged, no webhooks); `faults`, `requests` and
 * `webhooks` let a test script failures and observe traffic.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Faults, type FaultInjector } from './faults.js';
import { GitStore } from './git-store.js';
import { type RequestLog, RequestLogStore } from './request-log.js';
import { addArtifact, createWorkflowRun, registerActionsRoutes, updateWorkflowRun } from './routes/actions.js';
import { addCheckRun, registerChecksRoutes, setCommitStatus, updateCheckRun } from './routes/checks.js';
import { registerGitRoutes } from './routes/git.js';
import { IssueService, registerIssueRoutes } from './routes/issues.js';
import { registerPeopleRoutes } from './routes/people.js';
import { registerReleasesRoutes } from './routes/releases.js';
import { registerRepoRoutes } from './routes/repos.js';
import { SandboxServer } from './server.js';
import {
  type CommentRecord,
  type Identity,
  type IssueEventRecord,
  type IssueRecord,
  type RepoRole,
  type RepoState,
  type TokenPermissions,
  type Visibility,
  SandboxState,
} from './state.js';
import { type WebhookBus, WebhookHub } from './webhooks.js';

export type { FaultInjector, FaultRule } from './faults.js';
export type { RequestLog, RequestLogEntry } from './request-log.js';
export type { WebhookBus, WebhookDelivery } from './webhooks.js';
export type { Identity, IssueRecord, CommentRecord, IssueEventRecord, RepoState } from './state.js';
export type { SandboxApp } from './app.js';

export type TokenIdentity =
  | { kind: 'user'; login: string }
  | { kind: 'app'; appSlug: string; permissions: Record<string, 'read' | 'write'>; repositories?: string[] }
  | { kind: 'workflow'; repository: string; permissions: Record<string, 'read' | 'write' | 'none'>; runId?: number };

/** Direct state set-up for tests and scenarios: no HTTP, not logged, no webhooks. */
export interface SandboxAdmin {
  createUser(login: string, options?: { type?: 'User' | 'Bot'; name?: string }): void;
  createOrg(login: string): void;
  /** Async (unlike a plain state write) because it creates the bare git repository. */
  createRepo(
    owner: string,
    name: string,
    options?: { defaultBranch?: string; visibility?: Visibility; files?: Record<string, string | Buffer> },
  ): Promise<{ owner: string; repo: string; bareDir: string }>;
  setCollaborator(fullName: string, login: string, role: RepoRole): void;
  /** Makes a user a member of an organisation (internal repos, team reads). */
  setOrgMember(org: string, login: string): void;
  createTeam(org: string, slug: string): void;
  /** An 'active' member also becomes an organisation member; 'pending' has not accepted yet. */
  setTeamMember(org: string, slug: string, login: string, state: 'active' | 'pending', role?: 'member' | 'maintainer'): void;
  /** Tokens map to identities. kind 'app' acts as `${appSlug}[bot]`; kind 'workflow' is a run's GITHUB_TOKEN, acting as `github-actions[bot]`. */
  issueToken(identity: TokenIdentity): string;
  /** Forgets a token (later requests with it get 401). */
  revokeToken(token: string): void;
  /** A pull request as GitHub's issue API sees it (shares the issue numbering); returns its number. */
  createPullRequestIssue(fullName: string, pr: { title: string; user: string; head?: string; base?: string; body?: string }): number;
  addCheckRun(fullName: string, sha: string, run: { name: string; status: 'queued' | 'in_progress' | 'completed'; conclusion?: string | null; appSlug?: string }): number;
  updateCheckRun(fullName: string, id: number, patch: { status?: string; conclusion?: string | null }): void;
  setCommitStatus(fullName: string, sha: string, status: { context: string; state: 'error' | 'failure' | 'pending' | 'success'; targetUrl?: string }): void;
  createWorkflowRun(
    fullName: string,
    run: { name: string; path?: string; headSha: string; headBranch?: string; event: string; status?: string; conclusion?: string | null; actor?: string },
  ): number;
  updateWorkflowRun(fullName: string, id: number, patch: { status?: string; conclusion?: string | null }): void;
  /** Stores an artifact of a run as a real zip; returns its id. */
  addArtifact(fullName: string, runId: number, name: string, files: Record<string, Buffer | string>): number;
  getRepo(fullName: string): RepoState | undefined;
  getIssue(fullName: string, number: number): IssueRecord | undefined;
  listIssues(fullName: string): IssueRecord[];
  listComments(fullName: string, number: number): CommentRecord[];
  listIssueEvents(fullName: string, number: number): IssueEventRecord[];
  /** The commit a branch points at, null when the branch does not exist. */
  branchSha(fullName: string, branch: string): Promise<string | null>;
}

export interface GitHubSandbox {
  /** http://127.0.0.1:PORT (Octokit baseUrl / GITHUB_API_URL). */
  readonly apiUrl: string;
  /** Web base for html_url (the same origin). */
  readonly serverUrl: string;
  /** Smart-HTTP clone URL on the same server. */
  gitUrl(owner: string, repo: string): string;
  readonly admin: SandboxAdmin;
  readonly faults: FaultInjector;
  readonly requests: RequestLog;
  readonly webhooks: WebhookBus;
  /** The router and state, for code that extends the sandbox. */
  readonly app: SandboxServer;
  /** Resolves once queued webhook deliveries reached the listeners. */
  settleWebhooks(): Promise<void>;
  close(): Promise<void>;
}

export interface SandboxOptions {
  /** Where bare repositories live; a fresh temporary folder (removed on close) when omitted. */
  rootDir?: string;
  /** A virtual clock for every timestamp; the system clock when omitted. */
  now?: () => Date;
}

/** Starts a sandbox on 127.0.0.1 with a free port. */
export async function startGitHubSandbox(options: SandboxOptions = {}): Promise<GitHubSandbox> {
  const clock = options.now ?? (() => new Date());
  const ownRoot = options.rootDir === undefined;
  const rootDir = options.rootDir ?? (await mkdtemp(join(tmpdir(), 'gh-sandbox-')));
  const state = new SandboxState(clock);
  const faults = new Faults();
  const log = new RequestLogStore();
  const hub = new WebhookHub();
  const server = await SandboxServer.start({ state, clock, faults, log, hub });
  const store = new GitStore(join(rootDir, 'git'), { now: clock });

  // The bot GitHub Actions acts as; it exists on every GitHub.
  state.ensureAccount('github-actions[bot]', 'Bot');

  const issues = registerIssueRoutes(server);
  registerPeopleRoutes(server);
  registerRepoRoutes(server);
  registerGitRoutes(server, store);
  registerChecksRoutes(server);
  registerReleasesRoutes(server);
  registerActionsRoutes(server);

  const admin = createAdmin(server, store, issues);
  let closed = false;
  return {
    apiUrl: server.apiUrl,
    serverUrl: server.serverUrl,
    gitUrl: (owner, repo) => `${server.serverUrl}/${owner}/${repo}.git`,
    admin,
    faults,
    requests: log,
    webhooks: hub,
    app: server,
    settleWebhooks: () => hub.settle(),
    async close() {
      if (closed) return;
      closed = true;
      hub.close();
      await server.close();
      if (ownRoot) await rm(rootDir, { recursive: true, force: true });
    },
  };
}

function requireRepo(state: SandboxState, fullName: string): RepoState {
  const repo = state.repoByFullName(fullName);
  if (!repo) throw new Error(`sandbox: no repository ${fullName} (create it with admin.createRepo first)`);
  return repo;
}

function requireAccount(state: SandboxState, login: string): void {
  if (!state.account(login)) throw new Error(`sandbox: no account ${login} (create it with admin.createUser first)`);
}

function createAdmin(app: SandboxServer, store: GitStore, issues: IssueService): SandboxAdmin {
  const state = app.state;
  const orgOf = (org: string): string => {
    const account = state.account(org);
    if (account?.type !== 'Organization') throw new Error(`sandbox: no organisation ${org} (create it with admin.createOrg first)`);
    return account.login;
  };
  const setOrgMember = (org: string, login: string): void => {
    requireAccount(state, login);
    const key = orgOf(org).toLowerCase();
    if (!state.orgMembers.has(key)) state.orgMembers.set(key, new Set());
    state.orgMembers.get(key)!.add(login.toLowerCase());
  };
  return {
    createUser(login, options = {}) {
      const account = state.ensureAccount(login, options.type ?? 'User', options.name ?? null);
      if (options.name !== undefined) account.name = options.name;
    },
    createOrg(login) {
      state.ensureAccount(login, 'Organization');
    },
    async createRepo(owner, name, options = {}) {
      const defaultBranch = options.defaultBranch ?? 'main';
      const repo = state.addRepo(owner, name, { defaultBranch, visibility: options.visibility ?? 'public' });
      try {
        repo.bareDir = await store.init(repo.owner, repo.name, { defaultBranch, files: options.files });
      } catch (error) {
        state.repos.delete(repo.fullName.toLowerCase());
        throw error;
      }
      return { owner: repo.owner, repo: repo.name, bareDir: repo.bareDir };
    },
    setCollaborator(fullName, login, role) {
      requireAccount(state, login);
      requireRepo(state, fullName).collaborators.set(login.toLowerCase(), role);
    },
    setOrgMember,
    createTeam(org, slug) {
      const orgLogin = orgOf(org);
      const teams = state.teams.get(orgLogin.toLowerCase()) ?? new Map();
      state.teams.set(orgLogin.toLowerCase(), teams);
      if (teams.has(slug.toLowerCase())) return;
      const id = state.nextId();
      teams.set(slug.toLowerCase(), { id, nodeId: state.nodeId('T', id), slug, org: orgLogin, name: slug, members: new Map() });
    },
    setTeamMember(org, slug, login, memberState, role = 'member') {
      requireAccount(state, login);
      const team = state.team(orgOf(org), slug);
      if (!team) throw new Error(`sandbox: no team ${org}/${slug} (create it with admin.createTeam first)`);
      const account = state.account(login)!;
      team.members.set(login.toLowerCase(), { login: account.login, state: memberState, role });
      if (memberState === 'active') setOrgMember(org, login);
    },
    issueToken(identity) {
      let full: Identity;
      let prefix: string;
      if (identity.kind === 'user') {
        requireAccount(state, identity.login);
        full = { kind: 'user', login: state.account(identity.login)!.login };
        prefix = 'ghp_';
      } else if (identity.kind === 'app') {
        const ids = state.apps.get(identity.appSlug) ?? { appId: state.nextId(), installationId: state.nextId() };
        state.apps.set(identity.appSlug, ids);
        const login = `${identity.appSlug}[bot]`;
        state.ensureAccount(login, 'Bot');
        full = {
          kind: 'app',
          login,
          appSlug: identity.appSlug,
          appId: ids.appId,
          installationId: ids.installationId,
          permissions: { metadata: 'read', ...identity.permissions } as TokenPermissions,
          ...(identity.repositories ? { repositories: [...identity.repositories] } : {}),
        };
        prefix = 'ghs_';
      } else {
        requireRepo(state, identity.repository);
        full = {
          kind: 'workflow',
          login: 'github-actions[bot]',
          repository: identity.repository,
          permissions: { metadata: 'read', ...identity.permissions },
          ...(identity.runId !== undefined ? { runId: identity.runId } : {}),
        };
        prefix = 'ghs_';
      }
      const token = `${prefix}${randomBytes(18).toString('base64url')}`;
      state.tokens.set(token, full);
      return token;
    },
    revokeToken(token) {
      state.tokens.delete(token);
    },
    createPullRequestIssue(fullName, pr) {
      const repo = requireRepo(state, fullName);
      requireAccount(state, pr.user);
      const issue = issues.quietly(() =>
        issues.createIssue(repo, { kind: 'user', login: pr.user }, {
          title: pr.title,
          body: pr.body ?? null,
          user: pr.user,
          pullRequest: { head: pr.head ?? 'feature', base: pr.base ?? repo.defaultBranch, mergedAt: null },
        }),
      );
      return issue.number;
    },
    addCheckRun: (fullName, sha, run) => addCheckRun(app, fullName, sha, run),
    updateCheckRun: (fullName, id, patch) => updateCheckRun(app, fullName, id, patch),
    setCommitStatus: (fullName, sha, status) => setCommitStatus(app, fullName, sha, status),
    createWorkflowRun: (fullName, run) => createWorkflowRun(app, fullName, run),
    updateWorkflowRun: (fullName, id, patch) => updateWorkflowRun(app, fullName, id, patch),
    addArtifact: (fullName, runId, name, files) => addArtifact(app, fullName, runId, name, files),
    getRepo: (fullName) => state.repoByFullName(fullName),
    getIssue: (fullName, number) => requireRepo(state, fullName).issues.get(number),
    listIssues: (fullName) => [...requireRepo(state, fullName).issues.values()],
    listComments: (fullName, number) => [...requireRepo(state, fullName).comments.values()].filter((c) => c.issueNumber === number),
    listIssueEvents: (fullName, number) => requireRepo(state, fullName).events.filter((e) => e.issueNumber === number),
    async branchSha(fullName, branch) {
      const repo = requireRepo(state, fullName);
      return (await store.getRef(repo.owner, repo.name, `refs/heads/${branch}`))?.sha ?? null;
    },
  };
}
