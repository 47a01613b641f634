import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import semver from 'semver';

import { UserError } from '../../../src/errors.js';
import {
  latestReleaseTag,
  resolveVersion,
  type ResolveVersionInput,
} from '../../../src/versioning/resolve-version.js';

const base: ResolveVersionInput = {
  requested: '',
  policy: 'manual',
  tags: ['1.0.0', '1.1.0', '1.2.3', 'not-a-version', 'v9.9.9'],
  tagPrefix: '',
  commitsSinceLatest: [],
  now: new Date('2026-12-05T12:00:00Z'),
  calver: { format: '%y.%-m', offset: 14 },
};

const resolve = (over: Partial<ResolveVersionInput>) => resolveVersion({ ...base, ...over });

/** Runs fn and returns the UserError it throws. */
function userError(fn: () => unknown): UserError {
  try {
    fn();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a UserError');
}

describe('resolveVersion: bump keywords', () => {
  it.each([
    ['patch', '1.2.4'],
    ['minor', '1.3.0'],
    ['major', '2.0.0'],
    ['prerelease', '1.2.4-rc.0'],
  ])('%s of 1.2.3 → %s', (requested, version) => {
    expect(resolve({ requested })).toEqual({
      version,
      previousTag: '1.2.3',
      previousVersion: '1.2.3',
      bump: requested,
    });
  });

  it('trims surrounding whitespace of the input', () => {
    expect(resolve({ requested: ' patch\n' }).version).toBe('1.2.4');
  });

  it('prerelease follows semver inc: continues a prerelease, honours preid', () => {
    const tags = ['1.2.3', '1.3.0-rc.0'];
    expect(resolve({ requested: 'prerelease', tags }).version).toBe('1.3.0-rc.1');
    expect(resolve({ requested: 'prerelease', tags: ['1.2.3'], preid: 'beta' }).version).toBe('1.2.4-beta.0');
    expect(resolve({ requested: 'prerelease', tags: ['1.3.0-beta.2'], preid: 'rc' }).version).toBe('1.3.0-rc.0');
  });

  it('keywords on a prerelease finish it (semver inc)', () => {
    const tags = ['1.2.3', '1.3.0-rc.1'];
    expect(resolve({ requested: 'patch', tags })).toMatchObject({ version: '1.3.0', previousTag: '1.3.0-rc.1' });
    expect(resolve({ requested: 'minor', tags }).version).toBe('1.3.0');
    expect(resolve({ requested: 'major', tags }).version).toBe('2.0.0');
  });

  it('starts from 0.0.0 without a previous tag', () => {
    const tags: string[] = [];
    expect(resolve({ requested: 'patch', tags })).toEqual({ version: '0.0.1', previousTag: null, previousVersion: null, bump: 'patch' });
    expect(resolve({ requested: 'minor', tags }).version).toBe('0.1.0');
    expect(resolve({ requested: 'major', tags }).version).toBe('1.0.0');
    expect(resolve({ requested: 'prerelease', tags }).version).toBe('0.0.1-rc.0');
  });

  it('refuses an invalid preid', () => {
    expect(userError(() => resolve({ requested: 'prerelease', preid: '12' })).code).toBe('E_PREID_INVALID');
    expect(userError(() => resolve({ requested: 'prerelease', preid: 'r c' })).code).toBe('E_PREID_INVALID');
  });
});

describe('resolveVersion: explicit versions', () => {
  it('accepts a greater semver, including prereleases', () => {
    expect(resolve({ requested: '1.2.4' })).toEqual({ version: '1.2.4', previousTag: '1.2.3', previousVersion: '1.2.3', bump: 'explicit' });
    expect(resolve({ requested: '2.0.0-rc.1' }).version).toBe('2.0.0-rc.1');
    expect(resolve({ requested: '1.0.0', tags: [] }).previousTag).toBeNull();
  });

  it('refuses a leading v, saying to drop it', () => {
    const error = userError(() => resolve({ requested: 'v1.2.4' }));
    expect(error.code).toBe('E_VERSION_LEADING_V');
    expect(error.message).toContain('"v1.2.4"');
    expect(error.fix).toMatch(/Drop the v/);
    expect(error.fix).toContain('"1.2.4"');
  });

  it.each(['1.2', '1.2.3.4', '01.2.3', '=1.2.4', '1.0.0$(id)', '1.2.4\nx', 'latest', 'x'.repeat(500)])(
    'refuses %j as invalid, quoting it safely',
    (requested) => {
      const error = userError(() => resolve({ requested }));
      expect(error.code).toBe('E_VERSION_INVALID');
      expect(error.message).not.toContain('\n');
      expect(error.message.length).toBeLessThan(400);
      expect(error.fix).toMatch(/major, minor, patch, prerelease, auto or calver/);
    },
  );

  it('refuses build metadata', () => {
    expect(userError(() => resolve({ requested: '1.2.4+build.5' })).code).toBe('E_VERSION_BUILD_METADATA');
  });

  it('refuses an existing tag', () => {
    const error = userError(() => resolve({ requested: '1.1.0' }));
    expect(error.code).toBe('E_VERSION_EXISTS');
    expect(error.message).toContain('"1.1.0"');
    expect(error.fix).toBeDefined();
  });

  it('refuses a version lower than or equal to the latest', () => {
    const lower = userError(() => resolve({ requested: '1.1.5' }));
    expect(lower.code).toBe('E_VERSION_NOT_GREATER');
    expect(lower.message).toContain('"1.2.3"');
    // Equal to the latest but under a different tag spelling (build metadata on the tag).
    expect(userError(() => resolve({ requested: '1.2.3', tags: ['1.2.3+abc'] })).code).toBe('E_VERSION_NOT_GREATER');
    expect(userError(() => resolve({ requested: '1.2.3-rc.1' })).code).toBe('E_VERSION_NOT_GREATER');
  });

  it('refuses a prerelease whose identifier sorts below the latest', () => {
    const error = userError(() => resolve({ requested: 'prerelease', tags: ['1.3.0-rc.1'], preid: 'beta' }));
    expect(error.code).toBe('E_VERSION_NOT_GREATER');
  });
});

describe('resolveVersion: auto', () => {
  it.each([
    [['feat: a'], '1.3.0', 'minor'],
    [['fix: a'], '1.2.4', 'patch'],
    [['perf: a'], '1.2.4', 'patch'],
    [['feat!: a'], '2.0.0', 'major'],
    [['fix(core)!: a'], '2.0.0', 'major'],
    [['docs: a\n\nBREAKING CHANGE: b'], '2.0.0', 'major'],
    [['docs: a\n\nBREAKING-CHANGE: b'], '2.0.0', 'major'],
    [['fix: a', 'feat: b', 'chore: c'], '1.3.0', 'minor'],
  ])('%j → %s', (commitsSinceLatest, version, bump) => {
    expect(resolve({ requested: 'auto', commitsSinceLatest })).toEqual({ version, previousTag: '1.2.3', previousVersion: '1.2.3', bump });
  });

  it('is what an empty input means under the auto policy', () => {
    expect(resolve({ policy: 'auto', commitsSinceLatest: ['feat: a'] }).version).toBe('1.3.0');
  });

  it('before 1.0.0 a breaking change bumps minor', () => {
    const tags = ['0.3.1'];
    expect(resolve({ requested: 'auto', tags, commitsSinceLatest: ['feat!: a'] })).toMatchObject({ version: '0.4.0', bump: 'minor' });
    expect(resolve({ requested: 'auto', tags, commitsSinceLatest: ['feat: a'] }).version).toBe('0.4.0');
    expect(resolve({ requested: 'auto', tags, commitsSinceLatest: ['fix: a'] }).version).toBe('0.3.2');
    expect(resolve({ requested: 'auto', tags: [], commitsSinceLatest: ['fix!: a'] }).version).toBe('0.1.0');
    // An explicit major still leaves 0.x.
    expect(resolve({ requested: 'major', tags }).version).toBe('1.0.0');
  });

  it('refuses when nothing is releasable, listing the types seen', () => {
    const error = userError(() => resolve({ requested: 'auto', commitsSinceLatest: ['docs: a', 'chore(deps): b', 'Merge x'] }));
    expect(error.code).toBe('E_NOTHING_TO_RELEASE');
    expect(error.message).toContain('"docs"');
    expect(error.message).toContain('"chore"');
    expect(error.message).toContain('"1.2.3"');
    expect(error.fix).toMatch(/feat/);
  });

  it('says so when there are no commits, or none conventional', () => {
    expect(userError(() => resolve({ requested: 'auto' })).message).toMatch(/no commits/);
    expect(userError(() => resolve({ requested: 'auto', commitsSinceLatest: ['wip'] })).message).toMatch(/None of the 1 commits/);
  });
});

describe('resolveVersion: calver', () => {
  it('uses the date offset and the next free patch', () => {
    const tags = ['26.11.0', '26.11.1', '26.10.4'];
    expect(resolve({ requested: 'calver', tags })).toEqual({
      version: '26.11.2',
      previousTag: '26.11.1',
      previousVersion: '26.11.1',
      bump: 'calver',
    });
    expect(resolve({ policy: 'calver', tags: [] }).version).toBe('26.11.0');
  });

  it('rolls over the year', () => {
    const tags = ['26.12.0', '26.12.1'];
    expect(resolve({ requested: 'calver', tags, now: new Date('2027-01-10T00:00:00Z') }).version).toBe('26.12.2');
    expect(resolve({ requested: 'calver', tags, now: new Date('2027-01-20T00:00:00Z') }).version).toBe('27.1.0');
  });

  it('counts only tags with the prefix', () => {
    const tags = ['app@26.11.0', '26.11.5', 'lib@26.11.3'];
    expect(resolve({ requested: 'calver', tags, tagPrefix: 'app@' })).toMatchObject({ version: '26.11.1', previousTag: 'app@26.11.0' });
  });

  it('refuses a format that does not give a semantic version', () => {
    const error = userError(() => resolve({ requested: 'calver', calver: { format: '%Y.%m', offset: 0 }, tags: [], now: new Date('2026-03-05T00:00:00Z') }));
    expect(error.code).toBe('E_CALVER_NOT_SEMVER');
    expect(error.message).toContain('"2026.03.0"');
  });

  it('refuses a calendar version below the latest release', () => {
    const error = userError(() => resolve({ requested: 'calver', tags: ['27.1.0'] }));
    expect(error.code).toBe('E_VERSION_NOT_GREATER');
  });
});

describe('resolveVersion: tag prefixes (monorepos)', () => {
  const tags = ['core@1.2.3', 'core@1.3.0-rc.0', 'cli@0.3.0', 'cli@0.10.0', 'core@garbage', '5.0.0'];

  it('only sees tags with its prefix', () => {
    expect(resolve({ requested: 'patch', tags, tagPrefix: 'core@' })).toEqual({
      version: '1.3.0',
      previousTag: 'core@1.3.0-rc.0',
      previousVersion: '1.3.0-rc.0',
      bump: 'patch',
    });
    expect(resolve({ requested: 'minor', tags, tagPrefix: 'cli@' })).toMatchObject({ version: '0.11.0', previousTag: 'cli@0.10.0' });
    expect(resolve({ requested: 'patch', tags, tagPrefix: '' })).toMatchObject({ version: '5.0.1', previousTag: '5.0.0' });
  });

  it('checks the existing tag with the prefix', () => {
    const error = userError(() => resolve({ requested: '1.2.3', tags, tagPrefix: 'core@' }));
    expect(error.code).toBe('E_VERSION_EXISTS');
    expect(error.message).toContain('"core@1.2.3"');
    // The same version under another prefix is no conflict.
    expect(resolve({ requested: '0.10.1', tags: ['cli@0.10.1', 'core@0.10.0'], tagPrefix: 'core@' }).version).toBe('0.10.1');
  });

  it('uses a v prefix when configured', () => {
    expect(resolve({ requested: 'patch', tags: ['v1.0.0', 'v1.0.1'], tagPrefix: 'v' })).toMatchObject({ version: '1.0.2', previousTag: 'v1.0.1' });
  });
});

describe('resolveVersion: empty input', () => {
  it.each(['manual', 'semver'] as const)('under %s says which inputs are accepted', (policy) => {
    const error = userError(() => resolve({ policy, requested: '  ' }));
    expect(error.code).toBe('E_VERSION_REQUIRED');
    expect(error.message).toContain(`"${policy}"`);
    expect(error.fix).toMatch(/1\.2\.3.*major, minor, patch, prerelease, auto or calver/);
  });
});

describe('latestReleaseTag', () => {
  it('orders by semver, prereleases included, ignoring non-semver tags', () => {
    expect(latestReleaseTag(['1.10.0', '1.9.0', '2.0.0-alpha.1', 'v3.0.0', '02.0.0', 'x'], '')).toEqual({
      tag: '2.0.0-alpha.1',
      version: '2.0.0-alpha.1',
    });
    expect(latestReleaseTag([], '')).toBeNull();
  });
});

describe('resolveVersion: property', () => {
  const identifier = fc.constantFrom('alpha', 'beta', 'rc', '0', '1', 'x-1');
  const version = fc
    .tuple(
      fc.nat({ max: 1000 }),
      fc.nat({ max: 1000 }),
      fc.nat({ max: 1000 }),
      fc.option(fc.array(identifier, { minLength: 1, maxLength: 3 }), { nil: undefined }),
    )
    .map(([major, minor, patch, pre]) => `${major}.${minor}.${patch}${pre ? `-${pre.join('.')}` : ''}`)
    .filter((v) => semver.valid(v) === v);

  it('major, minor and patch always give a valid version greater than the latest', () => {
    fc.assert(
      fc.property(version, fc.constantFrom('major', 'minor', 'patch'), fc.constantFrom('', 'pkg@'), (latest, requested, tagPrefix) => {
        const result = resolveVersion({ ...base, requested, tagPrefix, tags: [`${tagPrefix}${latest}`] });
        expect(semver.valid(result.version)).toBe(result.version);
        expect(semver.gt(result.version, latest)).toBe(true);
        expect(result.previousVersion).toBe(latest);
      }),
    );
  });

  it('prerelease gives a greater valid version, or refuses a preid that sorts lower', () => {
    fc.assert(
      fc.property(version, fc.constantFrom('alpha', 'beta', 'rc'), (latest, preid) => {
        let result;
        try {
          result = resolveVersion({ ...base, requested: 'prerelease', preid, tags: [latest] });
        } catch (error) {
          expect(error).toBeInstanceOf(UserError);
          expect((error as UserError).code).toBe('E_VERSION_NOT_GREATER');
          return;
        }
        expect(semver.valid(result.version)).toBe(result.version);
        expect(semver.gt(result.version, latest)).toBe(true);
      }),
    );
  });
});
