/**
 * The oci target against Debian's docker-registry (with basic auth, behind a counting proxy):
 * push a layout built with buildOciImage and read the manifest back, a re-run that writes
 * nothing, other content under the version tag (hard failure), prereleases without `latest`,
 * refused credentials, and a zipped layout.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TargetConfig } from '../../../src/config/publish-config.js';
import type { GitHubPort } from '../../../src/github/port.js';
import { PublishedDifferentError, RegistryError } from '../../../src/publisher/errors.js';
import type { TargetContext } from '../../../src/publisher/target.js';
import { ociTags, ociTarget, readLayout } from '../../../src/publisher/targets/oci.js';
import { writeZip } from '../../sandbox/github/zip.js';
import { requireContainerRegistry, type ContainerRegistry } from '../../sandbox/registries/container-registry.js';
import { buildOciImage, readManifest, ustar, type OciImage } from '../../sandbox/registries/oci-layout.js';
import { artifactFiles, layoutFiles, loadCraft, makeRequest, recordingLogger, startCountingProxy, steppingClock, type CountingProxy } from './helpers.js';

const auth = { user: 'ci', password: 'registry-secret-1' };
let registry: ContainerRegistry;
let proxy: CountingProxy;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oci-target-'));
  registry = await requireContainerRegistry({ auth });
  proxy = await startCountingProxy(registry.url);
});

afterAll(async () => {
  await proxy?.close();
  await registry?.close();
  await rm(dir, { recursive: true, force: true });
});

/**
 * A registry front that speaks token auth the way Docker Hub and GHCR do: 401 with a Bearer
 * challenge, a token service that wants basic credentials, then requests with the bearer token
 * (forwarded to the real registry with its own basic credentials).
 */
async function startTokenFront(upstream: ContainerRegistry): Promise<{ host: string; tokensIssued: () => number; close(): Promise<void> }> {
  let issued = 0;
  const bearer = 'bearer-token-for-tests';
  const server: Server = createServer((req, res) => {
    const host = req.headers.host ?? '';
    if (req.url?.startsWith('/token')) {
      const url = new URL(req.url, `http://${host}`);
      const ok = req.headers.authorization === `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}` && url.searchParams.get('service') === 'front' && url.searchParams.get('scope') === 'repository:acme/app:pull,push';
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
      if (ok) issued += 1;
      res.end(JSON.stringify(ok ? { token: bearer } : { errors: [{ code: 'UNAUTHORIZED' }] }));
      return;
    }
    if (req.headers.authorization !== `Bearer ${bearer}`) {
      req.resume();
      res.writeHead(401, { 'www-authenticate': `Bearer realm="http://${host}/token",service="front",scope="repository:acme/app:pull,push"`, 'content-type': 'application/json' });
      res.end('{"errors":[{"code":"UNAUTHORIZED"}]}');
      return;
    }
    const target = new URL(upstream.url);
    const forward = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, authorization: `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}` } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(forward);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return {
    host: `127.0.0.1:${address.port}`,
    tokensIssued: () => issued,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((done) => server.close(() => done()));
    },
  };
}

let counter = 0;
async function context(image: OciImage, version: string, options: { env?: Record<string, string>; zip?: boolean; host?: string; auth?: string } = {}): Promise<TargetContext<'oci'>> {
  const config = loadCraft(`targets:\n  - name: oci\n    registry: "${options.host ?? proxy.host}"\n    image: acme/app\n    artifact: /\\.oci\\.(tar|zip)$/\n    auth: ${options.auth ?? 'basic'}\n`).targets[0] as TargetConfig & { name: 'oci' };
  const workDir = join(dir, `run-${++counter}`);
  const bytes = options.zip ? writeZip(layoutFiles(image)) : ustar(layoutFiles(image));
  const artifacts = await artifactFiles(join(workDir, 'artifacts'), { [`app.oci.${options.zip ? 'zip' : 'tar'}`]: bytes, 'other.txt': 'not an image' });
  return {
    id: 'oci',
    unit: null,
    config,
    options: config.options,
    request: makeRequest(['oci'], { version }),
    productRepo: { owner: 'acme', repo: 'widget' },
    version,
    prerelease: version.includes('-'),
    tagPrefix: '',
    artifacts,
    env: options.env ?? { OCI_USERNAME: auth.user, OCI_PASSWORD: auth.password },
    github: {} as GitHubPort,
    log: recordingLogger(),
    clock: steppingClock(),
    workDir,
    defaults: {},
  };
}

const writes = (): number => proxy.requests.filter((r) => /^(PUT|POST|PATCH) /.test(r)).length;

describe('oci target', () => {
  const image = buildOciImage({ 'hello.txt': 'hello 1.0.0\n' }, { ref: '1.0.0' });

  it('pushes a layout with basic auth; the registry serves the same manifest digest under every tag', async () => {
    const ctx = await context(image, '1.0.0');
    expect(await ociTarget.isPublished(ctx)).toEqual({ published: false });
    const result = await ociTarget.publish(ctx);
    expect(result.location).toBe(`${proxy.host}/acme/app@${image.manifest.digest}`);
    await ociTarget.verify(ctx);
    for (const tag of ['1.0.0', 'latest']) expect((await readManifest(registry.url, 'acme/app', tag, auth)).digest).toBe(image.manifest.digest);
  });

  it('a re-run finds it published and writes nothing', async () => {
    const before = writes();
    const ctx = await context(image, '1.0.0', { zip: true });
    expect(await ociTarget.isPublished(ctx)).toEqual({ published: true, location: `${proxy.host}/acme/app@${image.manifest.digest}` });
    expect(writes()).toBe(before);
  });

  it('refuses other content under the version tag', async () => {
    const other = buildOciImage({ 'hello.txt': 'something else\n' }, { ref: '1.0.0' });
    const error = await ociTarget.isPublished(await context(other, '1.0.0')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishedDifferentError);
    expect((error as Error).message).toContain(`acme/app:1.0.0 already exists with different content (digest ${image.manifest.digest} ≠ ${other.manifest.digest})`);
  });

  it('pushes a prerelease without moving latest', async () => {
    const rc = buildOciImage({ 'hello.txt': 'rc\n' }, { ref: '1.1.0-rc.1' });
    const ctx = await context(rc, '1.1.0-rc.1');
    await ociTarget.publish(ctx);
    await ociTarget.verify(ctx);
    expect((await readManifest(registry.url, 'acme/app', '1.1.0-rc.1', auth)).digest).toBe(rc.manifest.digest);
    expect((await readManifest(registry.url, 'acme/app', 'latest', auth)).digest).toBe(image.manifest.digest);
  });

  it('reports refused credentials as a 401 without the password', async () => {
    const ctx = await context(buildOciImage({ 'x.txt': 'x' }), '3.0.0', { env: { OCI_USERNAME: 'ci', OCI_PASSWORD: 'wrong-password' } });
    const error = await ociTarget.publish(ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect((error as Error).message).toMatch(/answered 401: the credentials in OCI_USERNAME\/OCI_PASSWORD were refused/);
    expect((error as Error).message).not.toContain('wrong-password');
  });

  it('follows a Bearer challenge: fetches a token with the basic credentials and pushes with it', async () => {
    const front = await startTokenFront(registry);
    try {
      const tokenImage = buildOciImage({ 'hello.txt': 'token auth\n' });
      const ctx = await context(tokenImage, '4.0.0', { host: front.host, auth: 'token' });
      expect(await ociTarget.isPublished(ctx)).toEqual({ published: false });
      await ociTarget.publish(ctx);
      await ociTarget.verify(ctx);
      expect((await readManifest(registry.url, 'acme/app', '4.0.0', auth)).digest).toBe(tokenImage.manifest.digest);
      expect(front.tokensIssued()).toBeGreaterThan(0);
    } finally {
      await front.close();
    }
  });

  it('expands tags: {version} first, latest left out for prereleases, + replaced', () => {
    expect(ociTags(['latest', '{version}', 'v{version}'], '1.2.3', false)).toEqual(['1.2.3', 'v1.2.3', 'latest']);
    expect(ociTags(['latest', '{version}'], '1.2.3-rc.1+b7', true)).toEqual(['1.2.3-rc.1_b7']);
  });

  it('reads a layout nested in one folder of a tar, and refuses one whose blob does not match its digest', () => {
    const nested = Object.fromEntries(Object.entries(layoutFiles(image)).map(([k, v]) => [`image/${k}`, v]));
    expect(readLayout(ustar(nested), 'nested.tar').root.digest).toBe(image.manifest.digest);
    const broken = layoutFiles(image);
    broken[`blobs/sha256/${image.config.digest.slice(7)}`] = 'tampered';
    expect(() => readLayout(ustar(broken), 'broken.tar')).toThrow(/does not match its digest/);
  });
});
