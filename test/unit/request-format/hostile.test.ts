import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { PARSE_LIMIT } from '../../../src/request-format/body.js';
import { RequestFormatError, parseBody, renderBody, type PublishRequest } from '../../../src/request-format/index.js';
import { bestTime, requestArb, sample } from './arbitraries.js';

const OPEN = '<!-- publish-approval:request v1\n';

function bodyError(body: unknown): RequestFormatError {
  try {
    parseBody(body);
  } catch (error) {
    expect(error).toBeInstanceOf(RequestFormatError);
    return error as RequestFormatError;
  }
  throw new Error('the body was accepted');
}

/** Rewrites the machine block JSON the way an editor of the issue could. */
function editMachine(body: string, edit: (machine: Record<string, unknown>) => void): string {
  const start = body.lastIndexOf(OPEN) + OPEN.length;
  const end = body.lastIndexOf('\n-->');
  const machine = JSON.parse(body.slice(start, end)) as Record<string, unknown>;
  edit(machine);
  return body.slice(0, start) + JSON.stringify(machine).replace(/</g, '\\u003c').replace(/>/g, '\\u003e') + body.slice(end);
}


describe('machine block fields are held to the grammar', () => {
  const body = renderBody(sample({ path: 'packages/core' }));
  it.each<[string, (m: Record<string, unknown>) => void, RegExp]>([
    ['a branch with a command substitution', (m) => (m.releaseBranch = 'release/$(id)'), /^body\.machine\.releaseBranch: /],
    ['a branch with backticks', (m) => (m.releaseBranch = 'release/`id`'), /^body\.machine\.releaseBranch: /],
    ['a merge target with ";"', (m) => (m.mergeTarget = 'main;rm -rf /'), /^body\.machine\.mergeTarget: /],
    ['a tag with a newline', (m) => (m.previousTag = '1.2.2\nMerge target: x'), /^body\.machine\.previousTag: .*newline/],
    ['a "v" version', (m) => (m.version = 'v1.2.3'), /^body\.machine\.version: /],
    ['a short version', (m) => (m.version = '1.2'), /^body\.machine\.version: /],
    ['a path with ".."', (m) => (m.path = 'packages/../../etc'), /^body\.machine\.path: /],
    ['a Cyrillic owner', (m) => (m.repo = { owner: '\u0430cme', repo: 'widget' }), /^body\.machine\.repo\.owner: .*Cyrillic/],
    ['a fullwidth @ in the requester', (m) => (m.requester = 'release\uff20bot'), /^body\.machine\.requester: .*fullwidth/],
    ['a look-alike bot', (m) => (m.requester = 'release-bot[b\u043et]'), /^body\.machine\.requester: /],
    ['a zero-width space in a target id', (m) => ((m.targets as { id: string }[])[1]!.id = 'npm[@acme/\u200bwidget]'), /^body\.machine\.targets\[1\]\.id: .*U\+200B/],
    ['a bidi override in a detail', (m) => ((m.targets as { detail: string }[])[0]!.detail = 'ok \u202e'), /^body\.machine\.targets\[0\]\.detail: .*U\+202E/],
    ['a duplicated target', (m) => (m.targets as unknown[]).push((m.targets as unknown[])[0]), /^body\.machine\.targets\[3\]\.id: repeats/],
    ['an unknown target state', (m) => ((m.targets as { state: string }[])[0]!.state = 'published'), /^body\.machine\.targets\[0\]\.state: /],
    ['a short commit', (m) => (m.releaseCommit = 'abc123'), /^body\.machine\.releaseCommit: /],
    ['an upper-case commit', (m) => (m.releaseCommit = 'A'.repeat(40)), /^body\.machine\.releaseCommit: /],
    ['a javascript: server URL', (m) => (m.serverUrl = 'javascript:alert(1)'), /^body\.machine\.serverUrl: /],
    ['a workflow run on another host', (m) => (m.workflowRunUrl = 'https://evil.example/run/1'), /^body\.machine\.workflowRunUrl: /],
    ['a local time', (m) => (m.requestedAt = '2026-11-21T10:00:00+02:00'), /^body\.machine\.requestedAt: /],
    ['an impossible date', (m) => (m.requestedAt = '2026-02-30T10:00:00Z'), /^body\.machine\.requestedAt: /],
    ['an unknown field', (m) => (m.autoApprove = true), /^body\.machine: .*autoApprove/],
    ['a missing field', (m) => delete m.releaseCommit, /^body\.machine\.releaseCommit: /],
    ['a number for a string', (m) => (m.version = 123), /^body\.machine\.version: /],
    ['a negative size', (m) => (m.historyDropped = -1), /^body\.machine\.historyDropped: /],
    ['zero required approvals', (m) => (m.requiredApprovals = 0), /^body\.machine\.requiredApprovals: /],
    ['a rule approval without its rule', (m) => (m.approvals = [{ login: 'bot[bot]', at: '2026-11-21T10:00:00Z', commit: 'a'.repeat(40), via: 'rule', rule: null }]), /^body\.machine\.approvals\[0\]\.rule: /],
    ['a history past the cap', (m) => (m.history = Array.from({ length: 102 }, () => ({ at: '2026-11-21T10:00:00Z', event: 'updated', actor: null, detail: null }))), /^body\.machine\.history: /],
    ['an unknown event', (m) => (m.history = [{ at: '2026-11-21T10:00:00Z', event: 'pwned', actor: null, detail: null }]), /^body\.machine\.history\[0\]\.event: /],
    ['null instead of the object', (m) => Object.keys(m).forEach((k) => delete m[k]), /^body\.machine\.repo: /],
  ])('rejects %s', (_what, edit, pattern) => {
    expect(bodyError(editMachine(body, edit)).message).toMatch(pattern);
  });

  it('accepts its own unedited block', () => {
    expect(parseBody(editMachine(body, () => undefined))).toEqual(sample({ path: 'packages/core' }));
  });
});

describe('the structure of the body', () => {
  const x = sample({ changelog: '## 1.2.3\n\n- one\n- two\n' });
  const body = renderBody(x);

  it('rejects a body whose changelog was edited', () => {
    for (const edited of [
      body.replace('- one', '- 1ne'),
      body.replace('- two\n', '- two\n- three\n'),
      body.replace('## 1.2.3\n', ''),
      body.replace('- one', '- <\u2060b>one'),
      body.replace('- one', '- one\u2060'),
      editMachine(body, (m) => (m.changelogSha256 = 'f'.repeat(64))),
    ]) {
      expect(bodyError(edited).path).toBe('body.changelog');
    }
    expect(bodyError(body.replace('- one', '- 1ne')).message).toMatch(/digest/);
  });

  it('rejects a body without its changelog markers', () => {
    expect(bodyError(body.replace('<!-- publish-approval:changelog -->', '')).path).toBe('body.changelog');
    expect(bodyError(body.replace('<!-- /publish-approval:changelog -->', '')).path).toBe('body.changelog');
  });

  it('ignores a second machine block or fake changelog region before the real ones', () => {
    const fake = renderBody(sample({ version: '9.9.9', releaseCommit: 'f'.repeat(40) }));
    expect(parseBody(`${fake}\n\n${body}`)).toEqual(x);
    const changelog = `${fake}\n<!-- publish-approval:request v1\n{"version":"6.6.6"}\n-->\n`;
    const y = sample({ changelog });
    expect(parseBody(renderBody(y))).toEqual(y);
  });

  it('rejects a fake changelog region inserted after the real one', () => {
    const at = body.lastIndexOf(OPEN);
    const forged = `${body.slice(0, at)}<!-- publish-approval:changelog -->\nevil\n<!-- /publish-approval:changelog -->\n${body.slice(at)}`;
    expect(bodyError(forged).path).toBe('body.changelog');
  });

  it('requires the machine block at the very end', () => {
    expect(bodyError(`${body}\nP.S. approved by me`).path).toBe('body.machine');
    expect(bodyError(body.slice(0, body.lastIndexOf(OPEN))).path).toBe('body.machine');
    expect(bodyError('').path).toBe('body.machine');
    expect(bodyError('-->').path).toBe('body.machine');
    expect(bodyError(body.replace(/\n-->$/, '-->')).path).toBe('body.machine');
    expect(bodyError(body.replace(/\n(<!-- publish-approval:request v1)/, ' $1')).path).toBe('body.machine');
  });

  it('names an unknown format version', () => {
    expect(bodyError(body.replace(OPEN, '<!-- publish-approval:request v2\n')).message).toMatch(/format v2, which this publish-approval does not read \(it reads v1\)/);
    expect(bodyError(body.replace(OPEN, '<!-- publish-approval:request v1x\n')).message).toMatch(/expected "<!-- publish-approval:request v1"/);
    expect(bodyError(body.replace(OPEN, '<!-- publish-approval:request\n')).path).toBe('body.machine');
  });

  it('rejects broken JSON and raw angle brackets', () => {
    expect(bodyError(body.replace(/\{"repo"/, '{"repo"{')).message).toMatch(/not valid JSON/);
    const angled = renderBody({ ...x, history: [{ at: '2026-11-21T10:00:00Z', event: 'updated', actor: null, detail: 'a <b> c' }] });
    expect(angled).toContain('\\u003cb\\u003e');
    expect(bodyError(angled.replace('\\u003cb', '<b')).message).toMatch(/raw "<"/);
    expect(bodyError(editMachine(renderBody(sample()), (m) => (m.version = '1.2.3')).replace(/"version":"1\.2\.3"/, '"version":"1.2.3","version":"v9"')).path).toBe('body.machine.version');
    expect(bodyError(body.replace(/\n(\{.*\})\n-->$/, '\n[]\n-->')).path).toBe('body.machine');
    expect(bodyError(body.replace(/\n(\{.*\})\n-->$/, `\n${'['.repeat(9)}${']'.repeat(9)}\n-->`)).message).toMatch(/deeper than 8 levels/);
  });

  it('rejects non-string bodies', () => {
    for (const value of [null, undefined, 0, 1e6, {}, [], true]) expect(bodyError(value).path).toBe('body');
  });
});

describe('fuzz: anything else only ever throws RequestFormatError', () => {
  it('random strings', () => {
    const soup = fc.array(fc.oneof(fc.constantFrom(OPEN, '\n-->', '<!-- publish-approval:changelog -->', '<!-- /publish-approval:changelog -->', '{', '}', '"', '\n', '\r\n', '\u2060'), fc.string()), { maxLength: 30 });
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), soup.map((a) => a.join(''))), (text) => {
        try {
          parseBody(text);
        } catch (error) {
          expect(error).toBeInstanceOf(RequestFormatError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('random mutations of valid bodies', () => {
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('insert' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), text: fc.oneof(fc.string({ unit: 'binary', maxLength: 20 }), fc.constantFrom('"', ',', '}', 'null', '\\', '\\u', '<', '>', '-->', '\n', '\r')) }),
      fc.record({ kind: fc.constant('delete' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.integer({ min: 1, max: 50 }) }),
      fc.record({ kind: fc.constant('duplicate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.integer({ min: 1, max: 200 }) }),
      fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
    );
    fc.assert(
      fc.property(requestArb(), fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.boolean(), (x, mutations, tail) => {
        let body = renderBody(x);
        // Half the mutations land in the machine block, where they matter most.
        const base = tail ? body.lastIndexOf(OPEN) : 0;
        for (const m of mutations) {
          const at = base + Math.floor(m.at * (body.length - base));
          if (m.kind === 'insert') body = body.slice(0, at) + m.text + body.slice(at);
          else if (m.kind === 'delete') body = body.slice(0, at) + body.slice(at + m.length);
          else if (m.kind === 'duplicate') body = body.slice(0, at + m.length) + body.slice(at);
          else body = body.slice(0, at);
        }
        let parsed: PublishRequest;
        try {
          parsed = parseBody(body);
        } catch (error) {
          expect(error).toBeInstanceOf(RequestFormatError);
          return;
        }
        // Whatever survives is a valid request that renders again.
        expect(parseBody(renderBody(parsed))).toEqual(parsed);
      }),
      { numRuns: 600 },
    );
  });
});

describe('hostile sizes finish well under 100 ms', () => {
  const bodies: [string, string][] = [
    ['repeated machine openers (1 MB)', OPEN.replace('\n', ' ').repeat(Math.ceil(1e6 / 33))],
    ['repeated machine openers ending in -->', `${OPEN.replace('\n', ' ').repeat(7000)}\n-->`],
    ['dashes (1 MB)', '-'.repeat(1e6)],
    ['dashes under the parse limit', '-'.repeat(PARSE_LIMIT)],
    ['nested backticks', '`'.repeat(PARSE_LIMIT - 3) + '-->'],
    ['comment soup', '<!--'.repeat(PARSE_LIMIT / 8) + '-->'.repeat(PARSE_LIMIT / 8 - 1)],
    ['changelog markers', `${'<!-- publish-approval:changelog -->'.repeat(3000)}\n${OPEN}{}\n-->`],
    ['end markers then a block', `${'<!-- /publish-approval:changelog -->\n'.repeat(6000)}${OPEN}{}\n-->`],
    ['CRLF soup', '\r\n'.repeat(PARSE_LIMIT / 2)],
    ['trailing whitespace', `${OPEN}{}\n-->${' '.repeat(PARSE_LIMIT - 100)}`],
    ['a huge JSON line', `${OPEN}${'['.repeat(PARSE_LIMIT - 100)}\n-->`],
    ['a huge JSON string', `${OPEN}"${'a'.repeat(PARSE_LIMIT - 100)}"\n-->`],
  ];
  it.each(bodies)('%s', (_name, text) => {
    let error: unknown;
    const ms = bestTime(() => {
      try {
        parseBody(text);
      } catch (e) {
        error = e;
      }
    });
    expect(error).toBeInstanceOf(RequestFormatError);
    expect(ms).toBeLessThan(100);
  });

  it('a valid body at the limit with a hostile changelog parses quickly', () => {
    const x = sample({ changelog: '<!-- `$(x)` --> [ ] '.repeat(10_000) });
    const body = renderBody(x);
    expect(body.length).toBeGreaterThan(60_000);
    const crlf = body.replace(/\n/g, '\r\n');
    const ms = bestTime(() => parseBody(crlf));
    expect(ms).toBeLessThan(100);
  });
});
