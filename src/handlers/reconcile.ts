import type { HandlerContext } from '../deps.js';
import { buildControl } from '../control/context.js';
import { ensureControlLabels } from '../control/labels.js';
import { reconcile } from '../control/reconcile.js';

/** Whether a person started this run by hand (not the schedule, nor reconcile's own self-dispatch). */
function startedByHand(payload: unknown): boolean {
  const sender = (payload as { sender?: { type?: unknown } } | null)?.sender;
  return sender?.type === 'User';
}

/** The "reconcile" command: parked requests whose CI finished, expiry, lost approvals. */
export async function handleReconcile(context: HandlerContext): Promise<void> {
  const control = await buildControl(context);
  // A run started by hand also sets up the labels of a new control repo (colours, descriptions).
  if (context.event.name === 'workflow_dispatch' && startedByHand(context.event.payload)) {
    const created = await ensureControlLabels(control.github, control.controlRepo);
    if (created.length > 0) control.log.info(`Created the labels ${created.join(', ')}.`);
  }
  await reconcile(control);
}
