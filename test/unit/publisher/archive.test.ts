/** The zip and tar readers: round trips with real archives, and refusal of paths that escape. */
import { describe, expect, it } from '@jest/globals';
import { gzipSync } from 'node:zlib';
import { ArchiveError, readTar, readZip, safeEntryPath } from '../../../src/publisher/archive.js';
import { writeZip } from '../../sandbox/github/zip.js';
import { ustar } from '../../sandbox/registries/oci-layout.js';

describe('readZip', () => {
  it('reads deflated entries back', () => {
    const zip = writeZip({ 'a.txt': 'hello', 'dir/b.bin': Buffer.from([0, 1, 2, 255]) });
    const entries = readZip(zip);
    expect(entries.map((e) => e.path)).toEqual(['a.txt', 'dir/b.bin']);
    expect(entries[0]?.data.toString()).toBe('hello');
    expect([...(entries[1]?.data ?? [])]).toEqual([0, 1, 2, 255]);
  });

  it('refuses entries that climb out or are absolute', () => {
    expect(() => readZip(writeZip({ '../evil.txt': 'x' }))).toThrow(ArchiveError);
    expect(() => readZip(writeZip({ 'a/../../evil.txt': 'x' }))).toThrow(/climbs out/);
    expect(() => readZip(writeZip({ '/etc/passwd': 'x' }))).toThrow(/absolute/);
  });

  it('refuses a corrupted archive', () => {
    const zip = writeZip({ 'a.txt': 'hello hello hello' });
    expect(() => readZip(zip.subarray(0, 20))).toThrow(ArchiveError);
  });
});

describe('readTar', () => {
  it('reads plain and gzipped ustar archives', () => {
    const tar = ustar({ 'package/package.json': '{"name":"x"}', 'package/lib/index.js': 'ok' });
    for (const archive of [tar, gzipSync(tar)]) {
      const entries = readTar(archive);
      expect(entries.map((e) => e.path).sort()).toEqual(['package/lib/index.js', 'package/package.json']);
    }
  });

  it('normalises ./ prefixes and refuses ..', () => {
    expect(safeEntryPath('./a/./b')).toBe('a/b');
    expect(() => safeEntryPath('a/../../b')).toThrow(ArchiveError);
    expect(() => safeEntryPath('C:/x')).toThrow(/absolute/);
  });
});
