/**
 * Wires the runner to the sandbox GitHub (test/sandbox/github): its webhooks, its token issuer,
 * its bare repositories (workflow files read with git, unlogged, at the exact ref), its workflow
 * runs and its artifacts, so `GITHUB_RUN_ID`, the API's run list and artifacts all agree.
 */
import type { GitHubSandbox } from '../github/index.js';
import { readZip } from '../github/zip.js';
import { runProcess } from './process.js';
import type { ArtifactFile, Conclusion, RunnerHost, WorkflowFile } from './types.js';

/** Runs git against a bare repository; null when git fails (unknown ref, no such path). */
async function git(bareDir: string, args: string[]): Promise<string | null> {
  const result = await runProcess({
    argv: ['git', `--git-dir=${bareDir}`, ...args],
    cwd: bareDir,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', GIT_CONFIG_NOSYSTEM: '1' },
    outputLimit: 16 * 1024 * 1024,
  });
  return result.exitCode === 0 ? result.stdout : null;
}

const RUN_CONCLUSION: Record<Conclusion, string> = { success: 'success', failure: 'failure', cancelled: 'cancelled', skipped: 'skipped' };

/** A RunnerHost backed by a started sandbox. */
export function createSandboxHost(sandbox: GitHubSandbox): RunnerHost {
  const bareDir = (repository: string): string => {
    const repo = sandbox.admin.getRepo(repository);
    if (repo === undefined) throw new Error(`sandbox has no repository ${repository}`);
    return repo.bareDir;
  };
  const lastStatus = new Map<number, string>();
  return {
    apiUrl: sandbox.apiUrl,
    serverUrl: sandbox.serverUrl,
    gitUrl: (owner, repo) => sandbox.gitUrl(owner, repo),
    mintWorkflowToken: (repository, permissions, runId) => sandbox.admin.issueToken({ kind: 'workflow', repository, permissions, runId }),
    mintAppToken: (appSlug, permissions, repositories) =>
      sandbox.admin.issueToken(repositories === undefined ? { kind: 'app', appSlug, permissions } : { kind: 'app', appSlug, permissions, repositories }),
    onDelivery: (listener) => sandbox.webhooks.on((delivery) => listener(delivery)),
    async readWorkflowFiles(repository, ref) {
      const dir = bareDir(repository);
      const listing = await git(dir, ['ls-tree', '--name-only', ref, '.github/workflows/']);
      if (listing === null) return [];
      const files: WorkflowFile[] = [];
      for (const path of listing.split('\n').filter((p) => /\.ya?ml$/.test(p))) {
        const content = await git(dir, ['show', `${ref}:${path}`]);
        if (content !== null) files.push({ path, content });
      }
      return files;
    },
    async resolveSha(repository, ref) {
      const sha = await git(bareDir(repository), ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
      return sha?.trim() || undefined;
    },
    async defaultBranch(repository) {
      return sandbox.admin.getRepo(repository)?.defaultBranch ?? 'main';
    },
    createRun(run) {
      const headBranch = run.ref.startsWith('refs/heads/') ? run.ref.slice('refs/heads/'.length) : undefined;
      return sandbox.admin.createWorkflowRun(run.repository, {
        name: run.workflowName,
        path: run.workflowPath,
        headSha: run.sha,
        ...(headBranch !== undefined ? { headBranch } : {}),
        event: run.event,
        actor: run.actor,
        status: 'queued',
      });
    },
    reportRun(run) {
      // The sandbox emits workflow_run webhooks on changes; send each status once.
      const status = run.status === 'completed' ? `completed:${run.conclusion ?? 'failure'}` : run.status;
      if (lastStatus.get(run.id) === status) return;
      lastStatus.set(run.id, status);
      if (run.status === 'completed') {
        sandbox.admin.updateWorkflowRun(run.repository, run.id, { conclusion: RUN_CONCLUSION[run.conclusion ?? 'failure'] });
      } else if (run.status !== 'queued') {
        sandbox.admin.updateWorkflowRun(run.repository, run.id, { status: run.status });
      }
    },
    async uploadArtifact(repository, runId, name, files) {
      sandbox.admin.addArtifact(repository, runId, name, Object.fromEntries(files.map((f) => [f.path, f.content])));
    },
    async downloadArtifact(repository, runId, name) {
      // Through the API, as the real action does (no admin read exists).
      const token = sandbox.admin.issueToken({ kind: 'workflow', repository, permissions: { actions: 'read' }, runId });
      const headers = { authorization: `Bearer ${token}`, accept: 'application/vnd.github+json' };
      const list = await fetch(`${sandbox.apiUrl}/repos/${repository}/actions/runs/${runId}/artifacts?name=${encodeURIComponent(name)}`, { headers });
      if (!list.ok) return undefined;
      const body = (await list.json()) as { artifacts?: { archive_download_url: string }[] };
      const url = body.artifacts?.[0]?.archive_download_url;
      if (url === undefined) return undefined;
      const zip = await fetch(url, { headers });
      if (!zip.ok) throw new Error(`artifact download failed: HTTP ${zip.status}`);
      const entries = readZip(Buffer.from(await zip.arrayBuffer()));
      return Object.entries(entries).map(([path, content]): ArtifactFile => ({ path, content }));
    },
  };
}
