import { expect } from '@jest/globals';
import { ConfigError, type ConfigProblem } from '../../../src/config/config-error.js';
import { loadConfigText, type ConfigKind } from '../../../src/config/load.js';

/** Loads a text that must be invalid and returns its problems. */
export function problemsOf(kind: ConfigKind, text: string, file = 'test.yml'): readonly ConfigProblem[] {
  try {
    loadConfigText(kind, text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError, but the text loaded');
}

/** The single problem at `path`. */
export function problemAt(problems: readonly ConfigProblem[], path: string): ConfigProblem {
  const found = problems.filter((p) => p.path === path);
  if (found.length !== 1) throw new Error(`expected one problem at ${path}, got: ${JSON.stringify(problems, null, 1)}`);
  return found[0] as ConfigProblem;
}

/** Joins lines into a YAML text. */
export function yaml(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}
