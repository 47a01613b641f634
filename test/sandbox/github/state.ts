/**
 * The sandbox's in-memory state: accounts, repositories, issues, labels, comments, events,
 * teams and tokens. Plain data with one global id counter, so both halves of the server (this
 * core and the git-backed routes) create objects whose ids never collide.
 */

export type AccountType = 'User' | 'Bot' | 'Organization';
export type Visibility = 'public' | 'private' | 'internal';
export type RepoRole = 'read' | 'triage' | 'write' | 'maintain' | 'admin';

/** Repository roles from weakest to strongest. */
export const ROLE_ORDER: readonly RepoRole[] = ['read', 'triage', 'write', 'maintain', 'admin'];

/** True when `role` is at least `needed`. */
export function roleAtLeast(role: RepoRole | null, needed: RepoRole): boolean {
  return role !== null && ROLE_ORDER.indexOf(role) >= ROLE_ORDER.indexOf(needed);
}

export interface Account {
  readonly id: number;
  readonly nodeId: string;
  readonly login: string;
  readonly type: AccountType;
  name: string | null;
  readonly createdAt: string;
}

export interface LabelRecord {
  readonly id: number;
  readonly nodeId: string;
  name: string;
  color: string;
  description: string | null;
  readonly default: boolean;
}

export interface IssueRecord {
  readonly id: number;
  readonly nodeId: string;
  readonly number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  stateReason: 'completed' | 'not_planned' | 'reopened' | 'duplicate' | null;
  /** Login of the author. */
  readonly user: string;
  /** Label names in the order they were added (lookups are case-insensitive). */
  labels: string[];
  assignees: string[];
  locked: boolean;
  readonly createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closedBy: string | null;
  /** Present when this issue is a pull request (GitHub numbers both in one sequence). */
  pullRequest?: { head: string; base: string; mergedAt: string | null };
  /** App slug when an app installation created it. */
  performedViaApp: string | null;
}

export interface CommentRecord {
  readonly id: number;
  readonly nodeId: string;
  readonly issueNumber: number;
  body: string;
  readonly user: string;
  readonly createdAt: string;
  updatedAt: string;
  performedViaApp: string | null;
}

export type IssueEventKind = 'labeled' | 'unlabeled' | 'closed' | 'reopened' | 'renamed' | 'assigned' | 'unassigned';

export interface IssueEventRecord {
  readonly id: number;
  readonly nodeId: string;
  readonly issueNumber: number;
  readonly event: IssueEventKind;
  /** Login of whoever caused it. */
  readonly actor: string;
  readonly createdAt: string;
  readonly label?: { name: string; color: string };
  readonly rename?: { from: string; to: string };
  readonly stateReason?: string | null;
  readonly performedViaApp: string | null;
}

export interface RepoState {
  readonly id: number;
  readonly nodeId: string;
  /** Owner login (user or organization). */
  readonly owner: string;
  readonly name: string;
  readonly fullName: string;
  defaultBranch: string;
  visibility: Visibility;
  description: string | null;
  readonly createdAt: string;
  updatedAt: string;
  /** The bare git repository on disk ('' until the git store made it). */
  bareDir: string;
  /** Next issue/pull-request number. */
  nextNumber: number;
  readonly issues: Map<number, IssueRecord>;
  /** Keyed by lower-cased name: GitHub label names are case-insensitive. */
  readonly labels: Map<string, LabelRecord>;
  readonly comments: Map<number, CommentRecord>;
  readonly events: IssueEventRecord[];
  /** Explicit collaborators: login (lower-case) → role. */
  readonly collaborators: Map<string, RepoRole>;
}

export interface TeamRecord {
  readonly id: number;
  readonly nodeId: string;
  readonly slug: string;
  readonly org: string;
  name: string;
  /** login (lower-case) → membership. */
  readonly members: Map<string, { login: string; state: 'active' | 'pending'; role: 'member' | 'maintainer' }>;
}

export type TokenPermissions = Record<string, 'read' | 'write' | 'none'>;

/** Who a token acts as. */
export type Identity =
  | { readonly kind: 'user'; readonly login: string }
  | {
      readonly kind: 'app';
      /** `${appSlug}[bot]` */
      readonly login: string;
      readonly appSlug: string;
      readonly appId: number;
      readonly installationId: number;
      readonly permissions: TokenPermissions;
      /** Repository names or full names the installation may see; undefined = all of the owner's. */
      readonly repositories?: readonly string[];
    }
  | {
      readonly kind: 'workflow';
      readonly login: 'github-actions[bot]';
      readonly repository: string;
      readonly permissions: TokenPermissions;
      readonly runId?: number;
    };

/** How a webhook delivery was caused, as the workflow runner needs to know. */
export type CausedBy = 'user' | 'app' | 'workflow-token';

/** Maps an identity to what caused an event. */
export function causedByOf(identity: Identity | null): CausedBy {
  if (identity?.kind === 'workflow') return 'workflow-token';
  if (identity?.kind === 'app') return 'app';
  return 'user';
}

/** The whole mutable state of one sandbox. */
export class SandboxState {
  private idCounter = 1000;
  /** Accounts by lower-cased login. */
  readonly accounts = new Map<string, Account>();
  /** Repositories by lower-cased full name. */
  readonly repos = new Map<string, RepoState>();
  /** org (lower-case) → slug (lower-case) → team. */
  readonly teams = new Map<string, Map<string, TeamRecord>>();
  /** org (lower-case) → member logins (lower-case). */
  readonly orgMembers = new Map<string, Set<string>>();
  readonly tokens = new Map<string, Identity>();
  /** app slug → app id / installation id, so one app keeps its ids across tokens. */
  readonly apps = new Map<string, { appId: number; installationId: number }>();
  /** Free slots for route modules' own per-sandbox data (see `extension`). */
  private readonly extensions = new Map<string, unknown>();

  constructor(private readonly clock: () => Date) {}

  /** A fresh id, unique across every object type in this sandbox. */
  nextId(): number {
    return ++this.idCounter;
  }

  /** GitHub-style opaque node id. */
  nodeId(prefix: string, id: number): string {
    return `${prefix}_kgDO${Buffer.from(String(id)).toString('base64url')}`;
  }

  /** The sandbox clock as an ISO timestamp without milliseconds, as GitHub writes them. */
  timestamp(): string {
    return this.clock().toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  account(login: string): Account | undefined {
    return this.accounts.get(login.toLowerCase());
  }

  /** Creates the account when missing; returns the existing one otherwise. */
  ensureAccount(login: string, type: AccountType, name: string | null = null): Account {
    const existing = this.account(login);
    if (existing) return existing;
    const id = this.nextId();
    const account: Account = { id, nodeId: this.nodeId(type === 'Organization' ? 'O' : type === 'Bot' ? 'BOT' : 'U', id), login, type, name, createdAt: this.timestamp() };
    this.accounts.set(login.toLowerCase(), account);
    return account;
  }

  repo(owner: string, name: string): RepoState | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  repoByFullName(fullName: string): RepoState | undefined {
    return this.repos.get(fullName.toLowerCase());
  }

  /** Adds a repository record (no git: the admin layer asks the git store for that). */
  addRepo(owner: string, name: string, options: { defaultBranch: string; visibility: Visibility }): RepoState {
    const ownerAccount = this.account(owner);
    if (!ownerAccount) throw new Error(`sandbox: create the owner "${owner}" (createUser/createOrg) before its repository`);
    const fullName = `${ownerAccount.login}/${name}`;
    if (this.repos.has(fullName.toLowerCase())) throw new Error(`sandbox: repository ${fullName} already exists`);
    const id = this.nextId();
    const now = this.timestamp();
    const repo: RepoState = {
      id,
      nodeId: this.nodeId('R', id),
      owner: ownerAccount.login,
      name,
      fullName,
      defaultBranch: options.defaultBranch,
      visibility: options.visibility,
      description: null,
      createdAt: now,
      updatedAt: now,
      bareDir: '',
      nextNumber: 1,
      issues: new Map(),
      labels: new Map(),
      comments: new Map(),
      events: [],
      collaborators: new Map(),
    };
    this.repos.set(fullName.toLowerCase(), repo);
    return repo;
  }

  isOrgMember(org: string, login: string): boolean {
    return this.orgMembers.get(org.toLowerCase())?.has(login.toLowerCase()) ?? false;
  }

  team(org: string, slug: string): TeamRecord | undefined {
    return this.teams.get(org.toLowerCase())?.get(slug.toLowerCase());
  }

  /**
   * A user's role on a repository: the owner is admin, an explicit collaborator has their role,
   * anyone else has none (read access to public repos is a visibility rule, not a role).
   */
  userRole(repo: RepoState, login: string): RepoRole | null {
    if (repo.owner.toLowerCase() === login.toLowerCase()) return 'admin';
    return repo.collaborators.get(login.toLowerCase()) ?? null;
  }

  /**
   * Per-sandbox storage for a route module (the git half keeps check runs, releases, ... here):
   * the first call with a key creates the value.
   */
  extension<T>(key: string, create: () => T): T {
    if (!this.extensions.has(key)) this.extensions.set(key, create());
    return this.extensions.get(key) as T;
  }
}
