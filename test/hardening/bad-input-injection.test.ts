/**
 * Bad input through the real entry point: the action's `src/index.ts` runs in a child process the
 * way the runner runs it (INPUT_* variables, GITHUB_OUTPUT / GITHUB_ENV / GITHUB_STEP_SUMMARY
 * files), against the sandbox GitHub. Hostile text goes in through every field that reaches git,
 * a shell, GITHUB_OUTPUT or GITHUB_ENV: commit subjects, the changelog (1 MB of it), the version,
 * merge_target and path inputs, and a target id. A canary command (`touch <random file>`) is in
 * every string; the file must never appear, the output and env files must hold exactly what the
 * action means to write, and a 1 MB changelog must not break the run (no E2BIG: text goes
 * through files, and the issue body stays under GitHub's 65,536 characters).
 *
 * Refusals of hostile inputs at the unit level are in test/e2e/request-guards.test.ts; this suite
 * adds the process boundary (command files, argv, environment).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BODY_LIMIT, parseRequest } from '../../src/request-format/index.js';
import { parseKeyValueFile } from '../sandbox/runner/step-io.js';
import { BOT, fixtureFiles, pushCommit, startWorld, type World } from '../unit/request/helpers.js';

const exec = promisify(execFile);
const CANARY = join(tmpdir(), `hardening-canary-${randomBytes(6).toString('hex')}`);
/** Shell, git and workflow-command payloads, each of which would create the canary if it ran. */
const PAYLOADS = [
  `$(touch ${CANARY})`,
  `\`touch ${CANARY}\``,
  `"; touch ${CANARY}; #`,
  `'; touch ${CANARY}; #`,
  `&& touch ${CANARY}`,
  `| touch ${CANARY}`,
  `\${IFS}touch\${IFS}${CANARY}`,
  `\n::set-output name=version::evil\n`,
  `\nversion=evil\n`,
  `\n::add-path::/tmp\n`,
  `%0Aevil=1`,
  `--upload-pack=touch ${CANARY}`,
  `-c core.sshCommand=touch ${CANARY}`,
  `\u202e${'txt.exe'}`,
];

let world: World;
let dir: string;

beforeAll(async () => {
  world = await startWorld();
  dir = await mkdtemp(join(tmpdir(), 'hardening-injection-'));
}, 60_000);

afterAll(async () => {
  await world?.close();
  await rm(dir, { recursive: true, force: true });
  await rm(CANARY, { force: true });
});

interface EntryRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputs: Record<string, string>;
  readonly env: Record<string, string>;
  readonly summary: string;
}

/** Runs the action's entry point like the runner does, with these inputs. */
async function runEntry(inputs: Record<string, string>, name: string): Promise<EntryRun> {
  const files = { GITHUB_OUTPUT: join(dir, `${name}-output`), GITHUB_ENV: join(dir, `${name}-env`), GITHUB_STEP_SUMMARY: join(dir, `${name}-summary`), GITHUB_PATH: join(dir, `${name}-path`) };
  for (const file of Object.values(files)) await writeFile(file, '');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    GITHUB_EVENT_NAME: 'workflow_dispatch',
    GITHUB_REPOSITORY: 'acme/widget',
    GITHUB_SERVER_URL: world.sandbox.serverUrl,
    GITHUB_API_URL: world.sandbox.apiUrl,
    GITHUB_ACTOR: 'engineer',
    GITHUB_RUN_ID: '77',
    RUNNER_TEMP: dir,
    PUBLISH_APPROVAL_WRITE_INTERVAL_MS: '0',
    INPUT_COMMAND: 'request',
    INPUT_TOKEN: world.token,
    INPUT_BOT_LOGIN: BOT,
    INPUT_BLOCKER_LABEL: 'release-blocker',
    INPUT_FORCE: 'false',
    INPUT_DRY_RUN: 'false',
    INPUT_PATH: '',
    INPUT_MERGE_TARGET: '',
    INPUT_PUBLISH_REPO: '',
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
    ...files,
  };
  const result = await exec(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'src/index.ts'], { env, maxBuffer: 64 * 1024 * 1024, timeout: 60_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({ code: typeof error.code === 'number' ? error.code : -1, stdout: error.stdout ?? '', stderr: error.stderr ?? '' }),
  );
  return {
    ...result,
    outputs: parseKeyValueFile(await readFile(files.GITHUB_OUTPUT, 'utf8')),
    env: parseKeyValueFile(await readFile(files.GITHUB_ENV, 'utf8')),
    summary: await readFile(files.GITHUB_STEP_SUMMARY, 'utf8'),
  };
}

describe('bad input: injection strings through every field, at the process boundary', () => {
  it('hostile commit subjects and a 1 MB hostile changelog: a correct request, the canary never created, outputs exact', async () => {
    // Conventional commits with payloads in their subjects and bodies (they decide `auto` and reach git logs).
    for (const [i, payload] of PAYLOADS.entries()) await pushCommit(world, { [`f${i}.txt`]: payload }, `${i === 0 ? 'feat' : 'fix'}: ${payload}\n\n${payload}`);
    // The changelog's Unreleased section: every payload, then 1 MB of text.
    const fixture = await fixtureFiles();
    const unreleased = [...PAYLOADS.map((p) => `- ${p}`), ...Array.from({ length: 16_000 }, (_, i) => `- line ${i} ${'x'.repeat(50)} $(touch ${CANARY})`)].join('\n');
    const changelog = (fixture['CHANGELOG.md'] ?? '').replace('## Unreleased\n', `## Unreleased\n\n${unreleased}\n`);
    expect(changelog.length).toBeGreaterThan(1_000_000);
    await pushCommit(world, { 'CHANGELOG.md': changelog }, 'docs: a long changelog');

    const run = await runEntry({ version: 'auto' }, 'hostile-text');
    expect({ code: run.code, tail: run.code === 0 ? '' : `${run.stdout}\n${run.stderr}`.slice(-1500) }).toEqual({ code: 0, tail: '' });
    expect(existsSync(CANARY)).toBe(false);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/E2BIG|argument list too long/i);
    // Exactly the outputs the action declares, with sane values; nothing added to the environment.
    expect(Object.keys(run.outputs).sort()).toEqual(['branch', 'issue_number', 'issue_url', 'previous_tag', 'sha', 'version']);
    expect(run.outputs.version).toBe('1.2.0');
    expect(run.outputs.branch).toBe('release/1.2.0');
    expect(run.outputs.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(Object.keys(run.env)).toEqual([]);
    // The request: under the body limit, parseable, naming the pushed commit.
    const issue = world.sandbox.admin.getIssue('acme/publish', Number(run.outputs.issue_number));
    expect((issue?.body ?? '').length).toBeLessThanOrEqual(BODY_LIMIT);
    const request = parseRequest(issue?.title, issue?.body ?? '');
    expect(request.releaseCommit).toBe(run.outputs.sha);
    expect(request.changelogOmitted).toBeGreaterThan(0);
    expect(await world.sandbox.admin.branchSha('acme/widget', 'release/1.2.0')).toBe(run.outputs.sha);
  }, 120_000);

  it.each([
    ['version', { version: `1.3.0\nevil=1` }],
    ['version', { version: `1.3.0$(touch ${CANARY})` }],
    ['merge_target', { version: '1.3.0', merge_target: `main\n::set-env name=EVIL::1` }],
    ['merge_target', { version: '1.3.0', merge_target: `--upload-pack=touch ${CANARY}` }],
    ['path', { version: '1.3.0', path: `packages/core;touch ${CANARY}` }],
    ['path', { version: '1.3.0', path: `$(touch ${CANARY})` }],
  ])('a hostile %s input %j is refused by name; no canary, no output or env written', async (input, inputs) => {
    const run = await runEntry(inputs, `input-${input}-${randomBytes(3).toString('hex')}`);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`::error::`);
    expect(run.stdout).toContain(input);
    expect(existsSync(CANARY)).toBe(false);
    expect(run.outputs).toEqual({});
    expect(run.env).toEqual({});
  });

  it('a hostile target id in the publish config is a config error naming the field; no canary', async () => {
    const fixture = await fixtureFiles();
    const craft = `${fixture['.craft.yml'] ?? ''}\n  - name: npm\n    id: "$(touch ${CANARY})"\n`;
    await pushCommit(world, { '.craft.yml': craft }, 'chore: a hostile target id');
    const run = await runEntry({ version: '1.4.0' }, 'hostile-target');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/id/);
    expect(existsSync(CANARY)).toBe(false);
    expect(run.outputs).toEqual({});
  }, 60_000);
});
