/**
 * A small git CLI wrapper for the request action and the publisher.
 *
 * Security rules, each enforced here so no caller has to remember them:
 * - git runs through `execFile` with an argument vector: no shell ever sees a ref, a path or a message;
 * - values that reach argv and could start with `-` are refused (option injection), `--` separates
 *   options from paths and remotes, pathspecs are literal (`--literal-pathspecs`), messages go
 *   through a file (no `-m` with attacker text, no E2BIG);
 * - the token never appears in argv (world-readable in /proc), in a URL or in logs: it travels as an
 *   `http.extraHeader` through `GIT_CONFIG_*` environment variables, only for commands that talk
 *   to a remote, and is masked in every error;
 * - the environment is allow-listed: no inherited `GIT_*` (GIT_SSH_COMMAND, GIT_EXEC_PATH…), no
 *   `LD_PRELOAD`, a private HOME so no user or system config (credential helpers, `insteadOf`
 *   rewrites, hooks) applies; hooks are switched off.
 */
import { execFile as nodeExecFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../deps.js';

/** How git is started; tests pass a recorder that wraps the real one. */
export type GitExec = (
  argv: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number },
) => Promise<{ stdout: string; stderr: string }>;

/** Options of createGit: where to work, the token for HTTPS remotes, the commit author. */
export interface GitOptions {
  /** The working tree every command except clone runs in (clone resolves its target from here). */
  readonly cwd: string;
  /** A GitHub token (installation or PAT) for HTTPS remotes. */
  readonly token?: string;
  /** Author and committer of commits. */
  readonly author?: { readonly name: string; readonly email: string };
  /** Where PATH, LANG and TZ are read from; defaults to process.env. Nothing else is inherited. */
  readonly baseEnv?: NodeJS.ProcessEnv;
  readonly log?: Logger;
  /** Per-command timeout. Default 10 minutes. */
  readonly timeoutMs?: number;
  /** Replaces the real execFile (tests). */
  readonly exec?: GitExec;
}

/** One commit as `log()` returns it. */
export interface GitLogEntry {
  readonly sha: string;
  readonly subject: string;
  readonly body: string;
}

/** The git operations the product needs. */
export interface Git {
  /** The directory commands run in. */
  readonly cwd: string;
  /** The same wrapper (token, author, environment) working in another directory. */
  at(cwd: string): Git;
  clone(url: string, dir: string, options?: { branch?: string; depth?: number }): Promise<void>;
  fetch(remote: string, refspecs?: readonly string[], options?: { depth?: number; tags?: boolean }): Promise<void>;
  checkoutNewBranch(name: string, startPoint: string): Promise<void>;
  add(paths: readonly string[]): Promise<void>;
  /** Commits the index and returns the new commit's sha. */
  commit(message: string, options?: { allowEmpty?: boolean }): Promise<string>;
  push(remote: string, refspec: string, options?: { force?: boolean }): Promise<void>;
  /** The sha `ref` points at on a remote (a peeled tag for `refs/tags/x`), or null when absent. */
  lsRemote(url: string, ref: string): Promise<string | null>;
  /** The commit a ref resolves to; throws GitError when it does not resolve. */
  revParse(ref: string): Promise<string>;
  tags(): Promise<readonly string[]>;
  /** Commits of a range (`a..b`, or one ref), newest first. */
  log(range: string): Promise<readonly GitLogEntry[]>;
  /** Deletes a branch on a remote; a branch that is already gone is not an error. */
  deleteRemoteBranch(remote: string, branch: string): Promise<void>;
}

/** A git command failed; command and stderr have the token masked. */
export class GitError extends Error {
  override readonly name = 'GitError';
  constructor(
    /** `git clone -- https://… dir`, token masked. */
    readonly command: string,
    readonly exitCode: number | null,
    /** git's stderr, token masked. */
    readonly stderr: string,
  ) {
    super(`${command} failed${exitCode === null ? '' : ` (exit ${exitCode})`}: ${stderr.trim().split('\n').slice(-5).join(' | ') || 'no output'}`);
  }
}

/** A value was refused before it reached git (it could have been read as an option). */
export class GitArgumentError extends Error {
  override readonly name = 'GitArgumentError';
}

const defaultAuthor = { name: 'github-actions[bot]', email: '41898282+github-actions[bot]@users.noreply.github.com' };

/** The real execFile, promisified, with room for large logs. */
const realExec: GitExec = (argv, options) =>
  new Promise((resolve, reject) => {
    nodeExecFile(
      'git',
      [...argv],
      { cwd: options.cwd, env: options.env, timeout: options.timeoutMs, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8', windowsHide: true },
      (error, stdout, stderr) => {
        if (error) reject(Object.assign(error, { stdout, stderr }));
        else resolve({ stdout, stderr });
      },
    );
  });

/** Builds a git wrapper; see the module comment for the security rules it enforces. */
export function createGit(options: GitOptions): Git {
  // One private HOME per wrapper (shared by its `at()` copies), created on first use, removed at exit.
  let home: string | undefined;
  const privateHome = (): string => {
    if (home === undefined) {
      home = mkdtempSync(join(tmpdir(), 'publish-approval-git-home-'));
      homesToRemove.add(home);
      if (homesToRemove.size === 1) process.once('exit', removeHomes);
    }
    return home;
  };
  return makeGit(options, privateHome);
}

const homesToRemove = new Set<string>();

function removeHomes(): void {
  for (const dir of homesToRemove) rmSync(dir, { recursive: true, force: true });
  homesToRemove.clear();
}

function makeGit(options: GitOptions, privateHome: () => string): Git {
  const exec = options.exec ?? realExec;
  const timeoutMs = options.timeoutMs ?? 10 * 60 * 1000;
  const token = options.token ?? '';
  const secrets = secretForms(token);
  const mask = (text: string): string => secrets.reduce((out, secret) => out.split(secret).join('***'), text);

  async function run(argv: readonly string[], how: { network?: boolean; cwd?: string } = {}): Promise<string> {
    const env = gitEnvironment({ baseEnv: options.baseEnv ?? process.env, home: privateHome(), token: how.network ? token : '', author: options.author ?? defaultAuthor });
    const fullArgv = ['--literal-pathspecs', ...argv];
    const shown = mask(`git ${argv.join(' ')}`);
    options.log?.debug(shown);
    try {
      const { stdout } = await exec(fullArgv, { cwd: how.cwd ?? options.cwd, env, timeoutMs });
      return stdout;
    } catch (error) {
      const failure = error as { code?: unknown; stderr?: unknown; message?: string; killed?: boolean };
      const stderr = typeof failure.stderr === 'string' && failure.stderr !== '' ? failure.stderr : (failure.message ?? String(error));
      const exitCode = typeof failure.code === 'number' ? failure.code : null;
      throw new GitError(shown, exitCode, mask(failure.killed ? `timed out after ${timeoutMs} ms. ${stderr}` : stderr));
    }
  }

  /** A message in a private file: no attacker text in argv, no E2BIG for long changelogs. */
  async function withMessageFile<T>(message: string, fn: (path: string) => Promise<T>): Promise<T> {
    const dir = mkdtempSync(join(tmpdir(), 'publish-approval-msg-'));
    const path = join(dir, 'message');
    writeFileSync(path, message, { mode: 0o600 });
    try {
      return await fn(path);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  const git: Git = {
    cwd: options.cwd,

    at(cwd) {
      return makeGit({ ...options, cwd }, privateHome);
    },

    async clone(url, dir, cloneOptions = {}) {
      checkUrl(url, token);
      checkArg('directory', dir);
      const argv = ['clone', '--quiet', '--no-recurse-submodules'];
      if (cloneOptions.branch !== undefined) argv.push(`--branch=${checkRef('branch', cloneOptions.branch)}`);
      if (cloneOptions.depth !== undefined) argv.push(`--depth=${checkDepth(cloneOptions.depth)}`);
      await run([...argv, '--', url, dir], { network: true });
    },

    async fetch(remote, refspecs = [], fetchOptions = {}) {
      checkRemote(remote, token);
      refspecs.forEach((refspec) => checkArg('refspec', refspec));
      const argv = ['fetch', '--quiet', '--no-recurse-submodules', fetchOptions.tags ? '--tags' : '--no-tags'];
      if (fetchOptions.depth !== undefined) argv.push(`--depth=${checkDepth(fetchOptions.depth)}`);
      await run([...argv, '--', remote, ...refspecs], { network: true });
    },

    async checkoutNewBranch(name, startPoint) {
      checkRef('branch', name);
      checkArg('start point', startPoint);
      // check-ref-format refuses names git itself would misread (`..`, `@{`, control characters…).
      await run(['check-ref-format', '--branch', name]);
      await run(['checkout', '--quiet', '-b', name, startPoint]);
    },

    async add(paths) {
      if (paths.length === 0) return;
      paths.forEach((path) => checkArg('path', path));
      await run(['add', '--', ...paths]);
    },

    async commit(message, commitOptions = {}) {
      if (message.trim() === '') throw new GitArgumentError('git commit: the message is empty');
      await withMessageFile(message, (file) =>
        // `whitespace` keeps lines starting with `#` (changelog headings) that the default cleanup strips.
        run(['commit', '--quiet', '--no-verify', '--cleanup=whitespace', ...(commitOptions.allowEmpty ? ['--allow-empty'] : []), `--file=${file}`]),
      );
      return git.revParse('HEAD');
    },

    async push(remote, refspec, pushOptions = {}) {
      checkRemote(remote, token);
      checkArg('refspec', refspec);
      await run(['push', '--quiet', '--no-verify', ...(pushOptions.force ? ['--force'] : []), '--', remote, refspec], { network: true });
    },

    async lsRemote(url, ref) {
      checkRemote(url, token);
      checkArg('ref', ref);
      const out = await run(['ls-remote', '--', url, ref], { network: true });
      const refs = new Map<string, string>();
      for (const line of out.split('\n')) {
        const [sha, name] = line.split('\t');
        if (sha && name) refs.set(name, sha);
      }
      const candidates = ref.startsWith('refs/') ? [`${ref}^{}`, ref] : [`refs/heads/${ref}`, `refs/tags/${ref}^{}`, `refs/tags/${ref}`];
      for (const candidate of candidates) {
        const sha = refs.get(candidate);
        if (sha) return sha;
      }
      return null;
    },

    async revParse(ref) {
      checkArg('ref', ref);
      const out = await run(['rev-parse', '--verify', '--end-of-options', `${ref}^{commit}`]);
      return out.trim();
    },

    async tags() {
      const out = await run(['for-each-ref', '--format=%(refname:strip=2)', 'refs/tags']);
      return out.split('\n').filter((line) => line !== '');
    },

    async log(range) {
      checkArg('range', range);
      // Unit and record separators cannot appear in a ref name and practically never in a message.
      const out = await run(['log', '--format=%H%x1f%s%x1f%b%x1e', '--end-of-options', range, '--']);
      return out
        .split('\x1e')
        .map((record) => record.replace(/^\n/, ''))
        .filter((record) => record.trim() !== '')
        .map((record) => {
          const [sha = '', subject = '', ...body] = record.split('\x1f');
          return { sha, subject, body: body.join('\x1f').trim() };
        });
    },

    async deleteRemoteBranch(remote, branch) {
      checkRemote(remote, token);
      checkRef('branch', branch);
      try {
        await run(['push', '--quiet', '--no-verify', '--', remote, `:refs/heads/${branch}`], { network: true });
      } catch (error) {
        if (error instanceof GitError && /remote ref does not exist/i.test(error.stderr)) return;
        throw error;
      }
    },
  };
  return git;
}

/**
 * The whole environment git runs with: an allow-list, never the parent's environment.
 * Exported so tests can check that the token only travels in the config variables.
 */
export function gitEnvironment(input: {
  baseEnv: NodeJS.ProcessEnv;
  home: string;
  token: string;
  author: { name: string; email: string };
}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: input.baseEnv.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: input.home,
    GIT_TERMINAL_PROMPT: '0',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: input.author.name,
    GIT_AUTHOR_EMAIL: input.author.email,
    GIT_COMMITTER_NAME: input.author.name,
    GIT_COMMITTER_EMAIL: input.author.email,
  };
  for (const name of ['LANG', 'TZ'] as const) {
    const value = input.baseEnv[name];
    if (value !== undefined) env[name] = value;
  }
  const config: [string, string][] = [
    // An empty helper list: no stored credential can be used or leaked.
    ['credential.helper', ''],
    ['core.hooksPath', '/dev/null'],
    ['core.askPass', ''],
    ['protocol.ext.allow', 'never'],
    ['commit.gpgSign', 'false'],
    ['tag.gpgSign', 'false'],
  ];
  if (input.token !== '') {
    const basic = Buffer.from(`x-access-token:${input.token}`, 'utf8').toString('base64');
    config.push(['http.extraHeader', `Authorization: Basic ${basic}`]);
  }
  env.GIT_CONFIG_COUNT = String(config.length);
  config.forEach(([key, value], index) => {
    env[`GIT_CONFIG_KEY_${index}`] = key;
    env[`GIT_CONFIG_VALUE_${index}`] = value;
  });
  return env;
}

/** Every form in which the token could show up in git's output. */
function secretForms(token: string): string[] {
  if (token === '') return [];
  const basic = Buffer.from(`x-access-token:${token}`, 'utf8').toString('base64');
  return [basic, token, encodeURIComponent(token)].filter((value, index, all) => all.indexOf(value) === index).sort((a, b) => b.length - a.length);
}

function checkArg(what: string, value: string): string {
  if (value === '') throw new GitArgumentError(`git: the ${what} is empty`);
  if (value.startsWith('-')) throw new GitArgumentError(`git: refusing the ${what} "${value}": it starts with "-" and would be read as an option`);
  if (/[\0\r\n]/.test(value)) throw new GitArgumentError(`git: refusing the ${what}: it contains a NUL or a line break`);
  return value;
}

function checkRef(what: string, value: string): string {
  checkArg(what, value);
  if (/[\s~^:?*[\\]|\.\.|@\{|\/\/|^\/|\/$|\.lock$|\.$/.test(value)) throw new GitArgumentError(`git: "${value}" is not a valid ${what} name`);
  return value;
}

function checkDepth(depth: number): number {
  if (!Number.isInteger(depth) || depth < 1) throw new GitArgumentError(`git: depth must be a positive integer, got ${depth}`);
  return depth;
}

/** A remote name or URL; URLs must not carry credentials or use the `ext::` transport. */
function checkRemote(remote: string, token: string): string {
  checkArg('remote', remote);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(remote) || remote.includes('::')) checkUrl(remote, token);
  return remote;
}

function checkUrl(url: string, token: string): string {
  checkArg('URL', url);
  if (/^ext::/i.test(url) || /^[a-z]+::/i.test(url)) throw new GitArgumentError('git: refusing a remote-helper URL ("transport::address")');
  if (token !== '' && url.includes(token)) throw new GitArgumentError('git: the URL contains the token; pass it through the token option instead');
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/@]*:[^/@]*@/i.test(url)) throw new GitArgumentError('git: refusing a URL with a password in it; pass the token through the token option');
  return url;
}
