/**
 * Reading trees of files into the `files` map that `admin.createRepo` takes: the sample product
 * (with its placeholders filled), and this project's action, bundle and workflows.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

/** Every regular file under `dir`, keyed by its path relative to `dir` (with `/`), read as bytes. */
export async function readTree(dir: string, prefix = ''): Promise<Record<string, Buffer>> {
  const out: Record<string, Buffer> = {};
  const walk = async (current: string): Promise<void> => {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) out[`${prefix}${relative(dir, full).split('\\').join('/')}`] = await readFile(full);
    }
  };
  await walk(dir);
  return out;
}

/** Replaces `{{NAME}}` in the text files of a tree; an unknown placeholder is an error, not a silent blank. */
export function fillPlaceholders(files: Record<string, Buffer>, values: Readonly<Record<string, string>>): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const [path, content] of Object.entries(files)) {
    const text = content.toString('utf8');
    if (!text.includes('{{')) {
      out[path] = content;
      continue;
    }
    out[path] = Buffer.from(
      text.replace(/\{\{([A-Z0-9_]+)\}\}/g, (_all, name: string) => {
        const value = values[name];
        if (value === undefined) throw new Error(`world: ${path} uses the placeholder {{${name}}}, which the world does not provide`);
        return value;
      }),
    );
  }
  return out;
}

/** The project root (where package.json and action.yml live). */
export const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url)).replace(/\/$/, '');

/**
 * Quotes one-line `description:` values that contain `: ` (invalid YAML, "Nested mappings are not
 * allowed in compact mappings"), so a broken action.yml does not stop the whole world; the caller
 * reports that it had to. Returns null when the text parses as it is.
 */
export function repairActionYaml(text: string): { text: string; error: string } | null {
  try {
    parseYaml(text);
    return null;
  } catch (error) {
    const repaired = text.replace(/^(\s+description: )(?!['"|>])(.*: .*)$/gm, (_all, key: string, value: string) => `${key}${JSON.stringify(value)}`);
    parseYaml(repaired);
    return { text: repaired, error: (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '' };
  }
}

/** This project's files that make up the action as another repository sees it: action.yml, dist/ and the workflows. */
export async function actionFiles(distDir: string, warn: (message: string) => void = () => undefined): Promise<Record<string, Buffer>> {
  const manifest = await readFile(join(PROJECT_ROOT, 'action.yml'), 'utf8');
  const repaired = repairActionYaml(manifest);
  if (repaired !== null) warn(`action.yml is not valid YAML (${repaired.error}); the world quoted its description values so the flow can run. Fix action.yml.`);
  const files: Record<string, Buffer> = {
    'action.yml': Buffer.from(repaired?.text ?? manifest),
    ...(await readTree(distDir, 'dist/')),
    ...(await readTree(join(PROJECT_ROOT, '.github/workflows'), '.github/workflows/')),
  };
  if (!existsSync(join(distDir, 'package.json'))) {
    // ncc writes this file; without it the ESM bundle does not load.
    files['dist/package.json'] = Buffer.from('{"type":"module"}\n');
  }
  return files;
}
