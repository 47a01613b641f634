/**
 * `reconcile_1000_calls`: one reconcile pass over 1,000 open publish requests, of which 10 are
 * parked (`ci-pending`, approved, CI now green) and the rest need nothing. The pass is the real
 * `reconcile()` of src/control/reconcile.ts on the Octokit port against the sandbox GitHub; the
 * sandbox counts every call.
 *
 * Goal (issue 7): the calls are at most the pages of the listing (10 pages of 100) plus the calls
 * for the parked requests it acts on: no call may touch a request that needs nothing. The value is
 * every API call of the pass; the goal is the pages plus the calls attributed to the acted-on
 * requests, and it is met only when the listing took at most 10 pages and no call touched an idle
 * request.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileRules } from '../../src/config/auto-approve.js';
import { loadConfigText } from '../../src/config/load.js';
import type { Control } from '../../src/control/context.js';
import { reconcile } from '../../src/control/reconcile.js';
import type { Logger } from '../../src/deps.js';
import { createOctokitPort } from '../../src/github/octokit-adapter.js';
import { withState } from '../../src/request-format/index.js';
import { startGitHubSandbox } from '../../test/sandbox/github/index.js';
import { BOT, CONTROL, createControlFixture, fixturePolicy } from '../lib/control-fixture.js';
import { figure, type FigureGroup } from '../lib/figure.js';

const OPEN = 1000;
const PARKED = 10;
const PAGE = 100;

const quiet: Logger = {
  info: () => undefined,
  debug: () => undefined,
  notice: () => undefined,
  warning: () => undefined,
  error: () => undefined,
  mask: () => undefined,
  setOutput: () => undefined,
  appendSummary: async () => undefined,
};

export const reconcileScale: FigureGroup = {
  names: ['reconcile_1000_calls'],
  async run({ log }) {
    const dir = await mkdtemp(join(tmpdir(), 'publish-approval-bench-reconcile-'));
    const sandbox = await startGitHubSandbox({ rootDir: join(dir, 'github') });
    try {
      const fixture = await createControlFixture(sandbox, join(dir, 'workspace'));
      // Parked requests are spread over the listing (newest first), not bunched on page 1.
      const parkedAt = new Set(Array.from({ length: PARKED }, (_, i) => Math.floor(((i + 0.5) * OPEN) / PARKED)));
      const parked = new Set<number>();
      const started = Date.now();
      for (let i = 0; i < OPEN; i += 1) {
        const version = `2.${Math.floor(i / 100)}.${i % 100}`;
        if (parkedAt.has(i)) {
          const base = fixture.request(version);
          const request = withState({ ...base, approvals: [{ login: 'rita', at: new Date().toISOString(), commit: fixture.sha, via: 'label', rule: null }] }, 'parked-ci');
          parked.add(await fixture.openRequest(request, ['accepted', 'ci-pending']));
        } else {
          await fixture.openRequest(fixture.request(version));
        }
      }
      log(`bench: ${OPEN} requests opened in ${((Date.now() - started) / 1000).toFixed(1)} s`);

      const github = createOctokitPort({ token: fixture.botToken, baseUrl: sandbox.apiUrl, log: quiet, botLogin: BOT, minWriteIntervalMs: 0 });
      const policy = loadConfigText('policy', fixturePolicy(), '.github/publish-policy.yml').config;
      const control: Control = {
        github,
        clock: { now: () => Date.now() },
        log: quiet,
        controlRepo: { ...CONTROL },
        policy,
        rules: compileRules([]),
        automation: new Set([BOT]),
        settleMs: 0,
        sleep: async () => undefined,
        runUrl: null,
      };
      const from = sandbox.requests.entries.length;
      const summary = await reconcile(control);
      const calls = sandbox.requests.entries.slice(from).filter((e) => !e.operationId.startsWith('sandbox/'));

      const issueOf = (path: string): number | null => {
        const m = /^\/repos\/acme\/publish\/issues\/(\d+)(?:\/|$)/.exec(path);
        return m ? Number(m[1]) : null;
      };
      const listing = calls.filter((e) => e.method === 'GET' && e.route === '/repos/{owner}/{repo}/issues');
      const onIdle = calls.filter((e) => {
        const n = issueOf(e.path);
        return n !== null && !parked.has(n);
      });
      const acted = calls.length - listing.length - onIdle.length;
      const pages = Math.ceil(OPEN / PAGE);
      const byRoute: Record<string, number> = {};
      for (const e of calls) {
        const key = `${e.method} ${e.route || e.path}`;
        byRoute[key] = (byRoute[key] ?? 0) + 1;
      }
      return [
        figure('reconcile_1000_calls', calls.length, 'API calls', `<= ${pages + acted}`, {
          extraCondition: listing.length <= pages && onIdle.length === 0 && summary.dispatched.length === PARKED,
          details: {
            summary: `${calls.length} calls for ${summary.examined} open requests: ${listing.length} listing pages + ${acted} for the ${summary.dispatched.length} parked requests dispatched (${(acted / Math.max(1, summary.dispatched.length)).toFixed(1)} each) + ${onIdle.length} on requests that needed nothing`,
            open_requests: OPEN,
            examined: summary.examined,
            parked: PARKED,
            dispatched: summary.dispatched.length,
            listing_pages: listing.length,
            calls_for_acted: acted,
            calls_on_idle_requests: onIdle.length,
            writes: calls.filter((e) => e.isWrite).length,
            by_route: byRoute,
          },
        }),
      ];
    } finally {
      await sandbox.close();
      await rm(dir, { recursive: true, force: true });
    }
  },
};
