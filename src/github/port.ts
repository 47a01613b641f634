/**
 * The GitHub port: everything the product asks of GitHub, in the product's own terms.
 * Handlers receive a GitHubPort as a parameter; only `octokit-adapter.ts` implements it with
 * Octokit. Tests run handlers against the sandbox GitHub server through that same adapter.
 *
 * Conventions:
 * - every read is fresh (no caching across calls): privileged decisions depend on it;
 * - list operations read every page unless they say otherwise;
 * - a non-idempotent write that may or may not have happened throws WriteOutcomeUnknownError.
 */

export interface RepoId {
  readonly owner: string;
  readonly repo: string;
}

/** `owner/repo`, for messages and keys. */
export function repoSlug(id: RepoId): string {
  return `${id.owner}/${id.repo}`;
}

export type ActorType = 'User' | 'Bot' | 'Organization';

export interface Actor {
  readonly login: string;
  readonly type: ActorType;
}

export interface IssueRecord {
  readonly number: number;
  readonly title: string;
  readonly body: string;
  readonly state: 'open' | 'closed';
  readonly stateReason: string | null;
  readonly author: Actor;
  readonly labels: readonly string[];
  readonly htmlUrl: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly isPullRequest: boolean;
}

export interface IssueFilter {
  readonly state?: 'open' | 'closed' | 'all';
  readonly labels?: readonly string[];
  readonly creator?: string;
}

export interface IssuePatch {
  readonly title?: string;
  readonly body?: string;
  readonly state?: 'open' | 'closed';
  readonly stateReason?: 'completed' | 'not_planned' | 'reopened';
}

export interface CommentRecord {
  readonly id: number;
  readonly body: string;
  readonly author: Actor;
  readonly createdAt: string;
  readonly htmlUrl: string;
}

/** One `labeled`/`unlabeled` entry of an issue's event history. */
export interface LabelEvent {
  readonly id: number;
  readonly kind: 'labeled' | 'unlabeled';
  readonly label: string;
  readonly actor: Actor;
  readonly createdAt: string;
}

export interface RepoLabel {
  readonly name: string;
  /** Six hex digits, without `#`. */
  readonly color: string;
  readonly description: string;
}

export type TeamMembershipState = 'active' | 'pending';

export interface CheckRunRecord {
  readonly id: number;
  readonly name: string;
  readonly status: 'queued' | 'in_progress' | 'completed' | 'waiting' | 'requested' | 'pending';
  readonly conclusion: string | null;
  readonly htmlUrl: string | null;
  readonly completedAt: string | null;
}

export interface CommitStatusRecord {
  readonly context: string;
  readonly state: 'error' | 'failure' | 'pending' | 'success';
  readonly targetUrl: string | null;
  readonly updatedAt: string;
}

export type MergeResult =
  | { readonly kind: 'merged'; readonly sha: string }
  | { readonly kind: 'up-to-date' }
  | { readonly kind: 'conflict' };

export interface ReleaseRecord {
  readonly id: number;
  readonly tagName: string;
  readonly name: string | null;
  readonly body: string;
  readonly draft: boolean;
  readonly prerelease: boolean;
  readonly targetCommitish: string;
  readonly htmlUrl: string;
  readonly assets: readonly ReleaseAssetRecord[];
}

export interface ReleaseAssetRecord {
  readonly id: number;
  readonly name: string;
  readonly size: number;
  readonly browserDownloadUrl: string;
  /** `sha256:<hex>` of the asset as GitHub reports it; null (or absent) where GitHub does not say. */
  readonly digest?: string | null;
}

export interface ReleaseInput {
  readonly tagName: string;
  readonly targetCommitish: string;
  readonly name: string;
  readonly body: string;
  readonly draft: boolean;
  readonly prerelease: boolean;
}

export interface WorkflowRunRecord {
  readonly id: number;
  readonly name: string;
  readonly headSha: string;
  readonly status: string;
  readonly conclusion: string | null;
  readonly htmlUrl: string;
}

export interface ArtifactRecord {
  readonly id: number;
  readonly name: string;
  readonly sizeInBytes: number;
  readonly workflowRunId: number;
  readonly expired: boolean;
}

export interface GitHubPort {
  /** The login of the identity behind the token (for a GitHub App installation: `name[bot]`). */
  whoAmI(): Promise<Actor>;

  // Issues, labels, comments
  getIssue(repo: RepoId, issueNumber: number): Promise<IssueRecord>;
  /** Pages of issues (pull requests excluded), newest first, 100 per page. */
  listIssues(repo: RepoId, filter: IssueFilter): AsyncIterable<readonly IssueRecord[]>;
  /** Creates an issue. Not retried on an ambiguous failure: throws WriteOutcomeUnknownError. */
  createIssue(repo: RepoId, input: { title: string; body: string; labels?: readonly string[] }): Promise<IssueRecord>;
  updateIssue(repo: RepoId, issueNumber: number, patch: IssuePatch): Promise<IssueRecord>;
  addLabels(repo: RepoId, issueNumber: number, labels: readonly string[]): Promise<void>;
  /** Removes a label; a label that is not there is not an error. */
  removeLabel(repo: RepoId, issueNumber: number, label: string): Promise<void>;
  /** The repository's labels (name, colour, description), every page. */
  listRepoLabels(repo: RepoId): Promise<readonly RepoLabel[]>;
  /** Creates a repository label; one that already exists is not an error. */
  createLabel(repo: RepoId, label: RepoLabel): Promise<void>;
  /** Creates a comment. Not retried on an ambiguous failure: throws WriteOutcomeUnknownError. */
  createComment(repo: RepoId, issueNumber: number, body: string): Promise<CommentRecord>;
  listComments(repo: RepoId, issueNumber: number): Promise<readonly CommentRecord[]>;
  /** The labeled/unlabeled history of an issue, oldest first, every page. */
  listLabelEvents(repo: RepoId, issueNumber: number): Promise<readonly LabelEvent[]>;

  // People
  /** The collaborator's `role_name` (admin, maintain, write, triage, read, or a custom role), or null. */
  getCollaboratorRole(repo: RepoId, login: string): Promise<string | null>;
  getTeamMembership(org: string, teamSlug: string, login: string): Promise<TeamMembershipState | null>;

  // Git data
  getDefaultBranch(repo: RepoId): Promise<string>;
  /** The commit a branch points at, or null when the branch does not exist. */
  getBranchSha(repo: RepoId, branch: string): Promise<string | null>;
  deleteBranch(repo: RepoId, branch: string): Promise<void>;
  mergeBranch(repo: RepoId, base: string, head: string, message: string): Promise<MergeResult>;
  /** A file's text at a ref, or null when it does not exist. */
  getFileContent(repo: RepoId, path: string, ref: string): Promise<string | null>;
  createTag(repo: RepoId, tag: string, sha: string): Promise<void>;
  getTagSha(repo: RepoId, tag: string): Promise<string | null>;

  // CI
  listCheckRuns(repo: RepoId, sha: string): Promise<readonly CheckRunRecord[]>;
  listCommitStatuses(repo: RepoId, sha: string): Promise<readonly CommitStatusRecord[]>;
  listWorkflowRunsForCommit(repo: RepoId, sha: string): Promise<readonly WorkflowRunRecord[]>;
  listRunArtifacts(repo: RepoId, runId: number): Promise<readonly ArtifactRecord[]>;
  downloadArtifact(repo: RepoId, artifactId: number): Promise<Buffer>;
  dispatchWorkflow(repo: RepoId, workflowFile: string, ref: string, inputs: Record<string, string>): Promise<void>;

  // Releases
  getReleaseByTag(repo: RepoId, tag: string): Promise<ReleaseRecord | null>;
  /** Every release, drafts included (a draft has no tag lookup on GitHub). */
  listReleases(repo: RepoId): Promise<readonly ReleaseRecord[]>;
  createRelease(repo: RepoId, input: ReleaseInput): Promise<ReleaseRecord>;
  updateRelease(repo: RepoId, releaseId: number, patch: Partial<ReleaseInput>): Promise<ReleaseRecord>;
  uploadReleaseAsset(repo: RepoId, releaseId: number, name: string, data: Buffer): Promise<ReleaseAssetRecord>;
}
