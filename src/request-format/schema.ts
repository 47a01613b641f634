/**
 * The publish request as data: zod schemas built on the grammar rules, and the inferred types.
 * The machine block of an issue body is exactly this object minus the changelog text (which
 * lives in the human part and is bound to the block by its sha256).
 */
import { z } from 'zod';
import { RequestFormatError } from './error.js';
import {
  artifactNameRule,
  commitShaRule,
  detailRule,
  httpUrlRule,
  locationRule,
  loginRule,
  ownerRule,
  packagePathRule,
  refNameRule,
  repoNameRule,
  ruleIdRule,
  serverUrlRule,
  sha256Rule,
  targetIdRule,
  timestampRule,
  versionRule,
  type Rule,
} from './grammar.js';

/** How many history entries a request keeps: the first one plus the latest HISTORY_KEEP_LATEST. */
export const HISTORY_KEEP_LATEST = 100;
/** Upper bounds that keep the non-changelog part of a body well under GitHub's limit. */
export const MAX_TARGETS = 64;
export const MAX_ARTIFACTS = 100;
export const MAX_APPROVALS = 20;
export const MAX_REQUIRED_APPROVALS = 10;

const grammar = (rule: Rule) =>
  z.string().superRefine((value, ctx) => {
    const problem = rule(value);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  });

const count = z
  .number()
  .int()
  .nonnegative()
  .max(Number.MAX_SAFE_INTEGER)
  .refine((n) => !Object.is(n, -0), 'must not be -0');

const CHANGELOG_BAD = /[\r\0]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Changelog text: any well-formed Unicode with LF line endings (see normalizeChangelog). */
export const changelogRule: Rule = (v) => {
  const at = v.search(CHANGELOG_BAD);
  if (at < 0) return null;
  const c = v.charCodeAt(at);
  if (c === 0x0d) return `contains a carriage return at position ${at + 1}; normalise line endings with normalizeChangelog()`;
  if (c === 0) return `contains a NUL character at position ${at + 1}`;
  return `contains an unpaired surrogate at position ${at + 1}`;
};

/** Makes any text a valid changelog: CRLF and lone CR become LF, NUL and unpaired surrogates become U+FFFD. */
export function normalizeChangelog(text: string): string {
  return String(text)
    .replace(/\r\n?/g, '\n')
    .replace(new RegExp(CHANGELOG_BAD.source, 'g'), '\uFFFD');
}

export const repoIdSchema = z.strictObject({ owner: grammar(ownerRule), repo: grammar(repoNameRule) });

export const targetStateSchema = z.enum(['pending', 'running', 'done', 'failed', 'skipped']);
export const requestStateSchema = z.enum(['open', 'parked-ci', 'publishing', 'published', 'failed', 'retracted', 'expired']);
export const historyEventSchema = z.enum([
  'requested',
  'updated',
  'approved',
  'approval-refused',
  'approval-voided',
  'held',
  'unheld',
  'ci-pending',
  'ci-passed',
  'ci-failed',
  'publishing',
  'target-published',
  'target-failed',
  'published',
  'merged',
  'merge-conflict',
  'retracted',
  'expired',
]);

export const targetSchema = z.strictObject({
  id: grammar(targetIdRule),
  state: targetStateSchema,
  updatedAt: grammar(timestampRule).nullable(),
  detail: grammar(detailRule).nullable(),
  durationMs: count.nullable(),
  location: grammar(locationRule).nullable(),
});

export const artifactSchema = z.strictObject({
  name: grammar(artifactNameRule),
  size: count,
  sha256: grammar(sha256Rule),
});

export const approvalSchema = z
  .strictObject({
    login: grammar(loginRule),
    at: grammar(timestampRule),
    commit: grammar(commitShaRule),
    via: z.enum(['label', 'comment', 'rule']),
    rule: grammar(ruleIdRule).nullable(),
  })
  .superRefine((a, ctx) => {
    if ((a.via === 'rule') !== (a.rule !== null)) {
      ctx.addIssue({ code: 'custom', path: ['rule'], message: 'names the auto-approve rule exactly when via is "rule"' });
    }
  });

export const holdSchema = z.strictObject({ by: grammar(loginRule), at: grammar(timestampRule) });

export const historyEntrySchema = z.strictObject({
  at: grammar(timestampRule),
  event: historyEventSchema,
  actor: grammar(loginRule).nullable(),
  detail: grammar(detailRule).nullable(),
});

const requestShape = {
  repo: repoIdSchema,
  path: grammar(packagePathRule).nullable(),
  version: grammar(versionRule),
  serverUrl: grammar(serverUrlRule),
  releaseBranch: grammar(refNameRule),
  releaseCommit: grammar(commitShaRule),
  previousTag: grammar(refNameRule).nullable(),
  mergeTarget: grammar(refNameRule).nullable(),
  requester: grammar(loginRule),
  requestedAt: grammar(timestampRule),
  workflowRunUrl: grammar(httpUrlRule).nullable(),
  state: requestStateSchema,
  requiredApprovals: z.number().int().min(1).max(MAX_REQUIRED_APPROVALS),
  approvals: z.array(approvalSchema).max(MAX_APPROVALS),
  hold: holdSchema.nullable(),
  targets: z.array(targetSchema).max(MAX_TARGETS),
  artifacts: z.array(artifactSchema).max(MAX_ARTIFACTS),
  history: z.array(historyEntrySchema).max(HISTORY_KEEP_LATEST + 1),
  historyDropped: count,
  changelogOmitted: count,
};

type Shape = typeof requestShape;

function crossChecks<T extends { serverUrl: string; workflowRunUrl: string | null; targets: { id: string }[]; artifacts: { name: string }[] }>(
  request: T,
  ctx: z.RefinementCtx,
): void {
  if (request.workflowRunUrl !== null && !request.workflowRunUrl.startsWith(`${request.serverUrl}/`)) {
    ctx.addIssue({ code: 'custom', path: ['workflowRunUrl'], message: `must be a link on ${request.serverUrl}` });
  }
  const ids = new Set<string>();
  request.targets.forEach((t, i) => {
    if (ids.has(t.id)) ctx.addIssue({ code: 'custom', path: ['targets', i, 'id'], message: `repeats the target id "${t.id}"` });
    ids.add(t.id);
  });
  const names = new Set<string>();
  request.artifacts.forEach((a, i) => {
    if (names.has(a.name)) ctx.addIssue({ code: 'custom', path: ['artifacts', i, 'name'], message: `repeats the artifact name "${a.name}"` });
    names.add(a.name);
  });
}

/** A publish request, as renderBody takes it and parseBody returns it. */
export const publishRequestSchema = z
  .strictObject({ ...requestShape, changelog: z.string().superRefine((v, ctx) => {
    const problem = changelogRule(v);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  }) })
  .superRefine(crossChecks);

/** What renderBody accepts: like a request, but any history length (rendering keeps the first and latest entries). */
export const publishRequestInputSchema = z
  .strictObject({
    ...requestShape,
    history: z.array(historyEntrySchema).max(100_000),
    changelog: z.string().superRefine((v, ctx) => {
      const problem = changelogRule(v);
      if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
    }),
  })
  .superRefine(crossChecks);

/** The JSON object of the machine block: the request without its changelog text, plus the changelog digest. */
export const machineSchema = z
  .strictObject({ ...(requestShape as Shape), changelogSha256: grammar(sha256Rule) })
  .superRefine(crossChecks);

export type RepoRef = z.infer<typeof repoIdSchema>;
export type TargetState = z.infer<typeof targetStateSchema>;
export type RequestState = z.infer<typeof requestStateSchema>;
export type HistoryEvent = z.infer<typeof historyEventSchema>;
export type Target = z.infer<typeof targetSchema>;
export type Artifact = z.infer<typeof artifactSchema>;
export type Approval = z.infer<typeof approvalSchema>;
export type Hold = z.infer<typeof holdSchema>;
export type HistoryEntry = z.infer<typeof historyEntrySchema>;
/** A publish request: the authoritative content of a request issue. */
export type PublishRequest = z.infer<typeof publishRequestSchema>;
export type MachineBlock = z.infer<typeof machineSchema>;

/** Validates a request (as handlers build it) without rendering; throws RequestFormatError naming the field. */
export function validateRequest(value: unknown, path = 'request'): PublishRequest {
  return parseWith(publishRequestSchema, value, path);
}

/** `['targets', 2, 'id']` → `targets[2].id`. */
function formatPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `.${String(key)}`;
  return out;
}

/** Parses with a schema, turning the first zod issue into a RequestFormatError under `prefix`. */
export function parseWith<T>(schema: z.ZodType<T>, value: unknown, prefix: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw new RequestFormatError(prefix, 'is not valid');
  return raise(formatPath(prefix, issue.path), issue.message);
}

function raise(path: string, message: string): never {
  throw new RequestFormatError(path, message);
}
