/**
 * The world: the whole sandbox wired together for `npm start`, the end-to-end tests and the
 * benchmarks. One call starts the sandbox GitHub, Verdaccio, the container registry and the
 * workflow runner, and sets up organisation `acme` with a product repository (`acme/widget`, from
 * test/fixtures/widget), the control repository (`acme/publish`, this project's action, bundle,
 * workflows and rules), a release registry repository (`acme/releases`), the people of a release
 * and the `publish-approval` GitHub App. People then act through the API with their own tokens
 * (`dispatchRelease`, `addLabel`, `comment`), and the timeline records what followed.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { parseRequest, type PublishRequest } from '../../src/request-format/index.js';
import { startGitHubSandbox, type GitHubSandbox, type RequestLogEntry } from './github/index.js';
import { requireContainerRegistry, startContainerRegistry, type ContainerRegistry } from './registries/container-registry.js';
import { startVerdaccio, type VerdaccioRegistry } from './registries/verdaccio.js';
import { createWorkflowRunner, type WorkflowRunner } from './runner/index.js';
import { createSandboxHost } from './runner/sandbox-host.js';
import type { RunnerHost, RunRecord } from './runner/types.js';
import { findActionBundle, type ActionBundle } from './world/dist.js';
import { findLanding, type Landing } from './world/landed.js';
import { actionFiles, fillPlaceholders, PROJECT_ROOT, readTree } from './world/files.js';
import { CiGate, createWorldStandIns } from './world/stand-ins.js';
import { describeRun, formatEntry, timelineRun, type TimelineEntry } from './world/timeline.js';

export type { TimelineEntry, TimelineRun } from './world/timeline.js';
export type { Landing } from './world/landed.js';
export { describeRun, failureTail, formatEntry, unavailableCommands } from './world/timeline.js';

const run = promisify(execFile);

/** The names the world uses, in one place. */
export const WORLD = {
  org: 'acme',
  product: 'acme/widget',
  control: 'acme/publish',
  releases: 'acme/releases',
  actionRepo: 'publish-approval/publish-approval',
  app: 'publish-approval',
  bot: 'publish-approval[bot]',
  appId: '424242',
  team: 'release-managers',
  /** The engineer (write on the product repo). */
  engineer: 'alice',
  /** Release managers: active members of acme/release-managers. */
  managers: ['rita', 'ravi'],
  /** No rights anywhere beyond seeing internal repositories. */
  outsider: 'mallory',
  /** Invited to the release managers but has not accepted (membership pending). */
  pending: 'pat',
  npmUser: 'ci-bot',
  packageName: '@acme/widget',
  image: 'acme/widget',
} as const;

/** The permissions the App's installation grants (what its tokens get unless they ask for less). */
export const APP_PERMISSIONS: Readonly<Record<string, 'read' | 'write'>> = {
  contents: 'write',
  issues: 'write',
  actions: 'write',
  checks: 'read',
  statuses: 'read',
  members: 'read',
};

/** A fake App private key: the token stand-in checks it is non-empty, nothing reads it. */
const FAKE_PRIVATE_KEY = '-----BEGIN RSA PRIVATE KEY-----\nsandbox-not-a-key\n-----END RSA PRIVATE KEY-----';

/** How to start a world. */
export interface WorldOptions {
  /** Keep the world's folder (git repositories, runner workspaces, registry storage) after close(). */
  readonly keep?: boolean;
  /** Start Verdaccio and the container registry (default true); without them the product publishes to github and registry only. */
  readonly registries?: boolean;
  /** Fail when `docker-registry` is missing instead of leaving the oci target out (default false). */
  readonly requireContainerRegistry?: boolean;
  /** Receives each timeline line as it is recorded, and set-up notes. */
  readonly log?: (line: string) => void;
  /** The folder holding the action bundle's index.js (default: dist/, or a cached ncc build of src/). */
  readonly bundleDir?: string;
}

/** A parsed publish-request issue as it is now. */
export interface WorldIssue {
  readonly number: number;
  readonly title: string;
  readonly state: 'open' | 'closed';
  readonly stateReason: string | null;
  readonly author: string;
  readonly labels: readonly string[];
  readonly body: string;
  readonly comments: readonly { author: string; body: string }[];
  /** The request parsed from title and body; null when it does not parse (see parseError). */
  readonly request: PublishRequest | null;
  readonly parseError?: string;
}

/** Where things are, for people poking at a kept world. */
export interface WorldUrls {
  readonly api: string;
  readonly web: string;
  readonly git: Readonly<Record<string, string>>;
  readonly npm: string | null;
  readonly oci: string | null;
  readonly dir: string;
}

/** One named slice of the request log (benchmarks: API calls per phase). */
export interface WorldPhase {
  readonly name: string;
  readonly requests: readonly RequestLogEntry[];
  /** Workflow runs that started during the phase (hops). */
  readonly runs: readonly RunRecord[];
}

/** A running world. */
export interface World {
  readonly sandbox: GitHubSandbox;
  readonly runner: WorkflowRunner;
  readonly npm: VerdaccioRegistry | null;
  readonly oci: ContainerRegistry | null;
  readonly bundle: ActionBundle;
  /** Problems the world worked around while setting up (each also logged). */
  readonly warnings: readonly string[];
  readonly urls: WorldUrls;
  /** API tokens by login (people), plus `npm` (ci-bot on Verdaccio), `oci` (user:password) and `registry` (release registry push). */
  readonly tokens: Readonly<Record<string, string>>;
  /** The publish targets the product's .craft.yml names in this world. */
  readonly targets: readonly string[];
  readonly timeline: readonly TimelineEntry[];
  /** Every answer of the sandbox GitHub. */
  readonly requests: readonly RequestLogEntry[];
  /** Starts a named phase (ends the previous one). */
  markPhase(name: string): void;
  /** The phases so far, each with its requests and runs. */
  phases(): WorldPhase[];
  /** `actor` dispatches the product's Release workflow; resolves once everything it caused is idle, with the Release run. */
  dispatchRelease(actor: string, inputs?: { version?: string; merge_target?: string; force?: boolean }): Promise<RunRecord>;
  /** `actor` adds a label to an issue of the control repo through the API, with their own token; then waits for idle. */
  addLabel(actor: string, issueNumber: number, label: string): Promise<void>;
  /** `actor` comments on an issue of the control repo; then waits for idle. */
  comment(actor: string, issueNumber: number, body: string): Promise<void>;
  /** `actor` opens an issue in a repository (default the control repo); resolves with its number once idle. */
  openIssue(actor: string, title: string, body: string, repository?: string): Promise<number>;
  /** An API call as `actor` (a login with a token in `tokens`). */
  api(actor: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }>;
  /** Waits until webhooks are delivered and no run is queued or running (runs held at the CI gate count as idle). */
  idle(): Promise<void>;
  /** Records runs that finished since the last look, without waiting (for a kept world that people poke at). */
  flush(): void;
  /** Holds CI runs at their `sandbox/ci-gate` step until releaseCi(). */
  holdCi(): void;
  /** Lets held CI runs finish, then waits for idle. */
  releaseCi(): Promise<void>;
  /** The control repo's issue `n`, parsed. */
  issue(n: number): Promise<WorldIssue>;
  /** The publish-request issues of the control repo, newest first. */
  requestIssues(): number[];
  /** Where `version` of the product landed: npm, GitHub release, image, release registry file, merge. */
  landed(version: string): Promise<Landing>;
  /** Runs of a workflow (by name) in a repository, oldest first. */
  runsOf(workflow: string, repository?: string): RunRecord[];
  /** Records a line in the timeline (for scripts that do something the world does not know about). */
  note(actor: string, what: string, outcome?: string): void;
  /** Stops the runner, the registries and the sandbox; removes the world's folder unless `keep`. */
  close(): Promise<void>;
}

/** The control repo policy the world installs (the project's example names other people and has freeze windows). */
export function worldPolicy(): string {
  return stringifyYaml({
    releaseBot: WORLD.bot,
    approvers: { teams: [`${WORLD.org}/${WORLD.team}`], users: [] },
    approvals: { required: 1 },
    allowSelfApproval: false,
    retract: { allow: ['requester', 'product-writers', 'release-managers'] },
    hold: { allow: ['requester', 'release-managers'] },
    expiry: { days: 14 },
    reconcile: { maxRequestsPerRun: 100 },
  });
}

/** The product's .craft.yml without the targets whose registry is not running. */
function craftWithout(text: string, drop: readonly string[]): string {
  if (drop.length === 0) return text;
  const data = parseYaml(text) as { targets: { name: string }[] };
  data.targets = data.targets.filter((t) => !drop.includes(t.name));
  return `# Publish config of @acme/widget (targets without a running registry left out by the world).\n${stringifyYaml(data)}`;
}

async function tagBare(bareDir: string, tag: string, ref = 'HEAD'): Promise<void> {
  await run('git', [`--git-dir=${bareDir}`, 'tag', tag, ref]);
}

/** Starts a world. Close it with `world.close()`. */
export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const log = options.log ?? (() => undefined);
  const setupStarted = Date.now();
  // The timeline counts from the moment the world is ready (a first bundle build can take a while).
  let started = setupStarted;
  const dir = await mkdtemp(join(tmpdir(), 'publish-approval-world-'));
  const closers: (() => Promise<void>)[] = [];
  const warnings: string[] = [];
  const closeAll = async (): Promise<void> => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    closers.length = 0;
    if (!options.keep) await rm(dir, { recursive: true, force: true });
  };

  try {
    const sandbox = await startGitHubSandbox({ rootDir: join(dir, 'github') });
    closers.push(() => sandbox.close());
    const { admin } = sandbox;

    // Registries.
    let npm: VerdaccioRegistry | null = null;
    let oci: ContainerRegistry | null = null;
    const ociUser = { user: WORLD.npmUser, password: randomBytes(12).toString('base64url') };
    let npmToken = '';
    const dropTargets: string[] = [];
    if (options.registries !== false) {
      npm = await startVerdaccio({ dir: join(dir, 'verdaccio') });
      const registry = npm;
      closers.push(() => registry.close());
      npmToken = await npm.createUser(WORLD.npmUser, randomBytes(12).toString('base64url'));
      oci = options.requireContainerRegistry
        ? await requireContainerRegistry({ dir: join(dir, 'container-registry'), auth: ociUser })
        : await startContainerRegistry({ dir: join(dir, 'container-registry'), auth: ociUser });
      if (oci === null) {
        dropTargets.push('oci');
        log('note: docker-registry is not installed, so the oci target is left out (sudo bash .ci/install-system-deps.sh adds it)');
      } else {
        const registry = oci;
        closers.push(() => registry.close());
      }
    } else {
      dropTargets.push('npm', 'oci');
    }

    const bundle = await findActionBundle({ ...(options.bundleDir !== undefined ? { given: options.bundleDir } : {}), log });
    if (bundle.source !== 'dist') log(`note: the action bundle comes from ${bundle.dir} (${bundle.source}), not dist/`);

    // People, organisation, team.
    admin.createOrg(WORLD.org);
    admin.createOrg('publish-approval');
    for (const login of [WORLD.engineer, ...WORLD.managers, WORLD.outsider, WORLD.pending]) admin.createUser(login);
    for (const login of [WORLD.engineer, ...WORLD.managers, WORLD.outsider]) admin.setOrgMember(WORLD.org, login);
    admin.createTeam(WORLD.org, WORLD.team);
    for (const login of WORLD.managers) admin.setTeamMember(WORLD.org, WORLD.team, login, 'active');
    admin.setTeamMember(WORLD.org, WORLD.team, WORLD.pending, 'pending');

    // Repositories.
    const action = await actionFiles(bundle.dir, (message) => {
      warnings.push(message);
      log(`warning: ${message}`);
    });
    const actionRepo = await admin.createRepo('publish-approval', 'publish-approval', { visibility: 'public', files: action });
    await tagBare(actionRepo.bareDir, 'v1');
    await admin.createRepo(WORLD.org, 'releases', {
      visibility: 'private',
      files: { 'README.md': '# Release registry\n\nOne JSON file per package and version under packages/, written by the control repo.\n' },
    });
    await admin.createRepo(WORLD.org, 'publish', {
      visibility: 'internal',
      files: {
        ...action,
        'auto-approve.yml': await readFile(join(PROJECT_ROOT, 'auto-approve.yml')),
        '.github/publish-policy.yml': worldPolicy(),
        'README.md': '# acme/publish\n\nThe control repository: publish requests arrive here as issues; release managers approve them with the `accepted` label.\n',
      },
    });
    const fixture = await readTree(join(PROJECT_ROOT, 'test/fixtures/widget'));
    const filled = fillPlaceholders(fixture, {
      NPM_REGISTRY_URL: npm?.url ?? 'http://127.0.0.1:9',
      OCI_REGISTRY_HOST: oci?.host ?? '127.0.0.1:9',
      RELEASE_REGISTRY_REMOTE: sandbox.gitUrl(WORLD.org, 'releases'),
    });
    const craft = filled['.craft.yml'];
    if (craft !== undefined) filled['.craft.yml'] = Buffer.from(craftWithout(craft.toString('utf8'), dropTargets));
    const targets = (parseYaml(filled['.craft.yml']?.toString('utf8') ?? 'targets: []') as { targets: { name: string }[] }).targets.map((t) => t.name);
    const product = await admin.createRepo(WORLD.org, 'widget', { visibility: 'internal', files: filled });
    // The previous release, so `minor` has something to bump from.
    await tagBare(product.bareDir, '1.2.0');

    admin.setCollaborator(WORLD.product, WORLD.engineer, 'write');
    for (const login of WORLD.managers) admin.setCollaborator(WORLD.control, login, 'maintain');

    const tokens: Record<string, string> = {};
    for (const login of [WORLD.engineer, ...WORLD.managers, WORLD.outsider, WORLD.pending]) tokens[login] = admin.issueToken({ kind: 'user', login });
    tokens.registry = admin.issueToken({ kind: 'app', appSlug: 'release-registry', permissions: { contents: 'write' }, repositories: [WORLD.releases] });
    tokens.npm = npmToken;
    tokens.oci = `${ociUser.user}:${ociUser.password}`;

    // The runner.
    const gate = new CiGate();
    const workDir = join(dir, 'runner');
    await mkdir(join(dir, 'actions'), { recursive: true });
    // Host reads in flight: while CI is held, idle() cannot use runner.idle() and needs to know
    // that no delivery is still between "taken" and "its runs started".
    const baseHost = createSandboxHost(sandbox);
    let hostReads = 0;
    const counted =
      <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
      async (...args: A): Promise<R> => {
        hostReads += 1;
        try {
          return await fn(...args);
        } finally {
          hostReads -= 1;
        }
      };
    const host: RunnerHost = {
      ...baseHost,
      readWorkflowFiles: counted(baseHost.readWorkflowFiles),
      ...(baseHost.resolveSha !== undefined ? { resolveSha: counted(baseHost.resolveSha) } : {}),
      ...(baseHost.defaultBranch !== undefined ? { defaultBranch: counted(baseHost.defaultBranch) } : {}),
    };
    const runner = createWorkflowRunner({
      host,
      workDir,
      standIns: { apps: { [WORLD.appId]: WORLD.app } },
      actions: createWorldStandIns({
        sandbox,
        apps: { [WORLD.appId]: WORLD.app },
        installations: { [WORLD.app]: APP_PERMISSIONS },
        runnerEnv: { PUBLISH_APPROVAL_WRITE_INTERVAL_MS: '0' },
        cacheDir: join(dir, 'actions'),
        gate,
      }),
      secrets: {
        repo: { [WORLD.product]: { RELEASE_APP_PRIVATE_KEY: FAKE_PRIVATE_KEY } },
        environments: {
          [`${WORLD.control}:production`]: {
            RELEASE_APP_PRIVATE_KEY: FAKE_PRIVATE_KEY,
            ...(npm !== null ? { NPM_TOKEN: npmToken } : {}),
            ...(oci !== null ? { OCI_USERNAME: ociUser.user, OCI_PASSWORD: ociUser.password } : {}),
            RELEASE_REGISTRY_TOKEN: tokens.registry,
          },
        },
      },
      vars: { repo: { [WORLD.product]: { RELEASE_APP_ID: WORLD.appId }, [WORLD.control]: { RELEASE_APP_ID: WORLD.appId, RELEASE_BOT_LOGIN: WORLD.bot } }, environments: {} },
    });
    runner.start();
    closers.push(async () => {
      gate.release();
      await runner.stop();
    });

    // Timeline and phases.
    const timeline: TimelineEntry[] = [];
    const reported = new Set<number>();
    const since = (): number => Date.now() - started;
    const record = (entry: TimelineEntry): void => {
      timeline.push(entry);
      log(formatEntry(entry));
    };
    const eventText = (r: RunRecord): string => {
      const payload = sandbox.webhooks.deliveries.find((d) => d.id === r.deliveryId)?.payload ?? {};
      const issue = (payload.issue as { number?: number } | undefined)?.number;
      const label = (payload.label as { name?: string } | undefined)?.name;
      if (r.event === 'push') return `push ${r.ref.replace(/^refs\/heads\//, '')}`;
      if (r.event === 'repository_dispatch') return `repository_dispatch ${String(payload.action ?? '')}`;
      if (issue !== undefined) return `${r.event}.${r.action ?? ''} #${issue}${label !== undefined ? ` ${label}` : ''}`;
      return r.action !== undefined ? `${r.event}.${r.action}` : r.event;
    };
    /**
     * Timeline entries for finished runs not reported yet; `direct` is the one an action's line
     * names. Consecutive runs of one workflow on the same kind of event with the same outcome (the
     * bot's own body edits each start one) share a line.
     */
    const flushRuns = (direct?: RunRecord): void => {
      const done = runner.runs.filter((r) => r.status === 'completed' && !reported.has(r.id) && r !== direct);
      done.sort((a, b) => (a.startedAt ?? a.queuedAt).getTime() - (b.startedAt ?? b.queuedAt).getTime());
      const groups: { runs: RunRecord[]; key: string }[] = [];
      for (const r of done) {
        reported.add(r.id);
        const key = `${r.repository}|${r.workflow.name}|${r.actor}|${eventText(r)}|${describeRun(r)}`;
        const last = groups.at(-1);
        if (last !== undefined && last.key === key) last.runs.push(r);
        else groups.push({ runs: [r], key });
      }
      for (const { runs } of groups) {
        const first = runs[0] as RunRecord;
        const lastRun = runs.at(-1) as RunRecord;
        const numbers = runs.length === 1 ? `#${first.runNumber}` : `#${first.runNumber}–#${lastRun.runNumber}`;
        const times = runs.length === 1 ? '' : ` ×${runs.length}`;
        record({
          at: (first.startedAt ?? first.queuedAt).getTime() - started,
          actor: first.actor,
          what: `↳ ${first.workflow.name} ${numbers} (${first.repository}, ${eventText(first)}${times})`,
          run: timelineRun(first),
          outcome: `→ ${describeRun(first)}`,
        });
      }
    };

    let phase: { name: string; fromRequest: number; fromRun: number } | undefined;
    const finished: WorldPhase[] = [];
    const closePhase = (): void => {
      if (phase === undefined) return;
      finished.push({ name: phase.name, requests: sandbox.requests.entries.slice(phase.fromRequest), runs: runner.runs.slice(phase.fromRun) });
      phase = undefined;
    };

    const api = async (actor: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> => {
      const token = tokens[actor];
      if (token === undefined) throw new Error(`world: no token for ${actor}`);
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
        // not JSON: keep the text
      }
      return { status: res.status, json };
    };

    const signature = (): string =>
      `${sandbox.webhooks.deliveries.length}/${runner.deliveries.length}/${runner.runs.length}/${runner.runs.filter((r) => r.status === 'completed').length}`;

    const idle = async (): Promise<void> => {
      let stable = 0;
      let last = '';
      while (stable < 2) {
        await sandbox.settleWebhooks();
        if (!gate.held) {
          await runner.idle();
        } else {
          // runner.idle() would wait for the runs held at the gate: poll until only they are left
          // (or the runner is idle after all, when no CI run reached the gate).
          const pending = runner.idle();
          let settled = false;
          pending.then(
            () => (settled = true),
            () => (settled = true),
          );
          for (;;) {
            if (settled) {
              await pending;
              break;
            }
            const open = runner.runs.filter((r) => r.status !== 'completed');
            const taken = runner.deliveries.length === sandbox.webhooks.deliveries.length && hostReads === 0;
            if (taken && open.length > 0 && open.every((r) => gate.waiting.has(r.id))) break;
            await new Promise((resolve) => setTimeout(resolve, 25));
          }
        }
        // Some webhooks (commit statuses) follow their write by a few milliseconds.
        await new Promise((resolve) => setTimeout(resolve, 40));
        const now = signature();
        stable = now === last ? stable + 1 : 0;
        last = now;
      }
    };

    /** Does something as a person, waits for idle, records the action with the run it started directly. */
    const act = async <T>(actor: string, what: string, deed: () => Promise<T>, isDirect: (r: RunRecord) => boolean): Promise<{ value: T; direct?: RunRecord }> => {
      const at = since();
      const before = runner.runs.length;
      const value = await deed();
      await idle();
      const direct = runner.runs.slice(before).find(isDirect);
      if (direct !== undefined) reported.add(direct.id);
      record({ at, actor, what, ...(direct !== undefined ? { run: timelineRun(direct), outcome: `→ ${direct.workflow.name} #${direct.runNumber} ${describeRun(direct)}` } : {}) });
      flushRuns(direct);
      return { value, ...(direct !== undefined ? { direct } : {}) };
    };

    const expectStatus = (what: string, res: { status: number; json: unknown }, ok: number[]): void => {
      if (!ok.includes(res.status)) throw new Error(`world: ${what} answered HTTP ${res.status}: ${JSON.stringify(res.json)}`);
    };

    const urls: WorldUrls = {
      api: sandbox.apiUrl,
      web: sandbox.serverUrl,
      git: Object.fromEntries([WORLD.product, WORLD.control, WORLD.releases, WORLD.actionRepo].map((name) => [name, sandbox.gitUrl(...(name.split('/') as [string, string]))])),
      npm: npm?.url ?? null,
      oci: oci?.url ?? null,
      dir,
    };

    let closed = false;
    const world: World = {
      sandbox,
      runner,
      npm,
      oci,
      bundle,
      warnings,
      urls,
      tokens,
      targets,
      timeline,
      get requests() {
        return sandbox.requests.entries;
      },
      markPhase(name) {
        closePhase();
        phase = { name, fromRequest: sandbox.requests.entries.length, fromRun: runner.runs.length };
      },
      phases() {
        const out = [...finished];
        if (phase !== undefined) out.push({ name: phase.name, requests: sandbox.requests.entries.slice(phase.fromRequest), runs: runner.runs.slice(phase.fromRun) });
        return out;
      },
      async dispatchRelease(actor, inputs = {}) {
        const given: Record<string, string> = {};
        if (inputs.version !== undefined) given.version = inputs.version;
        if (inputs.merge_target !== undefined) given.merge_target = inputs.merge_target;
        if (inputs.force !== undefined) given.force = String(inputs.force);
        const shown = Object.entries(given).map(([k, v]) => `${k}=${v}`).join(' ');
        const { direct } = await act(
          actor,
          `dispatched Release (${WORLD.product})${shown ? ` ${shown}` : ''}`,
          async () => expectStatus('the release dispatch', await api(actor, 'POST', `/repos/${WORLD.product}/actions/workflows/release.yml/dispatches`, { ref: 'main', inputs: given }), [204]),
          (r) => r.repository === WORLD.product && r.event === 'workflow_dispatch',
        );
        if (direct === undefined) throw new Error('world: the release dispatch started no run');
        return direct;
      },
      async addLabel(actor, issueNumber, label) {
        await act(
          actor,
          `added label ${label} to ${WORLD.control}#${issueNumber}`,
          async () => expectStatus(`adding ${label}`, await api(actor, 'POST', `/repos/${WORLD.control}/issues/${issueNumber}/labels`, { labels: [label] }), [200]),
          (r) => r.repository === WORLD.control && r.event === 'issues' && r.action === 'labeled' && r.actor === actor,
        );
      },
      async comment(actor, issueNumber, body) {
        await act(
          actor,
          `commented ${JSON.stringify(body.length > 40 ? `${body.slice(0, 37)}...` : body)} on ${WORLD.control}#${issueNumber}`,
          async () => expectStatus('the comment', await api(actor, 'POST', `/repos/${WORLD.control}/issues/${issueNumber}/comments`, { body }), [201]),
          (r) => r.repository === WORLD.control && r.event === 'issue_comment' && r.actor === actor,
        );
      },
      async openIssue(actor, title, body, repository = WORLD.control) {
        const { value } = await act(
          actor,
          `opened an issue "${title}" in ${repository}`,
          async () => {
            const res = await api(actor, 'POST', `/repos/${repository}/issues`, { title, body });
            expectStatus('opening the issue', res, [201]);
            return (res.json as { number: number }).number;
          },
          (r) => r.repository === repository && r.event === 'issues' && r.action === 'opened' && r.actor === actor,
        );
        return value;
      },
      api,
      async idle() {
        await idle();
        flushRuns();
      },
      flush() {
        flushRuns();
      },
      holdCi() {
        gate.hold();
      },
      async releaseCi() {
        const at = since();
        gate.release();
        await idle();
        record({ at, actor: 'world', what: 'let held CI runs finish' });
        flushRuns();
      },
      async issue(n) {
        const record = admin.getIssue(WORLD.control, n);
        if (record === undefined) throw new Error(`world: ${WORLD.control} has no issue #${n}`);
        let request: PublishRequest | null = null;
        let parseError: string | undefined;
        try {
          request = parseRequest(record.title, record.body ?? '');
        } catch (error) {
          parseError = error instanceof Error ? error.message : String(error);
        }
        return {
          number: n,
          title: record.title,
          state: record.state,
          stateReason: record.stateReason,
          author: record.user,
          labels: [...record.labels],
          body: record.body ?? '',
          comments: admin.listComments(WORLD.control, n).map((c) => ({ author: c.user, body: c.body })),
          request,
          ...(parseError !== undefined ? { parseError } : {}),
        };
      },
      requestIssues() {
        return admin
          .listIssues(WORLD.control)
          .filter((i) => i.title.startsWith('publish: ') && i.pullRequest === undefined)
          .map((i) => i.number)
          .sort((a, b) => b - a);
      },
      async landed(version) {
        const number = world.requestIssues().find((n) => admin.getIssue(WORLD.control, n)?.title.endsWith(`@${version}`));
        const request = number === undefined ? null : (await world.issue(number)).request;
        return findLanding(
          {
            sandbox,
            npm,
            oci,
            ociAuth: oci !== null ? ociUser : null,
            product: WORLD.product,
            releases: WORLD.releases,
            packageName: WORLD.packageName,
            image: WORLD.image,
            canonicalName: `npm:${WORLD.packageName}`,
            readToken: tokens[WORLD.managers[0]] ?? '',
            scratch: dir,
          },
          version,
          {
            branch: request?.releaseBranch ?? `release/${version}`,
            commit: request?.releaseCommit ?? null,
            ...(request?.mergeTarget ? { mergeTarget: request.mergeTarget } : {}),
          },
        );
      },
      runsOf(workflow, repository) {
        return runner.runs.filter((r) => r.workflow.name === workflow && (repository === undefined || r.repository === repository));
      },
      note(actor, what, outcome) {
        record({ at: since(), actor, what, ...(outcome !== undefined ? { outcome } : {}) });
      },
      async close() {
        if (closed) return;
        closed = true;
        closePhase();
        await closeAll();
      },
    };
    log(`world ready in ${((Date.now() - setupStarted) / 1000).toFixed(1)}s: ${sandbox.apiUrl} (targets: ${targets.join(', ')})`);
    started = Date.now();
    return world;
  } catch (error) {
    await closeAll();
    throw error;
  }
}
