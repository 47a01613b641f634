import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';

import { UserError } from '../../../src/errors.js';
import {
  childEnv,
  OUTPUT_LIMIT_BYTES,
  runPreReleaseCommand,
  tokenizeCommand,
  type PreReleaseCommandInput,
} from '../../../src/release/pre-release-command.js';

let repo: string;

beforeEach(async () => {
  repo = await mkdtemp(path.join(os.tmpdir(), 'pre-release-'));
});
afterEach(async () => {
  await rm(repo, { recursive: true, force: true });
});

const hostileEnv = (): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  HOME: '/home/releaser',
  LANG: 'C.UTF-8',
  TZ: 'UTC',
  CI: 'true',
  GITHUB_TOKEN: 'ghs_secret_token_value',
  NPM_TOKEN: 'npm_secret_value',
  MY_SECRET: 's3cr3t-value',
  LD_PRELOAD: '/tmp/evil-preload.so',
  LD_LIBRARY_PATH: '/tmp/evil-lib',
  NODE_OPTIONS: '--require /tmp/evil.js',
  GIT_DIR: '/tmp/evil-git',
  GIT_SSH_COMMAND: 'evil',
  BASH_ENV: '/tmp/evil-bash-env',
  ENV: '/tmp/evil-env',
});

const input = (over: Partial<PreReleaseCommandInput>): PreReleaseCommandInput => ({
  command: null,
  cwd: repo,
  oldVersion: '1.0.0',
  newVersion: '1.1.0',
  baseEnv: hostileEnv(),
  timeoutMs: 10_000,
  ...over,
});

async function script(relative: string, body: string): Promise<void> {
  const file = path.join(repo, relative);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, body);
  await chmod(file, 0o755);
}

/** Running, as opposed to gone or a zombie waiting for an init that may be slow to reap it. */
async function isAlive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return stat !== '' && !/^\d+ \(.*\) Z/.test(stat);
}

describe('tokenizeCommand', () => {
  it.each<[string, string[]]>([
    ['npm run bump', ['npm', 'run', 'bump']],
    ['  a   b\tc  ', ['a', 'b', 'c']],
    [`say 'hello world'`, ['say', 'hello world']],
    [`say "hello world"`, ['say', 'hello world']],
    [`say "a \\"quoted\\" \\\\ word"`, ['say', 'a "quoted" \\ word']],
    [`say "keep \\n and \\$"`, ['say', 'keep \\n and \\$']],
    [`say 'no \\escapes "here"'`, ['say', 'no \\escapes "here"']],
    [`say it\\'s`, ['say', "it's"]],
    [`say a\\ b`, ['say', 'a b']],
    [`say "" ''`, ['say', '', '']],
    [`say pre"mid"'post'`, ['say', 'premidpost']],
    [`say '$HOME' "$(id)" '*' "|;&"`, ['say', '$HOME', '$(id)', '*', '|;&']],
    [`ls *.json ~`, ['ls', '*.json', '~']],
    ['', []],
  ])('%j → %j', (command, argv) => {
    expect(tokenizeCommand(command)).toEqual(argv);
  });

  it.each([
    [`say 'unclosed`, /single quote is not closed/],
    [`say "unclosed`, /double quote is not closed/],
    [`say "escaped at end\\"`, /double quote is not closed/],
    ['say trailing\\', /ends with a backslash/],
  ])('refuses unbalanced %j', (command, message) => {
    expect(() => tokenizeCommand(command)).toThrow(message);
    expect(() => tokenizeCommand(command)).toThrow(UserError);
  });

  it.each(['a && b', 'a; b', 'a | b', 'a > out', 'a < in', 'echo $HOME', 'echo $(id)', 'echo `id`', 'a\nb', '(a)', 'a &'])(
    'refuses shell syntax in %j and says to use a script',
    (command) => {
      let error: unknown;
      try {
        tokenizeCommand(command);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).code).toBe('E_PRE_RELEASE_COMMAND_SYNTAX');
      expect((error as UserError).fix).toMatch(/without a shell/);
    },
  );
});

describe('childEnv', () => {
  it('keeps only the allow-list and the extras', () => {
    expect(childEnv(hostileEnv(), { CRAFT_NEW_VERSION: '2.0.0' })).toEqual({
      PATH: process.env.PATH,
      HOME: '/home/releaser',
      LANG: 'C.UTF-8',
      TZ: 'UTC',
      CI: 'true',
      CRAFT_NEW_VERSION: '2.0.0',
    });
  });
});

describe('runPreReleaseCommand', () => {
  it('runs scripts/bump-version.sh by default with OLD NEW and an allow-listed environment only', async () => {
    await script('scripts/bump-version.sh', 'echo "ARGS=$1,$2"\nenv\n');
    await writeFile(path.join(repo, '.env'), 'FROM_DOTENV=leaked\n');
    const result = await runPreReleaseCommand(input({}));
    expect(result.ran).toBe(true);
    expect(result.argv).toEqual(['bash', 'scripts/bump-version.sh', '1.0.0', '1.1.0']);
    expect(result.stdout).toContain('ARGS=1.0.0,1.1.0');
    expect(result.stdout).toContain('CRAFT_OLD_VERSION=1.0.0');
    expect(result.stdout).toContain('CRAFT_NEW_VERSION=1.1.0');
    expect(result.stdout).toContain('HOME=/home/releaser');
    expect(result.stdout).toContain('CI=true');
    for (const leaked of ['ghs_secret', 'npm_secret', 's3cr3t', 'LD_PRELOAD', 'LD_LIBRARY_PATH', 'NODE_OPTIONS', 'GIT_', 'BASH_ENV', 'ENV=/tmp', 'evil', 'FROM_DOTENV']) {
      expect(result.stdout).not.toContain(leaked);
    }
  });

  it('does not let BASH_ENV from the base environment run code', async () => {
    const bashEnv = path.join(repo, 'bash-env.sh');
    await writeFile(bashEnv, 'echo BASH_ENV_RAN\n');
    await script('scripts/bump-version.sh', 'echo done\n');
    const result = await runPreReleaseCommand(input({ baseEnv: { ...hostileEnv(), BASH_ENV: bashEnv } }));
    expect(result.stdout).toBe('done\n');
  });

  it('runs a configured command through the tokenizer, with OLD NEW appended', async () => {
    const result = await runPreReleaseCommand(
      input({ command: `node -e "console.log(JSON.stringify(process.argv.slice(1)))" 'two words'` }),
    );
    expect(JSON.parse(result.stdout)).toEqual(['two words', '1.0.0', '1.1.0']);
  });

  it('passes an empty OLD for a first release', async () => {
    const result = await runPreReleaseCommand(input({ command: `node -e "console.log(JSON.stringify(process.argv.slice(1)))"`, oldVersion: null }));
    expect(JSON.parse(result.stdout)).toEqual(['', '1.1.0']);
  });

  it('never gives the command to a shell', async () => {
    const marker = path.join(repo, 'pwned');
    const result = await runPreReleaseCommand(input({ command: `node -e "console.log(process.argv[1])" "x; touch ${marker}"` }));
    expect(result.stdout).toBe(`x; touch ${marker}\n`);
    await expect(readFile(marker)).rejects.toThrow();
  });

  it('does nothing for an empty command, or without the default script', async () => {
    await script('scripts/bump-version.sh', 'exit 1\n');
    expect((await runPreReleaseCommand(input({ command: '' }))).ran).toBe(false);
    expect((await runPreReleaseCommand(input({ command: '   ' }))).ran).toBe(false);
    await rm(path.join(repo, 'scripts'), { recursive: true });
    expect(await runPreReleaseCommand(input({}))).toEqual({ ran: false, argv: [], exitCode: null, stdout: '', stderr: '', truncated: false });
    await mkdir(path.join(repo, 'scripts/bump-version.sh'), { recursive: true });
    expect((await runPreReleaseCommand(input({}))).ran).toBe(false);
  });

  it('refuses a default script that is a symlink to outside the repository', async () => {
    const outside = await mkdtemp(path.join(os.tmpdir(), 'outside-'));
    try {
      await writeFile(path.join(outside, 'evil.sh'), 'echo ran\n');
      await mkdir(path.join(repo, 'scripts'));
      await symlink(path.join(outside, 'evil.sh'), path.join(repo, 'scripts/bump-version.sh'));
      await expect(runPreReleaseCommand(input({}))).rejects.toMatchObject({ code: 'E_PATH_OUTSIDE_REPO' });
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('accepts a default script symlinked inside the repository', async () => {
    await script('tools/bump.sh', 'echo inside\n');
    await mkdir(path.join(repo, 'scripts'));
    await symlink('../tools/bump.sh', path.join(repo, 'scripts/bump-version.sh'));
    expect((await runPreReleaseCommand(input({}))).stdout).toBe('inside\n');
  });

  it('turns a failing script into a UserError with the command, the exit code and the stderr tail', async () => {
    await script('scripts/bump-version.sh', 'echo progress\necho "cannot find version.txt" >&2\nexit 3\n');
    const error = (await runPreReleaseCommand(input({})).catch((e: unknown) => e)) as UserError;
    expect(error).toBeInstanceOf(UserError);
    expect(error.code).toBe('E_PRE_RELEASE_COMMAND_FAILED');
    expect(error.message).toContain('bash scripts/bump-version.sh 1.0.0 1.1.0');
    expect(error.message).toContain('exited with code 3');
    expect(error.message).toContain('cannot find version.txt');
    expect(error.fix).toMatch(/locally/);
  });

  it('says when the command cannot be started', async () => {
    await expect(runPreReleaseCommand(input({ command: 'definitely-not-a-command-xyz' }))).rejects.toMatchObject({
      code: 'E_PRE_RELEASE_COMMAND_NOT_FOUND',
    });
  });

  it('kills the whole process group on timeout', async () => {
    const pidFile = path.join(repo, 'pid');
    const started = Date.now();
    const error = (await runPreReleaseCommand(
      input({ command: `bash -c 'sleep 30 & echo $! > ${pidFile}; wait'`, timeoutMs: 500 }),
    ).catch((e: unknown) => e)) as UserError;
    expect(error.code).toBe('E_PRE_RELEASE_COMMAND_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(5_000);
    const pid = Number(await readFile(pidFile, 'utf8'));
    await new Promise((r) => setTimeout(r, 100));
    expect(await isAlive(pid)).toBe(false);
  });

  it('does not wait for, or leave behind, background processes of a finished command', async () => {
    const pidFile = path.join(repo, 'pid');
    const started = Date.now();
    const result = await runPreReleaseCommand(input({ command: `bash -c 'sleep 30 & echo $! > ${pidFile}; echo done'`, timeoutMs: 20_000 }));
    expect(result.stdout).toBe('done\n');
    expect(Date.now() - started).toBeLessThan(5_000);
    const pid = Number(await readFile(pidFile, 'utf8'));
    await new Promise((r) => setTimeout(r, 100));
    expect(await isAlive(pid)).toBe(false);
  });

  it('keeps only the tail of a large output', async () => {
    const result = await runPreReleaseCommand(
      input({ command: `node -e "process.stdout.write('a'.repeat(200000) + 'END')"` }),
    );
    expect(result.truncated).toBe(true);
    expect(result.stdout.length).toBe(OUTPUT_LIMIT_BYTES);
    expect(result.stdout.endsWith('END')).toBe(true);
  });
});
