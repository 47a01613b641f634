/**
 * The request command end to end against the sandbox GitHub, in process: a real clone of the
 * sample product, a real push, the real Octokit adapter, the request issue read back and parsed.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { handleRequest } from '../../src/handlers/request.js';
import { UserError } from '../../src/errors.js';
import { parseRequest } from '../../src/request-format/index.js';
import { runRequest } from '../../src/request/index.js';
import { apiWrites, lsRemote, pushCommit, runContext, showRemote, startWorld, type World } from '../unit/request/helpers.js';

let world: World;

beforeAll(async () => {
  world = await startWorld();
});

afterAll(async () => {
  await world?.close();
});

const control = { owner: 'acme', repo: 'publish' };

function openRequests(title: string) {
  return world.sandbox.admin.listIssues('acme/publish').filter((i) => i.title === title && i.state === 'open');
}

describe('request: the happy path', () => {
  it('pushes release/1.2.0 with the bump, opens the request and reports outputs and summary', async () => {
    const { context, env, log } = runContext(world, { version: 'minor' });
    await handleRequest(context, env);

    expect(log.outputs.version).toBe('1.2.0');
    expect(log.outputs.branch).toBe('release/1.2.0');
    expect(log.outputs.previous_tag).toBe('1.1.0');
    expect(log.outputs.sha).toMatch(/^[0-9a-f]{40}$/);

    // The branch, read back over git.
    expect(await lsRemote(world, 'release/1.2.0')).toBe(log.outputs.sha);
    const pkg = await showRemote(world, 'release/1.2.0', 'package.json');
    expect(pkg.subject).toBe('release: 1.2.0');
    expect(JSON.parse(pkg.file).version).toBe('1.2.0');
    const changelog = await showRemote(world, 'release/1.2.0', 'CHANGELOG.md');
    expect(changelog.file).toContain('## 1.2.0\n');
    expect(changelog.file).not.toContain('## Unreleased');

    // The issue, parsed with the contract module.
    const [issue, ...more] = openRequests('publish: acme/widget@1.2.0');
    expect(more).toHaveLength(0);
    expect(issue?.user).toBe('release-bot[bot]');
    expect(log.outputs.issue_number).toBe(String(issue?.number));
    expect(log.outputs.issue_url).toBe(`${world.sandbox.serverUrl}/acme/publish/issues/${issue?.number}`);
    const request = parseRequest(issue?.title, issue?.body);
    expect(request).toMatchObject({
      repo: { owner: 'acme', repo: 'widget' },
      path: null,
      version: '1.2.0',
      serverUrl: world.sandbox.serverUrl,
      releaseBranch: 'release/1.2.0',
      releaseCommit: log.outputs.sha,
      previousTag: '1.1.0',
      mergeTarget: null,
      requester: 'engineer',
      workflowRunUrl: `${world.sandbox.serverUrl}/acme/widget/actions/runs/4242`,
      state: 'open',
      approvals: [],
    });
    expect(request.targets.map((t) => [t.id, t.state])).toEqual([
      ['github', 'pending'],
      ['npm[@acme/widget]', 'pending'],
    ]);
    expect(request.changelog).toContain('Widgets can now be folded.');
    expect(issue?.body).toContain('Requested by: @engineer');

    // Summary and the notice annotation.
    expect(log.summary).toContain('| Version | `1.2.0` (minor from `1.1.0`) |');
    expect(log.summary).toContain('| Branch | `release/1.2.0` from `main` |');
    expect(log.summary).toContain('`github`, `npm[@acme/widget]`');
    expect(log.summary).toContain(`[acme/publish#${issue?.number}](${log.outputs.issue_url})`);
    expect(log.lines.find((l) => l.level === 'notice')?.message).toContain(log.outputs.issue_url);
  });

  it('a dry run resolves and renders, pushes nothing and opens nothing', async () => {
    world.sandbox.requests.reset();
    const { context, env, log } = runContext(world, { version: '1.3.0', dry_run: 'true' });
    const result = await runRequest(context, { env });
    expect(result.issue).toBeNull();
    expect(log.outputs).toMatchObject({ version: '1.3.0', branch: 'release/1.3.0', issue_url: '', issue_number: '' });
    expect(log.summary).toContain('Dry run: publish: acme/widget@1.3.0 would be requested');
    expect(log.summary).toContain('`github`, `npm[@acme/widget]`');
    expect(await lsRemote(world, 'release/1.3.0')).toBeNull();
    expect(openRequests('publish: acme/widget@1.3.0')).toHaveLength(0);
    expect(apiWrites(world.sandbox)).toEqual([]);
  });

  it('an existing release branch fails with the command that fixes it, and writes nothing', async () => {
    world.sandbox.requests.reset();
    const { context, env } = runContext(world, { version: '1.2.0' });
    const error = await runRequest(context, { env }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe('E_RELEASE_BRANCH_EXISTS');
    expect((error as UserError).explain()).toContain('git push origin --delete release/1.2.0');
    expect(apiWrites(world.sandbox)).toEqual([]);
  });

  it('after the branch is deleted, a new run updates the open request: new commit, approvals cleared, targets kept', async () => {
    const [before] = openRequests('publish: acme/widget@1.2.0');
    const old = parseRequest(before?.title, before?.body);
    await pushCommit(world, { 'CHANGELOG.md': '# Changelog\n\n## Unreleased\n\n- Folding, now with fewer creases.\n\n## 1.1.0\n\n- First public widget.\n' }, 'fix: fewer creases');
    // A release manager had approved, and skipped the github target, before the new commit.
    const { renderBody, withApproval, withTargetState } = await import('../../src/request-format/index.js');
    const edited = withTargetState(withApproval(old, { login: 'manager', at: '2026-11-22T00:00:00Z', commit: old.releaseCommit, via: 'label', rule: null }), 'github', 'skipped', { at: '2026-11-22T00:00:00Z' });
    await world.github.updateIssue(control, before!.number, { body: renderBody(edited) });
    await world.github.deleteBranch({ owner: 'acme', repo: 'widget' }, 'release/1.2.0');

    const { context, env, log } = runContext(world, { version: '1.2.0' }, { actor: 'engineer' });
    await runRequest(context, { env });
    const [after, ...more] = openRequests('publish: acme/widget@1.2.0');
    expect(more).toHaveLength(0);
    expect(after?.number).toBe(before?.number);
    const request = parseRequest(after?.title, after?.body);
    expect(request.releaseCommit).toBe(log.outputs.sha);
    expect(request.releaseCommit).not.toBe(old.releaseCommit);
    expect(request.approvals).toEqual([]);
    expect(request.targets.map((t) => [t.id, t.state])).toEqual([
      ['github', 'skipped'],
      ['npm[@acme/widget]', 'pending'],
    ]);
    expect(request.history.map((h) => h.event)).toEqual(['requested', 'updated']);
    expect(request.changelog).toContain('fewer creases');
    expect(log.summary).toContain('(updated)');
  });
});
