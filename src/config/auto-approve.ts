/**
 * `auto-approve.yml`: the ordered rules under which the release bot approves a request without a
 * person. Security reasoning: a rule removes the human from the loop, so every rule also
 * requires that the release bot opened the request (a person can type any title), names are
 * compared in canonical form only, and a request that is close to a rule but not on it is
 * refused with the reason, never matched.
 */
import semver from 'semver';
import { z } from 'zod';
import { identity, repoPattern, strict, text } from './fields.js';
import { fullNameOf, isCanonicalFullName, isExactPattern, repoPatternRegex, requiredLiteral, type RepoRef } from './repo-glob.js';

/** Bump kinds, smallest first. */
export const BUMP_KINDS = ['patch', 'minor', 'major'] as const;
/** How large a version step is. */
export type BumpKind = (typeof BUMP_KINDS)[number];

const targetPattern = identity(
  'target',
  (value) => (/^[a-z*][a-z0-9*]*(?:\[[^[\]\s]+\])?$/.test(value) ? null : 'is not a target id or glob such as "github", "npm[@acme/*]" or "npm[*]"'),
  'a target id or glob',
  230,
);

const semverRange = z
  .string()
  .max(200)
  .superRefine((value, ctx) => {
    if (!/^[\x20-\x7e]+$/.test(value)) return void ctx.addIssue({ code: 'custom', message: `range ${JSON.stringify(value.slice(0, 80))} must be printable ASCII` });
    if (semver.validRange(value) === null) ctx.addIssue({ code: 'custom', message: `${JSON.stringify(value)} is not a semver range; write it as e.g. ">=1.0.0 <2.0.0" or "^1.4.0"` });
  });

const ruleSchema = strict({
  /** Stable, kebab-case: named in the approval comment and the audit trail. */
  id: identity('rule id', /^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'kebab-case (lower-case letters and digits joined by single "-")', 64),
  description: text(500),
  match: repoPattern,
  versions: semverRange.optional(),
  maxBump: z.enum(BUMP_KINDS).optional(),
  targets: z.array(targetPattern).min(1).max(100).optional(),
});

/** One auto-approve rule as written in the file. */
export type AutoApproveRule = z.output<typeof ruleSchema>;

/** The parsed `auto-approve.yml`. */
export interface AutoApproveConfig {
  readonly rules: readonly AutoApproveRule[];
}

/** The schema of `auto-approve.yml`. */
export const autoApproveFileSchema: z.ZodType<AutoApproveConfig> = strict(
  {
    rules: z
      .array(ruleSchema)
      .max(20_000)
      .superRefine(
        (rules, ctx) => {
          // Runs even when a rule failed (when: always): it may see raw values, hence the shape checks.
          if (!Array.isArray(rules)) return;
          const seen = new Map<string, number>();
          rules.forEach((rule, index) => {
            if (typeof rule !== 'object' || rule === null || typeof rule.id !== 'string') return;
            const first = seen.get(rule.id);
            if (first === undefined) seen.set(rule.id, index);
            else ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `duplicate rule id "${rule.id}" (also rules[${first}]); ids name the rule in approval comments and must be unique` });
          });
        },
        { when: () => true },
      ),
  },
  'a mapping with a "rules:" list',
);

/** What auto-approval needs to know about a request. */
export interface AutoApprovalRequest {
  readonly repo: RepoRef;
  readonly path: string | null;
  readonly version: string;
  /** The latest released version of this package, or null for a first release. */
  readonly previousVersion: string | null;
  /** Target ids of the request, e.g. `github`, `npm[@acme/core]`. */
  readonly targets: readonly string[];
  /** Login of the account that opened the request. */
  readonly author: string;
}

/** The decision: which rule approved, or why none did. */
export type AutoApprovalDecision = { readonly approved: true; readonly rule: AutoApproveRule } | { readonly approved: false; readonly reasons: readonly string[] };

interface CompiledRule {
  readonly index: number;
  readonly rule: AutoApproveRule;
  /** The glob's expression; null for an exact name. Only ever run on canonical names. */
  readonly regex: RegExp | null;
  /** A substring every match contains: tested before the regular expression, which costs more. */
  readonly literal: string;
  readonly targetTests: readonly ((targetId: string) => boolean)[] | null;
}

/** Rules compiled once: exact names indexed, globs compiled and bucketed by owner, for fast repeated decisions. */
export interface CompiledRules {
  readonly rules: readonly AutoApproveRule[];
  readonly exact: ReadonlyMap<string, readonly CompiledRule[]>;
  /** Globs whose owner segment is literal, by owner: a request only tries its owner's globs. */
  readonly globsByOwner: ReadonlyMap<string, readonly CompiledRule[]>;
  /** Globs with a wildcard in the owner segment. */
  readonly globsAnyOwner: readonly CompiledRule[];
  /** Rules by the lower-cased literal `owner/repo` of their pattern: only to explain near misses. */
  readonly byRepoLower: ReadonlyMap<string, readonly CompiledRule[]>;
}

function compileTargetPattern(pattern: string): (targetId: string) => boolean {
  if (!pattern.includes('*')) return (targetId) => targetId === pattern;
  // Only `*` is special in target globs: `[` and `]` are literal because ids look like npm[@scope/pkg].
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    .join('.*');
  const regex = new RegExp(`^${source}$`);
  return (targetId) => regex.test(targetId);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Compiles rules once; pass the result to decideAutoApproval for every request. */
export function compileRules(rules: readonly AutoApproveRule[]): CompiledRules {
  const exact = new Map<string, CompiledRule[]>();
  const globsByOwner = new Map<string, CompiledRule[]>();
  const globsAnyOwner: CompiledRule[] = [];
  const byRepoLower = new Map<string, CompiledRule[]>();
  rules.forEach((rule, index) => {
    const isExact = isExactPattern(rule.match);
    const compiled: CompiledRule = { index, rule, regex: isExact ? null : repoPatternRegex(rule.match), literal: requiredLiteral(rule.match), targetTests: rule.targets ? rule.targets.map(compileTargetPattern) : null };
    const [owner = '', repo = ''] = rule.match.split('/');
    if (isExact) push(exact, rule.match, compiled);
    else if (isExactPattern(owner)) push(globsByOwner, owner, compiled);
    else globsAnyOwner.push(compiled);
    if (isExactPattern(`${owner}/${repo}`)) push(byRepoLower, `${owner}/${repo}`.toLowerCase(), compiled);
  });
  return { rules, exact, globsByOwner, globsAnyOwner, byRepoLower };
}

const compiledCache = new WeakMap<readonly AutoApproveRule[], CompiledRules>();

function isCompiled(rules: readonly AutoApproveRule[] | CompiledRules): rules is CompiledRules {
  return !Array.isArray(rules) && 'exact' in rules;
}

/** The kind of step from `previous` to `next`, or null when `next` is not greater. */
export function bumpKind(previous: string, next: string): BumpKind | null {
  if (!semver.gt(next, previous)) return null;
  const diff = semver.diff(previous, next);
  if (diff === 'major' || diff === 'premajor') return 'major';
  if (diff === 'minor' || diff === 'preminor') return 'minor';
  return 'patch';
}

function ruleFailure(compiled: CompiledRule, request: AutoApprovalRequest): string | null {
  const { rule } = compiled;
  if (rule.versions !== undefined && !semver.satisfies(request.version, rule.versions)) {
    return `version ${request.version} is outside ${JSON.stringify(rule.versions)}`;
  }
  if (rule.maxBump !== undefined) {
    if (request.previousVersion === null) return `first release (no previous version): rule allows at most ${rule.maxBump} bumps`;
    if (semver.valid(request.previousVersion) === null) return `previous version ${JSON.stringify(request.previousVersion)} is not semver, so the bump cannot be measured`;
    const kind = bumpKind(request.previousVersion, request.version);
    if (kind === null) return `${request.version} is not greater than the previous ${request.previousVersion}`;
    if (BUMP_KINDS.indexOf(kind) > BUMP_KINDS.indexOf(rule.maxBump)) return `${request.previousVersion} → ${request.version} is a ${kind} bump; rule allows at most ${rule.maxBump}`;
  }
  if (compiled.targetTests !== null) {
    const tests = compiled.targetTests;
    const outside = request.targets.filter((target) => !tests.some((test) => test(target)));
    if (outside.length > 0) return `target${outside.length === 1 ? '' : 's'} ${outside.map((t) => JSON.stringify(t)).join(', ')} not in the rule's targets (${(rule.targets ?? []).join(', ')})`;
  }
  return null;
}

const MAX_REASONS = 5;

/**
 * Decides whether the release bot may approve a request, and says which rule decided or why
 * none did. The first rule in file order that fully matches wins.
 */
export function decideAutoApproval(rules: readonly AutoApproveRule[] | CompiledRules, request: AutoApprovalRequest, releaseBot: string): AutoApprovalDecision {
  let compiled: CompiledRules;
  if (isCompiled(rules)) compiled = rules;
  else {
    compiled = compiledCache.get(rules) ?? compileRules(rules);
    compiledCache.set(rules, compiled);
  }
  if (request.author !== releaseBot) {
    return { approved: false, reasons: [`opened by @${request.author}, not by the release bot @${releaseBot}: only requests the bot opened can be auto-approved`] };
  }
  const fullName = fullNameOf(request.repo, request.path);
  if (!isCanonicalFullName(fullName)) {
    return { approved: false, reasons: [`${JSON.stringify(fullName)} is not a canonical owner/repo[/path] (spaces, slashes or non-ASCII characters), so no rule can match`] };
  }
  if (semver.valid(request.version) === null) {
    return { approved: false, reasons: [`version ${JSON.stringify(request.version)} is not semver`] };
  }
  // The name is canonical from here on, so the glob expressions see only plain ASCII names.
  const globMatches = (rule: CompiledRule) => rule.regex !== null && fullName.includes(rule.literal) && rule.regex.test(fullName);
  const candidates = [
    ...(compiled.exact.get(fullName) ?? []),
    ...(compiled.globsByOwner.get(request.repo.owner) ?? []).filter(globMatches),
    ...compiled.globsAnyOwner.filter(globMatches),
  ].sort((a, b) => a.index - b.index);
  const reasons: string[] = [];
  for (const candidate of candidates) {
    const failure = ruleFailure(candidate, request);
    if (failure === null) return { approved: true, rule: candidate.rule };
    if (reasons.length < MAX_REASONS) reasons.push(`rule "${candidate.rule.id}": ${failure}`);
  }
  if (candidates.length === 0) {
    reasons.push(`no rule matches ${fullName}`);
    const repoKey = `${request.repo.owner}/${request.repo.repo}`.toLowerCase();
    for (const near of compiled.byRepoLower.get(repoKey) ?? []) {
      if (reasons.length > MAX_REASONS) break;
      reasons.push(`rule "${near.rule.id}" matches ${JSON.stringify(near.rule.match)}, not ${JSON.stringify(fullName)} (names are compared exactly: case, path and every character count)`);
    }
  }
  return { approved: false, reasons };
}
