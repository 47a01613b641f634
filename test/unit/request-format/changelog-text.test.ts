import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { fittingPrefix, neutralise, restore } from '../../../src/request-format/changelog-text.js';

const tricky = fc.array(fc.constantFrom('<', '!', '-', '>', '/', 'd', '[', ' ', 'x', 'X', ']', '\u2060', 'a', '?', '😀'), { maxLength: 60 }).map((a) => a.join(''));

describe('neutralise', () => {
  it('is undone by restore, and leaves no comment, tag or checkbox (property)', () => {
    fc.assert(
      fc.property(fc.oneof(tricky, fc.string({ unit: 'binary', maxLength: 60 })), (text) => {
        const written = neutralise(text);
        expect(restore(written)).toBe(text);
        expect(written).not.toMatch(/<[!/?A-Za-z]|->|\[[ xX]/);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps ordinary text as it is', () => {
    expect(neutralise('## 1.2.3\n\n- Fix `a < b` and 3 > 2.')).toBe('## 1.2.3\n\n- Fix `a < b` and 3 > 2.');
    expect(neutralise('<!-- x -->')).toBe('<\u2060!-- x --\u2060>');
  });
});

describe('fittingPrefix', () => {
  it('finds the longest prefix whose neutralised form fits (property)', () => {
    fc.assert(
      fc.property(tricky, fc.nat({ max: 80 }), (text, budget) => {
        const k = fittingPrefix(text, budget);
        expect(neutralise(text.slice(0, k)).length).toBeLessThanOrEqual(budget);
        // Maximal, except that a cut never splits a surrogate pair.
        const splitsPair = k < text.length && /[\uD800-\uDBFF]/.test(text.charAt(k));
        if (k < text.length && !splitsPair) expect(neutralise(text.slice(0, k + 1)).length).toBeGreaterThan(budget);
        if (splitsPair) expect(neutralise(text.slice(0, k + 2)).length).toBeGreaterThan(budget);
      }),
      { numRuns: 2000 },
    );
  });

  it('cuts at a nearby line end and never inside a surrogate pair', () => {
    expect(fittingPrefix('line one\nline two\nline three', 20)).toBe(17);
    expect(fittingPrefix('😀😀😀', 3)).toBe(2);
    expect(fittingPrefix('😀😀😀', 4)).toBe(4);
  });
});
