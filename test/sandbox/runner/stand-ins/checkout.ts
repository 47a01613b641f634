/**
 * Stand-in for actions/checkout: fetches the sandbox repository over its git URL with the job
 * token (sent as an HTTP header, never written into the URL) into the workspace.
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ActionContext } from '../types.js';

/** Runs the checkout stand-in (inputs: repository, ref, token, path, fetch-depth, persist-credentials). */
export async function checkout(ctx: ActionContext): Promise<void> {
  const repository = ctx.inputs.repository || String(ctx.github.repository);
  const [owner = '', repo = ''] = repository.split('/');
  if (owner === '' || repo === '') throw new Error(`Input 'repository' must be 'owner/repo', got '${repository}'`);
  const token = ctx.inputs.token || ctx.token;
  const depth = Number(ctx.inputs['fetch-depth'] ?? '1');
  if (!Number.isInteger(depth) || depth < 0) throw new Error(`Input 'fetch-depth' must be a whole number >= 0, got '${ctx.inputs['fetch-depth']}'`);
  // Like the real action: the triggering commit for the triggering repository, else the default branch.
  const target = ctx.inputs.ref || (repository === ctx.github.repository ? String(ctx.github.sha) : 'HEAD');
  const dir = resolve(ctx.workspace, ctx.inputs.path || '.');
  const url = ctx.host.gitUrl(owner, repo);
  const header = `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`;
  ctx.addMask(Buffer.from(`x-access-token:${token}`).toString('base64'));
  await mkdir(dir, { recursive: true });
  const git = (args: string[], env: Record<string, string> = {}): Promise<{ stdout: string }> =>
    ctx.exec(['git', ...args], { cwd: dir, env: { GIT_TERMINAL_PROMPT: '0', ...env } });
  // The header travels in git's environment config, not in argv where `ps` would show the token.
  const authEnv = { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'http.extraheader', GIT_CONFIG_VALUE_0: header };
  await git(['init', '-q']);
  await git(['remote', 'add', 'origin', url]);
  const depthArgs = depth > 0 ? [`--depth=${depth}`] : [];
  if (depth === 0) {
    await git(['fetch', '-q', '--prune', '--tags', 'origin', '+refs/heads/*:refs/remotes/origin/*'], authEnv);
  }
  const fetch = (refspec: string): Promise<unknown> => git(['fetch', '-q', '--no-tags', ...depthArgs, 'origin', refspec], authEnv);
  const checkoutBranch = async (branch: string): Promise<void> => {
    await fetch(`+refs/heads/${branch}:refs/remotes/origin/${branch}`);
    await git(['checkout', '-q', '-B', branch, `refs/remotes/origin/${branch}`]);
  };
  const checkoutTag = async (tag: string): Promise<void> => {
    await fetch(`+refs/tags/${tag}:refs/tags/${tag}`);
    await git(['checkout', '-q', '--detach', `refs/tags/${tag}`]);
  };
  if (/^[0-9a-f]{40}$/.test(target) || target === 'HEAD' || target.startsWith('refs/pull/')) {
    await fetch(target);
    await git(['checkout', '-q', '--detach', 'FETCH_HEAD']);
  } else if (target.startsWith('refs/heads/')) {
    await checkoutBranch(target.slice('refs/heads/'.length));
  } else if (target.startsWith('refs/tags/')) {
    await checkoutTag(target.slice('refs/tags/'.length));
  } else {
    // A bare name is a branch if one exists, else a tag (the real action asks the server the same way).
    await checkoutBranch(target).catch(() => checkoutTag(target));
  }
  if (ctx.inputs['persist-credentials'] !== 'false') await git(['config', '--local', 'http.extraheader', header]);
  const sha = (await git(['rev-parse', 'HEAD'])).stdout.trim();
  ctx.log(`Checked out ${repository}@${target} (${sha}) into ${dir}`);
  ctx.setOutput('ref', target);
  ctx.setOutput('commit', sha);
}
