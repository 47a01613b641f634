import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';

import { bumpPackageJson, expandWorkspaces, moveRange } from '../../../src/release/bumpers.js';
import { UserError } from '../../../src/errors.js';

let root: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'bumpers-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function put(relative: string, content: unknown, indent: string | number = 2, finalNewline = true): Promise<void> {
  const file = path.join(root, relative);
  await mkdir(path.dirname(file), { recursive: true });
  const text = typeof content === 'string' ? content : JSON.stringify(content, null, indent) + (finalNewline ? '\n' : '');
  await writeFile(file, text);
}

async function json(relative: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(path.join(root, relative), 'utf8')) as Record<string, unknown>;
}

describe('bumpPackageJson: single package', () => {
  it('sets the version and keeps the layout', async () => {
    await put('package.json', '{\n    "name": "solo",\n    "version": "1.2.3",\n    "main": "index.js"\n}');
    const changed = await bumpPackageJson({ rootDir: root, path: '', oldVersion: '1.2.3', newVersion: '1.3.0' });
    expect(changed).toEqual(['package.json']);
    // Four spaces, key order kept, no final newline because there was none.
    expect(await readFile(path.join(root, 'package.json'), 'utf8')).toBe(
      '{\n    "name": "solo",\n    "version": "1.3.0",\n    "main": "index.js"\n}',
    );
  });

  it('keeps tabs, CRLF and the final newline', async () => {
    await put('package.json', '{\r\n\t"name": "solo",\r\n\t"version": "1.0.0"\r\n}\r\n');
    await bumpPackageJson({ rootDir: root, path: '', oldVersion: '1.0.0', newVersion: '1.0.1' });
    expect(await readFile(path.join(root, 'package.json'), 'utf8')).toBe('{\r\n\t"name": "solo",\r\n\t"version": "1.0.1"\r\n}\r\n');
  });

  it('does nothing without a package.json, and nothing when already at the version', async () => {
    expect(await bumpPackageJson({ rootDir: root, path: '', oldVersion: null, newVersion: '1.0.0' })).toEqual([]);
    await put('package.json', { name: 'solo', version: '1.0.0' });
    expect(await bumpPackageJson({ rootDir: root, path: '', oldVersion: null, newVersion: '1.0.0' })).toEqual([]);
  });

  it('updates a package-lock.json (root version and packages[""])', async () => {
    await put('package.json', { name: 'solo', version: '1.2.3' });
    await put('package-lock.json', {
      name: 'solo',
      version: '1.2.3',
      lockfileVersion: 3,
      requires: true,
      packages: { '': { name: 'solo', version: '1.2.3' }, 'node_modules/left-pad': { version: '1.2.3' } },
    });
    const changed = await bumpPackageJson({ rootDir: root, path: '', oldVersion: '1.2.3', newVersion: '2.0.0' });
    expect(changed).toEqual(['package-lock.json', 'package.json']);
    const lock = await json('package-lock.json');
    expect(lock.version).toBe('2.0.0');
    expect(lock.packages).toEqual({ '': { name: 'solo', version: '2.0.0' }, 'node_modules/left-pad': { version: '1.2.3' } });
  });

  it('reports invalid JSON as a UserError naming the file', async () => {
    await put('package.json', '{ "version": ');
    await expect(bumpPackageJson({ rootDir: root, path: '', oldVersion: null, newVersion: '1.0.0' })).rejects.toThrow(/package\.json/);
  });
});

describe('bumpPackageJson: npm workspaces', () => {
  beforeEach(async () => {
    await put('package.json', { name: 'mono', private: true, workspaces: ['packages/*', 'tools/cli'] });
    await put('packages/a/package.json', { name: '@s/a', version: '1.0.0', dependencies: { '@s/b': '^1.0.0', lodash: '^1.0.0' } });
    await put('packages/b/package.json', {
      name: '@s/b',
      version: '1.0.0',
      devDependencies: { '@s/a': '1.0.0' },
      peerDependencies: { '@s/a': '~1.0.0' },
      optionalDependencies: { '@s/c': '>=1.0.0' },
    });
    await put('packages/c/package.json', { name: '@s/c', version: '0.9.0', dependencies: { '@s/a': 'workspace:^1.0.0', '@s/b': '*' } });
    await put('packages/internal/package.json', { name: 'internal', private: true, dependencies: { '@s/a': '^1.0.0' } });
    await put('packages/not-a-package/README.md', 'no manifest here');
    await put('tools/cli/package.json', { name: 'cli', version: '1.0.0', dependencies: { '@s/a': '^1.0.0' } }, 4);
    await put('node_modules/x/package.json', { name: 'x', version: '1.0.0' });
  });

  it('expands the workspace globs', async () => {
    const manifest = await json('package.json');
    expect(await expandWorkspaces(root, manifest.workspaces)).toEqual([
      'packages/a',
      'packages/b',
      'packages/c',
      'packages/internal',
      'tools/cli',
    ]);
    expect(await expandWorkspaces(root, { packages: ['packages/*', '!packages/c'] })).toEqual(['packages/a', 'packages/b', 'packages/internal']);
    expect(await expandWorkspaces(root, ['**'])).toContain('tools/cli');
  });

  it('bumps every versioned package in lockstep and moves internal ranges', async () => {
    const changed = await bumpPackageJson({ rootDir: root, path: '', oldVersion: '1.0.0', newVersion: '1.1.0' });
    expect(changed).toEqual([
      'packages/a/package.json',
      'packages/b/package.json',
      'packages/c/package.json',
      'packages/internal/package.json',
      'tools/cli/package.json',
    ]);
    // The private root without a version is left alone.
    expect((await json('package.json')).version).toBeUndefined();
    expect(await json('packages/a/package.json')).toEqual({ name: '@s/a', version: '1.1.0', dependencies: { '@s/b': '^1.1.0', lodash: '^1.0.0' } });
    expect(await json('packages/b/package.json')).toEqual({
      name: '@s/b',
      version: '1.1.0',
      devDependencies: { '@s/a': '1.1.0' },
      peerDependencies: { '@s/a': '~1.1.0' },
      optionalDependencies: { '@s/c': '>=1.0.0' },
    });
    // c was at 0.9.0: lockstep moves it too; `workspace:` is kept, `*` is left.
    expect(await json('packages/c/package.json')).toEqual({
      name: '@s/c',
      version: '1.1.0',
      dependencies: { '@s/a': 'workspace:^1.1.0', '@s/b': '*' },
    });
    // Private without version: not bumped, but its ranges follow.
    expect(await json('packages/internal/package.json')).toEqual({ name: 'internal', private: true, dependencies: { '@s/a': '^1.1.0' } });
    const cli = await readFile(path.join(root, 'tools/cli/package.json'), 'utf8');
    expect(cli).toContain('\n    "version": "1.1.0"');
    expect((await json('node_modules/x/package.json')).version).toBe('1.0.0');
  });

  it('bumps the root too when it has a version', async () => {
    await put('package.json', { name: 'mono', version: '1.0.0', workspaces: { packages: ['packages/a'] } });
    const changed = await bumpPackageJson({ rootDir: root, path: '', oldVersion: '1.0.0', newVersion: '2.0.0' });
    expect(changed).toEqual(['package.json', 'packages/a/package.json']);
    expect((await json('package.json')).version).toBe('2.0.0');
  });

  it('updates the lock file entries of the bumped packages and their ranges', async () => {
    await put('package-lock.json', {
      name: 'mono',
      lockfileVersion: 3,
      packages: {
        '': { name: 'mono', workspaces: ['packages/*', 'tools/cli'] },
        'node_modules/@s/a': { resolved: 'packages/a', link: true },
        'packages/a': { name: '@s/a', version: '1.0.0', dependencies: { '@s/b': '^1.0.0', lodash: '^1.0.0' } },
        'packages/b': { name: '@s/b', version: '1.0.0' },
        'tools/cli': { name: 'cli', version: '1.0.0', dependencies: { '@s/a': '^1.0.0' } },
        'node_modules/lodash': { version: '1.0.0' },
      },
    });
    await bumpPackageJson({ rootDir: root, path: '', oldVersion: '1.0.0', newVersion: '1.1.0' });
    const lock = await json('package-lock.json');
    expect(lock.version).toBeUndefined();
    expect(lock.packages).toEqual({
      '': { name: 'mono', workspaces: ['packages/*', 'tools/cli'] },
      'node_modules/@s/a': { resolved: 'packages/a', link: true },
      'packages/a': { name: '@s/a', version: '1.1.0', dependencies: { '@s/b': '^1.1.0', lodash: '^1.0.0' } },
      'packages/b': { name: '@s/b', version: '1.1.0' },
      'tools/cli': { name: 'cli', version: '1.1.0', dependencies: { '@s/a': '^1.1.0' } },
      'node_modules/lodash': { version: '1.0.0' },
    });
  });

  it('with a path bumps only that package and the references to it', async () => {
    await put('package-lock.json', {
      name: 'mono',
      lockfileVersion: 3,
      packages: { '': { name: 'mono' }, 'packages/a': { name: '@s/a', version: '1.0.0' }, 'packages/b': { name: '@s/b', version: '1.0.0' } },
    });
    const changed = await bumpPackageJson({ rootDir: root, path: 'packages/a/', oldVersion: '1.0.0', newVersion: '1.0.1' });
    expect(changed).toEqual([
      'package-lock.json',
      'packages/a/package.json',
      'packages/b/package.json',
      'packages/c/package.json',
      'packages/internal/package.json',
      'tools/cli/package.json',
    ]);
    expect((await json('packages/a/package.json')).version).toBe('1.0.1');
    // b itself is not bumped, but its references to a are.
    expect(await json('packages/b/package.json')).toMatchObject({ version: '1.0.0', devDependencies: { '@s/a': '1.0.1' }, peerDependencies: { '@s/a': '~1.0.1' } });
    // a's reference to b is untouched: b did not move.
    expect((await json('packages/a/package.json')).dependencies).toEqual({ '@s/b': '^1.0.0', lodash: '^1.0.0' });
    expect((await json('package-lock.json')).packages).toEqual({
      '': { name: 'mono' },
      'packages/a': { name: '@s/a', version: '1.0.1' },
      'packages/b': { name: '@s/b', version: '1.0.0' },
    });
  });

  it('with a path outside the workspaces bumps that package and its own lock file', async () => {
    await put('sdk/js/package.json', { name: 'sdk', version: '3.0.0' });
    await put('sdk/js/package-lock.json', { name: 'sdk', version: '3.0.0', lockfileVersion: 3, packages: { '': { name: 'sdk', version: '3.0.0' } } });
    const changed = await bumpPackageJson({ rootDir: root, path: 'sdk/js', oldVersion: '3.0.0', newVersion: '3.1.0' });
    expect(changed).toEqual(['sdk/js/package-lock.json', 'sdk/js/package.json']);
    expect(await json('sdk/js/package-lock.json')).toMatchObject({ version: '3.1.0', packages: { '': { version: '3.1.0' } } });
  });

  it('says what to do when the path has no package.json', async () => {
    await expect(bumpPackageJson({ rootDir: root, path: 'packages/nope', oldVersion: null, newVersion: '1.0.0' })).rejects.toMatchObject({
      code: 'E_PACKAGE_NOT_FOUND',
    });
  });
});

describe('bumpPackageJson: paths that leave the repository', () => {
  it.each(['../x', 'packages/../../x', '/etc', 'C:\\x', 'a\0b'])('refuses path %j', async (bad) => {
    await put('package.json', { name: 'solo', version: '1.0.0' });
    const error = await bumpPackageJson({ rootDir: root, path: bad, oldVersion: null, newVersion: '1.0.1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe('E_PATH_OUTSIDE_REPO');
  });

  it('refuses a sub-package reached through a symlink to outside', async () => {
    const outside = await mkdtemp(path.join(os.tmpdir(), 'outside-'));
    try {
      await writeFile(path.join(outside, 'package.json'), JSON.stringify({ name: 'victim', version: '1.0.0' }));
      await symlink(outside, path.join(root, 'linked'));
      const error = await bumpPackageJson({ rootDir: root, path: 'linked', oldVersion: null, newVersion: '9.9.9' }).catch((e: unknown) => e);
      expect((error as UserError).code).toBe('E_PATH_OUTSIDE_REPO');
      expect(JSON.parse(await readFile(path.join(outside, 'package.json'), 'utf8')).version).toBe('1.0.0');
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('refuses a workspace package.json symlinked to outside', async () => {
    const outside = await mkdtemp(path.join(os.tmpdir(), 'outside-'));
    try {
      await writeFile(path.join(outside, 'package.json'), JSON.stringify({ name: 'victim', version: '1.0.0' }));
      await put('package.json', { name: 'mono', private: true, workspaces: ['packages/*'] });
      await mkdir(path.join(root, 'packages/evil'), { recursive: true });
      await symlink(path.join(outside, 'package.json'), path.join(root, 'packages/evil/package.json'));
      await expect(bumpPackageJson({ rootDir: root, path: '', oldVersion: null, newVersion: '9.9.9' })).rejects.toMatchObject({
        code: 'E_PATH_OUTSIDE_REPO',
      });
      expect(JSON.parse(await readFile(path.join(outside, 'package.json'), 'utf8')).version).toBe('1.0.0');
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('refuses workspace patterns that leave the repository', async () => {
    await put('package.json', { name: 'mono', private: true, workspaces: ['../*'] });
    await expect(bumpPackageJson({ rootDir: root, path: '', oldVersion: null, newVersion: '1.0.0' })).rejects.toMatchObject({
      code: 'E_PATH_OUTSIDE_REPO',
    });
  });
});

describe('moveRange', () => {
  const olds = new Set(['1.0.0']);
  it.each([
    ['1.0.0', '2.0.0'],
    ['^1.0.0', '^2.0.0'],
    ['~1.0.0', '~2.0.0'],
    ['workspace:~1.0.0', 'workspace:~2.0.0'],
    ['>=1.0.0', null],
    ['^1.0.1', null],
    ['*', null],
    ['workspace:*', null],
    ['npm:other@1.0.0', null],
  ])('%s → %s', (range, expected) => {
    expect(moveRange(range, olds, '2.0.0')).toBe(expected);
  });
});
