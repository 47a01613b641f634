/**
 * Child processes timed with process.hrtime and, on Linux, their memory sampled from /proc: the
 * sum of VmRSS (and of Pss, which splits shared pages between the processes that share them) over
 * the process and all its descendants, every few milliseconds, keeping the peak.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { msSince } from './figure.js';

/** How a child ended and what it cost. */
export interface MeasuredRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly wallMs: number;
  /** Peak of the summed VmRSS of the tree, MB (1024 × 1024 bytes); null when /proc is not there. */
  readonly peakRssMb: number | null;
  /** Peak of the summed Pss of the tree, MB; null when smaps_rollup cannot be read. */
  readonly peakPssMb: number | null;
  /** The most processes seen alive in the tree at once. */
  readonly peakProcesses: number;
}

function children(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .split(' ')
      .filter((s) => s.trim() !== '')
      .map(Number);
  } catch {
    return [];
  }
}

function field(text: string, name: string): number | null {
  const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text);
  return match ? Number(match[1]) : null;
}

/**
 * Summed VmRSS (and, when `withPss`, Pss) in kB of a process tree, and how many processes it has.
 * Reading smaps_rollup walks the page tables (about 4 ms for a 100 MB node process here), so
 * callers ask for Pss far less often than for VmRSS (a cheap status read).
 */
export function treeMemory(root: number, withPss = true): { rssKb: number | null; pssKb: number | null; processes: number } {
  const seen = new Set<number>();
  const queue = [root];
  let rss: number | null = null;
  let pss: number | null = null;
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    if (seen.has(pid)) continue;
    seen.add(pid);
    try {
      const value = field(readFileSync(`/proc/${pid}/status`, 'utf8'), 'VmRSS');
      if (value !== null) rss = (rss ?? 0) + value;
    } catch {
      // gone already
    }
    if (withPss) {
      try {
        const value = field(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'), 'Pss');
        if (value !== null) pss = (pss ?? 0) + value;
      } catch {
        // not readable here
      }
    }
    queue.push(...children(pid));
  }
  return { rssKb: rss, pssKb: pss, processes: seen.size };
}

/**
 * Runs argv, resolving when it exits; `sampleMs` > 0 samples the tree's VmRSS that often, and its
 * Pss every `pssEveryMs` (default 500 ms) so that sampling does not steal the CPU it measures.
 */
export function runMeasured(argv: readonly string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; sampleMs?: number; pssEveryMs?: number } = {}): Promise<MeasuredRun> {
  const [command, ...args] = argv as [string, ...string[]];
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(command, args, { env: options.env ?? process.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    let peakRss: number | null = null;
    let peakPss: number | null = null;
    let peakProcesses = 0;
    let lastPss = 0;
    const pssEvery = options.pssEveryMs ?? 500;
    const sample = (): void => {
      if (child.pid === undefined || child.exitCode !== null) return;
      const withPss = Date.now() - lastPss >= pssEvery;
      if (withPss) lastPss = Date.now();
      const now = treeMemory(child.pid, withPss);
      if (now.rssKb !== null) peakRss = Math.max(peakRss ?? 0, now.rssKb);
      if (now.pssKb !== null) peakPss = Math.max(peakPss ?? 0, now.pssKb);
      peakProcesses = Math.max(peakProcesses, now.processes);
    };
    const timer = options.sampleMs && options.sampleMs > 0 ? setInterval(sample, options.sampleMs) : undefined;
    child.on('error', (error) => {
      if (timer) clearInterval(timer);
      reject(error);
    });
    child.on('close', (code) => {
      const wallMs = msSince(start);
      if (timer) clearInterval(timer);
      resolve({
        code,
        stdout,
        stderr,
        wallMs,
        peakRssMb: peakRss === null ? null : peakRss / 1024,
        peakPssMb: peakPss === null ? null : peakPss / 1024,
        peakProcesses,
      });
    });
  });
}
