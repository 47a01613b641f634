/** The longest slice of a user-supplied value echoed back in an error message. */
const MAX_QUOTED = 120;

/**
 * Quotes a user-supplied value for an error message: JSON escaping makes newlines, control
 * characters and quotes visible instead of letting them forge extra lines in an annotation or a
 * comment, and long values are cut so a hostile input cannot flood the log.
 */
export function quote(value: string): string {
  const cut = value.length > MAX_QUOTED ? `${value.slice(0, MAX_QUOTED)}…` : value;
  // Bidi controls can make the echoed value read differently from what it is ("trojan source").
  return JSON.stringify(cut).replace(/[\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
