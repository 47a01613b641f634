/**
 * GitHub's published contract as a validator: REST responses and request bodies are checked against
 * the OpenAPI description in `@octokit/openapi` (OpenAPI 3.0.3), webhook payloads against the
 * webhook description in `@octokit/openapi-webhooks` (OpenAPI 3.1, schemas under
 * `webhooks["<event>-<action>"]`, which point into `components.schemas["webhook-<event>-<action>"]`).
 *
 * How it works: each description is parsed once per process (about 0.4 s for the 13 MB REST file),
 * its schemas are rewritten from OpenAPI 3.0 to JSON Schema (`nullable`), and the whole document is
 * registered in ajv as one root schema, so that `#/components/...` references resolve. A validator
 * is compiled only when an operation + status is first checked, from a `$ref` into that root, and
 * then cached. Checking an extra property that GitHub does not document is opt-in
 * (`unknownProperties: true`), because GitHub's own schemas leave `additionalProperties` open
 * (and 55 of the 771 valid examples in the description carry such extra keys).
 *
 * Webhooks: validated against the webhook description itself, not against the examples of
 * `@octokit/webhooks-examples`; those are older than the description and about a third fail it
 * (e.g. `release.*` lacks `immutable`, `push` lacks `repository.has_discussions`), so they serve
 * only as test inputs (the `issues.*` ones all pass except one `edited` and one `transferred`).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import formatsModule from 'ajv-formats';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type SchemaNode = Record<string, unknown>;

interface MediaType {
  schema?: SchemaNode;
  examples?: Record<string, { value?: unknown }>;
  example?: unknown;
}
interface ResponseObject {
  $ref?: string;
  description?: string;
  content?: Record<string, MediaType>;
}
interface OperationObject {
  operationId?: string;
  requestBody?: { content?: Record<string, MediaType>; required?: boolean };
  responses?: Record<string, ResponseObject>;
}
interface OpenApiDocument {
  paths?: Record<string, Record<string, OperationObject>>;
  webhooks?: Record<string, Record<string, OperationObject>>;
  components?: {
    schemas?: Record<string, SchemaNode>;
    responses?: Record<string, ResponseObject>;
    examples?: Record<string, { value?: unknown }>;
  };
}

/** A response to check: `route` is the OpenAPI path template, e.g. `/repos/{owner}/{repo}/issues/{issue_number}`. */
export interface ResponseCheck {
  method: string;
  route: string;
  status: number;
  body: unknown;
  /** Also report properties that GitHub's schema does not declare (GitHub's schemas allow them). */
  unknownProperties?: boolean;
}

/** A request body to check against the operation's documented `requestBody`. */
export interface RequestBodyCheck {
  method: string;
  route: string;
  body: unknown;
}

/** A concrete request path matched to an operation of the description. */
export interface RouteMatch {
  route: string;
  operationId: string | undefined;
  params: Record<string, string>;
}

/** GitHub's REST and webhook contract, loaded once per process. */
export interface GitHubContract {
  /** Errors (JSON pointer first) of a response against GitHub's description; empty when it conforms. */
  validateResponse(check: ResponseCheck): string[];
  /** Errors of a request body against the operation's documented `application/json` request body. */
  validateRequestBody(check: RequestBodyCheck): string[];
  /** Errors of a webhook payload against `@octokit/openapi-webhooks` (event as in `X-GitHub-Event`, e.g. `issue_comment`). */
  validateWebhook(event: string, action: string | undefined, payload: unknown): string[];
  /** GitHub's operationId (e.g. `issues/get`), or undefined when the description has no such operation. */
  operationId(method: string, route: string): string | undefined;
  /** Whether GitHub's description has this method on this path template. */
  hasOperation(method: string, route: string): boolean;
  /** The statuses GitHub documents for an operation, as in the description (`'200'`, `'304'`, ...). */
  documentedStatuses(method: string, route: string): string[];
  /** The first documented example body for an operation and status, if the description has one. */
  exampleResponse(method: string, route: string, status: number): unknown;
  /** Matches a concrete path (`/repos/acme/central/issues/1`, no query) to a path template. */
  matchRoute(method: string, path: string): RouteMatch | undefined;
  /** Every webhook key the description has (`issues-labeled`, `issue-comment-created`, `push`, ...). */
  webhookKeys(): string[];
}

interface RouteEntry {
  method: string;
  route: string;
  regex: RegExp;
  names: string[];
  literals: number;
}

const REST_ID = 'https://sandbox.invalid/github-rest.json';
const WEBHOOKS_ID = 'https://sandbox.invalid/github-webhooks.json';
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
/** Markers on the schemas the nullable rewrite adds, so their noise can be dropped from error lists. */
const NULL_BRANCH = 'x-sandbox-null-branch';
const NULLABLE_WRAPPER = 'x-sandbox-nullable';
/** Path parameters that GitHub allows to contain slashes (`heads/main`, `docs/a.md`, `main...topic`). */
const SLASHY_PARAMS = new Set(['ref', 'path', 'basehead', 'name', 'tag']);

let cached: Promise<GitHubContract> | undefined;

/** Loads GitHub's REST and webhook descriptions (cached in-process) and returns the validator. */
export async function loadGitHubContract(): Promise<GitHubContract> {
  cached ??= build().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

async function build(): Promise<GitHubContract> {
  const require = createRequire(import.meta.url);
  const [rest, webhooks] = await Promise.all([
    readJson(require.resolve('@octokit/openapi/generated/api.github.com.json')),
    readJson(require.resolve('@octokit/openapi-webhooks/generated/api.github.com.json')),
  ]);
  rewriteDocument(rest);
  rewriteDocument(webhooks);
  return new Contract(rest, webhooks);
}

async function readJson(file: string): Promise<OpenApiDocument> {
  return JSON.parse(await readFile(file, 'utf8')) as OpenApiDocument;
}

class Contract implements GitHubContract {
  private readonly ajv: Ajv;
  private readonly validators = new Map<string, ValidateFunction>();
  private routeTable: RouteEntry[] | undefined;

  constructor(
    private readonly rest: OpenApiDocument,
    private readonly webhooks: OpenApiDocument,
  ) {
    this.ajv = new Ajv({
      strict: false,
      allErrors: true,
      verbose: true,
      validateSchema: false,
      addUsedSchema: false,
      logger: false,
    });
    const addFormats = (formatsModule as unknown as { default?: (ajv: Ajv) => Ajv }).default ??
      (formatsModule as unknown as (ajv: Ajv) => Ajv);
    addFormats(this.ajv);
    // GitHub's own payloads carry bot addresses such as `41898282+github-actions[bot]@users.noreply.github.com`,
    // which ajv-formats' RFC-style regex rejects: GitHub's data, not its description, is the reference here.
    this.ajv.addFormat('email', /^[^\s@]+@[^\s@]+$/);
    this.ajv.addSchema({ $id: REST_ID, ...(rest as Record<string, unknown>) } as never);
    this.ajv.addSchema({ $id: WEBHOOKS_ID, ...(webhooks as Record<string, unknown>) } as never);
  }

  operationId(method: string, route: string): string | undefined {
    return this.operation(method, route)?.operationId;
  }

  hasOperation(method: string, route: string): boolean {
    return this.operation(method, route) !== undefined;
  }

  documentedStatuses(method: string, route: string): string[] {
    return Object.keys(this.operation(method, route)?.responses ?? {});
  }

  exampleResponse(method: string, route: string, status: number): unknown {
    const response = this.operation(method, route)?.responses?.[String(status)];
    const media = response ? this.resolveResponse(response).response.content?.['application/json'] : undefined;
    if (!media) return undefined;
    // An example is inline, `{ value: { $ref } }` or `{ $ref }` into components.examples.
    const first = (media.examples ? Object.values(media.examples)[0] : undefined) as { $ref?: unknown; value?: unknown } | undefined;
    const value = first?.$ref ? first : (first?.value ?? media.example);
    const ref = (value as { $ref?: unknown } | undefined)?.$ref;
    if (typeof ref === 'string' && ref.startsWith('#/components/examples/')) {
      return structuredClone(this.rest.components?.examples?.[ref.slice('#/components/examples/'.length)]?.value);
    }
    return structuredClone(value);
  }

  validateResponse(check: ResponseCheck): string[] {
    // Status 0 is a connection reset without an answer (fault injection): there is no shape to check.
    if (check.status === 0) return [];
    const method = check.method.toLowerCase();
    const op = this.operation(method, check.route);
    if (!op) return [`${method.toUpperCase()} ${check.route}: no such operation in GitHub's OpenAPI description`];
    const label = `${op.operationId ?? `${method.toUpperCase()} ${check.route}`} ${check.status}`;
    const declared = op.responses?.[String(check.status)];
    if (!declared) {
      if (check.status === 304) return [];
      if (check.status >= 400 && check.status < 600) return this.validateGenericError(check, label);
      const documented = Object.keys(op.responses ?? {}).join(', ');
      return [`${label}: GitHub does not document status ${check.status} for ${op.operationId} (documented: ${documented})`];
    }
    const { response, pointer } = this.resolveResponse(declared, ['paths', check.route, method, 'responses', String(check.status)]);
    const mediaKey = jsonMediaType(response.content);
    if (!response.content || Object.keys(response.content).length === 0) {
      return isEmptyBody(check.body) ? [] : [`${label}: GitHub documents no body for this status, got ${describe(check.body)}`];
    }
    if (!mediaKey) return []; // a non-JSON body (a redirect, a binary download): not checked here
    const media = response.content[mediaKey];
    if (!media?.schema) return [];
    const ref = `${REST_ID}#${toPointer([...pointer, 'content', mediaKey, 'schema'])}`;
    return this.run(ref, check.body, label, check.unknownProperties ?? false);
  }

  validateRequestBody(check: RequestBodyCheck): string[] {
    const method = check.method.toLowerCase();
    const op = this.operation(method, check.route);
    if (!op) return [`${method.toUpperCase()} ${check.route}: no such operation in GitHub's OpenAPI description`];
    const label = `${op.operationId ?? check.route} request body`;
    const content = op.requestBody?.content;
    const mediaKey = jsonMediaType(content);
    if (!content || !mediaKey) {
      if (content) return [];
      return isEmptyBody(check.body) ? [] : [`${label}: GitHub documents no request body, got ${describe(check.body)}`];
    }
    if (isEmptyBody(check.body)) return op.requestBody?.required ? [`${label}: GitHub requires a body`] : [];
    const ref = `${REST_ID}#${toPointer(['paths', check.route, method, 'requestBody', 'content', mediaKey, 'schema'])}`;
    return this.run(ref, check.body, label, false);
  }

  validateWebhook(event: string, action: string | undefined, payload: unknown): string[] {
    const hooks = this.webhooks.webhooks ?? {};
    const key = webhookKey(event, action);
    const media = hooks[key]?.post?.requestBody?.content?.['application/json'];
    if (!media?.schema) {
      const base = webhookKey(event, undefined);
      const known = Object.keys(hooks).filter((k) => k === base || k.startsWith(`${base}-`));
      return [`webhook ${key}: not in GitHub's webhook description${known.length ? ` (known: ${known.join(', ')})` : ''}`];
    }
    const ref = `${WEBHOOKS_ID}#${toPointer(['webhooks', key, 'post', 'requestBody', 'content', 'application/json', 'schema'])}`;
    return this.run(ref, payload, `webhook ${key}`, false);
  }

  webhookKeys(): string[] {
    return Object.keys(this.webhooks.webhooks ?? {});
  }

  matchRoute(method: string, path: string): RouteMatch | undefined {
    const m = method.toLowerCase();
    const rawPath = path.split('?')[0] ?? path;
    this.routeTable ??= this.buildRouteTable();
    let best: { entry: RouteEntry; match: RegExpExecArray } | undefined;
    for (const entry of this.routeTable) {
      if (entry.method !== m) continue;
      const match = entry.regex.exec(rawPath);
      // More literal segments win: `/issues/comments` beats `/issues/{issue_number}`.
      if (match && (!best || entry.literals > best.entry.literals)) best = { entry, match };
    }
    if (!best) return undefined;
    const params: Record<string, string> = {};
    best.entry.names.forEach((name, i) => {
      params[name] = decodeURIComponent(best.match[i + 1] ?? '');
    });
    return { route: best.entry.route, operationId: this.operationId(m, best.entry.route), params };
  }

  private buildRouteTable(): RouteEntry[] {
    const table: RouteEntry[] = [];
    for (const [route, item] of Object.entries(this.rest.paths ?? {})) {
      const names: string[] = [];
      const segments = route.split('/');
      const pattern = segments
        .map((segment, index) =>
          segment.replace(/\{([^}]+)\}|[^{}]+/g, (token, name: string | undefined) => {
            if (!name) return token.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
            names.push(name);
            // A slash-carrying parameter may span segments only as the last parameter of the template.
            const last = !segments.slice(index + 1).some((s) => s.includes('{'));
            return SLASHY_PARAMS.has(name) && last ? '(.+?)' : '([^/]+)';
          }),
        )
        .join('/');
      const literals = segments.filter((s) => s && !s.includes('{')).length;
      for (const method of Object.keys(item)) {
        if (METHODS.includes(method)) table.push({ method, route, regex: new RegExp(`^${pattern}/?$`), names: [...names], literals });
      }
    }
    return table;
  }

  private operation(method: string, route: string): OperationObject | undefined {
    const m = method.toLowerCase();
    if (!METHODS.includes(m)) return undefined;
    return this.rest.paths?.[route]?.[m];
  }

  /** Follows a `#/components/responses/...` reference and returns the JSON pointer of the target. */
  private resolveResponse(response: ResponseObject, pointer: string[] = []): { response: ResponseObject; pointer: string[] } {
    if (typeof response.$ref === 'string' && response.$ref.startsWith('#/components/responses/')) {
      const name = response.$ref.slice('#/components/responses/'.length);
      const target = this.rest.components?.responses?.[name];
      if (target) return { response: target, pointer: ['components', 'responses', name] };
    }
    return { response, pointer };
  }

  private validateGenericError(check: ResponseCheck, label: string): string[] {
    if (isEmptyBody(check.body)) return [];
    // A gateway error may carry HTML or plain text, as GitHub's front ends do.
    if (check.status >= 500 && typeof check.body === 'string') return [];
    const basic = this.run(`${REST_ID}#/components/schemas/basic-error`, check.body, label, check.unknownProperties ?? false);
    if (basic.length === 0) return [];
    const validation = this.run(`${REST_ID}#/components/schemas/validation-error`, check.body, label, check.unknownProperties ?? false);
    if (validation.length === 0) return [];
    return check.status === 422 ? validation : basic;
  }

  private run(ref: string, data: unknown, label: string, unknownProperties: boolean): string[] {
    let validate = this.validators.get(ref);
    if (!validate) {
      validate = this.ajv.compile({ $ref: ref });
      this.validators.set(ref, validate);
    }
    const errors: string[] = [];
    if (!validate(data)) errors.push(...formatErrors(validate.errors ?? [], label));
    if (unknownProperties && errors.length === 0) errors.push(...this.unknownProperties(ref, data, label));
    return errors;
  }

  /** Reports object keys that no `properties` of the matching schema declares (walks refs and combinators). */
  private unknownProperties(ref: string, data: unknown, label: string): string[] {
    const errors = new Set<string>();
    const root = (ref.startsWith(REST_ID) ? this.rest : this.webhooks) as unknown as SchemaNode;
    const resolve = (node: SchemaNode): SchemaNode => {
      let current = node;
      for (let depth = 0; typeof current.$ref === 'string' && depth < 20; depth++) {
        current = pointerGet(root, (current.$ref as string).slice(1)) ?? {};
      }
      return current;
    };
    // A schema and, recursively, every allOf/anyOf/oneOf branch of it, references followed.
    const flatten = (node: SchemaNode, depth = 0): SchemaNode[] => {
      const schema = resolve(node);
      if (depth > 8) return [schema];
      const branches = ['allOf', 'anyOf', 'oneOf'].flatMap((k) => (Array.isArray(schema[k]) ? (schema[k] as SchemaNode[]) : []));
      return [schema, ...branches.flatMap((b) => flatten(b, depth + 1))];
    };
    const walk = (schemaNode: SchemaNode, value: unknown, path: string, depth: number): void => {
      if (depth > 64 || value === null || typeof value !== 'object') return;
      const all = flatten(schemaNode);
      if (Array.isArray(value)) {
        const items = all.map((s) => s.items).find((i) => i && typeof i === 'object') as SchemaNode | undefined;
        if (items) value.forEach((v, i) => walk(items, v, `${path}/${i}`, depth + 1));
        return;
      }
      // Keys declared by this schema or any of its branches (a key one branch declares is not unknown).
      const candidates = all.filter((s) => s.properties || s.additionalProperties !== undefined);
      if (candidates.length === 0) return;
      const open = candidates.some((s) => s.additionalProperties && s.additionalProperties !== false && !s.properties);
      const declared = new Map<string, SchemaNode>();
      for (const s of candidates) {
        for (const [k, v] of Object.entries((s.properties as Record<string, SchemaNode>) ?? {})) if (!declared.has(k)) declared.set(k, v);
      }
      for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
        const childSchema = declared.get(key);
        const pointer = `${path}/${escapePointer(key)}`;
        if (childSchema) walk(childSchema, child, pointer, depth + 1);
        else if (!open) errors.add(`${label} ${pointer}: property not in GitHub's schema`);
      }
    };
    const target = pointerGet(root, ref.slice(ref.indexOf('#') + 1));
    if (target) walk(target, data, '', 0);
    return [...errors];
  }
}

/** Rewrites every schema of an OpenAPI document in place (components, responses, request bodies, webhooks). */
function rewriteDocument(doc: OpenApiDocument): void {
  const seen = new WeakSet<object>();
  for (const schema of Object.values(doc.components?.schemas ?? {})) rewriteSchema(schema, seen);
  const rewriteContent = (content: Record<string, MediaType> | undefined): void => {
    for (const media of Object.values(content ?? {})) if (media.schema) rewriteSchema(media.schema, seen);
  };
  for (const response of Object.values(doc.components?.responses ?? {})) rewriteContent(response.content);
  for (const item of [...Object.values(doc.paths ?? {}), ...Object.values(doc.webhooks ?? {})]) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      rewriteContent(op.requestBody?.content);
      for (const response of Object.values(op.responses ?? {})) rewriteContent(response.content);
    }
  }
}

/**
 * OpenAPI 3.0 → JSON Schema: `nullable: true` with a plain `type` becomes a type array with `null`
 * (and `null` joins an `enum`); otherwise the schema is wrapped in `anyOf: [schema, {type: 'null'}]`,
 * because composition keywords or a `$ref` would still reject null.
 */
function rewriteSchema(schema: SchemaNode, seen: WeakSet<object>): void {
  if (!schema || typeof schema !== 'object' || seen.has(schema)) return;
  seen.add(schema);
  for (const key of ['properties', 'patternProperties', '$defs', 'definitions']) {
    const map = schema[key];
    if (map && typeof map === 'object') for (const child of Object.values(map as Record<string, SchemaNode>)) rewriteSchema(child, seen);
  }
  for (const key of ['additionalProperties', 'items', 'not', 'contains', 'propertyNames']) {
    const child = schema[key];
    if (Array.isArray(child)) child.forEach((c: SchemaNode) => rewriteSchema(c, seen));
    else if (child && typeof child === 'object') rewriteSchema(child as SchemaNode, seen);
  }
  for (const key of ['allOf', 'anyOf', 'oneOf', 'prefixItems']) {
    const list = schema[key];
    if (Array.isArray(list)) list.forEach((c: SchemaNode) => rewriteSchema(c, seen));
  }
  if (!('nullable' in schema)) return;
  const nullable = schema.nullable === true;
  delete schema.nullable;
  if (!nullable) return;
  const composed = ['allOf', 'anyOf', 'oneOf', 'not', '$ref'].some((k) => k in schema);
  if (typeof schema.type === 'string' && !composed) {
    schema.type = [schema.type, 'null'];
    if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum = [...schema.enum, null];
    return;
  }
  const inner: SchemaNode = {};
  for (const key of Object.keys(schema)) {
    inner[key] = schema[key];
    delete schema[key];
  }
  schema.anyOf = [inner, { type: 'null', [NULL_BRANCH]: true }];
  schema[NULLABLE_WRAPPER] = true;
}

/** Turns ajv errors into `label /json/pointer: message` lines, without the noise of the nullable rewrite. */
function formatErrors(errors: ErrorObject[], label: string): string[] {
  const lines = new Set<string>();
  // The wrapper's "must match a schema in anyOf" adds nothing when the non-null branch said why.
  const hasDeeper = (e: ErrorObject): boolean =>
    errors.some(
      (o) =>
        o !== e &&
        !o.parentSchema?.[NULL_BRANCH] &&
        (o.instancePath === e.instancePath || o.instancePath.startsWith(`${e.instancePath}/`)),
    );
  for (const error of errors) {
    if (error.parentSchema?.[NULL_BRANCH]) continue; // "must be null" from the injected branch
    if (error.keyword === 'anyOf' && error.parentSchema?.[NULLABLE_WRAPPER] && hasDeeper(error)) continue;
    const where = error.instancePath || '/';
    const params = error.params as Record<string, unknown>;
    switch (error.keyword) {
      case 'required':
        lines.add(`${label} ${error.instancePath}/${escapePointer(String(params.missingProperty))}: required property is missing`);
        break;
      case 'additionalProperties':
        lines.add(`${label} ${error.instancePath}/${escapePointer(String(params.additionalProperty))}: property is not allowed`);
        break;
      case 'type':
        lines.add(`${label} ${where}: must be ${String(params.type)}, got ${describe(error.data)}`);
        break;
      case 'enum':
        lines.add(`${label} ${where}: must be one of ${JSON.stringify(params.allowedValues)}, got ${describe(error.data)}`);
        break;
      case 'format':
        lines.add(`${label} ${where}: must be a ${String(params.format)}, got ${describe(error.data)}`);
        break;
      default:
        lines.add(`${label} ${where}: ${error.message ?? error.keyword}${error.data === undefined ? '' : `, got ${describe(error.data)}`}`);
    }
  }
  return [...lines];
}

/** The description spells keys with dashes: `issue_comment` + `created` → `issue-comment-created`. */
function webhookKey(event: string, action: string | undefined): string {
  // A repository_dispatch's action is the sender's free-form event_type; GitHub describes one sample.
  if (event === 'repository_dispatch' && action) return 'repository-dispatch-sample.collected';
  return (action ? `${event}-${action}` : event).replace(/_/g, '-');
}

function jsonMediaType(content: Record<string, MediaType> | undefined): string | undefined {
  if (!content) return undefined;
  if (content['application/json']) return 'application/json';
  return Object.keys(content).find((k) => /[/+]json\b/.test(k));
}

function isEmptyBody(body: unknown): boolean {
  return body === undefined || body === null || body === '' || (Buffer.isBuffer(body) && body.length === 0);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value as Json);
  return `${typeof value} ${text.length > 60 ? `${text.slice(0, 57)}...` : text}`;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function toPointer(segments: string[]): string {
  return segments.map((s) => `/${encodeURIComponent(escapePointer(s))}`).join('');
}

function pointerGet(root: SchemaNode, pointer: string): SchemaNode | undefined {
  let node: unknown = root;
  for (const raw of pointer.split('/').slice(1)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node && typeof node === 'object' ? (node as SchemaNode) : undefined;
}
