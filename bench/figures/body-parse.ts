/**
 * `body_parse_ms`: parse (and render) of a publish-request body at GitHub's 65,536-character
 * limit. The request is as large as the format allows: a changelog long enough to be cut to fit,
 * the full history, 20 targets with details and 40 artifacts; the body is rendered once, then
 * parseBody and renderBody are timed separately. The value is the median parse; the goal is met
 * when both the median parse and the median render are under 5 ms.
 */
import { BODY_LIMIT, HISTORY_KEEP_LATEST, createRequest, parseBody, renderBody, withHistory, withTargetState, type PublishRequest } from '../../src/request-format/index.js';
import { figure, median, msSince, type FigureGroup } from '../lib/figure.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';

/** A request whose body is cut to exactly fit the limit. */
export function largestRequest(): PublishRequest {
  const targets = ['github', ...Array.from({ length: 19 }, (_, i) => `npm[@acme/package-${String(i).padStart(2, '0')}]`)];
  const entries: string[] = [];
  for (let i = 0; entries.join('').length < 3 * BODY_LIMIT; i += 1) {
    entries.push(`- Fix #${i}: handle <edge> cases in \`parser-${i}\` when the input holds *markdown* and [links](https://example.com/${i}) — thanks @user-${i % 97}\n`);
  }
  let request = createRequest({
    repo: { owner: 'acme', repo: 'widget' },
    version: '3.14.0',
    serverUrl: 'https://github.com',
    releaseBranch: 'release/3.14.0',
    releaseCommit: SHA,
    previousTag: '3.13.2',
    requester: 'publish-approval[bot]',
    requestedAt: '2026-11-21T23:00:00Z',
    workflowRunUrl: 'https://github.com/acme/widget/actions/runs/4242',
    targets,
    changelog: `## 3.14.0\n\n${entries.join('')}`,
  });
  for (let i = 0; i < HISTORY_KEEP_LATEST + 20; i += 1) {
    request = withHistory(request, { at: `2026-11-22T00:${String(i % 60).padStart(2, '0')}:00Z`, event: i % 2 === 0 ? 'held' : 'unheld', actor: `release-manager-${i % 7}`, detail: `#hold and #unhold round ${i}: waiting for the downstream team` });
  }
  for (const [i, id] of targets.entries()) {
    request = withTargetState(request, id, i % 5 === 4 ? 'failed' : 'done', {
      at: '2026-11-22T01:00:00Z',
      durationMs: 1200 + i,
      location: `https://registry.example.com/${id.replace(/[[\]@]/g, '_')}`,
      ...(i % 5 === 4 ? { detail: 'E503 | service unavailable <retry later>' } : {}),
    });
  }
  return {
    ...request,
    artifacts: Array.from({ length: 40 }, (_, i) => ({ name: `widget-3.14.0-${i}.tgz`, size: 123_456 + i, sha256: String(i % 10).repeat(64) })),
  };
}

export const bodyParse: FigureGroup = {
  names: ['body_parse_ms'],
  async run({ quick }) {
    const request = largestRequest();
    const body = renderBody(request);
    const parsed = parseBody(body);
    if (renderBody(parsed) !== body) throw new Error('the body does not round-trip: renderBody(parseBody(body)) differs');
    const rounds = quick ? 5 : 50;
    // Warm-up: the first calls compile the schemas' code paths.
    for (let i = 0; i < 3; i += 1) renderBody(parseBody(body));
    const parse: number[] = [];
    const render: number[] = [];
    for (let i = 0; i < rounds; i += 1) {
      let start = process.hrtime.bigint();
      parseBody(body);
      parse.push(msSince(start));
      start = process.hrtime.bigint();
      renderBody(parsed);
      render.push(msSince(start));
    }
    const parseMs = median(parse);
    const renderMs = median(render);
    return [
      figure('body_parse_ms', parseMs, 'ms', '< 5', {
        extraCondition: renderMs < 5,
        details: {
          summary: `body of ${body.length} characters (limit ${BODY_LIMIT}): parse ${parseMs.toFixed(2)} ms, render ${renderMs.toFixed(2)} ms (medians of ${rounds})`,
          body_chars: body.length,
          parse_ms: parseMs,
          render_ms: renderMs,
          changelog_omitted_chars: parsed.changelogOmitted,
          history_entries: parsed.history.length,
          rounds,
        },
      }),
    ];
  },
};
