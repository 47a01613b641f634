/**
 * The control repo policy, `.github/publish-policy.yml`: who approves, how many approvals a
 * package needs, who may retract or hold, freeze windows, expiry, and which branches of a product
 * repo may be the merge target and the source of its publish config. It lives in the control
 * repo, which only release managers can write; product repos cannot loosen it.
 */
import { z } from 'zod';
import { botLogin, branchPattern, identity, repoPattern, strict, teamRef, text, userLogin } from './fields.js';
import { errorMap, preview, toProblems } from './issues.js';
import { compileBranchPattern, compileRepoPattern, isCanonicalFullName, isOwnerName, isRepoName, type RepoMatcher } from './repo-glob.js';

/** Someone a permission is granted to. `product-writers`: anyone with write access to the product repo. */
export type Grant =
  | { readonly kind: 'requester' }
  | { readonly kind: 'product-writers' }
  | { readonly kind: 'release-managers' }
  | { readonly kind: 'team'; readonly team: string }
  | { readonly kind: 'user'; readonly login: string };

const GRANT_WORDS = ['requester', 'product-writers', 'release-managers'] as const;
const GRANT_FORMS = `"requester", "product-writers", "release-managers", "team:org/slug" or "user:login"`;

const grant = z.string().transform((value, ctx): Grant => {
  if ((GRANT_WORDS as readonly string[]).includes(value)) return { kind: value as (typeof GRANT_WORDS)[number] };
  const forward = (schema: z.ZodType, input: string, make: () => Grant): Grant => {
    const result = schema.safeParse(input, { error: errorMap });
    if (result.success) return make();
    for (const problem of toProblems(result.error.issues)) ctx.addIssue({ code: 'custom', message: problem.message });
    return z.NEVER;
  };
  if (value.startsWith('team:')) return forward(teamRef, value.slice(5), () => ({ kind: 'team', team: value.slice(5) }));
  if (value.startsWith('user:')) return forward(userLogin, value.slice(5), () => ({ kind: 'user', login: value.slice(5) }));
  ctx.addIssue({ code: 'custom', message: `${preview(value)} is not a grant; use ${GRANT_FORMS}` });
  return z.NEVER;
});

const grantList = (defaults: string[]) => strict({ allow: z.array(grant).min(1).max(100) }, 'a mapping with an "allow:" list').prefault({ allow: defaults });

const isoDateTime = z.preprocess(
  // A `%YAML 1.1` file turns timestamps into dates; read them back as the same instant.
  (value) => (value instanceof Date ? value.toISOString() : value),
  z.iso.datetime({ offset: true, error: (issue) => `${preview(issue.input)} is not an ISO date-time with a time zone; write e.g. "2026-12-20T00:00:00Z" or "2026-12-20T09:00:00+01:00"` }),
);

/** Days of the week as written in weekly windows. */
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
/** A day of the week. */
export type Weekday = (typeof WEEKDAYS)[number];

const clockTime = z.string().regex(/^(?:[01][0-9]|2[0-3]):[0-5][0-9]$/, { error: (issue) => `${preview(issue.input)} is not a time; write HH:MM on a 24-hour clock, e.g. "18:30"` });

const timeZone = identity(
  'timezone',
  (value) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: value });
      return null;
    } catch {
      return 'is not a time zone; use "UTC" or an IANA name such as "Europe/Vienna"';
    }
  },
  'a time zone',
  64,
);

const windowCommon = { name: text(100), match: repoPattern.optional(), reason: text(500) };

const datedWindow = strict({ ...windowCommon, from: isoDateTime, to: isoDateTime }).superRefine((window, ctx) => {
  if (Date.parse(window.to) <= Date.parse(window.from)) ctx.addIssue({ code: 'custom', path: ['to'], message: `must be after "from" (${window.from})` });
});

const weeklyWindow = strict({
  ...windowCommon,
  weekly: strict({
    days: z.array(z.enum(WEEKDAYS)).min(1).max(7),
    from: clockTime,
    to: clockTime,
    timezone: timeZone.default('UTC'),
  }).superRefine((weekly, ctx) => {
    if (weekly.to < weekly.from) ctx.addIssue({ code: 'custom', path: ['to'], message: `is before "from" (${weekly.from}); a window ends on the day it starts: split an overnight freeze into two days` });
  }),
});

/** A freeze window: dated (`from` ≤ t < `to`) or weekly (listed days, `from` ≤ HH:MM ≤ `to`, in its time zone). */
export type FreezeWindow =
  | { readonly kind: 'dated'; readonly name: string; readonly reason: string; readonly match: string | null; readonly from: string; readonly to: string }
  | {
      readonly kind: 'weekly';
      readonly name: string;
      readonly reason: string;
      readonly match: string | null;
      readonly weekly: { readonly days: readonly Weekday[]; readonly from: string; readonly to: string; readonly timezone: string };
    };

const freezeWindow = z.unknown().transform((value, ctx): FreezeWindow => {
  const isWeekly = typeof value === 'object' && value !== null && 'weekly' in value;
  const result = (isWeekly ? weeklyWindow : datedWindow).safeParse(value, { error: errorMap });
  if (!result.success) {
    for (const problem of toProblems(result.error.issues)) ctx.addIssue({ code: 'custom', path: [...problem.path], message: problem.message });
    return z.NEVER;
  }
  const data = result.data as z.output<typeof weeklyWindow> | z.output<typeof datedWindow>;
  const common = { name: data.name, reason: data.reason, match: data.match ?? null };
  return 'weekly' in data ? { kind: 'weekly', ...common, weekly: data.weekly } : { kind: 'dated', ...common, from: data.from, to: data.to };
});

const repoKey = identity(
  'repository',
  (value) => {
    const [owner, repo, extra] = value.split('/');
    return extra === undefined && owner !== undefined && repo !== undefined && isOwnerName(owner) && isRepoName(repo) ? null : 'is not an exact owner/repo';
  },
  'owner/repo',
  140,
);

const policySchema = strict(
  {
    releaseBot: botLogin,
    approvers: strict({ teams: z.array(teamRef).max(50).default([]), users: z.array(userLogin).max(200).default([]) }).superRefine((approvers, ctx) => {
      if (approvers.teams.length + approvers.users.length === 0) ctx.addIssue({ code: 'custom', message: 'names nobody; list at least one team ("org/slug") or user who may approve' });
    }),
    approvals: strict({
      required: z.number().int().min(1).max(10).default(1),
      overrides: z.array(strict({ match: repoPattern, required: z.number().int().min(1).max(10) })).max(1000).default([]),
    }).default({ required: 1, overrides: [] }),
    allowSelfApproval: z.boolean().default(false),
    retract: grantList(['requester', 'release-managers']),
    hold: grantList(['requester', 'release-managers']),
    freezeWindows: z.array(freezeWindow).max(500).default([]),
    expiry: strict({ days: z.number().int().min(1).max(365) }).default({ days: 14 }),
    mergeTargets: z.record(repoKey, z.array(branchPattern).min(1).max(50)).default({}),
    reconcile: strict({
      /** Upper bound on requests one reconcile run looks at, so its API cost stays bounded. */
      maxRequestsPerRun: z.number().int().min(1).max(1000).default(100),
    }).default({ maxRequestsPerRun: 100 }),
  },
  'a mapping of settings (the file must start with keys such as "releaseBot:")',
);

/** The control repo policy, defaults filled. */
export interface PublishPolicy {
  readonly releaseBot: string;
  readonly approvers: { readonly teams: readonly string[]; readonly users: readonly string[] };
  readonly approvals: { readonly required: number; readonly overrides: readonly { readonly match: string; readonly required: number }[] };
  readonly allowSelfApproval: boolean;
  readonly retract: { readonly allow: readonly Grant[] };
  readonly hold: { readonly allow: readonly Grant[] };
  readonly freezeWindows: readonly FreezeWindow[];
  readonly expiry: { readonly days: number };
  /** Branches (globs) allowed as merge target and as the source of the publish config, by exact `owner/repo`. */
  readonly mergeTargets: ReadonlyMap<string, readonly string[]>;
  readonly reconcile: { readonly maxRequestsPerRun: number };
}

/** The schema of `.github/publish-policy.yml`, producing a PublishPolicy. */
export const policyFileSchema = policySchema.transform(
  (raw): PublishPolicy => ({
    ...raw,
    // A Map: repository names come from the file and must never reach an object's prototype.
    mergeTargets: new Map(Object.entries(raw.mergeTargets)),
  }),
);

const matcherCache = new WeakMap<object, RepoMatcher>();

function matcherFor(holder: object, pattern: string): RepoMatcher {
  let matcher = matcherCache.get(holder);
  if (!matcher) {
    matcher = compileRepoPattern(pattern);
    matcherCache.set(holder, matcher);
  }
  return matcher;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function localTime(at: Date, timezone: string): { day: Weekday; time: string } {
  let format = formatters.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: timezone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timezone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((part) => [part.type, part.value]));
  return { day: String(parts.weekday).slice(0, 3).toLowerCase() as Weekday, time: `${parts.hour}:${parts.minute}` };
}

/** Whether a window covers an instant (ignoring its `match`). */
export function windowCovers(window: FreezeWindow, at: Date): boolean {
  if (window.kind === 'dated') return Date.parse(window.from) <= at.getTime() && at.getTime() < Date.parse(window.to);
  const local = localTime(at, window.weekly.timezone);
  // `to` is inclusive to the end of its minute, so "23:59" closes the day.
  return window.weekly.days.includes(local.day) && window.weekly.from <= local.time && local.time <= window.weekly.to;
}

/**
 * The first freeze window covering `owner/repo[/path]` at an instant, if any. Fails closed: a
 * name that is not canonical (which no valid request has) is treated as matching every window.
 */
export function isFrozen(policy: PublishPolicy, fullName: string, at: Date): { frozen: true; window: FreezeWindow } | { frozen: false } {
  const canonical = isCanonicalFullName(fullName);
  for (const window of policy.freezeWindows) {
    if (canonical && window.match !== null && !matcherFor(window, window.match)(fullName)) continue;
    if (windowCovers(window, at)) return { frozen: true, window };
  }
  return { frozen: false };
}

/**
 * Distinct approvals `owner/repo[/path]` needs: the first matching override, else the default.
 * Fails closed: a name that is not canonical needs the largest number any override asks for.
 */
export function requiredApprovalsFor(policy: PublishPolicy, fullName: string): number {
  if (!isCanonicalFullName(fullName)) return Math.max(policy.approvals.required, ...policy.approvals.overrides.map((o) => o.required));
  for (const override of policy.approvals.overrides) {
    if (matcherFor(override, override.match)(fullName)) return override.required;
  }
  return policy.approvals.required;
}

/** When a request opened at `requestedAt` (a Date or an ISO string, as the machine block has it) expires. */
export function expiresAt(policy: PublishPolicy, requestedAt: Date | string): Date {
  return new Date(new Date(requestedAt).getTime() + policy.expiry.days * 24 * 60 * 60 * 1000);
}

/**
 * Whether `branch` of `owner/repo` may be a merge target and the source of its publish config.
 * The default branch is always allowed; the caller decides that, since only GitHub knows it.
 */
export function isMergeTargetAllowed(policy: PublishPolicy, repoFullName: string, branch: string): boolean {
  const patterns = policy.mergeTargets.get(repoFullName);
  return patterns !== undefined && patterns.some((pattern) => compileBranchPattern(pattern)(branch));
}

/** Whether a grant list names a kind of person (for callers that check `requester` etc. first). */
export function grants(list: readonly Grant[], kind: Grant['kind']): boolean {
  return list.some((grant) => grant.kind === kind);
}
