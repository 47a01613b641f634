/**
 * Where the world gets the action bundle from: the committed `dist/` when it is there (what a
 * product would run), else a fresh build of `src/` into a cache folder keyed by the sources,
 * so `npm start` and the e2e tests also work in a tree whose `dist/` has not been built yet.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from './files.js';

const run = promisify(execFile);

/** Where the bundle came from, for the log. */
export interface ActionBundle {
  readonly dir: string;
  readonly source: 'dist' | 'built' | 'cached' | 'given';
}

async function hashSources(): Promise<string> {
  const hash = createHash('sha256');
  const walk = async (dir: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) hash.update(relative(PROJECT_ROOT, full)).update('\0').update(await readFile(full)).update('\0');
    }
  };
  await walk(join(PROJECT_ROOT, 'src'));
  hash.update(await readFile(join(PROJECT_ROOT, 'package-lock.json')));
  return hash.digest('hex').slice(0, 16);
}

interface EsbuildApi {
  build(options: Record<string, unknown>): Promise<unknown>;
  /** Ends esbuild's service child process (it would otherwise outlive the world). */
  stop(): void | Promise<void>;
}

/**
 * Bundles src/index.ts into `out` as ESM with lazy chunks, like ncc's output. esbuild (present as
 * tsx's bundler) takes about 2 s where ncc takes 25 s or more, and it does not type-check, so a
 * type error in a file another helper is editing does not stop the world (tsc is CI's job). ncc
 * is the fallback when esbuild cannot be loaded; `npm run build` (ncc) makes the real dist/.
 */
async function bundle(out: string): Promise<void> {
  let esbuild: EsbuildApi | undefined;
  try {
    esbuild = (await import('esbuild' as string)) as EsbuildApi;
  } catch {
    esbuild = undefined;
  }
  if (esbuild !== undefined) {
    try {
      await esbuild.build({
        entryPoints: [join(PROJECT_ROOT, 'src/index.ts')],
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        splitting: true,
        outdir: out,
        logLevel: 'error',
        // CommonJS dependencies inside an ESM bundle need a `require`.
        banner: { js: "import { createRequire as __worldCreateRequire } from 'node:module'; const require = __worldCreateRequire(import.meta.url);" },
      });
    } finally {
      await esbuild.stop();
    }
    await writeFile(join(out, 'package.json'), '{"type":"module"}\n');
    return;
  }
  await run(process.execPath, [join(PROJECT_ROOT, 'node_modules/@vercel/ncc/dist/ncc/cli.js'), 'build', 'src/index.ts', '-o', out, '--quiet'], {
    cwd: PROJECT_ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
}

/**
 * The folder holding `index.js` of the action: `given` (or PUBLISH_APPROVAL_BUNDLE_DIR) when set;
 * else `<root>/dist` when it has an index.js (unless `rebuild`); else a cached or fresh bundle of
 * the current sources.
 */
export async function findActionBundle(options: { given?: string; rebuild?: boolean; log?: (line: string) => void } = {}): Promise<ActionBundle> {
  if (options.given !== undefined) return { dir: options.given, source: 'given' };
  // A bundle chosen from outside (for example a fresh `ncc` build to compare with dist/).
  const fromEnv = process.env.PUBLISH_APPROVAL_BUNDLE_DIR;
  if (fromEnv) return { dir: fromEnv, source: 'given' };
  const committed = join(PROJECT_ROOT, 'dist');
  if (!options.rebuild && existsSync(join(committed, 'index.js'))) return { dir: committed, source: 'dist' };
  const key = await hashSources();
  const dir = join(tmpdir(), `publish-approval-bundle-${key}`);
  if (existsSync(join(dir, 'index.js'))) return { dir, source: 'cached' };
  options.log?.(`building the action bundle from src/ (dist/ has no index.js) into ${dir} ...`);
  const staging = `${dir}.tmp-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await bundle(staging);
  // A rename makes the cache entry appear complete or not at all (two builds may race).
  await rename(staging, dir).catch(async () => rm(staging, { recursive: true, force: true }));
  return { dir, source: 'built' };
}
