import { readFile, writeFile } from 'node:fs/promises';

import { UserError } from '../errors.js';
import { quote } from '../versioning/quote.js';

/** A JSON file with the layout needed to write it back as its author wrote it. */
export interface JsonDocument {
  data: unknown;
  indent: string;
  newline: '\n' | '\r\n';
  finalNewline: boolean;
  bom: boolean;
  /** The original text, to skip writes that change nothing. */
  original: string;
}

/** Parses JSON text and remembers its indentation, line endings, final newline and BOM. */
export function parseJsonDocument(text: string, displayPath: string): JsonDocument {
  const bom = text.startsWith('\uFEFF');
  const body = bom ? text.slice(1) : text;
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (error) {
    throw new UserError(
      'E_JSON_INVALID',
      `${quote(displayPath)} is not valid JSON (${error instanceof Error ? error.message : String(error)}).`,
      `Fix ${displayPath} on the merge target and request the release again.`,
    );
  }
  // The first indented line that starts a key or a value tells the indent unit.
  const indent = /^([ \t]+)\S/m.exec(body)?.[1] ?? '  ';
  return {
    data,
    indent,
    newline: body.includes('\r\n') ? '\r\n' : '\n',
    finalNewline: /\n$/.test(body),
    bom,
    original: text,
  };
}

/** Renders a document with its original layout. */
export function renderJsonDocument(doc: JsonDocument): string {
  let text = JSON.stringify(doc.data, null, doc.indent);
  if (doc.newline === '\r\n') text = text.replace(/\n/g, '\r\n');
  if (doc.finalNewline) text += doc.newline;
  return doc.bom ? `\uFEFF${text}` : text;
}

/** Reads and parses a JSON file. */
export async function readJsonDocument(absolutePath: string, displayPath: string): Promise<JsonDocument> {
  return parseJsonDocument(await readFile(absolutePath, 'utf8'), displayPath);
}

/** Writes a document back when its content changed; true when it wrote. */
export async function writeJsonDocument(absolutePath: string, doc: JsonDocument): Promise<boolean> {
  const text = renderJsonDocument(doc);
  if (text === doc.original) return false;
  await writeFile(absolutePath, text, 'utf8');
  return true;
}

/** True for a plain JSON object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
