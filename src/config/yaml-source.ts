/**
 * YAML parsing with line numbers kept, so every schema problem can point at its line.
 * Only this module touches the `yaml` package.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { ConfigError } from './config-error.js';

/** Larger files are refused before parsing: parsing is not free. 10,000 auto-approve rules take about 1 MiB. */
export const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

/** A parsed YAML file: its plain data and a way back from a field path to a line. */
export interface YamlSource {
  readonly data: unknown;
  /** 1-based line of the deepest node of `path` that exists (the key's line for a mapping entry). */
  lineOf(path: readonly PropertyKey[]): number | null;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / 1024 / 1024} MiB` : `${bytes / 1024} KiB`;
}

/** Parses one YAML document; syntax errors, duplicate keys and alias bombs become a ConfigError. */
export function parseYamlSource(text: string, file: string, maxBytes = MAX_CONFIG_BYTES): YamlSource {
  if (Buffer.byteLength(text, 'utf8') > maxBytes) {
    throw new ConfigError(file, [{ file, line: null, path: '(top level)', message: `the file is larger than ${formatBytes(maxBytes)}; a config file this large is almost certainly not a config file` }]);
  }
  const lineCounter = new LineCounter();
  // uniqueKeys: a duplicated key would make the file mean something different to a reader and to us.
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((error) => ({ file, line: error.linePos?.[0].line ?? lineCounter.linePos(Math.min(error.pos[0], text.length)).line, path: '(YAML syntax)', message: `${firstLine(error.message)}; fix the YAML syntax at this line (quote values that contain ": " or start with a special character)` })),
    );
  }
  let data: unknown;
  try {
    // A low alias budget stops "billion laughs" documents; real config files use few or no aliases.
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new ConfigError(file, [{ file, line: null, path: '(YAML syntax)', message: `the YAML could not be read: ${firstLine(error instanceof Error ? error.message : String(error))}` }]);
  }
  return { data, lineOf: (path) => lineOfPath(doc, lineCounter, path) };
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '').trim();
}

function lineOfPath(doc: Document, lineCounter: LineCounter, path: readonly PropertyKey[]): number | null {
  let node: unknown = doc.contents;
  let offset: number | undefined = rangeStart(node);
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && keyText(item.key) === String(segment));
      if (!pair) break;
      offset = rangeStart(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) break;
      node = item;
      offset = rangeStart(item) ?? offset;
    } else {
      break;
    }
  }
  return offset === undefined ? null : lineCounter.linePos(offset).line;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return Array.isArray(range) ? range[0] : undefined;
}
