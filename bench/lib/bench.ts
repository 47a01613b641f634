/**
 * Runs the figures, prints the table and writes `bench/results.json`. A missed goal is a row with
 * met: false, never a failure of the process; a figure that throws becomes value null with its
 * reason, and the other figures still run.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { FIGURE_NAMES, GROUPS } from '../figures/index.js';
import { messageOf, unmeasured, type BenchContext, type FigureResult } from './figure.js';

/** The file `npm run bench` writes. */
export interface BenchResults {
  readonly figures: readonly FigureResult[];
  /** When and where the figures were measured (not compared between commits). */
  readonly machine: { readonly node: string; readonly platform: string; readonly cpus: number; readonly at: string; readonly quick: boolean };
}

/** Options of a bench run. */
export interface BenchOptions {
  /** Figure names to run (default all). */
  readonly only?: readonly string[];
  readonly quick?: boolean;
  readonly log?: (line: string) => void;
  readonly bundleDir?: string;
  /** Where to write the JSON; null writes nothing. */
  readonly output?: string | null;
}

/** Parses the CLI arguments: `--only a,b`, `--quick`, `--bundle <dir>`, `--output <file>`. */
export function parseArgs(argv: readonly string[]): { only?: string[]; quick: boolean; bundleDir?: string; output?: string } {
  const out: { only?: string[]; quick: boolean; bundleDir?: string; output?: string } = { quick: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    const value = (): string => {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new Error(`bench: ${arg} needs a value`);
      i += 1;
      return next;
    };
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '--quick') out.quick = true;
    else if (flag === '--only') out.only = (inline ?? value()).split(',').map((s) => s.trim()).filter((s) => s !== '');
    else if (flag === '--bundle') out.bundleDir = inline ?? value();
    else if (flag === '--output') out.output = inline ?? value();
    else throw new Error(`bench: unknown argument ${arg}; use --only <name,...>, --quick, --bundle <dir>, --output <file>`);
  }
  if (out.only) {
    const unknown = out.only.filter((name) => !FIGURE_NAMES.includes(name));
    if (unknown.length > 0) throw new Error(`bench: unknown figure ${unknown.join(', ')}; the figures are ${FIGURE_NAMES.join(', ')}`);
  }
  return out;
}

/** Runs the asked figures and returns (and optionally writes) the results. */
export async function runBench(options: BenchOptions = {}): Promise<BenchResults> {
  const log = options.log ?? (() => undefined);
  const wanted = new Set(options.only ?? FIGURE_NAMES);
  const context: BenchContext = { quick: options.quick === true, log, ...(options.bundleDir !== undefined ? { bundleDir: options.bundleDir } : {}) };
  const figures: FigureResult[] = [];
  for (const group of GROUPS) {
    const names = group.figures.map((f) => f.name).filter((n) => wanted.has(n));
    if (names.length === 0) continue;
    log(`bench: ${names.join(', ')} ...`);
    const started = Date.now();
    let results: FigureResult[];
    try {
      results = await (await group.load()).run(context);
    } catch (error) {
      const reason = `the measurement failed: ${messageOf(error).split('\n').slice(0, 4).join(' ').slice(0, 500)}`;
      log(`bench: ${names.join(', ')}: ${reason}`);
      results = group.figures.map((f) => unmeasured(f.name, f.unit, f.goal, reason));
    }
    for (const spec of group.figures.filter((f) => wanted.has(f.name))) {
      figures.push(results.find((r) => r.name === spec.name) ?? unmeasured(spec.name, spec.unit, spec.goal, 'the figure module returned no value for it'));
    }
    log(`bench: ${names.join(', ')} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  const { cpus } = await import('node:os');
  const results: BenchResults = {
    figures,
    machine: { node: process.version, platform: `${process.platform}-${process.arch}`, cpus: cpus().length, at: new Date().toISOString(), quick: context.quick },
  };
  if (options.output) {
    await mkdir(dirname(options.output), { recursive: true });
    // A subset (--only) replaces its own figures and keeps the others of the last full run.
    const kept = options.only === undefined ? [] : ((await readPrevious(options.output))?.figures ?? []).filter((f) => !wanted.has(f.name));
    const written: BenchResults = { ...results, figures: [...figures, ...kept].sort((a, b) => FIGURE_NAMES.indexOf(a.name) - FIGURE_NAMES.indexOf(b.name)) };
    await writeFile(options.output, `${JSON.stringify(written, null, 2)}\n`);
  }
  return results;
}

async function readPrevious(file: string): Promise<BenchResults | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as BenchResults;
  } catch {
    return null;
  }
}

function shown(value: number | null): string {
  return value === null ? '—' : String(value);
}

/** The results as a Markdown table (printed by the CLI, pasted into docs/performance.md). */
export function formatTable(figures: readonly FigureResult[]): string {
  const rows = figures.map((f) => [`\`${f.name}\``, shown(f.value), f.unit, f.goal === '' ? '' : `\`${f.goal}\``, f.value === null ? 'not measured' : f.met ? 'yes' : '**no**']);
  const header = ['figure', 'value', 'unit', 'goal', 'met'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: readonly string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(' | ')} |`;
  return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

/** One line per figure with its reason or key details (printed under the table). */
export function formatNotes(figures: readonly FigureResult[]): string {
  const lines: string[] = [];
  for (const f of figures) {
    if (f.reason !== undefined) lines.push(`- ${f.name}: ${f.reason}`);
    const summary = f.details?.summary;
    if (typeof summary === 'string') lines.push(`- ${f.name}: ${summary}`);
  }
  return lines.join('\n');
}
