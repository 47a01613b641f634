/**
 * Bundles a bench entry with ncc (the tool that builds the action) into a cache folder under the
 * system temp dir, keyed by the sources, so a child process runs plain `node` on production-like
 * code: no TypeScript loader in its memory or start-up. Never writes dist/.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The project root (bench/lib/../..). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

async function hashTree(hash: ReturnType<typeof createHash>, dir: string): Promise<void> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) await hashTree(hash, full);
    else if (entry.isFile()) hash.update(relative(ROOT, full)).update('\0').update(await readFile(full)).update('\0');
  }
}

/**
 * Builds `entry` (relative to the root; it may import only src/ and packages) with ncc, once per
 * content of src/, the entry, bench/tsconfig.json and the lock file; returns the folder holding index.js.
 */
export async function buildEntry(entry: string, log: (line: string) => void = () => undefined): Promise<string> {
  const hash = createHash('sha256').update(entry).update('\0');
  await hashTree(hash, join(ROOT, 'src'));
  for (const file of [entry, 'bench/tsconfig.json', 'package-lock.json']) hash.update(await readFile(join(ROOT, file))).update('\0');
  const dir = join(tmpdir(), `publish-approval-bench-${hash.digest('hex').slice(0, 16)}`);
  if (existsSync(join(dir, 'index.js'))) return dir;
  log(`bench: building ${entry} with ncc into ${dir} ...`);
  const staging = `${dir}.tmp-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await run(process.execPath, [join(ROOT, 'node_modules/@vercel/ncc/dist/ncc/cli.js'), 'build', entry, '-o', staging, '--quiet', '--transpile-only'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
  await rename(staging, dir).catch(async () => rm(staging, { recursive: true, force: true }));
  return dir;
}
