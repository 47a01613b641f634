/**
 * Runs the steps of one job (or of one composite action): `if:`, env levels, `run:` through bash
 * with `${{ }}` substituted into the script text first (exactly what GitHub does, and the reason
 * event text must travel through `env:`), local actions, stand-ins, the step command files and masking.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/index';
import {
  evaluateCondition,
  evaluateString,
  evaluateStringMap,
  evaluateTemplateString,
  evaluateToken,
  stringify,
  type Contexts,
  type StatusState,
} from './expressions.js';
import { runProcess, type ProcessResult } from './process.js';
import { Masker, parseKeyValueFile } from './step-io.js';
import type { ActionContext, ActionImpl, Conclusion, RunnerHost, StepRecord } from './types.js';

/** A step with its values still unevaluated: parser tokens (workflow files) or template strings (action.yml). */
export interface StepSpec {
  readonly id: string;
  /** Whether the id was written by the author (only those appear in the `steps` context). */
  readonly explicitId: boolean;
  readonly name?: TemplateToken | string;
  /** The condition expression, already wrapped in a status function. */
  readonly if: string;
  readonly run?: TemplateToken | string;
  readonly uses?: string;
  readonly with?: TemplateToken | Record<string, unknown>;
  readonly env?: TemplateToken | Record<string, unknown>;
  readonly shell?: string;
  readonly workingDirectory?: string;
  readonly continueOnError?: TemplateToken | boolean | string;
  readonly timeoutMinutes?: TemplateToken | number | string;
}

/** What every step of a job shares. */
export interface StepScope {
  readonly host: RunnerHost;
  readonly actions: Readonly<Record<string, ActionImpl>>;
  readonly localActionDir?: string;
  readonly repository: string;
  readonly runId: number;
  readonly token: string;
  readonly workspace: string;
  readonly runnerTemp: string;
  /** GITHUB_* / RUNNER_* variables and the inherited PATH/HOME. */
  readonly runnerEnv: Record<string, string>;
  /** Job-level env (workflow env + job env), extended by $GITHUB_ENV. */
  readonly env: Record<string, string>;
  /** Directories added through $GITHUB_PATH, newest first. */
  readonly paths: string[];
  readonly masker: Masker;
  readonly minuteMs: number;
  /** Kills the current step's process on cancellation or job timeout (set per step by executeSteps). */
  readonly signal?: AbortSignal;
  /** A signal that aborts on the next cancellation; a step started after one runs unhindered (always()). */
  readonly newSignal: () => { signal: AbortSignal; dispose: () => void };
  readonly isCancelled: () => boolean;
  readonly defaultShell?: string;
  readonly defaultWorkingDirectory?: string;
  /** Summary text collected from $GITHUB_STEP_SUMMARY. */
  summary: string[];
  /** Counter for the per-step command files. */
  fileCounter: { n: number };
  /** Told about each step once it is done (or skipped). */
  readonly onStepDone?: (step: StepRecord) => void;
}

/** What a run of steps produced. */
export interface StepsResult {
  readonly failed: boolean;
  readonly records: StepRecord[];
  /** `steps` context built along the way. */
  readonly steps: Record<string, { outputs: Record<string, string>; outcome: Conclusion; conclusion: Conclusion }>;
}

const STATUS_FUNCTION = /\b(success|failure|cancelled|always)\s*\(/;

/** Turns an author-written condition into the form the runner evaluates (as GitHub does). */
export function normalizeCondition(condition: string | undefined): string {
  if (condition === undefined || condition.trim() === '') return 'success()';
  let text = condition.trim();
  const whole = /^\$\{\{([\s\S]*)\}\}$/.exec(text);
  if (whole && !whole[1]?.includes('${{')) text = (whole[1] as string).trim();
  return STATUS_FUNCTION.test(text) ? text : `success() && (${text})`;
}

function evalText(value: TemplateToken | string | undefined, contexts: Contexts, status: StatusState): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? evaluateTemplateString(value, contexts, status) : evaluateString(value, contexts, status);
}

function evalMap(value: TemplateToken | Record<string, unknown> | undefined, contexts: Contexts, status: StatusState): Record<string, string> {
  if (value === undefined) return {};
  if (!isToken(value)) {
    const out: Record<string, string> = {};
    for (const [key, v] of Object.entries(value)) out[key] = typeof v === 'string' ? evaluateTemplateString(v, contexts, status) : stringify(v);
    return out;
  }
  return evaluateStringMap(value, contexts, status);
}

function isToken(value: unknown): value is TemplateToken {
  return typeof value === 'object' && value !== null && 'templateTokenType' in value;
}

function evalBool(value: TemplateToken | boolean | string | undefined, contexts: Contexts, status: StatusState): boolean {
  if (value === undefined) return false;
  if (typeof value === 'boolean') return value;
  const result = typeof value === 'string' ? evaluateTemplateString(value, contexts, status) : evaluateToken(value, contexts, status);
  return result === true || result === 'true';
}

function evalNumber(value: TemplateToken | number | string | undefined, contexts: Contexts, status: StatusState): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return value;
  const result = typeof value === 'string' ? evaluateTemplateString(value, contexts, status) : evaluateToken(value, contexts, status);
  const n = Number(result);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/** Runs steps in order, as one job (or one composite action) does. */
export async function executeSteps(specs: readonly StepSpec[], scope: StepScope, baseContexts: Contexts, records: StepRecord[] = []): Promise<StepsResult> {
  // `records` may be the job record's own array, so a test can watch steps as they start.
  let failed = false;
  const steps: StepsResult['steps'] = {};
  for (const spec of specs) {
    const status: StatusState = { failed, cancelled: scope.isCancelled() };
    const contexts: Contexts = { ...baseContexts, env: { ...scope.env }, steps, job: { status: jobStatus(failed, scope) } };
    const record: StepRecord = { id: spec.id, name: '', outcome: 'skipped', conclusion: 'skipped', exitCode: null, stdout: '', stderr: '', outputs: {} };
    if (spec.uses !== undefined) record.uses = spec.uses;
    records.push(record);
    try {
      record.name = spec.name !== undefined ? evalText(spec.name, contexts, status) : defaultStepName(spec);
      if (!evaluateCondition(spec.if, contexts, status)) {
        if (spec.explicitId) steps[spec.id] = { outputs: {}, outcome: 'skipped', conclusion: 'skipped' };
        scope.onStepDone?.(record);
        continue;
      }
      const stepEnv = { ...scope.env, ...evalMap(spec.env, { ...contexts }, status) };
      const timeout = evalNumber(spec.timeoutMinutes, contexts, status);
      const { signal, dispose } = scope.newSignal();
      let result: Conclusion;
      try {
        result = await executeStep(spec, { ...scope, signal }, { ...contexts, env: stepEnv }, status, stepEnv, record, timeout);
      } finally {
        dispose();
      }
      record.outcome = result;
      const continueOnError = evalBool(spec.continueOnError, contexts, status);
      record.conclusion = result === 'failure' && continueOnError ? 'success' : result;
    } catch (error) {
      record.error = error instanceof Error ? error.message : String(error);
      record.outcome = 'failure';
      record.conclusion = evalBoolSafe(spec.continueOnError, contexts, status) ? 'success' : 'failure';
    }
    record.stdout = scope.masker.mask(record.stdout);
    record.stderr = scope.masker.mask(record.stderr);
    if (record.error !== undefined) record.error = scope.masker.mask(record.error);
    if (record.conclusion === 'failure' || record.conclusion === 'cancelled') failed = true;
    if (spec.explicitId) steps[spec.id] = { outputs: record.outputs, outcome: record.outcome, conclusion: record.conclusion };
    scope.onStepDone?.(record);
  }
  return { failed, records, steps };
}

function evalBoolSafe(value: TemplateToken | boolean | string | undefined, contexts: Contexts, status: StatusState): boolean {
  try {
    return evalBool(value, contexts, status);
  } catch {
    return false;
  }
}

function jobStatus(failed: boolean, scope: StepScope): string {
  if (scope.isCancelled()) return 'cancelled';
  return failed ? 'failure' : 'success';
}

function defaultStepName(spec: StepSpec): string {
  if (spec.uses !== undefined) return `Run ${spec.uses}`;
  // GitHub names a run step after the first line of its script as written (templates unexpanded).
  let run = '';
  if (typeof spec.run === 'string') run = spec.run;
  else if (spec.run !== undefined && 'value' in spec.run && typeof spec.run.value === 'string') run = spec.run.value;
  else if (spec.run !== undefined && 'source' in spec.run && typeof spec.run.source === 'string') run = spec.run.source;
  const first = run.trim().split('\n')[0] ?? '';
  return first !== '' ? `Run ${first}` : `Run ${spec.id}`;
}

interface CommandFiles {
  readonly output: string;
  readonly env: string;
  readonly path: string;
  readonly summary: string;
  readonly state: string;
}

async function createCommandFiles(scope: StepScope): Promise<CommandFiles> {
  const n = ++scope.fileCounter.n;
  const dir = join(scope.runnerTemp, '_runner_file_commands');
  await mkdir(dir, { recursive: true });
  const files: CommandFiles = {
    output: join(dir, `set_output_${n}`),
    env: join(dir, `set_env_${n}`),
    path: join(dir, `add_path_${n}`),
    summary: join(dir, `step_summary_${n}`),
    state: join(dir, `save_state_${n}`),
  };
  await Promise.all(Object.values(files).map((f) => writeFile(f as string, '')));
  return files;
}

/** Reads back what the step wrote to its command files and applies it to the job. */
async function collectCommandFiles(files: CommandFiles, scope: StepScope, record: StepRecord): Promise<void> {
  Object.assign(record.outputs, parseKeyValueFile(await readFile(files.output, 'utf8')));
  const env = parseKeyValueFile(await readFile(files.env, 'utf8'));
  for (const [key, value] of Object.entries(env)) scope.env[key] = value;
  const paths = (await readFile(files.path, 'utf8')).split(/\r?\n/).filter((p) => p.trim() !== '');
  scope.paths.unshift(...paths.reverse());
  const summary = await readFile(files.summary, 'utf8');
  if (summary !== '') scope.summary.push(summary);
}

function processEnv(scope: StepScope, stepEnv: Record<string, string>, files: CommandFiles, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {
    ...scope.runnerEnv,
    ...stepEnv,
    GITHUB_OUTPUT: files.output,
    GITHUB_ENV: files.env,
    GITHUB_PATH: files.path,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_STATE: files.state,
    ...extra,
  };
  if (scope.paths.length > 0) env.PATH = [...scope.paths, env.PATH ?? ''].join(':');
  return env;
}

function applyProcessResult(result: ProcessResult, record: StepRecord, scope: StepScope, timeoutMinutes: number | undefined): Conclusion {
  record.exitCode = result.exitCode;
  record.stdout += result.stdout;
  record.stderr += result.stderr;
  scope.masker.scan(result.stdout);
  if (result.spawnError !== undefined) {
    record.error = `Could not start the step: ${result.spawnError}`;
    return 'failure';
  }
  if (result.cancelled) {
    record.error = 'The operation was canceled.';
    return 'cancelled';
  }
  if (result.timedOut) {
    record.error = `The action has timed out after ${timeoutMinutes ?? '?'} minutes.`;
    return 'failure';
  }
  if (result.exitCode !== 0) {
    record.error = `Process completed with exit code ${result.exitCode ?? 'null'}.`;
    return 'failure';
  }
  return 'success';
}

async function executeStep(
  spec: StepSpec,
  scope: StepScope,
  contexts: Contexts,
  status: StatusState,
  stepEnv: Record<string, string>,
  record: StepRecord,
  timeoutMinutes: number | undefined,
): Promise<Conclusion> {
  const timeoutMs = timeoutMinutes !== undefined ? timeoutMinutes * scope.minuteMs : undefined;
  if (spec.run !== undefined) {
    // Substituted into the script text before bash sees it — GitHub's behaviour, kept on purpose.
    const script = evalText(spec.run, contexts, status);
    const files = await createCommandFiles(scope);
    const shell = spec.shell ?? scope.defaultShell ?? 'bash';
    const scriptPath = join(scope.runnerTemp, `step-${scope.fileCounter.n}.sh`);
    await writeFile(scriptPath, script);
    const workingDirectory = spec.workingDirectory ?? scope.defaultWorkingDirectory;
    const cwd = workingDirectory !== undefined ? resolve(scope.workspace, evaluateTemplateString(workingDirectory, contexts, status)) : scope.workspace;
    const result = await runProcess({
      argv: shellArgv(shell, scriptPath),
      cwd,
      env: processEnv(scope, stepEnv, files),
      timeoutMs,
      signal: scope.signal,
    });
    const conclusion = applyProcessResult(result, record, scope, timeoutMinutes);
    await collectCommandFiles(files, scope, record);
    return conclusion;
  }
  if (spec.uses === undefined) throw new Error('Step has neither run nor uses');
  const inputs = evalMap(spec.with, contexts, status);
  if (spec.uses.startsWith('./') || spec.uses === '.') {
    return executeLocalAction(spec.uses, inputs, scope, contexts, status, stepEnv, record, timeoutMs, timeoutMinutes);
  }
  if (spec.uses.startsWith('docker://')) throw new Error(`Docker actions are not supported by the sandbox runner: ${spec.uses}`);
  return executeStandIn(spec.uses, inputs, scope, contexts, stepEnv, record);
}

/** GitHub's shell templates (`{0}` is the script file). */
export function shellArgv(shell: string, scriptPath: string): string[] {
  switch (shell) {
    case 'bash':
      return ['bash', '--noprofile', '--norc', '-eo', 'pipefail', scriptPath];
    case 'sh':
      return ['sh', '-e', scriptPath];
    case 'python':
      return ['python3', scriptPath];
    default: {
      const parts = shell.split(/\s+/).filter((p) => p !== '');
      return parts.includes('{0}') ? parts.map((p) => (p === '{0}' ? scriptPath : p)) : [...parts, scriptPath];
    }
  }
}

function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

interface ActionManifest {
  name?: string;
  inputs?: Record<string, { default?: unknown; required?: boolean } | null>;
  outputs?: Record<string, { value?: string } | null>;
  runs?: { using?: string; main?: string; pre?: string; post?: string; steps?: Record<string, unknown>[] };
}

async function readManifest(dir: string): Promise<ActionManifest> {
  for (const name of ['action.yml', 'action.yaml']) {
    const file = join(dir, name);
    if (existsSync(file)) return (parseYaml(await readFile(file, 'utf8')) ?? {}) as ActionManifest;
  }
  throw new Error(`Can't find 'action.yml' or 'action.yaml' under '${dir}'. Did you forget to run actions/checkout before running your local action?`);
}

async function executeLocalAction(
  uses: string,
  given: Record<string, string>,
  scope: StepScope,
  contexts: Contexts,
  status: StatusState,
  stepEnv: Record<string, string>,
  record: StepRecord,
  timeoutMs: number | undefined,
  timeoutMinutes: number | undefined,
): Promise<Conclusion> {
  // localActionDir stands in for "the checked-out repository" so tests need no checkout step.
  const root = scope.localActionDir ?? scope.workspace;
  const dir = isAbsolute(uses) ? uses : resolve(root, uses);
  const manifest = await readManifest(dir);
  const inputs: Record<string, string> = {};
  for (const [name, def] of Object.entries(manifest.inputs ?? {})) {
    if (def?.default !== undefined) inputs[name] = evaluateTemplateString(stringify(def.default), contexts, status);
  }
  Object.assign(inputs, given);
  for (const [name, def] of Object.entries(manifest.inputs ?? {})) {
    if (def?.required && (inputs[name] === undefined || inputs[name] === '')) {
      // GitHub only warns here; the action itself decides.
      record.stderr += `Warning: Input required and not supplied: ${name}\n`;
    }
  }
  const using = manifest.runs?.using ?? '';
  if (/^node\d+$/.test(using)) {
    if (manifest.runs?.main === undefined) throw new Error(`${uses}: runs.main is missing in action.yml`);
    const files = await createCommandFiles(scope);
    const inputEnv = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [inputEnvName(k), v]));
    const result = await runProcess({
      argv: [process.execPath, join(dir, manifest.runs.main)],
      cwd: scope.workspace,
      env: processEnv(scope, { ...stepEnv, ...inputEnv }, files, { GITHUB_ACTION_PATH: dir, GITHUB_ACTION: record.id }),
      timeoutMs,
      signal: scope.signal,
    });
    const conclusion = applyProcessResult(result, record, scope, timeoutMinutes);
    await collectCommandFiles(files, scope, record);
    return conclusion;
  }
  if (using === 'composite') return executeComposite(dir, manifest, inputs, scope, contexts, record);
  throw new Error(`${uses}: runs.using '${using}' is not supported by the sandbox runner (node20, node24, composite are)`);
}

async function executeComposite(
  dir: string,
  manifest: ActionManifest,
  inputs: Record<string, string>,
  scope: StepScope,
  contexts: Contexts,
  record: StepRecord,
): Promise<Conclusion> {
  const specs: StepSpec[] = (manifest.runs?.steps ?? []).map((raw, index) => {
    const id = typeof raw.id === 'string' ? raw.id : `__composite_${index}`;
    if (raw.run !== undefined && raw.shell === undefined) throw new Error(`Composite step ${index + 1} in ${dir}: 'shell' is required`);
    return {
      id,
      explicitId: typeof raw.id === 'string',
      name: typeof raw.name === 'string' ? raw.name : undefined,
      if: normalizeCondition(typeof raw.if === 'string' ? raw.if : raw.if === undefined ? undefined : String(raw.if)),
      run: raw.run === undefined ? undefined : String(raw.run),
      uses: typeof raw.uses === 'string' ? (raw.uses.startsWith('./') ? raw.uses : raw.uses) : undefined,
      with: (raw.with ?? undefined) as Record<string, unknown> | undefined,
      env: (raw.env ?? undefined) as Record<string, unknown> | undefined,
      shell: typeof raw.shell === 'string' ? raw.shell : undefined,
      workingDirectory: typeof raw['working-directory'] === 'string' ? raw['working-directory'] : undefined,
      continueOnError: raw['continue-on-error'] as boolean | string | undefined,
    };
  });
  // Inside a composite action, `inputs` is the action's inputs and `steps` its own steps.
  const inner = await executeSteps(specs, { ...scope, onStepDone: undefined }, { ...contexts, inputs, github: { ...(contexts.github as object), action_path: dir } });
  for (const child of inner.records) {
    record.stdout += child.stdout;
    record.stderr += child.stderr;
    if (child.error !== undefined) record.error = child.error;
    if (child.exitCode !== null) record.exitCode = child.exitCode;
  }
  const status: StatusState = { failed: inner.failed, cancelled: scope.isCancelled() };
  for (const [name, def] of Object.entries(manifest.outputs ?? {})) {
    if (def?.value !== undefined) record.outputs[name] = evaluateTemplateString(def.value, { ...contexts, inputs, steps: inner.steps }, status);
  }
  if (scope.isCancelled()) return 'cancelled';
  return inner.failed ? 'failure' : 'success';
}

async function executeStandIn(
  uses: string,
  inputs: Record<string, string>,
  scope: StepScope,
  contexts: Contexts,
  stepEnv: Record<string, string>,
  record: StepRecord,
): Promise<Conclusion> {
  const at = uses.indexOf('@');
  const name = at < 0 ? uses : uses.slice(0, at);
  // `owner/repo/sub/path@ref` is looked up in full first, then as `owner/repo`.
  const impl = scope.actions[name] ?? scope.actions[name.split('/').slice(0, 2).join('/')];
  if (impl === undefined) {
    throw new Error(`Unable to resolve action '${uses}': the sandbox has no stand-in for '${name}' (known: ${Object.keys(scope.actions).sort().join(', ') || 'none'})`);
  }
  const inputEnv = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [inputEnvName(k), v]));
  const env = { ...scope.runnerEnv, ...stepEnv, ...inputEnv };
  const context: ActionContext = {
    inputs,
    env,
    workspace: scope.workspace,
    runnerTemp: scope.runnerTemp,
    repository: scope.repository,
    runId: scope.runId,
    token: scope.token,
    github: contexts.github as Record<string, unknown>,
    host: scope.host,
    uses,
    setOutput: (key, value) => {
      record.outputs[key] = value;
    },
    exportVariable: (key, value) => {
      scope.env[key] = value;
    },
    addPath: (dir) => {
      scope.paths.unshift(dir);
    },
    addMask: (value) => scope.masker.add(value),
    appendSummary: (markdown) => {
      scope.summary.push(markdown);
    },
    log: (line) => {
      record.stdout += `${line}\n`;
    },
    exec: async (argv, options) => {
      const result = await runProcess({ argv, cwd: options?.cwd ?? scope.workspace, env: { ...env, ...options?.env }, signal: scope.signal });
      record.stdout += result.stdout;
      record.stderr += result.stderr;
      if (result.exitCode !== 0) {
        throw new Error(`${argv[0] ?? ''} exited with ${result.exitCode ?? 'a signal'}: ${scope.masker.mask(result.stderr.trim()) || result.spawnError || ''}`);
      }
      return { stdout: result.stdout, stderr: result.stderr };
    },
  };
  await impl(context);
  record.exitCode = 0;
  return scope.isCancelled() ? 'cancelled' : 'success';
}
