import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { ConfigError, formatPath, formatProblem } from '../../../src/config/config-error.js';
import { CONFIG_KINDS, inferConfigKind, loadConfigText } from '../../../src/config/load.js';
import { ValidationError } from '../../../src/errors.js';
import { problemsOf, yaml } from './helpers.js';

describe('YAML syntax errors are reported with their line', () => {
  it.each([
    ['a bad indentation', yaml('targets:', '  - name: github', ' - name: npm'), 3],
    ['an unclosed flow sequence', yaml('targets: [', '  { name: github }'), 3],
    ['a duplicated key', yaml('targets: []', 'tagPrefix: a', 'tagPrefix: b'), 3],
    ['a tab indentation', 'targets:\n\t- name: github\n', 2],
    ['two documents', yaml('targets: []', '---', 'targets: []'), 2],
    // The yaml package reports an unresolved alias without a position; the message names the alias.
    ['an unknown alias', yaml('targets: *nothing'), null],
  ])('%s', (_what, text, line) => {
    const problems = problemsOf('craft', text, '.craft.yml');
    expect(problems[0]).toMatchObject({ file: '.craft.yml', line, path: '(YAML syntax)' });
    expect(problems[0]?.message).toMatch(/fix the YAML syntax|could not be read/);
  });

  it('refuses an alias bomb', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 8; i += 1) lines.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`);
    const problems = problemsOf('craft', yaml(...lines), '.craft.yml');
    expect(problems[0]?.message).toMatch(/could not be read/);
  });

  it('refuses an empty file', () => {
    expect(problemsOf('policy', '# only a comment\n', 'publish-policy.yml')[0]?.message).toMatch(/the file is empty/);
  });

  it('refuses a file over the size limit before parsing it', () => {
    expect(problemsOf('auto-approve', `rules: []\n#${'x'.repeat(5 * 1024 * 1024)}\n`, 'auto-approve.yml')[0]?.message).toMatch(/larger than 4 MiB/);
  });
});

describe('ConfigError', () => {
  it('is a ValidationError with every problem as file:line: path: message', () => {
    const error = new ConfigError('a.yml', [
      { file: 'a.yml', line: 3, path: 'x', message: 'bad' },
      { file: 'a.yml', line: null, path: '(top level)', message: 'worse' },
    ]);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toBe('a.yml is not valid (2 problems):\n  a.yml:3: x: bad\n  a.yml: (top level): worse');
    expect(error.path).toBe('x');
  });

  it.each([
    [[], '(top level)'],
    [['targets', 1, 'name'], 'targets[1].name'],
    [['mergeTargets', 'acme/app', 0], 'mergeTargets["acme/app"][0]'],
    [['a-b'], '["a-b"]'],
  ])('formats the path %j as %s', (path, expected) => {
    expect(formatPath(path)).toBe(expected);
  });

  it('formats problems without a line', () => {
    expect(formatProblem({ file: 'f', line: null, path: 'p', message: 'm' })).toBe('f: p: m');
  });
});

describe('inferConfigKind', () => {
  it.each([
    ['.craft.yml', 'craft'],
    ['repo/.craft.yaml', 'craft'],
    ['auto-approve.yml', 'auto-approve'],
    ['/x/.github/publish-policy.yml', 'policy'],
    ['sdk.craft.yml', 'craft'],
    ['staging.auto-approve.yaml', 'auto-approve'],
    ['craft.yml.bak', null],
    ['my-auto-approve.yml', null],
    ['policy.yml', null],
  ])('%s is %s', (file, kind) => {
    expect(inferConfigKind(file)).toBe(kind);
  });
});

describe('loadConfigText on anything only ever throws ConfigError', () => {
  const expectOnlyConfigError = (kind: (typeof CONFIG_KINDS)[number], text: string): void => {
    try {
      loadConfigText(kind, text, 'fuzz.yml');
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      expect(error.problems.length).toBeGreaterThan(0);
      for (const problem of error.problems) expect(problem.line === null || (Number.isInteger(problem.line) && problem.line >= 1)).toBe(true);
    }
  };

  const yamlValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    value: fc.oneof(
      { maxDepth: 4, depthIdentifier: 'yaml' },
      fc.string(),
      fc.constantFrom('github', 'npm', 'oci', 'registry', 'nmp', '/x/', '/(a+)+/', 'acme/app', 'acme/*', '**', '!x', 'a[bot]', 'team:acme/x', '2026-12-20T00:00:00Z', '00:00', 'sat', '__proto__', 'constructor', 'toString'),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(
        fc.oneof(
          fc.string(),
          fc.constantFrom('targets', 'name', 'id', 'rules', 'match', 'releaseBot', 'approvers', 'teams', 'users', 'freezeWindows', 'weekly', 'mergeTargets', 'changelog', 'versioning', 'calver', '__proto__', 'constructor'),
        ),
        tie('value'),
        { maxKeys: 5 },
      ),
    ),
  })).value;

  it('for random YAML documents of every kind', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CONFIG_KINDS), yamlValue, (kind, value) => {
        expectOnlyConfigError(kind, stringify(value));
      }),
      { numRuns: 1500 },
    );
  });

  it('for structured files with random leaves', () => {
    const craft = fc.record({ targets: fc.array(fc.record({ name: fc.constantFrom('github', 'npm', 'oci', 'registry', 'x'), id: fc.option(fc.string()), includeNames: fc.option(fc.string()) }, { requiredKeys: ['name'] }), { maxLength: 4 }), tagPrefix: fc.string() }, { requiredKeys: [] });
    const rules = fc.record({ rules: fc.array(fc.record({ id: fc.string(), description: fc.string(), match: fc.string(), versions: fc.string(), maxBump: fc.string() }, { requiredKeys: ['id', 'match'] }), { maxLength: 4 }) });
    const policy = fc.record({ releaseBot: fc.string(), approvers: fc.record({ teams: fc.array(fc.string()), users: fc.array(fc.string()) }), freezeWindows: fc.array(fc.record({ name: fc.string(), reason: fc.string(), from: fc.string(), to: fc.string(), weekly: fc.record({ days: fc.array(fc.string()), from: fc.string(), to: fc.string(), timezone: fc.string() }) }, { requiredKeys: [] })), mergeTargets: fc.dictionary(fc.string(), fc.array(fc.string())) }, { requiredKeys: [] });
    fc.assert(
      fc.property(fc.oneof(craft.map((v) => ['craft', v] as const), rules.map((v) => ['auto-approve', v] as const), policy.map((v) => ['policy', v] as const)), ([kind, value]) => {
        expectOnlyConfigError(kind, stringify(value));
      }),
      { numRuns: 1000 },
    );
  });

  it('for arbitrary text', () => {
    const yamlish = fc.array(fc.constantFrom('targets:', '- ', '  ', '\n', ':', '[', ']', '{', '}', '&a ', '*a', '!!str ', '!!binary ', '? ', '|', '>', '#', '"', "'", '---', '%YAML 1.1\n', 'name: npm', '\t', '\u0000', 'о', '／', '<<: *a'), { maxLength: 30 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.constantFrom(...CONFIG_KINDS), fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), yamlish), (kind, text) => {
        expectOnlyConfigError(kind, text);
      }),
      { numRuns: 2000 },
    );
  });
});
