/**
 * The issue body of a publish request: a human part rendered from the request, a collapsible
 * changelog, and a hidden machine block at the very end. The machine block is authoritative;
 * the parser reads only the machine block and the changelog region, whose sha256 the block
 * records. Everything else in the body (checkboxes, links, lines a changelog may imitate) is
 * display and never read back.
 */
import { createHash } from 'node:crypto';
import { RequestFormatError } from './error.js';
import { fittingPrefix, neutralise, restore } from './changelog-text.js';
import {
  HISTORY_KEEP_LATEST,
  machineSchema,
  parseWith,
  publishRequestInputSchema,
  changelogRule,
  type HistoryEntry,
  type MachineBlock,
  type PublishRequest,
  type Target,
} from './schema.js';
import { parseTitle, sameTitleParts } from './title.js';

/** GitHub's limit on an issue body, in UTF-16 code units (`string.length`). */
export const BODY_LIMIT = 65_536;
/** The format version written in the machine block. */
export const FORMAT_VERSION = 1;
/** Bodies longer than this are rejected before any scanning (a valid body is at most BODY_LIMIT, twice that with CRLF). */
export const PARSE_LIMIT = 4 * BODY_LIMIT;

const MACHINE_PREFIX = '<!-- publish-approval:request';
const MACHINE_OPEN = `${MACHINE_PREFIX} v${FORMAT_VERSION}`;
const MACHINE_CLOSE = '-->';
const CHANGELOG_BEGIN = '<!-- publish-approval:changelog -->';
const CHANGELOG_END = '<!-- /publish-approval:changelog -->';

/** The links shown in a request, derived from its machine part. */
export interface RequestLinks {
  readonly repository: string;
  /** The compare view from the previous tag, or the release commit when there is none. */
  readonly changes: string;
  readonly checks: string;
  readonly commit: string;
  /** The tree of the release commit (where the full changelog file lives). */
  readonly tree: string;
  readonly workflowRun: string | null;
}

/** The links of a request: changes, check runs of the release commit, the commit, the workflow run. */
export function requestLinks(request: Pick<PublishRequest, 'serverUrl' | 'repo' | 'path' | 'releaseCommit' | 'previousTag' | 'workflowRunUrl'>): RequestLinks {
  const repository = `${request.serverUrl}/${request.repo.owner}/${request.repo.repo}`;
  const commit = `${repository}/commit/${request.releaseCommit}`;
  return {
    repository,
    changes: request.previousTag === null ? commit : `${repository}/compare/${request.previousTag}...${request.releaseCommit}`,
    checks: `${commit}/checks`,
    commit,
    tree: `${repository}/tree/${request.releaseCommit}${request.path === null ? '' : `/${request.path}`}`,
    workflowRun: request.workflowRunUrl,
  };
}

/** Markdown-escapes one line of free text so it shows literally (no links, mentions of structure, tables or HTML). */
function md(text: string): string {
  let out = '';
  for (const ch of text) {
    if (ch === '<') out += '&lt;';
    else if (ch === '>') out += '&gt;';
    else if (ch === '&') out += '&amp;';
    else if ('\\`*_[]{}()#+-.!|~@'.includes(ch)) out += `\\${ch}`;
    else out += ch;
  }
  return out;
}

/** `1234567` → `1,234,567` (no Intl: fast and the same on every runner). */
function grouped(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+$)/g, ',');
}

function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

function formatSize(bytes: number): string {
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = '';
  for (const u of units) {
    if (value < 1024) break;
    value /= 1024;
    unit = u;
  }
  return unit === '' ? `${grouped(bytes)} bytes` : `${value.toFixed(1)} ${unit} (${grouped(bytes)} bytes)`;
}

const STATE_TEXT: Record<PublishRequest['state'], string> = {
  open: 'waiting for approval',
  'parked-ci': 'approved, waiting for CI on the release commit',
  publishing: 'publishing',
  published: 'published',
  failed: 'publishing failed; re-add the `accepted` label to retry what is left',
  retracted: 'retracted',
  expired: 'expired',
};

function targetLines(target: Target): string[] {
  const box = target.state === 'done' || target.state === 'skipped' ? 'x' : ' ';
  const lines = [` - [${box}] ${target.id}`];
  const facts: string[] = [];
  if (target.state !== 'pending' || target.updatedAt !== null) facts.push(target.state);
  if (target.updatedAt !== null) facts.push(target.updatedAt);
  if (target.durationMs !== null) facts.push(formatDuration(target.durationMs));
  if (target.location !== null) facts.push(`\`${target.location}\``);
  if (target.detail !== null) facts.push(md(target.detail));
  if (facts.length > 0) lines.push(`   - ${facts.join(' · ')}`);
  return lines;
}

function approvalLines(request: PublishRequest): string[] {
  const who = request.approvals.map((a) => `@${a.login} (${a.via === 'rule' ? `rule \`${a.rule ?? ''}\`` : a.via}, ${a.at})`);
  const lines: string[] = [];
  if (request.requiredApprovals === 1) {
    lines.push('Assign the **accepted** label to this issue to approve the release.');
  } else {
    lines.push(
      `This release needs **${request.requiredApprovals} approvals** from different release managers: the **accepted** label gives the first, ` +
        'each further one is a comment with `#approve` on a line of its own.',
    );
  }
  if (who.length > 0 || request.requiredApprovals > 1) {
    const missing = Math.max(0, request.requiredApprovals - request.approvals.length);
    const list = who.length > 0 ? who.join(', ') : 'nobody yet';
    lines.push(`Approved by: ${list}; ${request.approvals.length} of ${request.requiredApprovals}${missing > 0 ? `, ${missing} missing` : ''}.`);
  }
  return lines;
}

// Actors are code spans, not @mentions: a body re-rendered after every event must not ping everyone again.
function historyTable(request: PublishRequest): string[] {
  const rows = request.history.map(
    (h: HistoryEntry) => `| ${h.at} | ${h.event} | ${h.actor === null ? '' : `\`${h.actor}\``} | ${h.detail === null ? '' : md(h.detail)} |`,
  );
  const dropped = request.historyDropped > 0 ? [``, `${request.historyDropped} earlier events are not kept (the first event and the latest ${HISTORY_KEEP_LATEST} are).`] : [];
  return [
    `<details><summary>History (${request.history.length + request.historyDropped} events)</summary>`,
    '',
    '| Time | Event | By | Detail |',
    '| --- | --- | --- | --- |',
    ...rows,
    ...dropped,
    '',
    '</details>',
  ];
}

function machineJson(request: PublishRequest, changelogSha256: string): string {
  const block: MachineBlock = {
    repo: { owner: request.repo.owner, repo: request.repo.repo },
    path: request.path,
    version: request.version,
    serverUrl: request.serverUrl,
    releaseBranch: request.releaseBranch,
    releaseCommit: request.releaseCommit,
    previousTag: request.previousTag,
    mergeTarget: request.mergeTarget,
    requester: request.requester,
    requestedAt: request.requestedAt,
    workflowRunUrl: request.workflowRunUrl,
    state: request.state,
    requiredApprovals: request.requiredApprovals,
    approvals: request.approvals,
    hold: request.hold,
    targets: request.targets,
    artifacts: request.artifacts,
    history: request.history,
    historyDropped: request.historyDropped,
    changelogOmitted: request.changelogOmitted,
    changelogSha256,
  };
  // Security: `<` and `>` never appear raw, so the JSON cannot close the comment or open another.
  return JSON.stringify(block).replace(/</g, '\\u003c').replace(/>/g, '\\u003e');
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Renders a validated request that already fits; `changelogText` is the neutralised changelog. */
function assemble(request: PublishRequest, changelogText: string, changelogSha256: string): string {
  const links = requestLinks(request);
  const lines: string[] = [
    `Requested by: @${request.requester}`,
    '',
    `Merge target: ${request.mergeTarget ?? '(default)'}`,
    '',
    'Quick links:',
    `- [View changes](${links.changes})`,
    `- [View check runs](${links.checks})`,
    ...(links.workflowRun === null ? [] : [`- [Workflow run](${links.workflowRun})`]),
    '',
    `Release branch: \`${request.releaseBranch}\``,
    `Release commit: \`${request.releaseCommit}\``,
    `Requested at: ${request.requestedAt}`,
    `State: **${request.state}** (${STATE_TEXT[request.state]})`,
    '',
  ];
  if (request.hold !== null) {
    lines.push(`**On hold by @${request.hold.by}** since ${request.hold.at}: it cannot be approved until \`#unhold\`.`, '');
  }
  lines.push(
    ...approvalLines(request),
    'To retract the release, leave a comment with `#retract` on a line of its own.',
    'To ask release managers to wait, comment `#hold`; `#unhold` lifts the hold.',
    '',
    '### Targets',
    '',
    'Checked targets are done or skipped. The state below is kept by publish-approval; ticking a box by hand changes nothing.',
    '',
  );
  for (const target of request.targets) lines.push(...targetLines(target));
  if (request.targets.length === 0) lines.push('_No targets._');
  lines.push('');
  if (request.artifacts.length > 0) {
    lines.push('### Artifacts', '', '| Name | Size | SHA-256 |', '| --- | ---: | --- |');
    for (const a of request.artifacts) lines.push(`| \`${a.name}\` | ${formatSize(a.size)} | \`${a.sha256}\` |`);
    lines.push('');
  }
  lines.push(...historyTable(request), '', '<details><summary>Changelog</summary>', '');
  if (request.changelogOmitted > 0) {
    lines.push(`_Changelog truncated: ${grouped(request.changelogOmitted)} characters omitted; see ${links.tree}_`, '');
  }
  lines.push(CHANGELOG_BEGIN, changelogText, CHANGELOG_END, '', '</details>', '', MACHINE_OPEN, machineJson(request, changelogSha256), MACHINE_CLOSE);
  return lines.join('\n');
}

/** The request with its history capped: the first entry and the latest HISTORY_KEEP_LATEST, the rest counted. */
function capHistory<T extends PublishRequest>(request: T): T {
  const keep = HISTORY_KEEP_LATEST + 1;
  if (request.history.length <= keep) return request;
  const [first] = request.history;
  const latest = request.history.slice(-HISTORY_KEEP_LATEST);
  return {
    ...request,
    history: first === undefined ? latest : [first, ...latest],
    historyDropped: request.historyDropped + request.history.length - keep,
  };
}

/** Fits a valid request to the body limit and renders it: the request as recorded, and its body. */
function fitAndRender(valid: PublishRequest): { request: PublishRequest; body: string } {
  const request = capHistory(valid);
  const full = assemble(request, neutralise(request.changelog), sha256(request.changelog));
  if (full.length <= BODY_LIMIT) return { request, body: full };
  // The note's digits depend on how much is omitted: budget for the most that could be.
  const mostOmitted = request.changelogOmitted + request.changelog.length;
  const skeleton = assemble({ ...request, changelogOmitted: mostOmitted }, '', '0'.repeat(64)).length;
  const budget = BODY_LIMIT - skeleton;
  if (budget < 0) {
    throw new RequestFormatError(
      'body',
      `the request needs ${grouped(skeleton)} characters even without its changelog; an issue body holds at most ${grouped(BODY_LIMIT)}`,
      'Reduce the number of targets, artifacts or the length of status details.',
    );
  }
  const kept = fittingPrefix(request.changelog, budget);
  const fitted = {
    ...request,
    changelog: request.changelog.slice(0, kept),
    changelogOmitted: request.changelogOmitted + request.changelog.length - kept,
  };
  const body = assemble(fitted, neutralise(fitted.changelog), sha256(fitted.changelog));
  // Defensive: the budget above is an upper bound, so this cannot happen unless the layout changed.
  if (body.length > BODY_LIMIT) throw new RequestFormatError('body', `rendered ${body.length} characters, over the limit of ${BODY_LIMIT}`);
  return { request: fitted, body };
}

/**
 * What renderBody will record for `request`: history capped and the changelog truncated to fit
 * the body limit (`changelogOmitted` counts what was cut). `parseBody(renderBody(x))` equals this.
 */
export function fitToBodyLimit(request: PublishRequest): PublishRequest {
  return fitAndRender(parseWith(publishRequestInputSchema, request, 'request')).request;
}

/**
 * Renders the issue body of a request; throws RequestFormatError when the request is invalid or
 * cannot fit the body limit even without its changelog. Output is at most BODY_LIMIT characters.
 */
export function renderBody(request: PublishRequest): string {
  return fitAndRender(parseWith(publishRequestInputSchema, request, 'request')).body;
}

/** The machine block nests four levels at most; anything deeper is refused before JSON.parse sees it. */
const MAX_JSON_DEPTH = 8;

/** Whether JSON text nests deeper than MAX_JSON_DEPTH (one linear scan that skips strings). */
function tooDeep(json: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_JSON_DEPTH) return true;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return false;
}

function bodyError(path: string, message: string): never {
  throw new RequestFormatError(
    path,
    message,
    'The body of a publish request is written by the request action; restore it from the issue history or open a new request.',
  );
}

/**
 * Parses an issue body into its request. Reads only the machine block (the last one, which must
 * end the body) and the changelog region, verified against the digest in the block. Accepts CRLF.
 */
export function parseBody(body: unknown): PublishRequest {
  if (typeof body !== 'string') bodyError('body', `must be a string, got ${body === null ? 'null' : typeof body}`);
  if (body.length > PARSE_LIMIT) bodyError('body', `is ${body.length} characters long; a publish request body is at most ${BODY_LIMIT}`);
  const text = body.includes('\r') ? body.split('\r\n').join('\n') : body;

  let end = text.length;
  while (end > 0) {
    const c = text.charCodeAt(end - 1);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
    end--;
  }
  const missing = `has no publish-approval block at its end (a hidden "${MACHINE_OPEN}" comment)`;
  if (end < MACHINE_CLOSE.length || !text.startsWith(MACHINE_CLOSE, end - MACHINE_CLOSE.length)) bodyError('body.machine', missing);
  const open = text.lastIndexOf(MACHINE_PREFIX, end - MACHINE_CLOSE.length);
  if (open < 0) bodyError('body.machine', missing);
  if (open > 0 && text.charCodeAt(open - 1) !== 0x0a) bodyError('body.machine', 'must start on a line of its own');
  const headerEnd = text.indexOf('\n', open);
  if (headerEnd < 0 || headerEnd > end - MACHINE_CLOSE.length) bodyError('body.machine', `is not followed by JSON on the next line`);
  const header = text.slice(open, headerEnd);
  if (header !== MACHINE_OPEN) {
    const version = header.slice(MACHINE_PREFIX.length).trim();
    if (/^v\d{1,6}$/.test(version)) {
      bodyError('body.machine', `is in format ${version}, which this publish-approval does not read (it reads v${FORMAT_VERSION}); update publish-approval in the control repository`);
    }
    bodyError('body.machine', `has the header ${JSON.stringify(header.slice(0, 60))}; expected "${MACHINE_OPEN}"`);
  }
  const closeAt = end - MACHINE_CLOSE.length;
  if (text.charCodeAt(closeAt - 1) !== 0x0a || closeAt - 1 < headerEnd + 1) bodyError('body.machine', 'must end with "-->" on a line of its own');
  const json = text.slice(headerEnd + 1, closeAt - 1);
  if (json.includes('\n')) bodyError('body.machine', 'must hold its JSON on one line');
  if (json.includes('<') || json.includes('>')) bodyError('body.machine', 'contains a raw "<" or ">" (the renderer writes them as \\u003c and \\u003e)');
  if (tooDeep(json)) bodyError('body.machine', `nests arrays or objects deeper than ${MAX_JSON_DEPTH} levels`);
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    bodyError('body.machine', `is not valid JSON (${error instanceof Error ? error.message.slice(0, 200) : 'parse error'})`);
  }
  const machine = parseWith(machineSchema, data, 'body.machine');

  const endMarker = text.lastIndexOf(CHANGELOG_END, open - CHANGELOG_END.length);
  const beginMarker = endMarker < 0 ? -1 : text.lastIndexOf(CHANGELOG_BEGIN, endMarker - CHANGELOG_BEGIN.length);
  if (endMarker < 0 || beginMarker < 0) bodyError('body.changelog', 'is missing (its begin and end markers were not found)');
  const region = text.slice(beginMarker + CHANGELOG_BEGIN.length, endMarker);
  if (region.length < 2 || region.charCodeAt(0) !== 0x0a || region.charCodeAt(region.length - 1) !== 0x0a) {
    bodyError('body.changelog', 'markers must be on lines of their own');
  }
  const written = region.slice(1, -1);
  const changelog = restore(written);
  // Security: only the exact text the renderer wrote is accepted, so no two bodies mean the same request.
  if (neutralise(changelog) !== written || sha256(changelog) !== machine.changelogSha256) {
    bodyError('body.changelog', 'does not match the digest in the machine block: the changelog was edited after the request was written');
  }
  const problem = changelogRule(changelog);
  if (problem !== null) bodyError('body.changelog', problem);
  const { changelogSha256: _digest, ...rest } = machine;
  return { ...rest, changelog };
}

/**
 * Parses a request issue: the title and the body, and checks that they name the same package
 * version (a title edited to point elsewhere is rejected).
 */
export function parseRequest(title: unknown, body: unknown): PublishRequest {
  const parts = parseTitle(title);
  const request = parseBody(body);
  if (!sameTitleParts(parts, request)) {
    const expected = `publish: ${request.repo.owner}/${request.repo.repo}${request.path === null ? '' : `/${request.path}`}@${request.version}`;
    throw new RequestFormatError('title', `does not match the request in the body, which is for "${expected}"`, 'Restore the title; a request is for one package version.');
  }
  return request;
}
