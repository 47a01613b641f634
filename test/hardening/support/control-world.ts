/**
 * The hardening suites' world: the sandbox GitHub with organisation `acme` (a product repo, the
 * control repo, a release registry repo), the release-manager team, strangers, the release bot
 * App, and the control repo's commands run in-process the way `publish-requests.yml` runs them.
 *
 * Why in-process and not through the workflow runner: the runner needs the action bundle (an
 * ncc build, minutes on this machine) and the control commands are routed by the workflow file
 * to exactly these functions. Every decision still reads GitHub fresh over HTTP through the real
 * Octokit adapter, git is real, the registries are real, and the webhook deliveries are the
 * sandbox's (with their faults). What the runner adds, and this file mirrors, is:
 * - the token rule: a delivery caused by a workflow's GITHUB_TOKEN starts nothing
 *   (test/sandbox/runner/README.md; the authorization suite also checks the runner itself);
 * - the `decide` job's `if:` (a publish request, not a pull request);
 * - the routing of src/route.ts (labeled/edited → approve, opened → auto-approve, comment);
 * - the `publish` job when the decision is `publish`, in the same run.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stringify as stringifyYaml } from 'yaml';
import { compileRules } from '../../../src/config/auto-approve.js';
import { loadConfigText } from '../../../src/config/load.js';
import { handleEdited, handleLabeled } from '../../../src/control/approval.js';
import { handleOpened } from '../../../src/control/auto-approve.js';
import { handleCommentEvent } from '../../../src/control/comment-commands.js';
import type { Control, Decision } from '../../../src/control/context.js';
import { issueCommentEventSchema, issuesEventSchema, parseEvent } from '../../../src/control/events.js';
import { publishCommand } from '../../../src/control/publish.js';
import { reconcile } from '../../../src/control/reconcile.js';
import { requestKey } from '../../../src/control/request-store.js';
import type { Logger } from '../../../src/deps.js';
import { createOctokitPort } from '../../../src/github/octokit-adapter.js';
import type { GitHubPort, RepoId } from '../../../src/github/port.js';
import { createRequest, renderBody, renderTitle, type PublishRequest } from '../../../src/request-format/index.js';
import { startGitHubSandbox, type GitHubSandbox, type WebhookDelivery } from '../../sandbox/github/index.js';
import { startVerdaccio, type VerdaccioRegistry } from '../../sandbox/registries/verdaccio.js';
import { publishRequest, type PublishInput } from '../../../src/publisher/orchestrator.js';
import { startRecordingProxy, type RecordingProxy } from './recording-proxy.js';
import { npmTarball, startCountingProxy, tarballName, type CountingProxy } from '../../unit/publisher/helpers.js';

const exec = promisify(execFile);

export const ORG = 'acme';
export const PRODUCT: RepoId = { owner: 'acme', repo: 'widget' };
export const CONTROL: RepoId = { owner: 'acme', repo: 'publish' };
export const RELEASES = 'acme/releases';
export const BOT_SLUG = 'release-bot';
export const BOT = 'release-bot[bot]';
export const TEAM = 'release-managers';
/** People: managers are active members of acme/release-managers; pat's membership is pending. */
export const PEOPLE = {
  engineer: 'alice',
  managers: ['rita', 'ravi', 'rosa', 'remy', 'ruth'],
  pending: 'pat',
  outsider: 'mallory',
  /** Triage on the control repo (may label), not a release manager. */
  triager: 'trent',
  /** A user account that looks like the bot. */
  lookalike: 'release-bot',
} as const;
export const PACKAGE = '@acme/widget';

/** A log line recorded by the logger of a command. */
export interface LogLine {
  readonly level: string;
  readonly message: string;
}

/** A Logger that records lines, masks, outputs and summaries (as @actions/core would print or write them). */
export interface CapturedLog extends Logger {
  readonly lines: LogLine[];
  readonly masked: string[];
  readonly outputs: Record<string, string>;
  readonly summaries: string[];
  text(): string;
}

/** A recording logger. */
export function captureLog(): CapturedLog {
  const lines: LogLine[] = [];
  const masked: string[] = [];
  const outputs: Record<string, string> = {};
  const summaries: string[] = [];
  const add = (level: string) => (message: string) => {
    lines.push({ level, message });
  };
  return {
    lines,
    masked,
    outputs,
    summaries,
    text: () => [...lines.map((l) => `${l.level}: ${l.message}`), ...Object.entries(outputs).map(([k, v]) => `output ${k}=${v}`), ...summaries].join('\n'),
    info: add('info'),
    debug: add('debug'),
    notice: add('notice'),
    warning: add('warning'),
    error: add('error'),
    mask: (s) => {
      masked.push(s);
    },
    setOutput: (name, value) => {
      outputs[name] = value;
    },
    appendSummary: async (markdown) => {
      summaries.push(markdown);
    },
  };
}

/** What one control run (a delivery of an event to the decide job, and maybe the publish job) did. */
export interface RunOutcome {
  readonly delivery: WebhookDelivery | null;
  readonly command: string;
  readonly decision: Decision | 'ignored-by-runner' | 'skipped-by-if' | 'error';
  readonly publish: Decision | 'error' | null;
  readonly error: string | null;
  readonly log: CapturedLog;
}

/** Options of the world. */
export interface ControlWorldOptions {
  /** Start Verdaccio and add an npm target (default false). */
  readonly npm?: boolean;
  /** Secret values the publish job receives (canaries in the secrets suite). */
  readonly secrets?: { readonly npmToken?: string };
  /** Extra policy fields (merged over the default). */
  readonly policy?: Record<string, unknown>;
  /** auto-approve.yml text (default: no rules). */
  readonly rules?: string;
  /** Settle time of concurrent read-modify-writes (ms). Default 100. */
  readonly settleMs?: number;
  /** Put a counting proxy (fault injection) between the npm target and Verdaccio. */
  readonly npmProxy?: boolean;
  /** Route the control runs' API and git traffic through a recording proxy (the secrets suite scans it). */
  readonly apiProxy?: boolean;
  /** Extra variables of the publish job's environment (canary secrets). */
  readonly publishEnv?: Readonly<Record<string, string>>;
}

/** A running world. */
export interface ControlWorld {
  readonly sandbox: GitHubSandbox;
  readonly dir: string;
  readonly npm: VerdaccioRegistry | null;
  readonly npmProxy: CountingProxy | null;
  /** What the sandbox received from the control runs, when `apiProxy` is on. */
  readonly apiProxy: RecordingProxy | null;
  /** Wraps the port of every later run (the kill simulation); null for none. */
  portWrapper: ((port: GitHubPort) => GitHubPort) | null;
  /** Replaces publish targets of every later publish run; null for the real ones. */
  targetsOverride: PublishInput['targets'] | null;
  readonly botToken: string;
  readonly registryToken: string;
  readonly npmToken: string;
  /** API tokens of the people. */
  readonly tokens: Readonly<Record<string, string>>;
  /** The environment of the publish job (the production secrets). */
  readonly publishEnv: NodeJS.ProcessEnv;
  /** Every control run so far. */
  readonly outcomes: RunOutcome[];
  /** A port acting as the release bot (tests' own reads and bot writes). */
  readonly bot: GitHubPort;
  /** A fresh Control, as a new run builds it. */
  control(log?: CapturedLog): Control;
  /** The targets of the product's .craft.yml on main now. */
  readonly targets: readonly WorldTarget[];
  /** Rewrites the product's .craft.yml on main with these targets (npm only when npm runs); later requests follow it. */
  setTargets(names: readonly WorldTarget[]): Promise<void>;
  /** Pushes `release/<version>` with one commit and a CI run; returns the sha. */
  pushRelease(version: string, options?: { ci?: 'green' | 'pending' | 'red' | 'none'; content?: string }): Promise<string>;
  /** Opens the request issue as the release bot (what the request command does); returns the issue number. */
  openRequest(version: string, options?: { requester?: string; sha?: string; ci?: 'green' | 'pending' | 'red' | 'none'; author?: string }): Promise<{ number: number; sha: string; request: PublishRequest }>;
  /** The request a version would have (not written). */
  requestFor(version: string, sha: string, requester?: string): PublishRequest;
  /** An API call as a person (login) or with a raw token. */
  api(who: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }>;
  /** Runs the control repo on every queued delivery (and what they cause) until quiet. */
  pump(): Promise<RunOutcome[]>;
  /**
   * Like pump, but the deliveries queued at each round run at the same time (concurrent workflow
   * runs). Publish runs of one request are serialised, as the publish job's concurrency group does.
   */
  pumpParallel(): Promise<RunOutcome[]>;
  /** Runs the publish command as publish.yml would (dispatched by reconcile). */
  runPublish(issueNumber: number, key?: string, log?: CapturedLog): Promise<RunOutcome>;
  /** Runs reconcile as reconcile.yml would. */
  runReconcile(log?: CapturedLog): Promise<RunOutcome>;
  /** Forgets queued deliveries (after a test that does not care). */
  drain(): Promise<void>;
  /** Publishing writes seen so far (GitHub releases, assets, tags, merges, registry pushes). */
  publishWrites(): { releases: number; assets: number; tags: number; merges: number; registryPushes: number };
  /** Commits in the release registry whose subject names this version. */
  registryRecords(version: string): Promise<number>;
  /** GitHub releases of the product with this tag (drafts included). */
  releasesOf(version: string): Promise<number>;
  close(): Promise<void>;
}

/** The control repo policy of this world. */
export function policyText(extra: Record<string, unknown> = {}): string {
  return stringifyYaml({
    releaseBot: BOT,
    approvers: { teams: [`${ORG}/${TEAM}`], users: [] },
    approvals: { required: 1 },
    allowSelfApproval: false,
    retract: { allow: ['requester', 'product-writers', 'release-managers'] },
    hold: { allow: ['requester', 'release-managers'] },
    expiry: { days: 14 },
    reconcile: { maxRequestsPerRun: 100 },
    ...extra,
  });
}

/** The publish targets a world's product can have. */
export type WorldTarget = 'github' | 'npm' | 'registry';

function craftText(registryRemote: string, npmUrl: string | null, names: readonly WorldTarget[] = ['github', 'npm', 'registry']): string {
  const targets: Record<string, unknown>[] = [];
  if (names.includes('github')) targets.push({ name: 'github' });
  if (npmUrl !== null && names.includes('npm')) targets.push({ name: 'npm', registry: npmUrl.endsWith('/') ? npmUrl : `${npmUrl}/`, access: 'public', includeNames: '/\\.tgz$/' });
  if (names.includes('registry')) targets.push({ name: 'registry', remote: registryRemote, type: 'sdk', canonicalName: `npm:${PACKAGE}` });
  return stringifyYaml({ targets });
}

/** Starts a world. */
export async function startControlWorld(options: ControlWorldOptions = {}): Promise<ControlWorld> {
  const dir = await mkdtemp(join(tmpdir(), 'hardening-'));
  const sandbox = await startGitHubSandbox({ rootDir: join(dir, 'github') });
  let npm: VerdaccioRegistry | null = null;
  let npmProxy: CountingProxy | null = null;
  let apiProxy: RecordingProxy | null = null;
  const closers: (() => Promise<void>)[] = [() => sandbox.close()];
  try {
    if (options.apiProxy) {
      const proxy = await startRecordingProxy(sandbox.apiUrl);
      apiProxy = proxy;
      closers.push(() => proxy.close());
    }
    /** Where the control runs reach GitHub (the proxy when recording). */
    const apiBase = apiProxy?.url ?? sandbox.apiUrl;
    const { admin } = sandbox;
    let npmToken = options.secrets?.npmToken ?? '';
    if (options.npm) {
      npm = await startVerdaccio({ dir: join(dir, 'verdaccio') });
      const registry = npm;
      closers.push(() => registry.close());
      const real = await npm.createUser('ci-bot', 'ci-bot-password-1');
      if (options.npmProxy) {
        const proxy = await startCountingProxy(npm.url);
        npmProxy = proxy;
        closers.push(() => proxy.close());
      }
      // A canary asked for is the real token: Verdaccio must accept it, so the canary is what travels.
      npmToken = real;
    }
    admin.createOrg(ORG);
    const people = [PEOPLE.engineer, ...PEOPLE.managers, PEOPLE.pending, PEOPLE.outsider, PEOPLE.triager, PEOPLE.lookalike];
    for (const login of people) admin.createUser(login);
    for (const login of [PEOPLE.engineer, ...PEOPLE.managers, PEOPLE.outsider, PEOPLE.triager]) admin.setOrgMember(ORG, login);
    admin.createTeam(ORG, TEAM);
    for (const login of PEOPLE.managers) admin.setTeamMember(ORG, TEAM, login, 'active');
    admin.setTeamMember(ORG, TEAM, PEOPLE.pending, 'pending');

    const registryRemote = `${apiBase}/acme/releases.git`;
    await admin.createRepo('acme', 'releases', { visibility: 'private', files: { 'README.md': '# Release registry\n' } });
    await admin.createRepo('acme', 'widget', {
      visibility: 'internal',
      files: { 'README.md': '# widget\n', 'package.json': `{ "name": "${PACKAGE}", "version": "1.0.0" }\n`, '.craft.yml': craftText(registryRemote, npmProxy?.url ?? npm?.url ?? null) },
    });
    // The control repo holds its real workflow files (publish.yml must exist for reconcile's dispatch).
    const workflows: Record<string, string> = { 'README.md': '# control\n' };
    for (const name of await readdir('.github/workflows')) workflows[`.github/workflows/${name}`] = await readFile(join('.github/workflows', name), 'utf8');
    await admin.createRepo('acme', 'publish', { visibility: 'internal', files: workflows });
    admin.setCollaborator('acme/widget', PEOPLE.engineer, 'write');
    for (const login of PEOPLE.managers) admin.setCollaborator('acme/publish', login, 'maintain');
    // Anyone in the org may see the internal control repo and open issues there; trent may label.
    admin.setCollaborator('acme/publish', PEOPLE.triager, 'triage');
    admin.setCollaborator('acme/publish', PEOPLE.pending, 'triage');
    admin.setCollaborator('acme/publish', PEOPLE.lookalike, 'write');
    admin.setCollaborator('acme/publish', PEOPLE.engineer, 'triage');

    const tokens: Record<string, string> = {};
    for (const login of people) tokens[login] = admin.issueToken({ kind: 'user', login });
    const botToken = admin.issueToken({ kind: 'app', appSlug: BOT_SLUG, permissions: { contents: 'write', issues: 'write', actions: 'write', checks: 'read', statuses: 'read', members: 'read' } });
    const registryToken = admin.issueToken({ kind: 'app', appSlug: 'release-registry', permissions: { contents: 'write' }, repositories: [RELEASES] });
    const publishEnv: NodeJS.ProcessEnv = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: dir,
      RELEASE_REGISTRY_TOKEN: registryToken,
      ...(npmToken !== '' ? { NPM_TOKEN: npmToken } : {}),
      ...options.publishEnv,
    };
    const policy = loadConfigText('policy', policyText(options.policy), 'publish-policy.yml').config;
    const rules = compileRules(options.rules === undefined ? [] : loadConfigText('auto-approve', options.rules, 'auto-approve.yml').config.rules);
    const port = (log: Logger): GitHubPort => createOctokitPort({ token: botToken, baseUrl: apiBase, log, botLogin: BOT, minWriteIntervalMs: 0, retryBaseMs: 2 });
    const bot = port(captureLog());
    const settleMs = options.settleMs ?? 100;
    const hooks: { portWrapper: ((port: GitHubPort) => GitHubPort) | null; targetsOverride: PublishInput['targets'] | null } = { portWrapper: null, targetsOverride: null };
    const control = (log: CapturedLog = captureLog()): Control => ({
      github: hooks.portWrapper ? hooks.portWrapper(port(log)) : port(log),
      clock: { now: () => Date.now() },
      log,
      controlRepo: CONTROL,
      policy,
      rules,
      automation: new Set([BOT]),
      settleMs,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      runUrl: `${sandbox.serverUrl}/acme/publish/actions/runs/1`,
    });

    // A working clone of the product, for release commits.
    const work = join(dir, 'widget');
    const git = async (args: string[], cwd = work): Promise<string> => {
      const header = `Authorization: Basic ${Buffer.from(`x-access-token:${botToken}`).toString('base64')}`;
      const { stdout } = await exec('git', ['-c', `http.extraHeader=${header}`, ...args], {
        cwd,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'bot', GIT_AUTHOR_EMAIL: 'bot@example.com', GIT_COMMITTER_NAME: 'bot', GIT_COMMITTER_EMAIL: 'bot@example.com' },
        maxBuffer: 64 * 1024 * 1024,
      });
      return stdout;
    };
    await git(['clone', '--quiet', sandbox.gitUrl('acme', 'widget'), work], dir);

    let targets: WorldTarget[] = npm !== null ? ['github', 'npm', 'registry'] : ['github', 'registry'];
    const addCi = async (sha: string, version: string, ci: 'green' | 'pending' | 'red' | 'none', branch: string): Promise<void> => {
      if (ci === 'none') return;
      const conclusion = ci === 'green' ? 'success' : ci === 'red' ? 'failure' : null;
      admin.addCheckRun('acme/widget', sha, { name: 'test', status: ci === 'pending' ? 'in_progress' : 'completed', conclusion });
      const runId = admin.createWorkflowRun('acme/widget', { name: 'ci', headSha: sha, headBranch: branch, event: 'push', status: ci === 'pending' ? 'in_progress' : 'completed', conclusion });
      admin.addArtifact('acme/widget', runId, 'dist', {
        [`widget-${version}.txt`]: `widget ${version}\n`,
        ...(targets.includes('npm') ? { [tarballName(PACKAGE, version)]: npmTarball(PACKAGE, version) } : {}),
      });
    };

    let releaseLock: Promise<unknown> = Promise.resolve();
    const pushRelease: ControlWorld['pushRelease'] = (version, opts = {}) => {
      const next = releaseLock.then(async () => {
        const branch = `release/${version}`;
        await git(['fetch', '--quiet', 'origin', '+refs/heads/main:refs/remotes/origin/main']);
        await git(['checkout', '--quiet', '-B', branch, 'origin/main']);
        await writeFile(join(work, 'VERSION'), opts.content ?? `${version}\n`);
        await git(['add', 'VERSION']);
        await git(['commit', '--quiet', '--allow-empty', '-m', `release: ${version}`]);
        await git(['push', '--quiet', '--force', 'origin', `HEAD:refs/heads/${branch}`]);
        const sha = (await git(['rev-parse', 'HEAD'])).trim();
        await addCi(sha, version, opts.ci ?? 'green', branch);
        return sha;
      });
      releaseLock = next.catch(() => undefined);
      return next;
    };

    const setTargets = async (names: readonly WorldTarget[]): Promise<void> => {
      const wanted = names.filter((n) => n !== 'npm' || npm !== null);
      if (wanted.join() === targets.join()) return;
      const next = releaseLock.then(async () => {
        await git(['fetch', '--quiet', 'origin', '+refs/heads/main:refs/remotes/origin/main']);
        await git(['checkout', '--quiet', '-B', 'main', 'origin/main']);
        await writeFile(join(work, '.craft.yml'), craftText(registryRemote, npmProxy?.url ?? npm?.url ?? null, wanted));
        await git(['add', '.craft.yml']);
        await git(['commit', '--quiet', '-m', `craft: targets ${wanted.join(', ')}`]);
        await git(['push', '--quiet', 'origin', 'HEAD:refs/heads/main']);
        targets = wanted;
      });
      releaseLock = next.catch(() => undefined);
      await next;
    };

    const requestFor = (version: string, sha: string, requester: string = PEOPLE.engineer): PublishRequest =>
      createRequest({
        repo: PRODUCT,
        version,
        serverUrl: sandbox.serverUrl,
        releaseBranch: `release/${version}`,
        releaseCommit: sha,
        requester,
        requestedAt: new Date().toISOString(),
        targets: [...targets],
        changelog: `## ${version}\n\n- Something changed.\n`,
      });

    const api: ControlWorld['api'] = async (who, method, path, body) => {
      const token = tokens[who] ?? (who === BOT ? botToken : who);
      const res = await fetch(`${sandbox.apiUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/vnd.github+json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      let json: unknown = text;
      try {
        json = text === '' ? null : JSON.parse(text);
      } catch {
        // not JSON
      }
      return { status: res.status, json };
    };

    const openRequest: ControlWorld['openRequest'] = async (version, opts = {}) => {
      const sha = opts.sha ?? (await pushRelease(version, { ci: opts.ci ?? 'green' }));
      const request = requestFor(version, sha, opts.requester);
      const author = opts.author ?? BOT;
      const res = await api(author, 'POST', `/repos/acme/publish/issues`, { title: renderTitle(request), body: renderBody(request) });
      if (res.status !== 201) throw new Error(`opening the request answered ${res.status}: ${JSON.stringify(res.json)}`);
      return { number: (res.json as { number: number }).number, sha, request };
    };

    const queue: WebhookDelivery[] = [];
    sandbox.webhooks.on((delivery) => {
      if (delivery.repository === 'acme/publish') queue.push(delivery);
    });
    const outcomes: RunOutcome[] = [];

    const publishChains = new Map<number, Promise<unknown>>();
    const runPublish = (issueNumber: number, key?: string, log: CapturedLog = captureLog()): Promise<RunOutcome> => {
      // concurrency: group publish-<owner/repo@version>, cancel-in-progress: false → one at a time.
      const previous = publishChains.get(issueNumber) ?? Promise.resolve();
      const next = previous.then(() => runPublishNow(issueNumber, key, log));
      publishChains.set(issueNumber, next.catch(() => undefined));
      return next;
    };
    const runPublishNow = async (issueNumber: number, key: string | undefined, log: CapturedLog): Promise<RunOutcome> => {
      const ctl = control(log);
      let publish: Decision | 'error';
      let error: string | null = null;
      try {
        const theKey = key ?? requestKey((await import('../../../src/control/request-store.js').then((m) => m.loadRequest(ctl.github, CONTROL, issueNumber, BOT))).request);
        const workDir = await mkdtemp(join(dir, 'publish-'));
        const targets = hooks.targetsOverride;
        publish = await publishCommand(ctl, { issueNumber, requestKey: theKey, env: publishEnv, workDir, ...(targets ? { publish: (input: PublishInput) => publishRequest({ ...input, targets }) } : {}) });
      } catch (e) {
        publish = 'error';
        error = e instanceof Error ? e.message : String(e);
      }
      const outcome: RunOutcome = { delivery: null, command: 'publish', decision: publish, publish, error, log };
      outcomes.push(outcome);
      return outcome;
    };

    const runOne = async (delivery: WebhookDelivery): Promise<RunOutcome> => {
      const log = captureLog();
      const base = { delivery, log, publish: null, error: null };
      // The runner's token rule: events caused by a workflow's GITHUB_TOKEN start no workflow.
      if (delivery.causedBy === 'workflow-token') return { ...base, command: '-', decision: 'ignored-by-runner' };
      const payload = delivery.payload as { issue?: { title?: string; pull_request?: unknown } };
      const on = delivery.event === 'issues' && ['opened', 'labeled', 'edited'].includes(delivery.action ?? '');
      const onComment = delivery.event === 'issue_comment' && delivery.action === 'created';
      if (!on && !onComment) return { ...base, command: '-', decision: 'skipped-by-if' };
      if (!String(payload.issue?.title ?? '').startsWith('publish: ') || payload.issue?.pull_request) return { ...base, command: '-', decision: 'skipped-by-if' };
      const ctl = control(log);
      let decision: Decision | 'error';
      let command = '';
      let error: string | null = null;
      try {
        if (delivery.event === 'issues') {
          const event = parseEvent(issuesEventSchema, delivery.payload, 'issues');
          command = delivery.action === 'opened' ? 'auto-approve' : 'approve';
          decision = delivery.action === 'opened' ? await handleOpened(ctl, event) : delivery.action === 'labeled' ? await handleLabeled(ctl, event) : await handleEdited(ctl, event);
        } else {
          command = 'comment';
          decision = await handleCommentEvent(ctl, parseEvent(issueCommentEventSchema, delivery.payload, 'issue_comment'));
        }
      } catch (e) {
        decision = 'error';
        error = e instanceof Error ? e.message : String(e);
      }
      let publish: Decision | 'error' | null = null;
      if (decision === 'publish') {
        const issueNumber = Number(log.outputs.issue_number);
        const published = await runPublish(issueNumber, log.outputs.request, log);
        outcomes.splice(outcomes.indexOf(published), 1);
        publish = published.publish;
        error = published.error;
      }
      return { delivery, command, decision, publish, error, log };
    };

    const pump = async (): Promise<RunOutcome[]> => {
      const done: RunOutcome[] = [];
      for (;;) {
        await sandbox.settleWebhooks();
        const next = queue.shift();
        if (next === undefined) {
          // Delayed deliveries arrive later: give them a moment once.
          await new Promise((resolve) => setTimeout(resolve, 30));
          await sandbox.settleWebhooks();
          if (queue.length === 0) break;
          continue;
        }
        const outcome = await runOne(next);
        outcomes.push(outcome);
        done.push(outcome);
      }
      return done;
    };

    const pumpParallel = async (): Promise<RunOutcome[]> => {
      const done: RunOutcome[] = [];
      for (;;) {
        await sandbox.settleWebhooks();
        await new Promise((resolve) => setTimeout(resolve, 30));
        await sandbox.settleWebhooks();
        const batch = queue.splice(0, queue.length);
        if (batch.length === 0) break;
        const results = await Promise.all(batch.map((d) => runOne(d)));
        outcomes.push(...results);
        done.push(...results);
      }
      return done;
    };

    const runReconcile = async (log: CapturedLog = captureLog()): Promise<RunOutcome> => {
      let error: string | null = null;
      try {
        await reconcile(control(log));
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
      }
      const outcome: RunOutcome = { delivery: null, command: 'reconcile', decision: error === null ? 'reconciled' : 'error', publish: null, error, log };
      outcomes.push(outcome);
      return outcome;
    };

    const countOk = (operationId: string): number => sandbox.requests.entries.filter((e) => e.operationId === operationId && e.status >= 200 && e.status < 300).length;
    const publishWrites: ControlWorld['publishWrites'] = () => ({
      releases: countOk('repos/create-release'),
      assets: countOk('repos/upload-release-asset'),
      tags: countOk('git/create-ref'),
      merges: countOk('repos/merge'),
      registryPushes: sandbox.requests.entries.filter((e) => e.path.startsWith('/acme/releases.git/git-receive-pack') && e.status === 200).length,
    });

    const registryRecords = async (version: string): Promise<number> => {
      const bare = admin.getRepo(RELEASES)?.bareDir;
      if (bare === undefined) return 0;
      const { stdout } = await exec('git', [`--git-dir=${bare}`, 'log', '--all', '--format=%s']);
      return stdout.split('\n').filter((s) => s === `npm:${PACKAGE}@${version}`).length;
    };

    const releasesOf = async (version: string): Promise<number> => (await bot.listReleases(PRODUCT)).filter((r) => r.tagName === version).length;

    await mkdir(join(dir, 'npm-home'), { recursive: true });
    return {
      sandbox,
      dir,
      npm,
      npmProxy,
      apiProxy,
      get portWrapper() {
        return hooks.portWrapper;
      },
      set portWrapper(value) {
        hooks.portWrapper = value;
      },
      get targetsOverride() {
        return hooks.targetsOverride;
      },
      set targetsOverride(value) {
        hooks.targetsOverride = value;
      },
      botToken,
      registryToken,
      npmToken,
      tokens,
      publishEnv,
      outcomes,
      bot,
      control,
      pushRelease,
      openRequest,
      requestFor,
      api,
      pump,
      pumpParallel,
      runPublish,
      runReconcile,
      async drain() {
        await sandbox.settleWebhooks();
        queue.length = 0;
      },
      publishWrites,
      get targets() {
        return targets;
      },
      setTargets,
      registryRecords,
      releasesOf,
      async close() {
        for (const close of closers.reverse()) await close().catch(() => undefined);
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
