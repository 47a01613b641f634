/**
 * GitHub Actions state: workflow runs (recorded by the workflow runner or a scenario through
 * `createWorkflowRun`/`updateWorkflowRun`), artifacts stored as real zips (`addArtifact`,
 * downloaded through a 302 to this server, as GitHub redirects to blob storage), and
 * `workflow_dispatch` (validated against the workflow file in the real repository).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import type { RawContext, SandboxApp, SandboxRequest } from '../app.js';
import type { CommitInfo } from '../git-store.js';
import type { Identity, RepoState } from '../state.js';
import { writeZip } from '../zip.js';
import { simpleCommitJson } from './checks.js';
import { gitStoreOf, objectBody, stringField } from './git.js';

interface WorkflowState {
  readonly id: number;
  readonly nodeId: string;
  readonly repo: string;
  readonly path: string;
  name: string;
  readonly createdAt: string;
}

interface RunState {
  readonly id: number;
  readonly nodeId: string;
  readonly repo: string;
  readonly workflowId: number;
  readonly name: string;
  readonly path: string;
  readonly headSha: string;
  readonly headBranch: string | null;
  readonly event: string;
  status: string;
  conclusion: string | null;
  readonly actor: string;
  readonly runNumber: number;
  readonly createdAt: string;
  updatedAt: string;
  runStartedAt: string;
}

interface ArtifactState {
  readonly id: number;
  readonly nodeId: string;
  readonly repo: string;
  readonly runId: number;
  readonly name: string;
  readonly zip: Buffer;
  /** Unguessable part of the download URL (GitHub's redirect targets are pre-signed). */
  readonly secret: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  expired: boolean;
}

interface ActionsState {
  readonly workflows: Map<number, WorkflowState>;
  readonly runs: Map<number, RunState>;
  readonly artifacts: Map<number, ArtifactState>;
  /** Errors from async webhook building, kept for tests. */
  readonly errors: unknown[];
}

function actionsState(app: SandboxApp): ActionsState {
  return app.state.extension<ActionsState>('actions', () => ({ workflows: new Map(), runs: new Map(), artifacts: new Map(), errors: [] }));
}

/** Errors from asynchronous `workflow_run` webhook building. */
export function actionsErrors(app: SandboxApp): unknown[] {
  return actionsState(app).errors;
}

const RUN_STATUSES = ['queued', 'in_progress', 'completed', 'waiting', 'requested', 'pending'];
const RUN_CONCLUSIONS = ['success', 'failure', 'neutral', 'cancelled', 'skipped', 'timed_out', 'action_required', 'stale', 'startup_failure'];

function requireRepoByName(app: SandboxApp, fullName: string): RepoState {
  const repo = app.state.repoByFullName(fullName);
  if (!repo) throw new Error(`sandbox: unknown repository ${fullName}`);
  return repo;
}

/** The workflow record for a path, created on first sight (GitHub registers workflows from files). */
function workflowFor(app: SandboxApp, repo: RepoState, path: string, name: string): WorkflowState {
  const state = actionsState(app);
  for (const wf of state.workflows.values()) if (wf.repo === repo.fullName && wf.path === path) return wf;
  const id = app.state.nextId();
  const wf: WorkflowState = { id, nodeId: app.state.nodeId('W', id), repo: repo.fullName, path, name, createdAt: app.timestamp() };
  state.workflows.set(id, wf);
  return wf;
}

function workflowJson(app: SandboxApp, repo: RepoState, wf: WorkflowState): Record<string, unknown> {
  return {
    id: wf.id,
    node_id: wf.nodeId,
    name: wf.name,
    path: wf.path,
    state: 'active',
    created_at: wf.createdAt,
    updated_at: wf.createdAt,
    url: app.api(`/repos/${repo.fullName}/actions/workflows/${wf.id}`),
    html_url: app.html(`/${repo.fullName}/blob/${repo.defaultBranch}/${wf.path}`),
    badge_url: app.html(`/${repo.fullName}/workflows/${encodeURIComponent(wf.name)}/badge.svg`),
  };
}

function simpleCommit(c: CommitInfo | null): Record<string, unknown> | null {
  if (!c) return null;
  return {
    id: c.sha,
    tree_id: c.tree,
    message: c.message,
    timestamp: c.committer.date,
    author: { name: c.author.name, email: c.author.email },
    committer: { name: c.committer.name, email: c.committer.email },
  };
}

function runJson(app: SandboxApp, repo: RepoState, run: RunState, head: CommitInfo | null): Record<string, unknown> {
  const base = `/repos/${repo.fullName}/actions/runs/${run.id}`;
  return {
    id: run.id,
    name: run.name,
    node_id: run.nodeId,
    check_suite_id: run.id,
    check_suite_node_id: app.state.nodeId('CS', run.id),
    head_branch: run.headBranch,
    head_sha: run.headSha,
    path: run.path,
    run_number: run.runNumber,
    run_attempt: 1,
    event: run.event,
    display_title: run.name,
    status: run.status,
    conclusion: run.conclusion,
    workflow_id: run.workflowId,
    url: app.api(base),
    html_url: app.html(`/${repo.fullName}/actions/runs/${run.id}`),
    pull_requests: [],
    created_at: run.createdAt,
    updated_at: run.updatedAt,
    actor: app.userJson(run.actor),
    triggering_actor: app.userJson(run.actor),
    run_started_at: run.runStartedAt,
    jobs_url: app.api(`${base}/jobs`),
    logs_url: app.api(`${base}/logs`),
    check_suite_url: app.api(`/repos/${repo.fullName}/check-suites/${run.id}`),
    artifacts_url: app.api(`${base}/artifacts`),
    cancel_url: app.api(`${base}/cancel`),
    rerun_url: app.api(`${base}/rerun`),
    previous_attempt_url: null,
    workflow_url: app.api(`/repos/${repo.fullName}/actions/workflows/${run.workflowId}`),
    head_commit: simpleCommit(head),
    repository: app.repoJson(repo),
    head_repository: app.repoJson(repo),
  };
}

function artifactJson(app: SandboxApp, repo: RepoState, a: ArtifactState): Record<string, unknown> {
  const run = actionsState(app).runs.get(a.runId);
  return {
    id: a.id,
    node_id: a.nodeId,
    name: a.name,
    size_in_bytes: a.zip.length,
    // upload-artifact v4 records the zip's sha256; consumers check downloads against it.
    digest: `sha256:${createHash('sha256').update(a.zip).digest('hex')}`,
    url: app.api(`/repos/${repo.fullName}/actions/artifacts/${a.id}`),
    archive_download_url: app.api(`/repos/${repo.fullName}/actions/artifacts/${a.id}/zip`),
    expired: a.expired,
    created_at: a.createdAt,
    expires_at: a.expiresAt,
    updated_at: a.createdAt,
    workflow_run: run ? { id: run.id, repository_id: repo.id, head_repository_id: repo.id, head_branch: run.headBranch, head_sha: run.headSha } : null,
  };
}

async function headCommit(app: SandboxApp, repo: RepoState, sha: string): Promise<CommitInfo | null> {
  return /^[0-9a-f]{40}$/.test(sha) ? gitStoreOf(app, repo).readCommit(repo.owner, repo.name, sha) : null;
}

function emitRun(app: SandboxApp, repo: RepoState, run: RunState, action: 'requested' | 'in_progress' | 'completed'): void {
  const wf = actionsState(app).workflows.get(run.workflowId);
  const snapshot = { ...run };
  headCommit(app, repo, run.headSha)
    .then((head) => {
      const actor: Identity = { kind: 'user', login: run.actor };
      const workflowRun = { ...runJson(app, repo, snapshot, head), head_commit: simpleCommitJson(head, run.headSha, run.createdAt) };
      app.emit('workflow_run', action, { workflow_run: workflowRun, workflow: wf ? workflowJson(app, repo, wf) : null }, actor, repo);
    })
    .catch((error: unknown) => actionsState(app).errors.push(error));
}

function readRepo(app: SandboxApp, req: SandboxRequest): RepoState {
  const repo = app.requireRepo(req, req.params.owner ?? '', req.params.repo ?? '');
  app.requirePermission(req, repo.fullName, 'actions', 'read');
  return repo;
}

function findRun(app: SandboxApp, req: SandboxRequest, repo: RepoState): RunState {
  const run = actionsState(app).runs.get(Number(req.params.run_id));
  if (!run || run.repo !== repo.fullName) app.fail(404, 'Not Found');
  return run;
}

function filterRuns(req: SandboxRequest, runs: RunState[]): RunState[] {
  let out = runs;
  const q = req.query;
  if (q.head_sha) out = out.filter((r) => r.headSha === q.head_sha);
  if (q.branch) out = out.filter((r) => r.headBranch === q.branch);
  if (q.event) out = out.filter((r) => r.event === q.event);
  if (q.actor) out = out.filter((r) => r.actor.toLowerCase() === q.actor?.toLowerCase());
  // `status` accepts a status or a conclusion, as on GitHub.
  if (q.status) out = out.filter((r) => r.status === q.status || r.conclusion === q.status);
  return out;
}

/** The workflow file named by a dispatch (`release.yml` or a numeric id). */
function workflowPathOf(app: SandboxApp, repo: RepoState, workflowId: string): string | null {
  if (/^\d+$/.test(workflowId)) {
    const wf = actionsState(app).workflows.get(Number(workflowId));
    return wf && wf.repo === repo.fullName ? wf.path : null;
  }
  if (!/^[A-Za-z0-9_.-]+\.ya?ml$/.test(workflowId)) return null;
  return `.github/workflows/${workflowId}`;
}

interface DispatchInput {
  readonly required?: boolean;
  readonly default?: unknown;
}

/** Registers the workflow-run, artifact and dispatch routes, and the artifact download URL. */
export function registerActionsRoutes(app: SandboxApp): void {
  app.route('GET', '/repos/{owner}/{repo}/actions/runs', async (req) => {
    const repo = readRepo(app, req);
    const runs = filterRuns(req, [...actionsState(app).runs.values()].filter((r) => r.repo === repo.fullName).reverse());
    const page = app.paginate(req, runs);
    const body = [];
    for (const run of page.items) body.push(runJson(app, repo, run, await headCommit(app, repo, run.headSha)));
    return { status: 200, headers: page.headers, body: { total_count: runs.length, workflow_runs: body } };
  });

  app.route('GET', '/repos/{owner}/{repo}/actions/runs/{run_id}', async (req) => {
    const repo = readRepo(app, req);
    const run = findRun(app, req, repo);
    return { status: 200, body: runJson(app, repo, run, await headCommit(app, repo, run.headSha)) };
  });

  app.route('GET', '/repos/{owner}/{repo}/actions/workflows', (req) => {
    const repo = readRepo(app, req);
    const list = [...actionsState(app).workflows.values()].filter((w) => w.repo === repo.fullName);
    const page = app.paginate(req, list);
    return { status: 200, headers: page.headers, body: { total_count: list.length, workflows: page.items.map((w) => workflowJson(app, repo, w)) } };
  });

  app.route('GET', '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs', async (req) => {
    const repo = readRepo(app, req);
    const path = workflowPathOf(app, repo, req.params.workflow_id ?? '');
    if (!path) app.fail(404, 'Not Found');
    const runs = filterRuns(req, [...actionsState(app).runs.values()].filter((r) => r.repo === repo.fullName && r.path === path).reverse());
    const page = app.paginate(req, runs);
    const body = [];
    for (const run of page.items) body.push(runJson(app, repo, run, await headCommit(app, repo, run.headSha)));
    return { status: 200, headers: page.headers, body: { total_count: runs.length, workflow_runs: body } };
  });

  app.route('GET', '/repos/{owner}/{repo}/actions/runs/{run_id}/artifacts', (req) => {
    const repo = readRepo(app, req);
    const run = findRun(app, req, repo);
    let list = [...actionsState(app).artifacts.values()].filter((a) => a.runId === run.id);
    if (req.query.name) list = list.filter((a) => a.name === req.query.name);
    const page = app.paginate(req, list);
    return { status: 200, headers: page.headers, body: { total_count: list.length, artifacts: page.items.map((a) => artifactJson(app, repo, a)) } };
  });

  app.route('GET', '/repos/{owner}/{repo}/actions/artifacts', (req) => {
    const repo = readRepo(app, req);
    let list = [...actionsState(app).artifacts.values()].filter((a) => a.repo === repo.fullName).reverse();
    if (req.query.name) list = list.filter((a) => a.name === req.query.name);
    const page = app.paginate(req, list);
    return { status: 200, headers: page.headers, body: { total_count: list.length, artifacts: page.items.map((a) => artifactJson(app, repo, a)) } };
  });

  const findArtifact = (req: SandboxRequest, repo: RepoState): ArtifactState => {
    const artifact = actionsState(app).artifacts.get(Number(req.params.artifact_id));
    if (!artifact || artifact.repo !== repo.fullName) app.fail(404, 'Not Found');
    return artifact;
  };

  app.route('GET', '/repos/{owner}/{repo}/actions/artifacts/{artifact_id}', (req) => {
    const repo = readRepo(app, req);
    return { status: 200, body: artifactJson(app, repo, findArtifact(req, repo)) };
  });

  app.route('GET', '/repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}', (req) => {
    const repo = readRepo(app, req);
    const artifact = findArtifact(req, repo);
    if (req.params.archive_format !== 'zip') app.fail(404, 'Not Found');
    if (artifact.expired) app.fail(410, 'Artifact has expired');
    return { status: 302, headers: { location: app.html(`/_sandbox/artifacts/${artifact.id}/${artifact.secret}.zip`) } };
  });

  app.route('POST', '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches', async (req) => {
    const repo = app.requireRepo(req, req.params.owner ?? '', req.params.repo ?? '');
    app.requirePermission(req, repo.fullName, 'actions', 'write');
    const body = objectBody(app, req);
    const ref = stringField(app, body, 'ref');
    const inputs = body.inputs === undefined ? {} : body.inputs;
    if (!inputs || typeof inputs !== 'object' || Array.isArray(inputs)) {
      app.fail(422, 'Invalid request.', [{ resource: 'Request', field: 'inputs', code: 'invalid' }]);
    }
    if (Object.keys(inputs as object).length > 25) app.fail(422, 'Invalid request.\n\nNo more than 25 properties are allowed; 26 were supplied.');
    const store = gitStoreOf(app, repo);
    const fullRef = ref.startsWith('refs/') ? ref : (await store.getRef(repo.owner, repo.name, `refs/heads/${ref}`)) ? `refs/heads/${ref}` : `refs/tags/${ref}`;
    const sha = await store.resolveCommit(repo.owner, repo.name, fullRef);
    if (!sha) app.fail(422, `No ref found for: ${ref}`);
    const path = workflowPathOf(app, repo, req.params.workflow_id ?? '');
    const file = path ? await store.readPath(repo.owner, repo.name, sha, path) : null;
    if (!path || !file || file.kind !== 'file') app.fail(404, 'Not Found');
    let doc: unknown;
    try {
      doc = parseYaml(file.content.toString('utf8'));
    } catch {
      app.fail(422, `Invalid workflow file: ${path}`);
    }
    const on = (doc as { on?: unknown } | null)?.on;
    const triggers = typeof on === 'string' ? { [on]: null } : Array.isArray(on) ? Object.fromEntries(on.map((e) => [String(e), null])) : ((on ?? {}) as Record<string, unknown>);
    if (!Object.prototype.hasOwnProperty.call(triggers, 'workflow_dispatch')) {
      app.fail(422, "Workflow does not have 'workflow_dispatch' trigger");
    }
    const declared = ((triggers.workflow_dispatch as { inputs?: Record<string, DispatchInput> } | null)?.inputs ?? {}) as Record<string, DispatchInput>;
    const given = inputs as Record<string, unknown>;
    const unexpected = Object.keys(given).filter((k) => !(k in declared));
    if (unexpected.length > 0) app.fail(422, `Unexpected inputs provided: ${JSON.stringify(unexpected)}`);
    for (const [name, spec] of Object.entries(declared)) {
      if (spec?.required && given[name] === undefined && spec.default === undefined) app.fail(422, `Required input '${name}' not provided`);
    }
    const wfName = typeof (doc as { name?: unknown }).name === 'string' ? ((doc as { name: string }).name) : path;
    workflowFor(app, repo, path, wfName);
    app.emit('workflow_dispatch', undefined, { inputs: given, ref: fullRef, workflow: path }, req.identity, repo);
    return { status: 204 };
  });

  app.raw('/_sandbox/artifacts', (req, res, context) => serveArtifact(app, req, res, context), { operationId: 'sandbox/artifact-blob' });
}

/** `GET /_sandbox/artifacts/{id}/{secret}.zip`: the redirect target (no auth, like a signed URL). */
function serveArtifact(app: SandboxApp, req: IncomingMessage, res: ServerResponse, context: RawContext): void {
  const m = /^\/(\d+)\/([0-9a-f]+)\.zip$/.exec(context.rest);
  const artifact = m ? actionsState(app).artifacts.get(Number(m[1])) : undefined;
  if (req.method !== 'GET' || !artifact || artifact.secret !== m?.[2] || artifact.expired) {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('Not Found');
    return;
  }
  res.writeHead(200, { 'content-type': 'application/zip', 'content-length': String(artifact.zip.length) });
  res.end(artifact.zip);
}

// ---- admin functions (wired into SandboxAdmin by index.ts) ----------------------------------

/** Records a workflow run (as the workflow runner starts one); returns its id. Emits `workflow_run`. */
export function createWorkflowRun(
  app: SandboxApp,
  fullName: string,
  run: { name: string; path?: string; headSha: string; headBranch?: string; event: string; status?: string; conclusion?: string | null; actor?: string },
): number {
  const repo = requireRepoByName(app, fullName);
  const path = run.path ?? `.github/workflows/${run.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.yml`;
  const wf = workflowFor(app, repo, path, run.name);
  const state = actionsState(app);
  const status = run.conclusion ? 'completed' : (run.status ?? 'queued');
  if (!RUN_STATUSES.includes(status)) throw new Error(`sandbox: invalid workflow run status ${status}`);
  if (run.conclusion && !RUN_CONCLUSIONS.includes(run.conclusion)) throw new Error(`sandbox: invalid workflow run conclusion ${run.conclusion}`);
  const id = app.state.nextId();
  const now = app.timestamp();
  const runNumber = [...state.runs.values()].filter((r) => r.workflowId === wf.id).length + 1;
  const record: RunState = {
    id,
    nodeId: app.state.nodeId('WFR', id),
    repo: repo.fullName,
    workflowId: wf.id,
    name: run.name,
    path,
    headSha: run.headSha,
    // GitHub's artifact schema wants a branch; runs without one are taken as on the default branch.
    headBranch: run.headBranch ?? repo.defaultBranch,
    event: run.event,
    status,
    conclusion: run.conclusion ?? null,
    actor: run.actor ?? repo.owner,
    runNumber,
    createdAt: now,
    updatedAt: now,
    runStartedAt: now,
  };
  state.runs.set(id, record);
  emitRun(app, repo, record, 'requested');
  if (status === 'completed') emitRun(app, repo, record, 'completed');
  return id;
}

/** Moves a workflow run on (a conclusion completes it). Emits `workflow_run`. */
export function updateWorkflowRun(app: SandboxApp, fullName: string, id: number, patch: { status?: string; conclusion?: string | null }): void {
  const repo = requireRepoByName(app, fullName);
  const run = actionsState(app).runs.get(id);
  if (!run || run.repo !== repo.fullName) throw new Error(`sandbox: no workflow run ${id} in ${fullName}`);
  const before = run.status;
  if (patch.conclusion) {
    if (!RUN_CONCLUSIONS.includes(patch.conclusion)) throw new Error(`sandbox: invalid workflow run conclusion ${patch.conclusion}`);
    run.conclusion = patch.conclusion;
    run.status = 'completed';
  } else if (patch.status) {
    if (!RUN_STATUSES.includes(patch.status)) throw new Error(`sandbox: invalid workflow run status ${patch.status}`);
    run.status = patch.status;
    if (patch.status !== 'completed') run.conclusion = null;
    else if (run.conclusion === null) throw new Error('sandbox: a completed workflow run needs a conclusion');
  }
  run.updatedAt = app.timestamp();
  if (run.status === before) return;
  if (run.status === 'in_progress') emitRun(app, repo, run, 'in_progress');
  if (run.status === 'completed') emitRun(app, repo, run, 'completed');
}

/** Stores an artifact of a run as a real zip of `files`; returns its id. */
export function addArtifact(app: SandboxApp, fullName: string, runId: number, name: string, files: Record<string, Buffer | string>): number {
  const repo = requireRepoByName(app, fullName);
  const run = actionsState(app).runs.get(runId);
  if (!run || run.repo !== repo.fullName) throw new Error(`sandbox: no workflow run ${runId} in ${fullName}`);
  const id = app.state.nextId();
  const created = app.now();
  const artifact: ArtifactState = {
    id,
    nodeId: app.state.nodeId('MDg6QXJ0aWZhY3Q', id),
    repo: repo.fullName,
    runId,
    name,
    zip: writeZip(files),
    secret: randomBytes(16).toString('hex'),
    createdAt: app.timestamp(),
    // GitHub keeps artifacts 90 days by default.
    expiresAt: new Date(created.getTime() + 90 * 24 * 3600 * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    expired: false,
  };
  actionsState(app).artifacts.set(id, artifact);
  return id;
}

/** Marks an artifact expired (downloads then answer 410, as on GitHub). */
export function expireArtifact(app: SandboxApp, id: number): void {
  const artifact = actionsState(app).artifacts.get(id);
  if (!artifact) throw new Error(`sandbox: no artifact ${id}`);
  artifact.expired = true;
}
