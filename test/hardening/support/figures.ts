/**
 * Figures for the hardening summary: tests record them here, the summary reporter adds them up
 * (see summary-reporter.js). Outside `npm run test:hardening` nothing is written.
 */
import { appendFileSync } from 'node:fs';

/** The figure names the reporter knows. */
export type FigureName =
  | 'unauthorised publishes'
  | 'duplicate publishes'
  | 'faults injected'
  | 'fuzz cases'
  | 'max ms per fuzz case'
  | 'max writes per second per token'
  | 'canary values found where they must not be';

/** Records one figure (summed by the reporter, or kept as a maximum for the `max ...` ones). */
export function recordFigure(name: FigureName, value: number): void {
  const file = process.env.HARDENING_FIGURES_FILE;
  if (!file) return;
  appendFileSync(file, `${JSON.stringify({ name, value, pid: process.pid })}\n`);
}
