/**
 * The world's timeline: one entry per thing that happened (a person acted, a workflow ran), with
 * the time since the world started, who, what, the run and its outcome; and its one-line rendering
 * (`00.4s  alice      dispatched Release (acme/widget)  → run #1 success`).
 */
import type { RunRecord, StepRecord } from '../runner/types.js';

/** A workflow run as the timeline names it. */
export interface TimelineRun {
  readonly id: number;
  readonly number: number;
  readonly repository: string;
  readonly workflow: string;
  readonly event: string;
  readonly conclusion: string;
}

/** One thing that happened. */
export interface TimelineEntry {
  /** Milliseconds since the world started. */
  readonly at: number;
  readonly actor: string;
  readonly what: string;
  readonly run?: TimelineRun;
  /** What came out of it: a conclusion plus the decision, or why it failed. */
  readonly outcome?: string;
}

const NOT_AVAILABLE = /The "([a-z-]+)" command is not available in this version/;

/** The step that decided a failed run's fate: the first failed one. */
export function failedStep(run: RunRecord): { job: string; step: StepRecord } | undefined {
  for (const job of run.jobs) {
    const step = job.steps.find((s) => s.conclusion === 'failure');
    if (step !== undefined) return { job: job.name, step };
  }
  return undefined;
}

/** The commands of the project's action that answered "not available in this version" in a run. */
export function unavailableCommands(run: RunRecord): string[] {
  const found = new Set<string>();
  for (const job of run.jobs) {
    for (const step of job.steps) {
      const match = NOT_AVAILABLE.exec(`${step.stdout}\n${step.stderr}\n${step.error ?? ''}`);
      if (match?.[1]) found.add(match[1]);
    }
  }
  return [...found];
}

/** The `decision` output of a run (the project's control-repo jobs set it), if any. */
export function runDecision(run: RunRecord): string | undefined {
  for (const job of run.jobs) {
    const decision = job.outputs.decision ?? job.steps.map((s) => s.outputs.decision).find((d) => d !== undefined && d !== '');
    if (decision !== undefined && decision !== '') return decision;
  }
  return undefined;
}

/** A short outcome text for a run: `success`, `success, decision approved`, `failure: request not available in this version`. */
export function describeRun(run: RunRecord): string {
  const conclusion = run.conclusion ?? run.status;
  const parts: string[] = [conclusion];
  const decision = runDecision(run);
  if (decision !== undefined) parts.push(`decision ${decision}`);
  const unavailable = unavailableCommands(run);
  if (unavailable.length > 0) parts.push(`${unavailable.join(', ')}: not available in this version`);
  else if (run.conclusion === 'failure') {
    const failed = failedStep(run);
    if (run.error !== undefined) parts.push(run.error.split('\n')[0] ?? '');
    else if (failed !== undefined) parts.push(`step "${failed.step.name}" failed`);
  }
  const skipped = run.jobs.length > 0 && run.jobs.every((j) => j.conclusion === 'skipped');
  if (skipped && run.conclusion === 'success') return 'skipped (no job matched)';
  return parts.join(', ');
}

/** The timeline form of a run. */
export function timelineRun(run: RunRecord): TimelineRun {
  return {
    id: run.id,
    number: run.runNumber,
    repository: run.repository,
    workflow: run.workflow.name,
    event: run.action !== undefined ? `${run.event}.${run.action}` : run.event,
    conclusion: run.conclusion ?? run.status,
  };
}

/** Seconds with one decimal, padded: ` 3.1s`, `12.0s`. */
export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1).padStart(4, '0')}s`;
}

/** One line: time, actor (padded), what, and what came of it. */
export function formatEntry(entry: TimelineEntry, actorWidth = 22): string {
  return `${formatSeconds(entry.at)}  ${entry.actor.padEnd(actorWidth)} ${entry.what}${entry.outcome !== undefined ? `  ${entry.outcome}` : ''}`;
}

/** The last lines of a failed run's failing step (stdout and stderr), for the terminal. */
export function failureTail(run: RunRecord, lines = 12): string[] {
  if (run.error !== undefined) return run.error.split('\n').slice(-lines);
  const failed = failedStep(run);
  if (failed === undefined) return [];
  const text = `${failed.step.stdout}\n${failed.step.stderr}\n${failed.step.error ?? ''}`;
  return [`${failed.job} › ${failed.step.name}:`, ...text.split('\n').filter((l) => l.trim() !== '').slice(-lines).map((l) => `  ${l}`)];
}
