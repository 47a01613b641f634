/**
 * Turns zod issues into messages a person can act on: what is wrong, the value that was given,
 * and what would be accepted. Zod's default wording names types, not fixes.
 */
import type { z } from 'zod';

/** A schema problem before it is tied to a file and line. */
export interface SchemaProblem {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** Edit distance counting a swap of two neighbours as one edit (typos like "nmp"); capped, only small distances matter. */
export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3 || a.length > 64 || b.length > 64) return a === b ? 0 : 4;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number): number => d[i]?.[j] ?? 0;
  for (let i = 1; i <= a.length; i += 1) {
    const row = d[i] ?? [];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      row[j] = best;
    }
  }
  return at(a.length, b.length);
}

/** The known word closest to `given`, if it is close enough to be a likely typo. */
export function closest(given: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = given.toLowerCase();
  for (const candidate of known) {
    const distance = candidate.toLowerCase() === lower ? 0 : editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(1, Math.floor(given.length / 3)) ? best : undefined;
}

/** ` (did you mean "x"?)` or '' */
export function didYouMean(given: string, known: readonly string[]): string {
  const match = closest(given, known);
  return match === undefined ? '' : ` (did you mean "${match}"?)`;
}

/** A short, safe rendering of any value for a message: never throws, never dumps a whole tree. */
export function preview(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null (an empty value)';
  if (typeof value === 'string') {
    const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    return JSON.stringify(shown);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return `${typeof value} ${String(value)}`;
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return 'a date';
  if (typeof value === 'object') return 'a mapping';
  return typeof value;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping (key: value lines)',
  record: 'a mapping (key: value lines)',
  tuple: 'a list',
};

/** Message for one unknown key, with a "did you mean" against the keys the object accepts. */
export function unknownKeyMessage(key: string, known: readonly string[]): string {
  return `unknown field ${JSON.stringify(key)}${didYouMean(key, known)}; remove it or use one of: ${known.join(', ')}`;
}

/** The per-parse error map: friendlier wording for the issues zod words by type. */
export const errorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = TYPE_WORDS[issue.expected] ?? issue.expected;
      if (issue.input === undefined) return `missing; this field is required (${expected})`;
      return `expected ${expected}, got ${preview(issue.input)}`;
    }
    case 'invalid_value': {
      const options = issue.values.map((v) => JSON.stringify(v));
      const hint = typeof issue.input === 'string' ? didYouMean(issue.input, issue.values.map(String)) : '';
      return `${preview(issue.input)} is not allowed${hint}; use one of: ${options.join(', ')}`;
    }
    case 'too_small':
      if (issue.origin === 'array') return `needs at least ${String(issue.minimum)} item${issue.minimum === 1 ? '' : 's'}`;
      if (issue.origin === 'string') return issue.minimum === 1 ? 'must not be empty' : `must be at least ${String(issue.minimum)} characters`;
      return `must be ${issue.inclusive ? 'at least' : 'more than'} ${String(issue.minimum)}`;
    case 'too_big':
      if (issue.origin === 'array') return `has more than ${String(issue.maximum)} items`;
      if (issue.origin === 'string') return `is longer than ${String(issue.maximum)} characters`;
      return `must be ${issue.inclusive ? 'at most' : 'less than'} ${String(issue.maximum)}`;
    case 'invalid_union':
      return `${preview(issue.input)} does not have any accepted form`;
    case 'invalid_key': {
      const inner = issue.issues.map((i) => i.message).filter(Boolean);
      return inner.length > 0 ? inner.join('; ') : `key ${preview(issue.input)} is not valid`;
    }
    default:
      return undefined;
  }
};

/**
 * Flattens zod issues into problems: an `unrecognized_keys` issue becomes one problem per key
 * (so each points at its own line), a union's inner issues are not repeated.
 */
export function toProblems(issues: readonly z.core.$ZodIssue[]): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      // strict() words one line per key, in key order (see fields.ts).
      const messages = issue.message.split('\n');
      issue.keys.forEach((key, index) => {
        problems.push({ path: [...issue.path, key], message: messages[index] ?? `unknown field ${JSON.stringify(key)}` });
      });
    } else {
      problems.push({ path: issue.path, message: issue.message });
    }
  }
  return problems;
}
