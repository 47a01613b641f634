/**
 * The real registries the sandbox offers: Verdaccio with the real npm CLI, and Debian's
 * docker-registry with the Distribution push protocol spoken by plain fetch. A missing
 * docker-registry fails this suite with the command that installs it (CI installs it).
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { filterNpmNoise, npmEnv, startVerdaccio, type VerdaccioRegistry } from './registries/verdaccio.js';
import { requireContainerRegistry, type ContainerRegistry, type RegistryCredentials } from './registries/container-registry.js';
import { basicAuth, buildOciImage, readManifest, sha256Digest, ustar, writeOciLayout, type OciImage } from './registries/oci-layout.js';

const run = promisify(execFile);

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command and returns its exit code and output (nodedir noise removed) instead of throwing. */
async function exec(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(command, args, { ...options, timeout: 30_000 });
    return { code: 0, stdout: filterNpmNoise(stdout), stderr: filterNpmNoise(stderr) };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: filterNpmNoise(e.stdout ?? ''), stderr: filterNpmNoise(e.stderr ?? '') };
  }
}

let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'registries-test-'));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('Verdaccio with the npm CLI', () => {
  let registry: VerdaccioRegistry;
  let pkg: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    registry = await startVerdaccio();
    const token = await registry.createUser('ci-bot', 'ci-bot-pass-123');
    const home = join(work, 'npm');
    pkg = join(work, 'tiny');
    await mkdir(home, { recursive: true });
    await mkdir(pkg, { recursive: true });
    await writeFile(join(home, '.npmrc'), registry.npmrc(token));
    await writeFile(join(pkg, 'package.json'), JSON.stringify({ name: '@acme/tiny', version: '1.0.0', main: 'index.js' }));
    await writeFile(join(pkg, 'index.js'), 'export const tiny = 1;\n');
    env = npmEnv({ userconfig: join(home, '.npmrc'), cache: join(home, 'cache') });
  });

  afterAll(async () => {
    await registry?.close();
  });

  it('listens on 127.0.0.1 and proxies nothing', async () => {
    expect(registry.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(registry.registryHost).toBe(registry.url.slice('http://'.length));
    const ping = await fetch(`${registry.url}/-/ping`);
    expect(ping.status).toBe(200);
    // No uplinks: a public package name is unknown here, and answers at once.
    const lodash = await fetch(`${registry.url}/lodash`);
    expect(lodash.status).toBe(404);
  });

  it('gives an existing user a fresh token with the same password', async () => {
    const again = await registry.createUser('ci-bot', 'ci-bot-pass-123');
    expect(again).toMatch(/\S{20,}/);
    await expect(registry.createUser('ci-bot', 'wrong-password')).rejects.toThrow(/answered 401/);
  });

  it('publishes with npm, reads back with npm view, refuses a second publish of the version', async () => {
    const published = await exec('npm', ['publish'], { cwd: pkg, env });
    expect(published).toMatchObject({ code: 0 });
    expect(published.stdout).toContain('+ @acme/tiny@1.0.0');

    const view = await exec('npm', ['view', '@acme/tiny', '--json'], { cwd: work, env });
    expect(view.code).toBe(0);
    const meta = JSON.parse(view.stdout) as { name: string; version: string; 'dist-tags': Record<string, string>; dist: { tarball: string } };
    expect(meta).toMatchObject({ name: '@acme/tiny', version: '1.0.0', 'dist-tags': { latest: '1.0.0' } });
    expect(meta.dist.tarball.startsWith(`${registry.url}/`)).toBe(true);

    const again = await exec('npm', ['publish'], { cwd: pkg, env });
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('cannot publish over the previously published versions: 1.0.0');
    expect(again.stderr).not.toContain('nodedir');
  });

  it('refuses a publish without a token', async () => {
    const anonymous = join(work, 'anonymous.npmrc');
    await writeFile(anonymous, `registry=${registry.url}/\n`);
    await writeFile(join(pkg, 'package.json'), JSON.stringify({ name: '@acme/tiny', version: '1.0.1' }));
    const refused = await exec('npm', ['publish'], { cwd: pkg, env: { ...env, npm_config_userconfig: anonymous } });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/E401|ENEEDAUTH|need auth/i);
  });
});

/** Pushes one blob the way the Distribution API documents it: HEAD, then POST + PUT when missing. */
async function pushBlob(base: string, name: string, blob: { digest: string; data: Buffer }, auth?: RegistryCredentials): Promise<'exists' | 'pushed'> {
  const head = await fetch(`${base}/v2/${name}/blobs/${blob.digest}`, { method: 'HEAD', headers: basicAuth(auth) });
  if (head.status === 200) return 'exists';
  expect(head.status).toBe(404);
  const start = await fetch(`${base}/v2/${name}/blobs/uploads/`, { method: 'POST', headers: basicAuth(auth) });
  await start.arrayBuffer();
  expect(start.status).toBe(202);
  const location = new URL(start.headers.get('location') ?? '', base);
  location.searchParams.set('digest', blob.digest);
  const put = await fetch(location, {
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream', ...basicAuth(auth) },
    body: blob.data,
  });
  await put.arrayBuffer();
  expect(put.status).toBe(201);
  expect(put.headers.get('docker-content-digest')).toBe(blob.digest);
  return 'pushed';
}

async function pushImage(base: string, name: string, tag: string, image: OciImage, auth?: RegistryCredentials): Promise<Response> {
  for (const blob of [image.config, ...image.layers]) await pushBlob(base, name, blob, auth);
  return fetch(`${base}/v2/${name}/manifests/${tag}`, {
    method: 'PUT',
    headers: { 'content-type': image.manifest.mediaType, ...basicAuth(auth) },
    body: image.manifest.data,
  });
}

describe('docker-registry with an OCI layout pushed by fetch', () => {
  let registry: ContainerRegistry;
  const image = buildOciImage({ 'hello.txt': 'hello from the sandbox\n', 'etc/release': 'VERSION=1.2.3\n' }, { ref: '1.2.3' });

  beforeAll(async () => {
    registry = await requireContainerRegistry();
  });

  afterAll(async () => {
    await registry?.close();
  });

  it('builds a reproducible layout with a valid ustar layer', async () => {
    const again = buildOciImage({ 'etc/release': 'VERSION=1.2.3\n', 'hello.txt': 'hello from the sandbox\n' }, { ref: '1.2.3' });
    expect(again.manifest.digest).toBe(image.manifest.digest);
    expect(image.index.manifests[0]).toMatchObject({ digest: image.manifest.digest, annotations: { 'org.opencontainers.image.ref.name': '1.2.3' } });

    const layout = join(work, 'layout');
    await writeOciLayout(layout, image);
    const tarFile = join(work, 'layer.tar.gz');
    await writeFile(tarFile, image.layers[0]?.data ?? Buffer.alloc(0));
    const listing = await exec('tar', ['-tzvf', tarFile], { cwd: work });
    expect(listing.code).toBe(0);
    expect(listing.stdout).toMatch(/-rw-r--r-- root\/root\s+14 1970-01-01 00:00 etc\/release/);
    expect(listing.stdout).toContain('hello.txt');
    const extracted = join(work, 'extracted');
    await mkdir(extracted);
    expect((await exec('tar', ['-xzf', tarFile, '-C', extracted], { cwd: work })).code).toBe(0);
    expect((await exec('cat', [join(extracted, 'hello.txt')], { cwd: work })).stdout).toBe('hello from the sandbox\n');
    // Long paths use ustar's prefix field.
    const deep = `${'d'.repeat(90)}/${'e'.repeat(90)}/file.txt`;
    const longTar = join(work, 'long.tar');
    await writeFile(longTar, ustar({ [deep]: 'x' }));
    expect((await exec('tar', ['-tf', longTar], { cwd: work })).stdout.trim()).toBe(deep);
    expect(sha256Digest(image.config.data)).toBe(image.config.digest);
  });

  it('answers /v2/ on 127.0.0.1', async () => {
    expect(registry.url).toBe(`http://${registry.host}`);
    expect(registry.host).toMatch(/^127\.0\.0\.1:\d+$/);
    const v2 = await fetch(`${registry.url}/v2/`);
    expect(v2.status).toBe(200);
  });

  it('takes a push (HEAD, POST uploads, PUT ?digest, PUT manifest) and reads it back with the same digest', async () => {
    const put = await pushImage(registry.url, 'acme/hello', '1.2.3', image);
    await put.arrayBuffer();
    expect(put.status).toBe(201);
    expect(put.headers.get('docker-content-digest')).toBe(image.manifest.digest);

    const read = await readManifest(registry.url, 'acme/hello', '1.2.3');
    expect(read.digest).toBe(image.manifest.digest);
    expect(read.mediaType).toBe('application/vnd.oci.image.manifest.v1+json');
    expect(read.bytes.equals(image.manifest.data)).toBe(true);
    expect(read.manifest).toMatchObject({ schemaVersion: 2, layers: [{ digest: image.layers[0]?.digest }] });

    // A second push finds every blob already there.
    expect(await pushBlob(registry.url, 'acme/hello', image.config)).toBe('exists');
    const tags = (await (await fetch(`${registry.url}/v2/acme/hello/tags/list`)).json()) as { tags: string[] };
    expect(tags.tags).toEqual(['1.2.3']);
    await expect(readManifest(registry.url, 'acme/hello', '9.9.9')).rejects.toThrow(/answered 404/);
  });

  it('holds a layout on disk that skopeo copies to the same digest', async () => {
    const layout = join(work, 'layout-skopeo');
    await writeOciLayout(layout, image);
    const copied = await exec(
      'skopeo',
      ['copy', '--quiet', '--dest-tls-verify=false', '--preserve-digests', `oci:${layout}:1.2.3`, `docker://${registry.host}/acme/skopeo:1.2.3`],
      { cwd: work },
    );
    expect(copied).toMatchObject({ code: 0, stderr: '' });
    expect((await readManifest(registry.url, 'acme/skopeo', '1.2.3')).digest).toBe(image.manifest.digest);
  });
});

describe('docker-registry with basic auth', () => {
  let registry: ContainerRegistry;
  const credentials = { user: 'ci', password: 'registry-secret-1' };

  beforeAll(async () => {
    registry = await requireContainerRegistry({ auth: credentials });
  });

  afterAll(async () => {
    await registry?.close();
  });

  it('answers 401 to anonymous and wrong credentials, 201 to a push with the right ones', async () => {
    const anonymous = await fetch(`${registry.url}/v2/`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic realm="sandbox-registry"/);
    const wrong = await fetch(`${registry.url}/v2/`, { headers: basicAuth({ user: 'ci', password: 'nope' }) });
    expect(wrong.status).toBe(401);
    const anonymousUpload = await fetch(`${registry.url}/v2/acme/private/blobs/uploads/`, { method: 'POST' });
    expect(anonymousUpload.status).toBe(401);

    const image = buildOciImage({ 'app.txt': 'private\n' }, { ref: '2.0.0' });
    const put = await pushImage(registry.url, 'acme/private', '2.0.0', image, credentials);
    await put.arrayBuffer();
    expect(put.status).toBe(201);
    expect((await readManifest(registry.url, 'acme/private', '2.0.0', credentials)).digest).toBe(image.manifest.digest);
    await expect(readManifest(registry.url, 'acme/private', '2.0.0')).rejects.toThrow(/answered 401/);
  });
});
