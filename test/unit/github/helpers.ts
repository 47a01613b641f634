/**
 * Small test helpers for the GitHub adapter and git wrapper tests: a recording Logger and a
 * recording sleep.
 */
import type { Logger } from '../../../src/deps.js';

/** A Logger that keeps every line, by level. */
export interface RecordingLogger extends Logger {
  readonly lines: { level: string; message: string }[];
  text(): string;
}

/** Builds a Logger that records instead of printing. */
export function recordingLogger(): RecordingLogger {
  const lines: { level: string; message: string }[] = [];
  const add = (level: string) => (message: string) => {
    lines.push({ level, message });
  };
  return {
    lines,
    text: () => lines.map((l) => `${l.level}: ${l.message}`).join('\n'),
    info: add('info'),
    debug: add('debug'),
    notice: add('notice'),
    warning: add('warning'),
    error: add('error'),
    mask: () => undefined,
    setOutput: () => undefined,
    appendSummary: async () => undefined,
  };
}

/** A sleep that records each wait; `real` also waits (scaled by `factor`). */
export function recordingSleep(options: { real?: boolean; factor?: number } = {}): { waits: number[]; sleep: (ms: number) => Promise<void> } {
  const waits: number[] = [];
  return {
    waits,
    sleep: (ms) => {
      waits.push(ms);
      if (!options.real) return Promise.resolve();
      return new Promise((resolve) => setTimeout(resolve, ms * (options.factor ?? 1)));
    },
  };
}
