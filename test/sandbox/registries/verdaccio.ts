/**
 * A real npm registry for tests, `npm start` and benchmarks: Verdaccio started in-process with a
 * fresh storage, htpasswd auth and no uplinks, so an unknown package answers 404 at once instead
 * of reaching the public registry. It listens on 127.0.0.1 with a port chosen by the system.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runServer } from 'verdaccio';

/** A running Verdaccio. */
export interface VerdaccioRegistry {
  /** Registry URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** `127.0.0.1:PORT`, the key npm uses for per-registry settings (`//HOST/:_authToken`). */
  registryHost: string;
  /** The folder holding storage and htpasswd. */
  dir: string;
  /** Creates a user (or logs in an existing one with the same password) and returns a fresh token. */
  createUser(name: string, password: string): Promise<string>;
  /** The text of an `.npmrc` that points npm at this registry with this token. */
  npmrc(token: string): string;
  /** Closes every connection and stops the server; removes the folder when this module made it. */
  close(): Promise<void>;
}

/** Starts Verdaccio on 127.0.0.1 (port 0) with a fresh storage under `dir` (a new temp folder by default). */
export async function startVerdaccio(options: { dir?: string } = {}): Promise<VerdaccioRegistry> {
  const owned = options.dir === undefined;
  const dir = resolve(options.dir ?? (await mkdtemp(join(tmpdir(), 'sandbox-verdaccio-'))));
  await mkdir(join(dir, 'storage'), { recursive: true });
  // No `uplinks`: nothing is proxied to the public registry; publish needs a user of this htpasswd.
  const config = {
    self_path: join(dir, 'config.yaml'),
    storage: join(dir, 'storage'),
    // bcrypt at its lowest cost: these are throwaway test users, and each login would cost ~0.3 s at cost 10.
    auth: { htpasswd: { file: join(dir, 'htpasswd'), max_users: 1000, algorithm: 'bcrypt', rounds: 4 } },
    uplinks: {},
    packages: {
      '@*/*': { access: '$all', publish: '$authenticated', unpublish: '$authenticated' },
      '**': { access: '$all', publish: '$authenticated', unpublish: '$authenticated' },
    },
    publish: { allow_offline: true },
    web: { enable: false },
    log: { type: 'stdout', format: 'pretty', level: 'error' },
  };
  const server = (await runServer(config as never)) as Server;
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', fail);
      done();
    });
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('verdaccio: no TCP address after listen');
  const registryHost = `127.0.0.1:${address.port}`;
  const url = `http://${registryHost}`;
  let closed = false;

  return {
    url,
    registryHost,
    dir,
    async createUser(name: string, password: string): Promise<string> {
      const target = `${url}/-/user/org.couchdb.user:${encodeURIComponent(name)}`;
      const body = JSON.stringify({ name, password });
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      let response = await fetch(target, { method: 'PUT', headers, body });
      if (response.status === 409) {
        // Already registered: the same PUT with Basic credentials logs in and issues a new token.
        headers.authorization = `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}`;
        response = await fetch(target, { method: 'PUT', headers, body });
      }
      const text = await response.text();
      if (response.status !== 201) throw new Error(`verdaccio: creating user ${name} answered ${response.status}: ${text}`);
      const token = (JSON.parse(text) as { token?: unknown }).token;
      if (typeof token !== 'string') throw new Error(`verdaccio: no token in the answer for ${name}: ${text}`);
      return token;
    },
    npmrc(token: string): string {
      return `registry=${url}/\n//${registryHost}/:_authToken=${token}\n`;
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      const stopped = new Promise<void>((done) => server.close(() => done()));
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      await stopped;
      if (owned) await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The environment for an npm child process: the parent's, minus every inherited `npm_config_*`
 * (npx and npm scripts set some, such as the registry or the user config), plus an own user config
 * and cache so runs stay isolated from each other and from the machine's `~/.npmrc`.
 */
export function npmEnv(options: { userconfig: string; cache: string; extra?: Record<string, string> }): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_config_/i.test(key)) env[key] = value;
  }
  return {
    ...env,
    npm_config_userconfig: options.userconfig,
    npm_config_cache: options.cache,
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    ...options.extra,
  };
}

/** Drops the machine's `npm warn Unknown user config "nodedir"` line (and other known noise) from npm output. */
export function filterNpmNoise(output: string): string {
  return output
    .split('\n')
    .filter((line) => !/npm warn Unknown (user|global|project) config "nodedir"/.test(line))
    .join('\n');
}
