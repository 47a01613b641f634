/**
 * `cold_start_ratio`: `node <bundle>/index.js` on an event the action ignores (a `push`) against
 * bare `node -e 0`, medians of interleaved runs (bare, ignored, approve, bare, ...) so that load on
 * the machine hits all three alike. Also reported: the same for a real `approve` event (an
 * `issues.labeled` with `accepted` on a fresh request in the sandbox GitHub, each run on its own
 * request, so every run makes the full decision), and the bundle's size.
 *
 * The bundle is built from the current src/ with ncc into a temp folder (never dist/), unless
 * `--bundle <dir>` names one (for example `--bundle dist` for the committed bundle).
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startGitHubSandbox } from '../../test/sandbox/github/index.js';
import { buildEntry, ROOT } from '../lib/build.js';
import { BOT, createControlFixture } from '../lib/control-fixture.js';
import { figure, median, msSince, type BenchContext, type FigureGroup } from '../lib/figure.js';

interface Timed {
  readonly ms: number;
  readonly code: number | null;
  readonly stdout: string;
}

/** Spawns argv and times it from spawn to exit (async: the sandbox in this process keeps serving). */
function timed(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<Timed> {
  const [command, ...args] = argv as [string, ...string[]];
  return new Promise((done, fail) => {
    const start = process.hrtime.bigint();
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.on('error', fail);
    child.on('close', (code) => done({ ms: msSince(start), code, stdout }));
  });
}

/** The bundle folder: given, or a cached ncc build of the current sources. */
export async function actionBundle(context: Pick<BenchContext, 'bundleDir' | 'log'>): Promise<{ dir: string; source: string }> {
  if (context.bundleDir !== undefined) return { dir: resolve(ROOT, context.bundleDir), source: context.bundleDir };
  return { dir: await buildEntry('bench/figures/action-entry.ts', context.log), source: 'ncc build of the current src/ (temp folder)' };
}

/** Sizes of the bundle: what an ignored event loads (index.js) and everything. */
async function bundleSize(dir: string): Promise<{ index_bytes: number; index_gzip_bytes: number; total_js_bytes: number; chunks: number }> {
  const index = await readFile(join(dir, 'index.js'));
  let total = 0;
  let chunks = 0;
  for (const name of await readdir(dir)) {
    if (!name.endsWith('.js')) continue;
    total += (await stat(join(dir, name))).size;
    chunks += 1;
  }
  return { index_bytes: index.length, index_gzip_bytes: gzipSync(index).length, total_js_bytes: total, chunks };
}

export const coldStart: FigureGroup = {
  names: ['cold_start_ratio'],
  async run(context) {
    const { quick } = context;
    const bundle = await actionBundle(context);
    const entry = join(bundle.dir, 'index.js');
    const size = await bundleSize(bundle.dir);
    const dir = await mkdtemp(join(tmpdir(), 'publish-approval-bench-cold-'));
    const sandbox = await startGitHubSandbox({ rootDir: join(dir, 'github') });
    try {
      const fixture = await createControlFixture(sandbox, join(dir, 'workspace'));
      const base: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
      const pushEvent = join(dir, 'push.json');
      await writeFile(pushEvent, JSON.stringify({ ref: 'refs/heads/main', repository: { full_name: 'acme/widget' } }));
      const ignoredEnv: NodeJS.ProcessEnv = { ...base, GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: pushEvent };
      // A second baseline: an empty ES module (what Node's ESM loader costs before any of our code).
      const emptyModule = join(dir, 'empty.mjs');
      await writeFile(emptyModule, '');

      const runs = quick ? 5 : 20;
      const warmups = quick ? 1 : 3;
      let approveIndex = 0;
      const approveRun = async (): Promise<Timed & { decision: string }> => {
        approveIndex += 1;
        const version = `1.${approveIndex}.0`;
        const number = await fixture.openRequest(fixture.request(version));
        const label = await fixture.api('rita', 'POST', `/repos/acme/publish/issues/${number}/labels`, { labels: ['accepted'] });
        if (label.status !== 200) throw new Error(`labeling #${number} answered ${label.status}`);
        const runDir = join(dir, `approve-${approveIndex}`);
        await mkdir(runDir, { recursive: true });
        const eventPath = join(runDir, 'event.json');
        await writeFile(
          eventPath,
          JSON.stringify({
            action: 'labeled',
            issue: { number, title: `publish: acme/widget@${version}`, user: { login: BOT, type: 'Bot' } },
            label: { name: 'accepted' },
            sender: { login: 'rita', type: 'User' },
            repository: { full_name: 'acme/publish' },
          }),
        );
        const output = join(runDir, 'output');
        await writeFile(output, '');
        await writeFile(join(runDir, 'summary'), '');
        const env: NodeJS.ProcessEnv = {
          ...base,
          GITHUB_EVENT_NAME: 'issues',
          GITHUB_EVENT_PATH: eventPath,
          GITHUB_API_URL: sandbox.apiUrl,
          GITHUB_SERVER_URL: sandbox.serverUrl,
          GITHUB_REPOSITORY: 'acme/publish',
          GITHUB_WORKSPACE: fixture.workspace,
          GITHUB_OUTPUT: output,
          GITHUB_STEP_SUMMARY: join(runDir, 'summary'),
          RUNNER_TEMP: runDir,
          INPUT_COMMAND: '',
          INPUT_TOKEN: fixture.botToken,
          INPUT_BOT_LOGIN: BOT,
          INPUT_POLICY_FILE: '.github/publish-policy.yml',
          INPUT_RULES_FILE: 'auto-approve.yml',
          PUBLISH_APPROVAL_WRITE_INTERVAL_MS: '0',
        };
        const result = await timed([process.execPath, entry], env);
        const decision = /^decision<<(\S+)\n([\s\S]*?)\n\1$/m.exec(await readFile(output, 'utf8'))?.[2] ?? /^decision=(.*)$/m.exec(await readFile(output, 'utf8'))?.[1] ?? '';
        return { ...result, decision };
      };

      const bare: number[] = [];
      const empty: number[] = [];
      const ignored: number[] = [];
      const approve: number[] = [];
      const decisions = new Map<string, number>();
      const failures: string[] = [];
      for (let i = 0; i < warmups + runs; i += 1) {
        const b = await timed([process.execPath, '-e', '0'], base);
        const e = await timed([process.execPath, emptyModule], base);
        const g = await timed([process.execPath, entry], ignoredEnv);
        if (g.code !== 0 || !g.stdout.includes('Nothing to do')) throw new Error(`the ignored event did not exit cleanly (exit ${String(g.code)}): ${g.stdout.slice(-300)}`);
        const a = await approveRun();
        if (a.code !== 0 && failures.length < 3) failures.push(`exit ${String(a.code)}: ${a.stdout.split('\n').filter((l) => l.startsWith('::error')).join(' ').slice(0, 300)}`);
        if (i < warmups) continue;
        bare.push(b.ms);
        empty.push(e.ms);
        ignored.push(g.ms);
        approve.push(a.ms);
        decisions.set(a.decision || `(exit ${String(a.code)})`, (decisions.get(a.decision || `(exit ${String(a.code)})`) ?? 0) + 1);
      }
      const bareMs = median(bare);
      const ignoredMs = median(ignored);
      const approveMs = median(approve);
      const ratio = ignoredMs / bareMs;
      return [
        figure('cold_start_ratio', ratio, 'x bare node', '<= 2', {
          details: {
            summary: `ignored event ${ignoredMs.toFixed(0)} ms, approve event ${approveMs.toFixed(0)} ms (${(approveMs / bareMs).toFixed(2)}x), bare node ${bareMs.toFixed(0)} ms; index.js ${(size.index_bytes / 1024).toFixed(1)} KiB of ${(size.total_js_bytes / 1024).toFixed(0)} KiB in ${size.chunks} files`,
            runs,
            bare_node_ms: bareMs,
            empty_esm_ms: median(empty),
            ignored_event_ms: ignoredMs,
            approve_event_ms: approveMs,
            approve_event_ratio: approveMs / bareMs,
            approve_decisions: Object.fromEntries(decisions),
            approve_failures: failures,
            bundle: { source: bundle.source, ...size },
          },
        }),
      ];
    } finally {
      await sandbox.close();
      await rm(dir, { recursive: true, force: true });
    }
  },
};
