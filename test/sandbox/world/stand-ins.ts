/**
 * The world's stand-ins, on top of the runner's built-in ones:
 * - `publish-approval/publish-approval@<ref>`: this project's action as a product repo uses it,
 *   fetched from the sandbox repository `publish-approval/publish-approval` at that ref (as GitHub
 *   downloads an action) and run like a node action (`INPUT_*`, command files, outputs).
 * - `actions/create-github-app-token`: the built-in stand-in, but a token asked for without
 *   `permission-*` inputs gets the App installation's permissions (as on GitHub) instead of none.
 * - `actions/checkout`: the built-in stand-in, then the runner machine's environment variables
 *   (the runner has no option for them; every control-repo job starts with a checkout).
 * - `sandbox/ci-gate`: returns at once unless the world holds CI open (`holdCi()`).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse as parseYaml } from 'yaml';
import type { GitHubSandbox } from '../github/index.js';
import { createStandIns } from '../runner/index.js';
import { parseKeyValueFile } from '../runner/step-io.js';
import type { ActionContext, ActionImpl } from '../runner/types.js';

const run = promisify(execFile);

/** Holds CI runs at the `sandbox/ci-gate` step while closed. */
export class CiGate {
  private opened: Promise<void> = Promise.resolve();
  private open: (() => void) | undefined;
  /** Run ids currently waiting at the gate. */
  readonly waiting = new Set<number>();

  /** Closes the gate: CI runs that reach it wait until `release()`. */
  hold(): void {
    if (this.open !== undefined) return;
    this.opened = new Promise((resolve) => {
      this.open = resolve;
    });
  }

  /** Opens the gate and lets every waiting run go on. */
  release(): void {
    this.open?.();
    this.open = undefined;
  }

  get held(): boolean {
    return this.open !== undefined;
  }

  /** The stand-in. */
  readonly impl: ActionImpl = async (ctx) => {
    if (this.open === undefined) return;
    this.waiting.add(ctx.runId);
    ctx.log('sandbox/ci-gate: CI is held open by the world; waiting');
    try {
      await this.opened;
    } finally {
      this.waiting.delete(ctx.runId);
    }
    ctx.log('sandbox/ci-gate: released');
  };
}

interface ActionManifest {
  inputs?: Record<string, { default?: unknown } | null>;
  runs?: { using?: string; main?: string };
}

/** Options of the world's stand-ins. */
export interface WorldStandInOptions {
  readonly sandbox: GitHubSandbox;
  /** App id (the `app-id` input) → App slug. */
  readonly apps: Readonly<Record<string, string>>;
  /** App slug → the permissions its installation grants. */
  readonly installations: Readonly<Record<string, Readonly<Record<string, 'read' | 'write'>>>>;
  /** Variables every job sees, as if set on the runner machine. */
  readonly runnerEnv: Readonly<Record<string, string>>;
  /** Where fetched actions are unpacked. */
  readonly cacheDir: string;
  readonly gate: CiGate;
}

/** The stand-in map the world gives its runner. */
export function createWorldStandIns(options: WorldStandInOptions): Record<string, ActionImpl> {
  const builtIn = createStandIns({ apps: options.apps });
  const appToken = builtIn['actions/create-github-app-token'];
  const checkout = builtIn['actions/checkout'];
  if (appToken === undefined || checkout === undefined) throw new Error('world: the runner has no built-in app-token or checkout stand-in');
  const unpacked = new Map<string, Promise<string>>();

  /** Unpacks owner/repo at ref from its sandbox bare repository (once per commit). */
  const materialize = (fullName: string, ref: string): Promise<string> => {
    const bareDir = options.sandbox.admin.getRepo(fullName)?.bareDir;
    if (bareDir === undefined) return Promise.reject(new Error(`Unable to resolve action '${fullName}@${ref}': the sandbox has no repository ${fullName}`));
    const key = `${fullName}@${ref}`;
    let pending = unpacked.get(key);
    if (pending === undefined) {
      pending = (async () => {
        const { stdout } = await run('git', [`--git-dir=${bareDir}`, 'rev-parse', '--verify', `${ref}^{commit}`]).catch(() => {
          throw new Error(`Unable to resolve action '${fullName}@${ref}': no such ref`);
        });
        const sha = stdout.trim();
        const dir = join(options.cacheDir, fullName.replace('/', '__'), sha);
        if (existsSync(join(dir, 'action.yml'))) return dir;
        const staging = `${dir}.tmp`;
        await rm(staging, { recursive: true, force: true });
        await mkdir(staging, { recursive: true });
        const archive = join(options.cacheDir, `${sha}.tar`);
        await run('git', [`--git-dir=${bareDir}`, 'archive', '--format=tar', '-o', archive, sha]);
        await run('tar', ['-xf', archive, '-C', staging]);
        await rm(archive, { force: true });
        await rename(staging, dir);
        return dir;
      })();
      unpacked.set(key, pending);
      pending.catch(() => unpacked.delete(key));
    }
    return pending;
  };

  /** Runs a node action from a sandbox repository the way the runner runs a local one. */
  const remoteNodeAction: ActionImpl = async (ctx: ActionContext) => {
    const at = ctx.uses.indexOf('@');
    const name = at < 0 ? ctx.uses : ctx.uses.slice(0, at);
    const ref = at < 0 ? 'HEAD' : ctx.uses.slice(at + 1);
    const fullName = name.split('/').slice(0, 2).join('/');
    const dir = await materialize(fullName, ref);
    const manifest = (parseYaml(await readFile(join(dir, 'action.yml'), 'utf8')) ?? {}) as ActionManifest;
    if (!/^node\d+$/.test(manifest.runs?.using ?? '') || manifest.runs?.main === undefined) {
      throw new Error(`${ctx.uses}: only node actions are supported by this stand-in (runs.using is '${manifest.runs?.using ?? ''}')`);
    }
    const defaults: Record<string, string> = {};
    for (const [input, def] of Object.entries(manifest.inputs ?? {})) {
      const key = `INPUT_${input.replace(/ /g, '_').toUpperCase()}`;
      if (def?.default !== undefined && ctx.inputs[input] === undefined) {
        const value = String(def.default);
        // The project's defaults are plain strings; `${{ github.token }}` is the one template worth knowing.
        defaults[key] = /^\$\{\{\s*github\.token\s*\}\}$/.test(value) ? ctx.token : value;
      }
    }
    const files = {
      GITHUB_OUTPUT: join(ctx.runnerTemp, `remote-action-${process.hrtime.bigint()}-output`),
      GITHUB_STEP_SUMMARY: join(ctx.runnerTemp, `remote-action-${process.hrtime.bigint()}-summary`),
      GITHUB_ENV: join(ctx.runnerTemp, `remote-action-${process.hrtime.bigint()}-env`),
      GITHUB_PATH: join(ctx.runnerTemp, `remote-action-${process.hrtime.bigint()}-path`),
      GITHUB_STATE: join(ctx.runnerTemp, `remote-action-${process.hrtime.bigint()}-state`),
    };
    await mkdir(ctx.runnerTemp, { recursive: true });
    for (const file of Object.values(files)) await writeFile(file, '');
    const env = { ...defaults, ...options.runnerEnv, ...files, GITHUB_ACTION_PATH: dir };
    let failure: unknown;
    let stdout = '';
    try {
      stdout = (await ctx.exec([process.execPath, join(dir, manifest.runs.main)], { env })).stdout;
    } catch (error) {
      failure = error;
    }
    // Outputs, masks and the summary count even when the action failed (as on GitHub).
    for (const line of stdout.split('\n')) {
      const mask = /^::add-mask::(.*)$/.exec(line.trim());
      if (mask?.[1]) ctx.addMask(mask[1]);
    }
    for (const [key, value] of Object.entries(parseKeyValueFile(await readFile(files.GITHUB_OUTPUT, 'utf8')))) ctx.setOutput(key, value);
    const summary = await readFile(files.GITHUB_STEP_SUMMARY, 'utf8');
    if (summary !== '') ctx.appendSummary(summary);
    for (const [key, value] of Object.entries(parseKeyValueFile(await readFile(files.GITHUB_ENV, 'utf8')))) ctx.exportVariable(key, value);
    if (failure !== undefined) throw failure;
  };

  const worldAppToken: ActionImpl = async (ctx) => {
    const asked = Object.keys(ctx.inputs).some((k) => k.startsWith('permission-') && ctx.inputs[k] !== '');
    if (asked) return appToken(ctx);
    const id = ctx.inputs['app-id'] || ctx.inputs['client-id'] || '';
    const granted = options.installations[options.apps[id] ?? id] ?? {};
    const inputs = { ...ctx.inputs, ...Object.fromEntries(Object.entries(granted).map(([scope, level]) => [`permission-${scope}`, level])) };
    return appToken({ ...ctx, inputs });
  };

  const worldCheckout: ActionImpl = async (ctx) => {
    await checkout(ctx);
    for (const [key, value] of Object.entries(options.runnerEnv)) ctx.exportVariable(key, value);
  };

  return {
    'actions/create-github-app-token': worldAppToken,
    'actions/checkout': worldCheckout,
    'publish-approval/publish-approval': remoteNodeAction,
    'sandbox/ci-gate': options.gate.impl,
  };
}
