/**
 * A control repo world in the sandbox GitHub for the handler tests: an org with release managers,
 * a product repo with a release branch, the release bot (a GitHub App), a look-alike user, and
 * helpers that act as people through the API (so label events and webhooks are GitHub's own).
 * The handlers run through the real Octokit adapter against the sandbox: the fake port.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Octokit } from '@octokit/rest';
import { startGitHubSandbox, type GitHubSandbox } from '../../sandbox/github/index.js';
import { createOctokitPort } from '../../../src/github/octokit-adapter.js';
import type { GitHubPort } from '../../../src/github/port.js';
import type { HandlerContext, Logger } from '../../../src/deps.js';
import { createRequest, renderBody, renderTitle } from '../../../src/request-format/index.js';
import { buildControl, type Control } from '../../../src/control/context.js';

export const CONTROL = 'acme/control';
export const PRODUCT = 'acme/widget';
export const BOT = 'release-bot[bot]';

/** Logins and their roles in the world. */
export const PEOPLE = {
  /** Release manager through active team membership. */
  alice: 'alice',
  /** Release manager through the policy's users list. */
  bob: 'bob',
  /** Invited to the release-managers team, not accepted yet. */
  carol: 'carol',
  /** The engineer who requests releases; writes to the product repo. */
  dave: 'dave',
  /** A stranger: can see both repos, nothing more. */
  erin: 'erin',
  /** A product writer who is not a release manager. */
  frank: 'frank',
  /** A person whose login looks like the bot's. */
  lookalike: 'release-bot',
  /** A second team release manager. */
  gina: 'gina',
} as const;

export const DEFAULT_POLICY = `
releaseBot: ${BOT}
approvers:
  teams: [acme/release-managers]
  users: [bob]
approvals:
  required: 1
  overrides:
    - match: acme/payments
      required: 2
allowSelfApproval: false
retract:
  allow: [requester, product-writers, release-managers]
hold:
  allow: [requester, release-managers]
freezeWindows:
  - name: year-end
    from: "2026-12-21T00:00:00Z"
    to: "2027-01-04T00:00:00Z"
    reason: Year-end change freeze.
expiry:
  days: 14
`;

export const DEFAULT_RULES = `
rules:
  - id: widget-patches
    description: Patch releases of the widget.
    match: acme/widget
    maxBump: patch
    targets: [github]
`;

/** A logger that records lines and outputs. */
export interface TestLogger extends Logger {
  readonly lines: string[];
  readonly outputs: Map<string, string>;
  readonly summary: string[];
}

/** Builds a TestLogger. */
export function testLogger(): TestLogger {
  const lines: string[] = [];
  const outputs = new Map<string, string>();
  const summary: string[] = [];
  const add = (level: string) => (message: string) => void lines.push(`${level}: ${message}`);
  return {
    lines,
    outputs,
    summary,
    info: add('info'),
    debug: () => undefined,
    notice: add('notice'),
    warning: add('warning'),
    error: add('error'),
    mask: () => undefined,
    setOutput: (name, value) => void outputs.set(name, value),
    appendSummary: async (markdown) => void summary.push(markdown),
  };
}

/** A settable clock shared by the sandbox and the handlers. */
export interface TestClock {
  now(): number;
  set(iso: string): void;
  advance(ms: number): void;
}

/** The world. */
export interface World {
  readonly sandbox: GitHubSandbox;
  readonly clock: TestClock;
  readonly dir: string;
  readonly botToken: string;
  /** The port as the control repo's workflows use it (the App token). */
  readonly github: GitHubPort;
  /** An Octokit acting as a person (or the bot with `BOT`). */
  as(login: string): Octokit;
  policyFile: string;
  rulesFile: string;
  setPolicy(text: string): Promise<void>;
  setRules(text: string): Promise<void>;
  close(): Promise<void>;
}

let counter = 0;

/** Starts the sandbox and sets up people, teams, repos and tokens. */
export async function startWorld(start = '2026-11-18T10:00:00Z'): Promise<World> {
  let now = Date.parse(start);
  const clock: TestClock = { now: () => now, set: (iso) => void (now = Date.parse(iso)), advance: (ms) => void (now += ms) };
  const sandbox = await startGitHubSandbox({ now: () => new Date(now) });
  const { admin } = sandbox;
  admin.createOrg('acme');
  for (const login of Object.values(PEOPLE)) admin.createUser(login);
  admin.createTeam('acme', 'release-managers');
  admin.setTeamMember('acme', 'release-managers', 'alice', 'active');
  admin.setTeamMember('acme', 'release-managers', 'gina', 'active');
  admin.setTeamMember('acme', 'release-managers', 'carol', 'pending');
  // The real workflow files: the sandbox checks dispatches against them.
  const workflow = (name: string) => readFile(resolve('.github/workflows', name), 'utf8');
  await admin.createRepo('acme', 'control', {
    files: { 'README.md': '# control\n', '.github/workflows/publish.yml': await workflow('publish.yml'), '.github/workflows/reconcile.yml': await workflow('reconcile.yml') },
  });
  await admin.createRepo('acme', 'widget', { files: { 'README.md': '# widget\n', '.craft.yml': 'targets:\n  - name: github\n' } });
  await admin.createRepo('acme', 'payments', { files: { 'README.md': '# payments\n', '.craft.yml': 'targets:\n  - name: github\n' } });
  // People act on the control repo through their role: release managers and the requester can label and comment.
  // Release managers write the control repo (and so may edit issues); others may label and comment only.
  for (const login of ['alice', 'bob', 'gina']) admin.setCollaborator(CONTROL, login, 'maintain');
  for (const login of ['carol', 'dave', 'frank', 'release-bot']) admin.setCollaborator(CONTROL, login, 'triage');
  admin.setCollaborator(PRODUCT, 'dave', 'write');
  admin.setCollaborator(PRODUCT, 'frank', 'write');
  admin.setCollaborator('acme/payments', 'dave', 'write');
  const botToken = admin.issueToken({
    kind: 'app',
    appSlug: 'release-bot',
    permissions: { issues: 'write', contents: 'write', actions: 'write', members: 'read', checks: 'read', statuses: 'read', pull_requests: 'read' },
  });
  const tokens = new Map<string, string>([[BOT, botToken]]);
  const dir = await mkdtemp(join(tmpdir(), 'control-world-'));
  const world: World = {
    sandbox,
    clock,
    dir,
    botToken,
    github: createOctokitPort({ token: botToken, baseUrl: sandbox.apiUrl, log: testLogger(), minWriteIntervalMs: 0, retries: 0, now: clock.now }),
    as(login) {
      let token = tokens.get(login);
      if (!token) {
        token = admin.issueToken({ kind: 'user', login });
        tokens.set(login, token);
      }
      return new Octokit({ auth: token, baseUrl: sandbox.apiUrl, log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined } });
    },
    policyFile: join(dir, 'publish-policy.yml'),
    rulesFile: join(dir, 'auto-approve.yml'),
    async setPolicy(text) {
      await writeFile(world.policyFile, text);
    },
    async setRules(text) {
      await writeFile(world.rulesFile, text);
    },
    async close() {
      await sandbox.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  await world.setPolicy(DEFAULT_POLICY);
  await world.setRules(DEFAULT_RULES);
  return world;
}

/** What openRequest made. */
export interface OpenedRequest {
  readonly number: number;
  readonly sha: string;
  readonly branch: string;
  readonly key: string;
}

/** Options of openRequest. */
export interface RequestOptions {
  readonly repo?: string;
  readonly version?: string;
  readonly previousTag?: string | null;
  readonly requester?: string;
  /** Who opens the issue (default: the release bot). */
  readonly opener?: string;
  readonly targets?: readonly string[];
  readonly requiredApprovals?: number;
  readonly mergeTarget?: string | null;
}

/** Pushes a release branch with a release commit and opens the request issue (as the bot unless `opener`). */
export async function openRequest(world: World, options: RequestOptions = {}): Promise<OpenedRequest> {
  const [owner = 'acme', repo = 'widget'] = (options.repo ?? PRODUCT).split('/');
  counter += 1;
  const version = options.version ?? `1.2.${counter}`;
  const branch = `release/${version}`;
  const bot = world.as(BOT);
  const main = await bot.rest.git.getRef({ owner, repo, ref: 'heads/main' });
  await bot.rest.git.createRef({ owner, repo, ref: `refs/heads/${branch}`, sha: main.data.object.sha });
  const sha = await pushTo(world, `${owner}/${repo}`, branch, `CHANGELOG-${version}.md`);
  const request = createRequest({
    repo: { owner, repo },
    version,
    serverUrl: world.sandbox.serverUrl,
    releaseBranch: branch,
    releaseCommit: sha,
    previousTag: options.previousTag === undefined ? '1.2.0' : options.previousTag,
    mergeTarget: options.mergeTarget ?? null,
    requester: options.requester ?? PEOPLE.dave,
    requestedAt: new Date(world.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    targets: [...(options.targets ?? ['github'])],
    requiredApprovals: options.requiredApprovals ?? 1,
    changelog: `- release ${version}\n`,
  });
  const opener = world.as(options.opener ?? BOT);
  const { data } = await opener.rest.issues.create({ owner: 'acme', repo: 'control', title: renderTitle(request), body: renderBody(request) });
  return { number: data.number, sha, branch, key: renderTitle(request).slice('publish: '.length) };
}

/** Commits a new file to a branch (as the bot); returns the new head. */
export async function pushTo(world: World, fullName: string, branch: string, file: string): Promise<string> {
  const [owner = '', repo = ''] = fullName.split('/');
  const { data } = await world.as(BOT).rest.repos.createOrUpdateFileContents({ owner, repo, path: file, branch, message: `release: ${file}`, content: Buffer.from(`${file}\n`).toString('base64') });
  return data.commit.sha as string;
}

/** Marks CI on a commit: green (a passed check run and status), pending, or red. */
export function setCi(world: World, sha: string, state: 'green' | 'pending' | 'red', repo = PRODUCT): number {
  const { admin } = world.sandbox;
  if (state === 'green') {
    admin.setCommitStatus(repo, sha, { context: 'ci/lint', state: 'success' });
    return admin.addCheckRun(repo, sha, { name: 'test', status: 'completed', conclusion: 'success' });
  }
  if (state === 'pending') return admin.addCheckRun(repo, sha, { name: 'test', status: 'in_progress' });
  return admin.addCheckRun(repo, sha, { name: 'test', status: 'completed', conclusion: 'failure' });
}

/** A handler context for an event, running as the control repo's workflows do (the App token). */
export function handlerContext(world: World, eventName: string, payload: unknown, inputs: Record<string, string> = {}): HandlerContext & { log: TestLogger } {
  const log = testLogger();
  const all: Record<string, string> = { policy_file: world.policyFile, rules_file: world.rulesFile, bot_login: BOT, ...inputs };
  return {
    github: createOctokitPort({ token: world.botToken, baseUrl: world.sandbox.apiUrl, log, minWriteIntervalMs: 0, retries: 0, now: world.clock.now }),
    clock: world.clock,
    log,
    event: { name: eventName, payload },
    input: (name) => (all[name] ?? '').trim(),
    workDir: world.dir,
  };
}

/** The control context for a handler context, with a short settle time (tests are fast and local). */
export async function controlFor(context: HandlerContext): Promise<Control> {
  return buildControl(context, { settleMs: 30, env: { GITHUB_REPOSITORY: CONTROL, GITHUB_SERVER_URL: 'http://sandbox', GITHUB_RUN_ID: '7' } });
}

/** The last webhook payload of an event/action for an issue (what GitHub would deliver to the workflow). */
export async function lastDelivery(world: World, event: string, action: string, issueNumber: number): Promise<Record<string, unknown>> {
  await world.sandbox.settleWebhooks();
  const found = [...world.sandbox.webhooks.deliveries]
    .reverse()
    .find((d) => d.event === event && d.action === action && (d.payload.issue as { number?: number } | undefined)?.number === issueNumber);
  if (!found) throw new Error(`no ${event}.${action} delivery for #${issueNumber}`);
  return found.payload;
}

/** Comments on the request as someone and returns the `issue_comment.created` payload. */
export async function comment(world: World, login: string, issueNumber: number, body: string): Promise<Record<string, unknown>> {
  await world.as(login).rest.issues.createComment({ owner: 'acme', repo: 'control', issue_number: issueNumber, body });
  return lastDelivery(world, 'issue_comment', 'created', issueNumber);
}

/** Adds a label as someone and returns the `issues.labeled` payload. */
export async function label(world: World, login: string, issueNumber: number, name = 'accepted'): Promise<Record<string, unknown>> {
  await world.as(login).rest.issues.addLabels({ owner: 'acme', repo: 'control', issue_number: issueNumber, labels: [name] });
  return lastDelivery(world, 'issues', 'labeled', issueNumber);
}

/** The issue as the sandbox has it. */
export function issueOf(world: World, issueNumber: number) {
  const issue = world.sandbox.admin.getIssue(CONTROL, issueNumber);
  if (!issue) throw new Error(`no issue #${issueNumber}`);
  return issue;
}

/** Comments on an issue (bodies), oldest first. */
export function commentsOf(world: World, issueNumber: number): string[] {
  return world.sandbox.admin.listComments(CONTROL, issueNumber).map((c) => c.body);
}

/** What a handler run decided and said. */
export interface RunResult {
  readonly decision: string;
  readonly log: TestLogger;
}

/**
 * Runs what the handler of an event runs (parse the payload, build the control context, decide),
 * with a short settle time. `src/handlers/*` are these same three lines.
 */
export async function runEvent(world: World, kind: 'labeled' | 'edited' | 'opened' | 'comment', payload: Record<string, unknown>): Promise<RunResult> {
  const { parseEvent, issuesEventSchema, issueCommentEventSchema } = await import('../../../src/control/events.js');
  const context = handlerContext(world, kind === 'comment' ? 'issue_comment' : 'issues', payload);
  const control = await controlFor(context);
  let decision: string;
  if (kind === 'comment') {
    const { handleCommentEvent } = await import('../../../src/control/comment-commands.js');
    decision = await handleCommentEvent(control, parseEvent(issueCommentEventSchema, payload, 'issue_comment'));
  } else if (kind === 'opened') {
    const { handleOpened } = await import('../../../src/control/auto-approve.js');
    decision = await handleOpened(control, parseEvent(issuesEventSchema, payload, 'issues'));
  } else {
    const { handleLabeled, handleEdited } = await import('../../../src/control/approval.js');
    const event = parseEvent(issuesEventSchema, payload, 'issues');
    decision = kind === 'labeled' ? await handleLabeled(control, event) : await handleEdited(control, event);
  }
  return { decision, log: context.log };
}

/** The request as recorded in the issue body now. */
export async function requestOf(world: World, issueNumber: number) {
  const { parseRequest } = await import('../../../src/request-format/index.js');
  const issue = issueOf(world, issueNumber);
  return parseRequest(issue.title, issue.body ?? '');
}
