import { describe, it, expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfigText } from '../../../src/config/load.js';
import { ConfigError, formatProblem } from '../../../src/config/config-error.js';
import { KNOWN_TARGETS, TARGET_OPTION_SCHEMAS, validateTargetOptions } from '../../../src/config/target-options.js';
import { problemAt, problemsOf, yaml } from './helpers.js';

const fixture = (name: string) => readFileSync(join(process.cwd(), 'test/fixtures/config', name), 'utf8');

describe('.craft.yml: a Craft-style file loads', () => {
  const loaded = loadConfigText('craft', fixture('craft-style.craft.yml'), '.craft.yml');

  it('reads every target with its id and options', () => {
    expect(loaded.config.targets.map((t) => t.targetId)).toEqual(['npm[@acme/sdk]', 'npm[@acme/sdk-node]', 'github', 'oci', 'registry']);
    const [npm, npmNode, github, oci, registry] = loaded.config.targets;
    expect(npm?.options).toEqual({ access: 'public', workspaces: false });
    expect(npm?.includeNames?.test('acme-sdk-1.2.3.tgz')).toBe(true);
    expect(npmNode?.includeNames?.flags).toBe('i');
    expect(github?.options).toEqual({ tagPrefix: 'v', previewReleases: true, draft: false });
    expect(oci?.options).toMatchObject({ registry: 'ghcr.io', image: 'acme/sdk-tools', tags: ['{version}', 'latest', 'stable'], auth: 'basic' });
    expect(registry?.options).toEqual({ type: 'sdk', canonicalName: 'npm:@acme/sdk' });
  });

  it('normalises the Craft top-level fields', () => {
    expect(loaded.config).toMatchObject({
      releaseBranchPrefix: 'releases',
      changelog: { filePath: 'CHANGELOG.md', policy: 'auto' },
      preReleaseCommand: 'bash scripts/bump-version.sh',
      artifactProvider: { name: 'github' },
      statusProvider: { name: 'github', contexts: ['CI / build', 'CI / test'] },
      versioning: { policy: 'calver', calver: { format: '%y.%-m', offset: 14 } },
      tagPrefix: '',
    });
    expect(loaded.config.requireNames.map(String)).toEqual(['/^acme-sdk-.*\\.tgz$/']);
  });

  it('warns about the Craft fields it accepts and ignores, with their lines', () => {
    expect(loaded.warnings.map(formatProblem)).toEqual([
      expect.stringMatching(/^\.craft\.yml:2: minVersion: accepted for Craft compatibility and ignored/),
      expect.stringMatching(/^\.craft\.yml:3: github: accepted/),
      expect.stringMatching(/^\.craft\.yml:8: postReleaseCommand: accepted/),
    ]);
  });
});

describe('.craft.yml defaults', () => {
  it('fills every default for a minimal file', () => {
    const { config, warnings } = loadConfigText('craft', yaml('targets:', '  - name: github'), '.craft.yml');
    expect(warnings).toEqual([]);
    expect(config).toEqual({
      targets: [{ name: 'github', id: null, targetId: 'github', includeNames: null, excludeNames: null, options: { previewReleases: true, draft: false } }],
      releaseBranchPrefix: 'release',
      changelog: { filePath: 'CHANGELOG.md', policy: 'none' },
      preReleaseCommand: null,
      artifactProvider: { name: 'github' },
      statusProvider: { name: 'github', contexts: null },
      requireNames: [],
      versioning: { policy: 'manual', calver: { format: '%y.%-m', offset: 14 } },
      tagPrefix: '',
    });
  });

  it.each([
    ['a path string', 'changelog: CHANGES.md', { filePath: 'CHANGES.md', policy: 'none' }],
    ['a mapping', 'changelog: { filePath: CHANGES, policy: simple }', { filePath: 'CHANGES', policy: 'simple' }],
    ['the older "path" spelling', 'changelog: { path: docs/CHANGES.md }', { filePath: 'docs/CHANGES.md', policy: 'none' }],
    ['the separate changelogPolicy', 'changelogPolicy: simple', { filePath: 'CHANGELOG.md', policy: 'simple' }],
  ])('reads the changelog from %s', (_what, line, expected) => {
    expect(loadConfigText('craft', yaml('targets: [{ name: github }]', line), '.craft.yml').config.changelog).toEqual(expected);
  });

  it('accepts a monorepo tag prefix and an empty preReleaseCommand', () => {
    const { config } = loadConfigText('craft', yaml('targets: [{ name: github }]', 'tagPrefix: core@', 'preReleaseCommand:'), '.craft.yml');
    expect(config.tagPrefix).toBe('core@');
    expect(config.preReleaseCommand).toBeNull();
  });
});

describe('.craft.yml errors name the file, the line and the field', () => {
  it('unknown target name, as in the issue', () => {
    const problems = problemsOf('craft', yaml('changelog: CHANGELOG.md', 'targets:', '  - name: github', '', '', '', '  - name: nmp'), '.craft.yml');
    expect(problems.map(formatProblem)).toEqual(['.craft.yml:7: targets[1].name: unknown target "nmp"; known targets: github, npm, oci, registry (did you mean "npm"?)']);
  });

  it.each([
    ['a missing name', yaml('targets:', '  - id: x'), 'targets[0].name', 2, /missing; every target needs a name/],
    ['a target that is not a mapping', yaml('targets:', '  - github'), 'targets[0]', 2, /expected a mapping with at least "name:"/],
    ['an unknown target option', yaml('targets:', '  - name: npm', '    acess: public'), 'targets[0].acess', 3, /unknown field "acess" \(did you mean "access"\?\)/],
    ['a bad option value', yaml('targets:', '  - name: npm', '    access: open'), 'targets[0].access', 3, /"open" is not allowed; use one of: "public", "restricted"/],
    ['an npm registry that is not http(s)', yaml('targets:', '  - name: npm', '    registry: ftp://example.com'), 'targets[0].registry', 3, /must be an http\(s\) URL/],
    ['a registry URL with credentials', yaml('targets:', '  - name: npm', '    registry: https://u:p@example.com'), 'targets[0].registry', 3, /must not carry credentials/],
    ['an oci registry with a scheme', yaml('targets:', '  - name: oci', '    registry: https://ghcr.io', '    image: acme/app'), 'targets[0].registry', 3, /registry host\[:port\] without a scheme/],
    ['an oci target without image', yaml('targets:', '  - name: oci', '    registry: ghcr.io'), 'targets[0].image', 2, /missing; this field is required/],
    ['an upper-case image name', yaml('targets:', '  - name: oci', '    registry: ghcr.io', '    image: Acme/App'), 'targets[0].image', 4, /is not an image name/],
    ['a bad oci tag', yaml('targets:', '  - name: oci', '    registry: ghcr.io', '    image: acme/app', '    tags: ["-bad"]'), 'targets[0].tags[0]', 5, /not a valid image tag/],
    ['a registry target with a bad type', yaml('targets:', '  - name: registry', '    type: lib', '    canonicalName: npm:x'), 'targets[0].type', 3, /"lib" is not allowed; use one of: "sdk", "app"/],
    ['a registry remote that is not git', yaml('targets:', '  - name: registry', '    type: sdk', '    canonicalName: npm:x', '    remote: javascript:alert(1)'), 'targets[0].remote', 5, /https, http, ssh or file URL/],
    ['an id with brackets', yaml('targets:', '  - name: npm', '    id: "a[b]"'), 'targets[0].id', 3, /without "\[" or "\]"/],
    ['no targets', yaml('targets: []'), 'targets', 1, /needs at least 1 item/],
    ['a missing targets list', yaml('tagPrefix: v'), 'targets', 1, /missing; this field is required \(a list\)/],
    ['an unknown top-level field', yaml('targets: [{ name: github }]', 'releaseBranchPrefx: rel'), 'releaseBranchPrefx', 2, /did you mean "releaseBranchPrefix"/],
    ['a bad changelog policy', yaml('targets: [{ name: github }]', 'changelogPolicy: sometimes'), 'changelogPolicy', 2, /use one of: "none", "simple", "auto"/],
    ['a changelog that escapes the repo', yaml('targets: [{ name: github }]', 'changelog: ../../etc/passwd'), 'changelog.filePath', 2, /must not contain "\.\."/],
    ['a changelog of the wrong type', yaml('targets: [{ name: github }]', 'changelog: 5'), 'changelog', 2, /expected a file path .* or a mapping with filePath and policy/],
    ['filePath and path together', yaml('targets: [{ name: github }]', 'changelog: { filePath: A.md, path: B.md }'), 'changelog.path', 2, /keep only "filePath"/],
    ['conflicting policies', yaml('targets: [{ name: github }]', 'changelog: { policy: auto }', 'changelogPolicy: none'), 'changelogPolicy', 3, /keep only changelog.policy/],
    ['an unsupported artifact provider', yaml('targets: [{ name: github }]', 'artifactProvider: { name: gcs }'), 'artifactProvider.name', 2, /"gcs" is not allowed; use one of: "github", "none"/],
    ['a status provider other than github', yaml('targets: [{ name: github }]', 'statusProvider: { name: zeus }'), 'statusProvider.name', 2, /"zeus" is not allowed/],
    ['a multi-line preReleaseCommand', yaml('targets: [{ name: github }]', 'preReleaseCommand: "a\\nb"'), 'preReleaseCommand', 2, /one line of printable ASCII/],
    ['a versioning policy typo', yaml('targets: [{ name: github }]', 'versioning:', '  policy: calvar'), 'versioning.policy', 3, /did you mean "calver"/],
    ['a zero-padded calver format', yaml('targets: [{ name: github }]', 'versioning:', '  calver:', '    format: "%Y.%m"'), 'versioning.calver.format', 4, /not supported/],
    ['a negative calver offset', yaml('targets: [{ name: github }]', 'versioning:', '  calver:', '    offset: -1'), 'versioning.calver.offset', 4, /at least 0/],
    ['a tag prefix with a look-alike letter', yaml('targets: [{ name: github }]', 'tagPrefix: "соre@"'), 'tagPrefix', 2, /"с" \(U\+0441\) at position 1/],
    ['a branch prefix with a space', yaml('targets: [{ name: github }]', 'releaseBranchPrefix: "re lease"'), 'releaseBranchPrefix', 2, /a space \(U\+0020\)/],
    ['a branch prefix with ..', yaml('targets: [{ name: github }]', 'releaseBranchPrefix: "a..b"'), 'releaseBranchPrefix', 2, /not a valid branch prefix/],
    ['the top level as a list', yaml('- targets'), '(top level)', 1, /expected a mapping of settings/],
  ])('%s', (_what, text, path, line, message) => {
    const problem = problemAt(problemsOf('craft', text, '.craft.yml'), path);
    expect(problem.line).toBe(line);
    expect(problem.message).toMatch(message);
  });

  it.each([
    ['not between slashes', 'sentry-.*', /between slashes/],
    ['longer than 256 characters', `/${'a'.repeat(300)}/`, /longer than 256 characters/],
    ['not compiling', '/a(b/', /is not a valid regular expression/],
    ['with the g flag', '/a/g', /only i, m, s and u/],
    ['with nested quantifiers', '/^(a+)+$/', /nests quantifiers/],
  ])('a name pattern %s is refused', (_what, pattern, message) => {
    const text = yaml('targets:', '  - name: github', `    includeNames: ${JSON.stringify(pattern)}`, `requireNames: [${JSON.stringify(pattern)}]`);
    const problems = problemsOf('craft', text, '.craft.yml');
    expect(problemAt(problems, 'targets[0].includeNames').message).toMatch(message);
    expect(problemAt(problems, 'requireNames[0]')).toMatchObject({ line: 4 });
  });

  it('reports duplicate target ids, even next to other problems', () => {
    const problems = problemsOf('craft', yaml('targets:', '  - name: npm', '  - name: github', '  - name: npm', '  - name: oci'), '.craft.yml');
    expect(problemAt(problems, 'targets[2].name')).toMatchObject({ line: 4, message: expect.stringMatching(/duplicate target id "npm" \(also targets\[0\]\); give each npm target a distinct "id:"/) });
    expect(problemAt(problems, 'targets[3].registry').message).toMatch(/missing/);
  });

  it('reports duplicate name[id] pairs on the id', () => {
    const problems = problemsOf('craft', yaml('targets:', '  - { name: npm, id: "@a/b" }', '  - { name: npm, id: "@a/c" }', '  - { name: npm, id: "@a/b" }'), '.craft.yml');
    expect(problemAt(problems, 'targets[2].id').message).toMatch(/duplicate target id "npm\[@a\/b\]"/);
  });

  it('lists every problem at once, sorted by line, with one fix', () => {
    let error: unknown;
    try {
      loadConfigText('craft', yaml('tagPrefix: "v v"', 'targets:', '  - name: nmp', '  - name: npm', '    access: nope'), '.craft.yml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const configError = error as ConfigError;
    expect(configError.problems.map((p) => p.line)).toEqual([1, 3, 5]);
    expect(configError.code).toBe('E_CONFIG_INVALID');
    expect(configError.message).toMatch(/^\.craft\.yml is not valid \(3 problems\):\n {2}\.craft\.yml:1: tagPrefix: /);
    expect(configError.explain()).toMatch(/What to do: Correct each field listed above in \.craft\.yml \(docs\/config\.md/);
  });
});

describe('target option schemas', () => {
  it('has a schema for every known target', () => {
    expect(KNOWN_TARGETS).toEqual(['github', 'npm', 'oci', 'registry']);
    expect(Object.keys(TARGET_OPTION_SCHEMAS).sort()).toEqual(KNOWN_TARGETS);
  });

  it('validates one target by name, filling defaults', () => {
    expect(validateTargetOptions('oci', { registry: '127.0.0.1:5000', image: 'acme/app' })).toEqual({
      ok: true,
      options: { registry: '127.0.0.1:5000', image: 'acme/app', tags: ['{version}', 'latest'], auth: 'basic' },
    });
    expect(validateTargetOptions('github', undefined)).toEqual({ ok: true, options: { previewReleases: true, draft: false } });
  });

  it('returns problems with paths for bad options', () => {
    const result = validateTargetOptions('npm', { access: 'open', bogus: 1 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.path.join('.'))).toEqual(['access', 'bogus']);
  });
});
