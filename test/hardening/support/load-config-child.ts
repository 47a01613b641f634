/**
 * Child process for the bad-input suite: loads one config file with the real loader and prints
 * `config` or `ConfigError: ...` or `other: ...`. Run in a child because some inputs crash the
 * process (a fatal out-of-memory is not an exception a test could catch).
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../../../src/config/config-error.js';
import { loadConfigText, type ConfigKind } from '../../../src/config/load.js';

const [kind, file] = process.argv.slice(2) as [ConfigKind, string];
const started = performance.now();
try {
  loadConfigText(kind, readFileSync(file, 'utf8'), file);
  console.log(`config ${Math.round(performance.now() - started)}ms`);
} catch (error) {
  console.log(`${error instanceof ConfigError ? 'ConfigError' : 'other'} ${Math.round(performance.now() - started)}ms: ${(error as Error).message.split('\n')[0]}`);
}
