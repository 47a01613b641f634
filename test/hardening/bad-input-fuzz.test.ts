/**
 * Bad input, fuzzed: at least 10,000 fast-check cases for each parser of text that strangers or
 * product repos control (the request title, the body, both together, and each config loader).
 * Each case must end in a value or a typed error (RequestFormatError / ConfigError), never in
 * another exception, and none may be slow: the slowest case is measured and bounded.
 *
 * The unit suites (test/unit/request-format/hostile.test.ts, test/unit/config/load.test.ts) run
 * a few hundred to two thousand cases each; this file scales them up and mixes the generators
 * (random text, structure-aware mutations of valid inputs, unicode confusables, huge inputs).
 */
import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { ConfigError } from '../../src/config/config-error.js';
import { loadConfigText, type ConfigKind } from '../../src/config/load.js';
import { RequestFormatError, parseBody, parseRequest, parseTitle, renderBody, renderTitle } from '../../src/request-format/index.js';
import { requestArb, sample } from '../unit/request-format/arbitraries.js';
import { recordFigure } from './support/figures.js';

const RUNS = 10_000;
/**
 * A generous bound, in wall-clock time on a shared 2-core machine: a backtracking regex or a
 * quadratic loop on these sizes takes many seconds.
 */
const MAX_CASE_MS = 500;
/**
 * The YAML loaders are slower per byte (a 2 KB run of "]" takes about 100 ms unloaded, growing
 * faster than linearly: see the 1 MiB child-process case), so their bound is wider.
 */
const MAX_CONFIG_CASE_MS = 2_000;

/** Runs `fn` on each case, checks the error type, returns the slowest case in ms. */
function fuzz<T>(arb: fc.Arbitrary<T>, fn: (value: T) => unknown, typed: (error: unknown) => boolean): { max: number; slowest: T | undefined; accepted: number } {
  let max = 0;
  let slowest: T | undefined;
  let accepted = 0;
  fc.assert(
    fc.property(arb, (value) => {
      const start = performance.now();
      try {
        fn(value);
        accepted += 1;
      } catch (error) {
        if (!typed(error)) throw error;
      } finally {
        const ms = performance.now() - start;
        if (ms > max) {
          max = ms;
          slowest = value;
        }
      }
    }),
    { numRuns: RUNS, seed: Number(process.env.HARDENING_SEED ?? 8_2026) },
  );
  recordFigure('fuzz cases', RUNS);
  recordFigure('max ms per fuzz case', max);
  return { max, slowest, accepted };
}

const isFormatError = (e: unknown): boolean => e instanceof RequestFormatError;
const isConfigError = (e: unknown): boolean => e instanceof ConfigError;

/** Look-alikes of ASCII letters and separators that appear in real attacks. */
const CONFUSABLES = ['\u0430', '\u0435', '\u043e', '\u0440', '\u0441', '\u0445', '\u0456', '\u04bb', '\uff0f', '\u2215', '\u2044', '\uff20', '\u200b', '\u200d', '\u2060', '\ufeff', '\u202e', '\u00a0', '\u0131', '\u212a', '\u017f', '\uff0e', '\u3002'];
const confusable = fc.constantFrom(...CONFUSABLES);

/** Random edits of a valid text: insert hostile pieces, delete, duplicate, truncate, swap letters for look-alikes. */
function mutated(base: fc.Arbitrary<string>, pieces: readonly string[]): fc.Arbitrary<string> {
  const piece = fc.oneof(fc.string({ unit: 'binary', maxLength: 12 }), fc.constantFrom(...pieces), confusable);
  const edit = fc.record({ kind: fc.constantFrom('insert', 'delete', 'duplicate', 'truncate', 'replace'), at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.integer({ min: 1, max: 80 }), text: piece });
  return fc.tuple(base, fc.array(edit, { minLength: 1, maxLength: 5 })).map(([text, edits]) => {
    let s = text;
    for (const e of edits) {
      const at = Math.floor(e.at * s.length);
      if (e.kind === 'insert') s = s.slice(0, at) + e.text + s.slice(at);
      else if (e.kind === 'delete') s = s.slice(0, at) + s.slice(at + e.length);
      else if (e.kind === 'duplicate') s = s.slice(0, at + e.length) + s.slice(at);
      else if (e.kind === 'truncate') s = s.slice(0, at);
      else s = s.slice(0, at) + e.text + s.slice(at + 1);
    }
    return s;
  });
}

/**
 * Huge or pathological sizes: long runs of one character (past the 65,536 body limit), balanced
 * nesting. Unbalanced deep nesting crashes the YAML parser (see the child-process case below), so
 * it is kept out of the in-process fuzzing, which would die with it.
 */
const huge = fc.oneof(
  fc.tuple(fc.constantFrom('a', '/', '@', '.', '-', '<!--', '\n', ' ', '\\', '"', '0', 'publish: ', '}', ']'), fc.integer({ min: 1_000, max: 70_000 })).map(([c, n]) => c.repeat(Math.ceil(n / c.length))),
  fc.integer({ min: 10, max: 200 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
);

/** Valid requests, rendered once (generating and rendering a request per case would dominate the run time). */
const POOL = fc.sample(requestArb(), { numRuns: 40, seed: 42 });
const poolArb = fc.constantFrom(...POOL);

describe('bad input: the request title', () => {
  const valid = fc.constant(null).map(() => renderTitle(sample()));
  const arb = fc.oneof(
    { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
    { weight: 4, arbitrary: mutated(valid, ['publish: ', '@', '/', '..', '%2F', ' ', '\t', '\n', '@v', 'acme', 'widget', '1.2.3', '-rc.1', '+build']) },
    { weight: 2, arbitrary: fc.tuple(fc.array(fc.oneof(fc.constantFrom('acme', 'widget', 'packages', 'core', '1.2.3'), confusable), { maxLength: 6 })).map(([parts]) => `publish: ${parts.join('/')}@${parts.join('.')}`) },
    { weight: 1, arbitrary: huge },
    { weight: 1, arbitrary: fc.anything().map((v) => v as unknown as string) },
  );
  it(`${RUNS} cases: a title or a RequestFormatError, each fast`, () => {
    const { max } = fuzz(arb, (t) => parseTitle(t), isFormatError);
    expect(max).toBeLessThan(MAX_CASE_MS);
  });

  it.each([
    ['Cyrillic a in the owner', 'publish: \u0430cme/widget@1.2.3'],
    ['fullwidth solidus', 'publish: acme\uff0fwidget@1.2.3'],
    ['division slash', 'publish: acme\u2215widget@1.2.3'],
    ['zero-width joiner', 'publish: acme/wid\u200dget@1.2.3'],
    ['right-to-left override', 'publish: acme/widget@1.2.3\u202e'],
    ['Kelvin sign K', 'publish: acme/\u212aey@1.2.3'],
    ['dotless i', 'publish: acme/w\u0131dget@1.2.3'],
  ])('a confusable title (%s) is refused, not normalised', (_name, title) => {
    expect(() => parseTitle(title)).toThrow(RequestFormatError);
  });
});

describe('bad input: the request body', () => {
  const arb = fc.oneof(
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 400 }) },
    { weight: 5, arbitrary: mutated(poolArb.map(renderBody), ['"', ',', '}', '{', 'null', '\\', '\\u0000', '<', '>', '-->', '<!--', '\n', '\r', '"approvals":[', '"state":"published"', '__proto__', '"constructor"']) },
    { weight: 1, arbitrary: huge },
    { weight: 1, arbitrary: fc.anything().map((v) => v as unknown as string) },
  );
  it(`${RUNS} cases: a request or a RequestFormatError, each fast`, () => {
    const { max } = fuzz(arb, (b) => parseBody(b), isFormatError);
    expect(max).toBeLessThan(MAX_CASE_MS);
  });
});

describe('bad input: title and body together', () => {
  const PAIRS = POOL.map((r) => [renderTitle(r), renderBody(r)] as const);
  const pair = fc.constantFrom(...PAIRS);
  const arb = fc.oneof(
    { weight: 3, arbitrary: fc.tuple(mutated(pair.map((p) => p[0]), ['@', '/', '..']), pair.map((p) => p[1])) },
    { weight: 3, arbitrary: fc.tuple(pair.map((p) => p[0]), mutated(pair.map((p) => p[1]), ['"', '}', '-->', '\n'])) },
    // A title and a body of two different requests: a squat or a copy-paste must not parse as either.
    { weight: 2, arbitrary: fc.tuple(pair.map((p) => p[0]), pair.map((p) => p[1])) },
    { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 100 }), fc.string({ maxLength: 400 })) },
  );
  it(`${RUNS} cases: a request or a RequestFormatError, each fast; a parsed request always agrees with its title`, () => {
    const { max } = fuzz(
      arb,
      ([title, body]) => {
        const request = parseRequest(title, body);
        // Whatever parses must be the request the title names.
        expect(renderTitle(request)).toBe(title);
      },
      isFormatError,
    );
    expect(max).toBeLessThan(MAX_CASE_MS);
  });
});

/** YAML documents: random values under the keys each loader knows, and raw YAML soup. */
function configArb(kind: ConfigKind, valid: string): fc.Arbitrary<string> {
  const keys = ['targets', 'name', 'id', 'registry', 'includeNames', 'excludeNames', 'remote', 'canonicalName', 'rules', 'match', 'versions', 'maxBump', 'releaseBot', 'approvers', 'teams', 'users', 'approvals', 'required', 'overrides', 'freezeWindows', 'weekly', 'days', 'from', 'to', 'timezone', 'mergeTargets', 'expiry', 'changelog', 'preReleaseCommand', '__proto__', 'constructor', 'toString'];
  const leaf = fc.oneof(fc.string({ maxLength: 30 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), confusable.map((c) => `acme/w${c}dget`), fc.constantFrom('/(a+)+$/', '/(.*)*x/', '/[/', '**/**/**', '{a,{b,{c}}}', '$(touch /tmp/x)', '`id`', '../..', 'acme/*', 'release-bot[bot]', 'npm'));
  const { value } = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 8 })), tie('value'), { maxKeys: 5 })),
  }));
  const soup = fc.array(fc.constantFrom('targets:', '- ', '  ', '\n', ':', '[', ']', '{', '}', '&a ', '*a', '!!str ', '!!binary ', '!!js/function ', '? ', '|', '>', '#', '"', "'", '---', '%YAML 1.1\n', 'name: npm', '\t', '\u0000', '\u043e', '\uff0f', '<<: *a', '&a [*a]'), { maxLength: 40 }).map((parts) => parts.join(''));
  // A billion-laughs document: aliases that expand exponentially.
  const laughs = fc.integer({ min: 2, max: 12 }).map((n) => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < n; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    return `${lines.join('\n')}\ntargets: *${String.fromCharCode(96 + n)}\n`;
  });
  // Large config texts are covered by the child-process cases below (sizes up to the byte limit); here they stay small.
  const big = fc.tuple(fc.constantFrom('a', '\n', '"', ']', '}', '- ', 'x: ', '&a '), fc.integer({ min: 500, max: 2_000 })).map(([c, n]) => c.repeat(n));
  return fc.oneof(
    { weight: 30, arbitrary: value.map((v) => stringify(v)) },
    { weight: 30, arbitrary: mutated(fc.constant(valid), [':', '- ', '\n  ', '&x ', '*x', '"', '[', '{', '\t', '#']) },
    { weight: 20, arbitrary: soup },
    { weight: 10, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
    { weight: 5, arbitrary: laughs },
    { weight: 1, arbitrary: big },
  );
}

const VALID: Record<ConfigKind, string> = {
  craft: stringify({ changelog: { filePath: 'CHANGELOG.md', policy: 'simple' }, targets: [{ name: 'github' }, { name: 'npm', access: 'public', registry: 'https://registry.npmjs.org/' }, { name: 'registry', type: 'sdk', canonicalName: 'npm:@acme/widget', remote: 'https://github.com/acme/releases.git' }] }),
  'auto-approve': stringify({ rules: [{ id: 'internal', description: 'internal packages', match: 'acme/internal-*', maxBump: 'minor', versions: '>=1.0.0', targets: ['npm[*]', 'registry'] }] }),
  policy: stringify({
    releaseBot: 'acme-release[bot]',
    approvers: { teams: ['acme/release-managers'], users: ['octo-lead'] },
    approvals: { required: 1, overrides: [{ match: 'acme/payments', required: 2 }] },
    freezeWindows: [{ name: 'year-end', from: '2026-12-21T00:00:00Z', to: '2027-01-04T00:00:00Z', reason: 'freeze' }, { name: 'weekends', weekly: { days: ['sat', 'sun'], from: '00:00', to: '23:59', timezone: 'UTC' }, reason: 'weekend' }],
    mergeTargets: { 'acme/sdk': ['main', 'release-*'] },
  }),
};

describe('bad input: the config loaders', () => {
  it.each(['craft', 'auto-approve', 'policy'] as const)(`%s: ${RUNS} cases, a config or a ConfigError, each fast`, (kind) => {
    // The valid text is valid, so mutations start from something real.
    expect(() => loadConfigText(kind, VALID[kind], 'valid.yml')).not.toThrow();
    const { max } = fuzz(configArb(kind, VALID[kind]), (text) => loadConfigText(kind, text, `${kind}.yml`), isConfigError);
    expect(max).toBeLessThan(MAX_CONFIG_CASE_MS);
  });

  it.each([
    ['policy', 'a Cyrillic о in the release bot', stringify({ releaseBot: 'acme-release-b\u043et[bot]', approvers: { teams: ['acme/release-managers'] } })],
    ['policy', 'a bot among the approvers', stringify({ releaseBot: 'acme-release[bot]', approvers: { users: ['evil[bot]'] } })],
    ['auto-approve', 'a fullwidth slash in a match', stringify({ rules: [{ id: 'x', description: 'x', match: 'acme\uff0fwidget' }] })],
    ['auto-approve', 'a zero-width space in a match', stringify({ rules: [{ id: 'x', description: 'x', match: 'acme/wid\u200bget' }] })],
    ['craft', 'a registry remote with a password', stringify({ targets: [{ name: 'registry', type: 'sdk', canonicalName: 'npm:x', remote: 'https://u:secret@example.com/r.git' }] })],
    ['craft', 'a look-alike target name', stringify({ targets: [{ name: 'npm\u200b' }] })],
  ] as [ConfigKind, string, string][])('%s with %s is a ConfigError that names the field', (kind, _name, text) => {
    let error: unknown;
    try {
      loadConfigText(kind, text, 'x.yml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/x\.yml/);
  });
});

const exec = promisify(execFile);

describe('bad input: deeply nested and huge YAML in a config file', () => {
  // A product repo controls its .craft.yml and the control repo parses it in the publish job; a
  // few kilobytes of unclosed "[" or "{" must be a ConfigError, not a crashed process.
  it.each([
    ['5,000 unclosed [', '['.repeat(5_000), 20_000],
    ['5,000 unclosed {', '{'.repeat(5_000), 20_000],
    ['targets: then 20,000 unclosed [', `targets: ${'['.repeat(20_000)}`, 20_000],
    // Under the 4 MiB limit, so the loader must answer it quickly (a runner has 7 GB and a job timeout).
    ['1 MiB of "]" (a million YAML errors)', ']'.repeat(1024 * 1024), 6_000],
  ])('%s is a ConfigError, in a child process that must neither crash nor stall', async (_name, text, timeout) => {
    const dir = await mkdtemp(join(tmpdir(), 'hardening-yaml-'));
    try {
      const file = join(dir, '.craft.yml');
      await writeFile(file, text);
      const outcome = await exec(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'test/hardening/support/load-config-child.ts', 'craft', file], { timeout, killSignal: 'SIGKILL', maxBuffer: 1024 * 1024 }).then(
        ({ stdout }) => stdout.trim(),
        (error: { code?: unknown; signal?: unknown; stderr?: string }) => `crashed (exit ${String(error.code)}, signal ${String(error.signal)}): ${String(error.stderr ?? '').split('\n').find((l) => /FATAL|Error/.test(l)) ?? ''}`,
      );
      expect(outcome).toMatch(/^ConfigError/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
