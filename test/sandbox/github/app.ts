/**
 * The sandbox GitHub server's router and the contract between its route modules.
 *
 * How a route module plugs in: it exports a function `register<Name>Routes(app: SandboxApp)`
 * (see `routes/issues.ts` for a model), which `index.ts` calls once per sandbox. Inside, it calls
 * `app.route(method, template, handler)` for each JSON endpoint, with `template` spelled exactly
 * as the path in GitHub's OpenAPI description (`/repos/{owner}/{repo}/issues/{issue_number}`):
 * the request log names the route with it and the contract test finds the operation by it.
 * A handler receives a parsed `SandboxRequest` and returns `{ status, body?, headers? }`; a Buffer
 * body is sent as bytes (set `content-type` in headers). To answer an error, throw through
 * `app.fail(status, message, errors?)`, which builds GitHub's error body. Check access with
 * `app.requireRepo` (404 for unknown or invisible repos) and `app.requirePermission`
 * (GitHub's 403/404 rules for users, app installations and workflow tokens). Mutations emit
 * webhooks with `app.emit`; timestamps come from `app.now()` / `app.timestamp()`; ids from
 * `app.state.nextId()`. Per-sandbox data of a module lives in `app.state.extension(key, create)`.
 * Non-JSON endpoints (git smart HTTP) use `app.raw(prefix, handler)` and get Node's req/res.
 * Writes are decided by method (anything but GET/HEAD) unless `options.write` says otherwise.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Renderer } from './render.js';
import type { Identity, RepoState, SandboxState } from './state.js';

export type PermissionScope =
  | 'issues'
  | 'contents'
  | 'checks'
  | 'statuses'
  | 'actions'
  | 'metadata'
  | 'pull_requests'
  | 'administration'
  | 'members';
export type PermissionLevel = 'read' | 'write';

/** Anything that carries the authenticated identity (a SandboxRequest, a raw-route context). */
export interface Requester {
  /** null for anonymous requests. */
  readonly identity: Identity | null;
}

/** A parsed JSON-API request as a route handler sees it. */
export interface SandboxRequest extends Requester {
  readonly method: string;
  /** The path as received (still percent-encoded), without the query. */
  readonly path: string;
  /** The OpenAPI template that matched. */
  readonly route: string;
  /** Template parameters, percent-decoded. */
  readonly params: Readonly<Record<string, string>>;
  /** Query parameters (the last value wins for repeated keys). */
  readonly query: Readonly<Record<string, string>>;
  /** Parsed JSON body; undefined when there is none or it is not JSON. */
  readonly body: unknown;
  /** The body bytes as received (asset uploads). */
  readonly rawBody: Buffer;
  readonly headers: IncomingHttpHeaders;
}

export interface SandboxResponse {
  readonly status: number;
  /** JSON-serialised unless it is a Buffer; omitted for 204 and the like. */
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export type RouteHandler = (req: SandboxRequest) => SandboxResponse | Promise<SandboxResponse>;

export interface RouteOptions {
  /** Overrides the method-based guess (GET/HEAD read, everything else writes). */
  readonly write?: boolean;
  /** Overrides the operationId from the built-in table (`operations.ts`). */
  readonly operationId?: string;
  /**
   * The body is bytes, never parsed as JSON (asset uploads; on by default for
   * `repos/upload-release-asset`). `req.body` stays undefined; use `req.rawBody`.
   */
  readonly bytes?: boolean;
}

/** What a raw handler gets besides Node's req/res. */
export interface RawContext extends Requester {
  /** Parameters of the prefix template. */
  readonly params: Readonly<Record<string, string>>;
  /** The rest of the path after the prefix, starting with '/' (or ''). */
  readonly rest: string;
  readonly query: Readonly<Record<string, string>>;
  /** True when credentials were sent but matched no token (answer 401). */
  readonly badCredentials: boolean;
}

export type RawHandler = (req: IncomingMessage, res: ServerResponse, context: RawContext) => void | Promise<void>;

/** One entry of a GitHub 422 `errors` array. */
export interface ValidationErrorItem {
  readonly resource: string;
  readonly field?: string;
  readonly code: string;
  readonly message?: string;
  readonly value?: unknown;
}

/** Thrown by `fail`; the router turns it into GitHub's error answer. */
export class SandboxHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: readonly ValidationErrorItem[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

/** The services a route module uses. */
export interface SandboxApp {
  readonly state: SandboxState;
  /** API base, e.g. http://127.0.0.1:PORT */
  readonly apiUrl: string;
  /** Web base for html_url. */
  readonly serverUrl: string;

  /** Registers a JSON endpoint under its OpenAPI path template. */
  route(method: string, template: string, handler: RouteHandler, options?: RouteOptions): void;
  /**
   * Registers a non-JSON endpoint by prefix template, e.g. `/{owner}/{repo}.git`; it receives
   * every request whose path starts with the prefix (raw routes are tried before JSON routes).
   */
  raw(prefix: string, handler: RawHandler, options?: { operationId?: string }): void;

  /** The sandbox clock. */
  now(): Date;
  /** The clock as GitHub writes timestamps (`2024-01-01T00:00:00Z`). */
  timestamp(): string;

  /**
   * Emits a webhook the way GitHub would: adds `sender` (the actor), `repository`,
   * `organization` (org-owned repos) and `installation` (app tokens) unless the payload has them.
   */
  emit(event: string, action: string | undefined, payload: Record<string, unknown>, actor: Identity | null, repo?: RepoState): void;

  /** `${apiUrl}${path}` */
  api(path: string): string;
  /** `${serverUrl}${path}` */
  html(path: string): string;
  /** GitHub's simple-user object for a login (a minimal one for unknown logins). */
  userJson(login: string): Record<string, unknown>;
  /** GitHub's full repository object. */
  repoJson(repo: RepoState): Record<string, unknown>;
  /** Every GitHub object shape the core knows (users, orgs, repos, issues, labels, comments, apps). */
  readonly render: Renderer;

  /** Slices `items` by `per_page` (≤100, default 30) and `page`, and builds the `Link` header. */
  paginate<T>(req: SandboxRequest, items: readonly T[]): { items: T[]; headers: Record<string, string> };
  /** Throws GitHub's error answer: `{message, documentation_url, status}` (+ `errors` for 422). */
  fail(status: number, message: string, errors?: readonly ValidationErrorItem[]): never;
  /** The repository, or 404 when it does not exist or the requester may not see it. */
  requireRepo(req: Requester, owner: string, repo: string): RepoState;
  /** Throws GitHub's 403 (tokens, visible repos) or 404 (invisible repos) unless allowed. */
  requirePermission(req: Requester, repoFullName: string, scope: PermissionScope, level: PermissionLevel): void;
  /** The non-throwing form of requirePermission. */
  can(identity: Identity | null, repo: RepoState, scope: PermissionScope, level: PermissionLevel): boolean;
  /** Login of an identity (null for anonymous). */
  loginOf(identity: Identity | null): string | null;
}

/** A compiled route or raw prefix. */
export interface CompiledTemplate {
  readonly template: string;
  readonly regex: RegExp;
  readonly names: readonly string[];
  /** Literal characters: more literal = more specific, tried first. */
  readonly literal: number;
}

// Parameters that may hold slashes (refs like heads/feature/x, file paths, `base...head`).
const GREEDY = new Set(['path', 'ref', 'basehead', 'branch', 'tag']);

/** Compiles an OpenAPI path template; `prefix` leaves the end open for raw routes. */
export function compileTemplate(template: string, prefix = false): CompiledTemplate {
  const names: string[] = [];
  let literal = 0;
  const source = template.replace(/\{([^}]+)\}|[^{]+/g, (part: string, name?: string) => {
    if (name) {
      names.push(name);
      return GREEDY.has(name) ? '(.+?)' : '([^/]+?)';
    }
    literal += part.length;
    return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  });
  const regex = new RegExp(`^${source}${prefix ? '(/.*)?' : '/?'}$`);
  return { template, regex, names, literal };
}

/** Matches a path (percent-encoded) against a template; params come back decoded. */
export function matchTemplate(compiled: CompiledTemplate, path: string): { params: Record<string, string>; rest: string } | null {
  const m = compiled.regex.exec(path);
  if (!m) return null;
  const params: Record<string, string> = {};
  try {
    compiled.names.forEach((name, i) => {
      params[name] = decodeURIComponent(m[i + 1] ?? '');
    });
  } catch {
    return null;
  }
  return { params, rest: m[compiled.names.length + 1] ?? '' };
}
