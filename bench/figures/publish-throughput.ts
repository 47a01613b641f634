/**
 * `publish_time_ratio` and `publish_peak_rss_mb`: a workspace of 20 npm packages (made in a temp
 * folder, packed with `npm pack --workspaces`) published by our publisher to one fresh Verdaccio,
 * and the same tarballs by a plain sequential loop of `npm publish` to another fresh Verdaccio, in
 * the same run on the same machine.
 *
 * Our side is the orchestrator `publishRequest` in its own process, bundled with ncc and run by
 * plain node (bench/figures/publish-child.ts): it reads the tarballs as the CI run's artifact
 * from the sandbox GitHub, saves the request into its issue after each state change, checks the
 * registry before and after each package, and runs `npm publish` per package (the npm target,
 * up to 4 at once as the publish command runs it). Its wall time is measured by this process from
 * spawn to exit. The loop runs `npm publish <tgz>` for each tarball with the same npm settings
 * (private HOME with the token in .npmrc, own cache, no audit/fund/update check).
 *
 * Memory: every 20 ms this process sums VmRSS over our child and all its descendants (the npm
 * processes) from /proc; the peak is the figure. Pss (shared pages split) is in the details.
 * Each round uses a new version (1.0.<round>) and alternates which side goes first.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createRequest, renderBody, renderTitle } from '../../src/request-format/index.js';
import { startGitHubSandbox, type GitHubSandbox } from '../../test/sandbox/github/index.js';
import { filterNpmNoise, npmEnv, startVerdaccio, type VerdaccioRegistry } from '../../test/sandbox/registries/verdaccio.js';
import { buildEntry } from '../lib/build.js';
import { figure, median, msSince, unmeasured, type FigureGroup, type FigureResult } from '../lib/figure.js';
import { runMeasured, type MeasuredRun } from '../lib/proc.js';
import type { PublishChildInput, PublishChildOutput } from './publish-child.js';

const run = promisify(execFile);
const PACKAGES = 20;
const SCOPE = '@bench';

/** Writes the workspace (root + 20 packages) at `version`. */
async function writeWorkspace(root: string, version: string): Promise<void> {
  await mkdir(root, { recursive: true });
  await writeFile(join(root, 'package.json'), JSON.stringify({ name: 'bench-workspace', private: true, workspaces: ['packages/*'] }, null, 2));
  for (let i = 1; i <= PACKAGES; i += 1) {
    const name = `pkg-${String(i).padStart(2, '0')}`;
    const dir = join(root, 'packages', name);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'package.json'), JSON.stringify({ name: `${SCOPE}/${name}`, version, description: `Benchmark package ${i}.`, main: 'index.js', license: 'MIT', files: ['index.js'] }, null, 2));
    // A few kilobytes of code, like a small library.
    const body = Array.from({ length: 80 }, (_, k) => `export function f${k}(x) {\n  return x * ${k} + ${i};\n}\n`).join('');
    await writeFile(join(dir, 'index.js'), body);
    await writeFile(join(dir, 'README.md'), `# ${SCOPE}/${name}\n\nA package of the publish benchmark.\n`);
  }
}

/** Packs every workspace package; returns tarball name → bytes. */
async function pack(root: string, out: string, npmHome: string): Promise<Map<string, Buffer>> {
  await mkdir(out, { recursive: true });
  const env = npmEnv({ userconfig: join(npmHome, '.npmrc'), cache: join(npmHome, 'cache') });
  await run('npm', ['pack', '--workspaces', '--pack-destination', out], { cwd: root, env, maxBuffer: 16 * 1024 * 1024 });
  const files = new Map<string, Buffer>();
  for (const name of (await readdir(out)).filter((n) => n.endsWith('.tgz')).sort()) files.set(name, await readFile(join(out, name)));
  if (files.size !== PACKAGES) throw new Error(`npm pack made ${files.size} tarballs, expected ${PACKAGES}`);
  return files;
}

/** The plain loop: `npm publish <tgz>` one after the other, as a release script would. */
async function publishLoop(registry: VerdaccioRegistry, token: string, tarballs: readonly string[], work: string): Promise<{ wallMs: number; peakRssMb: number | null; runs: MeasuredRun[] }> {
  const home = await mkdtemp(join(work, 'loop-home-'));
  const npmrc = [`//${registry.registryHost}/:_authToken=\${NPM_TOKEN}`, 'update-notifier=false', 'fund=false', 'audit=false', 'fetch-retries=0', ''].join('\n');
  await writeFile(join(home, '.npmrc'), npmrc, { mode: 0o600 });
  // The same environment our npm target gives npm: PATH, a private HOME, the cache, the token.
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, npm_config_cache: join(work, 'loop-cache'), NPM_TOKEN: token };
  const runs: MeasuredRun[] = [];
  const start = process.hrtime.bigint();
  for (const tarball of tarballs) {
    const result = await runMeasured(['npm', 'publish', tarball, '--registry', `${registry.url}/`, '--tag', 'latest', '--access', 'public'], { env, cwd: home, sampleMs: 20 });
    if (result.code !== 0) throw new Error(`the loop's npm publish ${tarball} failed: ${filterNpmNoise(result.stderr).trim().slice(-400)}`);
    runs.push(result);
  }
  const wallMs = msSince(start);
  const peaks = runs.map((r) => r.peakRssMb).filter((v): v is number => v !== null);
  return { wallMs, peakRssMb: peaks.length > 0 ? Math.max(...peaks) : null, runs };
}

/** How many of the 20 packages the registry holds at `version`. */
async function countPublished(registry: VerdaccioRegistry, version: string): Promise<number> {
  let count = 0;
  for (let i = 1; i <= PACKAGES; i += 1) {
    const res = await fetch(`${registry.url}/${encodeURIComponent(`${SCOPE}/pkg-${String(i).padStart(2, '0')}`).replace('%40', '@')}`);
    if (res.status !== 200) continue;
    const packument = (await res.json()) as { versions?: Record<string, unknown> };
    if (packument.versions?.[version] !== undefined) count += 1;
  }
  return count;
}

interface Round {
  readonly version: string;
  readonly ours: MeasuredRun & { readonly child: PublishChildOutput | null };
  readonly loop: { wallMs: number; peakRssMb: number | null };
  readonly ratio: number;
  readonly oursFirst: boolean;
}

async function setUpSandbox(sandbox: GitHubSandbox): Promise<{ botToken: string }> {
  const { admin } = sandbox;
  admin.createOrg('acme');
  admin.createUser('alice');
  await admin.createRepo('acme', 'publish', { visibility: 'private', files: { 'README.md': '# control repo\n' } });
  const botToken = admin.issueToken({ kind: 'app', appSlug: 'publish-approval', permissions: { contents: 'write', issues: 'write', actions: 'read', checks: 'read', statuses: 'read' } });
  return { botToken };
}

export const publishThroughput: FigureGroup = {
  names: ['publish_time_ratio', 'publish_peak_rss_mb'],
  async run({ quick, log }) {
    if (process.platform !== 'linux') {
      const reason = 'needs Linux: memory is sampled from /proc';
      return [unmeasured('publish_time_ratio', 'x npm publish loop', '<= 0.5', reason), unmeasured('publish_peak_rss_mb', 'MB', '< 300', reason)];
    }
    const dir = await mkdtemp(join(tmpdir(), 'publish-approval-bench-publish-'));
    const closers: (() => Promise<void>)[] = [];
    try {
      const childDir = await buildEntry('bench/figures/publish-child.ts', log);
      const [sandbox, ours, plain] = await Promise.all([
        startGitHubSandbox({ rootDir: join(dir, 'github') }),
        startVerdaccio({ dir: join(dir, 'verdaccio-ours') }),
        startVerdaccio({ dir: join(dir, 'verdaccio-loop') }),
      ]);
      closers.push(() => sandbox.close(), () => ours.close(), () => plain.close());
      const password = randomBytes(12).toString('base64url');
      const [oursToken, loopToken] = await Promise.all([ours.createUser('ci-bot', password), plain.createUser('ci-bot', password)]);
      const { botToken } = await setUpSandbox(sandbox);
      const npmHome = join(dir, 'npm-home');
      await mkdir(npmHome, { recursive: true });
      await writeFile(join(npmHome, '.npmrc'), 'update-notifier=false\nfund=false\naudit=false\n');

      const rounds = quick ? 1 : 5;
      const done: Round[] = [];
      for (let r = 0; r < rounds; r += 1) {
        const version = `1.0.${r}`;
        const repo = `widget-${r}`;
        const work = join(dir, `round-${r}`);
        await writeWorkspace(join(work, 'workspace'), version);
        const files = await pack(join(work, 'workspace'), join(work, 'tarballs'), npmHome);

        // The release commit, its green CI run and the run's artifact holding the 20 tarballs.
        await sandbox.admin.createRepo('acme', repo, { visibility: 'private', files: { 'README.md': `# ${repo}\n` } });
        const sha = (await sandbox.admin.branchSha(`acme/${repo}`, 'main')) as string;
        const runId = sandbox.admin.createWorkflowRun(`acme/${repo}`, { name: 'CI', headSha: sha, headBranch: 'main', event: 'push', conclusion: 'success' });
        sandbox.admin.addArtifact(`acme/${repo}`, runId, 'packages', Object.fromEntries(files));

        // The approved request, as an issue of the control repo opened by the bot.
        const created = createRequest({
          repo: { owner: 'acme', repo },
          version,
          serverUrl: sandbox.serverUrl,
          releaseBranch: 'main',
          releaseCommit: sha,
          requester: 'alice',
          requestedAt: new Date().toISOString(),
          targets: ['npm'],
          changelog: `## ${version}\n\n- Twenty packages.\n`,
        });
        const request = { ...created, approvals: [{ login: 'rita', at: new Date().toISOString(), commit: sha, via: 'label' as const, rule: null }] };
        const res = await fetch(`${sandbox.apiUrl}/repos/acme/publish/issues`, {
          method: 'POST',
          headers: { authorization: `Bearer ${botToken}`, 'content-type': 'application/json', accept: 'application/vnd.github+json' },
          body: JSON.stringify({ title: renderTitle(request), body: renderBody(request), labels: ['accepted'] }),
        });
        if (res.status !== 201) throw new Error(`opening the request issue answered ${res.status}: ${await res.text()}`);
        const issueNumber = ((await res.json()) as { number: number }).number;

        const input: PublishChildInput = {
          apiUrl: sandbox.apiUrl,
          token: botToken,
          controlRepo: { owner: 'acme', repo: 'publish' },
          issueNumber,
          craft: `targets:\n  - name: npm\n    registry: ${ours.url}/\n    workspaces: true\n    access: public\n`,
          npmToken: oursToken,
          workDir: join(work, 'ours'),
        };
        await mkdir(input.workDir, { recursive: true });
        const inputPath = join(work, 'ours-input.json');
        await writeFile(inputPath, JSON.stringify(input));
        const tarballs = [...files.keys()].map((name) => join(work, 'tarballs', name));

        const runOurs = async (): Promise<Round['ours']> => {
          const measured = await runMeasured([process.execPath, join(childDir, 'index.js'), inputPath], { sampleMs: 20, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...(process.env.BENCH_CHILD_VERBOSE ? { BENCH_CHILD_VERBOSE: process.env.BENCH_CHILD_VERBOSE } : {}) } });
          if (process.env.BENCH_CHILD_VERBOSE === '1') log(measured.stderr);
          const line = measured.stdout.trim().split('\n').pop() ?? '';
          let child: PublishChildOutput | null = null;
          try {
            child = JSON.parse(line) as PublishChildOutput;
          } catch {
            child = null;
          }
          if (measured.code !== 0 || child === null || !child.ok) {
            throw new Error(`our publisher failed (exit ${String(measured.code)}): ${child?.error ?? measured.stderr.slice(-600)}`);
          }
          return { ...measured, child };
        };
        const oursFirst = r % 2 === 0;
        let oursRun: Round['ours'];
        let loopRun: Awaited<ReturnType<typeof publishLoop>>;
        if (oursFirst) {
          oursRun = await runOurs();
          loopRun = await publishLoop(plain, loopToken, tarballs, work);
        } else {
          loopRun = await publishLoop(plain, loopToken, tarballs, work);
          oursRun = await runOurs();
        }
        const [inOurs, inLoop] = await Promise.all([countPublished(ours, version), countPublished(plain, version)]);
        if (inOurs !== PACKAGES || inLoop !== PACKAGES) throw new Error(`after round ${r}: our registry holds ${inOurs} and the loop's ${inLoop} of the ${PACKAGES} packages at ${version}`);
        const ratio = oursRun.wallMs / loopRun.wallMs;
        log(`bench: publish round ${r + 1}/${rounds}: ours ${(oursRun.wallMs / 1000).toFixed(2)} s (peak ${oursRun.peakRssMb?.toFixed(0)} MB), loop ${(loopRun.wallMs / 1000).toFixed(2)} s → ${ratio.toFixed(2)}x`);
        done.push({ version, ours: oursRun, loop: { wallMs: loopRun.wallMs, peakRssMb: loopRun.peakRssMb }, ratio, oursFirst });
      }

      const ratio = median(done.map((d) => d.ratio));
      const peaks = done.map((d) => d.ours.peakRssMb).filter((v): v is number => v !== null);
      const pss = done.map((d) => d.ours.peakPssMb).filter((v): v is number => v !== null);
      const roundsDetail = done.map((d) => ({
        version: d.version,
        ours_first: d.oursFirst,
        ours_wall_ms: d.ours.wallMs,
        ours_publish_ms: d.ours.child?.publishMs ?? null,
        loop_wall_ms: d.loop.wallMs,
        ratio: d.ratio,
        ours_peak_rss_mb: d.ours.peakRssMb,
        ours_peak_pss_mb: d.ours.peakPssMb,
        ours_peak_processes: d.ours.peakProcesses,
        ours_node_max_rss_mb: d.ours.child ? d.ours.child.maxRssKb / 1024 : null,
        loop_peak_rss_mb: d.loop.peakRssMb,
        outcomes: d.ours.child?.outcomes ?? {},
      }));
      const results: FigureResult[] = [
        figure('publish_time_ratio', ratio, 'x npm publish loop', '<= 0.5', {
          details: {
            summary: `median of ${done.length} round(s): ours ${(median(done.map((d) => d.ours.wallMs)) / 1000).toFixed(2)} s vs loop ${(median(done.map((d) => d.loop.wallMs)) / 1000).toFixed(2)} s for ${PACKAGES} packages`,
            packages: PACKAGES,
            rounds: roundsDetail,
          },
        }),
        peaks.length === 0
          ? unmeasured('publish_peak_rss_mb', 'MB', '< 300', 'VmRSS could not be read from /proc')
          : figure('publish_peak_rss_mb', Math.max(...peaks), 'MB', '< 300', {
              details: {
                summary: `peak summed VmRSS of our process and its npm children (Pss ${pss.length > 0 ? Math.max(...pss).toFixed(0) : '?'} MB; our node process alone ${Math.max(...done.map((d) => (d.ours.child?.maxRssKb ?? 0) / 1024)).toFixed(0)} MB; one loop npm ${Math.max(...done.map((d) => d.loop.peakRssMb ?? 0)).toFixed(0)} MB)`,
                method: 'sum of VmRSS over the process tree from /proc every 20 ms, peak over the run; Pss is the same with shared pages split',
                peak_pss_mb: pss.length > 0 ? Math.max(...pss) : null,
              },
            }),
      ];
      return results;
    } finally {
      for (const close of closers.reverse()) await close().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    }
  },
};
