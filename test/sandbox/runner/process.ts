/**
 * Spawns one step's process (argv, never a shell string) in its own process group, so a timeout
 * or a cancellation kills the whole tree (bash and everything it started).
 */
import { spawn } from 'node:child_process';
import { BoundedText } from './step-io.js';

/** How a step process ended. */
export interface ProcessResult {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  readonly cancelled: boolean;
  /** Set when the process could not start at all. */
  readonly spawnError?: string;
}

/** What to run and under which limits. */
export interface ProcessOptions {
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env: Record<string, string>;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly outputLimit?: number;
}

/** Runs a process to completion; never rejects (failures are in the result). */
export function runProcess(options: ProcessOptions): Promise<ProcessResult> {
  return new Promise((resolve) => {
    const [command, ...args] = options.argv;
    const stdout = new BoundedText(options.outputLimit);
    const stderr = new BoundedText(options.outputLimit);
    let timedOut = false;
    let cancelled = false;
    let settled = false;
    const child = spawn(command as string, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const killTree = (): void => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const timer = options.timeoutMs !== undefined ? setTimeout(() => ((timedOut = true), killTree()), options.timeoutMs) : undefined;
    const onAbort = (): void => {
      cancelled = true;
      killTree();
    };
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
    const finish = (result: ProcessResult): void => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error) => finish({ exitCode: null, stdout: stdout.text(), stderr: stderr.text(), timedOut, cancelled, spawnError: error.message }));
    child.on('close', (code) => {
      // A killed step leaves its group behind only if something detached further; sweep it anyway.
      if (timedOut || cancelled) killTree();
      finish({ exitCode: code, stdout: stdout.text(), stderr: stderr.text(), timedOut, cancelled });
    });
  });
}
