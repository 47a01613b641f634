/**
 * Tiny OCI images for tests: an image layout (one gzipped tar layer, a config blob, a manifest, an
 * `index.json` and `oci-layout`) built from a map of files, byte-for-byte reproducible, in memory
 * or on disk. This is the input shape of the publisher's `oci` target; pushing belongs to the
 * product. `readManifest` reads a pushed manifest back for assertions.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
export const OCI_LAYER_GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';
const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
const REF_NAME = 'org.opencontainers.image.ref.name';

/** A content-addressed blob. */
export interface OciBlob {
  mediaType: string;
  /** `sha256:<hex>` of `data`. */
  digest: string;
  size: number;
  data: Buffer;
}

/** An image as an OCI layout holds it. */
export interface OciImage {
  config: OciBlob;
  layers: OciBlob[];
  /** The manifest blob; its digest is what a registry answers as `docker-content-digest`. */
  manifest: OciBlob;
  /** The `index.json` of the layout (one manifest, tagged with `org.opencontainers.image.ref.name`). */
  index: { schemaVersion: 2; mediaType: string; manifests: { mediaType: string; digest: string; size: number; annotations: Record<string, string> }[] };
  /** Every blob of the layout: config, layers, manifest. */
  blobs: OciBlob[];
}

/** Options of `buildOciImage`. */
export interface OciImageOptions {
  /** The tag recorded in `index.json` (`org.opencontainers.image.ref.name`); default `latest`. */
  ref?: string;
  architecture?: string;
  os?: string;
  /** Unix seconds for the tar entries and the config's `created`; default 0, for reproducible digests. */
  mtime?: number;
  /** Manifest annotations, e.g. `org.opencontainers.image.version`. */
  annotations?: Record<string, string>;
}

/** `sha256:<hex>` of some bytes. */
export function sha256Digest(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

function blob(mediaType: string, data: Buffer): OciBlob {
  return { mediaType, digest: sha256Digest(data), size: data.length, data };
}

/** Builds an image with one layer holding `files` (path → content); reproducible for the same input. */
export function buildOciImage(files: Record<string, string | Buffer>, options: OciImageOptions = {}): OciImage {
  const mtime = options.mtime ?? 0;
  const tar = ustar(files, mtime);
  const layer = blob(OCI_LAYER_GZIP, gzipSync(tar, { level: 9 }));
  const configJson = {
    created: new Date(mtime * 1000).toISOString(),
    architecture: options.architecture ?? 'amd64',
    os: options.os ?? 'linux',
    config: {},
    rootfs: { type: 'layers', diff_ids: [sha256Digest(tar)] },
    history: [{ created: new Date(mtime * 1000).toISOString(), created_by: 'publish-approval sandbox oci-layout' }],
  };
  const config = blob(OCI_CONFIG, Buffer.from(JSON.stringify(configJson)));
  const manifestJson = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: config.mediaType, digest: config.digest, size: config.size },
    layers: [{ mediaType: layer.mediaType, digest: layer.digest, size: layer.size }],
    ...(options.annotations ? { annotations: options.annotations } : {}),
  };
  const manifest = blob(OCI_MANIFEST, Buffer.from(JSON.stringify(manifestJson)));
  const index = {
    schemaVersion: 2 as const,
    mediaType: OCI_INDEX,
    manifests: [{ mediaType: OCI_MANIFEST, digest: manifest.digest, size: manifest.size, annotations: { [REF_NAME]: options.ref ?? 'latest' } }],
  };
  return { config, layers: [layer], manifest, index, blobs: [config, layer, manifest] };
}

/** Writes an image as an OCI image layout folder (`oci-layout`, `index.json`, `blobs/sha256/*`). */
export async function writeOciLayout(dir: string, image: OciImage): Promise<void> {
  await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true });
  await writeFile(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  await writeFile(join(dir, 'index.json'), JSON.stringify(image.index));
  for (const b of image.blobs) await writeFile(join(dir, 'blobs', 'sha256', b.digest.slice('sha256:'.length)), b.data);
}

/**
 * A ustar archive of regular files (sorted by path, mode 0644, uid/gid 0). Paths up to 255 bytes
 * are split into ustar's prefix and name fields; longer ones are refused.
 */
export function ustar(files: Record<string, string | Buffer>, mtime = 0): Buffer {
  const parts: Buffer[] = [];
  for (const path of Object.keys(files).sort()) {
    const content = files[path];
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content ?? '', 'utf8');
    parts.push(tarHeader(path, data.length, mtime), data);
    const pad = (512 - (data.length % 512)) % 512;
    if (pad) parts.push(Buffer.alloc(pad));
  }
  parts.push(Buffer.alloc(1024)); // two zero blocks end the archive
  return Buffer.concat(parts);
}

function tarHeader(path: string, size: number, mtime: number): Buffer {
  const clean = path.replace(/^\.?\/+/, '');
  if (!clean || clean.split('/').includes('..')) throw new Error(`ustar: unsafe path ${JSON.stringify(path)}`);
  let name = clean;
  let prefix = '';
  if (Buffer.byteLength(clean) > 100) {
    const cut = clean.lastIndexOf('/', 155);
    if (cut <= 0 || Buffer.byteLength(clean.slice(cut + 1)) > 100 || Buffer.byteLength(clean.slice(0, cut)) > 155) {
      throw new Error(`ustar: path too long for ustar: ${path}`);
    }
    prefix = clean.slice(0, cut);
    name = clean.slice(cut + 1);
  }
  const header = Buffer.alloc(512);
  const put = (text: string, offset: number, length: number): void => {
    header.write(text, offset, length, 'utf8');
  };
  const octal = (value: number, offset: number, length: number): void => {
    put(`${value.toString(8).padStart(length - 1, '0')}\0`, offset, length);
  };
  put(name, 0, 100);
  octal(0o644, 100, 8);
  octal(0, 108, 8); // uid
  octal(0, 116, 8); // gid
  octal(size, 124, 12);
  octal(mtime, 136, 12);
  put('        ', 148, 8); // checksum counts as spaces while it is computed
  put('0', 156, 1); // regular file
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  put('root', 265, 32);
  put('root', 297, 32);
  put(prefix, 345, 155);
  let sum = 0;
  for (const byte of header) sum += byte;
  put(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
  return header;
}

/** The `authorization` header for basic auth, or none. */
export function basicAuth(auth?: { user: string; password: string }): Record<string, string> {
  return auth ? { authorization: `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}` } : {};
}

/** GETs `/v2/<name>/manifests/<tag>` and returns the registry's digest and the parsed manifest. */
export async function readManifest(
  registryUrl: string,
  name: string,
  tag: string,
  auth?: { user: string; password: string },
): Promise<{ digest: string; mediaType: string; manifest: Record<string, unknown>; bytes: Buffer }> {
  const url = `${registryUrl.replace(/\/+$/, '')}/v2/${name}/manifests/${encodeURIComponent(tag)}`;
  const response = await fetch(url, { headers: { accept: [OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST].join(', '), ...basicAuth(auth) } });
  const bytes = Buffer.from(await response.arrayBuffer());
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}: ${bytes.toString('utf8').slice(0, 500)}`);
  const digest = response.headers.get('docker-content-digest');
  if (!digest) throw new Error(`GET ${url}: no docker-content-digest header`);
  return {
    digest,
    mediaType: response.headers.get('content-type') ?? '',
    manifest: JSON.parse(bytes.toString('utf8')) as Record<string, unknown>,
    bytes,
  };
}
