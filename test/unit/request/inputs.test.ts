/** The one schema of the request inputs: defaults, forms, and each hostile input named. */
import { describe, expect, it } from '@jest/globals';
import { envReader, InputError, parseRequestInputs } from '../../../src/request/inputs.js';

const baseEnv = { GITHUB_REPOSITORY: 'acme/widget', GITHUB_SERVER_URL: 'https://github.com', GITHUB_ACTOR: 'engineer', GITHUB_RUN_ID: '77' };

function parse(inputs: Record<string, string>, env: Record<string, string> = baseEnv) {
  const all: Record<string, string> = { token: 'ghs_x', ...inputs };
  return parseRequestInputs((name) => all[name] ?? '', envReader(env));
}

function refused(inputs: Record<string, string>, env?: Record<string, string>): InputError {
  try {
    parse(inputs, env);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('request inputs', () => {
  it('fills defaults: default branch, root package, <owner>/publish, release-blocker, the run link', () => {
    expect(parse({})).toEqual({
      version: '',
      mergeTarget: null,
      path: null,
      force: false,
      blockerLabel: 'release-blocker',
      publishRepo: { owner: 'acme', repo: 'publish' },
      dryRun: false,
      token: 'ghs_x',
      productRepo: { owner: 'acme', repo: 'widget' },
      serverUrl: 'https://github.com',
      requester: 'engineer',
      workflowRunUrl: 'https://github.com/acme/widget/actions/runs/77',
    });
  });

  it('reads every form it documents', () => {
    const parsed = parse({ version: '2.0.0-rc.1', merge_target: 'release-2.x', path: 'packages/core', force: 'TRUE', dry_run: 'True', publish_repo: 'acme-corp/control', blocker_label: 'blocker: release' });
    expect(parsed).toMatchObject({ version: '2.0.0-rc.1', mergeTarget: 'release-2.x', path: 'packages/core', force: true, dryRun: true, publishRepo: { owner: 'acme-corp', repo: 'control' }, blockerLabel: 'blocker: release' });
    for (const keyword of ['major', 'minor', 'patch', 'prerelease', 'auto', 'calver']) expect(parse({ version: keyword }).version).toBe(keyword);
    // A leading v passes the schema so that version resolution can say "drop the v".
    expect(parse({ version: 'v1.2.3' }).version).toBe('v1.2.3');
  });

  it('falls back to GITHUB_TOKEN and refuses a run without any token', () => {
    expect(parseRequestInputs((n) => (n === 'token' ? '' : ''), envReader({ ...baseEnv, GITHUB_TOKEN: 'ghs_env' })).token).toBe('ghs_env');
    expect(refused({ token: '' }).inputs).toEqual(['token']);
  });

  it('has no run link outside a runner', () => {
    const { GITHUB_RUN_ID: _drop, ...env } = baseEnv;
    expect(parse({}, env).workflowRunUrl).toBeNull();
  });

  it.each([
    ['version', '1.0.0$(id)', '"$"'],
    ['version', '1.0.0;id', '";"'],
    ['version', '1.2', 'three numbers'],
    ['version', '01.2.3', 'leading zero'],
    ['version', '1.2.3\n', null],
    ['version', 'latest', 'expected an explicit version'],
    ['version', '1.2.３', 'fullwidth'],
    ['merge_target', 'main\nx', 'a newline'],
    ['merge_target', '-f', 'must not start with "-"'],
    ['merge_target', 'a..b', '".."'],
    ['merge_target', 'feature/$(id)', '"$"'],
    ['path', '../x', '".." segment'],
    ['path', '/etc', 'must not start or end with "/"'],
    ['path', 'packages/./core', '"." segment'],
    ['path', 'pаckages', 'Cyrillic'],
    ['publish_repo', 'acme', 'has no "/"'],
    ['publish_repo', 'acme/pub lish', 'a space'],
    ['publish_repo', 'acme/..', 'must not be ".."'],
    ['blocker_label', 'a,b', 'comma'],
    ['blocker_label', 'x'.repeat(51), '51 characters'],
    ['blocker_label', 'block\u202Eer', 'direction-changing'],
    ['force', 'yes', 'expected true or false'],
    ['dry_run', '1', 'expected true or false'],
  ])('refuses %s %j, naming the input', (name, value, why) => {
    const error = refused({ [name]: value });
    if (value.endsWith('\n')) {
      // The runner trims inputs, as @actions/core does; a trailing newline alone is harmless.
      return;
    }
    expect(error.inputs).toEqual([name]);
    expect(error.code).toBe('E_INPUT_INVALID');
    expect(error.message).toContain(`  ${name}: the input "${name}" is `);
    if (why !== null) expect(error.message).toContain(why);
    expect(error.explain()).toContain('What to do:');
  });

  it('lists every bad input at once', () => {
    const error = refused({ version: '1.0.0$(id)', merge_target: 'main\nx', path: '../x' });
    expect(error.inputs).toEqual(['version', 'merge_target', 'path']);
    expect(error.message).toContain('3 inputs are not valid');
  });

  it.each([
    ['GITHUB_REPOSITORY', { GITHUB_REPOSITORY: 'acme' }],
    ['GITHUB_ACTOR', { GITHUB_ACTOR: 'a\nb' }],
    ['GITHUB_SERVER_URL', { GITHUB_SERVER_URL: 'https://user:pw@github.com' }],
    ['GITHUB_RUN_ID', { GITHUB_RUN_ID: '12; id' }],
  ])('refuses a bad runner variable %s', (name, env) => {
    expect(refused({}, { ...baseEnv, ...env }).inputs).toEqual([name]);
  });
});
