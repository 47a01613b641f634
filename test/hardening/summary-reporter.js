/**
 * A jest 29 reporter for `npm run test:hardening`: after the run it prints, per group, the cases
 * tried, passed and failed with one line of what the group proves, then the figures the tests
 * recorded (duplicates and unauthorised publishes must be 0, faults injected, fuzz cases, the
 * fastest write rate per token).
 *
 * A test belongs to the group named by its outermost describe, up to the first colon
 * ("authorization: labels" → authorization). Figures come from the test workers through a JSON
 * lines file whose path this reporter puts in HARDENING_FIGURES_FILE before the workers start.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Every group, in print order, with what it proves when it passes. */
export const GROUPS = [
  ['authorization', 'no way around a valid approval publishes anything; each refusal is explained to the actor'],
  ['bad input', 'hostile titles, bodies, configs and inputs end in typed errors, fast; nothing reaches a shell; large text goes through files'],
  ['faults', 'a failure before, after (lost answer) or a kill right after every write converges to exactly-once publishing on re-run'],
  ['load', 'bursts and concurrency stay within GitHub write guidance, lose nothing and publish once; 1,000 open requests are all found'],
  ['secrets', 'canary secret values appear nowhere but in the registry call that needs them'],
  ['workflow rules', 'every workflow file keeps the security rules and is actionlint-clean; each rule catches its violation'],
];

/** Figures summed over the run, and how to print each. `max` figures keep the largest value. */
const FIGURES = [
  ['unauthorised publishes', 'sum', 'must be 0'],
  ['duplicate publishes', 'sum', 'must be 0'],
  ['faults injected', 'sum', ''],
  ['fuzz cases', 'sum', ''],
  ['max ms per fuzz case', 'max', ''],
  ['max writes per second per token', 'max', 'GitHub guidance: about 1'],
  ['canary values found where they must not be', 'sum', 'must be 0'],
];

function groupOf(result) {
  const top = result.ancestorTitles[0] ?? result.title;
  const at = top.indexOf(':');
  return (at < 0 ? top : top.slice(0, at)).trim().toLowerCase();
}

function pad(text, width) {
  const s = String(text);
  return s.length >= width ? s : s + ' '.repeat(width - s.length);
}

export default class HardeningSummaryReporter {
  constructor(globalConfig, options) {
    this.globalConfig = globalConfig;
    this.options = options ?? {};
    this.dir = mkdtempSync(join(tmpdir(), 'hardening-figures-'));
    this.file = join(this.dir, 'figures.jsonl');
    // Set before jest forks its workers, which inherit the environment.
    process.env.HARDENING_FIGURES_FILE = this.file;
    this.counts = new Map();
  }

  onTestResult(_test, testResult) {
    for (const result of testResult.testResults) {
      const group = groupOf(result);
      const entry = this.counts.get(group) ?? { tried: 0, passed: 0, failed: 0, skipped: 0 };
      if (result.status === 'passed') {
        entry.tried += 1;
        entry.passed += 1;
      } else if (result.status === 'failed') {
        entry.tried += 1;
        entry.failed += 1;
      } else {
        entry.skipped += 1;
      }
      this.counts.set(group, entry);
    }
    if (testResult.testExecError) {
      const entry = this.counts.get('(suite errors)') ?? { tried: 0, passed: 0, failed: 0, skipped: 0 };
      entry.tried += 1;
      entry.failed += 1;
      this.counts.set('(suite errors)', entry);
    }
  }

  readFigures() {
    const sums = new Map();
    let text = '';
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return sums;
    }
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      let figure;
      try {
        figure = JSON.parse(line);
      } catch {
        continue;
      }
      const spec = FIGURES.find(([name]) => name === figure.name);
      const how = spec ? spec[1] : 'sum';
      const before = sums.get(figure.name);
      sums.set(figure.name, before === undefined ? figure.value : how === 'max' ? Math.max(before, figure.value) : before + figure.value);
    }
    return sums;
  }

  onRunComplete(_contexts, results) {
    const lines = ['', 'Hardening summary', ''];
    lines.push(`${pad('group', 16)} ${pad('tried', 6)} ${pad('passed', 7)} ${pad('failed', 7)} proves`);
    const known = GROUPS.map(([name]) => name);
    const names = [...known, ...[...this.counts.keys()].filter((g) => !known.includes(g)).sort()];
    const total = { tried: 0, passed: 0, failed: 0 };
    for (const name of names) {
      const entry = this.counts.get(name) ?? { tried: 0, passed: 0, failed: 0 };
      const proves = GROUPS.find(([g]) => g === name)?.[1] ?? '(not a hardening group)';
      lines.push(`${pad(name, 16)} ${pad(entry.tried, 6)} ${pad(entry.passed, 7)} ${pad(entry.failed, 7)} ${entry.failed === 0 && entry.tried > 0 ? proves : `NOT PROVEN: ${proves}`}`);
      total.tried += entry.tried;
      total.passed += entry.passed;
      total.failed += entry.failed;
    }
    lines.push(`${pad('total', 16)} ${pad(total.tried, 6)} ${pad(total.passed, 7)} ${pad(total.failed, 7)}`);
    lines.push('');
    const figures = this.readFigures();
    for (const [name, , note] of FIGURES) {
      const value = figures.get(name);
      lines.push(`${pad(name, 44)} ${pad(value === undefined ? 'n/a' : Number.isInteger(value) ? value : value.toFixed(2), 10)} ${note}`);
    }
    for (const [name, value] of figures) {
      if (!FIGURES.some(([known]) => known === name)) lines.push(`${pad(name, 44)} ${value}`);
    }
    lines.push('', `${results.numTotalTests} tests in ${results.numTotalTestSuites} files, ${((Date.now() - results.startTime) / 1000).toFixed(1)} s`, '');
    process.stdout.write(`${lines.join('\n')}\n`);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
