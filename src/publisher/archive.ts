/**
 * Small readers for the archives the publisher meets: zip (Actions artifacts, zipped OCI layouts)
 * and tar, optionally gzipped (npm tarballs, OCI layouts). node:zlib only, no dependency. Both
 * refuse entries that could escape a folder when written out (`..`, absolute paths, backslashes)
 * and bound the bytes they inflate, so a hostile archive costs at most `maxBytes` of memory.
 */
import { gunzipSync, inflateRawSync } from 'node:zlib';

/** One regular file of an archive. */
export interface ArchiveEntry {
  /** The path inside the archive, `/`-separated, without a leading `./`. */
  readonly path: string;
  readonly data: Buffer;
}

/** An archive that cannot be read or holds a path that could escape its folder. */
export class ArchiveError extends Error {
  override readonly name = 'ArchiveError';
}

/** Default bound on the inflated size of one archive: 2 GiB. */
export const DEFAULT_MAX_BYTES = 2 * 1024 * 1024 * 1024;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Normalises an entry path and refuses one that is absolute or climbs out (`..`). */
export function safeEntryPath(raw: string): string {
  if (raw.includes('\0')) throw new ArchiveError(`archive entry ${JSON.stringify(raw)} contains a NUL character`);
  if (raw.includes('\\')) throw new ArchiveError(`archive entry ${JSON.stringify(raw)} contains a backslash`);
  if (raw.startsWith('/') || /^[A-Za-z]:/.test(raw)) throw new ArchiveError(`archive entry ${JSON.stringify(raw)} is an absolute path`);
  const parts = raw.split('/').filter((part) => part !== '' && part !== '.');
  if (parts.includes('..')) throw new ArchiveError(`archive entry ${JSON.stringify(raw)} climbs out of its folder ("..")`);
  return parts.join('/');
}

/** Reads the regular files of a zip archive (stored or deflated entries), checking each CRC. */
export function readZip(archive: Buffer, maxBytes = DEFAULT_MAX_BYTES): ArchiveEntry[] {
  let end = -1;
  // The end record sits in the last 22 + 65535 bytes (its comment can be up to 64 KiB).
  for (let i = archive.length - 22; i >= Math.max(0, archive.length - 22 - 0xffff); i--) {
    if (archive.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new ArchiveError('not a zip archive: no end of central directory record');
  const count = archive.readUInt16LE(end + 10);
  let pos = archive.readUInt32LE(end + 16);
  const entries: ArchiveEntry[] = [];
  let total = 0;
  for (let i = 0; i < count; i++) {
    if (pos + 46 > archive.length || archive.readUInt32LE(pos) !== 0x02014b50) throw new ArchiveError(`zip: bad central directory entry ${i}`);
    const flags = archive.readUInt16LE(pos + 8);
    const method = archive.readUInt16LE(pos + 10);
    const crc = archive.readUInt32LE(pos + 16);
    const packedSize = archive.readUInt32LE(pos + 20);
    const size = archive.readUInt32LE(pos + 24);
    const nameLength = archive.readUInt16LE(pos + 28);
    const extraLength = archive.readUInt16LE(pos + 30);
    const commentLength = archive.readUInt16LE(pos + 32);
    const localOffset = archive.readUInt32LE(pos + 42);
    const rawName = archive.subarray(pos + 46, pos + 46 + nameLength).toString('utf8');
    pos += 46 + nameLength + extraLength + commentLength;
    if (rawName.endsWith('/')) {
      safeEntryPath(rawName);
      continue; // a directory entry
    }
    if (flags & 0x1) throw new ArchiveError(`zip: ${rawName} is encrypted`);
    if (packedSize === 0xffffffff || size === 0xffffffff) throw new ArchiveError(`zip: ${rawName} needs zip64, which is not supported`);
    const path = safeEntryPath(rawName);
    total += size;
    if (total > maxBytes) throw new ArchiveError(`zip: more than ${maxBytes} bytes once inflated`);
    if (localOffset + 30 > archive.length || archive.readUInt32LE(localOffset) !== 0x04034b50) throw new ArchiveError(`zip: bad local header for ${rawName}`);
    const dataStart = localOffset + 30 + archive.readUInt16LE(localOffset + 26) + archive.readUInt16LE(localOffset + 28);
    const packed = archive.subarray(dataStart, dataStart + packedSize);
    if (packed.length !== packedSize) throw new ArchiveError(`zip: ${rawName} is truncated`);
    let data: Buffer;
    try {
      if (method === 8) data = inflateRawSync(packed, { maxOutputLength: Math.max(1, size) });
      else if (method === 0) data = Buffer.from(packed);
      else throw new ArchiveError(`zip: unsupported compression method ${method} for ${rawName}`);
    } catch (error) {
      if (error instanceof ArchiveError) throw error;
      throw new ArchiveError(`zip: ${rawName} does not inflate to its declared ${size} bytes: ${(error as Error).message}`);
    }
    if (data.length !== size) throw new ArchiveError(`zip: ${rawName} inflates to ${data.length} bytes, not the declared ${size}`);
    if (crc32(data) !== crc) throw new ArchiveError(`zip: CRC mismatch for ${rawName}`);
    entries.push({ path, data });
  }
  return entries;
}

/** Whether bytes start like a gzip stream. */
export function isGzip(data: Buffer): boolean {
  return data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b;
}

/** Whether bytes start like a zip archive. */
export function isZip(data: Buffer): boolean {
  return data.length >= 4 && data.readUInt32LE(0) === 0x04034b50;
}

function field(block: Buffer, offset: number, length: number): string {
  const raw = block.subarray(offset, offset + length);
  const nul = raw.indexOf(0);
  return (nul < 0 ? raw : raw.subarray(0, nul)).toString('utf8');
}

function octal(block: Buffer, offset: number, length: number): number {
  const text = field(block, offset, length).trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw new ArchiveError(`tar: bad number field ${JSON.stringify(text)}`);
  return parseInt(text, 8);
}

/** PAX extended header records (`<len> key=value\n`). */
function paxRecords(data: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  let pos = 0;
  while (pos < data.length) {
    const space = data.indexOf(0x20, pos);
    if (space < 0) break;
    const length = Number(data.subarray(pos, space).toString('ascii'));
    if (!Number.isInteger(length) || length <= 0) break;
    const record = data.subarray(space + 1, pos + length - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq > 0) out.set(record.slice(0, eq), record.slice(eq + 1));
    pos += length;
  }
  return out;
}

/** Reads the regular files of a tar archive (ustar, pax and GNU long names), gunzipping it first when gzipped. */
export function readTar(archive: Buffer, maxBytes = DEFAULT_MAX_BYTES): ArchiveEntry[] {
  let tar: Buffer;
  try {
    tar = isGzip(archive) ? gunzipSync(archive, { maxOutputLength: maxBytes }) : archive;
  } catch (error) {
    throw new ArchiveError(`tar: cannot gunzip: ${(error as Error).message}`);
  }
  const entries: ArchiveEntry[] = [];
  let pos = 0;
  let longName: string | null = null;
  while (pos + 512 <= tar.length) {
    const header = tar.subarray(pos, pos + 512);
    if (header.every((byte) => byte === 0)) break;
    const size = octal(header, 124, 12);
    const type = String.fromCharCode(header[156] ?? 0x30);
    const dataStart = pos + 512;
    const data = tar.subarray(dataStart, dataStart + size);
    if (data.length !== size) throw new ArchiveError('tar: truncated archive');
    pos = dataStart + Math.ceil(size / 512) * 512;
    if (type === 'x') {
      longName = paxRecords(data).get('path') ?? longName;
      continue;
    }
    if (type === 'g') continue; // global pax defaults: nothing we need
    if (type === 'L') {
      longName = field(data, 0, data.length);
      continue;
    }
    const magic = field(header, 257, 6);
    const prefix = magic.startsWith('ustar') ? field(header, 345, 155) : '';
    const name = longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
    longName = null;
    if (type !== '0' && type !== '\0' && type !== '7') {
      // Directories, links and devices carry no bytes we publish; paths are still checked.
      safeEntryPath(name);
      continue;
    }
    entries.push({ path: safeEntryPath(name), data: Buffer.from(data) });
  }
  return entries;
}
