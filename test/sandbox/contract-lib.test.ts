/**
 * The contract validator itself: GitHub's own examples pass, and a drift from GitHub's shapes
 * (a missing field, a wrong type, an undocumented status, a mutilated webhook) is reported with
 * the JSON pointer of the offending field.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { describe, it, expect, beforeAll } from '@jest/globals';
import { loadGitHubContract, type GitHubContract } from './contract/openapi.js';

const ISSUE = '/repos/{owner}/{repo}/issues/{issue_number}';

interface ExampleGroup {
  name: string;
  examples: { action?: string }[];
}

let contract: GitHubContract;
let issueExample: Record<string, unknown>;
let labeledExample: Record<string, unknown>;

beforeAll(async () => {
  contract = await loadGitHubContract();
  // GitHub's own example for issues/get, as the OpenAPI description ships it.
  issueExample = contract.exampleResponse('get', ISSUE, 200) as Record<string, unknown>;
  const require = createRequire(import.meta.url);
  const file = require.resolve('@octokit/webhooks-examples/api.github.com/index.json');
  const groups = JSON.parse(await readFile(file, 'utf8')) as ExampleGroup[];
  const labeled = groups.find((g) => g.name === 'issues')?.examples.find((e) => e.action === 'labeled');
  if (!labeled) throw new Error('@octokit/webhooks-examples has no issues.labeled example');
  labeledExample = labeled as Record<string, unknown>;
});

describe('REST responses against @octokit/openapi', () => {
  it('knows the operation and its documented statuses', () => {
    expect(contract.operationId('GET', ISSUE)).toBe('issues/get');
    expect(contract.hasOperation('patch', ISSUE)).toBe(true);
    expect(contract.hasOperation('put', ISSUE)).toBe(false);
    expect(contract.documentedStatuses('get', ISSUE)).toEqual(expect.arrayContaining(['200', '304', '404', '410']));
  });

  it("accepts GitHub's own issues/get example", () => {
    expect(issueExample).toMatchObject({ number: expect.any(Number), title: expect.any(String) });
    expect(contract.validateResponse({ method: 'get', route: ISSUE, status: 200, body: issueExample })).toEqual([]);
  });

  it('accepts null where GitHub declares nullable (rewritten from OpenAPI 3.0)', () => {
    const body = { ...issueExample, assignee: null, milestone: null, closed_at: null, body: null, state_reason: null };
    expect(contract.validateResponse({ method: 'get', route: ISSUE, status: 200, body })).toEqual([]);
  });

  it('names a removed field', () => {
    const { title: _title, ...body } = issueExample;
    const errors = contract.validateResponse({ method: 'get', route: ISSUE, status: 200, body });
    expect(errors).toEqual(['issues/get 200 /title: required property is missing']);
  });

  it('names a field whose type changed, nested ones included', () => {
    const body = structuredClone(issueExample) as { number: unknown; user: { login: unknown } };
    body.number = String(body.number);
    body.user.login = 42;
    const errors = contract.validateResponse({ method: 'get', route: ISSUE, status: 200, body });
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^issues\/get 200 \/number: must be integer, got string "\d+"$/);
    expect(errors[1]).toBe('issues/get 200 /user/login: must be string, got number 42');
  });

  it('rejects a value outside an enum and a malformed date-time', () => {
    const body = { ...issueExample, state_reason: 'finished', created_at: 'yesterday' };
    const errors = contract.validateResponse({ method: 'get', route: ISSUE, status: 200, body });
    expect(errors.some((e) => e.includes('/state_reason: must be one of'))).toBe(true);
    expect(errors).toContain('issues/get 200 /created_at: must be a date-time, got string "yesterday"');
  });

  it('reports a nullable object that is present but incomplete by its missing fields only', () => {
    const body = { ...issueExample, milestone: { id: 1 } };
    const errors = contract.validateResponse({ method: 'get', route: ISSUE, status: 200, body });
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.startsWith('issues/get 200 /milestone/'))).toBe(true);
    expect(errors).toContain('issues/get 200 /milestone/number: required property is missing');
  });

  it('fails a status that GitHub does not document for the operation', () => {
    const errors = contract.validateResponse({ method: 'get', route: ISSUE, status: 201, body: issueExample });
    expect(errors).toEqual([
      expect.stringContaining('GitHub does not document status 201 for issues/get (documented: 200'),
    ]);
  });

  it("checks error bodies against GitHub's basic-error and validation-error", () => {
    const notFound = { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/issues/issues#get-an-issue', status: '404' };
    expect(contract.validateResponse({ method: 'get', route: ISSUE, status: 404, body: notFound })).toEqual([]);
    expect(contract.validateResponse({ method: 'get', route: ISSUE, status: 404, body: { message: 7 } })).toEqual([
      'issues/get 404 /message: must be string, got number 7',
    ]);
    // Undocumented but generic: 403 (rate limits, permissions) and 422 are held to the same shapes.
    expect(contract.validateResponse({ method: 'get', route: ISSUE, status: 403, body: { message: 'You have exceeded a secondary rate limit.' } })).toEqual([]);
    const invalid = {
      message: 'Validation Failed',
      errors: [{ resource: 'Issue', field: 'body', code: 'custom', message: 'body is too long (maximum is 65536 characters)' }],
      documentation_url: 'https://docs.github.com/rest/issues/issues#update-an-issue',
      status: '422',
    };
    expect(contract.validateResponse({ method: 'patch', route: ISSUE, status: 422, body: invalid })).toEqual([]);
    // validation-error requires documentation_url: a sandbox that forgets it drifts from GitHub.
    const { documentation_url: _url, ...withoutUrl } = invalid;
    expect(contract.validateResponse({ method: 'patch', route: ISSUE, status: 422, body: withoutUrl })).toEqual([
      'issues/update 422 /documentation_url: required property is missing',
    ]);
    expect(contract.validateResponse({ method: 'patch', route: ISSUE, status: 422, body: { errors: 'nope' } })).not.toEqual([]);
    expect(contract.validateResponse({ method: 'get', route: ISSUE, status: 502, body: '<html>bad gateway</html>' })).toEqual([]);
    expect(contract.validateResponse({ method: 'get', route: ISSUE, status: 304, body: undefined })).toEqual([]);
    // Status 0: the connection was reset without an answer (fault injection); nothing to check.
    expect(contract.validateResponse({ method: 'get', route: ISSUE, status: 0, body: undefined })).toEqual([]);
  });

  it('fails a body where GitHub documents none', () => {
    const route = '/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}';
    expect(contract.hasOperation('delete', route)).toBe(true);
    const labels = '/repos/{owner}/{repo}/labels/{name}';
    expect(contract.validateResponse({ method: 'delete', route: labels, status: 204, body: undefined })).toEqual([]);
    expect(contract.validateResponse({ method: 'delete', route: labels, status: 204, body: { ok: true } })).toEqual([
      'issues/delete-label 204: GitHub documents no body for this status, got an object',
    ]);
  });

  it('reports properties that GitHub does not declare when asked to', () => {
    const body = { ...issueExample, stateReason: 'completed' };
    expect(contract.validateResponse({ method: 'get', route: ISSUE, status: 200, body })).toEqual([]);
    expect(contract.validateResponse({ method: 'get', route: ISSUE, status: 200, body, unknownProperties: true })).toEqual([
      "issues/get 200 /stateReason: property not in GitHub's schema",
    ]);
    expect(contract.validateResponse({ method: 'get', route: ISSUE, status: 200, body: issueExample, unknownProperties: true })).toEqual([]);
    const nested = structuredClone(issueExample) as { user: Record<string, unknown> };
    nested.user.isAdmin = false;
    expect(contract.validateResponse({ method: 'get', route: ISSUE, status: 200, body: nested, unknownProperties: true })).toEqual([
      "issues/get 200 /user/isAdmin: property not in GitHub's schema",
    ]);
  });

  it('fails an operation GitHub does not have', () => {
    expect(contract.validateResponse({ method: 'get', route: '/repos/{owner}/{repo}/publish-requests', status: 200, body: [] })).toEqual([
      "GET /repos/{owner}/{repo}/publish-requests: no such operation in GitHub's OpenAPI description",
    ]);
  });

  it('checks request bodies', () => {
    const create = '/repos/{owner}/{repo}/issues';
    expect(contract.validateRequestBody({ method: 'post', route: create, body: { title: 'publish: @acme/foo@1.2.3', labels: ['publish'] } })).toEqual([]);
    expect(contract.validateRequestBody({ method: 'post', route: create, body: { body: 'no title' } })).toEqual([
      'issues/create request body /title: required property is missing',
    ]);
  });

  it('matches concrete paths to the templates GitHub uses', () => {
    expect(contract.matchRoute('GET', '/repos/acme/central/issues/12?per_page=100')).toEqual({
      route: ISSUE,
      operationId: 'issues/get',
      params: { owner: 'acme', repo: 'central', issue_number: '12' },
    });
    expect(contract.matchRoute('GET', '/repos/acme/central/issues/comments')?.operationId).toBe('issues/list-comments-for-repo');
    expect(contract.matchRoute('GET', '/repos/acme/central/git/ref/heads/release/1.2.3')?.params.ref).toBe('heads/release/1.2.3');
    expect(contract.matchRoute('GET', '/repos/acme/central/git/ref/heads%2Fmain')?.params.ref).toBe('heads/main');
    expect(contract.matchRoute('PUT', '/repos/acme/central/issues/12')).toBeUndefined();
  });
});

describe('webhook payloads against @octokit/openapi-webhooks', () => {
  it('accepts the issues.labeled example of @octokit/webhooks-examples', () => {
    expect(contract.webhookKeys()).toEqual(expect.arrayContaining(['issues-labeled', 'issue-comment-created', 'push']));
    expect(contract.validateWebhook('issues', 'labeled', labeledExample)).toEqual([]);
  });

  it('names the fields of a mutilated issues.labeled payload', () => {
    const payload = structuredClone(labeledExample) as { sender?: unknown; issue: { number: unknown }; label?: { name?: unknown } };
    delete payload.sender;
    payload.issue.number = 'one';
    delete payload.label?.name;
    const errors = contract.validateWebhook('issues', 'labeled', payload);
    expect(errors).toEqual(
      expect.arrayContaining([
        'webhook issues-labeled /sender: required property is missing',
        'webhook issues-labeled /issue/number: must be integer, got string "one"',
        'webhook issues-labeled /label/name: required property is missing',
      ]),
    );
  });

  it('fails an action that does not match the event key, and an unknown event', () => {
    expect(contract.validateWebhook('issues', 'unlabeled', labeledExample)).toEqual([
      expect.stringContaining('webhook issues-unlabeled /action: must be one of ["unlabeled"], got string "labeled"'),
    ]);
    expect(contract.validateWebhook('issues', 'approved', labeledExample)[0]).toMatch(
      /^webhook issues-approved: not in GitHub's webhook description \(known: issues-assigned, /,
    );
  });
});
