/**
 * The figures of `npm run bench`, in table order, with their units and goals. Each group is
 * imported only when one of its names is asked for, so `--only rules_10k_ms` starts no sandbox.
 */
import type { FigureGroup } from '../lib/figure.js';

/** What a figure measures in, and its goal (shown even when the figure cannot be measured). */
export interface FigureSpec {
  readonly name: string;
  readonly unit: string;
  readonly goal: string;
}

/** A group of figures measured together, loaded on demand. */
export interface GroupEntry {
  readonly figures: readonly FigureSpec[];
  load(): Promise<FigureGroup>;
}

export const GROUPS: readonly GroupEntry[] = [
  {
    figures: [{ name: 'cold_start_ratio', unit: 'x bare node', goal: '<= 2' }],
    load: async () => (await import('./cold-start.js')).coldStart,
  },
  {
    figures: [
      { name: 'api_calls_per_release', unit: 'API calls', goal: '<= 25' },
      { name: 'approval_hops', unit: 'workflow runs', goal: '<= 1' },
      { name: 'ci_to_publish_delay_s', unit: 's', goal: '< 60' },
    ],
    load: async () => (await import('./release-life.js')).releaseLife,
  },
  {
    figures: [
      { name: 'publish_time_ratio', unit: 'x npm publish loop', goal: '<= 0.5' },
      { name: 'publish_peak_rss_mb', unit: 'MB', goal: '< 300' },
    ],
    load: async () => (await import('./publish-throughput.js')).publishThroughput,
  },
  { figures: [{ name: 'rules_10k_ms', unit: 'ms per request', goal: '< 5' }], load: async () => (await import('./rules.js')).rules },
  { figures: [{ name: 'body_parse_ms', unit: 'ms', goal: '< 5' }], load: async () => (await import('./body-parse.js')).bodyParse },
  {
    figures: [{ name: 'reconcile_1000_calls', unit: 'API calls', goal: '<= 10' }],
    load: async () => (await import('./reconcile-scale.js')).reconcileScale,
  },
];

/** Every figure, in table order. */
export const FIGURES: readonly FigureSpec[] = GROUPS.flatMap((g) => g.figures);

/** Every figure name, in table order. */
export const FIGURE_NAMES: readonly string[] = FIGURES.map((f) => f.name);

/** The spec of a figure by name. */
export function specOf(name: string): FigureSpec {
  const spec = FIGURES.find((f) => f.name === name);
  if (!spec) throw new Error(`bench: no figure named ${name}`);
  return spec;
}
