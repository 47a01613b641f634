/**
 * Secrets of the publish run. Each target receives only the variables it declares, and every
 * value (with the encodings it travels in: base64 inside Basic auth, URL-encoded in URLs) is
 * replaced by `***` in anything the publisher writes: logs, the request record, the report.
 */
import type { Logger } from '../deps.js';

/** A secret a target reads from the environment. */
export interface SecretSpec {
  /** The environment variable, e.g. `NPM_TOKEN`. */
  readonly name: string;
  /** Whether the target refuses to run without it. */
  readonly required: boolean;
  readonly description: string;
}

/** Replaces every known secret value in a text. */
export interface Masker {
  /** Adds a value (and its encoded forms) to mask; empty and very short values are ignored. */
  add(value: string): void;
  mask(text: string): string;
}

// Values this short would mask ordinary words; no real token is this short.
const MIN_SECRET_LENGTH = 4;

/** A masker that also registers every value with the logger (`log.mask`). */
export function createMasker(log?: Logger): Masker {
  const values = new Set<string>();
  let sorted: string[] = [];
  const remember = (value: string): void => {
    if (value.length < MIN_SECRET_LENGTH || values.has(value)) return;
    values.add(value);
    log?.mask(value);
    sorted = [...values].sort((a, b) => b.length - a.length);
  };
  return {
    add(value) {
      if (value.length < MIN_SECRET_LENGTH) return;
      remember(value);
      remember(encodeURIComponent(value));
      remember(Buffer.from(value, 'utf8').toString('base64'));
      // The forms a token takes inside Basic auth headers (git's x-access-token, npm's _auth).
      remember(Buffer.from(`x-access-token:${value}`, 'utf8').toString('base64'));
    },
    mask(text) {
      let out = text;
      for (const value of sorted) out = out.split(value).join('***');
      return out;
    },
  };
}

/** The environment a target sees: exactly the variables it declares that are set in `source`. */
export function targetEnvironment(specs: readonly SecretSpec[], source: NodeJS.ProcessEnv): Readonly<Record<string, string>> {
  const env: Record<string, string> = {};
  for (const spec of specs) {
    const value = source[spec.name];
    if (value !== undefined && value !== '') env[spec.name] = value;
  }
  return env;
}

/** The declared required secrets missing from an environment. */
export function missingSecrets(specs: readonly SecretSpec[], env: Readonly<Record<string, string>>): SecretSpec[] {
  return specs.filter((spec) => spec.required && env[spec.name] === undefined);
}

/** A logger whose every line passes through the masker first (targets log registry output). */
export function maskingLogger(log: Logger, masker: Masker): Logger {
  return {
    info: (message) => log.info(masker.mask(message)),
    debug: (message) => log.debug(masker.mask(message)),
    notice: (message, properties) => log.notice(masker.mask(message), properties),
    warning: (message, properties) => log.warning(masker.mask(message), properties),
    error: (message, properties) => log.error(masker.mask(message), properties),
    mask: (secret) => {
      masker.add(secret);
      log.mask(secret);
    },
    setOutput: (name, value) => log.setOutput(name, masker.mask(value)),
    appendSummary: (markdown) => log.appendSummary(masker.mask(markdown)),
  };
}
