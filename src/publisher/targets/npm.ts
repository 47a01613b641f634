/**
 * The `npm` target: publishes the npm tarball artifacts (`*.tgz`) with the npm CLI.
 *
 * - npm runs with an environment of exactly PATH, a private HOME (whose `.npmrc` reads the token
 *   as `${NPM_TOKEN}`, so the value is never written to disk), the cache folder and NPM_TOKEN:
 *   no other secret of the publish job, no GITHUB_TOKEN, no inherited `npm_config_*`.
 * - "Already published" is decided by the registry's `dist.integrity` for this version: ours →
 *   success without publishing; another → a hard failure that says so. The same check runs after
 *   a failed `npm publish`, so a registry that stored the package and then answered 5xx or 401
 *   counts as published (the retry failure Sentry's publisher had).
 * - Workspaces: one target id per package (`npm[@scope/pkg]`), each publishing the tarball whose
 *   `package/package.json` names that package.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TARGET_OPTION_SCHEMAS, type TargetOptions } from '../../config/target-options.js';
import { readTar } from '../archive.js';
import { PublishedDifferentError, RegistryError, TargetSetupError } from '../errors.js';
import type { ArtifactFile, PublishTarget, PublishedCheck, TargetContext } from '../target.js';

type Ctx = TargetContext<'npm'>;

/** The public registry, used when the config names none. */
export const DEFAULT_NPM_REGISTRY = 'https://registry.npmjs.org/';

/** A tarball and what its package.json says. */
export interface NpmTarball {
  readonly file: ArtifactFile;
  readonly name: string;
  readonly version: string;
  /** `sha512-<base64>` of the tarball, as the registry records it in `dist.integrity`. */
  readonly integrity: string;
}

/** Reads `name` and `version` from a tarball's `package/package.json`. */
export async function readTarball(file: ArtifactFile): Promise<NpmTarball> {
  const data = await readFile(file.path);
  let manifest: unknown;
  try {
    const entries = readTar(data, 512 * 1024 * 1024);
    const entry = entries.find((e) => e.path === 'package/package.json') ?? entries.find((e) => /^[^/]+\/package\.json$/.test(e.path));
    if (!entry) throw new Error('it has no package/package.json');
    manifest = JSON.parse(entry.data.toString('utf8'));
  } catch (error) {
    throw new TargetSetupError(`npm: ${file.name} is not an npm tarball: ${(error as Error).message}`, 'upload the output of `npm pack` as the artifact');
  }
  const { name, version } = (manifest ?? {}) as { name?: unknown; version?: unknown };
  if (typeof name !== 'string' || typeof version !== 'string') throw new TargetSetupError(`npm: the package.json in ${file.name} has no name or version`);
  return { file, name, version, integrity: `sha512-${createHash('sha512').update(data).digest('base64')}` };
}

/** The registry URL with one trailing slash. */
function registryOf(options: TargetOptions<'npm'>): string {
  return (options.registry ?? DEFAULT_NPM_REGISTRY).replace(/\/*$/, '/');
}

/** Where a package's metadata lives (`@scope/pkg` → `@scope%2fpkg`). */
function packumentUrl(registry: string, name: string): string {
  return `${registry}${name.replace('/', '%2f')}`;
}

function locationOf(registry: string, tarball: NpmTarball): string {
  if (/^https:\/\/registry\.npmjs\.org\/$/.test(registry)) return `https://www.npmjs.com/package/${tarball.name}/v/${tarball.version}`;
  return `${registry}${tarball.name}/v/${tarball.version}`;
}

function distTag(ctx: Ctx): string {
  return ctx.prerelease ? 'next' : 'latest';
}

/** The tarballs this target id publishes (every `*.tgz`, or the one of its workspace package). */
async function tarballsOf(ctx: Ctx): Promise<NpmTarball[]> {
  const all = await Promise.all(ctx.artifacts.filter((a) => a.name.endsWith('.tgz')).map(readTarball));
  const chosen = ctx.unit === null ? all : all.filter((t) => t.name === ctx.unit);
  if (chosen.length === 0) {
    throw new TargetSetupError(
      ctx.unit === null ? 'npm: no npm tarball (*.tgz) among the artifacts' : `npm: no tarball among the artifacts holds the package ${ctx.unit} (found: ${all.map((t) => `${t.file.name} → ${t.name}`).join(', ') || 'no tarballs'})`,
      'make the CI build upload the output of `npm pack` as an Actions artifact',
    );
  }
  const names = new Set<string>();
  for (const tarball of chosen) {
    if (names.has(tarball.name)) throw new TargetSetupError(`npm: two tarballs hold the package ${tarball.name}`);
    names.add(tarball.name);
    if (tarball.version !== ctx.version) {
      throw new TargetSetupError(`npm: ${tarball.file.name} holds ${tarball.name}@${tarball.version}, but the request is for version ${ctx.version}`, 'build the tarball from the release commit (its version bump)');
    }
  }
  return chosen;
}

/** The registry's record of one version: its integrity and the package's dist-tags; null when the version is not there. */
async function registryVersion(ctx: Ctx, tarball: NpmTarball): Promise<{ integrity: string | null; distTags: Record<string, string> } | null> {
  const url = packumentUrl(registryOf(ctx.options), tarball.name);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (ctx.env.NPM_TOKEN) headers.authorization = `Bearer ${ctx.env.NPM_TOKEN}`;
  let response: Response;
  try {
    response = await fetch(url, { headers, signal: AbortSignal.timeout(60_000) });
  } catch (error) {
    throw new RegistryError(`npm: GET ${url} failed: ${(error as Error).message}`);
  }
  const text = await response.text();
  if (response.status === 404) return null;
  if (!response.ok) throw new RegistryError(`npm: GET ${url} answered ${response.status}: ${text.slice(0, 300)}`, response.status);
  let packument: { versions?: Record<string, { dist?: { integrity?: string } }>; 'dist-tags'?: Record<string, string> };
  try {
    packument = JSON.parse(text) as typeof packument;
  } catch {
    throw new RegistryError(`npm: GET ${url} did not answer JSON`);
  }
  const version = packument.versions?.[tarball.version];
  if (!version) return null;
  return { integrity: version.dist?.integrity ?? null, distTags: packument['dist-tags'] ?? {} };
}

/** Published with our integrity → true; absent → false; other content → PublishedDifferentError. */
async function checkOne(ctx: Ctx, tarball: NpmTarball): Promise<boolean> {
  const found = await registryVersion(ctx, tarball);
  if (found === null) return false;
  if (found.integrity !== tarball.integrity) {
    throw new PublishedDifferentError(`version ${tarball.version} of ${tarball.name} is already published with different content (integrity ${found.integrity ?? 'unknown'} ≠ ${tarball.integrity}): bump the version`);
  }
  return true;
}

/** Runs the npm CLI with only the variables listed in the module comment. */
async function runNpm(ctx: Ctx, args: readonly string[]): Promise<{ ok: boolean; output: string }> {
  const home = await mkdtemp(join(ctx.workDir, 'npm-home-'));
  const cache = join(ctx.workDir, 'npm-cache');
  await mkdir(cache, { recursive: true });
  const registry = new URL(registryOf(ctx.options));
  // npm expands ${NPM_TOKEN} itself: the token stays in the environment and never lands in a file.
  // No blind retries inside npm: after an ambiguous failure this target looks at the registry
  // before anything is written again (a repeated PUT would only meet a 409 after a 10 s backoff).
  const npmrc = [`//${registry.host}${registry.pathname}:_authToken=\${NPM_TOKEN}`, 'update-notifier=false', 'fund=false', 'audit=false', 'fetch-retries=0', ''].join('\n');
  await writeFile(join(home, '.npmrc'), npmrc, { mode: 0o600 });
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin', HOME: home, npm_config_cache: cache, NPM_TOKEN: ctx.env.NPM_TOKEN ?? '' };
  return new Promise((resolve) => {
    execFile('npm', [...args], { cwd: home, env, timeout: 10 * 60 * 1000, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      const output = `${stdout}\n${stderr}`
        .split('\n')
        .filter((line) => line.trim() !== '' && !/npm warn Unknown (user|global|project|env) config/.test(line))
        .join('\n');
      resolve({ ok: error === null, output });
    });
  });
}

function npmErrorSummary(output: string): string {
  const errors = output.split('\n').filter((line) => /^npm (error|ERR!)/.test(line));
  return (errors.length > 0 ? errors : output.split('\n')).slice(-6).join(' | ').slice(0, 400);
}

/** The `npm` target. */
export const npmTarget: PublishTarget<'npm'> = {
  name: 'npm',
  optionsSchema: TARGET_OPTION_SCHEMAS.npm,
  secrets: [{ name: 'NPM_TOKEN', required: true, description: 'an npm automation token with publish rights on the packages' }],

  async expandIds(options, context) {
    if (!options.workspaces) return [context.config.targetId];
    const names: string[] = [];
    for (const file of context.artifacts.filter((a) => a.name.endsWith('.tgz'))) {
      const { name } = await readTarball(file);
      if (options.includeWorkspaces && !options.includeWorkspaces.test(name)) continue;
      if (options.excludeWorkspaces && options.excludeWorkspaces.test(name)) continue;
      if (!names.includes(name)) names.push(name);
    }
    if (names.length === 0) throw new TargetSetupError(`npm: workspaces is on, but no npm tarball (*.tgz) among the artifacts holds a workspace package to publish`);
    const prefix = context.config.id === null ? '' : `${context.config.id}:`;
    return names.sort().map((name) => `npm[${prefix}${name}]`);
  },

  async isPublished(ctx): Promise<PublishedCheck> {
    const tarballs = await tarballsOf(ctx);
    let all = true;
    for (const tarball of tarballs) if (!(await checkOne(ctx, tarball))) all = false;
    const first = tarballs[0] as NpmTarball;
    return all ? { published: true, location: locationOf(registryOf(ctx.options), first) } : { published: false };
  },

  async publish(ctx) {
    const registry = registryOf(ctx.options);
    const tarballs = await tarballsOf(ctx);
    for (const tarball of tarballs) {
      if (await checkOne(ctx, tarball)) continue;
      const args = ['publish', tarball.file.path, '--registry', registry, '--tag', distTag(ctx), ...(ctx.options.access ? ['--access', ctx.options.access] : [])];
      const result = await runNpm(ctx, args);
      if (result.ok) {
        ctx.log.info(`npm: published ${tarball.name}@${tarball.version} (${distTag(ctx)}).`);
        continue;
      }
      // The registry may have stored it and then failed to say so: look before calling it a failure.
      const stored = await checkOne(ctx, tarball).catch(() => false);
      if (stored) {
        ctx.log.warning(`npm: publishing ${tarball.name}@${tarball.version} reported an error, but the registry holds it with the same integrity: counted as published. npm said: ${npmErrorSummary(result.output)}`);
        continue;
      }
      throw new RegistryError(`npm publish ${tarball.name}@${tarball.version} failed: ${npmErrorSummary(result.output)}`);
    }
    return { location: locationOf(registry, tarballs[0] as NpmTarball) };
  },

  async verify(ctx) {
    for (const tarball of await tarballsOf(ctx)) {
      const found = await registryVersion(ctx, tarball);
      if (found === null) throw new RegistryError(`npm: ${tarball.name}@${tarball.version} is not in the registry after publishing`);
      if (found.integrity !== tarball.integrity) throw new RegistryError(`npm: ${tarball.name}@${tarball.version} has integrity ${found.integrity ?? 'unknown'} in the registry, not ${tarball.integrity}`);
      const tag = distTag(ctx);
      if (found.distTags[tag] !== tarball.version) ctx.log.warning(`npm: dist-tag ${tag} of ${tarball.name} points at ${found.distTags[tag] ?? 'nothing'}, not ${tarball.version}.`);
    }
  },

  async describe(ctx) {
    const tarballs = await tarballsOf(ctx);
    return `${tarballs.map((t) => `${t.name}@${t.version} (${t.file.name})`).join(', ')} to ${registryOf(ctx.options)} with dist-tag ${distTag(ctx)}${ctx.options.access ? `, access ${ctx.options.access}` : ''}`;
  },
};
