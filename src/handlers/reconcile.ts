import type { HandlerContext } from '../deps.js';
import { buildControl } from '../control/context.js';
import { reconcile } from '../control/reconcile.js';

/** The "reconcile" command: parked requests whose CI finished, expiry, lost approvals. */
export async function handleReconcile(context: HandlerContext): Promise<void> {
  await reconcile(await buildControl(context));
}
