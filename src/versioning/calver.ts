import { UserError } from '../errors.js';
import { quote } from './quote.js';

/**
 * Calendar versions compatible with Craft: a strftime-like date part (default `%y.%-m`) taken
 * `offset` days back (default 14, so a release early in a month still belongs to the previous
 * one), then `.N` with N the next free patch for that date part.
 *
 * Unlike Craft, dates are computed in UTC: a runner's local time zone must not change a version.
 */

/** Craft's defaults. */
export const DEFAULT_CALVER = { format: '%y.%-m', offset: 14 } as const;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Formats `date` (in UTC). Tokens: `%Y` 2026, `%y` 26, `%m` 01, `%-m` 1, `%d` 05, `%-d` 5,
 * `%j` 005 (day of year), `%-j` 5, `%%` a literal `%`. Any other token is refused rather than
 * copied through, so a typo does not silently become part of every version.
 */
export function formatCalver(format: string, date: Date): string {
  if (Number.isNaN(date.getTime())) throw new TypeError('formatCalver: invalid date');
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + 1;
  const day = date.getUTCDate();
  const dayOfYear = Math.floor((Date.UTC(year, month - 1, day) - Date.UTC(year, 0, 1)) / DAY_MS) + 1;
  const values: Record<string, string> = {
    Y: String(year),
    y: String(year).slice(-2),
    m: String(month).padStart(2, '0'),
    '-m': String(month),
    d: String(day).padStart(2, '0'),
    '-d': String(day),
    j: String(dayOfYear).padStart(3, '0'),
    '-j': String(dayOfYear),
    '%': '%',
  };
  return format.replace(/%(-?.?)/g, (token, name: string) => {
    const value = values[name];
    if (value === undefined) {
      throw new UserError(
        'E_CALVER_FORMAT',
        `The calendar version format ${quote(format)} has an unknown token ${quote(token)}.`,
        'Use only %Y, %y, %m, %-m, %d, %-d, %j, %-j and %% (the default is "%y.%-m").',
      );
    }
    return value;
  });
}

/** The date a calendar version is computed from: `now` minus `offset` whole days. */
export function calverDate(now: Date, offset: number): Date {
  if (!Number.isInteger(offset) || offset < 0) {
    throw new UserError(
      'E_CALVER_OFFSET',
      `The calendar version offset ${quote(String(offset))} is not a whole number of days.`,
      'Set the offset to a whole number of days, 0 or more (the default is 14).',
    );
  }
  return new Date(now.getTime() - offset * DAY_MS);
}

/**
 * The next calendar version `<date part>.<N>`: N is one more than the highest patch already used
 * for that date part among `existingVersions` (tag prefix already removed), or 0. A prerelease
 * such as `26.11.3-rc.0` counts as using patch 3, so the result is never below an existing tag.
 */
export function nextCalver(format: string, offset: number, now: Date, existingVersions: readonly string[]): string {
  const prefix = `${formatCalver(format, calverDate(now, offset))}.`;
  let next = 0;
  for (const version of existingVersions) {
    if (!version.startsWith(prefix)) continue;
    const match = /^(\d+)(?:[-+]|$)/.exec(version.slice(prefix.length));
    if (!match) continue;
    const patch = Number(match[1]);
    if (Number.isSafeInteger(patch) && patch >= next) next = patch + 1;
  }
  return `${prefix}${next}`;
}
