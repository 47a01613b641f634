/**
 * Artifacts come from the CI runs on the approved release commit, and nowhere else: completed,
 * successful workflow runs of that exact sha → their Actions artifacts → the files inside each
 * zip. Every file gets a size and a sha256. The first attempt records them in the request before
 * any target runs; a retry downloads again and refuses to go on if any byte changed, so every
 * target of every attempt publishes exactly the bytes that were approved.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../deps.js';
import type { PublishConfig, TargetConfig } from '../config/publish-config.js';
import type { GitHubPort, RepoId } from '../github/port.js';
import { MAX_ARTIFACTS, type Artifact } from '../request-format/index.js';
import { readZip } from './archive.js';
import { ArtifactError, ArtifactsChangedError } from './errors.js';
import type { ArtifactFile } from './target.js';

/** Artifact file names as the request records them: ASCII letters, digits and `._+@=,-`. */
const ARTIFACT_NAME = /^[A-Za-z0-9_+@=,][A-Za-z0-9._+@=,-]{0,254}$/;

/** What resolveArtifacts needs. */
export interface ResolveArtifactsInput {
  readonly github: GitHubPort;
  readonly log: Logger;
  readonly productRepo: RepoId;
  readonly commit: string;
  readonly config: PublishConfig;
  /** Where the verified files are written. */
  readonly dir: string;
  /** The artifacts recorded by an earlier attempt (empty on the first). */
  readonly recorded: readonly Artifact[];
}

/** The files of the release, written to disk and checked against the record. */
export interface ResolvedArtifacts {
  readonly files: readonly ArtifactFile[];
  /** What the request must record (the same list on a retry). */
  readonly record: readonly Artifact[];
  /** Whether `record` is new (the first attempt). */
  readonly firstRecord: boolean;
}

/** Downloads, unpacks, checks and writes the release's artifacts (see the module comment). */
export async function resolveArtifacts(input: ResolveArtifactsInput): Promise<ResolvedArtifacts> {
  const bytes = input.config.artifactProvider.name === 'none' ? new Map<string, Buffer>() : await downloadFiles(input);
  const record: Artifact[] = [...bytes.entries()].map(([name, data]) => ({ name, size: data.length, sha256: sha256(data) })).sort((a, b) => a.name.localeCompare(b.name));
  if (record.length > MAX_ARTIFACTS) {
    throw new ArtifactError('E_TOO_MANY_ARTIFACTS', `the CI runs of ${input.commit} produced ${record.length} files; at most ${MAX_ARTIFACTS} can be published and recorded`, 'publish fewer files, e.g. archive them in CI');
  }
  const missing = input.config.requireNames.filter((pattern) => !record.some((a) => pattern.test(a.name)));
  if (missing.length > 0) {
    throw new ArtifactError(
      'E_REQUIRED_ARTIFACT_MISSING',
      `no artifact of the CI runs on ${input.commit.slice(0, 12)} matches the required name${missing.length > 1 ? 's' : ''} ${missing.map(String).join(', ')} (found: ${record.map((a) => a.name).join(', ') || 'none'})`,
      'make the CI build upload the missing file as an Actions artifact, or change requireNames in the publish config',
    );
  }
  const firstRecord = input.recorded.length === 0;
  if (!firstRecord) assertUnchanged(input.recorded, record);
  await mkdir(input.dir, { recursive: true });
  const files: ArtifactFile[] = [];
  for (const artifact of record) {
    const path = join(input.dir, artifact.name);
    await writeFile(path, bytes.get(artifact.name) as Buffer, { mode: 0o600 });
    files.push({ ...artifact, path });
  }
  return { files, record: firstRecord ? record : input.recorded, firstRecord };
}

/** Throws ArtifactsChangedError listing every difference between the recorded and the current files. */
export function assertUnchanged(recorded: readonly Artifact[], current: readonly Artifact[]): void {
  const now = new Map(current.map((a) => [a.name, a]));
  const before = new Map(recorded.map((a) => [a.name, a]));
  const changes: string[] = [];
  for (const old of recorded) {
    const found = now.get(old.name);
    if (!found) changes.push(`${old.name} is gone`);
    else if (found.sha256 !== old.sha256 || found.size !== old.size) changes.push(`${old.name} changed (sha256 ${old.sha256.slice(0, 12)}…, ${old.size} bytes → ${found.sha256.slice(0, 12)}…, ${found.size} bytes)`);
  }
  for (const added of current) if (!before.has(added.name)) changes.push(`${added.name} is new`);
  if (changes.length > 0) throw new ArtifactsChangedError(`the artifacts changed since the first attempt: ${changes.join('; ')}`);
}

/** The artifacts a target may publish: its includeNames/excludeNames applied to the file names. */
export function artifactsForTarget(config: TargetConfig, files: readonly ArtifactFile[]): ArtifactFile[] {
  return files.filter((file) => (config.includeNames === null || config.includeNames.test(file.name)) && (config.excludeNames === null || !config.excludeNames.test(file.name)));
}

/** Lower-case hex sha256 of some bytes. */
export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

async function downloadFiles(input: ResolveArtifactsInput): Promise<Map<string, Buffer>> {
  const { github, productRepo, commit, log } = input;
  const runs = (await github.listWorkflowRunsForCommit(productRepo, commit)).filter((run) => run.headSha === commit && run.status === 'completed' && run.conclusion === 'success');
  // Newest run first: a re-run's artifact replaces the one of the run it repeats.
  runs.sort((a, b) => b.id - a.id);
  const seenArtifacts = new Set<string>();
  const files = new Map<string, { data: Buffer; from: string }>();
  for (const run of runs) {
    for (const artifact of await github.listRunArtifacts(productRepo, run.id)) {
      if (artifact.expired) {
        log.warning(`Artifact ${artifact.name} of run ${run.id} has expired and is left out.`);
        continue;
      }
      if (seenArtifacts.has(artifact.name)) continue;
      seenArtifacts.add(artifact.name);
      const zip = await github.downloadArtifact(productRepo, artifact.id);
      const entries = readZip(zip);
      const from = `artifact "${artifact.name}" of run ${run.id}`;
      if (entries.some((e) => e.path === 'oci-layout')) {
        // An OCI layout uploaded as a folder: the layout is one file, the artifact's own zip.
        add(files, `${artifact.name}.oci.zip`, zip, from);
        continue;
      }
      for (const entry of entries) add(files, entry.path.split('/').pop() as string, entry.data, from);
    }
  }
  log.info(`Artifacts of ${commit.slice(0, 12)}: ${files.size} file(s) from ${runs.length} successful run(s).`);
  return new Map([...files.entries()].map(([name, value]) => [name, value.data]));
}

function add(files: Map<string, { data: Buffer; from: string }>, name: string, data: Buffer, from: string): void {
  if (!ARTIFACT_NAME.test(name)) {
    throw new ArtifactError('E_ARTIFACT_NAME', `${from} holds a file named ${JSON.stringify(name)}; published file names may hold ASCII letters, digits and "._+@=,-" only`, 'rename the file in the CI build');
  }
  const existing = files.get(name);
  if (existing && !existing.data.equals(data)) {
    throw new ArtifactError('E_ARTIFACT_DUPLICATE', `two different files are named ${name} (${existing.from} and ${from}); published file names must be unique`, 'give the files distinct names in the CI build');
  }
  if (!existing) files.set(name, { data, from });
}
