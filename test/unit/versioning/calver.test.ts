import { describe, expect, it } from '@jest/globals';

import { UserError } from '../../../src/errors.js';
import { calverDate, DEFAULT_CALVER, formatCalver, nextCalver } from '../../../src/versioning/calver.js';

const utc = (iso: string): Date => new Date(`${iso}T12:00:00Z`);

describe('formatCalver', () => {
  it('formats every supported token in UTC', () => {
    const date = utc('2026-03-05');
    expect(formatCalver('%Y|%y|%m|%-m|%d|%-d|%j|%-j|%%', date)).toBe('2026|26|03|3|05|5|064|64|%');
    expect(formatCalver('%y.%-m', date)).toBe('26.3');
    expect(formatCalver('%Y.%-m.%-d', date)).toBe('2026.3.5');
  });

  it('replaces every occurrence, not only the first', () => {
    expect(formatCalver('%y-%y', utc('2026-01-01'))).toBe('26-26');
  });

  it('uses UTC, not the local time zone', () => {
    // 23:30 UTC on the last day of a month is already the next month east of UTC.
    expect(formatCalver('%y.%-m', new Date('2026-01-31T23:30:00Z'))).toBe('26.1');
    expect(formatCalver('%y.%-m', new Date('2026-02-01T00:30:00Z'))).toBe('26.2');
  });

  it('refuses unknown tokens with a UserError', () => {
    expect(() => formatCalver('%y.%Q', utc('2026-01-01'))).toThrow(UserError);
    expect(() => formatCalver('%y.%', utc('2026-01-01'))).toThrow(/unknown token/);
  });
});

describe('calverDate', () => {
  it('goes back whole days', () => {
    expect(calverDate(new Date('2026-12-05T10:00:00Z'), 14).toISOString()).toBe('2026-11-21T10:00:00.000Z');
  });
  it('refuses negative or fractional offsets', () => {
    expect(() => calverDate(new Date(), -1)).toThrow(UserError);
    expect(() => calverDate(new Date(), 1.5)).toThrow(UserError);
  });
});

describe('nextCalver', () => {
  const { format, offset } = DEFAULT_CALVER;

  it('applies the offset before formatting: early December belongs to November', () => {
    expect(nextCalver(format, offset, utc('2026-12-05'), [])).toBe('26.11.0');
    expect(nextCalver(format, offset, utc('2026-12-15'), [])).toBe('26.12.0');
    expect(nextCalver(format, 0, utc('2026-12-05'), [])).toBe('26.12.0');
  });

  it('handles the month boundary exactly', () => {
    // 2026-12-15 00:00 minus 14 days is 2026-12-01 00:00: December.
    expect(nextCalver(format, 14, new Date('2026-12-15T00:00:00Z'), [])).toBe('26.12.0');
    expect(nextCalver(format, 14, new Date('2026-12-14T23:59:59Z'), [])).toBe('26.11.0');
  });

  it('rolls back over the year boundary', () => {
    expect(nextCalver(format, 14, utc('2027-01-10'), [])).toBe('26.12.0');
    expect(nextCalver(format, 14, utc('2027-01-20'), [])).toBe('27.1.0');
    expect(nextCalver('%Y.%-m', 14, utc('2027-01-03'), [])).toBe('2026.12.0');
  });

  it('takes the next free patch for the period', () => {
    const existing = ['26.11.0', '26.11.1', '26.11.3', '26.10.9', '26.1.7', '26.11.x', '26.110.2'];
    expect(nextCalver(format, 14, utc('2026-12-05'), existing)).toBe('26.11.4');
    expect(nextCalver(format, 14, utc('2026-11-20'), existing)).toBe('26.11.4');
    expect(nextCalver(format, 14, utc('2026-11-10'), existing)).toBe('26.10.10');
  });

  it('counts a prerelease as using its patch', () => {
    expect(nextCalver(format, 0, utc('2026-11-20'), ['26.11.0', '26.11.1-rc.0'])).toBe('26.11.2');
  });
});
