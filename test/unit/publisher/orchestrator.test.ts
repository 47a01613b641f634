/**
 * The orchestrator's rules with small literal fakes (a port that serves one CI run's artifacts,
 * targets that record what they were asked): ordering and the concurrency limit, serialised and
 * coalesced saves, `running` left by a killed run, cancellation, secrets per target, a save that
 * fails before a write, and requests that disagree with the config.
 */
import { describe, expect, it } from '@jest/globals';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TARGET_OPTION_SCHEMAS } from '../../../src/config/target-options.js';
import type { GitHubPort } from '../../../src/github/port.js';
import { PublishedDifferentError } from '../../../src/publisher/errors.js';
import { publishRequest, type PublishInput } from '../../../src/publisher/orchestrator.js';
import type { PublishTarget } from '../../../src/publisher/target.js';
import { publishRequestSchema, withTargetState, type PublishRequest } from '../../../src/request-format/index.js';
import { writeZip } from '../../sandbox/github/zip.js';
import { loadCraft, makeRequest, recordingLogger, steppingClock } from './helpers.js';

const COMMIT = 'e'.repeat(40);

/** A port with one green CI run holding one artifact with these files. */
function fakePort(files: Record<string, string> = { 'app-1.0.0.tgz': 'tarball bytes' }): GitHubPort {
  const port: Partial<GitHubPort> = {
    listWorkflowRunsForCommit: async () => [
      { id: 7, name: 'ci', headSha: COMMIT, status: 'completed', conclusion: 'success', htmlUrl: 'https://github.com/acme/widget/actions/runs/7' },
      { id: 8, name: 'lint', headSha: COMMIT, status: 'completed', conclusion: 'failure', htmlUrl: 'https://github.com/acme/widget/actions/runs/8' },
    ],
    listRunArtifacts: async (_repo, runId) => (runId === 7 ? [{ id: 70, name: 'dist', sizeInBytes: 1, workflowRunId: 7, expired: false }] : [{ id: 80, name: 'bad', sizeInBytes: 1, workflowRunId: 8, expired: false }]),
    downloadArtifact: async (_repo, id) => writeZip(id === 70 ? files : { 'bad.tgz': 'from a failed run' }),
  };
  return port as GitHubPort;
}

interface Recorder {
  events: string[];
  inFlight: number;
  maxInFlight: number;
  published: Set<string>;
  envs: Record<string, string[]>;
}

/** A fake github target that publishes into a set; `fail` lists ids that throw. */
function fakeTarget(recorder: Recorder, options: { fail?: string[]; delayMs?: number; conflict?: string[] } = {}): PublishTarget<'github'> {
  return {
    name: 'github',
    optionsSchema: TARGET_OPTION_SCHEMAS.github,
    secrets: [{ name: 'FAKE_TOKEN', required: false, description: 'a fake' }],
    async expandIds(_options, context) {
      return context.config.id === 'many' ? ['github[many:a]', 'github[many:b]'] : [context.config.targetId];
    },
    async isPublished(ctx) {
      recorder.events.push(`check ${ctx.id}`);
      if (options.conflict?.includes(ctx.id)) throw new PublishedDifferentError(`${ctx.id} differs`);
      return recorder.published.has(ctx.id) ? { published: true, location: `https://example.com/${ctx.id}` } : { published: false };
    },
    async publish(ctx) {
      recorder.envs[ctx.id] = Object.keys(ctx.env);
      ctx.log.info(`${ctx.id}: authenticating with ${ctx.env.FAKE_TOKEN ?? 'nothing'}`);
      recorder.inFlight += 1;
      recorder.maxInFlight = Math.max(recorder.maxInFlight, recorder.inFlight);
      await new Promise((resolve) => setTimeout(resolve, options.delayMs ?? 5));
      recorder.inFlight -= 1;
      if (options.fail?.includes(ctx.id)) throw new Error(`${ctx.id} broke with token ${ctx.env.FAKE_TOKEN ?? 'none'}`);
      recorder.events.push(`publish ${ctx.id}`);
      recorder.published.add(ctx.id);
      return { location: `https://example.com/${ctx.id}?x=(1)` };
    },
    async verify(ctx) {
      if (!recorder.published.has(ctx.id)) throw new Error('not there');
    },
    async describe(ctx) {
      return `would publish ${ctx.id}`;
    },
  };
}

function recorder(): Recorder {
  return { events: [], inFlight: 0, maxInFlight: 0, published: new Set(), envs: {} };
}

const sixTargets = `targets:\n${['a', 'b', 'c', 'd', 'e', 'f'].map((id) => `  - name: github\n    id: ${id}\n`).join('')}`;
const sixIds = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => `github[${id}]`);

async function run(rec: Recorder, craft: string, request: PublishRequest, overrides: Partial<PublishInput> & { target?: PublishTarget<'github'> } = {}) {
  const saves: PublishRequest[] = [];
  let saving = 0;
  let overlapped = false;
  const log = recordingLogger();
  const { target, ...rest } = overrides;
  const result = await publishRequest({
    github: fakePort(),
    log,
    clock: steppingClock(),
    request,
    config: loadCraft(craft),
    productRepo: { owner: 'acme', repo: 'widget' },
    env: { FAKE_TOKEN: 'canary-fake-token-5e1f', OTHER_SECRET: 'canary-other-secret', PATH: '/usr/bin' },
    workDir: await mkdtemp(join(tmpdir(), 'orchestrator-')),
    dryRun: false,
    save: async (r) => {
      if (saving > 0) overlapped = true;
      saving += 1;
      await new Promise((resolve) => setTimeout(resolve, 2));
      saves.push(publishRequestSchema.parse(structuredClone(r)));
      saving -= 1;
    },
    runUrl: null,
    targets: { github: target ?? fakeTarget(rec) },
    ...rest,
  });
  return { result, saves, overlapped, log };
}

const states = (r: PublishRequest) => Object.fromEntries(r.targets.map((t) => [t.id, t.state]));

describe('publishRequest (with fake targets)', () => {
  it('runs up to the concurrency limit, saves one at a time, and keeps every state', async () => {
    const rec = recorder();
    const { result, saves, overlapped } = await run(rec, sixTargets, makeRequest(sixIds, { commit: COMMIT }), { concurrency: 3, target: fakeTarget(rec, { delayMs: 20 }) });
    expect(result.ok).toBe(true);
    expect(rec.maxInFlight).toBe(3);
    expect(overlapped).toBe(false);
    expect(Object.values(states(result.request))).toEqual(Array(6).fill('done'));
    expect(saves[saves.length - 1]).toEqual(result.request);
    // Coalesced: fewer saves than the 1 + 1 + 6×2 + 1 state changes.
    expect(saves.length).toBeLessThan(15);
    expect(result.request.artifacts).toEqual([{ name: 'app-1.0.0.tgz', size: 13, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    // toLocation made the location a valid request field.
    expect(result.request.targets[0]?.location).toBe('https://example.com/github[a]?x=%281%29'.replace('[', '%5B').replace(']', '%5D'));
  });

  it('with ordered, runs in config order and stops at the first failure', async () => {
    const rec = recorder();
    const { result } = await run(rec, sixTargets, makeRequest(sixIds, { commit: COMMIT }), { ordered: true, target: fakeTarget(rec, { fail: ['github[c]'] }) });
    expect(rec.events.filter((e) => e.startsWith('publish'))).toEqual(['publish github[a]', 'publish github[b]']);
    expect(states(result.request)).toEqual({ 'github[a]': 'done', 'github[b]': 'done', 'github[c]': 'failed', 'github[d]': 'pending', 'github[e]': 'pending', 'github[f]': 'pending' });
    expect(result.targets.find((t) => t.id === 'github[d]')).toMatchObject({ outcome: 'not-run', error: 'an earlier target failed (ordered publishing)' });
    expect(result.request.state).toBe('failed');
  });

  it('without ordering, the other targets go on after a failure; the error is masked', async () => {
    const rec = recorder();
    const { result, log, saves } = await run(rec, sixTargets, makeRequest(sixIds, { commit: COMMIT }), { target: fakeTarget(rec, { fail: ['github[b]'] }) });
    expect(Object.values(states(result.request)).filter((s) => s === 'done')).toHaveLength(5);
    const failed = result.request.targets.find((t) => t.id === 'github[b]');
    expect(failed?.detail).toBe('github[b] broke with token ***');
    expect(result.targets.find((t) => t.id === 'github[b]')?.error).toBe('github[b] broke with token ***');
    const text = JSON.stringify(saves) + log.text() + JSON.stringify(result);
    expect(text).not.toContain('canary-fake-token-5e1f');
    expect(log.text()).toContain('github[a]: authenticating with ***');
    // Each target sees only what it declares.
    expect(rec.envs['github[a]']).toEqual(['FAKE_TOKEN']);
    expect(log.masked).toContain('canary-fake-token-5e1f');
    expect(log.masked).not.toContain('canary-other-secret');
  });

  it('skips done and skipped targets, and looks before publishing a target a killed run left running', async () => {
    const rec = recorder();
    rec.published.add('github[c]'); // the killed run got this far
    let request = makeRequest(sixIds, { commit: COMMIT });
    request = withTargetState(request, 'github[a]', 'done', { at: '2026-11-21T23:30:00Z' });
    request = withTargetState(request, 'github[b]', 'skipped', { at: '2026-11-21T23:30:00Z' });
    request = withTargetState(request, 'github[c]', 'running', { at: '2026-11-21T23:30:00Z' });
    const { result } = await run(rec, sixTargets, request);
    expect(rec.events.some((e) => e.endsWith('github[a]') || e.endsWith('github[b]'))).toBe(false);
    expect(rec.events).toContain('check github[c]');
    expect(rec.events).not.toContain('publish github[c]');
    expect(result.targets.map((t) => [t.id, t.outcome])).toEqual([
      ['github[a]', 'done-before'],
      ['github[b]', 'skipped'],
      ['github[c]', 'already-published'],
      ['github[d]', 'published'],
      ['github[e]', 'published'],
      ['github[f]', 'published'],
    ]);
    expect(result.ok).toBe(true);
    expect(result.request.state).toBe('published');
  });

  it('does not publish a target whose running state could not be saved', async () => {
    const rec = recorder();
    let calls = 0;
    const { result } = await run(rec, 'targets:\n  - name: github\n', makeRequest(['github'], { commit: COMMIT }), {
      save: async () => {
        calls += 1;
        if (calls === 3) throw new Error('GitHub answered 502');
      },
    });
    expect(rec.events).toEqual(['check github']);
    expect(result.targets[0]).toMatchObject({ outcome: 'failed', error: 'GitHub answered 502' });
  });

  it('starts nothing after cancellation', async () => {
    const rec = recorder();
    const controller = new AbortController();
    controller.abort();
    const { result } = await run(rec, sixTargets, makeRequest(sixIds, { commit: COMMIT }), { signal: controller.signal });
    expect(rec.events).toEqual([]);
    expect(result.ok).toBe(false);
    expect(result.targets.every((t) => t.outcome === 'not-run' && t.error === 'the run was cancelled')).toBe(true);
  });

  it('expands a listed plain id, leaves out config targets the request does not list, and fails listed ids the config lost', async () => {
    const rec = recorder();
    const craft = 'targets:\n  - name: github\n    id: many\n  - name: github\n    id: extra\n';
    const { result, log } = await run(rec, craft, makeRequest(['github[many]', 'github[gone]'], { commit: COMMIT }));
    expect(states(result.request)).toEqual({ 'github[many:a]': 'done', 'github[many:b]': 'done', 'github[gone]': 'failed' });
    expect(result.unlisted).toEqual(['github[extra]']);
    expect(log.text()).toMatch(/github\[extra\] is in the publish config but not in the request/);
    expect(result.request.targets.find((t) => t.id === 'github[gone]')?.detail).toMatch(/not in the publish config any more; check its box/);
  });

  it('reports a conflict as a hard failure, and a missing required secret before anything runs', async () => {
    const rec = recorder();
    const conflict = await run(rec, 'targets:\n  - name: github\n', makeRequest(['github'], { commit: COMMIT }), { target: fakeTarget(rec, { conflict: ['github'] }) });
    expect(conflict.result.targets[0]).toMatchObject({ outcome: 'failed', hard: true });
    const needy: PublishTarget<'github'> = { ...fakeTarget(rec), secrets: [{ name: 'NEEDED_TOKEN', required: true, description: 'a token it cannot work without' }] };
    const missing = await run(rec, 'targets:\n  - name: github\n', makeRequest(['github'], { commit: COMMIT }), { target: needy });
    expect(missing.result.targets[0]?.error).toMatch(/^github: the secret NEEDED_TOKEN is not set \(a token it cannot work without\)/);
  });

  it('a dry run calls neither save nor publish', async () => {
    const rec = recorder();
    let saved = 0;
    const { result } = await run(rec, sixTargets, makeRequest(sixIds, { commit: COMMIT }), { dryRun: true, save: async () => void (saved += 1) });
    expect(saved).toBe(0);
    expect(rec.events.every((e) => e.startsWith('check'))).toBe(true);
    expect(result.targets.map((t) => t.plan)).toEqual(sixIds.map((id) => `would publish ${id}`));
  });
});
