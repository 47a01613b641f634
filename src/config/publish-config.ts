/**
 * The product publish config: `.craft.yml` at the product repo root, a Craft-compatible subset so
 * teams moving from Craft keep their file. The control repo reads it from the default branch or
 * an allowed merge target, never from the release branch (the requester controls that content).
 */
import { z } from 'zod';
import { didYouMean, errorMap, preview, toProblems } from './issues.js';
import { identity, namePattern, repoFilePath, strict, text } from './fields.js';
import { isTargetName, KNOWN_TARGETS, TARGET_OPTION_SHAPES, type TargetName, type TargetOptions } from './target-options.js';

/** Craft fields we accept so a Craft file loads, but do not act on; each gets a warning saying why. */
export const CRAFT_IGNORED_FIELDS: Readonly<Record<string, string>> = {
  minVersion: 'Craft version pinning does not apply here',
  github: 'the repository is taken from the publish request, not from the file',
  postReleaseCommand: 'the control repo never runs product commands after publishing (it holds the secrets)',
  aiSummaries: 'changelog summaries are not generated',
};

const TARGET_BASE = ['name', 'id', 'includeNames', 'excludeNames'] as const;

const targetIdPart = identity('id', /^[^[\]\s]+$/, 'a target id without "[" or "]", e.g. "@acme/core"', 214);

const fullTargetSchemas = Object.fromEntries(
  KNOWN_TARGETS.map((name) => [name, strict({ name: z.literal(name), id: targetIdPart.optional(), includeNames: namePattern.optional(), excludeNames: namePattern.optional(), ...TARGET_OPTION_SHAPES[name] })]),
) as unknown as Record<TargetName, z.ZodType<Record<string, unknown>>>;

/** One configured target. `targetId` is `name` or `name[id]`, as the request's checklist shows it. */
export type TargetConfig = {
  [N in TargetName]: {
    readonly name: N;
    readonly id: string | null;
    readonly targetId: string;
    readonly includeNames: RegExp | null;
    readonly excludeNames: RegExp | null;
    readonly options: TargetOptions<N>;
  };
}[TargetName];

const targetEntry = z.unknown().transform((value, ctx): TargetConfig => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    ctx.addIssue({ code: 'custom', message: `expected a mapping with at least "name:" (one of ${KNOWN_TARGETS.join(', ')}), got ${preview(value)}` });
    return z.NEVER;
  }
  const name: unknown = (value as Record<string, unknown>).name;
  if (name === undefined) {
    ctx.addIssue({ code: 'custom', path: ['name'], message: `missing; every target needs a name: one of ${KNOWN_TARGETS.join(', ')}` });
    return z.NEVER;
  }
  if (typeof name !== 'string' || !isTargetName(name)) {
    const shown = typeof name === 'string' ? JSON.stringify(name) : preview(name);
    ctx.addIssue({ code: 'custom', path: ['name'], message: `unknown target ${shown}; known targets: ${KNOWN_TARGETS.join(', ')}${typeof name === 'string' ? didYouMean(name, KNOWN_TARGETS) : ''}` });
    return z.NEVER;
  }
  const result = fullTargetSchemas[name].safeParse(value, { error: errorMap });
  if (!result.success) {
    for (const problem of toProblems(result.error.issues)) ctx.addIssue({ code: 'custom', path: [...problem.path], message: problem.message });
    return z.NEVER;
  }
  const { id, includeNames, excludeNames, ...rest } = result.data;
  const options = Object.fromEntries(Object.entries(rest).filter(([key]) => !(TARGET_BASE as readonly string[]).includes(key)));
  const idText = typeof id === 'string' ? id : null;
  return {
    name,
    id: idText,
    targetId: idText === null ? name : `${name}[${idText}]`,
    includeNames: includeNames instanceof RegExp ? includeNames : null,
    excludeNames: excludeNames instanceof RegExp ? excludeNames : null,
    options,
  } as TargetConfig;
});

/** Changelog policies: `none`, `simple` (the version's section must exist), `auto` (generated from commits). */
export const changelogPolicySchema = z.enum(['none', 'simple', 'auto']);
/** A changelog policy name. */
export type ChangelogPolicy = z.output<typeof changelogPolicySchema>;

const changelogObject = strict(
  {
    filePath: repoFilePath.optional(),
    // Older Craft versions spelled the file `path`; both are read, one at a time.
    path: repoFilePath.optional(),
    policy: changelogPolicySchema.optional(),
  },
  'a file path (e.g. "CHANGELOG.md") or a mapping with filePath and policy',
);

const changelogField = z.preprocess((value) => (typeof value === 'string' ? { filePath: value } : value), changelogObject);

/** Calendar version formats that yield a semver-shaped version once the patch number is added. */
export const CALVER_FORMATS = ['%y.%-m', '%Y.%-m'] as const;

const versioningSchema = strict({
  /** manual: an explicit version or bump keyword is required; auto: conventional commits; calver: calendar. */
  policy: z.enum(['manual', 'auto', 'calver']).default('manual'),
  calver: strict({
    format: z
      .string()
      .refine((value) => (CALVER_FORMATS as readonly string[]).includes(value), {
        error: (issue) => `calendar format ${preview(issue.input)} is not supported; use one of: ${CALVER_FORMATS.join(', ')} (zero-padded months such as %m would make invalid semver like 26.01.0)`,
      })
      .default('%y.%-m'),
    /** Days subtracted from today before formatting (a release early in a month belongs to the previous one). */
    offset: z.number().int().min(0).max(366).default(14),
  }).default({ format: '%y.%-m', offset: 14 }),
});

const commandText = z
  .string()
  .min(1)
  .max(1024)
  .refine((value) => /^[\x20-\x7e]+$/.test(value), 'must be one line of printable ASCII (no newlines, tabs or non-ASCII characters)');

const publishConfigSchema = strict({
  targets: z
    .array(targetEntry)
    .min(1)
    .max(100)
    .superRefine(
      (targets, ctx) => {
        // Runs even when an entry failed (when: always), so duplicates are reported with the other
        // problems; it then sees raw or aborted values, hence the shape checks.
        if (!Array.isArray(targets)) return;
        const seen = new Map<string, number>();
        targets.forEach((target, index) => {
          if (typeof target !== 'object' || target === null || !('targetId' in target)) return;
          const first = seen.get(target.targetId);
          if (first === undefined) seen.set(target.targetId, index);
          else ctx.addIssue({ code: 'custom', path: [index, target.id === null ? 'name' : 'id'], message: `duplicate target id "${target.targetId}" (also targets[${first}]); give each ${target.name} target a distinct "id:"` });
        });
      },
      { when: () => true },
    ),
  releaseBranchPrefix: identity(
    'releaseBranchPrefix',
    (value) => (/^[A-Za-z0-9_-]+(?:[./][A-Za-z0-9_-]+)*$/.test(value) && !value.endsWith('.lock') ? null : 'is not a valid branch prefix (letters, digits, "_-" with single "." or "/" between them)'),
    'a branch prefix such as "release"',
    100,
  ).default('release'),
  changelog: changelogField.optional(),
  changelogPolicy: changelogPolicySchema.optional(),
  preReleaseCommand: commandText.nullable().optional(),
  artifactProvider: strict({ name: z.enum(['github', 'none']) }, 'a mapping such as "{ name: github }"').default({ name: 'github' }),
  statusProvider: strict({ name: z.literal('github'), config: strict({ contexts: z.array(text(256)).max(100).optional() }).optional() }, 'a mapping such as "{ name: github }"').default({
    name: 'github',
  }),
  requireNames: z.array(namePattern).max(100).default([]),
  versioning: versioningSchema.default({ policy: 'manual', calver: { format: '%y.%-m', offset: 14 } }),
  tagPrefix: identity('tagPrefix', /^[A-Za-z0-9._@/-]*$/, 'letters, digits and "._@/-", e.g. "core@" or "core-v"', 64, true).default(''),
  minVersion: z.unknown().optional(),
  github: z.unknown().optional(),
  postReleaseCommand: z.unknown().optional(),
  aiSummaries: z.unknown().optional(),
}, 'a mapping of settings (the file must start with keys such as "targets:")').superRefine(
  (config, ctx) => {
    const changelog = config.changelog;
    if (changelog?.filePath !== undefined && changelog.path !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['changelog', 'path'], message: 'both "filePath" and "path" are set; keep only "filePath"' });
    }
    if (changelog?.policy !== undefined && config.changelogPolicy !== undefined && changelog.policy !== config.changelogPolicy) {
      ctx.addIssue({ code: 'custom', path: ['changelogPolicy'], message: `says "${config.changelogPolicy}" but changelog.policy says "${changelog.policy}"; keep only changelog.policy` });
    }
  },
);

/** The product publish config, defaults filled. */
export interface PublishConfig {
  readonly targets: readonly TargetConfig[];
  readonly releaseBranchPrefix: string;
  readonly changelog: { readonly filePath: string; readonly policy: ChangelogPolicy };
  /** The bump command; null when absent (the request code then looks for `scripts/bump-version.sh`). */
  readonly preReleaseCommand: string | null;
  readonly artifactProvider: { readonly name: 'github' | 'none' };
  readonly statusProvider: { readonly name: 'github'; readonly contexts: readonly string[] | null };
  readonly requireNames: readonly RegExp[];
  readonly versioning: { readonly policy: 'manual' | 'auto' | 'calver'; readonly calver: { readonly format: (typeof CALVER_FORMATS)[number]; readonly offset: number } };
  readonly tagPrefix: string;
}

/** The schema of `.craft.yml`, producing a PublishConfig. */
export const publishConfigFileSchema = publishConfigSchema.transform(
  (raw): PublishConfig => ({
    targets: raw.targets,
    releaseBranchPrefix: raw.releaseBranchPrefix,
    changelog: {
      filePath: raw.changelog?.filePath ?? raw.changelog?.path ?? 'CHANGELOG.md',
      policy: raw.changelog?.policy ?? raw.changelogPolicy ?? 'none',
    },
    preReleaseCommand: raw.preReleaseCommand ?? null,
    artifactProvider: raw.artifactProvider,
    statusProvider: { name: raw.statusProvider.name, contexts: raw.statusProvider.config?.contexts ?? null },
    requireNames: raw.requireNames,
    versioning: { policy: raw.versioning.policy, calver: { format: raw.versioning.calver.format as (typeof CALVER_FORMATS)[number], offset: raw.versioning.calver.offset } },
    tagPrefix: raw.tagPrefix,
  }),
);

/** Warnings for the Craft fields present in the raw data that are accepted and ignored. */
export function craftIgnoredFieldWarnings(data: unknown): { path: string[]; message: string }[] {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return [];
  return Object.keys(data)
    .filter((key) => Object.prototype.hasOwnProperty.call(CRAFT_IGNORED_FIELDS, key))
    .map((key) => ({ path: [key], message: `accepted for Craft compatibility and ignored: ${CRAFT_IGNORED_FIELDS[key]}` }));
}
