/**
 * The `oci` target: pushes an OCI image layout artifact (a tar, tar.gz or zip of the layout
 * folder) to a container registry over the Distribution HTTP API, with global fetch:
 * HEAD blob → POST upload → PUT ?digest (monolithic), then PUT manifest for every tag.
 *
 * Auth follows the registry's challenges: with `basic`, credentials are sent up front; a 401 with
 * `WWW-Authenticate: Bearer realm=…,service=…,scope=…` fetches a token (with the basic
 * credentials when there are any) and retries once. The manifest bytes are pushed exactly as the
 * layout holds them, so the registry's digest equals the layout's and can be compared afterwards.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { TARGET_OPTION_SCHEMAS } from '../../config/target-options.js';
import { isZip, readTar, readZip, type ArchiveEntry } from '../archive.js';
import { PublishedDifferentError, RegistryError, TargetSetupError } from '../errors.js';
import type { ArtifactFile, PublishTarget, TargetContext } from '../target.js';

type Ctx = TargetContext<'oci'>;

const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const DOCKER_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
const MANIFEST_TYPES = ['application/vnd.oci.image.manifest.v1+json', OCI_INDEX, 'application/vnd.docker.distribution.manifest.v2+json', DOCKER_LIST];

interface Descriptor {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
}

/** An image layout read into memory. */
export interface OciLayout {
  readonly blobs: ReadonlyMap<string, Buffer>;
  /** The top manifest (or index) the tags point at. */
  readonly root: Descriptor;
}

function digestOf(data: Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** Reads an OCI image layout from a tar/tar.gz/zip; the layout may sit in one top folder. */
export function readLayout(data: Buffer, fileName: string): OciLayout {
  const entries: ArchiveEntry[] = isZip(data) ? readZip(data) : readTar(data);
  const marker = entries.find((e) => e.path === 'oci-layout' || e.path.endsWith('/oci-layout'));
  if (!marker) throw new TargetSetupError(`oci: ${fileName} is not an OCI image layout (no oci-layout file)`, 'export the image as an OCI layout (e.g. `docker buildx build --output type=oci`)');
  const base = marker.path.slice(0, -'oci-layout'.length);
  const files = new Map(entries.filter((e) => e.path.startsWith(base)).map((e) => [e.path.slice(base.length), e.data]));
  const indexBytes = files.get('index.json');
  if (!indexBytes) throw new TargetSetupError(`oci: ${fileName} has no index.json`);
  const blobs = new Map<string, Buffer>();
  for (const [path, bytes] of files) {
    const m = /^blobs\/sha256\/([0-9a-f]{64})$/.exec(path);
    if (!m) continue;
    const digest = `sha256:${m[1]}`;
    if (digestOf(bytes) !== digest) throw new TargetSetupError(`oci: blob ${path} in ${fileName} does not match its digest`);
    blobs.set(digest, bytes);
  }
  const index = JSON.parse(indexBytes.toString('utf8')) as { manifests?: Descriptor[] };
  const manifests = index.manifests ?? [];
  if (manifests.length !== 1) throw new TargetSetupError(`oci: ${fileName} has ${manifests.length} manifests in index.json; exactly one image (or one image index) is expected`);
  const root = manifests[0] as Descriptor;
  if (!blobs.has(root.digest)) throw new TargetSetupError(`oci: ${fileName} lacks the blob of its manifest ${root.digest}`);
  return { blobs, root };
}

/** The blobs a manifest or index needs, children (manifests of an index) before their parents. */
function pushOrder(layout: OciLayout, descriptor: Descriptor): { blobs: Descriptor[]; manifests: Descriptor[] } {
  const bytes = layout.blobs.get(descriptor.digest);
  if (!bytes) throw new TargetSetupError(`oci: the layout lacks blob ${descriptor.digest}`);
  const parsed = JSON.parse(bytes.toString('utf8')) as { mediaType?: string; manifests?: Descriptor[]; config?: Descriptor; layers?: Descriptor[] };
  const mediaType = parsed.mediaType ?? descriptor.mediaType;
  if (mediaType === OCI_INDEX || mediaType === DOCKER_LIST) {
    const out = { blobs: [] as Descriptor[], manifests: [] as Descriptor[] };
    for (const child of parsed.manifests ?? []) {
      const sub = pushOrder(layout, child);
      out.blobs.push(...sub.blobs);
      out.manifests.push(...sub.manifests);
    }
    out.manifests.push({ ...descriptor, mediaType });
    return out;
  }
  const blobs = [...(parsed.config ? [parsed.config] : []), ...(parsed.layers ?? [])];
  for (const blob of blobs) if (!layout.blobs.has(blob.digest)) throw new TargetSetupError(`oci: the layout lacks blob ${blob.digest}`);
  return { blobs, manifests: [{ ...descriptor, mediaType }] };
}

/** The tags to push: `{version}` replaced, `latest` left out for prereleases, version tags first. */
export function ociTags(tags: readonly string[], version: string, prerelease: boolean): string[] {
  // Semver build metadata (`+`) is not allowed in tags; registries conventionally use `_`.
  const expanded = tags.map((t) => ({ tag: t.split('{version}').join(version.replace(/\+/g, '_')), versioned: t.includes('{version}') })).filter((t) => !(prerelease && t.tag === 'latest'));
  return [...new Set([...expanded.filter((t) => t.versioned), ...expanded.filter((t) => !t.versioned)].map((t) => t.tag))];
}

/** Tags that name this version (a different digest there is a conflict, unlike on `latest`). */
function versionTags(ctx: Ctx): string[] {
  const version = ctx.version.replace(/\+/g, '_');
  return ociTags(ctx.options.tags, ctx.version, ctx.prerelease).filter((t) => t.includes(version));
}

function baseUrl(registry: string): string {
  // Loopback registries (tests, local mirrors) speak plain HTTP; anything else must be HTTPS.
  const host = registry.replace(/:\d+$/, '');
  return `${host === 'localhost' || host === '127.0.0.1' || host === '[::1]' ? 'http' : 'https'}://${registry}`;
}

/** An HTTP client for one registry and repository that answers auth challenges. */
class RegistryClient {
  private bearer: string | null = null;
  private readonly basic: string | null;
  /** Basic credentials go up front with `auth: basic`, and after a Basic challenge otherwise. */
  private sendBasic: boolean;

  constructor(
    private readonly ctx: Ctx,
    readonly base: string,
  ) {
    const user = ctx.env.OCI_USERNAME;
    const password = ctx.env.OCI_PASSWORD;
    this.basic = ctx.options.auth !== 'none' && user !== undefined && password !== undefined ? `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` : null;
    this.sendBasic = ctx.options.auth === 'basic';
  }

  async request(method: string, url: string, init: { headers?: Record<string, string>; body?: Buffer } = {}): Promise<Response> {
    const send = (): Promise<Response> => {
      const headers: Record<string, string> = { ...init.headers };
      if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
      else if (this.basic && this.sendBasic) headers.authorization = this.basic;
      return fetch(url, { method, headers, ...(init.body ? { body: init.body } : {}), redirect: 'follow', signal: AbortSignal.timeout(10 * 60 * 1000) });
    };
    const attempt = async (): Promise<Response> => {
      try {
        return await send();
      } catch (error) {
        throw new RegistryError(`oci: ${method} ${url} failed: ${(error as Error).message}`);
      }
    };
    const response = await attempt();
    if (response.status !== 401) return response;
    const challenge = response.headers.get('www-authenticate') ?? '';
    await response.arrayBuffer();
    if (/^bearer\s/i.test(challenge)) await this.fetchToken(challenge);
    else if (/^basic\s/i.test(challenge) && this.basic && !this.sendBasic) this.sendBasic = true;
    else this.fail401(method, url);
    const retried = await attempt();
    if (retried.status === 401) {
      await retried.arrayBuffer();
      this.fail401(method, url);
    }
    return retried;
  }

  private fail401(method: string, url: string): never {
    const creds = this.basic ? 'the credentials in OCI_USERNAME/OCI_PASSWORD were refused' : 'no credentials were given (set OCI_USERNAME and OCI_PASSWORD, or auth: none)';
    throw new RegistryError(`oci: ${method} ${url} answered 401: ${creds}`, 401);
  }

  private async fetchToken(challenge: string): Promise<void> {
    const params = new Map<string, string>();
    for (const m of challenge.replace(/^bearer\s+/i, '').matchAll(/([A-Za-z]+)="([^"]*)"/g)) params.set((m[1] as string).toLowerCase(), m[2] as string);
    const realm = params.get('realm');
    if (!realm) throw new RegistryError(`oci: the registry asked for a bearer token without a realm: ${challenge}`, 401);
    const url = new URL(realm);
    for (const key of ['service', 'scope']) {
      const value = params.get(key);
      if (value) url.searchParams.set(key, value);
    }
    const response = await fetch(url, { headers: this.basic ? { authorization: this.basic } : {}, signal: AbortSignal.timeout(60_000) });
    const text = await response.text();
    if (!response.ok) throw new RegistryError(`oci: the token service ${url.origin}${url.pathname} answered ${response.status}: ${text.slice(0, 200)}`, response.status);
    const body = JSON.parse(text) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token) throw new RegistryError(`oci: the token service ${url.origin}${url.pathname} answered no token`);
    this.bearer = token;
  }
}

async function layoutOf(ctx: Ctx): Promise<{ file: ArtifactFile; layout: OciLayout }> {
  const pattern = ctx.options.artifact;
  const candidates: { file: ArtifactFile; layout: OciLayout }[] = [];
  for (const file of ctx.artifacts) {
    if (pattern ? !pattern.test(file.name) : !/\.(tar|tar\.gz|tgz|zip)$/.test(file.name)) continue;
    const data = await readFile(file.path);
    try {
      candidates.push({ file, layout: readLayout(data, file.name) });
    } catch (error) {
      if (pattern) throw error;
    }
  }
  if (candidates.length !== 1) {
    throw new TargetSetupError(
      `oci: ${candidates.length === 0 ? 'no' : `${candidates.length}`} OCI image layout artifact${candidates.length === 1 ? '' : 's'} found${pattern ? ` matching ${String(pattern)}` : ''} (artifacts: ${ctx.artifacts.map((a) => a.name).join(', ') || 'none'})`,
      'upload exactly one OCI image layout (tar or zip) and point the target at it with `artifact: /regex/`',
    );
  }
  return candidates[0] as { file: ArtifactFile; layout: OciLayout };
}

async function manifestDigest(client: RegistryClient, ctx: Ctx, tag: string): Promise<string | null> {
  const url = `${client.base}/v2/${ctx.options.image}/manifests/${encodeURIComponent(tag)}`;
  const response = await client.request('GET', url, { headers: { accept: MANIFEST_TYPES.join(', ') } });
  const bytes = Buffer.from(await response.arrayBuffer());
  if (response.status === 404) return null;
  if (!response.ok) throw new RegistryError(`oci: GET ${url} answered ${response.status}: ${bytes.toString('utf8').slice(0, 300)}`, response.status);
  return response.headers.get('docker-content-digest') ?? digestOf(bytes);
}

async function pushBlob(client: RegistryClient, ctx: Ctx, layout: OciLayout, blob: Descriptor): Promise<void> {
  const repo = `${client.base}/v2/${ctx.options.image}`;
  const head = await client.request('HEAD', `${repo}/blobs/${blob.digest}`);
  await head.arrayBuffer();
  if (head.ok) return;
  const start = await client.request('POST', `${repo}/blobs/uploads/`);
  const startText = await start.text();
  if (start.status !== 202) throw new RegistryError(`oci: starting the upload of ${blob.digest} answered ${start.status}: ${startText.slice(0, 300)}`, start.status);
  const location = start.headers.get('location');
  if (!location) throw new RegistryError('oci: the registry started an upload without a Location');
  const target = new URL(location, client.base);
  target.searchParams.set('digest', blob.digest);
  const data = layout.blobs.get(blob.digest) as Buffer;
  const put = await client.request('PUT', target.toString(), { headers: { 'content-type': 'application/octet-stream', 'content-length': String(data.length) }, body: data });
  const putText = await put.text();
  if (put.status !== 201 && put.status !== 204) throw new RegistryError(`oci: uploading ${blob.digest} answered ${put.status}: ${putText.slice(0, 300)}`, put.status);
}

async function pushManifest(client: RegistryClient, ctx: Ctx, layout: OciLayout, manifest: Descriptor, reference: string): Promise<void> {
  const url = `${client.base}/v2/${ctx.options.image}/manifests/${encodeURIComponent(reference)}`;
  const data = layout.blobs.get(manifest.digest) as Buffer;
  const response = await client.request('PUT', url, { headers: { 'content-type': manifest.mediaType }, body: data });
  const text = await response.text();
  if (response.status !== 201 && response.status !== 200) throw new RegistryError(`oci: PUT manifest ${reference} answered ${response.status}: ${text.slice(0, 300)}`, response.status);
  const digest = response.headers.get('docker-content-digest');
  if (digest && digest !== manifest.digest) throw new RegistryError(`oci: the registry stored manifest ${reference} as ${digest}, not ${manifest.digest}`);
}

function location(ctx: Ctx, digest: string): string {
  return `${ctx.options.registry}/${ctx.options.image}@${digest}`;
}

/** The `oci` target. */
export const ociTarget: PublishTarget<'oci'> = {
  name: 'oci',
  optionsSchema: TARGET_OPTION_SCHEMAS.oci,
  secrets: [
    { name: 'OCI_USERNAME', required: false, description: 'registry user (auth: basic or token)' },
    { name: 'OCI_PASSWORD', required: false, description: 'registry password or access token (auth: basic or token)' },
  ],

  async expandIds(_options, context) {
    return [context.config.targetId];
  },

  async isPublished(ctx) {
    const { layout } = await layoutOf(ctx);
    const client = new RegistryClient(ctx, baseUrl(ctx.options.registry));
    const tags = ociTags(ctx.options.tags, ctx.version, ctx.prerelease);
    let all = true;
    for (const tag of tags) {
      const digest = await manifestDigest(client, ctx, tag);
      if (digest === layout.root.digest) continue;
      all = false;
      if (digest !== null && versionTags(ctx).includes(tag)) {
        throw new PublishedDifferentError(`${ctx.options.registry}/${ctx.options.image}:${tag} already exists with different content (digest ${digest} ≠ ${layout.root.digest})`);
      }
    }
    return all ? { published: true, location: location(ctx, layout.root.digest) } : { published: false };
  },

  async publish(ctx) {
    if (ctx.options.auth !== 'none' && (ctx.env.OCI_USERNAME === undefined || ctx.env.OCI_PASSWORD === undefined)) {
      throw new TargetSetupError(`oci: auth is ${ctx.options.auth}, but OCI_USERNAME or OCI_PASSWORD is not set`, 'add both secrets to the control repo, or set auth: none');
    }
    const { layout } = await layoutOf(ctx);
    const client = new RegistryClient(ctx, baseUrl(ctx.options.registry));
    const order = pushOrder(layout, layout.root);
    const seen = new Set<string>();
    for (const blob of order.blobs) {
      if (seen.has(blob.digest)) continue;
      seen.add(blob.digest);
      await pushBlob(client, ctx, layout, blob);
    }
    // Children of an index go by digest; the root goes under every tag.
    for (const manifest of order.manifests.slice(0, -1)) await pushManifest(client, ctx, layout, manifest, manifest.digest);
    const root = order.manifests[order.manifests.length - 1] as Descriptor;
    for (const tag of ociTags(ctx.options.tags, ctx.version, ctx.prerelease)) await pushManifest(client, ctx, layout, root, tag);
    return { location: location(ctx, layout.root.digest) };
  },

  async verify(ctx) {
    const { layout } = await layoutOf(ctx);
    const client = new RegistryClient(ctx, baseUrl(ctx.options.registry));
    for (const tag of ociTags(ctx.options.tags, ctx.version, ctx.prerelease)) {
      const digest = await manifestDigest(client, ctx, tag);
      if (digest !== layout.root.digest) throw new RegistryError(`oci: ${ctx.options.image}:${tag} has digest ${digest ?? 'none'} after pushing, not ${layout.root.digest}`);
    }
  },

  async describe(ctx) {
    const { file, layout } = await layoutOf(ctx);
    return `${file.name} (${layout.root.digest}) to ${ctx.options.registry}/${ctx.options.image} as ${ociTags(ctx.options.tags, ctx.version, ctx.prerelease).join(', ')}`;
  },
};
