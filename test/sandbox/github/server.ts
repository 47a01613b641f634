/**
 * The HTTP side of the sandbox: a node:http server on 127.0.0.1 that authenticates, applies
 * faults, dispatches to the registered routes, adds GitHub's headers and logs every answer.
 * It implements `SandboxApp` for the route modules.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type CompiledTemplate,
  type PermissionLevel,
  type PermissionScope,
  type RawHandler,
  type Requester,
  type RouteHandler,
  type RouteOptions,
  type SandboxApp,
  type SandboxRequest,
  type SandboxResponse,
  type ValidationErrorItem,
  SandboxHttpError,
  compileTemplate,
  matchTemplate,
} from './app.js';
import { authenticate, can, canSee, refusal } from './auth.js';
import { type Faults, faultBody } from './faults.js';
import { operationIdFor } from './operations.js';
import { Renderer } from './render.js';
import type { RequestLogStore } from './request-log.js';
import { type Identity, type RepoState, type SandboxState, causedByOf } from './state.js';
import type { WebhookHub } from './webhooks.js';

const DOCS = 'https://docs.github.com/rest';

interface Route {
  readonly method: string;
  readonly compiled: CompiledTemplate;
  readonly handler: RouteHandler;
  readonly write: boolean;
  readonly operationId: string;
  readonly bytes: boolean;
}

interface RawRoute {
  readonly compiled: CompiledTemplate;
  readonly handler: RawHandler;
  readonly operationId: string;
}

export interface SandboxServerParts {
  readonly state: SandboxState;
  readonly clock: () => Date;
  readonly faults: Faults;
  readonly log: RequestLogStore;
  readonly hub: WebhookHub;
}

/** A running server plus the SandboxApp its route modules register with. */
export class SandboxServer implements SandboxApp {
  readonly state: SandboxState;
  readonly render: Renderer;
  private readonly routes: Route[] = [];
  private readonly rawRoutes: RawRoute[] = [];
  private readonly rateUsed = new Map<string, { used: number; resetAt: number }>();

  private constructor(
    private readonly server: Server,
    readonly apiUrl: string,
    readonly serverUrl: string,
    private readonly parts: SandboxServerParts,
  ) {
    this.state = parts.state;
    this.render = new Renderer(parts.state, apiUrl, serverUrl);
  }

  /** Listens on 127.0.0.1 with a free port. */
  static async start(parts: SandboxServerParts): Promise<SandboxServer> {
    const holder: { instance?: SandboxServer } = {};
    const server = createServer((req, res) => {
      // Requests can only arrive after listen resolved, so the instance exists.
      void holder.instance!.handle(req, res);
    });
    server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const base = `http://127.0.0.1:${port}`;
    holder.instance = new SandboxServer(server, base, base, parts);
    return holder.instance;
  }

  /** Stops listening and drops open connections. */
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- SandboxApp ---------------------------------------------------------------------------

  route(method: string, template: string, handler: RouteHandler, options: RouteOptions = {}): void {
    const upper = method.toUpperCase();
    if (this.routes.some((r) => r.method === upper && r.compiled.template === template)) {
      throw new Error(`sandbox: route ${upper} ${template} registered twice`);
    }
    const operationId = options.operationId ?? operationIdFor(upper, template);
    this.routes.push({
      method: upper,
      compiled: compileTemplate(template),
      handler,
      write: options.write ?? !(upper === 'GET' || upper === 'HEAD'),
      operationId,
      bytes: options.bytes ?? operationId === 'repos/upload-release-asset',
    });
    // Most literal first, so `/issues/comments/{id}` wins over `/issues/{issue_number}`.
    this.routes.sort((a, b) => b.compiled.literal - a.compiled.literal);
  }

  raw(prefix: string, handler: RawHandler, options: { operationId?: string } = {}): void {
    this.rawRoutes.push({ compiled: compileTemplate(prefix, true), handler, operationId: options.operationId ?? '' });
    this.rawRoutes.sort((a, b) => b.compiled.literal - a.compiled.literal);
  }

  now(): Date {
    return this.parts.clock();
  }

  timestamp(): string {
    return this.state.timestamp();
  }

  emit(event: string, action: string | undefined, payload: Record<string, unknown>, actor: Identity | null, repo?: RepoState): void {
    const full: Record<string, unknown> = action === undefined ? {} : { action };
    Object.assign(full, payload);
    if (repo) {
      full.repository ??= this.render.repo(repo);
      if (this.state.account(repo.owner)?.type === 'Organization') full.organization ??= this.render.org(repo.owner);
    }
    full.sender ??= this.render.user(this.loginOf(actor) ?? 'ghost');
    const installation = this.render.installation(actor);
    if (installation) full.installation ??= installation;
    const repository = repo?.fullName ?? String((full.repository as { full_name?: unknown } | undefined)?.full_name ?? '');
    this.parts.hub.publish({ event, action, payload: full, repository, causedBy: causedByOf(actor) });
  }

  api(path: string): string {
    return `${this.apiUrl}${path}`;
  }

  html(path: string): string {
    return `${this.serverUrl}${path}`;
  }

  userJson(login: string): Record<string, unknown> {
    return this.render.user(login);
  }

  repoJson(repo: RepoState): Record<string, unknown> {
    return this.render.repo(repo);
  }

  paginate<T>(req: SandboxRequest, items: readonly T[]): { items: T[]; headers: Record<string, string> } {
    // Out-of-range values fall back to GitHub's defaults; more than 100 is capped at 100.
    const asked = Number.parseInt(req.query.per_page ?? '', 10);
    const perPage = asked >= 1 ? Math.min(100, asked) : 30;
    const askedPage = Number.parseInt(req.query.page ?? '', 10);
    const page = askedPage >= 1 ? askedPage : 1;
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const link = (p: number, rel: string): string => {
      const query = new URLSearchParams({ ...req.query, per_page: String(perPage), page: String(p) });
      return `<${this.apiUrl}${req.path}?${query.toString()}>; rel="${rel}"`;
    };
    const links: string[] = [];
    if (page > 1) links.push(link(Math.min(page - 1, last), 'prev'));
    if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
    if (page > 1) links.push(link(1, 'first'));
    return {
      items: items.slice((page - 1) * perPage, page * perPage),
      headers: links.length ? { link: links.join(', ') } : {},
    };
  }

  fail(status: number, message: string, errors?: readonly ValidationErrorItem[]): never {
    throw new SandboxHttpError(status, message, errors);
  }

  requireRepo(req: Requester, owner: string, repo: string): RepoState {
    const record = this.state.repo(owner, repo);
    if (!record || !canSee(this.state, req.identity, record)) this.fail(404, 'Not Found');
    return record;
  }

  requirePermission(req: Requester, repoFullName: string, scope: PermissionScope, level: PermissionLevel): void {
    const repo = this.state.repoByFullName(repoFullName);
    if (!repo) this.fail(404, 'Not Found');
    if (can(this.state, req.identity, repo, scope, level)) return;
    const { status, message } = refusal(this.state, req.identity, repo);
    // GitHub names the permission an integration lacked.
    const headers = status === 403 && req.identity?.kind !== 'user' ? { 'x-accepted-github-permissions': `${scope}=${level}` } : undefined;
    throw new SandboxHttpError(status, message, undefined, headers);
  }

  can(identity: Identity | null, repo: RepoState, scope: PermissionScope, level: PermissionLevel): boolean {
    return can(this.state, identity, repo, scope, level);
  }

  loginOf(identity: Identity | null): string | null {
    return identity?.login ?? null;
  }

  // ---- request handling -----------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', this.apiUrl);
    const path = url.pathname;
    const query = Object.fromEntries(url.searchParams.entries());
    const auth = authenticate(this.state, req.headers);
    const at = this.parts.clock().getTime();
    const login = this.loginOf(auth.identity);

    const rawRoute = this.rawRoutes.map((r) => ({ r, m: matchTemplate(r.compiled, path) })).find((x) => x.m);
    if (rawRoute?.m) {
      const fault = this.parts.faults.take(method, path, rawRoute.r.compiled.template);
      const entry = { method, path, route: rawRoute.r.compiled.template, operationId: rawRoute.r.operationId, identity: login, isWrite: method !== 'GET' && method !== 'HEAD', at };
      if (fault?.kind === 'reset') {
        this.parts.log.add({ ...entry, status: 0 });
        req.socket.destroy();
        return;
      }
      if (fault?.kind === 'latency') await delay(fault.ms ?? 0);
      if (fault?.kind === 'status' || fault?.kind === 'after-write') {
        const headers = fault.headers ?? {};
        const body = fault.body ?? faultBody(fault.status!, headers);
        this.parts.log.add({ ...entry, status: fault.status!, responseBody: body });
        this.send(res, method, { status: fault.status!, body, headers }, auth.identity);
        return;
      }
      res.on('finish', () => this.parts.log.add({ ...entry, status: res.statusCode }));
      try {
        await rawRoute.r.handler(req, res, { identity: auth.identity, badCredentials: auth.badCredentials, params: rawRoute.m.params, rest: rawRoute.m.rest, query });
      } catch (error) {
        if (!res.headersSent) {
          res.statusCode = 500;
          res.end(String(error));
        } else res.destroy();
      }
      return;
    }

    const rawBody = await readBody(req);
    const lookupMethod = method === 'HEAD' ? 'GET' : method;
    let matched: { route: Route; params: Record<string, string> } | undefined;
    for (const route of this.routes) {
      const m = matchTemplate(route.compiled, path);
      if (!m) continue;
      if (route.method === lookupMethod) {
        matched = { route, params: m.params };
        break;
      }
    }
    const routeName = matched?.route.compiled.template ?? '';
    const entryBase = {
      method,
      path,
      route: routeName,
      operationId: matched?.route.operationId ?? '',
      identity: login,
      isWrite: matched?.route.write ?? !(method === 'GET' || method === 'HEAD'),
      at,
    };
    const finish = (response: SandboxResponse): void => {
      this.parts.log.add({ ...entryBase, status: response.status, responseBody: response.body });
      this.send(res, method, response, auth.identity);
    };

    const fault = this.parts.faults.take(method, path, matched ? routeName : null);
    if (fault?.kind === 'reset') {
      this.parts.log.add({ ...entryBase, status: 0 });
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'latency') await delay(fault.ms ?? 0);
    if (fault?.kind === 'status') {
      const headers = fault.headers ?? {};
      finish({ status: fault.status!, body: fault.body ?? faultBody(fault.status!, headers), headers });
      return;
    }

    if (auth.badCredentials) {
      finish(errorResponse(401, 'Bad credentials'));
      return;
    }
    if (!matched) {
      // GitHub answers 404 for unknown paths and for methods a path does not have.
      finish(errorResponse(404, 'Not Found'));
      return;
    }

    let body: unknown;
    if (!matched.route.bytes && rawBody.length > 0 && isJson(req.headers['content-type'], rawBody)) {
      try {
        body = JSON.parse(rawBody.toString('utf8'));
      } catch {
        finish(errorResponse(400, 'Problems parsing JSON'));
        return;
      }
    }
    const request: SandboxRequest = {
      method,
      path,
      route: routeName,
      params: matched.params,
      query,
      body,
      rawBody,
      headers: req.headers,
      identity: auth.identity,
    };
    let response: SandboxResponse;
    try {
      response = await matched.route.handler(request);
    } catch (error) {
      if (error instanceof SandboxHttpError) {
        response = errorResponse(error.status, error.message, error.errors, error.headers);
      } else {
        // A sandbox bug: answer 500 with the reason so the failing test shows it.
        response = errorResponse(500, `sandbox error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
    }
    if (fault?.kind === 'after-write') {
      // The work happened; the client only sees the error ("lost response").
      const headers = fault.headers ?? {};
      response = { status: fault.status!, body: fault.body ?? faultBody(fault.status!, headers), headers };
    }
    finish(response);
  }

  private send(res: ServerResponse, method: string, response: SandboxResponse, identity: Identity | null): void {
    const headers: Record<string, string> = {
      'x-github-request-id': randomBytes(8).toString('hex').toUpperCase(),
      'x-github-media-type': 'github.v3; format=json',
      'x-github-api-version-selected': '2022-11-28',
      ...this.rateHeaders(identity),
    };
    let payload: Buffer | undefined;
    if (Buffer.isBuffer(response.body)) {
      headers['content-type'] = 'application/octet-stream';
      payload = response.body;
    } else if (response.body !== undefined) {
      headers['content-type'] = 'application/json; charset=utf-8';
      payload = Buffer.from(JSON.stringify(response.body));
    }
    for (const [k, v] of Object.entries(response.headers ?? {})) headers[k.toLowerCase()] = v;
    if (payload) headers['content-length'] = String(payload.length);
    res.writeHead(response.status, headers);
    res.end(method === 'HEAD' ? undefined : payload);
  }

  private rateHeaders(identity: Identity | null): Record<string, string> {
    const key = identity?.login ?? 'anonymous';
    const limit = identity ? 5000 : 60;
    const nowSeconds = Math.floor(this.parts.clock().getTime() / 1000);
    let window = this.rateUsed.get(key);
    if (!window || window.resetAt <= nowSeconds) {
      window = { used: 0, resetAt: nowSeconds + 3600 };
      this.rateUsed.set(key, window);
    }
    window.used += 1;
    return {
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(Math.max(0, limit - window.used)),
      'x-ratelimit-reset': String(window.resetAt),
      'x-ratelimit-used': String(window.used),
      'x-ratelimit-resource': 'core',
    };
  }
}

/** GitHub's error answer. */
export function errorResponse(
  status: number,
  message: string,
  errors?: readonly ValidationErrorItem[],
  headers?: Record<string, string>,
): SandboxResponse {
  const body: Record<string, unknown> = { message };
  if (errors && errors.length) body.errors = errors;
  body.documentation_url = DOCS;
  body.status = String(status);
  return { status, body, headers };
}

function isJson(contentType: string | undefined, body: Buffer): boolean {
  if (!contentType) return body[0] === 0x7b || body[0] === 0x5b; // '{' or '['
  return /json/i.test(contentType);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
