/**
 * The one entry point for config files: YAML text in, a typed config (plus warnings) out, or a
 * ConfigError that lists every problem with its line. Nothing is acted on before this returns.
 */
import type { z } from 'zod';
import { ConfigError, formatPath, type ConfigProblem } from './config-error.js';
import { errorMap, toProblems } from './issues.js';
import { parseYamlSource } from './yaml-source.js';
import { craftIgnoredFieldWarnings, publishConfigFileSchema, type PublishConfig } from './publish-config.js';
import { autoApproveFileSchema, type AutoApproveConfig } from './auto-approve.js';
import { policyFileSchema, type PublishPolicy } from './policy.js';

/** The three config files. */
export const CONFIG_KINDS = ['craft', 'auto-approve', 'policy'] as const;
/** Which config file a text is. */
export type ConfigKind = (typeof CONFIG_KINDS)[number];

/** The typed config of each kind. */
export interface ConfigByKind {
  craft: PublishConfig;
  'auto-approve': AutoApproveConfig;
  policy: PublishPolicy;
}

/** A loaded config and the warnings about fields accepted but ignored. */
export interface LoadedConfig<K extends ConfigKind> {
  readonly kind: K;
  readonly config: ConfigByKind[K];
  readonly warnings: readonly ConfigProblem[];
}

const SCHEMAS: { [K in ConfigKind]: z.ZodType<ConfigByKind[K]> } = {
  craft: publishConfigFileSchema,
  'auto-approve': autoApproveFileSchema,
  policy: policyFileSchema,
};

/** The usual file name of each kind, as the docs and messages name it. */
export const CONFIG_FILE_NAMES: Readonly<Record<ConfigKind, string>> = {
  craft: '.craft.yml',
  'auto-approve': 'auto-approve.yml',
  policy: '.github/publish-policy.yml',
};

/**
 * The kind a file name implies, or null: `.craft.yml`, `auto-approve.yml`, `publish-policy.yml`
 * (`.yaml` too), also with a prefix ending in a dot (`sdk.craft.yml`, `staging.auto-approve.yml`).
 */
export function inferConfigKind(fileName: string): ConfigKind | null {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const is = (name: string) => ['.yml', '.yaml'].some((ext) => base === `${name}${ext}` || base.endsWith(`.${name}${ext}`));
  if (is('craft') || base === '.craft.yml' || base === '.craft.yaml') return 'craft';
  if (is('auto-approve')) return 'auto-approve';
  if (is('publish-policy')) return 'policy';
  return null;
}

/**
 * The largest file of each kind. A product repo controls its `.craft.yml` and the publish job parses
 * it, and the YAML parser needs seconds for a megabyte of syntax errors, so that file is kept small;
 * the control repo's own files (written by release managers) may hold 10,000 rules.
 */
const MAX_BYTES: Record<ConfigKind, number> = { craft: 256 * 1024, policy: 256 * 1024, 'auto-approve': 4 * 1024 * 1024 };

/** Parses and validates one config file. Throws ConfigError (and nothing else) when it is not valid. */
export function loadConfigText<K extends ConfigKind>(kind: K, text: string, fileName: string): LoadedConfig<K> {
  const source = parseYamlSource(text, fileName, MAX_BYTES[kind]);
  if (source.data === null || source.data === undefined) {
    throw new ConfigError(fileName, [{ file: fileName, line: null, path: '(top level)', message: `the file is empty; see ${CONFIG_FILE_NAMES[kind]} in docs/config.md for what it must contain` }]);
  }
  const schema = SCHEMAS[kind] as z.ZodType<ConfigByKind[K]>;
  const result = schema.safeParse(source.data, { error: errorMap });
  if (!result.success) {
    const problems = toProblems(result.error.issues).map((problem) => ({ file: fileName, line: source.lineOf(problem.path), path: formatPath(problem.path), message: problem.message }));
    problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    throw new ConfigError(fileName, problems);
  }
  const warnings = kind === 'craft' ? craftIgnoredFieldWarnings(source.data).map((w) => ({ file: fileName, line: source.lineOf(w.path), path: formatPath(w.path), message: w.message })) : [];
  return { kind, config: result.data, warnings };
}
