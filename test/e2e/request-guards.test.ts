/**
 * What the request command refuses, and the variants it supports, end to end against the sandbox:
 * hostile inputs (nothing at all reaches GitHub), release blockers (and force), a squatted title
 * (nothing pushed), `auto` from conventional commits, a monorepo sub-package and a merge target.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { UserError } from '../../src/errors.js';
import { parseRequest } from '../../src/request-format/index.js';
import { InputError, runRequest } from '../../src/request/index.js';
import { apiWrites, lsRemote, pushCommit, runContext, sandboxPort, capturingLogger, showRemote, startWorld, type World } from '../unit/request/helpers.js';

let world: World;

beforeAll(async () => {
  world = await startWorld();
});

afterAll(async () => {
  await world?.close();
});

const product = { owner: 'acme', repo: 'widget' };

async function refusal(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => new Error('expected the run to fail'),
    (e: unknown) => e,
  );
  if (!(error instanceof UserError)) throw error;
  return error;
}

describe('request: hostile inputs are refused before anything reaches GitHub', () => {
  it.each([
    ['version', { version: '1.0.0$(id)' }, '"$"'],
    ['version', { version: '1.0.0`id`' }, '"`"'],
    ['merge_target', { merge_target: 'main\nrm -rf /' }, 'a newline'],
    ['path', { path: '../x' }, '".." segment'],
    ['path', { path: 'packages/../../etc' }, '".." segment'],
    ['publish_repo', { publish_repo: 'acme/publish;id' }, '";"'],
    ['blocker_label', { blocker_label: 'a,b' }, 'comma'],
    ['force', { force: 'yes' }, 'expected true or false'],
    ['path', { path: 'packages／core' }, 'fullwidth'],
  ])('%s %j', async (name, inputs, why) => {
    world.sandbox.requests.reset();
    const { context, env } = runContext(world, inputs);
    const error = await refusal(runRequest(context, { env }));
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).inputs).toEqual([name]);
    expect(error.message).toContain(`${name}: the input "${name}"`);
    expect(error.message).toContain(why);
    expect(error.explain()).toContain('nothing was pushed and no issue was opened');
    // Not a single request, read or write.
    expect(world.sandbox.requests.entries).toEqual([]);
  });

  it('a bad runner variable is named too', async () => {
    const { context, env } = runContext(world, { version: '1.2.0' }, { actor: 'evil\nactor' });
    const error = await refusal(runRequest(context, { env }));
    expect((error as InputError).inputs).toEqual(['GITHUB_ACTOR']);
  });
});

describe('request: release blockers', () => {
  it('stops at an open blocker, names it and says what to do', async () => {
    const blocker = await world.github.createIssue(product, { title: 'Crash on start', body: '', labels: ['release-blocker'] });
    world.sandbox.requests.reset();
    const { context, env } = runContext(world, { version: '1.2.0' });
    const error = await refusal(runRequest(context, { env }));
    expect(error.code).toBe('E_RELEASE_BLOCKED');
    expect(error.message).toContain(`#${blocker.number} Crash on start (${blocker.htmlUrl})`);
    expect(error.fix).toContain('force: true');
    expect(apiWrites(world.sandbox)).toEqual([]);
    expect(await lsRemote(world, 'release/1.2.0')).toBeNull();
  });

  it('force releases anyway with a warning that lists the blockers', async () => {
    const { context, env, log } = runContext(world, { version: '1.2.0', force: 'true' });
    await runRequest(context, { env });
    const warning = log.lines.find((l) => l.level === 'warning' && l.title === 'Release blockers overridden');
    expect(warning?.message).toContain('Crash on start');
    expect(log.summary).toContain('Released with force over 1 open release blocker');
    expect(await lsRemote(world, 'release/1.2.0')).toBe(log.outputs.sha);
    for (const issue of world.sandbox.admin.listIssues('acme/widget')) await world.github.updateIssue(product, issue.number, { state: 'closed' });
  });
});

describe('request: a squatted title', () => {
  it('is refused with the issue, its author and the fix, before anything is pushed', async () => {
    const mallory = world.sandbox.admin.issueToken({ kind: 'user', login: 'mallory' });
    const squat = await sandboxPort(world.sandbox, mallory, capturingLogger(), 'mallory').createIssue({ owner: 'acme', repo: 'publish' }, { title: 'publish: acme/widget@1.5.0', body: 'approve me' });
    const { context, env } = runContext(world, { version: '1.5.0' });
    const error = await refusal(runRequest(context, { env }));
    expect(error.code).toBe('E_REQUEST_TITLE_TAKEN');
    expect(error.message).toContain(`Issue #${squat.number} (${squat.htmlUrl}) in acme/publish with this title was opened by @mallory, not by the release bot`);
    expect(error.fix).toContain(`Close issue #${squat.number}`);
    expect(await lsRemote(world, 'release/1.5.0')).toBeNull();
    expect(world.sandbox.admin.listIssues('acme/publish').filter((i) => i.title === 'publish: acme/widget@1.5.0')).toHaveLength(1);
  });
});

describe('request: versions, sub-packages and merge targets', () => {
  it('auto reads conventional commits since the latest tag', async () => {
    await pushCommit(world, { 'index.js': 'export function widget() {\n  return "folded";\n}\n' }, 'feat: fold widgets');
    // The force test left release/1.2.0 and its open request: with the branch gone, a real run would update the request.
    await world.github.deleteBranch(product, 'release/1.2.0');
    const { context, env, log } = runContext(world, { version: 'auto', dry_run: 'true' });
    const result = await runRequest(context, { env });
    expect(log.outputs.version).toBe('1.2.0');
    expect(result.prepared.resolved.bump).toBe('minor');
    const open = world.sandbox.admin.listIssues('acme/publish').find((i) => i.title === 'publish: acme/widget@1.2.0' && i.state === 'open');
    expect(log.summary).toContain(`would update #${open?.number}`);
  });

  it('a sub-package: its own config and tag prefix, the path in the title, only its package.json bumped', async () => {
    const main = await world.sandbox.admin.branchSha('acme/widget', 'main');
    await world.github.createTag(product, '@acme/widget-core@0.3.0', main!);
    const { context, env, log } = runContext(world, { version: 'patch', path: 'packages/core' });
    const result = await runRequest(context, { env });
    expect(result.prepared.tagPrefix).toBe('@acme/widget-core@');
    expect(log.outputs).toMatchObject({ version: '0.3.1', branch: 'release/0.3.1', previous_tag: '@acme/widget-core@0.3.0' });
    const core = await showRemote(world, 'release/0.3.1', 'packages/core/package.json');
    expect(JSON.parse(core.file).version).toBe('0.3.1');
    const root = await showRemote(world, 'release/0.3.1', 'package.json');
    expect(JSON.parse(root.file).version).toBe('1.1.0');
    const changelog = await showRemote(world, 'release/0.3.1', 'packages/core/CHANGELOG.md');
    expect(changelog.file).toContain('## 0.3.1');
    const issue = world.sandbox.admin.listIssues('acme/publish').find((i) => i.title === 'publish: acme/widget/packages/core@0.3.1');
    const request = parseRequest(issue?.title, issue?.body);
    expect(request.path).toBe('packages/core');
    expect(request.targets.map((t) => t.id)).toEqual(['npm[@acme/widget-core]']);
  });

  it('a merge target other than the default branch is recorded; a missing one is explained', async () => {
    await pushCommit(world, { 'CHANGELOG.md': '# Changelog\n\n## 1.1.1\n\n- Backported fix.\n\n## 1.1.0\n\n- First public widget.\n' }, 'fix: backport', 'maint-1.1');
    const { context, env, log } = runContext(world, { version: '1.1.1', merge_target: 'maint-1.1' });
    await runRequest(context, { env });
    const issue = world.sandbox.admin.listIssues('acme/publish').find((i) => i.title === 'publish: acme/widget@1.1.1');
    const request = parseRequest(issue?.title, issue?.body);
    expect(request.mergeTarget).toBe('maint-1.1');
    expect(request.releaseCommit).toBe(log.outputs.sha);
    expect(log.summary).toContain('from `maint-1.1`');

    const missing = runContext(world, { version: '1.1.2', merge_target: 'no-such-branch' });
    const error = await refusal(runRequest(missing.context, { env: missing.env }));
    expect(error.code).toBe('E_MERGE_TARGET_MISSING');
  });

  it('a version that exists, or a leading v, is refused with what to request instead', async () => {
    const exists = runContext(world, { version: '1.1.0' });
    expect((await refusal(runRequest(exists.context, { env: exists.env }))).code).toBe('E_VERSION_EXISTS');
    const v = runContext(world, { version: 'v1.9.0' });
    const error = await refusal(runRequest(v.context, { env: v.env }));
    expect(error.code).toBe('E_VERSION_LEADING_V');
    expect(error.fix).toContain('"1.9.0"');
  });
});
