/**
 * The "our publisher" side of publish_time_ratio, run as its own process (bundled with ncc, so
 * plain node runs it like the action): the orchestrator `publishRequest` publishes one approved
 * request to Verdaccio, reading the artifacts from the sandbox GitHub and saving the request into
 * its issue after every state change, exactly as the publish command does.
 *   node <bundle>/index.js <input.json>   → prints one JSON line with the outcome
 */
import { readFile } from 'node:fs/promises';
import type { Logger } from '../../src/deps.js';
import { loadConfigText } from '../../src/config/load.js';
import { saveRequest } from '../../src/control/request-store.js';
import { createOctokitPort } from '../../src/github/octokit-adapter.js';
import type { IssueRecord } from '../../src/github/port.js';
import { publishRequest } from '../../src/publisher/orchestrator.js';
import { parseRequest } from '../../src/request-format/index.js';

/** What the parent passes in the input file. */
export interface PublishChildInput {
  readonly apiUrl: string;
  readonly token: string;
  readonly controlRepo: { owner: string; repo: string };
  readonly issueNumber: number;
  readonly craft: string;
  readonly npmToken: string;
  readonly workDir: string;
}

/** The JSON line the child prints. */
export interface PublishChildOutput {
  readonly ok: boolean;
  readonly publishMs: number;
  readonly maxRssKb: number;
  readonly outcomes: Record<string, number>;
  readonly error: string | null;
}

const started = process.hrtime.bigint();
const input = JSON.parse(await readFile(process.argv[2] as string, 'utf8')) as PublishChildInput;
const errors: string[] = [];
// BENCH_CHILD_VERBOSE=1 prints every log line with its time since start (to see where time goes).
const verbose = process.env.BENCH_CHILD_VERBOSE === '1';
const trace = (level: string) => (message: string) => {
  if (verbose) process.stderr.write(`${(Number(process.hrtime.bigint() - started) / 1e6).toFixed(0).padStart(6)} ms ${level}: ${message}\n`);
};
const log: Logger = {
  info: trace('info'),
  debug: trace('debug'),
  notice: () => undefined,
  warning: (m) => {
    trace('warning')(m);
    errors.push(`warning: ${m}`);
  },
  error: (m) => {
    trace('error')(m);
    errors.push(`error: ${m}`);
  },
  mask: () => undefined,
  setOutput: () => undefined,
  appendSummary: async () => undefined,
};
let output: PublishChildOutput;
try {
  const github = createOctokitPort({ token: input.token, baseUrl: input.apiUrl, log, minWriteIntervalMs: 0 });
  let issue: IssueRecord = await github.getIssue(input.controlRepo, input.issueNumber);
  const request = parseRequest(issue.title, issue.body);
  const result = await publishRequest({
    github,
    log,
    clock: { now: () => Date.now() },
    request,
    config: loadConfigText('craft', input.craft, '.craft.yml').config,
    productRepo: request.repo,
    env: { NPM_TOKEN: input.npmToken, PATH: process.env.PATH },
    workDir: input.workDir,
    dryRun: false,
    save: async (next) => {
      issue = await saveRequest(github, input.controlRepo, issue, next);
    },
    runUrl: null,
  });
  const outcomes: Record<string, number> = {};
  for (const t of result.targets) outcomes[t.outcome] = (outcomes[t.outcome] ?? 0) + 1;
  output = { ok: result.ok, publishMs: Number(process.hrtime.bigint() - started) / 1e6, maxRssKb: process.resourceUsage().maxRSS, outcomes, error: result.error ?? (result.ok ? null : errors.slice(0, 3).join(' | ')) };
} catch (error) {
  output = { ok: false, publishMs: Number(process.hrtime.bigint() - started) / 1e6, maxRssKb: process.resourceUsage().maxRSS, outcomes: {}, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}
process.stdout.write(`${JSON.stringify(output)}\n`);
process.exit(output.ok ? 0 : 1);
