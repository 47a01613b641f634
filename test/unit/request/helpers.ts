/**
 * Shared set-up of the request tests: a sandbox GitHub with the sample product repository
 * (test/fixtures/product) tagged 1.1.0, an empty control repository, the release bot's App
 * token, and a HandlerContext built from them.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { HandlerContext, Logger } from '../../../src/deps.js';
import { createOctokitPort } from '../../../src/github/octokit-adapter.js';
import type { GitHubPort } from '../../../src/github/port.js';
import { startGitHubSandbox, type GitHubSandbox } from '../../sandbox/github/index.js';
import { IssueService } from '../../sandbox/github/routes/issues.js';

const run = promisify(execFile);

export const FIXTURE = resolve('test/fixtures/product');
export const BOT = 'release-bot[bot]';

/** A Logger that keeps lines, outputs and the summary. */
export interface CapturingLogger extends Logger {
  readonly lines: { level: string; message: string; title?: string }[];
  readonly outputs: Record<string, string>;
  summary: string;
  text(): string;
}

/** Builds a CapturingLogger. */
export function capturingLogger(): CapturingLogger {
  const lines: CapturingLogger['lines'] = [];
  const add =
    (level: string) =>
    (message: string, properties?: { title?: string }): void => {
      lines.push({ level, message, ...(properties?.title ? { title: properties.title } : {}) });
    };
  const log: CapturingLogger = {
    lines,
    outputs: {},
    summary: '',
    text: () => lines.map((l) => `${l.level}: ${l.message}`).join('\n'),
    info: add('info'),
    debug: () => undefined,
    notice: add('notice'),
    warning: add('warning'),
    error: add('error'),
    mask: () => undefined,
    setOutput: (name, value) => {
      log.outputs[name] = value;
    },
    appendSummary: async (markdown) => {
      log.summary += markdown;
    },
  };
  return log;
}

/** Every file of the sample product, by repository path. */
export async function fixtureFiles(dir = FIXTURE): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const walk = async (at: string): Promise<void> => {
    for (const entry of await readdir(at, { withFileTypes: true })) {
      const full = join(at, entry.name);
      if (entry.isDirectory()) await walk(full);
      else files[relative(dir, full).split('\\').join('/')] = await readFile(full, 'utf8');
    }
  };
  await walk(dir);
  return files;
}

/** The sandbox world of a request test. */
export interface World {
  readonly sandbox: GitHubSandbox;
  /** The release bot's App installation token (contents and issues write). */
  readonly token: string;
  /** A port acting as the release bot, with no write spacing (tests). */
  readonly github: GitHubPort;
  readonly workDir: string;
  close(): Promise<void>;
}

/** A port for `token` against the sandbox, fast (no write spacing, short retry backoff). */
export function sandboxPort(sandbox: GitHubSandbox, token: string, log: Logger, botLogin = BOT): GitHubPort {
  return createOctokitPort({ token, baseUrl: sandbox.apiUrl, log, botLogin, minWriteIntervalMs: 0, retryBaseMs: 1 });
}

/** Starts the sandbox with acme/widget (fixture, tag 1.1.0 on main) and acme/publish. */
export async function startWorld(): Promise<World> {
  const sandbox = await startGitHubSandbox();
  sandbox.admin.createOrg('acme');
  sandbox.admin.createUser('engineer');
  sandbox.admin.createUser('mallory');
  await sandbox.admin.createRepo('acme', 'widget', { files: await fixtureFiles() });
  await sandbox.admin.createRepo('acme', 'publish');
  sandbox.admin.setCollaborator('acme/widget', 'engineer', 'write');
  const token = sandbox.admin.issueToken({ kind: 'app', appSlug: 'release-bot', permissions: { contents: 'write', issues: 'write' } });
  const github = sandboxPort(sandbox, token, capturingLogger());
  const main = await sandbox.admin.branchSha('acme/widget', 'main');
  if (main === null) throw new Error('sandbox: acme/widget has no main');
  await github.createTag({ owner: 'acme', repo: 'widget' }, '1.1.0', main);
  const workDir = await mkdtemp(join(tmpdir(), 'request-test-'));
  return {
    sandbox,
    token,
    github,
    workDir,
    async close() {
      await sandbox.close();
      await rm(workDir, { recursive: true, force: true });
    },
  };
}

/** The inputs of a run, as the action would receive them (defaults of action.yml applied). */
export type Inputs = Partial<Record<'version' | 'merge_target' | 'path' | 'force' | 'blocker_label' | 'publish_repo' | 'dry_run' | 'token', string>>;

/** A HandlerContext and environment for one run against the world. */
export function runContext(world: World, inputs: Inputs, options: { actor?: string; runId?: string; github?: GitHubPort } = {}) {
  const log = capturingLogger();
  const all: Record<string, string> = { blocker_label: 'release-blocker', force: 'false', dry_run: 'false', token: world.token, ...inputs };
  const context: HandlerContext = {
    github: options.github ?? sandboxPort(world.sandbox, world.token, log),
    clock: { now: () => Date.now() },
    log,
    event: { name: 'workflow_dispatch', payload: {} },
    input: (name) => (all[name] ?? '').trim(),
    workDir: world.workDir,
  };
  const env: NodeJS.ProcessEnv = {
    GITHUB_REPOSITORY: 'acme/widget',
    GITHUB_SERVER_URL: world.sandbox.serverUrl,
    GITHUB_ACTOR: options.actor ?? 'engineer',
    GITHUB_RUN_ID: options.runId ?? '4242',
    PATH: process.env.PATH ?? '/usr/bin:/bin',
  };
  return { context, env, log };
}

/** Runs git with the token in an extra header (never in argv of a URL), in `cwd`. */
export async function git(cwd: string, token: string, args: string[]): Promise<string> {
  const header = `Authorization: Basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`;
  const { stdout } = await run('git', ['-c', `http.extraHeader=${header}`, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: cwd, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

/** Clones the product, writes `files`, commits with `message` and pushes to `branch`. */
export async function pushCommit(world: World, files: Record<string, string>, message: string, branch = 'main'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'request-push-'));
  try {
    await git(dir, world.token, ['clone', '--quiet', world.sandbox.gitUrl('acme', 'widget'), 'repo']);
    const repo = join(dir, 'repo');
    await git(repo, world.token, ['checkout', '--quiet', '-B', branch]);
    for (const [path, content] of Object.entries(files)) {
      await mkdir(dirname(join(repo, path)), { recursive: true });
      await writeFile(join(repo, path), content);
    }
    await git(repo, world.token, ['add', '-A']);
    await git(repo, world.token, ['commit', '--quiet', '--allow-empty', '-m', message]);
    await git(repo, world.token, ['push', '--quiet', 'origin', `HEAD:refs/heads/${branch}`]);
    return (await git(repo, world.token, ['rev-parse', 'HEAD'])).trim();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Reads a file of a pushed branch back over the sandbox's git URL. */
export async function showRemote(world: World, branch: string, path: string): Promise<{ sha: string; subject: string; file: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'request-show-'));
  try {
    await git(dir, world.token, ['clone', '--quiet', '--branch', branch, world.sandbox.gitUrl('acme', 'widget'), 'repo']);
    const repo = join(dir, 'repo');
    const sha = (await git(repo, world.token, ['rev-parse', 'HEAD'])).trim();
    const subject = (await git(repo, world.token, ['log', '-1', '--format=%s'])).trim();
    const file = await git(repo, world.token, ['show', `HEAD:${path}`]);
    return { sha, subject, file };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The sha a remote branch points at, read with `git ls-remote`; null when absent. */
export async function lsRemote(world: World, branch: string): Promise<string | null> {
  const out = await git(world.workDir, world.token, ['ls-remote', world.sandbox.gitUrl('acme', 'widget'), `refs/heads/${branch}`]);
  return out.split('\t')[0]?.trim() || null;
}

/** Opens many issues in a repository at once, directly in the sandbox state (no HTTP, no webhooks). */
export function bulkIssues(sandbox: GitHubSandbox, fullName: string, count: number, make: (i: number) => { title: string; user: string; body?: string }): void {
  const repo = sandbox.admin.getRepo(fullName);
  if (repo === undefined) throw new Error(`no repo ${fullName}`);
  const service = new IssueService(sandbox.app);
  service.quietly(() => {
    for (let i = 0; i < count; i++) {
      const issue = make(i);
      service.createIssue(repo, { kind: 'user', login: issue.user }, { title: issue.title, body: issue.body ?? null, user: issue.user });
    }
  });
}

/** API writes (not git fetches) the sandbox answered. */
export function apiWrites(sandbox: GitHubSandbox): { method: string; path: string; status: number }[] {
  return sandbox.requests.entries.filter((e) => e.isWrite && !e.path.endsWith('/git-upload-pack')).map((e) => ({ method: e.method, path: e.path, status: e.status }));
}
