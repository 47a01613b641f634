/**
 * Stand-in for actions/create-github-app-token: asks the host for an App installation token
 * for the App named by `app-id` (mapped to a slug by configuration) and masks it.
 */
import type { ActionContext } from '../types.js';

/** Builds the stand-in; `apps` maps `app-id` / `client-id` values to App slugs. */
export function createAppTokenStandIn(apps: Readonly<Record<string, string>>): (ctx: ActionContext) => Promise<void> {
  return async (ctx) => {
    const id = ctx.inputs['app-id'] || ctx.inputs['client-id'];
    if (!id) throw new Error("Input required and not supplied: app-id (or client-id)");
    if (!ctx.inputs['private-key']) throw new Error('Input required and not supplied: private-key');
    const slug = apps[id] ?? id;
    const permissions: Record<string, 'read' | 'write'> = {};
    for (const [name, value] of Object.entries(ctx.inputs)) {
      if (!name.startsWith('permission-') || value === '') continue;
      if (value !== 'read' && value !== 'write') throw new Error(`Input '${name}' must be read or write, got '${value}'`);
      permissions[name.slice('permission-'.length)] = value;
    }
    const owner = ctx.inputs.owner || ctx.repository.split('/')[0] || '';
    const repositories = (ctx.inputs.repositories ?? '')
      .split(/[\s,]+/)
      .filter((r) => r !== '')
      .map((r) => (r.includes('/') ? r : `${owner}/${r}`));
    const token = ctx.host.mintAppToken(slug, permissions, repositories.length > 0 ? repositories : undefined);
    ctx.addMask(token);
    ctx.setOutput('token', token);
    ctx.setOutput('app-slug', slug);
    ctx.log(`Created an installation token for ${slug}`);
  };
}
