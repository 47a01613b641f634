/**
 * `npm run bench` writes bench/results.json for comparison between commits: this checks its shape
 * and names by running the two cheap figures in-process with --quick. No timing is asserted.
 */
import { describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatTable, parseArgs, runBench } from '../../../bench/lib/bench.js';
import { FIGURE_NAMES } from '../../../bench/figures/index.js';
import { meets } from '../../../bench/lib/figure.js';

describe('bench results', () => {
  it('names every figure of issue 7, in table order', () => {
    expect(FIGURE_NAMES).toEqual([
      'cold_start_ratio',
      'api_calls_per_release',
      'approval_hops',
      'ci_to_publish_delay_s',
      'publish_time_ratio',
      'publish_peak_rss_mb',
      'rules_10k_ms',
      'body_parse_ms',
      'reconcile_1000_calls',
    ]);
  });

  it('writes {"figures": [{name, value, unit, goal, met}]} for the figures asked for', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bench-shape-'));
    try {
      const output = join(dir, 'results.json');
      const returned = await runBench({ ...parseArgs(['--only', 'rules_10k_ms,body_parse_ms', '--quick']), output });
      const written = JSON.parse(await readFile(output, 'utf8')) as { figures: Record<string, unknown>[] };
      expect(written).toEqual(JSON.parse(JSON.stringify(returned)));
      expect(written.figures.map((f) => f.name)).toEqual(['rules_10k_ms', 'body_parse_ms']);
      for (const f of written.figures) {
        expect(Object.keys(f)).toEqual(expect.arrayContaining(['name', 'value', 'unit', 'goal', 'met']));
        expect(typeof f.name).toBe('string');
        expect(typeof f.unit).toBe('string');
        expect(typeof f.goal).toBe('string');
        expect(typeof f.met).toBe('boolean');
        // Either a measured number whose `met` follows from the goal, or null with the reason.
        if (f.value === null) {
          expect(f.met).toBe(false);
          expect(typeof f.reason).toBe('string');
        } else {
          expect(typeof f.value).toBe('number');
          if (f.met === true) expect(meets(f.value as number, f.goal as string)).toBe(true);
        }
      }
      expect(formatTable(returned.figures).split('\n')).toHaveLength(2 + 2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses unknown figures and arguments with the list of names', () => {
    expect(() => parseArgs(['--only', 'rules_10k'])).toThrow(/unknown figure rules_10k; the figures are cold_start_ratio/);
    expect(() => parseArgs(['--fast'])).toThrow(/unknown argument --fast/);
    expect(parseArgs(['--only=body_parse_ms', '--quick'])).toEqual({ only: ['body_parse_ms'], quick: true });
  });

  it('compares values with goals', () => {
    expect(meets(2, '<= 2')).toBe(true);
    expect(meets(2.01, '<= 2')).toBe(false);
    expect(meets(4.9, '< 5')).toBe(true);
    expect(meets(1, '== 1')).toBe(true);
    expect(meets(null, '<= 2')).toBe(false);
  });
});
