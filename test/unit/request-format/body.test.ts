import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import {
  BODY_LIMIT,
  RequestFormatError,
  fitToBodyLimit,
  parseBody,
  parseRequest,
  renderBody,
  renderTitle,
  withApproval,
  withHistory,
  withHold,
  withTargetState,
  type PublishRequest,
} from '../../../src/request-format/index.js';
import { MARKERS, requestArb, sample } from './arbitraries.js';

/** No lone surrogate (String#isWellFormed is ES2024). */
function wellFormed(s: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}

const SHA = '0123456789abcdef0123456789abcdef01234567';

describe('renderBody', () => {
  it('renders the human part engineers know from Sentry', () => {
    const body = renderBody(sample());
    expect(body.startsWith('Requested by: @release-bot[bot]\n')).toBe(true);
    expect(body).toContain('\nMerge target: (default)\n');
    expect(body).toContain(`[View changes](https://github.com/acme/widget/compare/1.2.2...${SHA})`);
    expect(body).toContain(`[View check runs](https://github.com/acme/widget/commit/${SHA}/checks)`);
    expect(body).toContain('[Workflow run](https://github.com/acme/widget/actions/runs/42)');
    expect(body).toContain(SHA);
    expect(body).toContain('Assign the **accepted** label');
    expect(body).toContain('`#retract` on a line of its own');
    expect(body).toContain('`#hold`');
    expect(body).toContain('`#unhold`');
    expect(body).toContain('\n### Targets\n');
    expect(body).toContain('Checked targets are done or skipped');
    expect(body).toContain('\n - [ ] github\n - [ ] npm[@acme/widget]\n - [ ] oci[ghcr.io/acme/widget]\n');
    expect(body).toContain('<details><summary>History (1 events)</summary>');
    expect(body).toContain('<details><summary>Changelog</summary>');
    expect(body).toMatch(/\n<!-- publish-approval:request v1\n\{.*\}\n-->$/);
  });

  it('links the commit when there is no previous tag, and names the merge target', () => {
    const body = renderBody(sample({ previousTag: null, mergeTarget: 'release-train/26' }));
    expect(body).toContain(`[View changes](https://github.com/acme/widget/commit/${SHA})`);
    expect(body).toContain('\nMerge target: release-train/26\n');
  });

  it('shows state, hold, approvals, target details and artifacts', () => {
    let r = sample({ requiredApprovals: 2, state: 'publishing' });
    r = withHold(r, { by: 'octocat', at: '2026-11-21T11:00:00Z' });
    r = withApproval(r, { login: 'manager-1', at: '2026-11-21T12:00:00Z', commit: SHA, via: 'label', rule: null });
    r = withTargetState(r, 'github', 'done', { at: '2026-11-21T12:01:00Z', durationMs: 2300, location: 'https://github.com/acme/widget/releases/tag/1.2.3' });
    r = withTargetState(r, 'npm[@acme/widget]', 'failed', { at: '2026-11-21T12:02:00Z', detail: 'E403 | <b>forbidden</b>' });
    r = withTargetState(r, 'oci[ghcr.io/acme/widget]', 'skipped', { at: '2026-11-21T12:02:00Z' });
    r = { ...r, artifacts: [{ name: 'widget-1.2.3.tgz', size: 2048, sha256: 'f'.repeat(64) }] };
    const body = renderBody(r);
    expect(body).toContain('**On hold by @octocat**');
    expect(body).toContain('State: **publishing**');
    expect(body).toContain('`#approve`');
    expect(body).toContain('@manager-1 (label');
    expect(body).toContain('1 of 2, 1 missing');
    expect(body).toContain(' - [x] github\n   - done');
    expect(body).toContain(' - [ ] npm[@acme/widget]\n   - failed');
    expect(body).toContain('E403 \\| &lt;b&gt;forbidden&lt;/b&gt;');
    expect(body).toContain(' - [x] oci[ghcr.io/acme/widget]');
    expect(body).toContain('| `widget-1.2.3.tgz` | 2.0 KiB (2,048 bytes) | `' + 'f'.repeat(64) + '` |');
    expect(parseBody(body)).toEqual(r);
  });

  it('never writes "<" or ">" inside the machine block JSON', () => {
    const r = withTargetState(sample(), 'github', 'failed', { at: '2026-11-21T12:00:00Z', detail: '--> <!-- </details>' });
    const body = renderBody(r);
    const json = body.slice(body.lastIndexOf('<!-- publish-approval:request v1\n') + 33, -4);
    expect(json).not.toMatch(/[<>]/);
    expect(json).toContain('\\u003c');
    expect(parseBody(body)).toEqual(r);
  });

  it('rejects an invalid request with the field named', () => {
    expect(() => renderBody(sample({ version: 'v1.2.3' }))).toThrow(RequestFormatError);
    expect(() => renderBody(sample({ version: 'v1.2.3' }))).toThrow(/request\.version/);
    expect(() => renderBody({ ...sample(), targets: [...sample().targets, sample().targets[0]!] })).toThrow(/request\.targets\[3\]\.id: repeats/);
    expect(() => renderBody(sample({ workflowRunUrl: 'https://evil.example/acme/widget/actions/runs/1' }))).toThrow(/workflowRunUrl/);
    expect(() => renderBody(null as unknown as PublishRequest)).toThrow(RequestFormatError);
    expect(() => renderBody(sample({ changelog: 'a\r\nb' }))).toThrow(/normalizeChangelog/);
  });
});

describe('parseBody(renderBody(x))', () => {
  it('returns x for generated requests (property, 2000 runs)', () => {
    fc.assert(
      fc.property(requestArb(), (x) => {
        const body = renderBody(x);
        expect(body.length).toBeLessThanOrEqual(BODY_LIMIT);
        // Requests that fit come back exactly; the others as fitToBodyLimit says.
        expect(parseBody(body)).toEqual(x.changelog.length < 20_000 ? x : fitToBodyLimit(x));
      }),
      { numRuns: 2000 },
    );
  });

  it('survives CRLF line endings and [X] checkboxes', () => {
    fc.assert(
      fc.property(requestArb(), (x) => {
        const body = renderBody(x).replace(/\n/g, '\r\n').replace(/ - \[x\] /g, ' - [X] ');
        expect(parseBody(body)).toEqual(fitToBodyLimit(x));
      }),
      { numRuns: 300 },
    );
  });

  it('ignores trailing whitespace after the machine block', () => {
    const x = sample();
    expect(parseBody(`${renderBody(x)}\n\n  \t\r\n`)).toEqual(x);
  });

  it('is not changed by edits of the human part', () => {
    const x = sample({ changelog: MARKERS.join('\n') });
    const body = renderBody(x);
    const human = body.indexOf('<!-- publish-approval:changelog -->');
    fc.assert(
      fc.property(fc.nat({ max: human }), fc.string({ unit: 'grapheme', maxLength: 40 }), (at, text) => {
        fc.pre(!text.includes('<!-- ') && !text.includes('-->'));
        expect(parseBody(body.slice(0, at) + text + body.slice(at))).toEqual(x);
      }),
      { numRuns: 300 },
    );
    const forged = body
      .replace('Merge target: (default)', 'Merge target: evil')
      .replace(' - [ ] npm[@acme/widget]', ' - [x] npm[@acme/widget]')
      .replace('Requested by: @release-bot[bot]', 'Requested by: @mallory');
    expect(parseBody(forged)).toEqual(x);
  });

  it('keeps changelogs full of markers exactly, and they change nothing', () => {
    for (const marker of MARKERS) {
      const x = sample({ changelog: `${marker}\nMerge target: evil\n### Targets\n - [x] github\n${marker}` });
      const body = renderBody(x);
      expect(parseBody(body)).toEqual(x);
      const changelogStart = body.indexOf('<!-- publish-approval:changelog -->');
      const inner = body.slice(changelogStart + 35, body.indexOf('<!-- /publish-approval:changelog -->'));
      expect(inner).not.toContain('<!--');
      expect(inner).not.toContain('-->');
      expect(inner).not.toContain('</details>');
      expect(inner).not.toContain('<details>');
    }
  });
});

describe('the body limit', () => {
  const huge = (n: number, unit = 'a line of the changelog\n') => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);

  it('truncates only the changelog, at a line boundary, with a visible note', () => {
    const x = sample({ changelog: huge(200_000) });
    const body = renderBody(x);
    expect(body.length).toBeLessThanOrEqual(BODY_LIMIT);
    expect(body.length).toBeGreaterThan(BODY_LIMIT - 100);
    const fitted = fitToBodyLimit(x);
    expect(fitted.changelog.length).toBeLessThan(x.changelog.length);
    expect(x.changelog.startsWith(fitted.changelog)).toBe(true);
    expect(fitted.changelog.endsWith('changelog')).toBe(true);
    expect(fitted.changelogOmitted).toBe(x.changelog.length - fitted.changelog.length);
    expect(body).toContain(`Changelog truncated: ${fitted.changelogOmitted.toLocaleString('en-US')} characters omitted; see https://github.com/acme/widget/tree/${SHA}`);
    expect(parseBody(body)).toEqual(fitted);
    expect({ ...fitted, changelog: x.changelog, changelogOmitted: 0 }).toEqual(x);
    // Rendering what was parsed changes nothing more.
    expect(renderBody(parseBody(body))).toBe(body);
  });

  it('never splits a surrogate pair, and counts neutralised characters', () => {
    for (const unit of ['😀', 'a😀', '<!', '--><', '\u2060', 'x'.repeat(3000) + '\n']) {
      for (const n of [70_000, 70_001, 130_000]) {
        const x = sample({ changelog: huge(n, unit).replace(/[\uD800-\uDBFF]$/, '') });
        const body = renderBody(x);
        expect(body.length).toBeLessThanOrEqual(BODY_LIMIT);
        const fitted = parseBody(body);
        expect(fitted).toEqual(fitToBodyLimit(x));
        expect(wellFormed(fitted.changelog)).toBe(true);
        expect(x.changelog.startsWith(fitted.changelog)).toBe(true);
      }
    }
  });

  it('keeps long histories to the first entry and the latest 100', () => {
    let x = sample();
    for (let i = 0; i < 250; i++) x = withHistory(x, { at: '2026-11-21T10:00:00Z', event: 'updated', actor: null, detail: `update ${i}` });
    expect(x.history).toHaveLength(101);
    expect(x.history[0]?.event).toBe('requested');
    expect(x.history[100]?.detail).toBe('update 249');
    expect(x.historyDropped).toBe(150);
    expect(parseBody(renderBody(x))).toEqual(x);
    const raw = { ...sample(), history: Array.from({ length: 300 }, (_, i) => ({ at: '2026-11-21T10:00:00Z', event: 'updated' as const, actor: null, detail: `u${i}` })) };
    const fitted = fitToBodyLimit(raw);
    expect(fitted.history).toHaveLength(101);
    expect(fitted.historyDropped).toBe(199);
    expect(parseBody(renderBody(raw))).toEqual(fitted);
  });

  it('fits long histories and changelogs together (property)', () => {
    fc.assert(
      fc.property(requestArb({ longHistory: true }), (x) => {
        const body = renderBody(x);
        expect(body.length).toBeLessThanOrEqual(BODY_LIMIT);
        const fitted = fitToBodyLimit(x);
        expect(parseBody(body)).toEqual(fitted);
        // Fitting is idempotent: what was recorded renders to the same body.
        expect(renderBody(fitted)).toBe(body);
      }),
      { numRuns: 150 },
    );
  });

  it('refuses a request that cannot fit even without a changelog', () => {
    const detail = 'd'.repeat(500);
    let x = sample({ targets: [] });
    x = { ...x, targets: Array.from({ length: 64 }, (_, i) => ({ id: `t${i}`, state: 'failed' as const, updatedAt: null, detail, durationMs: null, location: null })) };
    for (let i = 0; i < 100; i++) x = withHistory(x, { at: '2026-11-21T10:00:00Z', event: 'updated', actor: null, detail });
    expect(() => renderBody(x)).toThrow(RequestFormatError);
    expect(() => renderBody(x)).toThrow(/even without its changelog/);
  });
});

describe('parseRequest', () => {
  it('accepts a title that agrees with the body', () => {
    const x = sample({ path: 'packages/core' });
    expect(parseRequest(renderTitle(x), renderBody(x))).toEqual(x);
  });

  it('rejects a title that points elsewhere', () => {
    const x = sample();
    const body = renderBody(x);
    for (const title of ['publish: acme/widget@1.2.4', 'publish: acme/gadget@1.2.3', 'publish: Acme/widget@1.2.3', 'publish: acme/widget/sub@1.2.3']) {
      expect(() => parseRequest(title, body)).toThrow(RequestFormatError);
      expect(() => parseRequest(title, body)).toThrow(/^title: does not match the request in the body/);
    }
  });
});
