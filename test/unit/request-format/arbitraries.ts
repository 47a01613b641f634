/** fast-check generators of valid publish requests and their parts, shared by the request-format suites. */
import fc from 'fast-check';
import { createRequest, normalizeChangelog, toDetail, type PublishRequest } from '../../../src/request-format/index.js';
import { loginRule, ownerRule, refNameRule, repoNameRule, targetIdRule } from '../../../src/request-format/grammar.js';

const valid = (rule: (v: string) => string | null) => (v: string) => rule(v) === null;

// Built from arrays of characters: fc.stringMatching is slow per value, and fc.string with a custom
// unit spends long at construction matching its built-in "dangerous strings" against the unit.
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const ALNUM = `${LOWER}${LOWER.toUpperCase()}0123456789`;
/** A string whose first character comes from `first` and the up to `maxRest` others from `rest`. */
function word(first: string, rest: string, maxRest: number): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...first), chars(rest, 0, maxRest))
    .map(([a, b]) => a + b);
}

/**
 * Builds `build()` on first use: the full-Unicode string units cost about a second to set up, which
 * suites that only need identifiers should not pay.
 */
function lazy<T>(build: () => fc.Arbitrary<T>): fc.Arbitrary<T> {
  let built: fc.Arbitrary<T> | undefined;
  return fc.constant(null).chain(() => (built ??= build()));
}

/** Strings of `min` to `max` characters from `alphabet`. */
function chars(alphabet: string, min: number, max: number): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom(...alphabet), { minLength: min, maxLength: max }).map((a) => a.join(''));
}

export const ownerArb = word(ALNUM, `${ALNUM}-`, 12).filter(valid(ownerRule));
export const longOwnerArb = word(ALNUM, `${ALNUM}-`, 38).filter(valid(ownerRule));
export const repoNameArb = word(`${ALNUM}._-`, `${ALNUM}._-`, 29).filter(valid(repoNameRule));
const segmentArb = word(`${ALNUM}._-`, `${ALNUM}._-`, 15).filter((s) => s !== '.' && s !== '..');
export const pathArb = fc.array(segmentArb, { minLength: 1, maxLength: 5 }).map((s) => s.join('/'));

const numberArb = fc.oneof(fc.constantFrom(0, 1, 2, 10), fc.nat({ max: 2_000_000_000 }));
const alnumIdArb = fc
  .tuple(chars(`${ALNUM}-`, 0, 6), word(`${LOWER}${LOWER.toUpperCase()}-`, `${ALNUM}-`, 6))
  .map(([a, b]) => a + b);
const preIdArb = fc.oneof(numberArb.map(String), alnumIdArb);
const buildIdArb = word(`${ALNUM}-`, `${ALNUM}-`, 9);
/** Versions in the semver.org grammar, with and without prerelease and build metadata, and calendar versions. */
export const versionArb = fc
  .oneof(
    fc.record({
      core: fc.tuple(numberArb, numberArb, numberArb).map((n) => n.join('.')),
      pre: fc.option(fc.array(preIdArb, { minLength: 1, maxLength: 4 }).map((a) => a.join('.')), { nil: undefined }),
      build: fc.option(fc.array(buildIdArb, { minLength: 1, maxLength: 3 }).map((a) => a.join('.')), { nil: undefined }),
    }).map(({ core, pre, build }) => `${core}${pre === undefined ? '' : `-${pre}`}${build === undefined ? '' : `+${build}`}`),
    fc.tuple(fc.integer({ min: 20, max: 99 }), fc.integer({ min: 1, max: 12 }), fc.nat({ max: 40 })).map((n) => n.join('.')),
  )
  .filter((v) => v.length <= 128);

export const loginArb = fc.oneof(ownerArb, ownerArb.map((o) => `${o}[bot]`)).filter(valid(loginRule));
const refComponentArb = word(`${ALNUM}_+@-`, `${ALNUM}._+@-`, 15);
export const refArb = fc
  .oneof(
    versionArb.map((v) => `release/${v}`),
    fc.array(refComponentArb, { minLength: 1, maxLength: 4 }).map((c) => c.join('/')),
  )
  .filter(valid(refNameRule));
export const shaArb = chars('0123456789abcdef', 40, 40);
export const sha256Arb = chars('0123456789abcdef', 64, 64);
export const timestampArb = fc
  .tuple(fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }), fc.boolean())
  .map(([d, ms]) => (ms ? d.toISOString() : d.toISOString().replace(/\.\d{3}Z$/, 'Z')));
export const targetIdArb = fc
  .tuple(word(`${LOWER}0123456789`, `${LOWER}0123456789-`, 12), fc.option(word(`${ALNUM}@/._:+~`, `${ALNUM}@/._:+~-`, 30), { nil: undefined }))
  .map(([name, id]) => (id === undefined ? name : `${name}[${id}]`))
  .filter(valid(targetIdRule));
export const serverUrlArb = fc.oneof(
  fc.constant('https://github.com'),
  fc.integer({ min: 1024, max: 65535 }).map((p) => `http://127.0.0.1:${p}`),
  fc.constant('https://ghe.example.com'),
);
const detailArb = fc.option(
  fc.oneof(lazy(() => fc.string({ unit: 'grapheme', maxLength: 80 })), fc.constantFrom('E404 | <b>not</b> found', 'npm ERR! 403 $(whoami) `x`; rm -rf /', '-->', '<!-- x')).map(toDetail),
  { nil: null },
).map((d) => d ?? null);
const locationArb = fc.option(
  fc.oneof(
    fc.constantFrom('https://www.npmjs.com/package/@scope/pkg/v/1.2.3', 'ghcr.io/org/img@sha256:' + 'a'.repeat(64)),
    word(`${ALNUM}:/._~?#@!&+,=%-`, `${ALNUM}:/._~?#@!&+,=%-`, 39),
  ),
  { nil: null },
);

export const targetArb = fc.record({
    id: targetIdArb,
    state: fc.constantFrom('pending', 'running', 'done', 'failed', 'skipped' as const),
    updatedAt: fc.option(timestampArb, { nil: null }),
    detail: detailArb,
    durationMs: fc.option(fc.nat({ max: 10_000_000 }), { nil: null }),
    location: locationArb,
  });

export const artifactArb = fc.record({
  name: word(`${ALNUM}_+@=,`, `${ALNUM}._+@=,-`, 40),
  size: fc.nat({ max: 5_000_000_000 }),
  sha256: sha256Arb,
});

export const approvalArb = fc.oneof(
  fc.record({
    login: loginArb,
    at: timestampArb,
    commit: shaArb,
    via: fc.constantFrom('label', 'comment' as const),
    rule: fc.constant(null),
  }),
  fc.record({
    login: loginArb,
    at: timestampArb,
    commit: shaArb,
    via: fc.constant('rule' as const),
    rule: word(`${ALNUM}._`, `${ALNUM}._-`, 30),
  }),
);

const EVENTS = [
  'requested', 'updated', 'approved', 'approval-refused', 'approval-voided', 'held', 'unheld', 'ci-pending', 'ci-passed',
  'ci-failed', 'publishing', 'target-published', 'target-failed', 'published', 'merged', 'merge-conflict', 'retracted', 'expired',
] as const;
export const historyEntryArb = fc.record({
  at: timestampArb,
  event: fc.constantFrom(...EVENTS),
  actor: fc.option(loginArb, { nil: null }),
  detail: detailArb,
});

/** Strings that imitate the structure of a body: they must never change what is parsed. */
export const MARKERS = [
  'Merge target: main',
  'Requested by: @mallory',
  '### Targets',
  ' - [ ] npm',
  ' - [x] github',
  ' - [X] pypi',
  '<details>',
  '</details>',
  '<details><summary>Changelog</summary>',
  '<summary>x</summary>',
  '<!--',
  '-->',
  '--!>',
  '<!-- publish-approval:changelog -->',
  '<!-- /publish-approval:changelog -->',
  '<!-- publish-approval:request v1\n{"repo":{"owner":"evil","repo":"x"}}\n-->',
  '<!-- publish-approval:request v2\n{}\n-->',
  '\u2060',
  '\u2060\u2060',
  '<\u2060!--',
  '-\u2060>',
  '<',
  '>',
  '-',
  '```',
  '`',
  '\\u003c',
  '$(id)',
  '\n',
  '\n\n',
  ' ',
];

/** Changelogs: any Unicode (grapheme clusters and raw code points), marker soup, and occasional long ones. */
export const changelogArb = fc
  .oneof(
    { weight: 4, arbitrary: lazy(() => fc.string({ unit: 'grapheme', maxLength: 300 })) },
    { weight: 2, arbitrary: lazy(() => fc.string({ unit: 'binary', maxLength: 200 })) },
    { weight: 4, arbitrary: fc.array(fc.oneof(fc.constantFrom(...MARKERS), fc.string({ maxLength: 8 })), { maxLength: 40 }).map((a) => a.join('')) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.oneof(lazy(() => fc.string({ unit: 'grapheme', maxLength: 60 })), fc.constantFrom('<!-- x -->', '😀', 'a\u{1F600}')), fc.integer({ min: 500, max: 5000 }), fc.boolean())
        .map(([s, n, lines]) => (lines ? `${s}\n` : s).repeat(Math.max(1, Math.ceil((n * 20) / Math.max(1, s.length + 1))))),
    },
  )
  .map(normalizeChangelog);

/** A valid publish request. `longHistory` allows histories past the cap. */
export function requestArb(options: { longHistory?: boolean } = {}): fc.Arbitrary<PublishRequest> {
  return fc
    .record({
      owner: ownerArb,
      repo: repoNameArb,
      path: fc.option(pathArb, { nil: null }),
      version: versionArb,
      serverUrl: serverUrlArb,
      releaseBranch: refArb,
      releaseCommit: shaArb,
      previousTag: fc.option(refArb, { nil: null }),
      mergeTarget: fc.option(refArb, { nil: null }),
      requester: loginArb,
      requestedAt: timestampArb,
      runId: fc.option(fc.nat(), { nil: null }),
      state: fc.constantFrom('open', 'parked-ci', 'publishing', 'published', 'failed', 'retracted', 'expired' as const),
      requiredApprovals: fc.integer({ min: 1, max: 4 }),
      approvals: fc.array(approvalArb, { maxLength: 4 }),
      hold: fc.option(fc.record({ by: loginArb, at: timestampArb }), { nil: null }),
      targets: fc.uniqueArray(targetArb, { maxLength: 8, selector: (t) => t.id }),
      artifacts: fc.uniqueArray(artifactArb, { maxLength: 5, selector: (a) => a.name }),
      history: fc.array(historyEntryArb, { maxLength: options.longHistory ? 250 : 12 }),
      historyDropped: fc.oneof(fc.constant(0), fc.nat({ max: 100_000 })),
      changelog: changelogArb,
      changelogOmitted: fc.oneof(fc.constant(0), fc.nat({ max: 10_000_000 })),
    })
    .map((r) => ({
      repo: { owner: r.owner, repo: r.repo },
      path: r.path,
      version: r.version,
      serverUrl: r.serverUrl,
      releaseBranch: r.releaseBranch,
      releaseCommit: r.releaseCommit,
      previousTag: r.previousTag,
      mergeTarget: r.mergeTarget,
      requester: r.requester,
      requestedAt: r.requestedAt,
      workflowRunUrl: r.runId === null ? null : `${r.serverUrl}/${r.owner}/${r.repo}/actions/runs/${r.runId}`,
      state: r.state,
      requiredApprovals: r.requiredApprovals,
      approvals: r.approvals,
      hold: r.hold,
      targets: r.targets,
      artifacts: r.artifacts,
      history: r.history,
      historyDropped: r.historyDropped,
      changelog: r.changelog,
      changelogOmitted: r.changelogOmitted,
    }));
}

const SAMPLE_SHA = '0123456789abcdef0123456789abcdef01234567';

/** A typical request (three targets, a previous tag, a workflow run) with `overrides` applied. */
export function sample(overrides: Partial<PublishRequest> = {}): PublishRequest {
  return {
    ...createRequest({
      repo: { owner: 'acme', repo: 'widget' },
      version: '1.2.3',
      serverUrl: 'https://github.com',
      releaseBranch: 'release/1.2.3',
      releaseCommit: SAMPLE_SHA,
      previousTag: '1.2.2',
      requester: 'release-bot[bot]',
      requestedAt: '2026-11-21T10:00:00Z',
      workflowRunUrl: 'https://github.com/acme/widget/actions/runs/42',
      targets: ['github', 'npm[@acme/widget]', 'oci[ghcr.io/acme/widget]'],
      changelog: '## 1.2.3\n\n- Fixed things.\n',
    }),
    ...overrides,
  };
}


/**
 * The fastest of a warm-up and three timed runs of `run`, in milliseconds. On a shared two-core
 * machine one run can be preempted for tens of milliseconds; the fastest run measures the code.
 */
export function bestTime(run: () => void): number {
  run();
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    run();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}
