/**
 * Adapter behaviour that the sandbox does not model (Actions runs, artifacts with their 302 to
 * storage, workflow dispatch, files over 1 MB, paged combined statuses, timeouts), checked
 * against a tiny scripted node:http server.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GitHubApiError, WriteOutcomeUnknownError } from '../../../src/errors.js';
import { createOctokitPort, type OctokitPortOptions } from '../../../src/github/octokit-adapter.js';
import type { GitHubPort } from '../../../src/github/port.js';
import { recordingLogger } from './helpers.js';

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer) => void | Promise<void>;

let server: Server;
let baseUrl: string;
let routes: Map<string, Handler>;
let seen: { method: string; path: string; query: string; authorization: string | undefined; body: string }[];
const repo = { owner: 'acme', repo: 'widget' };

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

function port(overrides: Partial<OctokitPortOptions> = {}): GitHubPort {
  return createOctokitPort({ token: 'test-token', baseUrl, log: recordingLogger(), minWriteIntervalMs: 0, retryBaseMs: 5, ...overrides });
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const body = Buffer.concat(chunks);
      seen.push({ method: req.method ?? '', path: url.pathname, query: url.search, authorization: req.headers.authorization, body: body.toString('utf8') });
      const handler = routes.get(`${req.method} ${url.pathname}`);
      if (!handler) return json(res, 404, { message: 'Not Found' });
      void Promise.resolve(handler(req, res, url, body)).catch((error: unknown) => json(res, 500, { message: String(error) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  routes = new Map();
  seen = [];
});

describe('Actions: runs, artifacts, dispatch', () => {
  it('lists workflow runs for a commit over several pages', async () => {
    routes.set('GET /repos/acme/widget/actions/runs', (_req, res, url) => {
      const page = Number(url.searchParams.get('page') ?? '1');
      expect(url.searchParams.get('head_sha')).toBe('abc');
      expect(url.searchParams.get('per_page')).toBe('100');
      const count = page === 1 ? 100 : 7;
      const runs = Array.from({ length: count }, (_, i) => ({
        id: page * 1000 + i,
        name: 'release',
        head_sha: 'abc',
        status: 'completed',
        conclusion: 'success',
        html_url: `https://github.example/run/${page * 1000 + i}`,
      }));
      const link: Record<string, string> = page === 1 ? { link: `<${baseUrl}/repos/acme/widget/actions/runs?head_sha=abc&per_page=100&page=2>; rel="next"` } : {};
      json(res, 200, { total_count: 107, workflow_runs: runs }, link);
    });
    const runs = await port().listWorkflowRunsForCommit(repo, 'abc');
    expect(runs).toHaveLength(107);
    expect(runs[0]).toEqual({ id: 1000, name: 'release', headSha: 'abc', status: 'completed', conclusion: 'success', htmlUrl: 'https://github.example/run/1000' });
  });

  it('lists run artifacts', async () => {
    routes.set('GET /repos/acme/widget/actions/runs/42/artifacts', (_req, res) =>
      json(res, 200, { total_count: 1, artifacts: [{ id: 7, name: 'dist', size_in_bytes: 12, expired: false, workflow_run: { id: 42 } }] }),
    );
    expect(await port().listRunArtifacts(repo, 42)).toEqual([{ id: 7, name: 'dist', sizeInBytes: 12, workflowRunId: 42, expired: false }]);
  });

  it('downloads an artifact by following the 302, without sending the token to storage', async () => {
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 1, 2, 3, 255]);
    routes.set('GET /repos/acme/widget/actions/artifacts/7/zip', (_req, res) => {
      // Another origin (localhost vs 127.0.0.1), as GitHub's storage is another host.
      res.writeHead(302, { location: `${baseUrl.replace('127.0.0.1', 'localhost')}/storage/7.zip?sig=x` });
      res.end();
    });
    routes.set('GET /storage/7.zip', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/zip' });
      res.end(zip);
    });
    const bytes = await port().downloadArtifact(repo, 7);
    expect(Buffer.compare(bytes, zip)).toBe(0);
    const storage = seen.find((s) => s.path === '/storage/7.zip');
    expect(storage?.authorization).toBeUndefined();
  });

  it('dispatches a workflow once; a 502 is WriteOutcomeUnknownError without a retry', async () => {
    let calls = 0;
    routes.set('POST /repos/acme/widget/actions/workflows/release.yml/dispatches', (_req, res, _url, body) => {
      calls += 1;
      expect(JSON.parse(body.toString('utf8'))).toEqual({ ref: 'main', inputs: { version: '1.0.0' } });
      if (calls === 1) {
        res.writeHead(204);
        res.end();
      } else json(res, 502, { message: 'Server Error' });
    });
    await port().dispatchWorkflow(repo, 'release.yml', 'main', { version: '1.0.0' });
    await expect(port().dispatchWorkflow(repo, 'release.yml', 'main', { version: '1.0.0' })).rejects.toBeInstanceOf(WriteOutcomeUnknownError);
    expect(calls).toBe(2);
  });
});

describe('contents and statuses', () => {
  it('reads a file over 1 MB through the raw media type', async () => {
    const big = 'x'.repeat(1_500_000) + 'é';
    routes.set('GET /repos/acme/widget/contents/big.txt', (req, res) => {
      if (String(req.headers.accept).includes('raw')) {
        res.writeHead(200, { 'content-type': 'application/vnd.github.raw' });
        res.end(Buffer.from(big, 'utf8'));
      } else json(res, 200, { type: 'file', size: Buffer.byteLength(big), encoding: 'none', content: '' });
    });
    expect(await port().getFileContent(repo, 'big.txt', 'main')).toBe(big);
  });

  it('reads every page of the combined status and keeps the newest per context', async () => {
    routes.set('GET /repos/acme/widget/commits/abc/status', (_req, res, url) => {
      const page = Number(url.searchParams.get('page'));
      const statuses =
        page === 1
          ? Array.from({ length: 100 }, (_, i) => ({ context: `ctx-${i}`, state: 'success', target_url: null, updated_at: '2026-01-01T00:00:00Z' }))
          : [
              { context: 'ctx-0', state: 'failure', target_url: 'https://ci/x', updated_at: '2026-01-02T00:00:00Z' },
              { context: 'ctx-1', state: 'pending', target_url: null, updated_at: '2025-12-31T00:00:00Z' },
            ];
      json(res, 200, { state: 'pending', statuses, sha: 'abc', total_count: 102, url: 'x' });
    });
    const statuses = await port().listCommitStatuses(repo, 'abc');
    expect(statuses).toHaveLength(100);
    expect(statuses.find((s) => s.context === 'ctx-0')).toEqual({ context: 'ctx-0', state: 'failure', targetUrl: 'https://ci/x', updatedAt: '2026-01-02T00:00:00Z' });
    expect(statuses.find((s) => s.context === 'ctx-1')?.state).toBe('success');
    expect(seen.filter((s) => s.path.endsWith('/status'))).toHaveLength(2);
  });

  it('label events: all pages, only labeled/unlabeled, oldest first', async () => {
    routes.set('GET /repos/acme/widget/issues/5/events', (_req, res, url) => {
      const page = Number(url.searchParams.get('page') ?? '1');
      const make = (i: number) => ({
        id: i,
        event: i % 3 === 0 ? 'renamed' : i % 3 === 1 ? 'labeled' : 'unlabeled',
        actor: { login: i === 4 ? 'release-bot[bot]' : 'alice', type: i === 4 ? 'Bot' : 'User' },
        created_at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
        label: { name: `l${i}` },
      });
      const events = page === 1 ? Array.from({ length: 100 }, (_, i) => make(i)) : [make(100), make(101)];
      const link: Record<string, string> = page === 1 ? { link: `<${baseUrl}/repos/acme/widget/issues/5/events?per_page=100&page=2>; rel="next"` } : {};
      json(res, 200, events, link);
    });
    const events = await port().listLabelEvents(repo, 5);
    expect(events.length).toBe(68);
    expect(events[0]).toEqual({ id: 1, kind: 'labeled', label: 'l1', actor: { login: 'alice', type: 'User' }, createdAt: '2026-01-01T00:00:01.000Z' });
    expect(events.find((e) => e.id === 4)?.actor).toEqual({ login: 'release-bot[bot]', type: 'Bot' });
    expect(events.at(-1)?.id).toBe(101);
  });
});

describe('timeouts and odd answers', () => {
  it('a write that times out is WriteOutcomeUnknownError; a read that times out is retried', async () => {
    let reads = 0;
    routes.set('POST /repos/acme/widget/issues', () => {
      // Never answers.
    });
    routes.set('GET /repos/acme/widget', (_req, res) => {
      reads += 1;
      if (reads === 1) return; // hangs once
      json(res, 200, { default_branch: 'trunk' });
    });
    const github = port({ timeoutMs: 300 });
    await expect(github.createIssue(repo, { title: 't', body: '' })).rejects.toBeInstanceOf(WriteOutcomeUnknownError);
    expect(seen.filter((s) => s.method === 'POST')).toHaveLength(1);
    expect(await github.getDefaultBranch(repo)).toBe('trunk');
    expect(reads).toBe(2);
  });

  it('a 422 on createIssue is a plain GitHubApiError (the write was refused)', async () => {
    routes.set('POST /repos/acme/widget/issues', (_req, res) => json(res, 422, { message: 'Validation Failed', errors: [{ field: 'title', code: 'missing' }] }));
    const error = await port().createIssue(repo, { title: '', body: '' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect((error as GitHubApiError).status).toBe(422);
    expect((error as Error).message).toContain('Validation Failed');
  });

  it('a 403 without rate-limit signs is a permission error, not retried', async () => {
    routes.set('GET /repos/acme/widget', (_req, res) => json(res, 403, { message: 'Resource not accessible by integration' }));
    const error = await port().getDefaultBranch(repo).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect((error as Error).message).toContain('Resource not accessible by integration');
    expect(seen).toHaveLength(1);
  });

  it('sends the token only in the authorization header and honours a base URL with a path', async () => {
    routes.set('GET /api/v3/repos/acme/widget', (_req, res) => json(res, 200, { default_branch: 'main' }));
    const github = createOctokitPort({ token: 'test-token', baseUrl: `${baseUrl}/api/v3/`, log: recordingLogger() });
    expect(await github.getDefaultBranch(repo)).toBe('main');
    expect(seen[0]?.authorization).toBe('token test-token');
    expect(seen[0]?.query).toBe('');
  });
});
