/**
 * The entry point's logic: read the event, route it, hand it to one handler. Nothing else lives here.
 * Handlers are imported lazily so an ignored event loads none of them.
 */
import { readFile } from 'node:fs/promises';
import { route, UnknownCommandError } from './route.js';

export interface RunOutcome {
  readonly exitCode: number;
}

/** Reads the runner environment, routes the event and runs its handler. Never throws. */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<RunOutcome> {
  const eventName = env.GITHUB_EVENT_NAME ?? '';
  const commandInput = env.INPUT_COMMAND ?? '';
  let payload: unknown = {};
  try {
    if (env.GITHUB_EVENT_PATH) payload = JSON.parse(await readFile(env.GITHUB_EVENT_PATH, 'utf8'));
  } catch (error) {
    return fail(`Could not read the event payload at GITHUB_EVENT_PATH: ${(error as Error).message}`);
  }
  const action = typeof payload === 'object' && payload !== null && 'action' in payload ? String(payload.action) : undefined;

  let chosen;
  try {
    chosen = route({ eventName, action, commandInput });
  } catch (error) {
    if (error instanceof UnknownCommandError) return fail(error.message);
    throw error;
  }
  if (chosen === null) {
    console.log(`Nothing to do for the ${eventName || 'unnamed'} event${action ? ` (${action})` : ''}: publish-approval ignores it.`);
    return { exitCode: 0 };
  }
  const { dispatch } = await import('./dispatch.js');
  return dispatch(chosen, { eventName, payload, env });
}

function fail(message: string): RunOutcome {
  // The workflow-command form works without loading @actions/core.
  console.log(`::error::${message.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}`);
  process.exitCode = 1;
  return { exitCode: 1 };
}
