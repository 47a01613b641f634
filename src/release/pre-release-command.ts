import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import path from 'node:path';

import { UserError } from '../errors.js';
import { quote } from '../versioning/quote.js';
import { realpathInside } from './safe-path.js';

/**
 * Runs the product's `preReleaseCommand` (Craft-compatible) to bump versions in files the
 * built-in bumpers do not know.
 *
 * Security: the command and the script come from the repository, which any contributor can
 * change in a pull request, while this step runs with the release token and whatever else the
 * job holds. So:
 * - no shell: the command is split into argv by a small tokenizer (quotes and backslashes only;
 *   no globbing, no `$VAR`, no `$(...)`, no `;`/`&&`/`|`/redirections: those are refused with an
 *   error instead of being passed on as surprising literal arguments);
 * - an allow-listed environment only (see CHILD_ENV_ALLOWLIST); nothing is read from files in the
 *   repository (no `.env`);
 * - its own process group, killed whole on timeout and after the command exits, so nothing the
 *   script started in the background outlives the step.
 */

/** Environment variables passed through from baseEnv; everything else is dropped. */
export const CHILD_ENV_ALLOWLIST = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR', 'CI'] as const;

/** The script run when no command is configured, as in Craft. */
export const DEFAULT_BUMP_SCRIPT = 'scripts/bump-version.sh';

/** The most output kept per stream (the tail). */
export const OUTPUT_LIMIT_BYTES = 64 * 1024;

/** Grace between SIGTERM and SIGKILL on timeout. */
const KILL_GRACE_MS = 2_000;

/** Input of {@link runPreReleaseCommand}. */
export interface PreReleaseCommandInput {
  /** The configured command; null runs `scripts/bump-version.sh` when present; '' runs nothing (Craft's opt-out). */
  command: string | null;
  /** The checkout of the product repository. */
  cwd: string;
  oldVersion: string | null;
  newVersion: string;
  /** The environment to pick allow-listed variables from (usually process.env). */
  baseEnv: NodeJS.ProcessEnv;
  timeoutMs: number;
}

/** What ran and what it printed. */
export interface PreReleaseCommandResult {
  ran: boolean;
  /** The argv that ran (empty when nothing ran). */
  argv: string[];
  exitCode: number | null;
  /** The last OUTPUT_LIMIT_BYTES of each stream. */
  stdout: string;
  stderr: string;
  truncated: boolean;
}

/** Runs the pre-release command (or the default bump script) with OLD and NEW appended. */
export async function runPreReleaseCommand(input: PreReleaseCommandInput): Promise<PreReleaseCommandResult> {
  if (!Number.isFinite(input.timeoutMs) || input.timeoutMs <= 0) throw new Error(`runPreReleaseCommand: invalid timeout ${input.timeoutMs}`);
  const argv = await commandArgv(input);
  if (argv === null) return { ran: false, argv: [], exitCode: null, stdout: '', stderr: '', truncated: false };
  const oldVersion = input.oldVersion ?? '';
  const fullArgv = [...argv, oldVersion, input.newVersion];
  const env = childEnv(input.baseEnv, { CRAFT_OLD_VERSION: oldVersion, CRAFT_NEW_VERSION: input.newVersion });
  const outcome = await runBounded(fullArgv, input.cwd, env, input.timeoutMs);
  const shown = fullArgv.map(shellQuoteForDisplay).join(' ');
  if (outcome.spawnError) {
    throw new UserError(
      'E_PRE_RELEASE_COMMAND_NOT_FOUND',
      `The pre-release command ${quote(shown)} could not be started (${outcome.spawnError}).`,
      `Check that ${quote(fullArgv[0] ?? '')} is installed on the runner or committed to the repository; the command runs without a shell, with PATH from the runner.`,
    );
  }
  if (outcome.timedOut) {
    throw new UserError(
      'E_PRE_RELEASE_COMMAND_TIMEOUT',
      `The pre-release command ${quote(shown)} did not finish within ${Math.round(input.timeoutMs / 1000)} s and was stopped.${tailOf(outcome.stderr)}`,
      'Make the command finish faster (it should only bump versions), or check that it does not wait for input.',
    );
  }
  if (outcome.exitCode !== 0) {
    const how = outcome.exitCode === null ? `was killed by ${outcome.signal ?? 'a signal'}` : `exited with code ${outcome.exitCode}`;
    throw new UserError(
      'E_PRE_RELEASE_COMMAND_FAILED',
      `The pre-release command ${quote(shown)} ${how}.${tailOf(outcome.stderr)}`,
      'Run the command locally with the same two arguments (old and new version) to reproduce it, fix it on the merge target, and request the release again. It sees only PATH, HOME, LANG, LC_ALL, TZ, TMPDIR, CI, CRAFT_OLD_VERSION and CRAFT_NEW_VERSION.',
    );
  }
  return { ran: true, argv: fullArgv, exitCode: 0, stdout: outcome.stdout, stderr: outcome.stderr, truncated: outcome.truncated };
}

/** The child environment: allow-listed variables from baseEnv, then `extra`. Nothing else. */
export function childEnv(baseEnv: NodeJS.ProcessEnv, extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of CHILD_ENV_ALLOWLIST) {
    const value = baseEnv[name];
    if (typeof value === 'string') env[name] = value;
  }
  return { ...env, ...extra };
}

/**
 * Splits a command line into argv without a shell. Single quotes keep everything literally;
 * double quotes keep everything except `\"` and `\\`; outside quotes a backslash escapes the next
 * character. Shell syntax that would need a shell is refused with an error that says so.
 */
export function tokenizeCommand(command: string): string[] {
  const argv: string[] = [];
  let current = '';
  let inToken = false;
  let i = 0;
  const fail = (what: string, fix: string): never => {
    throw new UserError('E_PRE_RELEASE_COMMAND_SYNTAX', `preReleaseCommand ${quote(command)}: ${what}.`, fix);
  };
  const noShell =
    'preReleaseCommand runs without a shell: put pipelines, redirections, several commands or variables in a script (e.g. scripts/bump-version.sh) and run that.';
  while (i < command.length) {
    const c = command[i] as string;
    if (c === ' ' || c === '\t') {
      if (inToken) argv.push(current);
      current = '';
      inToken = false;
      i += 1;
    } else if (c === "'") {
      const end = command.indexOf("'", i + 1);
      if (end < 0) fail('a single quote is not closed', 'Close the quote, or escape it with a backslash.');
      current += command.slice(i + 1, end);
      inToken = true;
      i = end + 1;
    } else if (c === '"') {
      i += 1;
      let closed = false;
      while (i < command.length) {
        const d = command[i] as string;
        if (d === '"') {
          closed = true;
          i += 1;
          break;
        }
        if (d === '\\' && (command[i + 1] === '"' || command[i + 1] === '\\')) {
          current += command[i + 1];
          i += 2;
        } else {
          current += d;
          i += 1;
        }
      }
      if (!closed) fail('a double quote is not closed', 'Close the quote, or escape it with a backslash.');
      inToken = true;
    } else if (c === '\\') {
      if (i + 1 >= command.length) fail('it ends with a backslash', 'Remove the trailing backslash.');
      current += command[i + 1];
      inToken = true;
      i += 2;
    } else if (c === '\n' || c === '\r') {
      fail('it has more than one line', noShell);
    } else if ('|&;<>()$`'.includes(c)) {
      fail(`${quote(c)} is shell syntax`, noShell);
    } else {
      current += c;
      inToken = true;
      i += 1;
    }
  }
  if (inToken) argv.push(current);
  return argv;
}

async function commandArgv(input: PreReleaseCommandInput): Promise<string[] | null> {
  if (input.command !== null) {
    if (input.command.trim() === '') return null;
    const argv = tokenizeCommand(input.command);
    return argv.length === 0 ? null : argv;
  }
  const script = path.join(input.cwd, ...DEFAULT_BUMP_SCRIPT.split('/'));
  const found = await stat(script).catch(() => null);
  if (!found) return null;
  // The default script must be a regular file that stays inside the checkout, even through a symlink.
  const real = await realpathInside(input.cwd, script, 'default pre-release script');
  if (!(await stat(real)).isFile()) return null;
  return ['bash', DEFAULT_BUMP_SCRIPT];
}

interface Outcome {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  truncated: boolean;
  timedOut: boolean;
  spawnError: string | null;
}

function runBounded(argv: string[], cwd: string, env: Record<string, string>, timeoutMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const [file, ...args] = argv as [string, ...string[]];
    const child = spawn(file, args, {
      cwd,
      env,
      shell: false,
      // Its own process group, so a timeout or cleanup reaches everything the command started.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout = new Tail(OUTPUT_LIMIT_BYTES);
    const stderr = new Tail(OUTPUT_LIMIT_BYTES);
    let timedOut = false;
    let spawnError: string | null = null;
    let exit: { code: number | null; signal: NodeJS.Signals | null } = { code: null, signal: null };
    let killTimer: NodeJS.Timeout | undefined;
    const killGroup = (signal: NodeJS.Signals): void => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        // ESRCH: the group is already gone.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup('SIGTERM');
      killTimer = setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS);
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      spawnError = error.code ?? error.message;
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      // Background processes left behind would hold the pipes open and outlive the step.
      killGroup('SIGKILL');
    });
    child.on('close', () => {
      clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      resolve({
        exitCode: exit.code,
        signal: exit.signal,
        stdout: stdout.text(),
        stderr: stderr.text(),
        truncated: stdout.truncated || stderr.truncated,
        timedOut,
        spawnError,
      });
    });
  });
}

/** Keeps the last `limit` bytes of a stream. */
class Tail {
  private chunks: Buffer[] = [];
  private size = 0;
  truncated = false;
  constructor(private readonly limit: number) {}
  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > this.limit && this.chunks.length > 0) {
      const first = this.chunks[0] as Buffer;
      const excess = this.size - this.limit;
      this.truncated = true;
      if (first.length <= excess) {
        this.chunks.shift();
        this.size -= first.length;
      } else {
        this.chunks[0] = first.subarray(excess);
        this.size -= excess;
      }
    }
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/** The last lines of stderr for an error message (the full output is in the result and the log). */
function tailOf(stderr: string): string {
  const lines = stderr.trimEnd().split('\n');
  const tail = lines.slice(-20).join('\n').slice(-2000);
  return tail === '' ? '' : `\nLast lines of its error output:\n${tail}`;
}

/** Quotes an argument for display only (never executed). */
function shellQuoteForDisplay(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
