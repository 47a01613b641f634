import type { HandlerContext } from '../deps.js';
import { buildControl } from '../control/context.js';
import { handleOpened } from '../control/auto-approve.js';
import { issuesEventSchema, parseEvent } from '../control/events.js';

/** The "auto-approve" command: `issues.opened`, approval by an auto-approve rule, then the CI gate. */
export async function handleAutoApprove(context: HandlerContext): Promise<void> {
  const event = parseEvent(issuesEventSchema, context.event.payload, 'issues');
  await handleOpened(await buildControl(context), event);
}
