/**
 * Comment commands: `#retract`, `#hold`, `#unhold`, `#approve`, each on a line of its own.
 * Parsing is pure and strict: exact, case-sensitive, trailing whitespace ignored, nothing inside
 * fenced code blocks or `>` quotes (quoting someone's `#retract` in a reply must not retract).
 */

/** The commands, in the order they appear in a comment. */
export const COMMENT_COMMANDS = ['#retract', '#hold', '#unhold', '#approve'] as const;
/** One comment command. */
export type CommentCommand = (typeof COMMENT_COMMANDS)[number];

/** The commands of a comment body, in order (a command repeated is kept once). */
export function parseCommands(body: string): CommentCommand[] {
  const found: CommentCommand[] = [];
  let fence: string | null = null;
  for (const rawLine of body.replace(/\r\n?/g, '\n').split('\n')) {
    const line = rawLine.replace(/[ \t]+$/, '');
    const fenceMatch = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fenceMatch) {
      const marker = fenceMatch[1] as string;
      if (fence === null) fence = marker;
      // A fence closes with the same character, at least as long, and nothing after it.
      else if (marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = null;
      continue;
    }
    if (fence !== null) continue;
    if ((COMMENT_COMMANDS as readonly string[]).includes(line) && !found.includes(line as CommentCommand)) found.push(line as CommentCommand);
  }
  return found;
}
