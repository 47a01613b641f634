/**
 * A real container registry for tests, `npm start` and benchmarks: Debian's `docker-registry`
 * (Docker Distribution 2.8) run as a child process with a config of its own (storage in a temp
 * folder, 127.0.0.1 only, logs captured rather than printed, optional htpasswd basic auth).
 * `.ci/install-system-deps.sh` installs it; without it `startContainerRegistry` returns null and
 * `requireContainerRegistry` throws, so a suite can decide between skipping and failing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { stringify } from 'yaml';

/** Basic-auth credentials for the registry. */
export interface RegistryCredentials {
  user: string;
  password: string;
}

/** Options of a container registry. */
export interface ContainerRegistryOptions {
  /** Folder for config, htpasswd and storage; a new temp folder (removed on close) by default. */
  dir?: string;
  /** Turns on htpasswd basic auth with this one user. */
  auth?: RegistryCredentials;
}

/** A running `docker-registry`. */
export interface ContainerRegistry {
  /** `http://127.0.0.1:PORT`, without a trailing slash. */
  url: string;
  /** `127.0.0.1:PORT`, as image references spell it (`127.0.0.1:PORT/acme/app:1.0.0`). */
  host: string;
  /** Stops the registry and removes the folder when this module made it. */
  close(): Promise<void>;
}

/** The message given when the binary is missing; names the command that installs it. */
export const CONTAINER_REGISTRY_MISSING =
  "Debian's `docker-registry` is not installed (no `docker-registry` on PATH). " +
  'Run `sudo .ci/install-system-deps.sh` (apt-get install docker-registry skopeo) to get it.';

/** Full path of the `docker-registry` binary, or undefined when it is not on PATH. */
export async function findDockerRegistry(): Promise<string | undefined> {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/local/bin'];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = join(dir, 'docker-registry');
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

/** Starts `docker-registry` on 127.0.0.1; null (with a message on stderr) when it is not installed. */
export async function startContainerRegistry(options: ContainerRegistryOptions = {}): Promise<ContainerRegistry | null> {
  const binary = await findDockerRegistry();
  if (!binary) {
    process.stderr.write(`${CONTAINER_REGISTRY_MISSING}\n`);
    return null;
  }
  return launch(binary, options);
}

/** Like `startContainerRegistry`, but a missing binary is an error: CI installs it, so tests must not skip. */
export async function requireContainerRegistry(options: ContainerRegistryOptions = {}): Promise<ContainerRegistry> {
  const binary = await findDockerRegistry();
  if (!binary) throw new Error(CONTAINER_REGISTRY_MISSING);
  return launch(binary, options);
}

/**
 * An htpasswd line that Distribution accepts: bcrypt, with the `$2y$` prefix Apache writes. Cost 4
 * (bcrypt's minimum): the registry checks it on every request, and these are throwaway test users.
 */
export function htpasswdLine(user: string, password: string): string {
  if (user.includes(':')) throw new Error(`htpasswd user names cannot contain ':' (got ${JSON.stringify(user)})`);
  return `${user}:${bcrypt().hashSync(password, 4).replace(/^\$2a\$/, '$2y$')}\n`;
}

function bcrypt(): { hashSync(password: string, rounds: number): string } {
  // bcryptjs ships with verdaccio (through verdaccio-htpasswd); it is not a direct dependency.
  const require = createRequire(import.meta.url);
  let path: string;
  try {
    path = require.resolve('bcryptjs');
  } catch {
    path = createRequire(require.resolve('verdaccio-htpasswd')).resolve('bcryptjs');
  }
  return require(path) as { hashSync(password: string, rounds: number): string };
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = address && typeof address === 'object' ? address.port : 0;
      probe.close(() => (port ? done(port) : fail(new Error('no free port'))));
    });
  });
}

async function launch(binary: string, options: ContainerRegistryOptions): Promise<ContainerRegistry> {
  const owned = options.dir === undefined;
  const dir = resolve(options.dir ?? (await mkdtemp(join(tmpdir(), 'sandbox-registry-'))));
  await mkdir(join(dir, 'data'), { recursive: true });
  if (options.auth) await writeFile(join(dir, 'htpasswd'), htpasswdLine(options.auth.user, options.auth.password));
  let lastError: unknown;
  // The port is found by binding 0 and released before the registry binds it: retry if another process won.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    try {
      return await spawnRegistry(binary, dir, port, options, owned);
    } catch (error) {
      lastError = error;
      if (!/address already in use/i.test(String(error))) break;
    }
  }
  if (owned) await rm(dir, { recursive: true, force: true });
  throw lastError;
}

async function spawnRegistry(binary: string, dir: string, port: number, options: ContainerRegistryOptions, owned: boolean): Promise<ContainerRegistry> {
  const host = `127.0.0.1:${port}`;
  const url = `http://${host}`;
  const config: Record<string, unknown> = {
    version: 0.1,
    log: { level: 'error', formatter: 'text', accesslog: { disabled: true } },
    storage: {
      filesystem: { rootdirectory: join(dir, 'data') },
      delete: { enabled: true },
      maintenance: { uploadpurging: { enabled: false } },
    },
    http: { addr: host, secret: randomBytes(16).toString('hex') },
  };
  if (options.auth) config.auth = { htpasswd: { realm: 'sandbox-registry', path: join(dir, 'htpasswd') } };
  const configFile = join(dir, 'config.yml');
  await writeFile(configFile, stringify(config));

  const child = spawn(binary, ['serve', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  let running = true;
  void exited.then(() => {
    running = false;
  });
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.on('exit', killOnExit);

  const stop = async (): Promise<void> => {
    process.off('exit', killOnExit);
    if (running) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
  };

  try {
    await waitUntilServing(url, child, () => running, () => output);
  } catch (error) {
    await stop();
    throw error;
  }

  let closed = false;
  return {
    url,
    host,
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await stop();
      if (owned) await rm(dir, { recursive: true, force: true });
    },
  };
}

async function waitUntilServing(url: string, child: ChildProcess, running: () => boolean, output: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (!running()) throw new Error(`docker-registry (pid ${child.pid}) exited before serving: ${output().trim() || 'no output'}`);
    try {
      const response = await fetch(`${url}/v2/`);
      await response.arrayBuffer();
      // 401 is the answer of a registry with auth on: it is up.
      if (response.status === 200 || response.status === 401) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 25));
  }
  throw new Error(`docker-registry did not answer ${url}/v2/ within 15 s: ${output().trim() || 'no output'}`);
}
