import type { HandlerContext } from '../deps.js';
import { buildControl } from '../control/context.js';
import { handleEdited, handleLabeled } from '../control/approval.js';
import { issuesEventSchema, parseEvent } from '../control/events.js';

/** The "approve" command: `issues.labeled` (the `accepted` label) and `issues.edited` (voids approvals). */
export async function handleApprove(context: HandlerContext): Promise<void> {
  const event = parseEvent(issuesEventSchema, context.event.payload, 'issues');
  const control = await buildControl(context);
  if (event.action === 'edited') await handleEdited(control, event);
  else if (event.action === 'labeled') await handleLabeled(control, event);
  else context.log.info(`issues ${event.action}: nothing to approve.`);
}
