import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import semver from 'semver';
import {
  RequestFormatError,
  parseBranchName,
  parseCommitSha,
  parseLogin,
  parseOwner,
  parsePackagePath,
  parseRepoName,
  parseServerUrl,
  parseTagName,
  parseTargetId,
  parseVersion,
  toDetail,
} from '../../../src/request-format/index.js';
import { ValidationError } from '../../../src/errors.js';
import { bestTime } from './arbitraries.js';

type Parser = (value: unknown, path?: string) => string;

function rejects(parse: Parser, value: unknown, pattern?: RegExp): RequestFormatError {
  let caught: unknown;
  try {
    parse(value, 'field');
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(RequestFormatError);
  const error = caught as RequestFormatError;
  expect(error).toBeInstanceOf(ValidationError);
  expect(error.path).toBe('field');
  expect(error.code).toBe('E_REQUEST_FORMAT');
  expect(error.name).toBe('RequestFormatError');
  if (pattern) expect(error.message).toMatch(pattern);
  return error;
}

const HOSTILE_COMMON = ['$(id)', '`id`', 'a;b', 'a\nb', 'a\rb', 'a b', '', ' a', 'a\u0000b', 'a\u200bb', 'a\u202eb', 'a\ufeffb'];

describe.each<[string, Parser, string[], string[]]>([
  [
    'parseOwner',
    parseOwner,
    ['a', 'acme', 'Acme-Corp', 'a1-b2-c3', '0', 'a'.repeat(39)],
    ['-acme', 'acme-', 'ac--me', 'ac_me', 'ac.me', 'a'.repeat(40), '\u0430cme', 'acme\uff0f', 'ac/me', 'acme[bot]'],
  ],
  [
    'parseRepoName',
    parseRepoName,
    ['widget', '.github', 'a.b_c-d', 'A', '...', 'x'.repeat(100)],
    ['.', '..', 'x'.repeat(101), 'a/b', 'a@b', 'wid\u0433et', 'a+b', 'a%b'],
  ],
  [
    'parsePackagePath',
    parsePackagePath,
    ['packages/core', 'core', 'a/b/c', '.config/x', 'a..b', 'p'.repeat(255)],
    ['/core', 'core/', 'a//b', '..', '../x', 'a/../b', 'a/./b', '.', 'a\\b', 'a\uff0fb', 'p'.repeat(256), 'a/b@1'],
  ],
  [
    'parseVersion',
    parseVersion,
    [
      '1.2.3', '0.0.0', '10.20.30', '1.2.3-rc.1', '2.0.0-rc.1', '1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-0.3.7', '1.0.0-x.7.z.92',
      '1.0.0-x-y-z.--', '1.0.0-alpha+001', '1.0.0+20130313144700', '1.0.0-beta+exp.sha.5114f85', '1.0.0+21AF26D3----117B344092BD',
      '1.2.3----RC-SNAPSHOT.12.9.1--.12+788', '26.11.0', '24.1.12', '1.0.0-0A.is.legal', '1.2.3+001.01',
    ],
    [
      'v1.2.3', 'V1.2.3', '01.2.3', '1.02.3', '1.2.03', '1.2', '1', '1.2.3.4', '1.2.3-', '1.2.3+', '1.2.3-01', '1.2.3-rc..1',
      '1.2.3+b..1', '1.2.3 ', ' 1.2.3', '=1.2.3', '1.2.3-rc.1$(id)', '1.2.3\n', '1.2.3-\u00fc', '\uff11.2.3', '1.2.3-a_b',
      '1.2.3-rc.1.', '1.2.x', 'a.b.c', '1.2.3+b+c', '-1.2.3', `1.2.3-${'a'.repeat(123)}`, '9999999999999999.0.0',
    ],
  ],
  [
    'parseLogin',
    parseLogin,
    ['octocat', 'release-bot[bot]', 'github-actions[bot]', 'a', 'a'.repeat(39), `${'a'.repeat(39)}[bot]`],
    ['a'.repeat(40), `${'a'.repeat(40)}[bot]`, '[bot]', 'x[bot][bot]', 'release bot', 'release-bot[Bot]', 'release-bot[bot', '@octocat', '\u043ectocat', 'octo\u200dcat', 'octocat\n', '-bot[bot]'],
  ],
  [
    'parseBranchName',
    parseBranchName,
    ['main', 'release/1.2.3', 'release/pkg@1.2.3', 'release/1.2.3+build.1', 'feature/a_b-c', 'a.b', 'r'.repeat(255)],
    [
      '-x', '/x', 'x/', 'x.', 'x.lock', 'a/b.lock/c', 'a..b', 'a@{1}', '@', 'a~1', 'a^', 'a:b', 'a?', 'a*', 'a[', 'a\\b', 'a//b',
      'a/.b', '.a', 'r'.repeat(256), 'r\u0435lease', 'a$b', 'a|b', 'a&b', "a'b", 'a"b', 'a>b', 'a#b', 'a\u007fb',
    ],
  ],
  [
    'parseTargetId',
    parseTargetId,
    ['github', 'npm', 'npm[@scope/pkg]', 'oci[ghcr.io/org/img]', 'aws-lambda-layer', 'oci[ghcr.io/org/img:1.2]', 'registry[sdk:npm:@scope/pkg]', 'x[a~b+c]'],
    ['NPM', 'npm[', 'npm[]', '[x]', 'npm[a]b', 'npm[a b]', 'npm[$(id)]', 'npm[-x]', 'npm[../x]', 'npm[a]]', 'np m', 'npm;rm', 'npm[@scope/pkg]\n', '-npm', 'npm[a[b]', 'np_m', 'npm[\uff20scope/pkg]'],
  ],
])('%s', (_name, parse, valid, invalid) => {
  it.each(valid)('accepts %j', (value) => {
    expect(parse(value, 'field')).toBe(value);
  });
  it.each([...invalid, ...HOSTILE_COMMON])('rejects %j with a RequestFormatError naming the field', (value) => {
    rejects(parse, value);
  });
  it.each([null, undefined, 42, {}, [], true, Symbol.for('x')])('rejects the non-string %p', (value) => {
    rejects(parse, value, /must be a string/);
  });
  it('rejects a megabyte quickly', () => {
    const inputs = ['a', '-', '`', '$(', '1.', 'a/'].map((unit) => unit.repeat(1_000_000 / unit.length));
    expect(bestTime(() => inputs.forEach((input) => rejects(parse, input)))).toBeLessThan(100);
  });
});

describe('error messages', () => {
  it('say what is wrong and show the expected form', () => {
    expect(rejects(parseVersion, 'v1.2.3').message).toBe('field: the version must not start with "v": write "1.2.3" (expected e.g. `1.2.3`, `2.0.0-rc.1` or `26.11.0`)');
    expect(rejects(parseVersion, '01.2.3').message).toMatch(/leading zero in the major number "01"/);
    expect(rejects(parseVersion, '1.2').message).toMatch(/three numbers MAJOR\.MINOR\.PATCH/);
    expect(rejects(parseOwner, '\u0430cme').message).toMatch(/Cyrillic letter U\+0430/);
    expect(rejects(parsePackagePath, 'a\uff0fb').message).toMatch(/fullwidth character U\+FF0F \(it looks like "\/"/);
    expect(rejects(parseLogin, 'octo\u200dcat').message).toMatch(/invisible or direction-changing character U\+200D/);
    expect(rejects(parseBranchName, 'a\nb').message).toMatch(/a newline at position 2/);
    expect(rejects(parseBranchName, 'a..b').message).toMatch(/must not contain "\.\."/);
    expect(rejects(parseTargetId, 'npm[$(id)]').message).toMatch(/"\$" in the id/);
    expect(rejects(parseLogin, 'a'.repeat(45)).message).toMatch(/maximum is 39 plus "\[bot\]"/);
  });
});

describe('parseVersion against the semver package', () => {
  it('accepts exactly what semver accepts, bar the leading v (property)', () => {
    const alphabet = fc.constantFrom(...'0123456789..--+aZvx');
    fc.assert(
      fc.property(fc.string({ unit: alphabet, maxLength: 20 }), (s) => {
        let ours = true;
        try {
          parseVersion(s);
        } catch (error) {
          expect(error).toBeInstanceOf(RequestFormatError);
          ours = false;
        }
        // semver also takes a leading `v`; otherwise both follow semver.org.
        expect(ours).toBe(!s.startsWith('v') && semver.parse(s) !== null);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('the other field parsers', () => {
  it('parseCommitSha takes 40 lowercase hex characters only', () => {
    expect(parseCommitSha('0123456789abcdef0123456789abcdef01234567')).toBe('0123456789abcdef0123456789abcdef01234567');
    for (const bad of ['0123456789ABCDEF0123456789abcdef01234567', 'abc', 'g'.repeat(40), 'a'.repeat(41), 'a'.repeat(39) + '\n']) rejects(parseCommitSha, bad);
  });
  it('parseServerUrl takes a canonical http(s) base', () => {
    for (const ok of ['https://github.com', 'http://127.0.0.1:8080', 'https://ghe.example.com/github']) expect(parseServerUrl(ok)).toBe(ok);
    for (const bad of ['https://github.com/', 'ftp://github.com', 'javascript:alert(1)', 'https://user:pw@github.com', 'https://github.com?x=1', 'https://GitHub.com', 'https://github.com#x', 'https://git hub.com', 'https://github.com/a;b', 'github.com']) {
      rejects(parseServerUrl, bad);
    }
  });
  it('parseTagName follows the branch rules', () => {
    expect(parseTagName('pkg@1.2.2')).toBe('pkg@1.2.2');
    rejects(parseTagName, 'v1..2');
  });
});

describe('toDetail', () => {
  it('makes one printable line from anything', () => {
    expect(toDetail('npm ERR!\n  403\tForbidden\u200b\u202e')).toBe('npm ERR! 403 Forbidden');
    expect(toDetail('   ')).toBeNull();
    const long = toDetail('😀'.repeat(1000));
    expect(long?.length).toBeLessThanOrEqual(500);
    expect(long?.endsWith('…')).toBe(true);
  });
});
