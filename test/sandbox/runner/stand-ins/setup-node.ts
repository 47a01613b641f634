/** Stand-in for actions/setup-node: the runner's own node is used; the requested version is recorded. */
import type { ActionContext } from '../types.js';

/** Records the requested node version and reports the one actually used. */
export async function setupNode(ctx: ActionContext): Promise<void> {
  const requested = ctx.inputs['node-version'] ?? '';
  ctx.log(`setup-node stand-in: requested '${requested}', using ${process.version}`);
  ctx.setOutput('node-version', process.version);
  ctx.setOutput('requested-node-version', requested);
}
