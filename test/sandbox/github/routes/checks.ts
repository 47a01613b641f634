/**
 * Check runs, check suites and commit statuses, settable through the API (apps and workflow
 * tokens, like GitHub) and directly by tests and scenarios (`addCheckRun`, `updateCheckRun`,
 * `setCommitStatus`). Emits `check_run`, `check_suite` (completed once every run of the suite
 * is) and `status` webhooks.
 */
import type { SandboxApp, SandboxRequest } from '../app.js';
import { Renderer } from '../render.js';
import type { Identity, RepoState } from '../state.js';
import { type CommitInfo, EMPTY_TREE } from '../git-store.js';
import { commitJson, gitStoreOf, objectBody, stringField } from './git.js';

const CHECK_STATUSES = ['queued', 'in_progress', 'completed', 'waiting', 'requested', 'pending'] as const;
const CONCLUSIONS = ['success', 'failure', 'neutral', 'cancelled', 'skipped', 'timed_out', 'action_required', 'stale'] as const;
const STATUS_STATES = ['error', 'failure', 'pending', 'success'] as const;

type CheckStatus = (typeof CHECK_STATUSES)[number];
type StatusState = (typeof STATUS_STATES)[number];

interface CheckRunState {
  readonly id: number;
  readonly nodeId: string;
  readonly repo: string;
  readonly headSha: string;
  name: string;
  status: CheckStatus;
  conclusion: string | null;
  startedAt: string | null;
  completedAt: string | null;
  externalId: string | null;
  detailsUrl: string | null;
  readonly appSlug: string;
  readonly suiteId: number;
  output: { title: string | null; summary: string | null; text: string | null };
}

interface CheckSuiteState {
  readonly id: number;
  readonly nodeId: string;
  readonly repo: string;
  readonly headSha: string;
  readonly appSlug: string;
  status: CheckStatus;
  conclusion: string | null;
  readonly createdAt: string;
  updatedAt: string;
}

interface StatusRecord {
  readonly id: number;
  readonly nodeId: string;
  readonly repo: string;
  readonly sha: string;
  readonly context: string;
  readonly state: StatusState;
  readonly targetUrl: string | null;
  readonly description: string | null;
  readonly creator: string | null;
  readonly createdAt: string;
}

interface ChecksState {
  readonly runs: Map<number, CheckRunState>;
  readonly suites: Map<number, CheckSuiteState>;
  /** Newest last. */
  readonly statuses: StatusRecord[];
}

function checksState(app: SandboxApp): ChecksState {
  return app.state.extension<ChecksState>('checks', () => ({ runs: new Map(), suites: new Map(), statuses: [] }));
}

/** Errors from async webhook building (status payloads read git), kept for tests. */
export function checksErrors(app: SandboxApp): unknown[] {
  return app.state.extension<unknown[]>('checks:errors', () => []);
}

// The app GitHub Actions runs as: workflow tokens and scenario runs without an app belong to it.
const ACTIONS_APP = 'github-actions';

function requireRepoByName(app: SandboxApp, fullName: string): RepoState {
  const repo = app.state.repoByFullName(fullName);
  if (!repo) throw new Error(`sandbox: unknown repository ${fullName}`);
  return repo;
}

function suiteFor(app: SandboxApp, repo: RepoState, sha: string, appSlug: string): CheckSuiteState {
  const state = checksState(app);
  for (const suite of state.suites.values()) {
    if (suite.repo === repo.fullName && suite.headSha === sha && suite.appSlug === appSlug) return suite;
  }
  const id = app.state.nextId();
  const now = app.timestamp();
  const suite: CheckSuiteState = { id, nodeId: app.state.nodeId('CS', id), repo: repo.fullName, headSha: sha, appSlug, status: 'queued', conclusion: null, createdAt: now, updatedAt: now };
  state.suites.set(id, suite);
  return suite;
}

function isCheckStatus(value: unknown): value is CheckStatus {
  return typeof value === 'string' && (CHECK_STATUSES as readonly string[]).includes(value);
}

function isConclusion(value: unknown): value is string {
  return typeof value === 'string' && (CONCLUSIONS as readonly string[]).includes(value);
}

/** Creates a check run; `actor` is who the webhooks name as sender. */
function createRun(
  app: SandboxApp,
  repo: RepoState,
  sha: string,
  input: { name: string; status?: string; conclusion?: string | null; appSlug: string; detailsUrl?: string | null; externalId?: string | null; output?: Partial<CheckRunState['output']>; startedAt?: string | null },
  actor: Identity | null,
): { run: CheckRunState; settled: Promise<void> } {
  const conclusion = input.conclusion ?? null;
  if (conclusion !== null && !isConclusion(conclusion)) throw new Error(`sandbox: invalid check conclusion ${conclusion}`);
  const status: CheckStatus = conclusion !== null ? 'completed' : isCheckStatus(input.status) ? input.status : 'queued';
  if (status === 'completed' && conclusion === null) throw new Error('sandbox: a completed check run needs a conclusion');
  const suite = suiteFor(app, repo, sha, input.appSlug);
  const id = app.state.nextId();
  const now = app.timestamp();
  const run: CheckRunState = {
    id,
    nodeId: app.state.nodeId('CR', id),
    repo: repo.fullName,
    headSha: sha,
    name: input.name,
    status,
    conclusion,
    startedAt: input.startedAt ?? now,
    completedAt: status === 'completed' ? now : null,
    externalId: input.externalId ?? null,
    detailsUrl: input.detailsUrl ?? null,
    appSlug: input.appSlug,
    suiteId: suite.id,
    output: { title: input.output?.title ?? null, summary: input.output?.summary ?? null, text: input.output?.text ?? null },
  };
  checksState(app).runs.set(id, run);
  app.emit('check_run', 'created', { check_run: runJson(app, repo, run, true) }, actor, repo);
  if (status === 'completed') app.emit('check_run', 'completed', { check_run: runJson(app, repo, run, true) }, actor, repo);
  return { run, settled: refreshSuite(app, repo, suite, actor) };
}

/** Applies a patch synchronously; the promise settles once the suite webhook (if any) is out. */
function patchRun(app: SandboxApp, repo: RepoState, run: CheckRunState, patch: { name?: string; status?: string; conclusion?: string | null; detailsUrl?: string | null; output?: Partial<CheckRunState['output']> }, actor: Identity | null): Promise<void> {
  const wasCompleted = run.status === 'completed';
  if (patch.name !== undefined) run.name = patch.name;
  if (patch.detailsUrl !== undefined) run.detailsUrl = patch.detailsUrl;
  if (patch.output) run.output = { ...run.output, ...patch.output };
  if (patch.conclusion !== undefined && patch.conclusion !== null) {
    if (!isConclusion(patch.conclusion)) throw new Error(`sandbox: invalid check conclusion ${patch.conclusion}`);
    run.conclusion = patch.conclusion;
    run.status = 'completed';
  } else if (patch.status !== undefined) {
    if (!isCheckStatus(patch.status)) throw new Error(`sandbox: invalid check status ${patch.status}`);
    run.status = patch.status;
    if (patch.status !== 'completed') run.conclusion = null;
  }
  if (run.status === 'completed' && run.conclusion === null) throw new Error('sandbox: a completed check run needs a conclusion');
  if (run.status === 'completed' && !wasCompleted) run.completedAt = app.timestamp();
  if (run.status !== 'completed') run.completedAt = null;
  const action = run.status === 'completed' && !wasCompleted ? 'completed' : 'updated';
  // GitHub has no `updated` action for check_run: only created, completed, rerequested, requested_action.
  if (action === 'completed') app.emit('check_run', 'completed', { check_run: runJson(app, repo, run, true) }, actor, repo);
  const suite = checksState(app).suites.get(run.suiteId);
  return suite ? refreshSuite(app, repo, suite, actor) : Promise.resolve();
}

// The most severe conclusion decides the suite's conclusion, as GitHub aggregates them.
const SEVERITY = ['action_required', 'cancelled', 'timed_out', 'failure', 'stale', 'neutral', 'success', 'skipped'];

/**
 * Recomputes a suite's status synchronously; when it has just completed, emits `check_suite`
 * once its head commit has been read from git (the returned promise).
 */
function refreshSuite(app: SandboxApp, repo: RepoState, suite: CheckSuiteState, actor: Identity | null): Promise<void> {
  const runs = [...checksState(app).runs.values()].filter((r) => r.suiteId === suite.id);
  const before = suite.status;
  if (runs.length > 0 && runs.every((r) => r.status === 'completed')) {
    suite.status = 'completed';
    const conclusions = runs.map((r) => r.conclusion ?? 'neutral');
    const worst = SEVERITY.find((c) => conclusions.includes(c)) ?? 'neutral';
    suite.conclusion = worst === 'skipped' ? 'success' : worst;
  } else {
    suite.status = runs.some((r) => r.status !== 'queued') ? 'in_progress' : 'queued';
    suite.conclusion = null;
  }
  suite.updatedAt = app.timestamp();
  if (suite.status !== 'completed' || before === 'completed') return Promise.resolve();
  const snapshot = suiteJson(app, repo, suite, true);
  return gitStoreOf(app, repo)
    .readCommit(repo.owner, repo.name, suite.headSha)
    .then((commit) => {
      app.emit('check_suite', 'completed', { check_suite: { ...snapshot, head_commit: simpleCommitJson(commit, suite.headSha, suite.createdAt) } }, actor, repo);
    })
    .catch((error: unknown) => {
      checksErrors(app).push(error);
    });
}

/** GitHub's simple-commit (webhooks); a placeholder when the sha is not in the repository. */
export function simpleCommitJson(c: CommitInfo | null, sha: string, at: string): Record<string, unknown> {
  if (!c) {
    const nobody = { name: 'unknown', email: 'unknown@users.noreply.github.com' };
    return { id: sha, tree_id: EMPTY_TREE, message: '', timestamp: at, author: nobody, committer: nobody };
  }
  return {
    id: c.sha,
    tree_id: c.tree,
    message: c.message,
    timestamp: c.committer.date,
    author: { name: c.author.name, email: c.author.email },
    committer: { name: c.committer.name, email: c.committer.email },
  };
}

function appJson(app: SandboxApp, slug: string): Record<string, unknown> | null {
  return new Renderer(app.state, app.apiUrl, app.serverUrl).app(slug);
}

function suiteJson(app: SandboxApp, repo: RepoState, suite: CheckSuiteState, forWebhook = false): Record<string, unknown> {
  const runs = [...checksState(app).runs.values()].filter((r) => r.suiteId === suite.id);
  const body: Record<string, unknown> = {
    id: suite.id,
    node_id: suite.nodeId,
    head_branch: null,
    head_sha: suite.headSha,
    status: suite.status,
    conclusion: suite.conclusion,
    url: app.api(`/repos/${repo.fullName}/check-suites/${suite.id}`),
    before: null,
    after: suite.headSha,
    pull_requests: [],
    app: appJson(app, suite.appSlug),
    created_at: suite.createdAt,
    updated_at: suite.updatedAt,
    latest_check_runs_count: runs.length,
    check_runs_url: app.api(`/repos/${repo.fullName}/check-suites/${suite.id}/check-runs`),
    rerequestable: true,
    runs_rerequestable: true,
  };
  if (!forWebhook) body.repository = app.repoJson(repo);
  return body;
}

function runJson(app: SandboxApp, repo: RepoState, run: CheckRunState, forWebhook = false): Record<string, unknown> {
  const suite = checksState(app).suites.get(run.suiteId);
  return {
    id: run.id,
    head_sha: run.headSha,
    node_id: run.nodeId,
    // Webhooks carry '' where the REST answer has null.
    external_id: forWebhook ? (run.externalId ?? '') : run.externalId,
    url: app.api(`/repos/${repo.fullName}/check-runs/${run.id}`),
    html_url: app.html(`/${repo.fullName}/runs/${run.id}`),
    details_url: run.detailsUrl ?? app.html(`/${repo.fullName}/runs/${run.id}`),
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: { ...run.output, annotations_count: 0, annotations_url: app.api(`/repos/${repo.fullName}/check-runs/${run.id}/annotations`) },
    name: run.name,
    check_suite: forWebhook && suite ? suiteJson(app, repo, suite, true) : { id: run.suiteId },
    app: appJson(app, run.appSlug),
    pull_requests: [],
  };
}

function combinedState(statuses: readonly StatusRecord[]): StatusState {
  if (statuses.length === 0) return 'pending';
  if (statuses.some((s) => s.state === 'error' || s.state === 'failure')) return 'failure';
  if (statuses.some((s) => s.state === 'pending')) return 'pending';
  return 'success';
}

function statusJson(app: SandboxApp, repo: RepoState, s: StatusRecord, withCreator = true): Record<string, unknown> {
  const body: Record<string, unknown> = {
    url: app.api(`/repos/${repo.fullName}/statuses/${s.sha}`),
    avatar_url: null,
    id: s.id,
    node_id: s.nodeId,
    state: s.state,
    description: s.description,
    target_url: s.targetUrl,
    context: s.context,
    created_at: s.createdAt,
    updated_at: s.createdAt,
  };
  if (withCreator) body.creator = s.creator ? app.userJson(s.creator) : null;
  return body;
}

function addStatus(
  app: SandboxApp,
  repo: RepoState,
  sha: string,
  input: { context: string; state: StatusState; targetUrl?: string | null; description?: string | null },
  actor: Identity | null,
): StatusRecord {
  const id = app.state.nextId();
  const record: StatusRecord = {
    id,
    nodeId: app.state.nodeId('SC', id),
    repo: repo.fullName,
    sha,
    context: input.context,
    state: input.state,
    targetUrl: input.targetUrl ?? null,
    description: input.description ?? null,
    creator: app.loginOf(actor),
    createdAt: app.timestamp(),
  };
  checksState(app).statuses.push(record);
  return record;
}

/** Emits the `status` webhook (it carries the commit, which is read from git first). */
async function emitStatus(app: SandboxApp, repo: RepoState, record: StatusRecord, actor: Identity | null): Promise<void> {
  const store = gitStoreOf(app, repo);
  const commit = await store.readCommit(repo.owner, repo.name, record.sha);
  const branches = commit
    ? (await store.listRefs(repo.owner, repo.name, 'refs/heads/'))
        .filter((r) => r.sha === record.sha)
        .map((r) => ({ name: r.ref.slice('refs/heads/'.length), commit: { sha: r.sha, url: app.api(`/repos/${repo.fullName}/commits/${r.sha}`) }, protected: false }))
    : [];
  app.emit(
    'status',
    undefined,
    {
      id: record.id,
      sha: record.sha,
      name: repo.fullName,
      target_url: record.targetUrl,
      avatar_url: null,
      context: record.context,
      description: record.description,
      state: record.state,
      commit: commit ? commitJson(app, repo, commit) : null,
      branches,
      created_at: record.createdAt,
      updated_at: record.createdAt,
    },
    actor,
    repo,
  );
}

/** Latest status per context, newest first. */
function latestPerContext(statuses: readonly StatusRecord[]): StatusRecord[] {
  const seen = new Set<string>();
  const out: StatusRecord[] = [];
  for (let i = statuses.length - 1; i >= 0; i--) {
    const s = statuses[i] as StatusRecord;
    if (seen.has(s.context)) continue;
    seen.add(s.context);
    out.push(s);
  }
  return out;
}

async function resolveSha(app: SandboxApp, repo: RepoState, ref: string, missing: 404 | 422): Promise<string> {
  const sha = await gitStoreOf(app, repo).resolveCommit(repo.owner, repo.name, ref);
  if (!sha) app.fail(missing, `No commit found for SHA: ${ref}`);
  return sha;
}

function access(app: SandboxApp, req: SandboxRequest, scope: 'checks' | 'statuses', level: 'read' | 'write'): RepoState {
  const repo = app.requireRepo(req, req.params.owner ?? '', req.params.repo ?? '');
  app.requirePermission(req, repo.fullName, scope, level);
  return repo;
}

/** Which app a token acts as for checks: only apps (and Actions' workflow tokens) create check runs. */
function checksAppOf(app: SandboxApp, identity: Identity | null): string {
  if (identity?.kind === 'app') return identity.appSlug;
  if (identity?.kind === 'workflow') return ACTIONS_APP;
  return app.fail(403, 'You must authenticate via a GitHub App.');
}

function outputOf(value: unknown): Partial<CheckRunState['output']> | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  const text = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
  return { title: text('title'), summary: text('summary'), text: text('text') };
}

/** Registers the check-run, check-suite and commit-status routes. */
export function registerChecksRoutes(app: SandboxApp): void {
  app.route('POST', '/repos/{owner}/{repo}/check-runs', async (req) => {
    const repo = access(app, req, 'checks', 'write');
    const appSlug = checksAppOf(app, req.identity);
    const body = objectBody(app, req);
    const name = stringField(app, body, 'name');
    const headSha = stringField(app, body, 'head_sha');
    const sha = await gitStoreOf(app, repo).resolveCommit(repo.owner, repo.name, headSha);
    if (!sha || sha !== headSha.toLowerCase()) app.fail(422, `No commit found for SHA: ${headSha}`);
    if (body.status !== undefined && !isCheckStatus(body.status)) app.fail(422, 'Invalid request.', [{ resource: 'CheckRun', field: 'status', code: 'invalid' }]);
    if (body.conclusion !== undefined && body.conclusion !== null && !isConclusion(body.conclusion)) {
      app.fail(422, 'Invalid request.', [{ resource: 'CheckRun', field: 'conclusion', code: 'invalid' }]);
    }
    if (body.status === 'completed' && !body.conclusion) app.fail(422, 'Invalid request.\n\nconclusion is required when status is completed.');
    const { run, settled } = createRun(
      app,
      repo,
      sha,
      {
        name,
        status: body.status as string | undefined,
        conclusion: (body.conclusion as string | null | undefined) ?? null,
        appSlug,
        detailsUrl: typeof body.details_url === 'string' ? body.details_url : null,
        externalId: typeof body.external_id === 'string' ? body.external_id : null,
        output: outputOf(body.output),
        startedAt: typeof body.started_at === 'string' ? body.started_at : null,
      },
      req.identity,
    );
    await settled;
    return { status: 201, body: runJson(app, repo, run) };
  });

  const findRun = (req: SandboxRequest, repo: RepoState): CheckRunState => {
    const run = checksState(app).runs.get(Number(req.params.check_run_id));
    if (!run || run.repo !== repo.fullName) app.fail(404, 'Not Found');
    return run;
  };

  app.route('GET', '/repos/{owner}/{repo}/check-runs/{check_run_id}', (req) => {
    const repo = access(app, req, 'checks', 'read');
    return { status: 200, body: runJson(app, repo, findRun(req, repo)) };
  });

  app.route('PATCH', '/repos/{owner}/{repo}/check-runs/{check_run_id}', async (req) => {
    const repo = access(app, req, 'checks', 'write');
    const appSlug = checksAppOf(app, req.identity);
    const run = findRun(req, repo);
    if (run.appSlug !== appSlug) app.fail(403, 'Invalid app_id `' + appSlug + '` - check run can only be modified by the GitHub App that created it.');
    const body = objectBody(app, req);
    if (body.status !== undefined && !isCheckStatus(body.status)) app.fail(422, 'Invalid request.', [{ resource: 'CheckRun', field: 'status', code: 'invalid' }]);
    if (body.conclusion !== undefined && body.conclusion !== null && !isConclusion(body.conclusion)) {
      app.fail(422, 'Invalid request.', [{ resource: 'CheckRun', field: 'conclusion', code: 'invalid' }]);
    }
    if (body.status === 'completed' && !body.conclusion && run.conclusion === null) app.fail(422, 'Invalid request.\n\nconclusion is required when status is completed.');
    await patchRun(
      app,
      repo,
      run,
      {
        name: typeof body.name === 'string' ? body.name : undefined,
        status: body.status as string | undefined,
        conclusion: body.conclusion as string | null | undefined,
        detailsUrl: typeof body.details_url === 'string' ? body.details_url : undefined,
        output: outputOf(body.output),
      },
      req.identity,
    );
    return { status: 200, body: runJson(app, repo, run) };
  });

  app.route('GET', '/repos/{owner}/{repo}/commits/{ref}/check-runs', async (req) => {
    const repo = access(app, req, 'checks', 'read');
    const sha = await resolveSha(app, repo, req.params.ref ?? '', 422);
    let runs = [...checksState(app).runs.values()].filter((r) => r.repo === repo.fullName && r.headSha === sha).reverse();
    if (req.query.check_name) runs = runs.filter((r) => r.name === req.query.check_name);
    if (req.query.status) runs = runs.filter((r) => r.status === req.query.status);
    if (req.query.app_id) runs = runs.filter((r) => String(app.state.apps.get(r.appSlug)?.appId ?? '') === req.query.app_id);
    if ((req.query.filter ?? 'latest') === 'latest') {
      // The newest run of each name per suite, as GitHub's default `filter=latest`.
      const seen = new Set<string>();
      runs = runs.filter((r) => {
        const key = `${r.suiteId}:${r.name}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    }
    const page = app.paginate(req, runs);
    return { status: 200, headers: page.headers, body: { total_count: runs.length, check_runs: page.items.map((r) => runJson(app, repo, r)) } };
  });

  app.route('GET', '/repos/{owner}/{repo}/commits/{ref}/check-suites', async (req) => {
    const repo = access(app, req, 'checks', 'read');
    const sha = await resolveSha(app, repo, req.params.ref ?? '', 422);
    let suites = [...checksState(app).suites.values()].filter((s) => s.repo === repo.fullName && s.headSha === sha);
    if (req.query.app_id) suites = suites.filter((s) => String(app.state.apps.get(s.appSlug)?.appId ?? '') === req.query.app_id);
    const commit = await gitStoreOf(app, repo).readCommit(repo.owner, repo.name, sha);
    const page = app.paginate(req, suites);
    const headCommit = commit
      ? { id: commit.sha, tree_id: commit.tree, message: commit.message, timestamp: commit.committer.date, author: { name: commit.author.name, email: commit.author.email }, committer: { name: commit.committer.name, email: commit.committer.email } }
      : null;
    return {
      status: 200,
      headers: page.headers,
      body: { total_count: suites.length, check_suites: page.items.map((s) => ({ ...suiteJson(app, repo, s), head_commit: headCommit })) },
    };
  });

  app.route('POST', '/repos/{owner}/{repo}/statuses/{sha}', async (req) => {
    const repo = access(app, req, 'statuses', 'write');
    const body = objectBody(app, req);
    const state = stringField(app, body, 'state');
    if (!(STATUS_STATES as readonly string[]).includes(state)) {
      app.fail(422, 'Validation Failed', [{ resource: 'Status', field: 'state', code: 'custom', message: `state is not included in the list` }]);
    }
    const shaParam = req.params.sha ?? '';
    const sha = await gitStoreOf(app, repo).resolveCommit(repo.owner, repo.name, shaParam);
    if (!sha) app.fail(422, `No commit found for SHA: ${shaParam}`);
    const record = addStatus(
      app,
      repo,
      sha,
      {
        context: typeof body.context === 'string' && body.context ? body.context : 'default',
        state: state as StatusState,
        targetUrl: typeof body.target_url === 'string' ? body.target_url : null,
        description: typeof body.description === 'string' ? body.description : null,
      },
      req.identity,
    );
    await emitStatus(app, repo, record, req.identity);
    return { status: 201, body: statusJson(app, repo, record), headers: { location: app.api(`/repos/${repo.fullName}/statuses/${sha}`) } };
  });

  app.route('GET', '/repos/{owner}/{repo}/commits/{ref}/status', async (req) => {
    const repo = access(app, req, 'statuses', 'read');
    const sha = await resolveSha(app, repo, req.params.ref ?? '', 404);
    const latest = latestPerContext(checksState(app).statuses.filter((s) => s.repo === repo.fullName && s.sha === sha));
    const page = app.paginate(req, latest);
    return {
      status: 200,
      headers: page.headers,
      body: {
        state: combinedState(latest),
        statuses: page.items.map((s) => statusJson(app, repo, s, false)),
        sha,
        total_count: latest.length,
        repository: app.repoJson(repo),
        commit_url: app.api(`/repos/${repo.fullName}/commits/${sha}`),
        url: app.api(`/repos/${repo.fullName}/commits/${sha}/status`),
      },
    };
  });

  app.route('GET', '/repos/{owner}/{repo}/commits/{ref}/statuses', async (req) => {
    const repo = access(app, req, 'statuses', 'read');
    const sha = await resolveSha(app, repo, req.params.ref ?? '', 404);
    const all = checksState(app).statuses.filter((s) => s.repo === repo.fullName && s.sha === sha).reverse();
    const page = app.paginate(req, all);
    return { status: 200, headers: page.headers, body: page.items.map((s) => statusJson(app, repo, s)) };
  });
}

// ---- admin functions (wired into SandboxAdmin by index.ts) ----------------------------------

/**
 * Adds a check run as the named app (default `github-actions`); returns its id. Emits webhooks
 * (a completed suite's `check_suite` follows a git read, a few milliseconds later).
 */
export function addCheckRun(
  app: SandboxApp,
  fullName: string,
  sha: string,
  run: { name: string; status: 'queued' | 'in_progress' | 'completed'; conclusion?: string | null; appSlug?: string },
): number {
  const repo = requireRepoByName(app, fullName);
  if (!/^[0-9a-f]{40}$/.test(sha)) throw new Error(`sandbox: addCheckRun needs a full commit sha, got ${sha}`);
  const appSlug = run.appSlug ?? ACTIONS_APP;
  const created = createRun(app, repo, sha, { name: run.name, status: run.status, conclusion: run.conclusion ?? null, appSlug }, botIdentity(appSlug));
  return created.run.id;
}

/** Changes a check run's status/conclusion (a conclusion completes it). Emits webhooks. */
export function updateCheckRun(app: SandboxApp, fullName: string, id: number, patch: { status?: string; conclusion?: string | null }): void {
  const repo = requireRepoByName(app, fullName);
  const run = checksState(app).runs.get(id);
  if (!run || run.repo !== repo.fullName) throw new Error(`sandbox: no check run ${id} in ${fullName}`);
  void patchRun(app, repo, run, patch, botIdentity(run.appSlug));
}

/**
 * Sets a commit status (a new entry for its context). The `status` webhook follows once the
 * commit has been read from git (a few milliseconds later); failures land in `checksErrors`.
 */
export function setCommitStatus(
  app: SandboxApp,
  fullName: string,
  sha: string,
  status: { context: string; state: 'error' | 'failure' | 'pending' | 'success'; targetUrl?: string; description?: string },
): void {
  const repo = requireRepoByName(app, fullName);
  if (!/^[0-9a-f]{40}$/.test(sha)) throw new Error(`sandbox: setCommitStatus needs a full commit sha, got ${sha}`);
  const actor = botIdentity(ACTIONS_APP);
  const record = addStatus(app, repo, sha, { context: status.context, state: status.state, targetUrl: status.targetUrl ?? null, description: status.description ?? null }, actor);
  emitStatus(app, repo, record, actor).catch((error: unknown) => checksErrors(app).push(error));
}

/** The identity scenario-made checks act as: the app's bot (webhook sender). */
function botIdentity(appSlug: string): Identity {
  return { kind: 'user', login: `${appSlug}[bot]` };
}
