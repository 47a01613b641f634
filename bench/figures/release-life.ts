/**
 * `api_calls_per_release`, `approval_hops` and `ci_to_publish_delay_s`: whole releases played in
 * the sandbox world (test/sandbox/world.ts: the sandbox GitHub, the workflow runner running the
 * real workflow files of the product and the control repo, Verdaccio), with the product's
 * publish config cut to the targets of issue 7: `github` + `npm`, two artifacts (the npm tarball
 * and the image tarball, both uploaded as release assets).
 *
 * 1. CI already green: alice dispatches Release (`minor`), the request is opened, CI on the release
 *    branch finishes, then rita adds `accepted`. Counted: every REST call our App made over the
 *    life of the request (request, approval, publish, close, and the runs our own writes
 *    started), per endpoint and per phase; the decide job's reads before its first write (the
 *    approval decision); and the workflow runs on the path from the label to the first registry
 *    write (hops).
 * 2. CI finishes after the approval: CI is held at its gate, rita approves (the request parks with
 *    `ci-pending`), CI is let go. Measured in the sandbox's clock: from CI completion (the build
 *    job's end) to the first registry write, through the shipped mechanism (the product's
 *    `ci-finished` repository_dispatch → reconcile → publish.yml); and whether any control-repo
 *    run was waiting while CI ran. The cron safety net (lost dispatch) is given as its worst case.
 *
 * "First registry write" is the earliest of: the GitHub release's creation (POST …/releases in the
 * sandbox's request log) and the npm version's publish time recorded by Verdaccio.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { RequestLogEntry } from '../../test/sandbox/github/index.js';
import type { JobRecord, RunRecord } from '../../test/sandbox/runner/types.js';
import { failureTail, startWorld, WORLD, type World } from '../../test/sandbox/world.js';
import { ROOT } from '../lib/build.js';
import { figure, messageOf, unmeasured, type FigureGroup, type FigureResult } from '../lib/figure.js';
import { actionBundle } from './cold-start.js';

const TARGETS = ['github', 'npm'];

/** A REST API call (the git data API counts; git smart HTTP and the sandbox's artifact blob store do not). */
function isApi(e: RequestLogEntry): boolean {
  return e.operationId !== '' && e.operationId !== 'git/smart-http' && !e.operationId.startsWith('sandbox/');
}

const key = (e: { method: string; route: string; path: string }): string => `${e.method} ${e.route || e.path}`;

function countBy<T>(items: readonly T[], keyOf: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[keyOf(item)] = (out[keyOf(item)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).sort((a, b) => b[1] - a[1]));
}

/** The API calls one job of our action made, in order, from the Octokit debug lines of its steps. */
function jobCalls(job: JobRecord): { method: string; path: string; status: number }[] {
  const out: { method: string; path: string; status: number }[] = [];
  for (const step of job.steps) {
    for (const line of step.stdout.split('\n')) {
      const m = /^::debug::(GET|POST|PATCH|PUT|DELETE|HEAD) (\S+) - (\d{3})\b/.exec(line.trim());
      // Workflow commands escape "%" as "%25" (so an encoded "/" in a ref reads "%252F").
      if (m) out.push({ method: m[1] as string, path: ((m[2] as string).split('?')[0] as string).replace(/%25/g, '%'), status: Number(m[3]) });
    }
  }
  return out;
}

/** Sets the product's .craft.yml to `targets` (a commit on main by alice, through the contents API). */
async function keepTargets(world: World, targets: readonly string[]): Promise<void> {
  const path = `/repos/${WORLD.product}/contents/.craft.yml`;
  const got = await world.api(WORLD.engineer, 'GET', `${path}?ref=main`);
  if (got.status !== 200) throw new Error(`reading .craft.yml answered ${got.status}`);
  const file = got.json as { sha: string; content: string };
  const data = parseYaml(Buffer.from(file.content, 'base64').toString('utf8')) as { targets: { name: string }[] };
  data.targets = data.targets.filter((t) => targets.includes(t.name));
  const text = `# Publish config of @acme/widget for the benchmark: ${targets.join(' + ')}.\n${stringifyYaml(data)}`;
  const put = await world.api(WORLD.engineer, 'PUT', path, { message: 'bench: publish to github and npm only', content: Buffer.from(text).toString('base64'), sha: file.sha, branch: 'main' });
  if (put.status !== 200 && put.status !== 201) throw new Error(`updating .craft.yml answered ${put.status}: ${JSON.stringify(put.json)}`);
  await world.idle();
}

/** A developer's change on main after a release: a new "## Unreleased" section in CHANGELOG.md (the next request needs one). */
async function addUnreleased(world: World): Promise<void> {
  const path = `/repos/${WORLD.product}/contents/CHANGELOG.md`;
  const got = await world.api(WORLD.engineer, 'GET', `${path}?ref=main`);
  if (got.status !== 200) throw new Error(`reading CHANGELOG.md answered ${got.status}`);
  const file = got.json as { sha: string; content: string };
  const text = Buffer.from(file.content, 'base64').toString('utf8');
  const next = text.replace(/^(# [^\n]*\n+)/, '$1## Unreleased\n\n- Widgets remember their last spin.\n\n');
  const put = await world.api(WORLD.engineer, 'PUT', path, { message: 'changelog: next release', content: Buffer.from(next).toString('base64'), sha: file.sha, branch: 'main' });
  if (put.status !== 200 && put.status !== 201) throw new Error(`updating CHANGELOG.md answered ${put.status}: ${JSON.stringify(put.json)}`);
  await world.idle();
}

/** When `version` first reached a registry: the GitHub release's creation or the npm publish, whichever came first. */
async function firstRegistryWrite(world: World, version: string, since: number): Promise<{ at: number; where: string } | null> {
  const candidates: { at: number; where: string }[] = [];
  const release = world.requests.find((e) => e.at >= since && e.method === 'POST' && e.route === '/repos/{owner}/{repo}/releases' && e.status === 201);
  if (release) candidates.push({ at: release.at, where: 'GitHub release created' });
  if (world.npm) {
    const res = await fetch(`${world.npm.url}/${WORLD.packageName.replace('/', '%2f')}`);
    if (res.ok) {
      const time = ((await res.json()) as { time?: Record<string, string> }).time?.[version];
      if (time) candidates.push({ at: Date.parse(time), where: 'npm version published' });
    }
  }
  if (candidates.length === 0) return null;
  return candidates.reduce((a, b) => (b.at < a.at ? b : a));
}

const startOf = (r: RunRecord): number => (r.startedAt ?? r.queuedAt).getTime();
const endOf = (x: { finishedAt?: Date }): number => x.finishedAt?.getTime() ?? Number.POSITIVE_INFINITY;

/** The run whose publish job was running at `at`. */
function runPublishingAt(world: World, at: number): RunRecord | undefined {
  return world.runner.runs.find((r) => r.repository === WORLD.control && r.jobs.some((j) => j.id === 'publish' && j.startedAt !== undefined && j.startedAt.getTime() <= at && at <= endOf(j)));
}

/**
 * The runs on the causal path to `run`, oldest first: a workflow_dispatch run comes from the run
 * that called the dispatch API, a repository_dispatch run from the run that sent it; an issues or
 * push run starts the chain (a person or a push caused it).
 */
function chainTo(world: World, run: RunRecord): RunRecord[] {
  const chain = [run];
  let current = run;
  for (let guard = 0; guard < 10; guard += 1) {
    let route: string;
    if (current.event === 'workflow_dispatch') route = '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches';
    else if (current.event === 'repository_dispatch') route = '/repos/{owner}/{repo}/dispatches';
    else break;
    const queued = current.queuedAt.getTime();
    const call = [...world.requests].reverse().find((e) => e.method === 'POST' && e.route === route && e.status === 204 && e.at <= queued + 5);
    if (!call) break;
    // Several runs may be active then (runs our own writes started): the one whose action logged
    // that call wins, else one from another repository (a product's CI sends repository_dispatch with curl).
    const active = world.runner.runs.filter((r) => r !== current && startOf(r) <= call.at && call.at <= endOf(r) + 5);
    const parent =
      active.find((r) => r.jobs.some((j) => jobCalls(j).some((c) => c.method === 'POST' && c.path === call.path))) ??
      active.find((r) => r.repository !== current.repository) ??
      active[0];
    if (!parent) break;
    chain.unshift(parent);
    current = parent;
  }
  return chain;
}

/** Steps of the world wait for idle; a stuck run must turn into a reason, not a hung bench. */
const STEP_TIMEOUT_MS = 240_000;

async function within<T>(world: World, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, fail) => {
    timer = setTimeout(() => {
      const open = world.runner.runs.filter((r) => r.status !== 'completed').map((r) => `${describe(r)} ${r.status}`);
      fail(new Error(`${what} did not settle within ${STEP_TIMEOUT_MS / 1000} s (runs not completed: ${open.join(', ') || 'none'})`));
    }, STEP_TIMEOUT_MS);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const describe = (r: RunRecord): string => `${r.repository} ${r.workflow.name} #${r.runNumber} (${r.event}${r.action ? `.${r.action}` : ''})`;

/** The minutes between runs of an every-N-minutes cron, or 60 for an hourly one (null for other shapes). */
function cronInterval(cron: string): number | null {
  const m = /^\*\/(\d+) \* \* \* \*$/.exec(cron.trim());
  if (m) return Number(m[1]);
  if (/^\d+ \* \* \* \*$/.test(cron.trim())) return 60;
  return null;
}

interface Scenario {
  readonly version: string;
  readonly issue: number;
}

/** Dispatches Release and returns the new request's issue, or throws with the run's failure. */
async function request(world: World): Promise<Scenario> {
  const before = world.requestIssues()[0];
  const release = await world.dispatchRelease(WORLD.engineer, { version: 'minor' });
  if (release.conclusion !== 'success') throw new Error(`the Release run failed: ${failureTail(release, 8).join(' | ')}`);
  const issue = world.requestIssues()[0];
  if (issue === undefined || issue === before) throw new Error('the Release run opened no publish request');
  const parsed = await world.issue(issue);
  if (parsed.request === null) throw new Error(`the request #${issue} does not parse: ${parsed.parseError ?? ''}`);
  return { version: parsed.request.version, issue };
}

async function published(world: World, scenario: Scenario): Promise<string | null> {
  const issue = await world.issue(scenario.issue);
  const landed = await world.landed(scenario.version);
  const problems: string[] = [];
  if (issue.state !== 'closed' || issue.request?.state !== 'published') problems.push(`request #${scenario.issue} is ${issue.state}/${issue.request?.state ?? 'unparsed'} with labels ${issue.labels.join(', ') || 'none'}`);
  if (!landed.npm) problems.push('npm has no such version');
  if (!landed.release) problems.push('no GitHub release');
  if (problems.length === 0) return null;
  const failed = world.runner.runs.filter((r) => r.conclusion === 'failure').slice(-2);
  return `${problems.join('; ')}${failed.length > 0 ? `; failed runs: ${failed.map((r) => `${describe(r)}: ${failureTail(r, 6).join(' | ')}`).join(' || ')}` : ''}`;
}

export const releaseLife: FigureGroup = {
  names: ['api_calls_per_release', 'approval_hops', 'ci_to_publish_delay_s'],
  async run(context) {
    const { log } = context;
    const bundle = await actionBundle(context);
    const world = await startWorld({ bundleDir: bundle.dir, log: (line) => (process.env.BENCH_VERBOSE === '1' ? log(line) : undefined) });
    const results: FigureResult[] = [];
    const watch =
      process.env.BENCH_VERBOSE === '1'
        ? setInterval(() => {
            const open = world.runner.runs.filter((r) => r.status !== 'completed');
            log(`bench: open runs: ${open.map((r) => `${describe(r)} ${r.status} [${r.jobs.map((j) => `${j.id}:${j.conclusion ?? '…'}:${j.steps.map((s) => `${s.name}=${s.conclusion ?? '…'}`).join(',')}`).join(' ')}]`).join(' | ') || 'none'}`);
          }, 15_000)
        : undefined;
    try {
      if (world.npm === null) throw new Error('the world started without Verdaccio, so npm cannot be published');
      await within(world, 'cutting the publish config to github + npm', keepTargets(world, TARGETS));

      // 1. CI already green when the approval arrives.
      const lifeStart = world.requests.length;
      world.markPhase('request');
      const a = await within(world, 'the first release request', request(world));
      const ci = await world.api(WORLD.managers[0], 'GET', `/repos/${WORLD.product}/commits/${(await world.issue(a.issue)).request?.releaseCommit ?? ''}/status`);
      const ciState = (ci.json as { state?: string }).state;
      world.markPhase('approval');
      const labelAt = Date.now();
      await within(world, 'the approval of the first request', world.addLabel(WORLD.managers[0], a.issue, 'accepted'));
      world.markPhase('after');
      const notPublished = await published(world, a);
      if (notPublished !== null) throw new Error(`the CI-green release did not publish: ${notPublished}`);

      const life = world.requests.slice(lifeStart);
      const ours = life.filter((e) => e.identity === WORLD.bot && isApi(e));
      const phases = world.phases().filter((p) => p.name === 'request' || p.name === 'approval');
      const perPhase = Object.fromEntries(
        phases.map((p) => {
          const calls = p.requests.filter((e) => e.identity === WORLD.bot && isApi(e));
          return [p.name, { calls: calls.length, writes: calls.filter((e) => e.isWrite).length, runs: p.runs.map(describe) }];
        }),
      );
      // Per job of our action (exact attribution from its own request log lines).
      const perJob: Record<string, number> = {};
      for (const p of phases) {
        for (const r of p.runs) {
          for (const j of r.jobs) {
            const n = jobCalls(j).length;
            if (n > 0) perJob[`${p.name}: ${r.workflow.name} #${r.runNumber} (${r.event}${r.action ? `.${r.action}` : ''}) › ${j.id}`] = n;
          }
        }
      }
      const labeled = world.runner.runs.find((r) => r.repository === WORLD.control && r.event === 'issues' && r.action === 'labeled' && r.actor === WORLD.managers[0] && startOf(r) >= labelAt - 5);
      const decideJob = labeled?.jobs.find((j) => j.id === 'decide');
      const decideCalls = decideJob ? jobCalls(decideJob) : [];
      const firstWrite = decideCalls.findIndex((c) => c.method !== 'GET' && c.method !== 'HEAD');
      const decisionReads = (firstWrite < 0 ? decideCalls : decideCalls.slice(0, firstWrite)).filter((c) => c.method === 'GET');
      const requestReads = decisionReads.filter((c) => /^\/repos\/[^/]+\/[^/]+\/issues\/\d+$/.test(c.path));
      const rightsReads = decisionReads.filter((c) => /\/teams\/[^/]+\/memberships\/|\/collaborators\/[^/]+\/permission$|\/orgs\/[^/]+\/members\//.test(c.path));
      const extra = decisionReads.length - Math.min(1, requestReads.length) - rightsReads.length;
      const writes = ours.filter((e) => e.isWrite);
      results.push(
        figure('api_calls_per_release', ours.length, 'API calls', '<= 25', {
          extraCondition: decideJob !== undefined && extra <= 1,
          details: {
            summary: `${ours.length} REST calls by our App over the request's life (${writes.length} writes = ${writes.length * 5} secondary-limit points, ${ours.length - writes.length} reads); the approval decision read ${decisionReads.length} (request ${requestReads.length}, rights ${rightsReads.length}, other ${extra})`,
            ci_state_at_approval: ciState,
            by_endpoint: countBy(ours, key),
            writes_by_endpoint: countBy(writes, key),
            secondary_limit_points: writes.length * 5 + (ours.length - writes.length),
            per_phase: perPhase,
            per_job: perJob,
            approval_decision: { reads_before_first_write: decisionReads.map((c) => `${c.method} ${c.path}`), request_reads: requestReads.length, rights_reads: rightsReads.length, other_reads: extra },
            decide_job_calls: decideCalls.map((c) => `${c.method} ${c.path} ${c.status}`),
            publish_job_calls: (labeled?.jobs.find((j) => j.id === 'publish') ? jobCalls(labeled.jobs.find((j) => j.id === 'publish') as JobRecord) : []).map((c) => `${c.method} ${c.path} ${c.status}`),
            others: {
              // The people's own calls, and the bench's checks (CI state, where the release landed).
              people_and_bench: countBy(life.filter((e) => e.identity !== null && !e.identity.endsWith('[bot]') && isApi(e)), (e) => `${e.identity ?? ''} ${key(e)}`),
              workflow_tokens: life.filter((e) => e.identity === 'github-actions[bot]' && isApi(e)).length,
              git_smart_http: life.filter((e) => e.operationId === 'git/smart-http').length,
            },
          },
        }),
      );

      const first = await firstRegistryWrite(world, a.version, labelAt);
      const publisher = first ? runPublishingAt(world, first.at) : undefined;
      if (!first || !publisher) {
        results.push(unmeasured('approval_hops', 'workflow runs', '<= 1', 'could not find the first registry write or the run that made it'));
      } else {
        const chain = chainTo(world, publisher).filter((r) => startOf(r) >= labelAt - 5);
        const started = world.runner.runs.filter((r) => startOf(r) >= labelAt - 5 && startOf(r) <= first.at);
        results.push(
          figure('approval_hops', chain.length, 'workflow runs', '<= 1', {
            details: {
              summary: `label → ${chain.map(describe).join(' → ')} → ${first.where} after ${((first.at - labelAt) / 1000).toFixed(1)} s; Sentry's design: 3 (labeled, poller, ci-ready)`,
              path: chain.map(describe),
              label_to_first_write_s: (first.at - labelAt) / 1000,
              first_write: first.where,
              runs_started_meanwhile: started.map(describe),
            },
          }),
        );
      }

      // 2. CI finishes after the approval.
      world.markPhase('between');
      await within(world, 'the changelog commit', addUnreleased(world));
      world.holdCi();
      world.markPhase('request-late-ci');
      const b = await within(world, 'the second release request (CI held)', request(world));
      world.markPhase('approval-late-ci');
      await within(world, 'the approval of the second request', world.addLabel(WORLD.managers[0], b.issue, 'accepted'));
      const parked = await world.issue(b.issue);
      const waiting = world.runner.runs.filter((r) => r.repository === WORLD.control && r.status !== 'completed');
      const heldCi = world.runner.runs.filter((r) => r.repository === WORLD.product && r.status !== 'completed');
      world.markPhase('ci-finishes');
      const releaseAt = Date.now();
      await within(world, 'CI finishing and what follows', world.releaseCi());
      world.markPhase('after-late-ci');
      const notPublishedB = await published(world, b);
      const ciRun = world.runner.runs.find((r) => r.repository === WORLD.product && r.workflow.name === 'CI' && r.ref.endsWith(`/release/${b.version}`));
      const build = ciRun?.jobs.find((j) => j.id === 'build');
      const firstB = await firstRegistryWrite(world, b.version, releaseAt);
      const reconcileYml = parseYaml(await readFile(join(ROOT, '.github/workflows/reconcile.yml'), 'utf8')) as { on?: { schedule?: { cron: string }[]; repository_dispatch?: { types?: string[] } } };
      const crons = (reconcileYml.on?.schedule ?? []).map((s) => s.cron);
      const interval = crons.map(cronInterval).filter((v): v is number => v !== null);
      if (notPublishedB !== null || !build?.finishedAt || !firstB) {
        results.push(
          unmeasured('ci_to_publish_delay_s', 's', '< 60', notPublishedB ?? (firstB ? 'the CI run of the release branch was not found' : 'no registry write after CI finished'), {
            parked_labels: parked.labels,
            parked_state: parked.request?.state ?? null,
          }),
        );
      } else {
        const ciDone = build.finishedAt.getTime();
        const delay = (firstB.at - ciDone) / 1000;
        const publisherB = runPublishingAt(world, firstB.at);
        const chain = publisherB ? chainTo(world, publisherB) : [];
        const afterCi = chain.filter((r) => startOf(r) >= ciDone - 5);
        const reconcileRun = chain.find((r) => r.workflow.path.endsWith('reconcile.yml'));
        const reconcileToWrite = reconcileRun ? (firstB.at - startOf(reconcileRun)) / 1000 : null;
        results.push(
          figure('ci_to_publish_delay_s', delay, 's', '< 60', {
            extraCondition: waiting.length === 0,
            details: {
              summary: `CI done → ${chain.filter((r) => r !== ciRun).map(describe).join(' → ')} → ${firstB.where} in ${delay.toFixed(1)} s (sandbox clock); control-repo runs waiting while CI ran: ${waiting.length}; if the ci-finished dispatch is lost, the */${interval[0] ?? '?'} cron picks it up within ${interval[0] ?? '?'} min`,
              path: chain.map(describe),
              runs_after_ci: afterCi.length,
              parked_with: parked.labels,
              control_runs_waiting_during_ci: waiting.map(describe),
              product_runs_held: heldCi.map(describe),
              reconcile_start_to_first_write_s: reconcileToWrite,
              cron: crons,
              cron_fallback_worst_case_s: interval.length > 0 && reconcileToWrite !== null ? Math.min(...interval) * 60 + reconcileToWrite : null,
              first_write: firstB.where,
            },
          }),
        );
      }
      return results;
    } catch (error) {
      const reason = messageOf(error).slice(0, 800);
      const specs: [string, string, string][] = [
        ['api_calls_per_release', 'API calls', '<= 25'],
        ['approval_hops', 'workflow runs', '<= 1'],
        ['ci_to_publish_delay_s', 's', '< 60'],
      ];
      for (const [name, unit, goal] of specs) if (!results.some((r) => r.name === name)) results.push(unmeasured(name, unit, goal, reason));
      return results;
    } finally {
      if (watch) clearInterval(watch);
      await world.close();
    }
  },
};
