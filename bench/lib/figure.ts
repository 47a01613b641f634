/**
 * What a benchmark figure is: a named ratio or count measured in this run, its goal, and whether
 * the goal was met. A figure that cannot be measured yet has value null and says why.
 */

/** One row of `bench/results.json`. */
export interface FigureResult {
  readonly name: string;
  /** The measured value; null when it could not be measured in this run (see `reason`). */
  readonly value: number | null;
  readonly unit: string;
  /** The goal as a comparison with the value: `<= 2`, `< 5`, `== 1`. */
  readonly goal: string;
  readonly met: boolean;
  /** Why the value is null, or what limits it. */
  readonly reason?: string;
  /** How the value was measured: baselines, samples, per-endpoint counts. */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Options every figure receives. */
export interface BenchContext {
  /** Fewer repetitions (for tests and a quick look); every figure still runs its real code path. */
  readonly quick: boolean;
  /** Progress lines (stderr in the CLI, silent in tests). */
  readonly log: (line: string) => void;
  /** The folder of the action bundle's index.js (default: a cached ncc build of the current src/). */
  readonly bundleDir?: string;
}

/** A module under bench/figures: measures one or more figures together (they share a set-up). */
export interface FigureGroup {
  readonly names: readonly string[];
  run(context: BenchContext): Promise<FigureResult[]>;
}

/** Whether `value` satisfies `goal` (`<= 2`, `< 5`, `== 1`, `>= 3`). */
export function meets(value: number | null, goal: string): boolean {
  if (value === null || !Number.isFinite(value)) return false;
  const match = /^\s*(<=|<|==|>=|>)\s*(-?\d+(?:\.\d+)?)\s*$/.exec(goal);
  if (!match) throw new Error(`bench: goal ${JSON.stringify(goal)} is not a comparison such as "<= 2"`);
  const limit = Number(match[2]);
  switch (match[1]) {
    case '<=':
      return value <= limit;
    case '<':
      return value < limit;
    case '==':
      return value === limit;
    case '>=':
      return value >= limit;
    default:
      return value > limit;
  }
}

/** A measured figure; `met` follows from the goal unless `extraCondition` is false. */
export function figure(
  name: string,
  value: number,
  unit: string,
  goal: string,
  options: { details?: Record<string, unknown>; extraCondition?: boolean; reason?: string } = {},
): FigureResult {
  return {
    name,
    value: round(value),
    unit,
    goal,
    met: meets(value, goal) && options.extraCondition !== false,
    ...(options.reason !== undefined ? { reason: options.reason } : {}),
    ...(options.details !== undefined ? { details: options.details } : {}),
  };
}

/** A figure that could not be measured in this run. */
export function unmeasured(name: string, unit: string, goal: string, reason: string, details?: Record<string, unknown>): FigureResult {
  return { name, value: null, unit, goal, met: false, reason, ...(details !== undefined ? { details } : {}) };
}

/** Rounds to 3 significant decimals for the table and JSON (counts stay integers). */
export function round(value: number): number {
  if (Number.isInteger(value)) return value;
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 1 : abs >= 1 ? 2 : 4;
  return Number(value.toFixed(digits));
}

/** The median of samples (the mean of the middle two for an even count). */
export function median(samples: readonly number[]): number {
  if (samples.length === 0) throw new Error('bench: median of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The q-quantile (0..1) of samples, nearest rank. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) throw new Error('bench: quantile of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index] as number;
}

/** Milliseconds elapsed since `start` (a process.hrtime.bigint() reading). */
export function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
