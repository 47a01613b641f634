/**
 * The sandbox workflow runner: takes webhook deliveries (or dispatch calls), picks the workflows
 * whose `on:` matches, and runs their jobs the way GitHub's runner does, recording every run.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isMapping, isString } from '@actions/workflow-parser';
import type { Job, ReusableWorkflowJob, Step, WorkflowJob } from '@actions/workflow-parser/model/workflow-template';
import type { MappingToken, TemplateToken } from '@actions/workflow-parser/templates/tokens/index';
import { Cancellation } from './cancellation.js';
import { ConcurrencyGroups, type ConcurrencyHolder } from './concurrency.js';
import { evaluateCondition, evaluateString, evaluateStringMap, evaluateToken, stringify, type Contexts, type StatusState } from './expressions.js';
import { createStandIns, type StandInOptions } from './stand-ins/index.js';
import { Masker } from './step-io.js';
import { executeSteps, type StepScope, type StepSpec } from './steps.js';
import { matchTrigger, resolveInputs, type EventFacts, type InputDefinition } from './triggers.js';
import type { ActionImpl, Conclusion, Delivery, JobRecord, NewRun, PermissionLevel, RunRecord, RunnerHost, ScopedValues, StepRecord } from './types.js';
import { findKey, loadWorkflow, rawJob, rawSteps, WorkflowFileError, type LoadedWorkflow } from './workflow-file.js';

/** How to build a runner. */
export interface WorkflowRunnerOptions {
  readonly host: RunnerHost;
  /** Stand-ins for `owner/repo` actions, merged over the built-in ones (see stand-ins/README.md). */
  readonly actions?: Readonly<Record<string, ActionImpl>>;
  /** Where `uses: ./…` resolves (instead of the job workspace, so tests need no checkout). */
  readonly localActionDir?: string;
  readonly secrets: ScopedValues;
  readonly vars?: ScopedValues;
  /** Scratch space: one folder per run and job (workspace, temp files, event.json). */
  readonly workDir: string;
  readonly clock?: { now(): Date };
  /** Length of one `timeout-minutes` minute in ms (default 60 000; tests shrink it). */
  readonly minuteMs?: number;
  readonly firstRunId?: number;
  /** Options for the built-in stand-ins (App ids → slugs for create-github-app-token). */
  readonly standIns?: StandInOptions;
  /** Progress for timelines (`npm start`): deliveries handled, run status changes, jobs and steps done. */
  readonly onEvent?: (event: RunnerEvent) => void;
}

/** What `onEvent` is told, as it happens. */
export type RunnerEvent =
  | { readonly type: 'delivery'; readonly outcome: DeliveryOutcome }
  | { readonly type: 'run'; readonly run: RunRecord }
  | { readonly type: 'job'; readonly run: RunRecord; readonly job: JobRecord }
  | { readonly type: 'step'; readonly run: RunRecord; readonly job: JobRecord; readonly step: StepRecord };

/** What happened to one delivery. */
export interface DeliveryOutcome {
  readonly delivery: Delivery;
  /** Ids of the runs it started. */
  readonly runIds: number[];
  /** Why it started nothing, when it did not. */
  ignored?: string;
  /** Per workflow file: whether `on:` matched and why. */
  readonly decisions: { path: string; matches: boolean; reason: string }[];
}

/** The runner as tests and `npm start` drive it. */
export interface WorkflowRunner {
  /** Subscribes to the host's deliveries. */
  start(): void;
  /** Runs a workflow_dispatch as the API would; resolves with the finished run. */
  dispatch(repository: string, workflowFile: string, ref: string, inputs: Record<string, unknown>, actor: string): Promise<RunRecord>;
  /** Waits until no delivery is being handled and no run is queued or running; rejects with new workflow-file errors. */
  idle(): Promise<void>;
  readonly runs: RunRecord[];
  readonly deliveries: DeliveryOutcome[];
  /** Invalid workflow files and host hook failures, in order. */
  readonly errors: Error[];
  /** Unsubscribes, cancels what still runs and waits for it. */
  stop(): Promise<void>;
}

const DEFAULT_PERMISSIONS: Record<string, PermissionLevel> = { contents: 'read', metadata: 'read' };
const ALL_SCOPES = [
  'actions', 'attestations', 'checks', 'contents', 'deployments', 'discussions', 'id-token', 'issues', 'metadata',
  'packages', 'pages', 'pull-requests', 'repository-projects', 'security-events', 'statuses',
];
const DEFAULT_JOB_TIMEOUT_MINUTES = 360;

interface ActiveRun extends ConcurrencyHolder {
  readonly record: RunRecord;
  readonly cancellation: Cancellation;
}

/** The part of a workflow run that jobs (including those of called workflows) share. */
interface WorkflowScope {
  readonly run: ActiveRun;
  readonly workflow: LoadedWorkflow;
  /** Repository whose secrets, vars and environments apply (the caller's for a called workflow). */
  readonly repository: string;
  readonly github: Record<string, unknown>;
  readonly inputs: Record<string, unknown>;
  /** Secrets without environment secrets; for a called workflow only those passed to it. */
  readonly secrets: Record<string, string>;
  readonly vars: Record<string, string>;
  readonly eventPath: string;
  readonly runDir: string;
  readonly idPrefix: string;
  readonly namePrefix: string;
  /** Caller's permissions: a called workflow's jobs can only narrow them. */
  readonly permissionsCap?: Record<string, PermissionLevel>;
  /** Caller's permissions used when a called job declares none. */
  readonly inheritedPermissions?: Record<string, PermissionLevel>;
}

interface JobResult {
  readonly result: Conclusion;
  readonly outputs: Record<string, string>;
}

/** Creates a runner; call start() to follow deliveries. */
export function createWorkflowRunner(options: WorkflowRunnerOptions): WorkflowRunner {
  const { host } = options;
  const clock = options.clock ?? { now: () => new Date() };
  const minuteMs = options.minuteMs ?? 60_000;
  const actions: Record<string, ActionImpl> = { ...createStandIns(options.standIns), ...options.actions };
  const groups = new ConcurrencyGroups();
  const runs: RunRecord[] = [];
  const deliveries: DeliveryOutcome[] = [];
  const errors: Error[] = [];
  const inflight = new Set<Promise<unknown>>();
  const active = new Set<ActiveRun>();
  const runNumbers = new Map<string, number>();
  let nextRunId = options.firstRunId ?? 1000;
  let reported = 0;
  let unsubscribe: (() => void) | undefined;
  // Deliveries and dispatches are taken one at a time, so runs are created (and enter their
  // concurrency groups) in arrival order, as GitHub queues them.
  let intake: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const next = intake.then(task);
    intake = next.catch(() => undefined);
    return next;
  };

  const track = <T>(promise: Promise<T>): Promise<T> => {
    inflight.add(promise);
    const done = (): void => {
      inflight.delete(promise);
    };
    promise.then(done, done);
    return promise;
  };

  const emit = (event: RunnerEvent): void => {
    try {
      options.onEvent?.(event);
    } catch (error) {
      errors.push(error instanceof Error ? error : new Error(String(error)));
    }
  };

  const report = async (record: RunRecord): Promise<void> => {
    emit({ type: 'run', run: record });
    if (host.reportRun === undefined) return;
    try {
      await host.reportRun(record);
    } catch (error) {
      errors.push(error instanceof Error ? error : new Error(String(error)));
    }
  };

  const allocateRunId = (run: NewRun): number => {
    if (host.createRun === undefined) return nextRunId++;
    return host.createRun(run);
  };

  const scoped = (values: ScopedValues | undefined, repository: string, environment?: string): Record<string, string> => {
    if (values === undefined) return {};
    const repo = values.repo[repository] ?? {};
    const env = environment !== undefined ? (values.environments[`${repository}:${environment}`] ?? {}) : {};
    return { ...repo, ...env };
  };

  async function readWorkflow(repository: string, ref: string, path: string): Promise<LoadedWorkflow> {
    const files = await host.readWorkflowFiles(repository, ref);
    const file = files.find((f) => f.path === path);
    if (file === undefined) throw new Error(`Workflow file not found: ${repository}/${path}@${ref}`);
    return loadWorkflow(repository, file);
  }

  /** Records an invalid workflow file as GitHub does: a failed run naming the parser's messages. */
  function recordInvalid(error: WorkflowFileError, base: Omit<RunRecord, 'id' | 'runNumber' | 'status' | 'queuedAt' | 'jobs' | 'workflow'>): RunRecord {
    const now = clock.now();
    const id = allocateRunId({ repository: base.repository, workflowPath: error.path, workflowName: error.path, event: base.event, ref: base.ref, sha: base.sha, actor: base.actor });
    const record: RunRecord = {
      ...base,
      id,
      runNumber: 0,
      workflow: { path: error.path, name: error.path },
      status: 'completed',
      queuedAt: now,
      startedAt: now,
      finishedAt: now,
      conclusion: 'failure',
      jobs: [],
      error: error.message,
    };
    runs.push(record);
    errors.push(error);
    void report(record);
    return record;
  }

  async function handleDelivery(delivery: Delivery): Promise<void> {
    const outcome: DeliveryOutcome = { delivery, runIds: [], decisions: [] };
    deliveries.push(outcome);
    // GitHub's rule: events caused by GITHUB_TOKEN start no workflow, so workflows cannot loop.
    if (delivery.causedBy === 'workflow-token' && delivery.event !== 'workflow_dispatch' && delivery.event !== 'repository_dispatch') {
      outcome.ignored = 'caused by a workflow GITHUB_TOKEN';
      return;
    }
    if (delivery.repository === '') {
      outcome.ignored = 'no repository';
      return;
    }
    const payload = delivery.payload;
    const repository = delivery.repository;
    const repoPayload = (payload.repository ?? {}) as { default_branch?: string };
    let ref: string;
    let sha: string | undefined;
    let readRef: string;
    const facts: { -readonly [K in keyof EventFacts]: EventFacts[K] } = { event: delivery.event, action: delivery.action };
    if (delivery.event === 'push') {
      if (payload.deleted === true) {
        outcome.ignored = 'a deleted ref runs nothing';
        return;
      }
      ref = String(payload.ref);
      sha = typeof payload.after === 'string' ? payload.after : undefined;
      readRef = sha ?? ref;
      facts.ref = ref;
      facts.changedFiles = changedFiles(payload);
    } else if (delivery.event === 'workflow_dispatch') {
      ref = fullRef(String(payload.ref ?? ''));
      readRef = ref;
      facts.workflowPath = String(payload.workflow ?? '');
    } else {
      const branch = repoPayload.default_branch ?? (await host.defaultBranch?.(repository)) ?? 'main';
      ref = `refs/heads/${branch}`;
      readRef = ref;
      if (delivery.event === 'schedule' && typeof payload.schedule === 'string') facts.cron = payload.schedule;
      if (delivery.event === 'workflow_run') facts.workflowRunName = String((payload.workflow_run as { name?: string } | undefined)?.name ?? '');
      if (delivery.event === 'pull_request' || delivery.event === 'pull_request_target') {
        const base = (payload.pull_request as { base?: { ref?: string } } | undefined)?.base?.ref;
        if (base !== undefined) facts.ref = `refs/heads/${base}`;
      }
    }
    sha ??= (await host.resolveSha?.(repository, readRef)) ?? '0'.repeat(40);
    const actor = String((payload.sender as { login?: string } | undefined)?.login ?? 'ghost');
    let files = await host.readWorkflowFiles(repository, readRef);
    // A dispatch names its workflow: other files (valid or not) are not even read, as on GitHub.
    if (facts.workflowPath !== undefined) files = files.filter((f) => f.path === facts.workflowPath);
    for (const file of files) {
      let workflow: LoadedWorkflow;
      try {
        workflow = await loadWorkflow(repository, file);
      } catch (error) {
        if (!(error instanceof WorkflowFileError)) throw error;
        const record = recordInvalid(error, { repository, event: delivery.event, action: delivery.action, deliveryId: delivery.id, actor, ref, sha });
        outcome.runIds.push(record.id);
        outcome.decisions.push({ path: file.path, matches: false, reason: 'invalid workflow file' });
        continue;
      }
      const decision = matchTrigger(workflow.template, workflow.path, facts);
      outcome.decisions.push({ path: file.path, ...decision });
      if (!decision.matches) continue;
      let inputs: Record<string, unknown> = {};
      if (delivery.event === 'workflow_dispatch') {
        const defs = workflow.template.events.workflow_dispatch?.inputs as Record<string, InputDefinition> | undefined;
        inputs = resolveInputs(defs, (payload.inputs ?? {}) as Record<string, unknown>);
      }
      const run = startRun({ repository, workflow, event: delivery.event, action: delivery.action, deliveryId: delivery.id, actor, ref, sha, payload, inputs });
      outcome.runIds.push(run.record.id);
    }
  }

  interface RunStart {
    readonly repository: string;
    readonly workflow: LoadedWorkflow;
    readonly event: string;
    readonly action?: string;
    readonly deliveryId?: string;
    readonly actor: string;
    readonly ref: string;
    readonly sha: string;
    readonly payload: Record<string, unknown>;
    readonly inputs: Record<string, unknown>;
  }

  function startRun(start: RunStart): { record: RunRecord; done: Promise<RunRecord> } {
    const key = `${start.repository}/${start.workflow.path}`;
    const runNumber = (runNumbers.get(key) ?? 0) + 1;
    runNumbers.set(key, runNumber);
    const id = allocateRunId({
      repository: start.repository,
      workflowPath: start.workflow.path,
      workflowName: start.workflow.name,
      event: start.event,
      ref: start.ref,
      sha: start.sha,
      actor: start.actor,
    });
    const record: RunRecord = {
      id,
      runNumber,
      repository: start.repository,
      workflow: { path: start.workflow.path, name: start.workflow.name },
      event: start.event,
      action: start.action,
      deliveryId: start.deliveryId,
      actor: start.actor,
      ref: start.ref,
      sha: start.sha,
      status: 'queued',
      queuedAt: clock.now(),
      jobs: [],
    };
    runs.push(record);
    const cancellation = new Cancellation();
    const run: ActiveRun = { record, cancellation, cancel: (reason) => cancellation.cancel(reason) };
    active.add(run);
    let prepared: PreparedRun | undefined;
    let preparationError: unknown;
    try {
      prepared = prepareRun(run, start);
    } catch (error) {
      preparationError = error;
    }
    const done = track(
      (prepared !== undefined ? executeRun(run, start, prepared) : Promise.reject(preparationError))
        .catch((error: unknown) => {
          record.error = error instanceof Error ? error.message : String(error);
          record.conclusion = 'failure';
        })
        .then(async () => {
          record.status = 'completed';
          record.finishedAt ??= clock.now();
          active.delete(run);
          await report(record);
          return record;
        }),
    );
    return { record, done };
  }

  interface PreparedRun {
    readonly scope: WorkflowScope;
    readonly concurrency?: { group: string; cancelInProgress: boolean };
    /** Taken synchronously when the run is created, so groups are entered in arrival order. */
    readonly acquired?: Promise<'acquired' | 'cancelled'>;
  }

  function prepareRun(run: ActiveRun, start: RunStart): PreparedRun {
    const { record } = run;
    const runDir = join(options.workDir, `run-${record.id}`);
    const eventPath = join(runDir, 'event.json');
    const [owner = ''] = start.repository.split('/');
    const refName = start.ref.replace(/^refs\/(heads|tags)\//, '');
    const github: Record<string, unknown> = {
      event: start.payload,
      event_name: start.event,
      event_path: eventPath,
      actor: start.actor,
      triggering_actor: start.actor,
      repository: start.repository,
      repository_owner: owner,
      ref: start.ref,
      ref_name: refName,
      ref_type: start.ref.startsWith('refs/tags/') ? 'tag' : 'branch',
      sha: start.sha,
      run_id: String(record.id),
      run_number: String(record.runNumber),
      run_attempt: '1',
      retention_days: '90',
      workflow: start.workflow.name,
      workflow_ref: `${start.repository}/${start.workflow.path}@${start.ref}`,
      server_url: host.serverUrl,
      api_url: host.apiUrl,
      graphql_url: `${host.apiUrl}/graphql`,
      head_ref: '',
      base_ref: '',
      secret_source: 'Actions',
    };
    const vars = scoped(options.vars, start.repository);
    const scope: WorkflowScope = {
      run,
      workflow: start.workflow,
      repository: start.repository,
      github,
      inputs: start.inputs,
      secrets: scoped(options.secrets, start.repository),
      vars,
      eventPath,
      runDir,
      idPrefix: '',
      namePrefix: '',
    };
    const runName = findKey(start.workflow.raw, 'run-name');
    record.displayTitle = runName !== undefined ? evaluateString(runName, { github, inputs: start.inputs, vars }, { failed: false, cancelled: false }) : start.workflow.name;
    const concurrency = evaluateConcurrency(findKey(start.workflow.raw, 'concurrency'), { github, inputs: start.inputs, vars });
    if (concurrency === undefined) return { scope };
    record.concurrencyGroup = concurrency.group;
    if (groups.isBusy(concurrency.group)) record.status = 'pending';
    return { scope, concurrency, acquired: groups.acquire(concurrency.group, run, concurrency.cancelInProgress) };
  }

  async function executeRun(run: ActiveRun, start: RunStart, prepared: PreparedRun): Promise<void> {
    const { record } = run;
    const { scope, concurrency } = prepared;
    let holds = false;
    try {
      await report(record);
      await mkdir(scope.runDir, { recursive: true });
      await writeFile(scope.eventPath, JSON.stringify(start.payload, null, 2));
      if (prepared.acquired !== undefined) {
        if ((await prepared.acquired) === 'cancelled') {
          record.conclusion = 'cancelled';
          return;
        }
        holds = true;
      }
      record.status = 'in_progress';
      record.startedAt = clock.now();
      await report(record);
      if (run.cancellation.cancelled) {
        record.conclusion = 'cancelled';
        return;
      }
      const results = await executeJobs(start.workflow.template.jobs, scope);
      record.finishedAt = clock.now();
      record.conclusion = runConclusion(run, [...results.values()].map((r) => r.result));
    } finally {
      if (concurrency !== undefined) {
        if (holds) groups.release(concurrency.group, run);
        // Failed before waiting: give the slot back whenever it would have been granted.
        else void prepared.acquired?.then((outcome) => outcome === 'acquired' && groups.release(concurrency.group, run));
      }
    }
  }

  function runConclusion(run: ActiveRun, results: Conclusion[]): Conclusion {
    if (run.cancellation.cancelled) return 'cancelled';
    if (results.some((r) => r === 'failure')) return 'failure';
    if (results.some((r) => r === 'cancelled')) return 'cancelled';
    if (results.length > 0 && results.every((r) => r === 'skipped')) return 'skipped';
    return 'success';
  }

  async function executeJobs(jobs: readonly WorkflowJob[], scope: WorkflowScope): Promise<Map<string, JobResult>> {
    const byId = new Map(jobs.map((j) => [j.id.value, j]));
    const promises = new Map<string, Promise<JobResult>>();
    const results = new Map<string, JobResult>();
    const ancestors = (id: string, seen = new Set<string>()): Set<string> => {
      for (const need of byId.get(id)?.needs ?? []) {
        if (seen.has(need.value)) continue;
        seen.add(need.value);
        ancestors(need.value, seen);
      }
      return seen;
    };
    const schedule = (id: string, path: string[] = []): Promise<JobResult> => {
      const existing = promises.get(id);
      if (existing) return existing;
      if (path.includes(id)) return Promise.reject(new Error(`Job dependency cycle: ${[...path, id].join(' -> ')}`));
      const job = byId.get(id);
      if (job === undefined) return Promise.reject(new Error(`Job '${path.at(-1) ?? ''}' needs unknown job '${id}'`));
      const promise = Promise.all((job.needs ?? []).map((n) => schedule(n.value, [...path, id]))).then(async () => {
        const failed = [...ancestors(id)].some((a) => results.get(a)?.result !== 'success');
        const result = job.strategy !== undefined ? await executeMatrix(job, scope, results, failed) : await executeJob(job, scope, results, failed);
        results.set(id, result);
        return result;
      });
      promises.set(id, promise);
      return promise;
    };
    await Promise.all(jobs.map((j) => schedule(j.id.value)));
    return results;
  }

  /** Runs every combination of `strategy.matrix` as its own job; the job's result aggregates them. */
  async function executeMatrix(job: WorkflowJob, scope: WorkflowScope, results: Map<string, JobResult>, needsFailed: boolean): Promise<JobResult> {
    const contexts: Contexts = { github: scope.github, inputs: scope.inputs, vars: scope.vars, needs: needsOf(job, results) };
    const strategy = (evaluateToken(job.strategy, contexts, { failed: needsFailed, cancelled: scope.run.cancellation.cancelled }) ?? {}) as Record<string, unknown>;
    const combos = expandMatrix(strategy.matrix);
    if (combos.length === 0) return executeJob(job, scope, results, needsFailed);
    const failFast = strategy['fail-fast'] !== false && strategy['fail-fast'] !== 'false';
    const maxParallel = Math.max(1, Number(strategy['max-parallel']) || combos.length);
    const group = new Cancellation(scope.run.cancellation);
    const outcomes: JobResult[] = [];
    const outputs: Record<string, string> = {};
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < combos.length) {
        const index = next++;
        const values = combos[index] as Record<string, unknown>;
        const matrix: MatrixRun = {
          values,
          strategy: { 'fail-fast': failFast, 'job-index': index, 'job-total': combos.length, 'max-parallel': maxParallel },
          cancellation: group,
        };
        const outcome = await executeJob(job, scope, results, needsFailed, matrix);
        outcomes.push(outcome);
        // Later combinations overwrite earlier ones; empty values do not, as on GitHub.
        for (const [key, value] of Object.entries(outcome.outputs)) if (value !== '') outputs[key] = value;
        if (failFast && outcome.result === 'failure') group.cancel('fail-fast: another matrix job failed');
      }
    };
    await Promise.all(Array.from({ length: Math.min(maxParallel, combos.length) }, () => worker()));
    const list = outcomes.map((o) => o.result);
    const result: Conclusion = list.includes('failure') ? 'failure' : list.includes('cancelled') ? 'cancelled' : list.every((r) => r === 'skipped') ? 'skipped' : 'success';
    return { result, outputs };
  }

  async function executeJob(job: WorkflowJob, scope: WorkflowScope, results: Map<string, JobResult>, needsFailed: boolean, matrix?: MatrixRun): Promise<JobResult> {
    const { run } = scope;
    const suffix = matrix !== undefined ? ` (${Object.values(matrix.values).map((v) => stringify(v)).join(', ')})` : '';
    const id = `${scope.idPrefix}${job.id.value}${suffix}`;
    const needs = needsOf(job, results);
    const baseContexts: Contexts = { github: scope.github, inputs: scope.inputs, vars: scope.vars, needs, strategy: matrix?.strategy ?? {}, matrix: matrix?.values ?? {} };
    const parentCancellation = matrix?.cancellation ?? run.cancellation;
    const status: StatusState = { failed: needsFailed, cancelled: parentCancellation.cancelled };
    const record: JobRecord = {
      id,
      name: `${scope.namePrefix}${job.id.value}${suffix}`,
      outcome: 'skipped',
      conclusion: 'skipped',
      steps: [],
      outputs: {},
      summary: '',
      permissions: {},
    };
    run.record.jobs.push(record);
    let concurrency: ReturnType<typeof evaluateConcurrency>;
    try {
      if (job.name !== undefined) record.name = `${scope.namePrefix}${evaluateString(job.name, baseContexts, status)}`;
      if (!evaluateCondition(job.if.expression, baseContexts, status)) {
        const conclusion: Conclusion = parentCancellation.cancelled ? 'cancelled' : 'skipped';
        record.outcome = record.conclusion = conclusion;
        emit({ type: 'job', run: run.record, job: record });
        return { result: conclusion, outputs: {} };
      }
      concurrency = evaluateConcurrency(job.concurrency, baseContexts);
    } catch (error) {
      record.error = error instanceof Error ? error.message : String(error);
      record.outcome = record.conclusion = 'failure';
      emit({ type: 'job', run: run.record, job: record });
      return { result: 'failure', outputs: {} };
    }
    const holder: ConcurrencyHolder = { cancel: (reason) => jobCancellation.cancel(reason) };
    const jobCancellation = new Cancellation(parentCancellation);
    if (concurrency !== undefined) {
      const outcome = await groups.acquire(concurrency.group, holder, concurrency.cancelInProgress);
      if (outcome === 'cancelled') {
        record.outcome = record.conclusion = 'cancelled';
        emit({ type: 'job', run: run.record, job: record });
        return { result: 'cancelled', outputs: {} };
      }
    }
    record.startedAt = clock.now();
    try {
      if (job.type === 'reusableWorkflowJob') return await executeCalledWorkflow(job, scope, record, baseContexts, status);
      return await executeStepsJob(job, scope, record, baseContexts, jobCancellation);
    } catch (error) {
      record.error = error instanceof Error ? error.message : String(error);
      record.outcome = record.conclusion = 'failure';
      return { result: 'failure', outputs: {} };
    } finally {
      record.finishedAt = clock.now();
      if (concurrency !== undefined) groups.release(concurrency.group, holder);
      emit({ type: 'job', run: run.record, job: record });
    }
  }

  async function executeStepsJob(job: Job, scope: WorkflowScope, record: JobRecord, baseContexts: Contexts, cancellation: Cancellation): Promise<JobResult> {
    const { run } = scope;
    const raw = rawJob(scope.workflow, job.id.value);
    const status = (): StatusState => ({ failed: false, cancelled: cancellation.cancelled });
    const environment = evaluateEnvironment(job.environment, baseContexts, status());
    if (environment !== undefined) record.environment = environment;
    const permissions = jobPermissions(scope, raw);
    record.permissions = permissions;
    const token = host.mintWorkflowToken(run.record.repository, permissions, run.record.id);
    const environmentSecrets = environment !== undefined ? (options.secrets.environments[`${scope.repository}:${environment}`] ?? {}) : {};
    const secrets: Record<string, string> = { ...scope.secrets, ...environmentSecrets, GITHUB_TOKEN: token };
    const vars = { ...scope.vars, ...(environment !== undefined ? (options.vars?.environments[`${scope.repository}:${environment}`] ?? {}) : {}) };
    const masker = new Masker();
    for (const value of Object.values(secrets)) masker.add(value);
    const jobDir = join(scope.runDir, record.id.replace(/[^A-Za-z0-9_.-]/g, '_'));
    const workspace = join(jobDir, 'workspace');
    const runnerTemp = join(jobDir, 'temp');
    await mkdir(workspace, { recursive: true });
    await mkdir(runnerTemp, { recursive: true });
    const github = { ...scope.github, token, job: job.id.value, workspace, action_path: '' };
    const contexts: Contexts = {
      ...baseContexts,
      github,
      vars,
      secrets,
      runner: { os: 'Linux', arch: 'X64', name: 'sandbox-runner', temp: runnerTemp, tool_cache: join(options.workDir, 'tool-cache'), environment: 'github-hosted' },
    };
    const workflowEnv = evaluateStringMap(scope.workflow.template.env, { github, inputs: scope.inputs, vars, secrets, env: {} }, status());
    const env: Record<string, string> = { ...workflowEnv, ...evaluateStringMap(job.env, { ...contexts, env: workflowEnv }, status()) };
    const runnerEnv = runnerEnvironment(github, scope, workspace, runnerTemp);
    const declaredTimeout = Number(evaluateToken(findKey(raw, 'timeout-minutes'), contexts, status()) ?? DEFAULT_JOB_TIMEOUT_MINUTES);
    const timeoutMinutes = Number.isFinite(declaredTimeout) && declaredTimeout > 0 ? declaredTimeout : DEFAULT_JOB_TIMEOUT_MINUTES;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      cancellation.cancel(`The job running on runner sandbox-runner has exceeded the maximum execution time of ${timeoutMinutes} minutes.`);
    }, timeoutMinutes * minuteMs);
    const defaults = runDefaults(scope.workflow.raw, raw);
    const stepScope: StepScope = {
      host,
      actions,
      localActionDir: options.localActionDir,
      repository: run.record.repository,
      runId: run.record.id,
      token,
      workspace,
      runnerTemp,
      runnerEnv,
      env,
      paths: [],
      masker,
      minuteMs,
      newSignal: () => cancellation.newSignal(),
      isCancelled: () => cancellation.cancelled,
      defaultShell: defaults.shell,
      defaultWorkingDirectory: defaults.workingDirectory,
      summary: [],
      fileCounter: { n: 0 },
      onStepDone: (step: StepRecord) => emit({ type: 'step', run: run.record, job: record, step }),
    };
    let result: Awaited<ReturnType<typeof executeSteps>>;
    try {
      result = await executeSteps(stepSpecs(job.steps, rawSteps(raw)), stepScope, contexts, record.steps);
    } finally {
      clearTimeout(timer);
    }
    record.summary = masker.mask(stepScope.summary.join(''));
    const finalStatus: StatusState = { failed: result.failed, cancelled: cancellation.cancelled };
    try {
      const outputs = evaluateStringMap(job.outputs, { ...contexts, env, steps: result.steps }, finalStatus);
      // GitHub drops job outputs that contain a secret rather than passing them masked.
      for (const [key, value] of Object.entries(outputs)) if (masker.mask(value) === value) record.outputs[key] = value;
    } catch (error) {
      record.error = error instanceof Error ? error.message : String(error);
    }
    let outcome: Conclusion = result.failed ? 'failure' : 'success';
    if (timedOut) {
      outcome = 'failure';
      record.error = cancellation.reason;
    } else if (run.cancellation.cancelled || cancellation.cancelled) {
      outcome = 'cancelled';
    }
    record.outcome = outcome;
    const continueOnError = evaluateToken(findKey(raw, 'continue-on-error'), contexts, finalStatus);
    record.conclusion = outcome === 'failure' && (continueOnError === true || continueOnError === 'true') ? 'success' : outcome;
    return { result: record.conclusion, outputs: record.outputs };
  }

  function jobPermissions(scope: WorkflowScope, raw: MappingToken | undefined): Record<string, PermissionLevel> {
    const jobToken = findKey(raw, 'permissions');
    const workflowToken = findKey(scope.workflow.raw, 'permissions');
    let permissions: Record<string, PermissionLevel>;
    if (jobToken !== undefined) permissions = parsePermissions(jobToken);
    else if (workflowToken !== undefined) permissions = parsePermissions(workflowToken);
    else permissions = scope.inheritedPermissions ?? { ...DEFAULT_PERMISSIONS };
    if (scope.permissionsCap !== undefined) permissions = capPermissions(permissions, scope.permissionsCap);
    return permissions;
  }

  async function executeCalledWorkflow(
    job: ReusableWorkflowJob,
    scope: WorkflowScope,
    record: JobRecord,
    baseContexts: Contexts,
    status: StatusState,
  ): Promise<JobResult> {
    const ref = job.ref.value;
    let workflow: LoadedWorkflow;
    if (ref.startsWith('./')) {
      // A local called workflow comes from the same commit as the caller.
      workflow = await readWorkflow(scope.run.record.repository, scope.run.record.sha, ref.slice(2));
    } else {
      const match = /^([^/]+\/[^/]+)\/(.+)@(.+)$/.exec(ref);
      if (!match) throw new Error(`Invalid reusable workflow reference '${ref}'`);
      workflow = await readWorkflow(match[1] as string, match[3] as string, match[2] as string);
    }
    const call = workflow.template.events.workflow_call;
    if (call === undefined) throw new Error(`${ref}: the called workflow has no 'on: workflow_call' trigger`);
    const given = evaluateToken(job['input-values'], { ...baseContexts, secrets: undefined }, status) as Record<string, unknown> | undefined;
    const inputs = resolveInputs(call.inputs as Record<string, InputDefinition> | undefined, given ?? {});
    const callerSecrets = { ...scope.secrets };
    let secrets: Record<string, string>;
    if (job['inherit-secrets']) {
      secrets = callerSecrets;
    } else {
      secrets = evaluateStringMap(job['secret-values'], { ...baseContexts, secrets: callerSecrets }, status);
    }
    for (const [name, def] of Object.entries(call.secrets ?? {})) {
      if (def.required && (secrets[name] === undefined || secrets[name] === '')) throw new Error(`Secret ${name} is required, but not provided while calling.`);
    }
    const callerPermissions = jobPermissions(scope, rawJob(scope.workflow, job.id.value));
    record.permissions = callerPermissions;
    const inner: WorkflowScope = {
      ...scope,
      workflow,
      inputs,
      secrets,
      idPrefix: `${record.id}/`,
      namePrefix: `${record.name} / `,
      permissionsCap: callerPermissions,
      inheritedPermissions: callerPermissions,
    };
    const results = await executeJobs(workflow.template.jobs, inner);
    const jobsContext: Record<string, { result: Conclusion; outputs: Record<string, string> }> = {};
    for (const [key, value] of results) jobsContext[key] = { result: value.result, outputs: value.outputs };
    const definitions = findKey(findKey(findKey(workflow.raw, 'on'), 'workflow_call'), 'outputs');
    if (definitions !== undefined && isMapping(definitions)) {
      for (const pair of definitions) {
        const name = isString(pair.key) ? pair.key.value : '';
        const value = findKey(pair.value, 'value');
        record.outputs[name] = evaluateString(value, { github: scope.github, inputs, vars: scope.vars, jobs: jobsContext }, status);
      }
    }
    const conclusions = [...results.values()].map((r) => r.result);
    const conclusion: Conclusion = scope.run.cancellation.cancelled
      ? 'cancelled'
      : conclusions.includes('failure')
        ? 'failure'
        : conclusions.includes('cancelled')
          ? 'cancelled'
          : 'success';
    record.outcome = record.conclusion = conclusion;
    return { result: conclusion, outputs: record.outputs };
  }

  function runnerEnvironment(github: Record<string, unknown>, scope: WorkflowScope, workspace: string, runnerTemp: string): Record<string, string> {
    const s = (key: string): string => stringify(github[key]);
    return {
      PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
      HOME: process.env.HOME ?? '/root',
      LANG: process.env.LANG ?? 'C.UTF-8',
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_ACTOR: s('actor'),
      GITHUB_TRIGGERING_ACTOR: s('triggering_actor'),
      GITHUB_API_URL: host.apiUrl,
      GITHUB_SERVER_URL: host.serverUrl,
      GITHUB_GRAPHQL_URL: `${host.apiUrl}/graphql`,
      GITHUB_EVENT_NAME: s('event_name'),
      GITHUB_EVENT_PATH: scope.eventPath,
      GITHUB_JOB: s('job'),
      GITHUB_REF: s('ref'),
      GITHUB_REF_NAME: s('ref_name'),
      GITHUB_REF_TYPE: s('ref_type'),
      GITHUB_REPOSITORY: s('repository'),
      GITHUB_REPOSITORY_OWNER: s('repository_owner'),
      GITHUB_RUN_ID: s('run_id'),
      GITHUB_RUN_NUMBER: s('run_number'),
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_RETENTION_DAYS: '90',
      GITHUB_SHA: s('sha'),
      GITHUB_WORKFLOW: s('workflow'),
      GITHUB_WORKFLOW_REF: s('workflow_ref'),
      GITHUB_WORKSPACE: workspace,
      GITHUB_HEAD_REF: '',
      GITHUB_BASE_REF: '',
      RUNNER_OS: 'Linux',
      RUNNER_ARCH: 'X64',
      RUNNER_NAME: 'sandbox-runner',
      RUNNER_ENVIRONMENT: 'github-hosted',
      RUNNER_TEMP: runnerTemp,
      RUNNER_TOOL_CACHE: join(options.workDir, 'tool-cache'),
    };
  }

  const runner: WorkflowRunner = {
    runs,
    deliveries,
    errors,
    start() {
      if (unsubscribe) return;
      unsubscribe = host.onDelivery((delivery) => {
        track(
          serial(() => handleDelivery(delivery)).finally(() => {
            const outcome = deliveries.find((d) => d.delivery === delivery);
            if (outcome !== undefined) emit({ type: 'delivery', outcome });
          }).catch((error: unknown) => {
            errors.push(error instanceof Error ? error : new Error(String(error)));
          }),
        );
      });
    },
    async dispatch(repository, workflowFile, ref, inputs, actor) {
      const path = workflowFile.includes('/') ? workflowFile : `.github/workflows/${workflowFile}`;
      const full = fullRef(ref);
      const done = await track(
        serial(async () => {
          const workflow = await readWorkflow(repository, full, path);
          const defs = workflow.template.events.workflow_dispatch;
          if (defs === undefined) throw new Error(`Workflow does not have 'workflow_dispatch' trigger`);
          const resolved = resolveInputs(defs.inputs as Record<string, InputDefinition> | undefined, inputs);
          const [owner = '', name = ''] = repository.split('/');
          const payload = {
            inputs: Object.fromEntries(Object.entries(resolved).map(([k, v]) => [k, String(v)])),
            ref: full,
            repository: { full_name: repository, name, owner: { login: owner } },
            sender: { login: actor },
            workflow: path,
          };
          const sha = (await host.resolveSha?.(repository, full)) ?? '0'.repeat(40);
          // Wrapped so the intake queue does not wait for the run itself.
          return { promise: startRun({ repository, workflow, event: 'workflow_dispatch', actor, ref: full, sha, payload, inputs: resolved }).done };
        }),
      );
      return done.promise;
    },
    async idle() {
      do {
        // Let deliveries the host emits after its HTTP answer (setImmediate) arrive first.
        await new Promise((resolve) => setImmediate(resolve));
        await Promise.allSettled([...inflight]);
        await new Promise((resolve) => setImmediate(resolve));
      } while (inflight.size > 0);
      const fresh = errors.slice(reported);
      reported = errors.length;
      if (fresh.length === 1) throw fresh[0];
      if (fresh.length > 1) throw new AggregateError(fresh, fresh.map((e) => e.message).join('\n'));
    },
    async stop() {
      unsubscribe?.();
      unsubscribe = undefined;
      for (const run of active) run.cancel('The runner was stopped.');
      await Promise.allSettled([...inflight]);
    },
  };
  return runner;
}

interface MatrixRun {
  readonly values: Record<string, unknown>;
  readonly strategy: Record<string, unknown>;
  /** Shared by the combinations, for fail-fast. */
  readonly cancellation: Cancellation;
}

function needsOf(job: WorkflowJob, results: Map<string, JobResult>): Record<string, JobResult> {
  const needs: Record<string, JobResult> = {};
  for (const need of job.needs ?? []) {
    const result = results.get(need.value);
    if (result) needs[need.value] = result;
  }
  return needs;
}

/**
 * `strategy.matrix` → combinations: the product of the vectors, minus `exclude` (partial matches),
 * then `include` entries extend every original combination whose original values they do not
 * change, or become a combination of their own.
 */
export function expandMatrix(matrix: unknown): Record<string, unknown>[] {
  if (typeof matrix !== 'object' || matrix === null || Array.isArray(matrix)) return [];
  const { include, exclude, ...vectors } = matrix as Record<string, unknown>;
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
  const keys = Object.keys(vectors);
  let combos: Record<string, unknown>[] = keys.length > 0 ? [{}] : [];
  for (const key of keys) {
    const values = Array.isArray(vectors[key]) ? (vectors[key] as unknown[]) : [vectors[key]];
    combos = combos.flatMap((c) => values.map((v) => ({ ...c, [key]: v })));
  }
  const excludes = Array.isArray(exclude) ? (exclude as Record<string, unknown>[]) : [];
  combos = combos.filter((c) => !excludes.some((e) => Object.entries(e).every(([k, v]) => same(c[k], v))));
  const originals = [...combos];
  for (const entry of Array.isArray(include) ? (include as Record<string, unknown>[]) : []) {
    let added = false;
    for (const combo of originals) {
      if (Object.entries(entry).every(([k, v]) => !keys.includes(k) || same(combo[k], v))) {
        Object.assign(combo, entry);
        added = true;
      }
    }
    if (!added) combos.push({ ...entry });
  }
  return combos;
}

function fullRef(ref: string): string {
  if (ref.startsWith('refs/') || /^[0-9a-f]{40}$/.test(ref)) return ref;
  return `refs/heads/${ref}`;
}

function changedFiles(payload: Record<string, unknown>): string[] | undefined {
  const commits = payload.commits as { added?: string[]; modified?: string[]; removed?: string[] }[] | undefined;
  if (!Array.isArray(commits) || commits.length === 0) return undefined;
  const files = new Set<string>();
  for (const c of commits) for (const f of [...(c.added ?? []), ...(c.modified ?? []), ...(c.removed ?? [])]) files.add(f);
  return [...files];
}

function evaluateConcurrency(token: TemplateToken | undefined, contexts: Contexts): { group: string; cancelInProgress: boolean } | undefined {
  if (token === undefined) return undefined;
  const status: StatusState = { failed: false, cancelled: false };
  const value = evaluateToken(token, contexts, status);
  if (typeof value === 'string') return value === '' ? undefined : { group: value, cancelInProgress: false };
  if (typeof value === 'object' && value !== null) {
    const v = value as { group?: unknown; 'cancel-in-progress'?: unknown };
    const group = stringify(v.group);
    if (group === '') return undefined;
    return { group, cancelInProgress: v['cancel-in-progress'] === true || v['cancel-in-progress'] === 'true' };
  }
  return undefined;
}

function evaluateEnvironment(token: TemplateToken | undefined, contexts: Contexts, status: StatusState): string | undefined {
  if (token === undefined) return undefined;
  const value = evaluateToken(token, contexts, status);
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'object' && value !== null && 'name' in value) {
    const name = stringify((value as { name: unknown }).name);
    return name === '' ? undefined : name;
  }
  return undefined;
}

/** `permissions:` → scope map; `read-all` / `write-all` expand; metadata is always readable. */
export function parsePermissions(token: TemplateToken): Record<string, PermissionLevel> {
  const value = evaluateToken(token, {}, { failed: false, cancelled: false });
  const out: Record<string, PermissionLevel> = {};
  if (value === 'read-all' || value === 'write-all') {
    for (const scope of ALL_SCOPES) out[scope] = value === 'read-all' ? 'read' : 'write';
    if (value === 'read-all') out['id-token'] = 'none';
    return out;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, level] of Object.entries(value)) out[key] = level as PermissionLevel;
  }
  out.metadata ??= 'read';
  return out;
}

function capPermissions(wanted: Record<string, PermissionLevel>, cap: Record<string, PermissionLevel>): Record<string, PermissionLevel> {
  const rank = { none: 0, read: 1, write: 2 } as const;
  const out: Record<string, PermissionLevel> = {};
  for (const [scope, level] of Object.entries(wanted)) {
    const max = cap[scope] ?? 'none';
    out[scope] = rank[level] <= rank[max] ? level : max;
  }
  return out;
}

function runDefaults(workflowRaw: MappingToken, jobRaw: MappingToken | undefined): { shell?: string; workingDirectory?: string } {
  const pick = (raw: TemplateToken | undefined, key: string): string | undefined => {
    const token = findKey(findKey(findKey(raw, 'defaults'), 'run'), key);
    return token !== undefined && isString(token) ? token.value : undefined;
  };
  return {
    shell: pick(jobRaw, 'shell') ?? pick(workflowRaw, 'shell'),
    workingDirectory: pick(jobRaw, 'working-directory') ?? pick(workflowRaw, 'working-directory'),
  };
}

function stepSpecs(steps: readonly Step[], raws: readonly MappingToken[]): StepSpec[] {
  return steps.map((step, index) => {
    const raw = raws[index];
    if (!('run' in step) && !('uses' in step)) throw new Error(`Step ${step.id}: only run and uses steps are supported`);
    const shell = findKey(raw, 'shell');
    const workingDirectory = findKey(raw, 'working-directory');
    const explicitId = findKey(raw, 'id') !== undefined;
    return {
      id: step.id,
      explicitId,
      name: step.name,
      if: step.if.expression,
      run: 'run' in step ? step.run : undefined,
      uses: 'uses' in step ? step.uses.value : undefined,
      with: findKey(raw, 'with'),
      env: step.env,
      shell: shell !== undefined && isString(shell) ? shell.value : undefined,
      workingDirectory: workingDirectory !== undefined && isString(workingDirectory) ? workingDirectory.value : undefined,
      continueOnError: step['continue-on-error'],
      timeoutMinutes: findKey(raw, 'timeout-minutes'),
    };
  });
}
