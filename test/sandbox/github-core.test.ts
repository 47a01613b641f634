import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Octokit } from '@octokit/rest';
import { type GitHubSandbox, type WebhookDelivery, startGitHubSandbox } from './github/index.js';

const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const START = Date.parse('2026-03-01T10:00:00Z');

let sandbox: GitHubSandbox;
let time = START;
const tokens: Record<string, string> = {};
const kit = (name: string): Octokit => new Octokit({ auth: tokens[name], baseUrl: sandbox.apiUrl, log: silent });

/** The error an Octokit call throws (status, message, response data). */
async function failure(promise: Promise<unknown>): Promise<{ status: number; message: string; data: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { status: number; message: string; response?: { data: Record<string, unknown> } };
    return { status: e.status, message: e.message, data: e.response?.data ?? {} };
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  sandbox = await startGitHubSandbox({ now: () => new Date(time) });
  const { admin } = sandbox;
  admin.createOrg('acme');
  for (const login of ['alice', 'bob', 'carol', 'dave', 'erin', 'mallory']) admin.createUser(login);
  await admin.createRepo('acme', 'central');
  await admin.createRepo('acme', 'secret', { visibility: 'private' });
  admin.setCollaborator('acme/central', 'alice', 'maintain');
  admin.setCollaborator('acme/central', 'carol', 'triage');
  admin.setCollaborator('acme/central', 'erin', 'admin');
  admin.setCollaborator('acme/secret', 'alice', 'write');
  admin.createTeam('acme', 'release-managers');
  admin.setTeamMember('acme', 'release-managers', 'alice', 'active', 'maintainer');
  admin.setTeamMember('acme', 'release-managers', 'dave', 'pending');
  tokens.alice = admin.issueToken({ kind: 'user', login: 'alice' });
  tokens.bob = admin.issueToken({ kind: 'user', login: 'bob' });
  tokens.carol = admin.issueToken({ kind: 'user', login: 'carol' });
  tokens.erin = admin.issueToken({ kind: 'user', login: 'erin' });
  tokens.mallory = admin.issueToken({ kind: 'user', login: 'mallory' });
  tokens.app = admin.issueToken({ kind: 'app', appSlug: 'publish-bot', permissions: { issues: 'write', members: 'read' } });
  tokens.readApp = admin.issueToken({ kind: 'app', appSlug: 'reader', permissions: { issues: 'read' } });
  tokens.workflow = admin.issueToken({ kind: 'workflow', repository: 'acme/central', permissions: { issues: 'write', contents: 'read' } });
});

afterAll(async () => {
  await sandbox?.close();
});

beforeEach(() => {
  sandbox.faults.clear();
});

describe('issues', () => {
  it('creates, gets and updates an issue with GitHub shapes and the sandbox clock', async () => {
    time += 60_000;
    const created = await kit('bob').rest.issues.create({ owner: 'acme', repo: 'central', title: 'publish: a@1.0.0', body: 'hi' });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({
      title: 'publish: a@1.0.0',
      state: 'open',
      user: { login: 'bob', type: 'User' },
      html_url: `${sandbox.serverUrl}/acme/central/issues/${created.data.number}`,
      created_at: new Date(time).toISOString().replace('.000', ''),
      labels: [],
    });
    expect(created.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(created.headers['x-github-request-id']).toBeTruthy();
    expect(Number(created.headers['x-ratelimit-remaining'])).toBeLessThan(5000);

    const got = await kit('alice').rest.issues.get({ owner: 'acme', repo: 'central', issue_number: created.data.number });
    expect(got.data.id).toBe(created.data.id);
    expect(got.data).not.toHaveProperty('pull_request');

    time += 1000;
    const closed = await kit('alice').rest.issues.update({
      owner: 'acme', repo: 'central', issue_number: created.data.number, title: 'publish: a@1.0.1', state: 'closed', state_reason: 'not_planned',
    });
    expect(closed.data).toMatchObject({ state: 'closed', state_reason: 'not_planned', title: 'publish: a@1.0.1', closed_by: { login: 'alice' } });
    const events = await kit('bob').rest.issues.listEvents({ owner: 'acme', repo: 'central', issue_number: created.data.number });
    expect(events.data.map((e) => [e.event, e.actor?.login])).toEqual([['renamed', 'alice'], ['closed', 'alice']]);
    expect(events.data[0]).toMatchObject({ rename: { from: 'publish: a@1.0.0', to: 'publish: a@1.0.1' } });

    const reopened = await kit('alice').rest.issues.update({ owner: 'acme', repo: 'central', issue_number: created.data.number, state: 'open' });
    expect(reopened.data).toMatchObject({ state: 'open', state_reason: 'reopened', closed_at: null });
  });

  it('requires a title and rejects bodies over 65,536 characters as GitHub does', async () => {
    const noTitle = await failure(kit('bob').request('POST /repos/{owner}/{repo}/issues', { owner: 'acme', repo: 'central', body: 'x' } as never));
    expect(noTitle.status).toBe(422);
    const ok = await kit('bob').rest.issues.create({ owner: 'acme', repo: 'central', title: 'max', body: 'x'.repeat(65_536) });
    expect(ok.data.body).toHaveLength(65_536);
    const tooLong = await failure(kit('bob').rest.issues.create({ owner: 'acme', repo: 'central', title: 'long', body: 'x'.repeat(65_537) }));
    expect(tooLong.status).toBe(422);
    expect(tooLong.data).toMatchObject({
      message: 'Validation Failed',
      status: '422',
      errors: [{ resource: 'Issue', field: 'body', code: 'custom', message: 'body is too long (maximum is 65536 characters)' }],
    });
    expect(tooLong.data.documentation_url).toEqual(expect.any(String));
    const comment = await failure(kit('bob').rest.issues.createComment({ owner: 'acme', repo: 'central', issue_number: ok.data.number, body: 'y'.repeat(65_537) }));
    expect(comment.status).toBe(422);
  });

  it('lists with state, labels, creator, sort and pagination over more than 100 issues', async () => {
    await sandbox.admin.createRepo('acme', 'busy');
    sandbox.admin.setCollaborator('acme/busy', 'alice', 'write');
    const octokit = kit('alice');
    const bob = kit('bob');
    for (let i = 0; i < 105; i += 15) {
      await Promise.all(
        Array.from({ length: 15 }, (_, j) => {
          const n = i + j;
          time += 1000;
          const client = n % 5 === 0 ? bob : octokit;
          // bob has no triage: GitHub drops his labels silently, so his issues stay unlabelled.
          return client.rest.issues.create({ owner: 'acme', repo: 'busy', title: `issue ${n}`, labels: n % 2 === 0 ? ['even', 'x'] : ['odd'] });
        }),
      );
    }
    const first = await octokit.rest.issues.listForRepo({ owner: 'acme', repo: 'busy', per_page: 100 });
    expect(first.data).toHaveLength(100);
    expect(first.headers.link).toContain('rel="next"');
    expect(first.headers.link).toContain('rel="last"');
    expect(first.headers.link).toMatch(/page=2>; rel="last"/);
    const all = await octokit.paginate(octokit.rest.issues.listForRepo, { owner: 'acme', repo: 'busy', per_page: 100 });
    expect(all).toHaveLength(105);
    expect(new Set(all.map((i) => i.number)).size).toBe(105);
    const defaultPage = await octokit.rest.issues.listForRepo({ owner: 'acme', repo: 'busy' });
    expect(defaultPage.data).toHaveLength(30);
    const second = await octokit.rest.issues.listForRepo({ owner: 'acme', repo: 'busy', per_page: 100, page: 2 });
    expect(second.headers.link).toContain('rel="prev"');
    expect(second.headers.link).toContain('rel="first"');
    expect(second.headers.link).not.toContain('rel="next"');

    const both = await octokit.paginate(octokit.rest.issues.listForRepo, { owner: 'acme', repo: 'busy', labels: 'even,X', per_page: 100 });
    const expected = Array.from({ length: 105 }, (_, n) => n).filter((n) => n % 2 === 0 && n % 5 !== 0).length;
    expect(both).toHaveLength(expected);
    expect(both.every((i) => i.labels.length === 2)).toBe(true);
    const byBob = await octokit.paginate(octokit.rest.issues.listForRepo, { owner: 'acme', repo: 'busy', creator: 'bob', per_page: 100 });
    expect(byBob).toHaveLength(21);
    expect(byBob.every((i) => i.user?.login === 'bob' && i.labels.length === 0)).toBe(true);

    const asc = await octokit.rest.issues.listForRepo({ owner: 'acme', repo: 'busy', sort: 'created', direction: 'asc', per_page: 3 });
    expect(asc.data.map((i) => i.title)).toEqual(['issue 0', 'issue 1', 'issue 2']);
    const desc = await octokit.rest.issues.listForRepo({ owner: 'acme', repo: 'busy', per_page: 1 });
    expect(desc.data[0]?.number).toBe(105);

    time += 1000;
    await octokit.rest.issues.update({ owner: 'acme', repo: 'busy', issue_number: 1, state: 'closed' });
    const closed = await octokit.rest.issues.listForRepo({ owner: 'acme', repo: 'busy', state: 'closed' });
    expect(closed.data.map((i) => i.number)).toEqual([1]);
    const since = await octokit.rest.issues.listForRepo({ owner: 'acme', repo: 'busy', state: 'all', since: new Date(time).toISOString() });
    expect(since.data.map((i) => i.number)).toEqual([1]);
  });
});

describe('labels and events', () => {
  let issue: number;
  beforeAll(async () => {
    issue = (await kit('bob').rest.issues.create({ owner: 'acme', repo: 'central', title: 'publish: b@2.0.0' })).data.number;
  });

  it('adds labels (creating repo labels) and records who added which label and when', async () => {
    time += 5000;
    const added = await kit('alice').rest.issues.addLabels({ owner: 'acme', repo: 'central', issue_number: issue, labels: ['accepted'] });
    expect(added.data.map((l) => l.name)).toEqual(['accepted']);
    const repoLabel = await kit('bob').rest.issues.getLabel({ owner: 'acme', repo: 'central', name: 'accepted' });
    expect(repoLabel.data).toMatchObject({ name: 'accepted', color: 'ededed', default: false });

    const events = await kit('bob').rest.issues.listEvents({ owner: 'acme', repo: 'central', issue_number: issue });
    expect(events.data).toHaveLength(1);
    expect(events.data[0]).toMatchObject({
      event: 'labeled',
      actor: { login: 'alice' },
      label: { name: 'accepted', color: 'ededed' },
      created_at: new Date(time).toISOString().replace('.000', ''),
    });
    const timeline = await kit('bob').rest.issues.listEventsForTimeline({ owner: 'acme', repo: 'central', issue_number: issue });
    expect(timeline.data.map((e) => e.event)).toEqual(['labeled']);
  });

  it('refuses labels from people without triage and from read-only apps', async () => {
    const bob = await failure(kit('bob').rest.issues.addLabels({ owner: 'acme', repo: 'central', issue_number: issue, labels: ['accepted'] }));
    expect(bob.status).toBe(403);
    const reader = await failure(kit('readApp').rest.issues.addLabels({ owner: 'acme', repo: 'central', issue_number: issue, labels: ['x'] }));
    expect(reader.status).toBe(403);
    expect(reader.message).toContain('Resource not accessible by integration');
    // triage is enough
    await kit('carol').rest.issues.addLabels({ owner: 'acme', repo: 'central', issue_number: issue, labels: ['hold'] });
    expect(sandbox.admin.getIssue('acme/central', issue)?.labels).toEqual(['accepted', 'hold']);
  });

  it('removes labels, answers 404 for absent ones and records unlabeled', async () => {
    const left = await kit('carol').rest.issues.removeLabel({ owner: 'acme', repo: 'central', issue_number: issue, name: 'hold' });
    expect(left.data.map((l) => l.name)).toEqual(['accepted']);
    const missing = await failure(kit('carol').rest.issues.removeLabel({ owner: 'acme', repo: 'central', issue_number: issue, name: 'hold' }));
    expect(missing.status).toBe(404);
    expect(missing.data.message).toBe('Label does not exist');
    const set = await kit('alice').rest.issues.setLabels({ owner: 'acme', repo: 'central', issue_number: issue, labels: ['needs-info'] });
    expect(set.data.map((l) => l.name)).toEqual(['needs-info']);
    const events = sandbox.admin.listIssueEvents('acme/central', issue).map((e) => `${e.event}:${e.label?.name}:${e.actor}`);
    expect(events).toEqual([
      'labeled:accepted:alice',
      'labeled:hold:carol',
      'unlabeled:hold:carol',
      'unlabeled:accepted:alice',
      'labeled:needs-info:alice',
    ]);
    const onIssue = await kit('bob').rest.issues.listLabelsOnIssue({ owner: 'acme', repo: 'central', issue_number: issue });
    expect(onIssue.data.map((l) => l.name)).toEqual(['needs-info']);
  });

  it('creates repository labels and rejects duplicates', async () => {
    const created = await kit('alice').rest.issues.createLabel({ owner: 'acme', repo: 'central', name: 'released', color: '0E8A16' });
    expect(created.status).toBe(201);
    expect(created.data.color).toBe('0e8a16');
    const dup = await failure(kit('alice').rest.issues.createLabel({ owner: 'acme', repo: 'central', name: 'Released' }));
    expect(dup.status).toBe(422);
    expect(dup.data.errors).toEqual([{ resource: 'Label', code: 'already_exists', field: 'name' }]);
    const list = await kit('bob').rest.issues.listLabelsForRepo({ owner: 'acme', repo: 'central', per_page: 100 });
    expect(list.data.map((l) => l.name)).toContain('released');
  });
});

describe('comments', () => {
  it('creates, lists with pagination, gets, updates and deletes comments', async () => {
    const octokit = kit('bob');
    const issue = (await octokit.rest.issues.create({ owner: 'acme', repo: 'central', title: 'chatty' })).data.number;
    for (let i = 0; i < 5; i++) await octokit.rest.issues.createComment({ owner: 'acme', repo: 'central', issue_number: issue, body: `c${i}` });
    const page = await octokit.rest.issues.listComments({ owner: 'acme', repo: 'central', issue_number: issue, per_page: 2 });
    expect(page.data.map((c) => c.body)).toEqual(['c0', 'c1']);
    expect(page.headers.link).toMatch(/page=3>; rel="last"/);
    const all = await octokit.paginate(octokit.rest.issues.listComments, { owner: 'acme', repo: 'central', issue_number: issue, per_page: 2 });
    expect(all.map((c) => c.body)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
    const first = all[0]!;
    const got = await octokit.rest.issues.getComment({ owner: 'acme', repo: 'central', comment_id: first.id });
    expect(got.data).toMatchObject({ body: 'c0', user: { login: 'bob' }, issue_url: `${sandbox.apiUrl}/repos/acme/central/issues/${issue}` });
    const edited = await octokit.rest.issues.updateComment({ owner: 'acme', repo: 'central', comment_id: first.id, body: 'c0!' });
    expect(edited.data.body).toBe('c0!');
    const notYours = await failure(kit('carol').rest.issues.updateComment({ owner: 'acme', repo: 'central', comment_id: first.id, body: 'mine' }));
    expect(notYours.status).toBe(403);
    const deleted = await octokit.rest.issues.deleteComment({ owner: 'acme', repo: 'central', comment_id: first.id });
    expect(deleted.status).toBe(204);
    const gone = await failure(octokit.rest.issues.getComment({ owner: 'acme', repo: 'central', comment_id: first.id }));
    expect(gone.status).toBe(404);
    expect((await octokit.rest.issues.get({ owner: 'acme', repo: 'central', issue_number: issue })).data.comments).toBe(4);
  });

  it('treats pull requests as issues: pull_request key and comments', async () => {
    const number = sandbox.admin.createPullRequestIssue('acme/central', { title: 'feat: x', user: 'bob' });
    const pr = await kit('alice').rest.issues.get({ owner: 'acme', repo: 'central', issue_number: number });
    expect(pr.data.pull_request?.url).toBe(`${sandbox.apiUrl}/repos/acme/central/pulls/${number}`);
    const seen: WebhookDelivery[] = [];
    const off = sandbox.webhooks.on((d) => seen.push(d));
    await kit('alice').rest.issues.createComment({ owner: 'acme', repo: 'central', issue_number: number, body: 'lgtm' });
    await sandbox.settleWebhooks();
    off();
    expect(seen).toHaveLength(1);
    expect(seen[0]?.event).toBe('issue_comment');
    expect((seen[0]?.payload.issue as { pull_request?: unknown }).pull_request).toBeDefined();
  });
});

describe('people, teams and collaborators', () => {
  it('answers team memberships: active, pending, 404 for non-members, 403 for tokens without members', async () => {
    const app = kit('app');
    const active = await app.rest.teams.getMembershipForUserInOrg({ org: 'acme', team_slug: 'release-managers', username: 'alice' });
    expect(active.data).toMatchObject({ state: 'active', role: 'maintainer' });
    const pending = await app.rest.teams.getMembershipForUserInOrg({ org: 'acme', team_slug: 'release-managers', username: 'dave' });
    expect(pending.data).toMatchObject({ state: 'pending', role: 'member' });
    expect((await failure(app.rest.teams.getMembershipForUserInOrg({ org: 'acme', team_slug: 'release-managers', username: 'bob' }))).status).toBe(404);
    const workflow = await failure(kit('workflow').rest.teams.getMembershipForUserInOrg({ org: 'acme', team_slug: 'release-managers', username: 'alice' }));
    expect(workflow.status).toBe(403);
    expect((await failure(kit('bob').rest.teams.getMembershipForUserInOrg({ org: 'acme', team_slug: 'release-managers', username: 'alice' }))).status).toBe(404);
    const members = await app.rest.teams.listMembersInOrg({ org: 'acme', team_slug: 'release-managers' });
    expect(members.data.map((m) => m.login)).toEqual(['alice']);
  });

  it('reports collaborator permission and role_name (maintain→write, triage→read)', async () => {
    const app = kit('app');
    const get = (username: string) => app.rest.repos.getCollaboratorPermissionLevel({ owner: 'acme', repo: 'central', username });
    expect((await get('alice')).data).toMatchObject({ permission: 'write', role_name: 'maintain', user: { login: 'alice' } });
    expect((await get('carol')).data).toMatchObject({ permission: 'read', role_name: 'triage' });
    expect((await get('erin')).data).toMatchObject({ permission: 'admin', role_name: 'admin' });
    expect((await get('bob')).data).toMatchObject({ permission: 'read', role_name: 'read' });
    const secret = await kit('alice').rest.repos.getCollaboratorPermissionLevel({ owner: 'acme', repo: 'secret', username: 'bob' });
    expect(secret.data).toMatchObject({ permission: 'none', role_name: 'none' });
    expect((await failure(get('nobody'))).status).toBe(404);
  });

  it('serves repositories, users, orgs and /user', async () => {
    const repo = await kit('bob').rest.repos.get({ owner: 'acme', repo: 'central' });
    expect(repo.data).toMatchObject({ full_name: 'acme/central', default_branch: 'main', private: false, visibility: 'public', owner: { login: 'acme', type: 'Organization' } });
    expect(repo.data.permissions).toMatchObject({ pull: true, push: false });
    expect((await kit('bob').rest.users.getByUsername({ username: 'alice' })).data).toMatchObject({ login: 'alice', type: 'User' });
    expect((await kit('bob').rest.users.getByUsername({ username: 'publish-bot[bot]' })).data.type).toBe('Bot');
    expect((await kit('bob').rest.orgs.get({ org: 'acme' })).data).toMatchObject({ login: 'acme', type: 'Organization' });
    expect((await kit('bob').rest.users.getAuthenticated()).data.login).toBe('bob');
    expect((await failure(kit('app').rest.users.getAuthenticated())).status).toBe(403);
  });
});

describe('tokens', () => {
  it('answers 401 Bad credentials for unknown tokens', async () => {
    const e = await failure(new Octokit({ auth: 'ghp_nope', baseUrl: sandbox.apiUrl, log: silent }).rest.repos.get({ owner: 'acme', repo: 'central' }));
    expect(e.status).toBe(401);
    expect(e.data.message).toBe('Bad credentials');
  });

  it('hides private repositories (404) from users, workflows and anonymous callers', async () => {
    expect((await kit('alice').rest.repos.get({ owner: 'acme', repo: 'secret' })).data.private).toBe(true);
    expect((await failure(kit('bob').rest.repos.get({ owner: 'acme', repo: 'secret' }))).status).toBe(404);
    expect((await failure(kit('workflow').rest.issues.listForRepo({ owner: 'acme', repo: 'secret' }))).status).toBe(404);
    const anonymous = new Octokit({ baseUrl: sandbox.apiUrl, log: silent });
    expect((await failure(anonymous.rest.repos.get({ owner: 'acme', repo: 'secret' }))).status).toBe(404);
    expect((await anonymous.rest.repos.get({ owner: 'acme', repo: 'central' })).status).toBe(200);
    expect((await failure(anonymous.rest.issues.create({ owner: 'acme', repo: 'central', title: 'x' }))).status).toBe(401);
  });

  it('lets tokens write only what their permission map grants', async () => {
    const e = await failure(kit('readApp').rest.issues.create({ owner: 'acme', repo: 'central', title: 'x' }));
    expect(e.status).toBe(403);
    expect(e.data.message).toBe('Resource not accessible by integration');
    const { headers } = await fetch(`${sandbox.apiUrl}/repos/acme/central/issues`, {
      method: 'POST', headers: { authorization: `token ${tokens.readApp}`, 'content-type': 'application/json' }, body: JSON.stringify({ title: 'x' }),
    });
    expect(headers.get('x-accepted-github-permissions')).toBe('issues=write');
    const readOnlyRun = sandbox.admin.issueToken({ kind: 'workflow', repository: 'acme/central', permissions: { issues: 'read' } });
    const run = new Octokit({ auth: readOnlyRun, baseUrl: sandbox.apiUrl, log: silent });
    expect((await failure(run.rest.issues.create({ owner: 'acme', repo: 'central', title: 'x' }))).status).toBe(403);
    const byWorkflow = await kit('workflow').rest.issues.create({ owner: 'acme', repo: 'central', title: 'by workflow' });
    expect(byWorkflow.data.user?.login).toBe('github-actions[bot]');
    const byApp = await kit('app').rest.issues.create({ owner: 'acme', repo: 'central', title: 'by app' });
    expect(byApp.data.user).toMatchObject({ login: 'publish-bot[bot]', type: 'Bot' });
    expect(byApp.data.performed_via_github_app).toMatchObject({ slug: 'publish-bot' });
    const limited = sandbox.admin.issueToken({ kind: 'app', appSlug: 'narrow', permissions: { issues: 'write' }, repositories: ['busy'] });
    const narrow = new Octokit({ auth: limited, baseUrl: sandbox.apiUrl, log: silent });
    expect((await failure(narrow.rest.issues.create({ owner: 'acme', repo: 'central', title: 'x' }))).status).toBe(403);
    expect((await narrow.rest.issues.create({ owner: 'acme', repo: 'busy', title: 'x' })).status).toBe(201);
  });
});

describe('faults', () => {
  const count = () => sandbox.admin.listIssues('acme/central').length;

  it("'status' answers without doing the work", async () => {
    const before = count();
    sandbox.faults.add({ method: 'POST', path: '/repos/{owner}/{repo}/issues', kind: 'status', status: 502 });
    expect((await failure(kit('bob').rest.issues.create({ owner: 'acme', repo: 'central', title: 'lost' }))).status).toBe(502);
    expect(count()).toBe(before);
    // times defaults to 1: the next one goes through
    await kit('bob').rest.issues.create({ owner: 'acme', repo: 'central', title: 'ok' });
    expect(count()).toBe(before + 1);
  });

  it("'after-write' does the work and then answers the error (lost response)", async () => {
    const before = count();
    sandbox.faults.add({ method: 'POST', path: '/repos/acme/central/issues', kind: 'after-write', status: 502 });
    expect((await failure(kit('bob').rest.issues.create({ owner: 'acme', repo: 'central', title: 'half' }))).status).toBe(502);
    expect(count()).toBe(before + 1);
    expect(sandbox.admin.listIssues('acme/central').at(-1)?.title).toBe('half');
  });

  it("'latency' delays and 'reset' drops the connection", async () => {
    sandbox.faults.add({ path: /\/repos\/acme\/central$/, kind: 'latency', ms: 150 });
    const started = Date.now();
    await kit('bob').rest.repos.get({ owner: 'acme', repo: 'central' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    sandbox.faults.add({ path: '/repos/acme/central', kind: 'reset' });
    await expect(kit('bob').rest.repos.get({ owner: 'acme', repo: 'central' })).rejects.toThrow();
    expect(sandbox.requests.entries.at(-1)).toMatchObject({ status: 0, route: '/repos/{owner}/{repo}' });
  });

  it('scripts rate-limit answers that Octokit recognises', async () => {
    sandbox.faults.add({ path: '/repos/acme/central', kind: 'status', status: 403, headers: { 'retry-after': '1' }, times: 2 });
    for (let i = 0; i < 2; i++) {
      const e = await failure(kit('bob').rest.repos.get({ owner: 'acme', repo: 'central' }));
      expect(e.status).toBe(403);
      expect(String(e.data.message)).toMatch(/secondary rate limit/);
    }
    const reset = String(Math.floor(time / 1000) + 60);
    sandbox.faults.add({ path: '/repos/acme/central', kind: 'status', status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset } });
    try {
      await kit('bob').rest.repos.get({ owner: 'acme', repo: 'central' });
      throw new Error('expected a rate-limit answer');
    } catch (error) {
      const e = error as { status: number; response: { headers: Record<string, string> } };
      expect(e.status).toBe(403);
      expect(e.response.headers['x-ratelimit-remaining']).toBe('0');
      expect(e.response.headers['x-ratelimit-reset']).toBe(reset);
    }
    sandbox.faults.add({ path: '/repos/acme/central', kind: 'status', status: 429 });
    expect((await failure(kit('bob').rest.repos.get({ owner: 'acme', repo: 'central' }))).status).toBe(429);
    expect((await kit('bob').rest.repos.get({ owner: 'acme', repo: 'central' })).status).toBe(200);
  });
});

describe('request log', () => {
  it('counts requests by operation, route, method and write', async () => {
    sandbox.requests.reset();
    const octokit = kit('alice');
    const { data } = await octokit.rest.issues.create({ owner: 'acme', repo: 'central', title: 'logged' });
    await octokit.rest.issues.get({ owner: 'acme', repo: 'central', issue_number: data.number });
    await octokit.rest.issues.get({ owner: 'acme', repo: 'central', issue_number: data.number });
    await failure(octokit.rest.issues.get({ owner: 'acme', repo: 'central', issue_number: 99_999 }));
    const log = sandbox.requests;
    expect(log.count()).toBe(4);
    expect(log.count({ operationId: 'issues/create' })).toBe(1);
    expect(log.count({ operationId: 'issues/get' })).toBe(3);
    expect(log.count({ route: '/repos/{owner}/{repo}/issues/{issue_number}', method: 'GET' })).toBe(3);
    expect(log.count({ isWrite: true })).toBe(1);
    expect(log.entries[0]).toMatchObject({ method: 'POST', path: '/repos/acme/central/issues', status: 201, identity: 'alice', isWrite: true, at: time });
    expect(log.entries[3]?.status).toBe(404);
  });
});

describe('webhooks', () => {
  it('delivers events with sender, repository, organization, installation and causedBy', async () => {
    const seen: WebhookDelivery[] = [];
    const off = sandbox.webhooks.on((d) => seen.push(d));
    const { data } = await kit('bob').rest.issues.create({ owner: 'acme', repo: 'central', title: 'hooked', body: 'a' });
    await kit('bob').rest.issues.update({ owner: 'acme', repo: 'central', issue_number: data.number, body: 'b' });
    await kit('app').rest.issues.addLabels({ owner: 'acme', repo: 'central', issue_number: data.number, labels: ['accepted'] });
    await kit('workflow').rest.issues.createComment({ owner: 'acme', repo: 'central', issue_number: data.number, body: 'done' });
    await sandbox.settleWebhooks();
    off();
    expect(seen.map((d) => [d.event, d.action, d.causedBy, (d.payload.sender as { login: string }).login])).toEqual([
      ['issues', 'opened', 'user', 'bob'],
      ['issues', 'edited', 'user', 'bob'],
      ['issues', 'labeled', 'app', 'publish-bot[bot]'],
      ['issue_comment', 'created', 'workflow-token', 'github-actions[bot]'],
    ]);
    expect(seen[1]?.payload.changes).toEqual({ body: { from: 'a' } });
    expect(seen[2]?.payload).toMatchObject({ label: { name: 'accepted' }, installation: { id: expect.any(Number) } });
    expect(seen[0]?.payload).toMatchObject({ repository: { full_name: 'acme/central' }, organization: { login: 'acme' } });
    expect(seen[0]?.payload).not.toHaveProperty('installation');
    expect(seen.every((d) => d.repository === 'acme/central')).toBe(true);
  });

  it('drops, duplicates and delays (reorders) deliveries on request', async () => {
    const seen: WebhookDelivery[] = [];
    const off = sandbox.webhooks.on((d) => {
      if (d.event !== 'label') seen.push(d);
    });
    const octokit = kit('alice');
    const { data } = await octokit.rest.issues.create({ owner: 'acme', repo: 'central', title: 'faulty' });
    await sandbox.settleWebhooks();
    seen.length = 0;
    const n = data.number;
    sandbox.webhooks.fault({ event: 'issues', action: 'labeled', kind: 'drop' });
    sandbox.webhooks.fault({ event: 'issue_comment', kind: 'duplicate' });
    sandbox.webhooks.fault({ event: 'issues', action: 'closed', kind: 'delay', ms: 50 });
    await octokit.rest.issues.addLabels({ owner: 'acme', repo: 'central', issue_number: n, labels: ['one'] });
    await octokit.rest.issues.createComment({ owner: 'acme', repo: 'central', issue_number: n, body: 'twice' });
    await octokit.rest.issues.update({ owner: 'acme', repo: 'central', issue_number: n, state: 'closed' });
    await octokit.rest.issues.addLabels({ owner: 'acme', repo: 'central', issue_number: n, labels: ['two'] });
    await sandbox.settleWebhooks();
    await new Promise((resolve) => setTimeout(resolve, 80));
    off();
    expect(seen.map((d) => `${d.event}.${d.action}`)).toEqual(['issue_comment.created', 'issue_comment.created', 'issues.labeled', 'issues.closed']);
    expect(seen[0]?.id).toBe(seen[1]?.id);
    expect((seen[2]?.payload.label as { name: string }).name).toBe('two');
  });
});

describe('router', () => {
  const post = (path: string, body: string, contentType: string) =>
    fetch(`${sandbox.apiUrl}${path}`, { method: 'POST', headers: { authorization: `token ${tokens.alice}`, 'content-type': contentType }, body });

  it('matches templates (slashes in refs), parses JSON, and leaves byte bodies alone', async () => {
    const app = sandbox.app;
    app.route('GET', '/test/{owner}/refs/{ref}/info', (req) => ({ status: 200, body: req.params }));
    app.route('POST', '/test/json', (req) => ({ status: 200, body: { got: req.body, login: req.identity?.login } }));
    app.route('POST', '/test/bytes', (req) => ({ status: 200, body: { parsed: req.body ?? null, size: req.rawBody.length } }), { bytes: true });
    app.route('GET', '/test/boom', () => {
      throw new Error('kaboom');
    });
    expect(() => app.route('GET', '/test/boom', () => ({ status: 200 }))).toThrow(/registered twice/);

    const refs = await fetch(`${sandbox.apiUrl}/test/acme/refs/heads/feature/x%2Fy/info`);
    expect(await refs.json()).toEqual({ owner: 'acme', ref: 'heads/feature/x/y' });
    expect(await (await post('/test/json', '{"a":1}', 'application/json; charset=utf-8')).json()).toEqual({ got: { a: 1 }, login: 'alice' });
    const bad = await post('/test/json', '{nope', 'application/json');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ message: 'Problems parsing JSON' });
    expect(await (await post('/test/bytes', '{nope', 'application/json')).json()).toEqual({ parsed: null, size: 5 });
    const boom = await fetch(`${sandbox.apiUrl}/test/boom`);
    expect(boom.status).toBe(500);
    expect(((await boom.json()) as { message: string }).message).toContain('kaboom');
    const unknown = await fetch(`${sandbox.apiUrl}/no/such/path`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await unknown.json()).toMatchObject({ message: 'Not Found', status: '404' });
  });
});
