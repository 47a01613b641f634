/**
 * Faults: for every write of the approve → publish flow (the request record, labels, comments,
 * the workflow dispatch, the tag, the GitHub release and its asset, npm, the release registry
 * push, the merge, the branch deletion), a failure before it (the sandbox answers 502 without
 * doing it), after it with the answer lost (the sandbox does it, then answers 502) and a process
 * kill right after it (simulated: see support/kill.ts). Then the run is retried the way people
 * retry (a release manager adds `accepted` again; reconcile runs) until the request is closed,
 * and the outcome must be exactly one of everything: one GitHub release with one copy of each
 * asset, one npm version, one release-registry record, the request record `published` with every
 * target `done`, the issue closed, the branch merged and deleted.
 *
 * This file holds the GitHub API writes of the publish flow; faults-edges.test.ts (same set-up,
 * its own world, so the two run in parallel) holds the registry writes, the parked path with its
 * labels, comment and dispatch, the request command's writes, rate limits and webhook deliveries.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CONTROL_LABELS } from '../../src/control/labels.js';
import type { GitHubPort } from '../../src/github/port.js';
import { recordFigure } from './support/figures.js';
import { faultFlow } from './support/fault-flow.js';
import { killAfterPortCall, killSwitch } from './support/kill.js';
import { PEOPLE, startControlWorld, type ControlWorld } from './support/control-world.js';

let world: ControlWorld;
let counter = 0;
const nextVersion = (): string => `5.${++counter}.0`;
const manager = PEOPLE.managers[0];

beforeAll(async () => {
  // No npm here: the registry writes are faults-edges.test.ts's.
  world = await startControlWorld({});
  await world.setTargets(['github']);
  for (const label of CONTROL_LABELS) await world.api(manager, 'POST', '/repos/acme/publish/labels', { name: label.name, color: label.color, description: label.description });
  await world.drain();
}, 120_000);

afterAll(async () => {
  await world?.close();
});

const { issueOf, retryUntilClosed, expectConverged, approveGreen } = faultFlow(() => world);

type Phase = 'before' | 'after';

/** The GitHub API writes of the flow: how to find each in the sandbox (operationId, path). */
const API_WRITES: { name: string; method: string; path: RegExp; kill: { method: keyof GitHubPort; match?: (args: unknown[]) => boolean } }[] = [
  { name: 'the request record (first PATCH of the issue)', method: 'PATCH', path: /^\/repos\/acme\/publish\/issues\/\d+$/, kill: { method: 'updateIssue' } },
  { name: 'the tag (POST git/refs)', method: 'POST', path: /^\/repos\/acme\/widget\/git\/refs$/, kill: { method: 'createTag' } },
  { name: 'the GitHub release (POST releases)', method: 'POST', path: /^\/repos\/acme\/widget\/releases$/, kill: { method: 'createRelease' } },
  { name: 'the release asset (POST assets)', method: 'POST', path: /\/releases\/\d+\/assets$/, kill: { method: 'uploadReleaseAsset' } },
  { name: 'the merge (POST merges)', method: 'POST', path: /^\/repos\/acme\/widget\/merges$/, kill: { method: 'mergeBranch' } },
  { name: 'the branch deletion (DELETE git/refs)', method: 'DELETE', path: /^\/repos\/acme\/widget\/git\/refs\/heads\//, kill: { method: 'deleteBranch' } },
  { name: 'the success comment (POST comments)', method: 'POST', path: /^\/repos\/acme\/publish\/issues\/\d+\/comments$/, kill: { method: 'createComment' } },
];

describe('faults: a run killed between recording the approval and the CI gate, without a person retrying', () => {
  beforeAll(async () => world.setTargets(['github']));
  it('reconcile (the safety net for lost events) finishes it: dispatches publish.yml, which publishes once', async () => {
    const version = nextVersion();
    const sw = killSwitch();
    world.portWrapper = killAfterPortCall(sw, 'updateIssue');
    recordFigure('faults injected', 1);
    let n = 0;
    try {
      n = await approveGreen(version);
    } finally {
      world.portWrapper = null;
    }
    expect(sw.killed).toBe(true);
    // The label is on, the approval is recorded, CI is green: nothing is waiting for a person.
    expect(issueOf(n).labels).toContain('accepted');
    const before = world.sandbox.requests.entries.filter((e) => /publish\.yml\/dispatches$/.test(e.path) && e.status === 204).length;
    await world.runReconcile();
    const dispatched = world.sandbox.requests.entries.filter((e) => /publish\.yml\/dispatches$/.test(e.path) && e.status === 204).length > before;
    if (dispatched) await world.runPublish(n);
    await world.pump();
    expect(dispatched).toBe(true);
    await expectConverged(version, n);
  });
});

describe('faults: every GitHub write of approve → publish, then a retry', () => {
  // The registry writes (npm, the release registry: slow CLIs and clones) have their own cases in
  // faults-edges.test.ts; here the github target publishes, with every GitHub write of the flow.
  beforeAll(async () => world.setTargets(['github']));
  const cases = API_WRITES.flatMap((w) => (['before', 'after'] as Phase[]).map((phase) => [w.name, phase, w] as const));
  it.each(cases)('%s fails %s the write: converges to exactly once', async (_name, phase, write) => {
    const version = nextVersion();
    world.sandbox.faults.add({ method: write.method, path: write.path, kind: phase === 'before' ? 'status' : 'after-write', status: 502, times: 1 });
    recordFigure('faults injected', 1);
    const n = await approveGreen(version);
    world.sandbox.faults.clear();
    await retryUntilClosed(n);
    await expectConverged(version, n);
  });

  it.each(API_WRITES.map((w) => [w.name, w] as const))('the process is killed right after %s: converges to exactly once', async (_name, write) => {
    const version = nextVersion();
    const sw = killSwitch();
    world.portWrapper = killAfterPortCall(sw, write.kill.method, write.kill.match);
    recordFigure('faults injected', 1);
    try {
      await approveGreen(version);
    } finally {
      world.portWrapper = null;
    }
    expect(sw.killed).toBe(true);
    const n = world.sandbox.admin.listIssues('acme/publish').find((i) => i.title.endsWith(`@${version}`))?.number ?? 0;
    await retryUntilClosed(n);
    await expectConverged(version, n);
  });
});

