/**
 * The files and stdout commands a step talks to the runner through: $GITHUB_OUTPUT / $GITHUB_ENV
 * (`name=value` and the heredoc `name<<EOF` form), `::add-mask::`, and bounded output capture.
 */

/** Parses a $GITHUB_OUTPUT or $GITHUB_ENV file; throws on an unterminated heredoc as the runner does. */
export function parseKeyValueFile(content: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = content.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    const eq = line.indexOf('=');
    const heredoc = line.indexOf('<<');
    if (heredoc > 0 && (eq < 0 || heredoc < eq)) {
      const name = line.slice(0, heredoc);
      const delimiter = line.slice(heredoc + 2);
      const value: string[] = [];
      let closed = false;
      for (i++; i < lines.length; i++) {
        if (lines[i] === delimiter) {
          closed = true;
          break;
        }
        value.push(lines[i] as string);
      }
      if (!closed) throw new Error(`Matching delimiter not found '${delimiter}'`);
      out[name] = value.join('\n');
    } else if (eq > 0) {
      out[line.slice(0, eq)] = line.slice(eq + 1);
    } else {
      throw new Error(`Invalid format '${line}'`);
    }
  }
  return out;
}

/** Values to hide in recorded output (secrets, tokens, `::add-mask::`), replaced by `***`. */
export class Masker {
  private readonly values = new Set<string>();

  add(value: string | undefined): void {
    if (value === undefined) return;
    const trimmed = value.trim();
    // One- and two-character "secrets" would shred every log; GitHub's runner skips them too.
    if (trimmed.length < 3) return;
    this.values.add(trimmed);
    for (const line of trimmed.split(/\r?\n/)) if (line.trim().length >= 3) this.values.add(line.trim());
  }

  mask(text: string): string {
    // Longest first, so a value containing another is hidden whole.
    let out = text;
    for (const value of [...this.values].sort((a, b) => b.length - a.length)) out = out.split(value).join('***');
    return out;
  }

  /** Registers `::add-mask::` commands found in output. */
  scan(output: string): void {
    for (const line of output.split(/\r?\n/)) {
      const match = /^::add-mask::(.*)$/.exec(line);
      if (match) this.add(match[1]);
    }
  }
}

/** Collects a stream up to a limit (the rest is dropped with a marker) so a chatty step cannot eat memory. */
export class BoundedText {
  private chunks: Buffer[] = [];
  private size = 0;
  private truncated = false;

  constructor(private readonly limit = 1024 * 1024) {}

  push(chunk: Buffer): void {
    if (this.size >= this.limit) {
      this.truncated = true;
      return;
    }
    const room = this.limit - this.size;
    const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
    if (part.length < chunk.length) this.truncated = true;
    this.chunks.push(part);
    this.size += part.length;
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8') + (this.truncated ? '\n[output truncated]\n' : '');
  }
}
