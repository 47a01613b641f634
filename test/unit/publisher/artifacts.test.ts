/** Artifact resolution with a literal fake port: which runs count, names, duplicates, unsafe zips, expiry, and the retry check. */
import { describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ArtifactRecord, GitHubPort } from '../../../src/github/port.js';
import { artifactsForTarget, resolveArtifacts } from '../../../src/publisher/artifacts.js';
import { ArtifactError, ArtifactsChangedError } from '../../../src/publisher/errors.js';
import { writeZip } from '../../sandbox/github/zip.js';
import { loadCraft, recordingLogger } from './helpers.js';

const COMMIT = 'f'.repeat(40);

function port(artifacts: { name: string; files: Record<string, string>; expired?: boolean; runId?: number }[]): GitHubPort {
  const records: ArtifactRecord[] = artifacts.map((a, i) => ({ id: i + 1, name: a.name, sizeInBytes: 1, workflowRunId: a.runId ?? 1, expired: a.expired ?? false }));
  const fake: Partial<GitHubPort> = {
    listWorkflowRunsForCommit: async () => [
      { id: 1, name: 'ci', headSha: COMMIT, status: 'completed', conclusion: 'success', htmlUrl: 'x' },
      { id: 2, name: 'ci', headSha: COMMIT, status: 'in_progress', conclusion: null, htmlUrl: 'x' },
      { id: 3, name: 'other', headSha: 'a'.repeat(40), status: 'completed', conclusion: 'success', htmlUrl: 'x' },
    ],
    listRunArtifacts: async (_repo, runId) => records.filter((r) => r.workflowRunId === runId),
    downloadArtifact: async (_repo, id) => writeZip((artifacts[id - 1] as { files: Record<string, string> }).files),
  };
  return fake as GitHubPort;
}

async function resolve(github: GitHubPort, craft = 'targets:\n  - name: github\n', recorded: { name: string; size: number; sha256: string }[] = []) {
  return resolveArtifacts({ github, log: recordingLogger(), productRepo: { owner: 'acme', repo: 'widget' }, commit: COMMIT, config: loadCraft(craft), dir: await mkdtemp(join(tmpdir(), 'artifacts-')), recorded });
}

describe('resolveArtifacts', () => {
  it('takes the files of successful runs on the commit, flattens folders, writes them and records digests', async () => {
    const github = port([
      { name: 'dist', files: { 'bin/tool-linux': 'linux', 'tool.tgz': 'tgz' } },
      { name: 'running', files: { 'x.txt': 'x' }, runId: 2 },
      { name: 'old', files: { 'gone.txt': 'gone' }, expired: true },
    ]);
    const resolved = await resolve(github);
    expect(resolved.record.map((a) => [a.name, a.size])).toEqual([
      ['tool-linux', 5],
      ['tool.tgz', 3],
    ]);
    expect(resolved.firstRecord).toBe(true);
    expect(await readFile(resolved.files[0]?.path as string, 'utf8')).toBe('linux');
    const config = loadCraft("targets:\n  - name: github\n    includeNames: '/\\.tgz$/'\n").targets[0];
    expect(artifactsForTarget(config as never, resolved.files).map((f) => f.name)).toEqual(['tool.tgz']);
  });

  it('refuses two different files of the same name, unsafe names and paths that climb out', async () => {
    await expect(resolve(port([{ name: 'a', files: { 'x.txt': '1' } }, { name: 'b', files: { 'x.txt': '2' } }]))).rejects.toThrow(/two different files are named x\.txt/);
    await expect(resolve(port([{ name: 'a', files: { 'has space.txt': '1' } }]))).rejects.toThrow(ArtifactError);
    await expect(resolve(port([{ name: 'a', files: { '../../etc/cron': '1' } }]))).rejects.toThrow(/climbs out/);
  });

  it('enforces requireNames before anything else', async () => {
    await expect(resolve(port([{ name: 'a', files: { 'x.txt': '1' } }]), "requireNames: ['/\\.whl$/']\ntargets:\n  - name: github\n")).rejects.toThrow(/matches the required name \/\\\.whl\$\/ \(found: x\.txt\)/);
  });

  it('on a retry, keeps the record when nothing changed and refuses any difference', async () => {
    const github = port([{ name: 'a', files: { 'x.txt': '1', 'y.txt': '2' } }]);
    const first = await resolve(github);
    const again = await resolve(github, undefined, [...first.record]);
    expect(again.firstRecord).toBe(false);
    expect(again.record).toEqual(first.record);
    const changed = port([{ name: 'a', files: { 'x.txt': 'other', 'z.txt': '3' } }]);
    const error = await resolve(changed, undefined, [...first.record]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArtifactsChangedError);
    expect((error as Error).message).toMatch(/^the artifacts changed since the first attempt: x\.txt changed \(.*\); y\.txt is gone; z\.txt is new$/);
  });
});
