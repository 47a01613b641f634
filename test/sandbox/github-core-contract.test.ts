import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Octokit } from '@octokit/rest';
import { type GitHubSandbox, type WebhookDelivery, startGitHubSandbox } from './github/index.js';
import { type GitHubContract, loadGitHubContract } from './contract/openapi.js';
import { OPERATION_IDS } from './github/operations.js';

const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

// The routes of the core half; the git half has its own contract test.
const CORE_ROUTES = [
  /^\/repos\/\{owner\}\/\{repo\}\/(issues|labels)/,
  /^\/repos\/\{owner\}\/\{repo\}(\/collaborators.*)?$/,
  /^\/users?(\/|$)/,
  /^\/orgs\//,
  /^\/rate_limit$/,
];

let sandbox: GitHubSandbox;
let contract: GitHubContract;
const deliveries: WebhookDelivery[] = [];

beforeAll(async () => {
  contract = await loadGitHubContract();
  sandbox = await startGitHubSandbox();
  sandbox.webhooks.on((d) => deliveries.push(d));
  const { admin } = sandbox;
  admin.createOrg('acme');
  admin.createUser('alice', { name: 'Alice' });
  admin.createUser('bob');
  await admin.createRepo('acme', 'central');
  admin.setCollaborator('acme/central', 'alice', 'maintain');
  admin.createTeam('acme', 'release-managers');
  admin.setTeamMember('acme', 'release-managers', 'alice', 'active');
  const alice = new Octokit({ auth: admin.issueToken({ kind: 'user', login: 'alice' }), baseUrl: sandbox.apiUrl, log: silent });
  const bob = new Octokit({ auth: admin.issueToken({ kind: 'user', login: 'bob' }), baseUrl: sandbox.apiUrl, log: silent });
  const app = new Octokit({
    auth: admin.issueToken({ kind: 'app', appSlug: 'publish-bot', permissions: { issues: 'write', members: 'read' } }),
    baseUrl: sandbox.apiUrl,
    log: silent,
  });
  const o = { owner: 'acme', repo: 'central' };

  // Exercise every core route at least once, including its error answers.
  const issue = (await bob.rest.issues.create({ ...o, title: 'publish: x@1.0.0', body: 'body' })).data.number;
  await app.rest.issues.create({ ...o, title: 'by app', labels: ['auto'] });
  await alice.rest.issues.get({ ...o, issue_number: issue });
  await alice.rest.issues.listForRepo({ ...o, state: 'all', per_page: 1 });
  await alice.rest.issues.update({ ...o, issue_number: issue, title: 'publish: x@1.0.1', body: 'new body' });
  await alice.rest.issues.addLabels({ ...o, issue_number: issue, labels: ['accepted', 'hold'] });
  await alice.rest.issues.removeLabel({ ...o, issue_number: issue, name: 'hold' });
  await alice.rest.issues.setLabels({ ...o, issue_number: issue, labels: ['accepted'] });
  await alice.rest.issues.listLabelsOnIssue({ ...o, issue_number: issue });
  await alice.rest.issues.createLabel({ ...o, name: 'released', color: '00ff00', description: 'done' });
  await alice.rest.issues.getLabel({ ...o, name: 'released' });
  await alice.rest.issues.updateLabel({ ...o, name: 'released', color: '00ff01' });
  await alice.rest.issues.listLabelsForRepo(o);
  await alice.rest.issues.deleteLabel({ ...o, name: 'released' });
  const comment = (await bob.rest.issues.createComment({ ...o, issue_number: issue, body: 'hello' })).data.id;
  await bob.rest.issues.updateComment({ ...o, comment_id: comment, body: 'hello!' });
  await bob.rest.issues.getComment({ ...o, comment_id: comment });
  await bob.rest.issues.listComments({ ...o, issue_number: issue });
  await bob.rest.issues.listCommentsForRepo(o);
  await alice.rest.issues.update({ ...o, issue_number: issue, state: 'closed', state_reason: 'completed' });
  await alice.rest.issues.update({ ...o, issue_number: issue, state: 'open' });
  await bob.rest.issues.listEvents({ ...o, issue_number: issue });
  await bob.rest.issues.listEventsForRepo(o);
  await bob.rest.issues.listEventsForTimeline({ ...o, issue_number: issue });
  await bob.rest.issues.deleteComment({ ...o, comment_id: comment });
  await alice.rest.issues.removeAllLabels({ ...o, issue_number: issue });
  const pr = admin.createPullRequestIssue('acme/central', { title: 'feat', user: 'bob' });
  await bob.rest.issues.get({ ...o, issue_number: pr });
  await bob.rest.repos.get(o);
  await app.rest.repos.getCollaboratorPermissionLevel({ ...o, username: 'alice' });
  await alice.rest.repos.listCollaborators(o);
  await alice.rest.repos.checkCollaborator({ ...o, username: 'alice' });
  await bob.rest.users.getByUsername({ username: 'alice' });
  await bob.rest.users.getAuthenticated();
  await bob.rest.orgs.get({ org: 'acme' });
  await app.rest.teams.getByName({ org: 'acme', team_slug: 'release-managers' });
  await app.rest.teams.getMembershipForUserInOrg({ org: 'acme', team_slug: 'release-managers', username: 'alice' });
  await app.rest.orgs.checkMembershipForUser({ org: 'acme', username: 'alice' });
  await app.rest.teams.listMembersInOrg({ org: 'acme', team_slug: 'release-managers' });
  await bob.rest.rateLimit.get();
  await alice.rest.repos.createDispatchEvent({ ...o, event_type: 'ci-finished', client_payload: { sha: 'abc' } });
  // error answers
  await Promise.allSettled([
    bob.rest.issues.create({ ...o, title: 't', body: 'x'.repeat(70_000) }),
    bob.rest.issues.get({ ...o, issue_number: 9999 }),
    bob.rest.issues.addLabels({ ...o, issue_number: issue, labels: ['nope'] }),
    alice.rest.issues.removeLabel({ ...o, issue_number: issue, name: 'absent' }),
    alice.rest.issues.createLabel({ ...o, name: 'accepted' }),
    app.rest.teams.getMembershipForUserInOrg({ org: 'acme', team_slug: 'release-managers', username: 'bob' }),
    app.rest.users.getAuthenticated(),
    bob.rest.repos.get({ owner: 'acme', repo: 'nope' }),
    bob.rest.repos.createDispatchEvent({ ...o, event_type: 'ci-finished' }),
  ]);
  await sandbox.settleWebhooks();
});

afterAll(async () => {
  await sandbox?.close();
});

describe('the core routes against GitHub OpenAPI description', () => {
  it('names every operation as GitHub does', () => {
    for (const [key, operationId] of Object.entries(OPERATION_IDS)) {
      const [method = '', template = ''] = key.split(' ');
      expect(`${key} → ${contract.operationId(method, template)}`).toBe(`${key} → ${operationId}`);
    }
  });

  it('answers every exercised request with a status and body GitHub describes', () => {
    const entries = sandbox.requests.entries.filter((e) => CORE_ROUTES.some((r) => r.test(e.route)));
    const routesSeen = new Set(entries.map((e) => `${e.method} ${e.route}`));
    expect(routesSeen.size).toBeGreaterThanOrEqual(35);
    const statuses = new Set(entries.map((e) => e.status));
    expect([...statuses].sort()).toEqual(expect.arrayContaining([200, 201, 204, 403, 404, 422]));
    const problems = entries
      .flatMap((e) => contract.validateResponse({ method: e.method, route: e.route, status: e.status, body: e.responseBody }))
      // GitHub sends its JSON error body with every 4xx, even where the description lists none.
      .filter((p) => !/ 4\d\d: GitHub documents no body for this status/.test(p));
    expect(problems).toEqual([]);
  });

  it('emits webhook payloads that match GitHub webhook descriptions', () => {
    const kinds = new Set(deliveries.map((d) => `${d.event}.${d.action}`));
    expect([...kinds]).toEqual(
      expect.arrayContaining([
        'issues.opened', 'issues.edited', 'issues.labeled', 'issues.unlabeled', 'issues.closed', 'issues.reopened',
        'issue_comment.created', 'issue_comment.edited', 'issue_comment.deleted', 'label.created', 'label.edited', 'label.deleted',
      ]),
    );
    const problems = deliveries.flatMap((d) => contract.validateWebhook(d.event, d.action, d.payload));
    expect(problems).toEqual([]);
  });

  it('catches a drift: a wrong shape fails validation', () => {
    const got = sandbox.requests.entries.find((e) => e.operationId === 'issues/get' && e.status === 200)!;
    const check = { method: 'GET', route: got.route, status: 200 };
    expect(contract.validateResponse({ ...check, body: got.responseBody })).toEqual([]);
    expect(contract.validateResponse({ ...check, body: { ...(got.responseBody as object), number: '1' } })).not.toEqual([]);
    const opened = deliveries.find((d) => d.event === 'issues' && d.action === 'opened')!;
    const { sender: _sender, ...withoutSender } = opened.payload;
    expect(contract.validateWebhook('issues', 'opened', withoutSender).join()).toContain('sender');
    expect(contract.validateWebhook('issues', 'opened', { ...opened.payload, issue: { ...(opened.payload.issue as object), state: 'shut' } })).not.toEqual([]);
  });
});
