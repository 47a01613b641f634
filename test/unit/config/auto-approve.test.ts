import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfigText } from '../../../src/config/load.js';
import { bumpKind, compileRules, decideAutoApproval, type AutoApprovalRequest, type AutoApproveRule } from '../../../src/config/auto-approve.js';
import { problemAt, problemsOf, yaml } from './helpers.js';

const BOT = 'acme-release[bot]';

function request(fullName: string, extra: Partial<AutoApprovalRequest> = {}): AutoApprovalRequest {
  const [owner = '', repo = '', ...path] = fullName.split('/');
  return { repo: { owner, repo }, path: path.length ? path.join('/') : null, version: '1.2.4', previousVersion: '1.2.3', targets: ['github'], author: BOT, ...extra };
}

function rule(match: string, extra: Partial<AutoApproveRule> = {}): AutoApproveRule {
  return { id: 'r', description: 'test rule', match, ...extra };
}

describe('the example auto-approve.yml', () => {
  const { config } = loadConfigText('auto-approve', readFileSync(join(process.cwd(), 'auto-approve.yml'), 'utf8'), 'auto-approve.yml');

  it('loads without errors', () => {
    expect(config.rules.map((r) => r.id)).toEqual(['internal-packages', 'sdk-patch-releases']);
  });

  it('approves an internal package minor release by the bot', () => {
    const decision = decideAutoApproval(config.rules, request('acme/internal-tools', { version: '1.3.0', targets: ['npm[@acme/tools]'] }), BOT);
    expect(decision).toEqual({ approved: true, rule: config.rules[0] });
  });

  it('refuses a major release of an internal package, naming the rule', () => {
    const decision = decideAutoApproval(config.rules, request('acme/internal-tools', { version: '2.0.0', targets: ['npm[@acme/tools]'] }), BOT);
    expect(decision).toEqual({ approved: false, reasons: ['rule "internal-packages": 1.2.3 → 2.0.0 is a major bump; rule allows at most minor'] });
  });
});

describe('auto-approve.yml schema errors', () => {
  const valid = ['rules:', '  - id: a-rule', '    description: A rule.', '    match: acme/app'];

  it('accepts an empty rule list', () => {
    expect(loadConfigText('auto-approve', yaml('rules: []'), 'auto-approve.yml').config.rules).toEqual([]);
  });

  it.each([
    ['an id that is not kebab-case', yaml('rules:', '  - id: A_Rule', '    description: x', '    match: acme/app'), 'rules[0].id', 2, /kebab-case/],
    ['a missing description', yaml('rules:', '  - id: a', '    match: acme/app'), 'rules[0].description', 2, /missing/],
    ['a misspelt field', yaml(...valid, '    maxbump: patch'), 'rules[0].maxbump', 5, /did you mean "maxBump"/],
    ['a bad bump kind', yaml(...valid, '    maxBump: huge'), 'rules[0].maxBump', 5, /use one of: "patch", "minor", "major"/],
    ['a bad semver range', yaml(...valid, '    versions: "one point oh"'), 'rules[0].versions', 5, /not a semver range/],
    ['a negated match', yaml('rules:', '  - id: a', '    description: x', '    match: "!acme/app"'), 'rules[0].match', 4, /is negated/],
    ['a match without a repo', yaml('rules:', '  - id: a', '    description: x', '    match: acme'), 'rules[0].match', 4, /owner\/repo/],
    ['a match with ** across owner/repo', yaml('rules:', '  - id: a', '    description: x', '    match: "acme/**"'), 'rules[0].match', 4, /uses "\*\*" in the owner or repo segment/],
    ['a match with a trailing slash', yaml('rules:', '  - id: a', '    description: x', '    match: acme/app/'), 'rules[0].match', 4, /empty segment/],
    ['a match with a Cyrillic letter', yaml('rules:', '  - id: a', '    description: x', '    match: аcme/app'), 'rules[0].match', 4, /U\+0430/],
    ['a match with a fullwidth slash', yaml('rules:', '  - id: a', '    description: x', '    match: acme／app'), 'rules[0].match', 4, /U\+FF0F/],
    ['a match with ..', yaml('rules:', '  - id: a', '    description: x', '    match: acme/app/../x'), 'rules[0].match', 4, /"\." or "\.\."/],
    ['a bad target pattern', yaml(...valid, '    targets: ["npm @x"]'), 'rules[0].targets[0]', 5, /a space/],
    ['an empty target list', yaml(...valid, '    targets: []'), 'rules[0].targets', 5, /at least 1 item/],
    ['a description with a bidi override', yaml('rules:', '  - id: a', '    description: "x\u202ey"', '    match: acme/app'), 'rules[0].description', 3, /bidirectional/],
    ['a missing rules key', yaml('rule: []'), 'rule', 1, /did you mean "rules"/],
  ])('%s', (_what, text, path, line, message) => {
    const problem = problemAt(problemsOf('auto-approve', text, 'auto-approve.yml'), path);
    expect(problem.line).toBe(line);
    expect(problem.message).toMatch(message);
  });

  it('reports duplicate ids on the second one', () => {
    const problems = problemsOf('auto-approve', yaml(...valid, ...valid.slice(1)), 'auto-approve.yml');
    expect(problemAt(problems, 'rules[1].id')).toMatchObject({ line: 5, message: expect.stringMatching(/duplicate rule id "a-rule" \(also rules\[0\]\)/) });
  });
});

describe('matching: near misses never match', () => {
  const exact = [rule('org/repo')];
  const glob = [rule('org/repo-*')];
  const cases: [string, readonly AutoApproveRule[], string, boolean][] = [
    ['the exact name', exact, 'org/repo', true],
    ['a longer name', exact, 'org/repo2', false],
    ['another case of the owner', exact, 'ORG/repo', false],
    ['another case of the repo', exact, 'org/Repo', false],
    ['a trailing slash', exact, 'org/repo/', false],
    ['a sub-package of an exact repo', exact, 'org/repo/packages/a', false],
    ['a Cyrillic о in the owner', exact, 'оrg/repo', false],
    ['a fullwidth slash', exact, 'org／repo', false],
    ['a leading space', exact, ' org/repo', false],
    ['a trailing space', exact, 'org/repo ', false],
    ['a trailing newline', exact, 'org/repo\n', false],
    ['a zero-width space', exact, 'org/re\u200bpo', false],
    ['a glob match', glob, 'org/repo-a', true],
    ['a glob on another owner', glob, 'org2/repo-a', false],
    ['a glob with a trailing slash', glob, 'org/repo-a/', false],
    ['a glob with another case', glob, 'org/REPO-a', false],
    ['a glob with a Cyrillic letter in the wildcard part', glob, 'org/repo-а', false],
    ['a glob with a space in the wildcard part', glob, 'org/repo- a', false],
    ['a glob and a sub-package', glob, 'org/repo-a/pkg', false],
    ['a glob and a dot-name', [rule('org/*')], 'org/.github', false],
    ['a ** sub-package glob', [rule('org/mono/**')], 'org/mono/packages/a', true],
    ['a ** glob and the repo itself', [rule('org/mono/**')], 'org/mono', false],
    ['a brace alternative', [rule('org/{a,b}')], 'org/b', true],
    ['a repo-or-sub-packages brace: the repo', [rule('{org/mono,org/mono/**}')], 'org/mono', true],
    ['a repo-or-sub-packages brace: a sub-package', [rule('{org/mono,org/mono/**}')], 'org/mono/packages/a', true],
    ['a repo-or-sub-packages brace: a near miss', [rule('{org/mono,org/mono/**}')], 'org/mono2', false],
    ['a brace alternative near miss', [rule('org/{a,b}')], 'org/c', false],
    ['a ? glob', [rule('org/app?')], 'org/app1', true],
    ['a ? glob near miss', [rule('org/app?')], 'org/app12', false],
  ];

  it.each(cases)('%s', (_what, rules, fullName, expected) => {
    // The request is built from raw parts so the look-alike or padded name reaches the matcher as is.
    const [owner = '', repo = '', ...path] = fullName.split('/');
    const decision = decideAutoApproval(rules, { ...request('x/y'), repo: { owner, repo }, path: path.length ? path.join('/') : null }, BOT);
    expect(decision.approved).toBe(expected);
  });
});

describe('decisions name the rule and say why', () => {
  it('never approves a request a person opened', () => {
    expect(decideAutoApproval([rule('org/repo')], request('org/repo', { author: 'octocat' }), BOT)).toEqual({
      approved: false,
      reasons: ['opened by @octocat, not by the release bot @acme-release[bot]: only requests the bot opened can be auto-approved'],
    });
  });

  it('does not take a look-alike of the bot for the bot', () => {
    expect(decideAutoApproval([rule('org/repo')], request('org/repo', { author: 'acme-release' }), BOT).approved).toBe(false);
  });

  it('takes the first rule in file order that fully matches', () => {
    const rules = [rule('org/*', { id: 'narrow', maxBump: 'patch' }), rule('org/repo', { id: 'exact' }), rule('org/*', { id: 'wide' })];
    expect(decideAutoApproval(rules, request('org/repo'), BOT)).toMatchObject({ approved: true, rule: { id: 'narrow' } });
    expect(decideAutoApproval(rules, request('org/repo', { version: '1.3.0' }), BOT)).toMatchObject({ approved: true, rule: { id: 'exact' } });
  });

  it.each([
    ['versions', { versions: '^1.0.0' }, { version: '2.0.0' }, 'rule "r": version 2.0.0 is outside "^1.0.0"'],
    ['a prerelease outside the range', { versions: '^1.0.0' }, { version: '1.3.0-rc.1' }, 'rule "r": version 1.3.0-rc.1 is outside "^1.0.0"'],
    ['maxBump', { maxBump: 'patch' as const }, { version: '1.3.0' }, 'rule "r": 1.2.3 → 1.3.0 is a minor bump; rule allows at most patch'],
    ['a first release', { maxBump: 'minor' as const }, { previousVersion: null }, 'rule "r": first release (no previous version): rule allows at most minor bumps'],
    ['a version going back', { maxBump: 'major' as const }, { version: '1.2.0' }, 'rule "r": 1.2.0 is not greater than the previous 1.2.3'],
    ['targets', { targets: ['github', 'npm[@acme/*]'] }, { targets: ['github', 'npm[@evil/pkg]', 'oci'] }, 'rule "r": targets "npm[@evil/pkg]", "oci" not in the rule\'s targets (github, npm[@acme/*])'],
  ])('explains a %s mismatch', (_what, extra, requestExtra, reason) => {
    expect(decideAutoApproval([rule('org/repo', extra)], request('org/repo', requestExtra), BOT)).toEqual({ approved: false, reasons: [reason] });
  });

  it('explains near rules when nothing matches', () => {
    const decision = decideAutoApproval([rule('Org/Repo', { id: 'cased' }), rule('org/repo/packages/a', { id: 'sub' }), rule('other/x', { id: 'far' })], request('org/repo'), BOT);
    expect(decision).toEqual({
      approved: false,
      reasons: [
        'no rule matches org/repo',
        'rule "cased" matches "Org/Repo", not "org/repo" (names are compared exactly: case, path and every character count)',
        'rule "sub" matches "org/repo/packages/a", not "org/repo" (names are compared exactly: case, path and every character count)',
      ],
    });
  });

  it('refuses a request whose name is not canonical', () => {
    const decision = decideAutoApproval([rule('org/*')], request('org/repo', { path: '../x' }), BOT);
    expect(decision).toMatchObject({ approved: false, reasons: [expect.stringMatching(/not a canonical owner\/repo\[\/path\]/)] });
  });

  it('allows targets by glob with literal brackets', () => {
    const rules = [rule('org/repo', { targets: ['npm[@acme/*]'] })];
    expect(decideAutoApproval(rules, request('org/repo', { targets: ['npm[@acme/core]'] }), BOT).approved).toBe(true);
    expect(decideAutoApproval(rules, request('org/repo', { targets: ['npma'] }), BOT).approved).toBe(false);
  });
});

describe('bumpKind', () => {
  it.each([
    ['1.2.3', '1.2.4', 'patch'],
    ['1.2.3', '1.3.0', 'minor'],
    ['1.2.3', '2.0.0', 'major'],
    ['1.2.3', '2.0.0-rc.1', 'major'],
    ['1.3.0-rc.1', '1.3.0-rc.2', 'patch'],
    ['26.10.3', '26.11.0', 'minor'],
    ['1.2.3', '1.2.3', null],
  ])('%s → %s is %s', (previous, next, kind) => {
    expect(bumpKind(previous, next)).toBe(kind);
  });
});

describe('compiled rules', () => {
  it('decides 10,000 rules quickly once compiled', () => {
    const rules: AutoApproveRule[] = Array.from({ length: 10_000 }, (_, i) => rule(i % 2 ? `org${i}/repo-*` : `org${i}/repo`, { id: `r-${i}` }));
    const compiled = compileRules(rules);
    const started = performance.now();
    for (let i = 0; i < 50; i += 1) decideAutoApproval(compiled, request(`org9999/repo-x`), BOT);
    const perRequest = (performance.now() - started) / 50;
    expect(decideAutoApproval(compiled, request('org9999/repo-x'), BOT)).toMatchObject({ approved: true, rule: { id: 'r-9999' } });
    // The benchmark's budget is 5 ms; leave room for a slow CI machine here.
    expect(perRequest).toBeLessThan(25);
  });
});

describe('property: only the exact name (or a real glob match) is approved', () => {
  const rules = [rule('org/repo', { id: 'exact' }), rule('org/lib-*', { id: 'glob' })];
  const compiled = compileRules(rules);
  const noise = fc.constantFrom(' ', '/', '\u200b', '\u043e', '\uff0f', '\n', '\t', 'O', 'R', '-', '.', '*', '\u00a0', '\u202e');

  it('a name with any character inserted, replaced or case-changed never matches the exact rule', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 8 }), noise, fc.constantFrom('insert', 'replace', 'upper'), (position, char, edit) => {
        const name = 'org/repo';
        const mutated = edit === 'insert' ? name.slice(0, position) + char + name.slice(position) : edit === 'replace' ? name.slice(0, position) + char + name.slice(position + 1) : name.slice(0, position) + name.slice(position, position + 1).toUpperCase() + name.slice(position + 1);
        fc.pre(mutated !== name);
        const [owner = '', repo = '', ...path] = mutated.split('/');
        const decision = decideAutoApproval(compiled, { ...request('x/y'), repo: { owner, repo }, path: path.length ? path.join('/') : null }, BOT);
        // The glob rule may legitimately match only names of the form org/lib-<suffix>.
        if (decision.approved) expect(decision.rule.id).toBe('glob');
        expect(decision.approved && decision.rule.id === 'exact').toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('a glob match is always a canonical org/lib-<x> name', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.option(fc.string({ maxLength: 12 }), { nil: null }), (suffix, path) => {
        const decision = decideAutoApproval(compiled, { ...request('x/y'), repo: { owner: 'org', repo: `lib-${suffix}` }, path }, BOT);
        if (decision.approved) {
          expect(decision.rule.id).toBe('glob');
          expect(path).toBeNull();
          expect(/^[A-Za-z0-9._-]*$/.test(suffix)).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
