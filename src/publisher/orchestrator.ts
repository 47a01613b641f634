/**
 * Publishes an approved request: resolves the artifacts of the release commit, then runs every
 * target that is not done yet (in parallel up to a limit, or strictly in config order), records
 * each state change in the request, and returns the final request with a per-target report.
 *
 * The rules that make it resumable and exact:
 * - targets already `done` or `skipped` (a checked box) are never run again;
 * - every target first asks the registry whether this exact version is already there with the
 *   same content, so a retry after a lost answer, a killed process or a half-way failure never
 *   publishes twice; `running` left by a killed run is treated like `pending`;
 * - `running` is saved before a target writes anything, `done` right after it verified;
 * - each target sees only the secrets it declares; every secret value is masked in whatever
 *   reaches the request, the logs and the report.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import semver from 'semver';
import type { Clock, Logger } from '../deps.js';
import type { PublishConfig, TargetConfig } from '../config/publish-config.js';
import type { TargetName } from '../config/target-options.js';
import { UserError, describe as describeError } from '../errors.js';
import type { GitHubPort, RepoId } from '../github/port.js';
import { toDetail, withHistory, withState, withTargetState, type Artifact, type HistoryEvent, type PublishRequest, type Target, type TargetState } from '../request-format/index.js';
import { artifactsForTarget, resolveArtifacts } from './artifacts.js';
import { isHardFailure, TargetSetupError } from './errors.js';
import { TARGETS, targetFor } from './registry.js';
import { RequestWriter } from './request-writer.js';
import { createMasker, maskingLogger, missingSecrets, targetEnvironment, type Masker } from './secrets.js';
import { splitTargetId, toLocation, type ArtifactFile, type PublisherDefaults, type PublishTarget, type TargetContext } from './target.js';

/** What publishRequest needs. */
export interface PublishInput {
  readonly github: GitHubPort;
  readonly log: Logger;
  readonly clock: Clock;
  readonly request: PublishRequest;
  /** The parsed `.craft.yml` (read from the default branch or an allowed merge target, never the release branch). */
  readonly config: PublishConfig;
  readonly productRepo: RepoId;
  /** Where the secrets are read from; each target gets only those it declares. */
  readonly env: NodeJS.ProcessEnv;
  /** A private folder for artifacts, clones and npm homes. */
  readonly workDir: string;
  /** Everything up to the registry writes; nothing is written anywhere (not even the request). */
  readonly dryRun: boolean;
  /** How many targets run at once. Default 4; 1 runs them strictly in config order. */
  readonly concurrency?: number;
  /** Strict config order, stopping at the first failure (Craft's behaviour). Implies concurrency 1. */
  readonly ordered?: boolean;
  /** Persists the request (the caller renders it into the issue); called after each state change, never concurrently. */
  save(request: PublishRequest): Promise<void>;
  /** The link of this publish run, for the history and the report. */
  readonly runUrl: string | null;
  /** Settings from the control repo (the release registry remote). */
  readonly defaults?: PublisherDefaults;
  /** Cancellation: no target starts after it fires; running ones finish and are recorded. */
  readonly signal?: AbortSignal;
  /** Replaces targets of the registry by name (tests pass small literal fakes). */
  readonly targets?: { readonly [N in TargetName]?: PublishTarget<N> };
}

/** How one target ended in this run. */
export type TargetOutcome =
  | 'published'
  | 'already-published'
  | 'failed'
  | 'skipped'
  | 'done-before'
  | 'not-run'
  | 'would-publish';

/** One row of the report. */
export interface TargetReport {
  readonly id: string;
  readonly outcome: TargetOutcome;
  readonly state: TargetState;
  readonly durationMs: number | null;
  readonly location: string | null;
  /** The registry's error, secrets masked. */
  readonly error: string | null;
  /** A failure a retry cannot fix (published with other content, artifacts changed). */
  readonly hard: boolean;
  /** Dry run: what would be published where. */
  readonly plan: string | null;
}

/** The result of a publish run. */
export interface PublishResult {
  readonly request: PublishRequest;
  /** Every target done or skipped (a dry run: nothing failed). */
  readonly ok: boolean;
  readonly dryRun: boolean;
  readonly targets: readonly TargetReport[];
  readonly artifacts: readonly Artifact[];
  /** A failure before any target ran (artifacts, config), masked; null otherwise. */
  readonly error: string | null;
  /** Config targets left out because the request does not list them. */
  readonly unlisted: readonly string[];
}

interface PlannedTarget {
  readonly id: string;
  readonly unit: string | null;
  readonly config: TargetConfig;
  readonly artifacts: readonly ArtifactFile[];
  /** A problem found while expanding the config entry (the target then fails). */
  readonly planError: unknown;
}

const DEFAULT_CONCURRENCY = 4;

/** Publishes a request; see the module comment for the rules. */
export async function publishRequest(input: PublishInput): Promise<PublishResult> {
  const { log, clock } = input;
  const masker = createMasker(log);
  // Every secret any target knows is masked, not only those of the configured targets: a value
  // can surface in another target's error (a registry echoing headers, a shared credential).
  for (const target of [...Object.values(TARGETS), ...Object.values(input.targets ?? {})]) {
    for (const spec of target.secrets) {
      const value = input.env[spec.name];
      if (value) masker.add(value);
    }
  }
  const at = (): string => new Date(clock.now()).toISOString();
  const writer = new RequestWriter(input.request, input.save, !input.dryRun);
  const version = input.request.version;
  const prerelease = semver.prerelease(version) !== null;
  const reports = new Map<string, TargetReport>();

  if (!input.dryRun) {
    await writer.commit((r) => withHistory(withState(r, 'publishing'), { at: at(), event: 'publishing', actor: null, detail: toDetail(input.runUrl ? `run ${input.runUrl}` : 'publishing') }));
  }

  // 1. Artifacts: recorded before the first target runs, checked against the record on a retry.
  let files: readonly ArtifactFile[];
  let record: readonly Artifact[];
  try {
    const resolved = await resolveArtifacts({
      github: input.github,
      log,
      productRepo: input.productRepo,
      commit: input.request.releaseCommit,
      config: input.config,
      dir: join(input.workDir, 'artifacts'),
      recorded: input.request.artifacts,
    });
    files = resolved.files;
    record = resolved.record;
    if (resolved.firstRecord) writer.update((r) => ({ ...r, artifacts: [...resolved.record] }));
  } catch (error) {
    return failEarly(input, writer, masker, at, error);
  }

  // 2. The plan: config entries expanded into ids, matched against what the request lists.
  const plan: PlannedTarget[] = [];
  for (const config of input.config.targets) {
    const artifacts = artifactsForTarget(config, files);
    const target = pick(input, config.name);
    let ids: readonly string[];
    let planError: unknown = null;
    try {
      ids = await target.expandIds(config.options as never, { config, artifacts, version });
    } catch (error) {
      ids = [config.targetId];
      planError = error;
    }
    for (const id of ids) plan.push({ id, unit: unitOf(id, config), config, artifacts, planError });
  }
  const { request: reconciled, unlisted, unknown } = reconcile(writer.request, input.config, plan, at());
  writer.update(() => reconciled);
  for (const id of unlisted) log.warning(`Target ${id} is in the publish config but not in the request: it is left out. Request the release again to publish it.`);
  for (const id of unknown) {
    const message = `${id} is in the request but not in the publish config any more; check its box in the request to skip it, or restore it in the config`;
    writer.update((r) => withTargetState(r, id, 'failed', { at: at(), detail: toDetail(message) }));
    reports.set(id, { id, outcome: 'failed', state: 'failed', durationMs: null, location: null, error: message, hard: false, plan: null });
  }
  try {
    await writer.flush();
  } catch (error) {
    throw new Error(`saving the request before publishing failed: ${masker.mask(describeError(error))}`);
  }

  // 3. The targets, in config order.
  const listed = new Map(writer.request.targets.map((t) => [t.id, t]));
  const runnable = plan.filter((p) => listed.has(p.id));
  for (const p of runnable) {
    const state = (listed.get(p.id) as Target).state;
    if (state === 'done' || state === 'skipped') {
      const t = listed.get(p.id) as Target;
      reports.set(p.id, { id: p.id, outcome: state === 'done' ? 'done-before' : 'skipped', state, durationMs: t.durationMs, location: t.location, error: null, hard: false, plan: null });
    }
  }
  const queue = runnable.filter((p) => !reports.has(p.id));
  const ordered = input.ordered === true;
  const limit = ordered ? 1 : Math.max(1, Math.floor(input.concurrency ?? DEFAULT_CONCURRENCY));
  let stop = false;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < queue.length) {
      const planned = queue[next++] as PlannedTarget;
      if (stop || input.signal?.aborted) {
        reports.set(planned.id, notRun(planned.id, stop ? 'an earlier target failed (ordered publishing)' : 'the run was cancelled'));
        continue;
      }
      const report = input.dryRun ? await dryRunTarget(input, planned, masker, version, prerelease) : await runTarget(input, planned, writer, masker, at, version, prerelease);
      reports.set(planned.id, report);
      if (ordered && report.outcome === 'failed') stop = true;
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, Math.max(1, queue.length)) }, worker));

  // 4. The overall state.
  const final = writer.request;
  const ok = input.dryRun ? [...reports.values()].every((r) => r.outcome !== 'failed') : final.targets.every((t) => t.state === 'done' || t.state === 'skipped');
  if (!input.dryRun) {
    writer.update((r) => (ok ? withHistory(withState(r, 'published'), { at: at(), event: 'published', actor: null, detail: null }) : withState(r, 'failed')));
    await writer.flush();
  }
  const order = writer.request.targets.map((t) => t.id);
  const rows = [...reports.values()].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  return { request: writer.request, ok, dryRun: input.dryRun, targets: rows, artifacts: record, error: null, unlisted };
}

function unitOf(id: string, config: TargetConfig): string | null {
  if (id === config.targetId) return null;
  const unit = splitTargetId(id).unit;
  if (unit === null) return null;
  return config.id !== null && unit.startsWith(`${config.id}:`) ? unit.slice(config.id.length + 1) : unit;
}

function notRun(id: string, why: string): TargetReport {
  return { id, outcome: 'not-run', state: 'pending', durationMs: null, location: null, error: why, hard: false, plan: null };
}

/**
 * Matches the plan against the request's targets. A config entry listed by its plain id (`npm`)
 * that expands into several ids (`npm[@a/x]`, …) is replaced by them, keeping `skipped` (a checked
 * box applies to all of them). Returns the new request, the planned ids the request does not list
 * and the listed ids the config no longer has.
 */
function reconcile(request: PublishRequest, config: PublishConfig, plan: readonly PlannedTarget[], at: string): { request: PublishRequest; unlisted: string[]; unknown: string[] } {
  const planIds = new Set(plan.map((p) => p.id));
  const targets: Target[] = [];
  for (const target of request.targets) {
    if (planIds.has(target.id)) {
      targets.push(target);
      continue;
    }
    const entry = config.targets.find((c) => c.targetId === target.id);
    const expanded = entry ? plan.filter((p) => p.config === entry) : [];
    if (expanded.length === 0) {
      targets.push(target);
      continue;
    }
    for (const p of expanded) {
      if (request.targets.some((t) => t.id === p.id) || targets.some((t) => t.id === p.id)) continue;
      const keep = target.state === 'skipped' || target.state === 'done';
      targets.push({ id: p.id, state: keep ? target.state : 'pending', updatedAt: keep ? target.updatedAt : at, detail: keep ? target.detail : null, durationMs: null, location: keep ? target.location : null });
    }
  }
  const listed = new Set(targets.map((t) => t.id));
  return {
    request: { ...request, targets },
    unlisted: plan.filter((p) => !listed.has(p.id)).map((p) => p.id),
    unknown: targets.filter((t) => !planIds.has(t.id) && t.state !== 'done' && t.state !== 'skipped').map((t) => t.id),
  };
}

/** The target of a name: the override the input gives, else the registry's. */
function pick(input: PublishInput, name: TargetName): PublishTarget<TargetName> {
  return (input.targets?.[name] ?? targetFor(name)) as PublishTarget<TargetName>;
}

function contextFor(input: PublishInput, planned: PlannedTarget, masker: Masker, version: string, prerelease: boolean, workDir: string): TargetContext {
  const target = pick(input, planned.config.name);
  return {
    id: planned.id,
    unit: planned.unit,
    config: planned.config as never,
    options: planned.config.options as never,
    request: input.request,
    productRepo: input.productRepo,
    version,
    prerelease,
    tagPrefix: input.config.tagPrefix,
    artifacts: planned.artifacts,
    env: targetEnvironment(target.secrets, input.env),
    github: input.github,
    log: maskingLogger(input.log, masker),
    clock: input.clock,
    workDir,
    defaults: input.defaults ?? {},
  };
}

async function prepare(input: PublishInput, planned: PlannedTarget, masker: Masker, version: string, prerelease: boolean): Promise<{ target: PublishTarget<TargetName>; ctx: TargetContext }> {
  if (planned.planError !== null) throw planned.planError;
  const target = pick(input, planned.config.name);
  const workDir = join(input.workDir, 'targets', planned.id.replace(/[^A-Za-z0-9._-]+/g, '_'));
  await mkdir(workDir, { recursive: true });
  const ctx = contextFor(input, planned, masker, version, prerelease, workDir);
  const missing = missingSecrets(target.secrets, ctx.env);
  if (missing.length > 0) {
    throw new TargetSetupError(`${planned.id}: the secret${missing.length > 1 ? 's' : ''} ${missing.map((s) => s.name).join(', ')} ${missing.length > 1 ? 'are' : 'is'} not set (${missing.map((s) => s.description).join('; ')})`, 'add it to the control repo secrets and pass it to the publish step');
  }
  return { target, ctx };
}

function explain(error: unknown): string {
  return error instanceof UserError ? error.explain() : describeError(error);
}

async function dryRunTarget(input: PublishInput, planned: PlannedTarget, masker: Masker, version: string, prerelease: boolean): Promise<TargetReport> {
  try {
    const { target, ctx } = await prepare(input, planned, masker, version, prerelease);
    const check = await target.isPublished(ctx as never);
    if (check.published) return { id: planned.id, outcome: 'already-published', state: 'pending', durationMs: null, location: toLocation(check.location), error: null, hard: false, plan: 'already published: nothing to do' };
    const plan = masker.mask(await target.describe(ctx as never));
    return { id: planned.id, outcome: 'would-publish', state: 'pending', durationMs: null, location: null, error: null, hard: false, plan };
  } catch (error) {
    return { id: planned.id, outcome: 'failed', state: 'pending', durationMs: null, location: null, error: masker.mask(explain(error)), hard: isHardFailure(error), plan: null };
  }
}

async function runTarget(
  input: PublishInput,
  planned: PlannedTarget,
  writer: RequestWriter,
  masker: Masker,
  at: () => string,
  version: string,
  prerelease: boolean,
): Promise<TargetReport> {
  const { log, clock } = input;
  const id = planned.id;
  const started = clock.now();
  const history = (event: HistoryEvent, detail: string) => (r: PublishRequest) => withHistory(r, { at: at(), event, actor: null, detail: toDetail(masker.mask(detail)) });
  try {
    const { target, ctx } = await prepare(input, planned, masker, version, prerelease);
    const check = await target.isPublished(ctx as never);
    if (check.published) {
      const location = toLocation(check.location === null ? null : masker.mask(check.location));
      const durationMs = Math.max(0, clock.now() - started);
      writer.update((r) => history('target-published', `${id}: already published${location ? ` at ${location}` : ''}`)(withTargetState(r, id, 'done', { at: at(), detail: 'already published', durationMs, location })));
      await flushQuietly(writer, log, masker);
      log.info(`${id}: already published with the same content${location ? ` at ${location}` : ''}.`);
      return { id, outcome: 'already-published', state: 'done', durationMs, location, error: null, hard: false, plan: null };
    }
    // Recorded before any write: a run killed from here on leaves `running`, and the next run looks first.
    await writer.commit((r) => withTargetState(r, id, 'running', { at: at(), detail: null }));
    log.info(`${id}: publishing.`);
    const result = await target.publish(ctx as never);
    await target.verify(ctx as never);
    const location = toLocation(result.location === null ? null : masker.mask(result.location));
    const durationMs = Math.max(0, clock.now() - started);
    writer.update((r) => history('target-published', `${id}${location ? ` at ${location}` : ''}`)(withTargetState(r, id, 'done', { at: at(), detail: null, durationMs, location })));
    await flushQuietly(writer, log, masker);
    log.info(`${id}: published${location ? ` at ${location}` : ''} in ${durationMs} ms.`);
    return { id, outcome: 'published', state: 'done', durationMs, location, error: null, hard: false, plan: null };
  } catch (error) {
    const message = masker.mask(explain(error));
    const durationMs = Math.max(0, clock.now() - started);
    const hard = isHardFailure(error);
    log.error(`${id}: ${message}`);
    writer.update((r) => history('target-failed', `${id}: ${message}`)(withTargetState(r, id, 'failed', { at: at(), detail: toDetail(message), durationMs, location: null })));
    await flushQuietly(writer, log, masker);
    return { id, outcome: 'failed', state: 'failed', durationMs, location: null, error: message, hard, plan: null };
  }
}

/** A save that fails after a target finished is not fatal: the next save (or the next run's look) covers it. */
async function flushQuietly(writer: RequestWriter, log: Logger, masker: Masker): Promise<void> {
  try {
    await writer.flush();
  } catch (error) {
    log.warning(`Saving the request failed; the next save will carry this state: ${masker.mask(describeError(error))}`);
  }
}

async function failEarly(input: PublishInput, writer: RequestWriter, masker: Masker, at: () => string, error: unknown): Promise<PublishResult> {
  const message = masker.mask(explain(error));
  input.log.error(`Publishing stopped before any target ran: ${message}`);
  if (!input.dryRun) {
    writer.update((r) => withHistory(withState(r, 'failed'), { at: at(), event: 'target-failed', actor: null, detail: toDetail(`artifacts: ${message}`) }));
    await writer.flush();
  }
  return { request: writer.request, ok: false, dryRun: input.dryRun, targets: [], artifacts: input.request.artifacts, error: message, unlisted: [] };
}
