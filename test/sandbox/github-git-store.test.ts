import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitStore, GitStoreError, type RefChangeEvent, isValidRefName, normalisePath } from './github/git-store.js';

let root: string;
let store: GitStore;
const events: RefChangeEvent[] = [];

function checkRefFormat(ref: string): Promise<boolean> {
  return new Promise((resolve) => execFile('git', ['check-ref-format', ref], (error) => resolve(!error)));
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'git-store-test-'));
  store = new GitStore(root, { now: () => new Date('2026-02-03T04:05:06Z') });
  store.onRefChange((event) => {
    events.push(event);
  });
  await store.init('acme', 'lib', { defaultBranch: 'trunk', files: { 'a.txt': 'a\n', 'dir/b.txt': Buffer.from('b\n') } });
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('GitStore', () => {
  it('creates a bare repository with one commit holding the files, dated by the clock', async () => {
    expect(await store.defaultBranch('acme', 'lib')).toBe('trunk');
    const sha = (await store.resolveCommit('acme', 'lib', 'trunk'))!;
    const commit = (await store.readCommit('acme', 'lib', sha))!;
    expect(commit).toMatchObject({ message: 'Initial commit', parents: [] });
    expect(commit.author.date).toBe('2026-02-03T04:05:06Z');
    const file = await store.readPath('acme', 'lib', sha, 'dir/b.txt');
    expect(file?.kind === 'file' && file.content.toString()).toBe('b\n');
    expect(await store.readPath('acme', 'lib', sha, '../etc/passwd')).toBeNull();
    expect(() => store.bareDir('..', 'x')).toThrow(GitStoreError);
  });

  it('agrees with `git check-ref-format` on ref names', async () => {
    const names = [
      'refs/heads/main', 'refs/heads/release/1.2', 'refs/tags/v1.0.0', 'refs/heads/a..b', 'refs/heads/a b', 'refs/heads/a~1',
      'refs/heads/a^', 'refs/heads/a:b', 'refs/heads/a?', 'refs/heads/a*', 'refs/heads/a[', 'refs/heads/a\\b', 'refs/heads/.hidden',
      'refs/heads/x.lock', 'refs/heads/x/', 'refs/heads//x', 'refs/heads/x.', 'refs/heads/@{x}', 'refs/heads/@', 'refs/heads/\u0001',
      'refs/heads/ünïcode', 'refs/heads/-dash', 'refs/heads/a/.b', 'refs/heads/a.lock/b',
    ];
    for (const name of names) expect([name, isValidRefName(name)]).toEqual([name, await checkRefFormat(name)]);
  });

  it('normalises repository paths and refuses escapes', () => {
    expect(normalisePath('/src/x.ts/')).toBe('src/x.ts');
    expect(normalisePath('')).toBe('');
    for (const bad of ['a/../b', './a', 'a//b', '.git/config', 'a/.git']) expect(normalisePath(bad)).toBeNull();
  });

  it('serialises writers per repository: concurrent creates of one ref give exactly one winner', async () => {
    const sha = (await store.resolveCommit('acme', 'lib', 'trunk'))!;
    const before = events.length;
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => store.createRef('acme', 'lib', 'refs/heads/race', sha, 'tester')));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const reasons = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as GitStoreError).code] : []));
    expect(reasons).toEqual(['ref-exists', 'ref-exists', 'ref-exists', 'ref-exists']);
    expect(events.slice(before)).toEqual([{ owner: 'acme', repo: 'lib', via: 'api', actor: 'tester', changes: [{ ref: 'refs/heads/race', before: null, after: sha, forced: false }] }]);
  });

  it('writes files with a compare-and-swap on the blob and merges without a work tree', async () => {
    const first = await store.writeFile('acme', 'lib', 'trunk', 'a.txt', Buffer.from('a2\n'), { message: 'a2', author: { name: 'T', email: 't@example.com' }, expectedBlob: (await store.statPath('acme', 'lib', 'trunk', 'a.txt'))!.sha }, null);
    expect(first.created).toBe(false);
    await expect(store.writeFile('acme', 'lib', 'trunk', 'a.txt', Buffer.from('x'), { message: 'x', author: { name: 'T', email: 't@example.com' } }, null)).rejects.toMatchObject({ code: 'sha-mismatch' });
    await store.writeFile('acme', 'lib', 'race', 'c.txt', Buffer.from('c\n'), { message: 'c', author: { name: 'T', email: 't@example.com' } }, null);
    const merged = await store.merge('acme', 'lib', 'trunk', 'race', 'Merge race', { name: 'T', email: 't@example.com' }, null);
    expect(merged.kind).toBe('merged');
    if (merged.kind !== 'merged') return;
    expect(merged.commit.parents).toEqual([first.commit.sha, (await store.resolveCommit('acme', 'lib', 'race'))!]);
    const tree = await store.readPath('acme', 'lib', merged.commit.sha, '');
    expect(tree?.kind === 'dir' && tree.entries.map((e) => e.path)).toEqual(['a.txt', 'c.txt', 'dir']);
    expect((await store.merge('acme', 'lib', 'trunk', 'race', undefined, { name: 'T', email: 't@example.com' }, null)).kind).toBe('nothing-to-merge');
    expect(await store.merge('acme', 'lib', 'nope', 'race', undefined, { name: 'T', email: 't@example.com' }, null)).toEqual({ kind: 'missing', which: 'base' });
  });
});
