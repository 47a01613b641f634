/**
 * Small immutable updates of a request. Each returns a new object and leaves its input alone;
 * validation happens once, when the result is rendered.
 */
import { RequestFormatError } from './error.js';
import { HISTORY_KEEP_LATEST, parseWith, publishRequestSchema } from './schema.js';
import type { Approval, HistoryEntry, Hold, PublishRequest, RequestState, Target, TargetState } from './schema.js';

/** The fields a new request needs; everything else starts empty. */
export interface NewRequest {
  readonly repo: { readonly owner: string; readonly repo: string };
  readonly path?: string | null;
  readonly version: string;
  readonly serverUrl: string;
  readonly releaseBranch: string;
  readonly releaseCommit: string;
  readonly previousTag?: string | null;
  readonly mergeTarget?: string | null;
  readonly requester: string;
  readonly requestedAt: string;
  readonly workflowRunUrl?: string | null;
  readonly targets: readonly string[];
  readonly requiredApprovals?: number;
  readonly changelog?: string;
}

/** A fresh, validated request (state `open`, every target pending, one `requested` history entry). */
export function createRequest(init: NewRequest): PublishRequest {
  return parseWith(
    publishRequestSchema,
    {
      repo: { owner: init.repo?.owner, repo: init.repo?.repo },
      path: init.path ?? null,
      version: init.version,
      serverUrl: init.serverUrl,
      releaseBranch: init.releaseBranch,
      releaseCommit: init.releaseCommit,
      previousTag: init.previousTag ?? null,
      mergeTarget: init.mergeTarget ?? null,
      requester: init.requester,
      requestedAt: init.requestedAt,
      workflowRunUrl: init.workflowRunUrl ?? null,
      state: 'open',
      requiredApprovals: init.requiredApprovals ?? 1,
      approvals: [],
      hold: null,
      targets: Array.isArray(init.targets)
        ? init.targets.map((id) => ({ id, state: 'pending', updatedAt: null, detail: null, durationMs: null, location: null }))
        : init.targets,
      artifacts: [],
      history: [{ at: init.requestedAt, event: 'requested', actor: init.requester, detail: null }],
      historyDropped: 0,
      changelog: init.changelog ?? '',
      changelogOmitted: 0,
    },
    'request',
  );
}

/** Appends a history entry, keeping the first entry and the latest ones (the rest are counted in historyDropped). */
export function withHistory(request: PublishRequest, entry: HistoryEntry): PublishRequest {
  const history = [...request.history, entry];
  const keep = HISTORY_KEEP_LATEST + 1;
  if (history.length <= keep) return { ...request, history };
  const [first] = history;
  return {
    ...request,
    history: first === undefined ? history.slice(-HISTORY_KEEP_LATEST) : [first, ...history.slice(-HISTORY_KEEP_LATEST)],
    historyDropped: request.historyDropped + history.length - keep,
  };
}

/** What changes with a target's state; omitted fields keep their value. */
export interface TargetUpdate {
  readonly at: string;
  readonly detail?: string | null;
  readonly durationMs?: number | null;
  readonly location?: string | null;
}

/** Sets one target's state (and when, and optionally detail, duration and location); throws if the id is unknown. */
export function withTargetState(request: PublishRequest, id: string, state: TargetState, update: TargetUpdate): PublishRequest {
  const index = request.targets.findIndex((t) => t.id === id);
  if (index < 0) throw new RequestFormatError('targets', `has no target "${id}"; it has ${request.targets.map((t) => t.id).join(', ') || 'none'}`);
  const targets = request.targets.map(
    (t, i): Target =>
      i !== index
        ? t
        : {
            ...t,
            state,
            updatedAt: update.at,
            detail: update.detail === undefined ? t.detail : update.detail,
            durationMs: update.durationMs === undefined ? t.durationMs : update.durationMs,
            location: update.location === undefined ? t.location : update.location,
          },
  );
  return { ...request, targets };
}

/** Adds an approval. */
export function withApproval(request: PublishRequest, approval: Approval): PublishRequest {
  return { ...request, approvals: [...request.approvals, approval] };
}

/** Removes every approval (a void after a push or an edit). */
export function withoutApprovals(request: PublishRequest): PublishRequest {
  return { ...request, approvals: [] };
}

/** Sets or clears the hold. */
export function withHold(request: PublishRequest, hold: Hold | null): PublishRequest {
  return { ...request, hold };
}

/** Sets the lifecycle state. */
export function withState(request: PublishRequest, state: RequestState): PublishRequest {
  return { ...request, state };
}

/** Approvals that count: distinct logins approving the current release commit. */
export function effectiveApprovals(request: PublishRequest): Approval[] {
  const seen = new Set<string>();
  return request.approvals.filter((a) => {
    const key = a.login.toLowerCase();
    if (a.commit !== request.releaseCommit || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
