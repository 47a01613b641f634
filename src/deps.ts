/**
 * The dependencies every handler receives as parameters (style principle 2): nothing in a
 * handler reaches for globals, so tests pass a sandbox-backed port, a fixed clock and a
 * recording logger.
 */
import type { GitHubPort } from './github/port.js';

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export interface AnnotationProperties {
  readonly title?: string;
  readonly file?: string;
  readonly startLine?: number;
}

/** What a handler may say to the person reading the run: logs, annotations, outputs, the job summary. */
export interface Logger {
  info(message: string): void;
  debug(message: string): void;
  notice(message: string, properties?: AnnotationProperties): void;
  warning(message: string, properties?: AnnotationProperties): void;
  error(message: string, properties?: AnnotationProperties): void;
  /** Hides a value in every later log line (secrets, tokens). */
  mask(secret: string): void;
  setOutput(name: string, value: string): void;
  /** Appends Markdown to the job summary. */
  appendSummary(markdown: string): Promise<void>;
}

export interface EventInput {
  readonly name: string;
  readonly payload: unknown;
}

export interface HandlerContext {
  readonly github: GitHubPort;
  readonly clock: Clock;
  readonly log: Logger;
  readonly event: EventInput;
  /** Reads an action input the way the runner passes it (`INPUT_<NAME>`), trimmed; '' when absent. */
  readonly input: (name: string) => string;
  /** Where files may be written (a clone, artifacts): RUNNER_TEMP on a runner. */
  readonly workDir: string;
}

export type Handler = (context: HandlerContext) => Promise<void>;

/** Reads `INPUT_<NAME>` from an environment as @actions/core does (spaces become underscores). */
export function inputReader(env: NodeJS.ProcessEnv): (name: string) => string {
  return (name) => (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}
