import type { HandlerContext } from '../deps.js';
import { buildControl } from '../control/context.js';
import { handleCommentEvent } from '../control/comment-commands.js';
import { issueCommentEventSchema, parseEvent } from '../control/events.js';

/** The "comment" command: `#retract`, `#hold`, `#unhold`, `#approve` in a new comment on a request. */
export async function handleComment(context: HandlerContext): Promise<void> {
  const event = parseEvent(issueCommentEventSchema, context.event.payload, 'issue_comment');
  await handleCommentEvent(await buildControl(context), event);
}
