/**
 * The sandbox secrets (or variables) file: YAML or JSON with `repo` and `environments` maps, read
 * and checked once, with errors that name the offending key.
 */
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { ScopedValues } from './types.js';

const values = z.record(z.string(), z.string());
const schema = z.strictObject({ repo: z.record(z.string(), values).default({}), environments: z.record(z.string(), values).default({}) });

/** Parses the text of a secrets file; throws naming the path and the problem. */
export function parseScopedValues(text: string, source = 'secrets file'): ScopedValues {
  const result = schema.safeParse(parseYaml(text) ?? {});
  const problems = result.success ? [] : result.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
  if (result.success) {
    for (const key of Object.keys(result.data.repo)) if (!/^[^/\s]+\/[^/\s]+$/.test(key)) problems.push(`repo.${key}: keys must be owner/repo`);
    for (const key of Object.keys(result.data.environments)) {
      if (!/^[^/\s]+\/[^/\s:]+:.+$/.test(key)) problems.push(`environments.${key}: keys must be owner/repo:environment`);
    }
  }
  if (!result.success || problems.length > 0) {
    throw new Error(`${source} is invalid:\n${problems.join('\n')}\nExpected { repo: { 'owner/repo': { NAME: value } }, environments: { 'owner/repo:env': { NAME: value } } }`);
  }
  return result.data;
}

/** Reads a secrets (or vars) file from disk. */
export async function readScopedValues(path: string): Promise<ScopedValues> {
  return parseScopedValues(await readFile(path, 'utf8'), path);
}
