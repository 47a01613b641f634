/**
 * A RunnerHost kept in memory, for runner tests that need no sandbox GitHub: workflow files per
 * repository (optionally per ref), recorded tokens and artifacts, and an `emit` for deliveries.
 */
import { randomUUID } from 'node:crypto';
import type { ArtifactFile, Delivery, PermissionLevel, RunRecord, RunnerHost, WorkflowFile } from './types.js';

/** The in-memory host plus what tests inspect and drive. */
export interface MemoryHost extends RunnerHost {
  /** Sets a workflow file (`ref` omitted: every ref sees it). */
  setWorkflow(repository: string, path: string, content: string, ref?: string): void;
  /** Delivers an event to the runner (id generated when absent). */
  emit(delivery: Omit<Delivery, 'id'> & { id?: string }): Delivery;
  readonly workflowTokens: { token: string; repository: string; permissions: Record<string, PermissionLevel>; runId: number }[];
  readonly appTokens: { token: string; app: string; permissions: Record<string, string>; repositories?: string[] }[];
  readonly artifacts: Map<string, ArtifactFile[]>;
  /** Every reportRun call, as snapshots. */
  readonly reported: { id: number; status: string; conclusion?: string }[];
}

/** Creates an in-memory host; `gitRoot` makes gitUrl return `file://<gitRoot>/<owner>/<repo>.git`. */
export function createMemoryHost(options: { gitRoot?: string; shas?: Record<string, string> } = {}): MemoryHost {
  const files = new Map<string, Map<string, string>>();
  const listeners = new Set<(d: Delivery) => void>();
  let tokenCounter = 0;
  const host: MemoryHost = {
    apiUrl: 'http://127.0.0.1:1/api/v3',
    serverUrl: 'http://127.0.0.1:1',
    workflowTokens: [],
    appTokens: [],
    artifacts: new Map(),
    reported: [],
    gitUrl: (owner, repo) => `file://${options.gitRoot ?? '/nonexistent'}/${owner}/${repo}.git`,
    mintWorkflowToken(repository, permissions, runId) {
      const token = `ghs_workflow${String(++tokenCounter).padStart(4, '0')}${randomUUID().replace(/-/g, '')}`;
      host.workflowTokens.push({ token, repository, permissions, runId });
      return token;
    },
    mintAppToken(app, permissions, repositories) {
      const token = `ghs_app${String(++tokenCounter).padStart(4, '0')}${randomUUID().replace(/-/g, '')}`;
      host.appTokens.push({ token, app, permissions, repositories });
      return token;
    },
    onDelivery(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async readWorkflowFiles(repository, ref) {
      const out = new Map<string, string>(files.get(repository) ?? []);
      for (const [path, content] of files.get(`${repository}@${ref}`) ?? []) out.set(path, content);
      return [...out].map(([path, content]): WorkflowFile => ({ path, content })).sort((a, b) => a.path.localeCompare(b.path));
    },
    async resolveSha(repository, ref) {
      return options.shas?.[`${repository}@${ref}`] ?? 'a'.repeat(40);
    },
    async uploadArtifact(repository, runId, name, artifactFiles) {
      host.artifacts.set(`${repository}#${runId}#${name}`, artifactFiles);
    },
    async downloadArtifact(repository, runId, name) {
      return host.artifacts.get(`${repository}#${runId}#${name}`);
    },
    reportRun(run: RunRecord) {
      host.reported.push({ id: run.id, status: run.status, conclusion: run.conclusion });
    },
    setWorkflow(repository, path, content, ref) {
      const key = ref === undefined ? repository : `${repository}@${ref}`;
      const map = files.get(key) ?? new Map<string, string>();
      map.set(path, content);
      files.set(key, map);
    },
    emit(partial) {
      const delivery: Delivery = { ...partial, id: partial.id ?? randomUUID() };
      for (const listener of listeners) listener(delivery);
      return delivery;
    },
  };
  return host;
}
