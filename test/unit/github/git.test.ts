/**
 * The git wrapper: clone/commit/push/log round trips against a `file://` bare repository and the
 * sandbox's smart-HTTP endpoint, and the token rules (never in argv, URLs, logs or errors).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGit, GitArgumentError, GitError, gitEnvironment, type GitExec } from '../../../src/github/git.js';
import { startGitHubSandbox, type GitHubSandbox } from '../../sandbox/github/index.js';
import { recordingLogger } from './helpers.js';

const TOKEN = 'ghs_CanaryTokenValue0123456789abcdef';
const basic = Buffer.from(`x-access-token:${TOKEN}`).toString('base64');
let root: string;
let bare: string;

/** A real exec that also records every argv and env it was given. */
function recordingExec(): { calls: { argv: readonly string[]; env: NodeJS.ProcessEnv }[]; exec: GitExec } {
  const calls: { argv: readonly string[]; env: NodeJS.ProcessEnv }[] = [];
  const real = (argv: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }) =>
    new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
      import('node:child_process').then(({ execFile }) =>
        execFile('git', [...argv], { cwd: options.cwd, env: options.env, encoding: 'utf8' }, (error, stdout, stderr) => {
          if (error) reject(Object.assign(error, { stdout, stderr }));
          else resolve({ stdout, stderr });
        }),
      );
    });
  return {
    calls,
    exec: (argv, options) => {
      calls.push({ argv, env: options.env });
      return real(argv, options);
    },
  };
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'git-wrapper-test-'));
  bare = join(root, 'origin.git');
  execFileSync('git', ['init', '--quiet', '--bare', '--initial-branch=main', bare]);
  // Seed the bare repository with one commit on main.
  const seed = join(root, 'seed');
  execFileSync('git', ['init', '--quiet', '--initial-branch=main', seed]);
  writeFileSync(join(seed, 'README.md'), 'seed\n');
  const env = { ...process.env, GIT_AUTHOR_NAME: 's', GIT_AUTHOR_EMAIL: 's@x', GIT_COMMITTER_NAME: 's', GIT_COMMITTER_EMAIL: 's@x' };
  execFileSync('git', ['-C', seed, 'add', 'README.md'], { env });
  execFileSync('git', ['-C', seed, 'commit', '--quiet', '-m', 'seed'], { env });
  execFileSync('git', ['-C', seed, 'push', '--quiet', bare, 'main'], { env });
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('against a file:// bare repository', () => {
  it('clones, branches, commits, pushes, reads logs, tags and remote refs', async () => {
    const log = recordingLogger();
    const { calls, exec } = recordingExec();
    const git = createGit({ cwd: root, token: TOKEN, author: { name: 'Release Bot', email: 'bot@example.com' }, log, exec });
    await git.clone(`file://${bare}`, 'work', { branch: 'main' });
    const work = git.at(join(root, 'work'));
    const base = await work.revParse('HEAD');
    expect(base).toMatch(/^[0-9a-f]{40}$/);

    await work.checkoutNewBranch('release/1.2.3', 'HEAD');
    writeFileSync(join(root, 'work', 'CHANGELOG.md'), '# 1.2.3\n\n- fix\n');
    writeFileSync(join(root, 'work', '-odd name.txt'), 'x\n');
    await work.add(['CHANGELOG.md']);
    // A message with shell syntax, a `#` heading and many lines goes through a file untouched.
    const message = 'release: 1.2.3\n\n# Changes\n$(touch /tmp/pwned) `id`\n' + 'line\n'.repeat(2000);
    const sha = await work.commit(message);
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
    await work.push('origin', 'HEAD:refs/heads/release/1.2.3');

    expect(await work.lsRemote(`file://${bare}`, 'release/1.2.3')).toBe(sha);
    expect(await work.lsRemote(`file://${bare}`, 'refs/heads/main')).toBe(base);
    expect(await work.lsRemote(`file://${bare}`, 'missing')).toBeNull();

    const entries = await work.log(`${base}..HEAD`);
    expect(entries).toHaveLength(1);
    expect(entries[0]?.sha).toBe(sha);
    expect(entries[0]?.subject).toBe('release: 1.2.3');
    expect(entries[0]?.body.startsWith('# Changes\n$(touch /tmp/pwned) `id`')).toBe(true);
    expect(existsSync('/tmp/pwned')).toBe(false);

    execFileSync('git', ['-C', join(root, 'work'), 'tag', 'v1.2.3']);
    expect(await work.tags()).toEqual(['v1.2.3']);

    await work.fetch('origin', ['main']);
    await work.deleteRemoteBranch('origin', 'release/1.2.3');
    expect(await work.lsRemote(`file://${bare}`, 'release/1.2.3')).toBeNull();
    await work.deleteRemoteBranch('origin', 'release/1.2.3');

    // The author came from the options, not from any inherited configuration.
    const author = execFileSync('git', ['-C', join(root, 'work'), 'log', '-1', '--format=%an <%ae>', sha], { encoding: 'utf8' }).trim();
    expect(author).toBe('Release Bot <bot@example.com>');

    // The token never reaches argv, and only network commands carry it (in the environment).
    for (const call of calls) {
      expect(call.argv.join(' ')).not.toContain(TOKEN);
      expect(call.argv.join(' ')).not.toContain(basic);
      const carriesToken = Object.values(call.env).some((v) => v?.includes(basic));
      const network = ['clone', 'fetch', 'push', 'ls-remote'].includes(call.argv[1] ?? '');
      expect(carriesToken).toBe(network);
    }
    expect(log.text()).not.toContain(TOKEN);
    expect(log.text()).not.toContain(basic);
  });

  it('refuses values that git could read as options', async () => {
    const git = createGit({ cwd: root });
    await expect(git.revParse('--output=/tmp/x')).rejects.toBeInstanceOf(GitArgumentError);
    await expect(git.add(['-A'])).rejects.toBeInstanceOf(GitArgumentError);
    await expect(git.checkoutNewBranch('-b', 'HEAD')).rejects.toBeInstanceOf(GitArgumentError);
    await expect(git.checkoutNewBranch('bad..name', 'HEAD')).rejects.toBeInstanceOf(GitArgumentError);
    await expect(git.push('--receive-pack=evil', 'main')).rejects.toBeInstanceOf(GitArgumentError);
    await expect(git.clone('--upload-pack=touch /tmp/pwned', 'x')).rejects.toBeInstanceOf(GitArgumentError);
    await expect(git.clone('ext::sh -c touch% /tmp/pwned', 'x')).rejects.toBeInstanceOf(GitArgumentError);
    await expect(git.log('--output=/tmp/x')).rejects.toBeInstanceOf(GitArgumentError);
    await expect(git.fetch('origin', ['--upload-pack=x'])).rejects.toBeInstanceOf(GitArgumentError);
    await expect(git.clone('https://x-access-token:secret@github.com/a/b.git', 'x')).rejects.toThrow(/password/);
    const withToken = createGit({ cwd: root, token: TOKEN });
    await expect(withToken.clone(`https://github.com/${TOKEN}/b.git`, 'x')).rejects.toThrow(/contains the token/);
    expect(existsSync('/tmp/pwned')).toBe(false);
  });

  it('masks the token in the error message, the command and stderr', async () => {
    const git = createGit({ cwd: bare, token: TOKEN });
    // A ref that is the token: git echoes it in stderr, and it is part of the command.
    const error = await git.lsRemote(`file://${join(root, 'nowhere', TOKEN)}`, 'main').catch((e: unknown) => e);
    // The URL check refuses it before git runs.
    expect(error).toBeInstanceOf(GitArgumentError);
    const failure = await git.revParse(`refs/heads/${TOKEN}`).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(GitError);
    const gitError = failure as GitError;
    expect(gitError.command).toContain('***');
    for (const text of [gitError.message, gitError.command, gitError.stderr, String(gitError.stack)]) {
      expect(text).not.toContain(TOKEN);
    }
  });

  it('builds an allow-listed environment', () => {
    const env = gitEnvironment({
      baseEnv: { PATH: '/bin', LANG: 'C.UTF-8', LD_PRELOAD: '/evil.so', GIT_SSH_COMMAND: 'evil', GIT_DIR: '/x', SECRET: 's' },
      home: '/tmp/home',
      token: TOKEN,
      author: { name: 'a', email: 'a@b' },
    });
    expect(env.LD_PRELOAD).toBeUndefined();
    expect(env.GIT_SSH_COMMAND).toBeUndefined();
    expect(env.GIT_DIR).toBeUndefined();
    expect(env.SECRET).toBeUndefined();
    expect(env).toMatchObject({ PATH: '/bin', LANG: 'C.UTF-8', HOME: '/tmp/home', GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_NOSYSTEM: '1' });
    const count = Number(env.GIT_CONFIG_COUNT);
    const config = Object.fromEntries(Array.from({ length: count }, (_, i) => [env[`GIT_CONFIG_KEY_${i}`], env[`GIT_CONFIG_VALUE_${i}`]]));
    expect(config['http.extraHeader']).toBe(`Authorization: Basic ${basic}`);
    expect(config['credential.helper']).toBe('');
    expect(Object.values(env).filter((v) => v?.includes(TOKEN))).toEqual([]);
  });

  it('a failing command is a GitError with git stderr', async () => {
    const git = createGit({ cwd: root });
    const error = await git.clone(`file://${join(root, 'does-not-exist.git')}`, 'nope').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitError);
    expect((error as GitError).stderr).toMatch(/does not exist|not appear to be a git repository/);
    expect((error as GitError).command).toContain('git clone');
  });
});

describe('against the sandbox smart-HTTP endpoint', () => {
  let sandbox: GitHubSandbox;

  beforeAll(async () => {
    sandbox = await startGitHubSandbox();
    sandbox.admin.createOrg('acme');
    sandbox.admin.createUser('alice');
    await sandbox.admin.createRepo('acme', 'widget', { files: { 'package.json': '{"version":"1.0.0"}\n' } });
    sandbox.admin.setCollaborator('acme/widget', 'alice', 'write');
  }, 60_000);

  afterAll(async () => {
    await sandbox?.close();
  });

  it('clones and pushes with the token as an extra header; a bad token fails without leaking', async () => {
    const token = sandbox.admin.issueToken({ kind: 'user', login: 'alice' });
    const dir = mkdtempSync(join(root, 'http-'));
    const git = createGit({ cwd: dir, token });
    await git.clone(sandbox.gitUrl('acme', 'widget'), 'widget', { depth: 1 });
    const work = git.at(join(dir, 'widget'));
    expect(readFileSync(join(dir, 'widget', 'package.json'), 'utf8')).toContain('1.0.0');
    writeFileSync(join(dir, 'widget', 'package.json'), '{"version":"1.1.0"}\n');
    await work.add(['package.json']);
    const sha = await work.commit('chore: 1.1.0');
    await work.push('origin', 'HEAD:refs/heads/release/1.1.0');
    expect(await sandbox.admin.branchSha('acme/widget', 'release/1.1.0')).toBe(sha);
    expect(await work.lsRemote(sandbox.gitUrl('acme', 'widget'), 'release/1.1.0')).toBe(sha);

    const wrong = 'ghp_WrongCanaryToken987654321';
    const bad = createGit({ cwd: dir, token: wrong });
    const error = await bad.clone(sandbox.gitUrl('acme', 'widget'), 'again').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitError);
    expect(String((error as Error).message)).not.toContain(wrong);
    expect((error as GitError).stderr).not.toContain(wrong);
  }, 60_000);
});
