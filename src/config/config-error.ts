/**
 * The one error a config file produces: every problem found, each with its file, line and field,
 * so that a person fixes the whole file in one pass instead of one error per run.
 */
import { ValidationError } from '../errors.js';

/** One problem (or warning) in a config file. `line` is 1-based; null when no line applies. */
export interface ConfigProblem {
  readonly file: string;
  readonly line: number | null;
  /** The field, written as in the docs: `targets[1].name`; `(top level)` for the whole file. */
  readonly path: string;
  readonly message: string;
}

/** Where config documentation lives, quoted in every fix. */
export const CONFIG_DOCS = 'docs/config.md';

/** Renders `file:line: path: message`, the form editors and annotations understand. */
export function formatProblem(problem: ConfigProblem): string {
  const where = problem.line === null ? problem.file : `${problem.file}:${problem.line}`;
  return `${where}: ${problem.path}: ${problem.message}`;
}

/** A config file that is not valid. Lists every problem; loading it changed nothing. */
export class ConfigError extends ValidationError {
  override readonly name: string = 'ConfigError';
  constructor(
    readonly file: string,
    readonly problems: readonly ConfigProblem[],
    fix = `Correct each field listed above in ${file} (${CONFIG_DOCS} describes every field and its default); nothing was changed.`,
  ) {
    super(
      'E_CONFIG_INVALID',
      `${file} is not valid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`,
      problems[0]?.path ?? '(top level)',
      fix,
    );
  }
}

/** Writes a zod-style path the way the docs name fields: `targets[1].name`, `mergeTargets["acme/app"]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}
