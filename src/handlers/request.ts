import type { HandlerContext } from '../deps.js';
import { runRequest } from '../request/run.js';

/**
 * The "request" command: prepares the release branch in the product repository and opens (or
 * updates) its publish request in the control repository. The runner variables come from `env`,
 * which defaults to this process's environment; tests pass their own.
 */
export async function handleRequest(context: HandlerContext, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await runRequest(context, { env });
}
