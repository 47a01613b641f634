import type { HandlerContext } from '../deps.js';
import { UserError } from '../errors.js';

/** The "approve" command: not available in this version yet. */
export async function handleApprove(_context: HandlerContext): Promise<void> {
  throw new UserError('E_NOT_AVAILABLE', 'The "approve" command is not available in this version of publish-approval.', 'Pin a version of the action that includes it.');
}
