/**
 * Git smart HTTP on the sandbox server (`/{owner}/{repo}.git/...`), served by git's own
 * `git-http-backend` CGI so that clone, fetch and push behave exactly like git against GitHub.
 *
 * Access follows the API's rules: fetching needs `contents: read` (anyone for public
 * repositories), pushing needs `contents: write`. A push runs with the repository's write lock
 * held; the refs are compared before and after, and every change is announced with the pusher's
 * identity, so webhooks name the right sender and the API never sees a half-attributed push.
 */
import { execFileSync, spawn } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename, dirname, join } from 'node:path';
import type { RawContext, SandboxApp } from './app.js';
import { GitStore } from './git-store.js';
import type { RepoState } from './state.js';

let backendPath: string | undefined;

/** The absolute path of `git-http-backend` (`$(git --exec-path)/git-http-backend`). */
export function gitHttpBackendPath(): string {
  backendPath ??= join(execFileSync('git', ['--exec-path'], { encoding: 'utf8' }).trim(), 'git-http-backend');
  return backendPath;
}

// Only the smart protocol: the dumb protocol would bypass the service checks below.
const SMART_PATHS = new Set(['/info/refs', '/git-upload-pack', '/git-receive-pack']);

/** Registers the smart-HTTP endpoint on the app; `storeOf` finds the git store for a repository. */
export function registerGitHttp(app: SandboxApp, storeOf: (repo: RepoState) => GitStore): void {
  app.raw('/{owner}/{repo}.git', (req, res, context) => serveGit(app, storeOf, req, res, context), { operationId: 'git/smart-http' });
}

function deny(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  res.end(`${message}\n`);
}

async function serveGit(
  app: SandboxApp,
  storeOf: (repo: RepoState) => GitStore,
  req: IncomingMessage,
  res: ServerResponse,
  context: RawContext,
): Promise<void> {
  const challenge = { 'www-authenticate': 'Basic realm="GitHub"' };
  if (context.badCredentials) return deny(res, 401, 'Invalid username or token.', challenge);
  const rest = context.rest === '' ? '/' : context.rest;
  if (!SMART_PATHS.has(rest)) return deny(res, 404, 'Not Found');
  const service = rest === '/info/refs' ? context.query.service : rest.slice(1);
  if (service !== 'git-upload-pack' && service !== 'git-receive-pack') {
    return deny(res, 403, 'Please upgrade your git client.');
  }
  const method = req.method ?? 'GET';
  if ((rest === '/info/refs' && method !== 'GET') || (rest !== '/info/refs' && method !== 'POST')) {
    return deny(res, 405, 'Method Not Allowed');
  }

  const owner = context.params.owner ?? '';
  const name = context.params.repo ?? '';
  const repo = app.state.repo(owner, name);
  const identity = context.identity;
  if (!repo || !repo.bareDir || !app.can(identity, repo, 'contents', 'read')) {
    // Anonymous callers get a challenge so git retries with credentials, as with GitHub.
    if (!identity) return deny(res, 401, 'Authentication required.', challenge);
    return deny(res, 404, 'Repository not found.');
  }
  const push = service === 'git-receive-pack';
  if (push && !app.can(identity, repo, 'contents', 'write')) {
    if (!identity) return deny(res, 401, 'Authentication required.', challenge);
    return deny(res, 403, `Permission to ${repo.fullName}.git denied to ${app.loginOf(identity)}.`);
  }

  const store = storeOf(repo);
  const remoteUser = app.loginOf(identity) ?? 'anonymous';
  if (!push || rest === '/info/refs') {
    (await runBackend(req, res, repo, rest, context, remoteUser))();
    return;
  }
  await store.withLock(repo.owner, repo.name, async () => {
    const before = await store.snapshotRefs(repo.owner, repo.name);
    let end: () => void = () => res.end();
    try {
      end = await runBackend(req, res, repo, rest, context, remoteUser);
    } finally {
      const after = await store.snapshotRefs(repo.owner, repo.name);
      await store.announceDiff(repo.owner, repo.name, before, after, identity, 'push');
      // The client sees the end of the answer only now, so when `git push` returns the
      // webhooks for it are already queued.
      end();
    }
  });
}

/**
 * Runs git-http-backend for one request and relays its CGI answer. Resolves when the CGI has
 * finished, with a function that ends the HTTP answer (the caller decides when).
 */
function runBackend(
  req: IncomingMessage,
  res: ServerResponse,
  repo: RepoState,
  rest: string,
  context: RawContext,
  remoteUser: string,
): Promise<() => void> {
  const env: NodeJS.ProcessEnv = {
    ...GitStore.gitEnv(),
    GIT_PROJECT_ROOT: dirname(repo.bareDir),
    GIT_HTTP_EXPORT_ALL: '1',
    GIT_HTTP_MAX_REQUEST_BUFFER: '100M',
    REMOTE_USER: remoteUser,
    REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
    REQUEST_METHOD: req.method ?? 'GET',
    PATH_INFO: `/${basename(repo.bareDir)}${rest}`,
    QUERY_STRING: new URLSearchParams(context.query as Record<string, string>).toString(),
    CONTENT_TYPE: req.headers['content-type'] ?? '',
    GATEWAY_INTERFACE: 'CGI/1.1',
    SERVER_PROTOCOL: 'HTTP/1.1',
  };
  const protocol = req.headers['git-protocol'];
  if (typeof protocol === 'string') env.GIT_PROTOCOL = protocol;
  const encoding = req.headers['content-encoding'];
  if (typeof encoding === 'string') env.HTTP_CONTENT_ENCODING = encoding;
  const length = req.headers['content-length'];
  if (typeof length === 'string') env.CONTENT_LENGTH = length;

  return new Promise((resolve) => {
    const child = spawn(gitHttpBackendPath(), [], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let head = Buffer.alloc(0);
    let headersSent = false;
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.stdout.on('data', (chunk: Buffer) => {
      if (headersSent) {
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const split = findHeaderEnd(head);
      if (!split) return;
      const { status, headers } = parseCgiHeaders(head.subarray(0, split.at).toString('latin1'));
      res.writeHead(status, headers);
      headersSent = true;
      const body = head.subarray(split.at + split.length);
      if (body.length > 0) res.write(body);
    });
    child.on('close', (code) => {
      if (!headersSent) {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`git-http-backend failed (${code}): ${stderr}\n`);
        resolve(() => undefined);
      } else {
        resolve(() => res.end());
      }
    });
    child.on('error', () => undefined);
    child.stdin.on('error', () => undefined);
    req.pipe(child.stdin);
  });
}

function findHeaderEnd(buffer: Buffer): { at: number; length: number } | null {
  const crlf = buffer.indexOf('\r\n\r\n');
  const lf = buffer.indexOf('\n\n');
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { at: crlf, length: 4 };
  if (lf >= 0) return { at: lf, length: 2 };
  return null;
}

function parseCgiHeaders(text: string): { status: number; headers: Record<string, string> } {
  let status = 200;
  const headers: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (key.toLowerCase() === 'status') status = Number.parseInt(value, 10) || 200;
    else headers[key] = value;
  }
  return { status, headers };
}
