/**
 * The release `npm start` plays in the sandbox world: alice dispatches the product's Release
 * workflow, the request workflow runs, rita adds `accepted`, the control repo decides and
 * publishes; then what the issue says and where the package landed. Each stage that a handler
 * cannot do yet ("not available in this version") ends the play with what comes next, exit 0.
 */
import { startWorld, WORLD, failureTail, unavailableCommands, type World, type WorldIssue } from '../test/sandbox/world.js';
import type { RunRecord } from '../test/sandbox/runner/types.js';

/** How to play. */
export interface PlayOptions {
  /** Leave everything running and print URLs and tokens; resolves only when `stop` fires. */
  readonly keep?: boolean;
  readonly out?: (line: string) => void;
  /** Resolves when the player should stop waiting (Ctrl-C) with --keep. */
  readonly stopped?: Promise<void>;
  /** Called once the world exists, so a signal handler can close it. */
  readonly onWorld?: (world: World) => void;
  /** Version input of the Release workflow (default `minor`). */
  readonly version?: string;
}

/** What comes next when a command is not available yet. */
const NEXT: Record<string, string> = {
  request: 'the request command (src/handlers/request.ts): push release/<version> with the version bump and open "publish: acme/widget@<version>" in acme/publish; then rita adds `accepted`',
  'auto-approve': 'auto-approve on opened requests (src/handlers/auto-approve.ts); acme/widget matches no rule, so a release manager approves it by hand anyway',
  approve: 'the approve command (src/handlers/approve.ts): check who added `accepted`, that the request is genuine and CI is green on the release commit, then publish in the same run',
  publish: 'the publish command (src/handlers/publish.ts): github, npm, oci and registry targets, merge release/<version> into main, close the issue',
  reconcile: 'the reconcile command (src/handlers/reconcile.ts): publish approved requests whose CI finished later, expire old ones',
  comment: 'the comment command (src/handlers/comment.ts): #retract, #hold, #unhold, #approve',
};

/** Plays the release; resolves with the exit code. */
export async function playRelease(options: PlayOptions = {}): Promise<number> {
  const out = options.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  out('publish-approval: a release played in the sandbox (GitHub stand-in, real git, real registries, the real workflows)');
  out('');
  const world = await startWorld({ log: out });
  options.onWorld?.(world);
  try {
    out(`  org ${WORLD.org}: product ${WORLD.product}, control repo ${WORLD.control}, release registry ${WORLD.releases}`);
    out(`  people: ${WORLD.engineer} (engineer), ${WORLD.managers.join(' and ')} (release managers), ${WORLD.outsider} (no rights), ${WORLD.pending} (invited, pending)`);
    out(`  the App ${WORLD.bot} opens and updates requests; targets of ${WORLD.packageName}: ${world.targets.join(', ')}`);
    out('');
    const code = await play(world, out, options.version ?? 'minor');
    if (options.keep) {
      printKeep(world, out);
      // What people do to the kept world shows up in the timeline as its runs finish.
      const ticker = setInterval(() => world.flush(), 500);
      try {
        await options.stopped;
      } finally {
        clearInterval(ticker);
      }
    }
    return code;
  } finally {
    await world.close();
  }
}

/** Lines explaining a failed or unfinished stage; 'next' when only missing commands stopped it. */
function judge(runs: readonly RunRecord[], out: (line: string) => void): 'ok' | 'next' | 'failed' {
  let verdict: 'ok' | 'next' | 'failed' = 'ok';
  for (const run of runs) {
    if (run.conclusion !== 'failure') continue;
    const missing = unavailableCommands(run);
    if (missing.length > 0) {
      for (const command of missing) out(`        not available yet: ${command}. next: ${NEXT[command] ?? command}`);
      if (verdict === 'ok') verdict = 'next';
      continue;
    }
    out(`        ${run.workflow.name} #${run.runNumber} (${run.repository}) failed:`);
    for (const line of failureTail(run, 15)) out(`        ${line}`);
    verdict = 'failed';
  }
  return verdict;
}

function showIssue(issue: WorldIssue, out: (line: string) => void, withBody: boolean): void {
  out(`  ${WORLD.control}#${issue.number} "${issue.title}" (${issue.state}${issue.stateReason ? `, ${issue.stateReason}` : ''}) by ${issue.author}, labels: ${issue.labels.join(', ') || 'none'}`);
  const human = issue.body.split('\n<!--')[0] ?? '';
  const lines = withBody ? human.split('\n').filter((l) => l.trim() !== '').slice(0, 10) : [];
  for (const line of lines) out(`  | ${line.length > 110 ? `${line.slice(0, 107)}...` : line}`);
  if (issue.request !== null) {
    const r = issue.request;
    out(`  request: ${r.state}, commit ${r.releaseCommit.slice(0, 10)} on ${r.releaseBranch}, approvals ${r.approvals.map((a) => a.login).join(', ') || 'none'}/${r.requiredApprovals}`);
    if (r.targets.length > 0) out('  targets:');
    for (const t of r.targets) out(`    ${t.id.padEnd(10)} ${t.state.padEnd(8)} ${t.location ?? ''}`.trimEnd());
  } else if (issue.parseError !== undefined) {
    out(`  (the body does not parse as a request: ${issue.parseError})`);
  }
  const last = issue.comments.at(-1);
  if (last !== undefined) {
    out(`  ${issue.comments.length} comment(s); the last, by ${last.author}:`);
    for (const line of last.body.split('\n').filter((l) => l.trim() !== '').slice(0, 6)) out(`  > ${line.length > 110 ? `${line.slice(0, 107)}...` : line}`);
  }
}

async function play(world: World, out: (line: string) => void, version: string): Promise<number> {
  out('Timeline');
  world.markPhase('request');
  const before = world.runner.runs.length;
  const release = await world.dispatchRelease(WORLD.engineer, { version });
  const requestRuns = world.runner.runs.slice(before);
  const afterRequest = judge(requestRuns, out);
  if (release.conclusion !== 'success') return afterRequest === 'failed' ? 1 : 0;

  const number = world.requestIssues()[0];
  if (number === undefined) {
    out('        the Release run succeeded, but no publish request appeared in acme/publish');
    return 1;
  }
  out('');
  out('The publish request that was opened:');
  showIssue(await world.issue(number), out, true);
  out('');
  if (afterRequest === 'failed') return 1;

  world.markPhase('approval');
  const approvalStart = world.runner.runs.length;
  await world.addLabel(WORLD.managers[0], number, 'accepted');
  const approvalVerdict = judge(world.runner.runs.slice(approvalStart), out);

  out('');
  out('What the issue says now:');
  const issue = await world.issue(number);
  showIssue(issue, out, false);
  out('');
  const landed = issue.request !== null ? await world.landed(issue.request.version) : null;
  if (landed !== null) {
    out('Where the package landed:');
    out(`  npm       ${landed.npm ? `${WORLD.packageName}@${landed.npm.version} (npm view: dist-tags ${Object.entries(landed.npm.distTags).map(([k, v]) => `${k}=${v}`).join(' ')}, ${landed.npm.integrity.slice(0, 20)}...)` : world.npm ? 'not published' : 'no registry in this world'}`);
    out(`  GitHub    ${landed.release ? `release ${landed.release.tag}${landed.release.draft ? ' (draft)' : ''}: ${landed.release.assets.map((a) => `${a.name} (${a.size} B)`).join(', ') || 'no assets'}` : 'no release'}`);
    out(`  image     ${landed.image ? `${landed.image.reference} ${landed.image.digest} (tags ${landed.image.tags.join(', ')})` : world.oci ? 'not pushed' : 'no container registry in this world'}`);
    out(`  registry  ${landed.registry ? `${WORLD.releases}:${landed.registry.path} (commit ${String(landed.registry.record.commit).slice(0, 10)}, approvers ${JSON.stringify(landed.registry.record.approvers)})` : 'no record'}`);
    out(`  branch    ${issue.request?.releaseBranch ?? ''}: ${landed.merged ? 'merged into main' : 'not merged'}, ${landed.branchDeleted ? 'deleted' : 'still there'}; tag ${landed.tag ? `${landed.version} → ${landed.tag.slice(0, 10)}` : 'none'}`);
  }
  out('');
  const phases = world.phases();
  out(`GitHub API calls: ${phases.map((p) => `${p.name} ${p.requests.length} (${p.requests.filter((e) => e.isWrite).length} writes, ${p.runs.length} runs)`).join('; ')}`);
  if (approvalVerdict === 'failed') return 1;
  if (approvalVerdict === 'next') out('Played as far as this version goes (see "next" above).');
  else if (issue.state === 'closed') out('Released.');
  else out(`The request is ${issue.request?.state ?? 'unreadable'}: the decide job said "${world.runsOf('Publish requests', WORLD.control).at(-1)?.jobs[0]?.outputs.decision ?? '?'}" (see the timeline).`);
  return 0;
}

function printKeep(world: World, out: (line: string) => void): void {
  const { urls, tokens } = world;
  out('');
  out('The sandbox keeps running (--keep); Ctrl-C stops everything.');
  out(`  GitHub API   ${urls.api}`);
  for (const [name, url] of Object.entries(urls.git)) out(`  git          ${name}: ${url}`);
  if (urls.npm) out(`  npm          ${urls.npm}  (ci-bot token ${tokens.npm})`);
  if (urls.oci) out(`  registry     ${urls.oci}  (basic auth ${tokens.oci})`);
  out(`  folder       ${urls.dir}`);
  out('  tokens:');
  for (const login of [WORLD.engineer, ...WORLD.managers, WORLD.outsider, WORLD.pending]) out(`    ${login.padEnd(8)} ${tokens[login]}`);
  out('  try:');
  out(`    curl -s -H "authorization: Bearer ${tokens[WORLD.managers[0]]}" ${urls.api}/repos/${WORLD.control}/issues/1 | jq .title,.state,.labels`);
  out(`    curl -s -X POST -H "authorization: Bearer ${tokens[WORLD.managers[0]]}" ${urls.api}/repos/${WORLD.control}/issues/1/comments -d '{"body":"#hold"}'`);
  out(`    git -c http.extraheader="AUTHORIZATION: basic $(printf 'x-access-token:%s' ${tokens[WORLD.engineer]} | base64 -w0)" clone ${urls.git[WORLD.product]}`);
  if (urls.npm) out(`    npm view ${WORLD.packageName} --registry ${urls.npm}`);
  if (urls.oci) out(`    curl -s -u ${tokens.oci} ${urls.oci}/v2/${WORLD.image}/tags/list`);
}
