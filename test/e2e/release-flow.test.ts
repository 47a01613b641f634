/**
 * The whole life of a release, end to end through the sandbox world: the real workflow files run
 * by the workflow runner, the real action bundle, real git, Verdaccio and docker-registry.
 *   1. CI green before the approval: alice dispatches Release → request issue → CI green → rita
 *      adds `accepted` → the same run publishes github, npm, oci and registry → branch merged,
 *      issue closed.
 *   2. CI finishes after the approval: the approval parks the request; CI's repository_dispatch
 *      starts reconcile, which dispatches publish.yml, which publishes.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startWorld, WORLD, type World, type WorldIssue } from '../sandbox/world.js';
import type { RunRecord } from '../sandbox/runner/types.js';

const TARGETS = ['github', 'npm', 'oci', 'registry'];

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The entries of a plain (ustar) tar, enough for the fixture's OCI layout. */
function untar(data: Buffer): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (let at = 0; at + 512 <= data.length; ) {
    const name = data.subarray(at, at + 100).toString('utf8').replace(/\0.*$/s, '');
    if (name === '') break;
    const size = parseInt(data.subarray(at + 124, at + 136).toString('utf8').replace(/\0.*$/s, '').trim() || '0', 8);
    out[name] = data.subarray(at + 512, at + 512 + size);
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

async function releaseAsset(world: World, tag: string, name: string): Promise<Buffer> {
  const release = await world.api('rita', 'GET', `/repos/${WORLD.product}/releases/tags/${tag}`);
  const asset = (release.json as { assets: { name: string; url: string }[] }).assets.find((a) => a.name === name);
  if (asset === undefined) throw new Error(`no asset ${name} on release ${tag}`);
  const res = await fetch(asset.url, { headers: { authorization: `Bearer ${world.tokens.rita}`, accept: 'application/octet-stream' } });
  return Buffer.from(await res.arrayBuffer());
}

function decisionOf(run: RunRecord | undefined): string | undefined {
  return run?.jobs.find((j) => j.id === 'decide')?.outputs.decision;
}

describe('a release, CI green before the approval', () => {
  let world: World;
  let number: number;
  let requested: WorldIssue;
  beforeAll(async () => {
    world = await startWorld({ requireContainerRegistry: true });
  }, 180_000);
  afterAll(async () => {
    await world?.close();
  }, 60_000);

  it('alice dispatches Release: release/1.3.0 is pushed and the App opens the request in the control repo', async () => {
    world.markPhase('request');
    const release = await world.dispatchRelease('alice', { version: 'minor' });
    expect(release.conclusion).toBe('success');
    expect(release.jobs.map((j) => j.id)).toEqual(['release', 'release/request']);
    expect(release.jobs[1]?.outputs).toMatchObject({ version: '1.3.0' });

    const numbers = world.requestIssues();
    expect(numbers).toHaveLength(1);
    number = numbers[0] as number;
    requested = await world.issue(number);
    expect(requested.title).toBe('publish: acme/widget@1.3.0');
    expect(requested.author).toBe(WORLD.bot);
    expect(requested.parseError).toBeUndefined();
    const request = requested.request!;
    expect(request).toMatchObject({ version: '1.3.0', requester: 'alice', releaseBranch: 'release/1.3.0', previousTag: '1.2.0', state: 'open', approvals: [] });
    expect(request.targets.map((t) => [t.id, t.state])).toEqual(TARGETS.map((t) => [t, 'pending']));
    expect(request.changelog).toContain('Widgets can spin more than once');
    expect(await world.sandbox.admin.branchSha(WORLD.product, 'release/1.3.0')).toBe(request.releaseCommit);

    // The release branch holds the bump; CI ran on it and told the control repo it finished.
    const pkg = await world.api('alice', 'GET', `/repos/${WORLD.product}/contents/package.json?ref=release/1.3.0`);
    expect(JSON.parse(Buffer.from((pkg.json as { content: string }).content, 'base64').toString('utf8')).version).toBe('1.3.0');
    const ci = world.runsOf('CI', WORLD.product).find((r) => r.sha === request.releaseCommit);
    expect(ci?.conclusion).toBe('success');
    expect(ci?.actor).toBe(WORLD.bot);
    expect(ci?.jobs.find((j) => j.id === 'notify')?.conclusion).toBe('success');
    const reconcile = world.runsOf('Reconcile publish requests', WORLD.control);
    expect(reconcile.map((r) => `${r.event}:${r.conclusion}`)).toEqual(['repository_dispatch:success']);
    // Nothing was published before the approval.
    expect(world.runsOf('Publish', WORLD.control)).toEqual([]);
    expect(world.sandbox.requests.count({ operationId: 'repos/create-release' })).toBe(0);
  }, 120_000);

  it('rita adds accepted: the same run approves and publishes all four targets, merges and closes', async () => {
    expect(number).toBeDefined();
    world.markPhase('approval');
    const before = world.runner.runs.length;
    await world.addLabel('rita', number, 'accepted');
    const labeled = world.runner.runs.slice(before).find((r) => r.event === 'issues' && r.action === 'labeled');
    expect(labeled?.actor).toBe('rita');
    expect(decisionOf(labeled)).toBe('publish');
    expect(labeled?.jobs.find((j) => j.id === 'publish')?.conclusion).toBe('success');
    expect(labeled?.conclusion).toBe('success');
    // One hop from the approval to the registries: no other run published.
    expect(world.runsOf('Publish', WORLD.control)).toEqual([]);
    // What the bot itself did while publishing (state edits, its comment) decides nothing: the job is skipped.
    const botRuns = world.runner.runs.slice(before).filter((r) => r.actor === WORLD.bot && r.workflow.name === 'Publish requests');
    expect(botRuns.map((r) => r.action)).toContain('edited');
    expect(botRuns.map((r) => r.jobs.find((j) => j.id === 'decide')?.conclusion)).toEqual(botRuns.map(() => 'skipped'));

    const issue = await world.issue(number);
    expect(issue.state).toBe('closed');
    expect(issue.stateReason).toBe('completed');
    const request = issue.request!;
    expect(request.state).toBe('published');
    expect(request.approvals.map((a) => [a.login, a.via, a.commit])).toEqual([['rita', 'label', requested.request!.releaseCommit]]);
    expect(request.targets.map((t) => [t.id, t.state])).toEqual(TARGETS.map((t) => [t, 'done']));
    expect(request.targets.every((t) => t.location !== null)).toBe(true);
    expect(request.artifacts.map((a) => a.name).sort()).toEqual(['acme-widget-1.3.0.tgz', 'widget-oci.tar']);
    expect(issue.comments.at(-1)?.author).toBe(WORLD.bot);
    expect(issue.comments.at(-1)?.body).toContain('published');
  }, 180_000);

  it('the package landed everywhere, with exactly the bytes CI built, once', async () => {
    const request = (await world.issue(number)).request!;
    const landed = await world.landed('1.3.0');
    expect(landed.npm).toMatchObject({ version: '1.3.0', distTags: { latest: '1.3.0' } });
    expect(landed.release?.draft).toBe(false);
    expect(landed.release?.assets.map((a) => a.name).sort()).toEqual(['acme-widget-1.3.0.tgz', 'widget-oci.tar']);
    expect(landed.tag).toBe(request.releaseCommit);
    expect(landed.registry?.record).toMatchObject({ version: '1.3.0', commit: request.releaseCommit, repository: WORLD.product, approvers: ['rita'] });
    expect(landed.merged).toBe(true);
    expect(landed.branchDeleted).toBe(true);

    // Every target published the recorded bytes: the assets' digests are the request's, the image is the layout's manifest.
    for (const artifact of request.artifacts) {
      expect(sha256(await releaseAsset(world, '1.3.0', artifact.name))).toBe(artifact.sha256);
    }
    const layout = untar(await releaseAsset(world, '1.3.0', 'widget-oci.tar'));
    const index = JSON.parse(layout['index.json']!.toString('utf8')) as { manifests: { digest: string }[] };
    expect(landed.image?.digest).toBe(index.manifests[0]?.digest);
    expect(landed.image?.tags.slice().sort()).toEqual(['1.3.0', 'latest']);
    const tarball = await releaseAsset(world, '1.3.0', 'acme-widget-1.3.0.tgz');
    expect(landed.npm?.integrity).toBe(`sha512-${createHash('sha512').update(tarball).digest('base64')}`);

    expect(world.sandbox.requests.count({ operationId: 'repos/create-release' })).toBe(1);
    expect(world.sandbox.requests.count({ operationId: 'repos/merge' })).toBe(1);
    const phases = world.phases().map((p) => p.name);
    expect(phases).toEqual(['request', 'approval']);
  }, 120_000);
  it('re-adding accepted to the published request publishes nothing twice', async () => {
    const before = world.runner.runs.length;
    const removed = await world.api('rita', 'DELETE', `/repos/${WORLD.control}/issues/${number}/labels/accepted`);
    expect(removed.status).toBe(200);
    await world.addLabel('rita', number, 'accepted');
    const labeled = world.runner.runs.slice(before).find((r) => r.event === 'issues' && r.action === 'labeled');
    expect(labeled?.conclusion).toBe('success');
    // Refused (or a no-op): the request is published already, so no publish job runs.
    expect(['refused', 'noop', 'ignored']).toContain(decisionOf(labeled));
    expect(labeled?.jobs.find((j) => j.id === 'publish')?.conclusion).toBe('skipped');
    const issue = await world.issue(number);
    expect(issue.state).toBe('closed');
    expect(issue.request?.state).toBe('published');
    expect(issue.request?.targets.map((t) => t.state)).toEqual(TARGETS.map(() => 'done'));
    expect(world.sandbox.requests.count({ operationId: 'repos/create-release' })).toBe(1);
    expect(world.sandbox.requests.count({ operationId: 'repos/merge' })).toBe(1);
    expect((await world.landed('1.3.0')).npm?.version).toBe('1.3.0');
  }, 120_000);
});

describe('a release, CI finishing after the approval (reconcile)', () => {
  let world: World;
  let number: number;
  beforeAll(async () => {
    world = await startWorld({ requireContainerRegistry: true });
  }, 180_000);
  afterAll(async () => {
    await world?.close();
  }, 60_000);

  it('the approval parks the request while CI is still running', async () => {
    world.holdCi();
    const release = await world.dispatchRelease('alice', { version: 'minor' });
    expect(release.conclusion).toBe('success');
    number = world.requestIssues()[0] as number;
    const ci = world.runsOf('CI', WORLD.product);
    expect(ci.map((r) => r.status)).toEqual(['in_progress']);

    const before = world.runner.runs.length;
    await world.addLabel('rita', number, 'accepted');
    const labeled = world.runner.runs.slice(before).find((r) => r.event === 'issues' && r.action === 'labeled');
    expect(decisionOf(labeled)).toBe('parked-ci');
    expect(labeled?.jobs.find((j) => j.id === 'publish')?.conclusion).toBe('skipped');
    const issue = await world.issue(number);
    expect(issue.state).toBe('open');
    expect(issue.request?.state).toBe('parked-ci');
    expect(issue.request?.approvals.map((a) => a.login)).toEqual(['rita']);
    expect(world.sandbox.requests.count({ operationId: 'repos/create-release' })).toBe(0);
  }, 180_000);

  it('CI finishes: repository_dispatch → reconcile → publish.yml publishes all four targets and closes the request', async () => {
    world.markPhase('ci-finished');
    await world.releaseCi();
    const ci = world.runsOf('CI', WORLD.product)[0];
    expect(ci?.conclusion).toBe('success');
    const reconcile = world.runsOf('Reconcile publish requests', WORLD.control).filter((r) => r.event === 'repository_dispatch');
    expect(reconcile.at(-1)?.conclusion).toBe('success');
    const publish = world.runsOf('Publish', WORLD.control);
    expect(publish.map((r) => `${r.event}:${r.conclusion}`)).toEqual(['workflow_dispatch:success']);
    expect(publish[0]?.actor).toBe(WORLD.bot);
    // Hops from CI completion to the publishing run: CI's notify → reconcile → publish.
    const phase = world.phases().find((p) => p.name === 'ci-finished');
    expect(phase?.runs.map((r) => r.workflow.name)).toEqual(expect.arrayContaining(['Reconcile publish requests', 'Publish']));

    const issue = await world.issue(number);
    expect(issue.state).toBe('closed');
    expect(issue.request?.state).toBe('published');
    expect(issue.request?.targets.map((t) => [t.id, t.state])).toEqual(TARGETS.map((t) => [t, 'done']));
    const landed = await world.landed('1.3.0');
    expect(landed.npm?.version).toBe('1.3.0');
    expect(landed.release?.assets).toHaveLength(2);
    expect(landed.image?.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(landed.registry?.record.commit).toBe(issue.request?.releaseCommit);
    expect(landed.merged && landed.branchDeleted).toBe(true);
    expect(world.sandbox.requests.count({ operationId: 'repos/create-release' })).toBe(1);
  }, 180_000);
});
