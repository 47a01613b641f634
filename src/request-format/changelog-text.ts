/**
 * How the changelog sits in the issue body without being able to change its structure.
 *
 * Security: the changelog is written by whoever prepared the release. Inside the body it must
 * not open or close an HTML comment, a `<details>` block or any tag, or it could forge or hide
 * the machine block. `neutralise` inserts an invisible WORD JOINER (U+2060) after every `<` that
 * starts a tag or comment (`<!`, `</`, `<?`, `<letter`) and before every `>` that follows `-`
 * (so `-->` never appears), and after every `[` followed by a space, `x` or `X` (so GitHub draws no
 * task-list checkbox whose click would rewrite the changelog); a WORD JOINER already in the text
 * is doubled. The mapping is a bijection, so `restore(neutralise(x)) === x`, and the text still
 * reads the same.
 */

const JOINER = '\u2060';
// One pass, no nested quantifiers: each match is followed by a joiner (`$&` + joiner), so a joiner
// is doubled and one goes between `<` and a tag start, `-` and `>`, `[` and a checkbox mark.
const NEUTRALISE = /\u2060|<(?=[!/?A-Za-z])|-(?=>)|\[(?=[ xX])/g;
const RESTORE = /\u2060(\u2060)?/g;

/** The changelog as it is written into the body: no `<!--`, `-->`, `</details>` or other tag can form. */
export function neutralise(text: string): string {
  return text.replace(NEUTRALISE, `$&${JOINER}`);
}

/** Inverse of neutralise: a doubled WORD JOINER is one, a single one was inserted and is dropped. */
export function restore(text: string): string {
  return text.replace(RESTORE, '$1');
}

/**
 * The length of the longest prefix of `text` whose neutralised form fits in `budget` characters,
 * cut at a line end when one is near, and never between the two halves of a surrogate pair.
 */
export function fittingPrefix(text: string, budget: number): number {
  // Neutralising adds one character per match: for a joiner at its own index, for the others
  // before the next character. Walk the matches in order and stop at the first one past the cut.
  let added = 0;
  for (const match of text.matchAll(NEUTRALISE)) {
    const at = match[0] === JOINER ? match.index : match.index + 1;
    if (at >= budget - added) break;
    added++;
    if (at >= budget - added) break;
  }
  const k = Math.min(text.length, budget - added);
  if (k >= text.length) return text.length;
  // Prefer ending at a line boundary when one is within the last 2,000 characters kept.
  const newline = k > 0 ? text.lastIndexOf('\n', k - 1) : -1;
  if (newline >= 0 && k - newline <= 2000) return newline;
  const last = k > 0 ? text.charCodeAt(k - 1) : 0;
  return last >= 0xd800 && last <= 0xdbff ? k - 1 : k;
}
