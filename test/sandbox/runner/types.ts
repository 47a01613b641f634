/**
 * Shapes shared by the sandbox workflow runner: what it needs from a GitHub (the host), what it
 * records about each run, and how in-process stand-ins for third-party actions are written.
 */

/** One webhook delivery, as the sandbox GitHub emits it. */
export interface Delivery {
  readonly id: string;
  readonly event: string;
  readonly action?: string;
  readonly payload: Record<string, unknown>;
  /** 'owner/repo' ('' when the event belongs to no repository). */
  readonly repository: string;
  /** Who caused it: GitHub starts no workflow for events caused by a workflow's GITHUB_TOKEN. */
  readonly causedBy: 'user' | 'app' | 'workflow-token';
}

/** Permission level of a token scope as workflows write it. */
export type PermissionLevel = 'read' | 'write' | 'none';

/** A workflow file read from a repository at some ref. */
export interface WorkflowFile {
  /** Repository-relative, e.g. `.github/workflows/release.yml`. */
  readonly path: string;
  readonly content: string;
}

/** A file handed to or from the artifact store. */
export interface ArtifactFile {
  /** Path relative to the artifact root. */
  readonly path: string;
  readonly content: Buffer;
}

/** What the runner needs from a GitHub; the in-memory test host and the real sandbox both provide it. */
export interface RunnerHost {
  readonly apiUrl: string;
  readonly serverUrl: string;
  /** A clone URL for the repository (no credentials in it). */
  gitUrl(owner: string, repo: string): string;
  /** A GITHUB_TOKEN for one job of one run. */
  mintWorkflowToken(repository: string, permissions: Record<string, PermissionLevel>, runId: number): string;
  /** An App installation token (for the create-github-app-token stand-in). */
  mintAppToken(appSlug: string, permissions: Record<string, 'read' | 'write'>, repositories?: string[]): string;
  /** Subscribe to webhook deliveries; returns the unsubscribe function. */
  onDelivery(listener: (delivery: Delivery) => void): () => void;
  /** `.github/workflows/*.yml` (and `.yaml`) of a repository at a ref (branch, tag, `refs/...` or SHA). */
  readWorkflowFiles(repository: string, ref: string): Promise<WorkflowFile[]>;
  /** The commit SHA a ref points at, when the host knows it. */
  resolveSha?(repository: string, ref: string): Promise<string | undefined>;
  /** The repository's default branch, when the event payload does not say. */
  defaultBranch?(repository: string): Promise<string>;
  /** Stores an artifact of a run (actions/upload-artifact stand-in). */
  uploadArtifact?(repository: string, runId: number, name: string, files: ArtifactFile[]): Promise<void>;
  /** Reads an artifact of a run back (actions/download-artifact stand-in). */
  downloadArtifact?(repository: string, runId: number, name: string): Promise<ArtifactFile[] | undefined>;
  /** Registers a new run with the API and returns its id (so GITHUB_RUN_ID and the API agree). */
  createRun?(run: NewRun): number;
  /** Mirrors a run into the sandbox API (queued, in progress, completed) so `GET /actions/runs` lists it. */
  reportRun?(run: RunRecord): void | Promise<void>;
}

/** What the host learns about a run when it is created. */
export interface NewRun {
  readonly repository: string;
  readonly workflowPath: string;
  readonly workflowName: string;
  readonly event: string;
  readonly ref: string;
  readonly sha: string;
  readonly actor: string;
}

/** Conclusion of a run, job or step, as GitHub names them. */
export type Conclusion = 'success' | 'failure' | 'cancelled' | 'skipped';

/** One executed (or skipped) step. */
export interface StepRecord {
  /** The step `id` (or the generated one, e.g. `__run_2`). */
  readonly id: string;
  name: string;
  /** Result before continue-on-error is applied. */
  outcome: Conclusion;
  conclusion: Conclusion;
  exitCode: number | null;
  /** Captured output, bounded, with masked values replaced by `***`. */
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  /** For `uses:` steps: the action reference as written (ref recorded, not resolved). */
  uses?: string;
  /** Why the step failed when it was not the process exit code (unknown action, timeout, ...). */
  error?: string;
}

/** One job of a run. */
export interface JobRecord {
  /** Job id; jobs of a called reusable workflow are `caller/callee`. */
  readonly id: string;
  name: string;
  /** Result before job-level continue-on-error is applied. */
  outcome: Conclusion;
  conclusion: Conclusion;
  steps: StepRecord[];
  outputs: Record<string, string>;
  /** Everything the steps wrote to $GITHUB_STEP_SUMMARY, masked. */
  summary: string;
  /** Environment the job declared, if any. */
  environment?: string;
  /** Permissions its GITHUB_TOKEN was minted with. */
  permissions: Record<string, PermissionLevel>;
  startedAt?: Date;
  finishedAt?: Date;
  error?: string;
}

/** Status of a run as GitHub names it. */
export type RunStatus = 'queued' | 'pending' | 'in_progress' | 'completed';

/** One workflow run. */
export interface RunRecord {
  readonly id: number;
  readonly runNumber: number;
  readonly repository: string;
  readonly workflow: { readonly path: string; readonly name: string };
  readonly event: string;
  readonly action?: string;
  /** The delivery that triggered it (absent for `dispatch()` calls). */
  readonly deliveryId?: string;
  readonly actor: string;
  readonly ref: string;
  readonly sha: string;
  status: RunStatus;
  readonly queuedAt: Date;
  startedAt?: Date;
  finishedAt?: Date;
  conclusion?: Conclusion;
  jobs: JobRecord[];
  /** `run-name:` evaluated, else the workflow name (GitHub's `display_title`). */
  displayTitle?: string;
  /** The evaluated workflow-level concurrency group, if any. */
  concurrencyGroup?: string;
  /** Set when the run failed before any job ran (for example an invalid workflow file). */
  error?: string;
}

/** What an in-process action implementation (a stand-in) gets. */
export interface ActionContext {
  /** Inputs from `with:` plus defaults, keyed by input name as written. */
  readonly inputs: Readonly<Record<string, string>>;
  /** The step's full environment (runner variables, env: levels, INPUT_*). */
  readonly env: Readonly<Record<string, string>>;
  readonly workspace: string;
  readonly runnerTemp: string;
  readonly repository: string;
  readonly runId: number;
  /** The job's GITHUB_TOKEN. */
  readonly token: string;
  /** The `github` context of the job. */
  readonly github: Readonly<Record<string, unknown>>;
  readonly host: RunnerHost;
  /** The action reference as written (`owner/repo@ref`). */
  readonly uses: string;
  setOutput(name: string, value: string): void;
  exportVariable(name: string, value: string): void;
  addPath(dir: string): void;
  addMask(value: string): void;
  appendSummary(markdown: string): void;
  log(line: string): void;
  /** Runs a command (argv, no shell); rejects on a non-zero exit with its stderr. */
  exec(argv: string[], options?: { cwd?: string; env?: Record<string, string> }): Promise<{ stdout: string; stderr: string }>;
}

/** An action from another repository, provided as a local stand-in; throwing fails the step. */
export type ActionImpl = (context: ActionContext) => Promise<void>;

/** Secrets or variables: per repository and per `owner/repo:environment`. */
export interface ScopedValues {
  readonly repo: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly environments: Readonly<Record<string, Readonly<Record<string, string>>>>;
}
