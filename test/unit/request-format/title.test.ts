import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { RequestFormatError, TITLE_MAX, parseTitle, renderTitle } from '../../../src/request-format/index.js';
import { bestTime, ownerArb, pathArb, repoNameArb, versionArb } from './arbitraries.js';

function titleError(title: unknown): RequestFormatError {
  try {
    parseTitle(title);
  } catch (error) {
    expect(error).toBeInstanceOf(RequestFormatError);
    return error as RequestFormatError;
  }
  throw new Error(`accepted ${JSON.stringify(title)}`);
}

describe('parseTitle', () => {
  it.each([
    ['publish: acme/widget@1.2.3', 'acme', 'widget', null, '1.2.3'],
    ['publish: acme/monorepo/packages/core@2.0.0-rc.1', 'acme', 'monorepo', 'packages/core', '2.0.0-rc.1'],
    ['publish: getsentry/sentry-javascript@8.0.0+build.7', 'getsentry', 'sentry-javascript', null, '8.0.0+build.7'],
    ['publish: acme/tool@26.11.0', 'acme', 'tool', null, '26.11.0'],
    ['publish: A-1/.github/a.b/c_d@1.0.0-alpha.1+001', 'A-1', '.github', 'a.b/c_d', '1.0.0-alpha.1+001'],
  ])('reads %j', (title, owner, repo, path, version) => {
    expect(parseTitle(title)).toEqual({ repo: { owner, repo }, path, version });
  });

  it.each([
    ['publish acme/widget@1.2.3', 'title'],
    ['Publish: acme/widget@1.2.3', 'title'],
    ['publish:acme/widget@1.2.3', 'title'],
    ['publish:  acme/widget@1.2.3', 'title'],
    ['publish:\tacme/widget@1.2.3', 'title'],
    ['publish:', 'title'],
    [' publish: acme/widget@1.2.3', 'title'],
    ['publish: acme@1.2.3', 'title.repo'],
    ['publish: acme/widget', 'title.version'],
    ['publish: acme/widget@', 'title.version'],
    ['publish: acme/widget@v1.2.3', 'title.version'],
    ['publish: acme/widget@01.2.3', 'title.version'],
    ['publish: acme/widget@1.2', 'title.version'],
    ['publish: acme/widget@1.2.3 ', 'title.version'],
    ['publish: acme/widget@1.2.3\n', 'title.version'],
    ['publish: acme/widget@1.2.3;rm -rf /', 'title.version'],
    ['publish: acme/widget@1.2.3@1.2.4', 'title.version'],
    ['publish: acme/widget@$(id)', 'title.version'],
    ['publish: acme/widget@`id`', 'title.version'],
    ['publish: -acme/widget@1.2.3', 'title.owner'],
    ['publish: ac me/widget@1.2.3', 'title.owner'],
    ['publish: \u0430cme/widget@1.2.3', 'title.owner'],
    ['publish: acme\uff0fwidget@1.2.3', 'title.owner'],
    ['publish: /widget@1.2.3', 'title.owner'],
    ['publish: acme/widget\uff201.2.3', 'title.repo'],
    ['publish: acme/wid\u200bget@1.2.3', 'title.repo'],
    ['publish: acme/wid\u202eget@1.2.3', 'title.repo'],
    ['publish: acme/..@1.2.3', 'title.repo'],
    ['publish: acme/@1.2.3', 'title.repo'],
    ['publish: acme/widget/@1.2.3', 'title.path'],
    ['publish: acme/widget/../x@1.2.3', 'title.path'],
    ['publish: acme/widget/a//b@1.2.3', 'title.path'],
    ['publish: acme/widget/./a@1.2.3', 'title.path'],
    ['publish: acme/widget/a/@1.2.3', 'title.path'],
    ['publish: acme/widget/a\nb@1.2.3', 'title.path'],
    ['publish: acme/widget/a;b@1.2.3', 'title.path'],
  ])('rejects %j at %s, showing the expected form', (title, path) => {
    const error = titleError(title);
    expect(error.path).toBe(path);
    expect(error.message.startsWith(`${path}: `)).toBe(true);
    expect(error.message).toContain('publish: acme/widget@1.2.3');
    expect(error.message).toContain('publish: acme/monorepo/packages/core@2.0.0-rc.1');
  });

  it.each([null, undefined, 1, {}, [], ['publish: a/b@1.2.3']])('rejects the non-string %p', (title) => {
    expect(titleError(title).path).toBe('title');
  });

  it('rejects titles over the limit, and a megabyte quickly', () => {
    expect(titleError(`publish: acme/widget@1.0.0-${'a'.repeat(TITLE_MAX)}`).message).toMatch(/maximum is 256/);
    const inputs = ['publish: ', '@', '/', '-', '`'].map((unit) => unit.repeat(1_000_000 / unit.length));
    expect(bestTime(() => inputs.forEach((input) => titleError(input)))).toBeLessThan(100);
  });
});

describe('renderTitle', () => {
  it('round-trips every valid title (property)', () => {
    fc.assert(
      fc.property(ownerArb, repoNameArb, fc.option(pathArb, { nil: null }), versionArb, (owner, repo, path, version) => {
        const parts = { repo: { owner, repo }, path, version };
        const title = renderTitle(parts);
        fc.pre(title.length <= TITLE_MAX);
        expect(title).toBe(`publish: ${owner}/${repo}${path === null ? '' : `/${path}`}@${version}`);
        expect(parseTitle(title)).toEqual(parts);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses parts that would not survive the round trip', () => {
    for (const parts of [
      { repo: { owner: 'acme', repo: 'a/b' }, path: null, version: '1.2.3' },
      { repo: { owner: 'acme', repo: 'widget' }, path: '', version: '1.2.3' },
      { repo: { owner: 'acme', repo: 'widget' }, path: 'a@b', version: '1.2.3' },
      { repo: { owner: 'acme', repo: 'widget' }, path: null, version: 'v1' },
      { repo: { owner: 'ac/me', repo: 'widget' }, path: null, version: '1.2.3' },
      { repo: null, path: null, version: '1.2.3' },
      null,
    ]) {
      expect(() => renderTitle(parts as never)).toThrow(RequestFormatError);
    }
  });

  it('only ever throws RequestFormatError on random titles (fuzz)', () => {
    const near = fc.array(fc.constantFrom(...'publish: acme/widget@1.2.3-rc.0+b/..\u0430\uff20\n`$'), { maxLength: 40 }).map((a) => a.join(''));
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 60 }), near, near.map((s) => `publish: ${s}`)), (title) => {
        try {
          const parts = parseTitle(title);
          expect(renderTitle(parts)).toBe(title);
        } catch (error) {
          expect(error).toBeInstanceOf(RequestFormatError);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
