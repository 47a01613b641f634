/**
 * Helpers for the publisher tests: a recording logger, requests and configs, npm tarballs built
 * in memory (ustar + gzip, like `npm pack`), artifacts written to disk, and a small HTTP proxy
 * that counts writes and can answer an error after the write went through.
 */
import { createHash } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Clock, Logger } from '../../../src/deps.js';
import type { PublishConfig } from '../../../src/config/publish-config.js';
import { loadConfigText } from '../../../src/config/load.js';
import { createRequest, type PublishRequest } from '../../../src/request-format/index.js';
import type { ArtifactFile } from '../../../src/publisher/target.js';
import { ustar, type OciImage } from '../../sandbox/registries/oci-layout.js';

/** The parsed config of a `.craft.yml` text (the real loader, so options parse as in production). */
export function loadCraft(text: string): PublishConfig {
  return loadConfigText('craft', text, '.craft.yml').config;
}

/** A Logger that records every line and every masked value. */
export interface RecordingLogger extends Logger {
  readonly lines: { level: string; message: string }[];
  readonly masked: string[];
  text(): string;
}

/** Builds a Logger that records instead of printing. */
export function recordingLogger(): RecordingLogger {
  const lines: { level: string; message: string }[] = [];
  const masked: string[] = [];
  const add = (level: string) => (message: string) => {
    lines.push({ level, message });
  };
  return {
    lines,
    masked,
    text: () => lines.map((l) => `${l.level}: ${l.message}`).join('\n'),
    info: add('info'),
    debug: add('debug'),
    notice: add('notice'),
    warning: add('warning'),
    error: add('error'),
    mask: (secret) => {
      masked.push(secret);
    },
    setOutput: () => undefined,
    appendSummary: async () => undefined,
  };
}

/** A clock that advances 5 ms per reading (durations are non-zero and deterministic). */
export function steppingClock(start = Date.parse('2026-11-22T00:00:00Z')): Clock {
  let now = start;
  return { now: () => (now += 5) };
}

/** A request for acme/widget at a commit, with the given target ids. */
export function makeRequest(targets: readonly string[], overrides: { version?: string; commit?: string; repo?: string; serverUrl?: string } = {}): PublishRequest {
  const version = overrides.version ?? '1.0.0';
  const request = createRequest({
    repo: { owner: 'acme', repo: overrides.repo ?? 'widget' },
    version,
    serverUrl: overrides.serverUrl ?? 'https://github.com',
    releaseBranch: `release/${version}`,
    releaseCommit: overrides.commit ?? 'a'.repeat(40),
    requester: 'alice',
    requestedAt: '2026-11-21T23:00:00Z',
    targets,
    changelog: `## ${version}\n\n- Something changed.\n`,
  });
  return {
    ...request,
    approvals: [{ login: 'bob', at: '2026-11-21T23:10:00Z', commit: request.releaseCommit, via: 'label', rule: null }],
  };
}

/** A gzipped tarball as `npm pack` makes it: `package/package.json` plus an index.js. */
export function npmTarball(name: string, version: string, extra = ''): Buffer {
  const manifest = JSON.stringify({ name, version, main: 'index.js', license: 'MIT' }, null, 2);
  return gzipSync(ustar({ 'package/package.json': manifest, 'package/index.js': `module.exports = ${JSON.stringify(name + extra)};\n` }));
}

/** The file name `npm pack` gives a package's tarball. */
export function tarballName(name: string, version: string): string {
  return `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;
}

/** Writes files into a folder and returns them as ArtifactFiles. */
export async function artifactFiles(dir: string, files: Record<string, Buffer | string>): Promise<ArtifactFile[]> {
  await mkdir(dir, { recursive: true });
  const out: ArtifactFile[] = [];
  for (const [name, content] of Object.entries(files)) {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content);
    const path = join(dir, name);
    await writeFile(path, data);
    out.push({ name, size: data.length, sha256: createHash('sha256').update(data).digest('hex'), path });
  }
  return out;
}

/** A proxy in front of a registry: counts requests by method and can fail a write after forwarding it. */
export interface CountingProxy {
  readonly url: string;
  readonly host: string;
  /** `METHOD path` of every request, in order. */
  readonly requests: string[];
  /** The next N requests matching `method` are forwarded, then answered with `status` instead of the real answer. */
  failAfterWrite(method: string, status: number, times?: number): void;
  /** The next N requests matching `method` are refused with `status` without forwarding. */
  refuse(method: string, status: number, times?: number): void;
  /** A hook asked first for every request (null to remove): forward, refuse, or forward then answer an error. */
  intercept(hook: ProxyHook | null): void;
  close(): Promise<void>;
}

/** What a ProxyHook decides for one request; null forwards it unchanged. */
export type ProxyAction = { readonly status: number; readonly afterForward: boolean; readonly body?: string } | null;
/** Decides the fate of a request from its method, URL and headers. */
export type ProxyHook = (request: { method: string; url: string; headers: IncomingMessage['headers'] }) => ProxyAction;

/** Starts a CountingProxy to `target` (http://host:port) on 127.0.0.1. */
export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const upstream = new URL(target);
  const requests: string[] = [];
  const rules: { method: string; status: number; remaining: number; forward: boolean }[] = [];
  let hook: ProxyHook | null = null;
  const server: Server = createServer((req: IncomingMessage, res) => {
    requests.push(`${req.method} ${req.url}`);
    let rule: { status: number; forward: boolean; body?: string } | undefined;
    const decided = hook?.({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers }) ?? null;
    if (decided) {
      rule = { status: decided.status, forward: decided.afterForward, ...(decided.body !== undefined ? { body: decided.body } : {}) };
    } else {
      const found = rules.find((r) => r.method === req.method && r.remaining > 0);
      if (found) found.remaining -= 1;
      rule = found;
    }
    if (rule && !rule.forward) {
      req.resume();
      res.writeHead(rule.status, { 'content-type': 'application/json' });
      res.end(rule.body ?? JSON.stringify({ error: `proxy refused with ${rule.status}` }));
      return;
    }
    const forward = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } }, (answer) => {
      if (rule) {
        answer.resume();
        answer.on('end', () => {
          res.writeHead(rule.status, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: `proxy: internal error after the write (${rule.status})` }));
        });
        return;
      }
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', (error) => {
      res.writeHead(502);
      res.end(String(error));
    });
    req.pipe(forward);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('proxy: no address');
  const host = `127.0.0.1:${address.port}`;
  return {
    url: `http://${host}`,
    host,
    requests,
    failAfterWrite(method, status, times = 1) {
      rules.push({ method, status, remaining: times, forward: true });
    },
    refuse(method, status, times = 1) {
      rules.push({ method, status, remaining: times, forward: false });
    },
    intercept(next) {
      hook = next;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

/** The files of an OCI image layout folder for an image (to tar or zip as an artifact). */
export function layoutFiles(image: OciImage): Record<string, Buffer | string> {
  const files: Record<string, Buffer | string> = { 'oci-layout': JSON.stringify({ imageLayoutVersion: '1.0.0' }), 'index.json': JSON.stringify(image.index) };
  for (const blob of image.blobs) files[`blobs/sha256/${blob.digest.slice('sha256:'.length)}`] = blob.data;
  return files;
}
