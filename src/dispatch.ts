/**
 * Builds the real dependencies (Octokit-backed port, @actions/core logger, system clock) and runs
 * the routed handler with one try/catch that reports: a UserError is explained, anything else is
 * reported as a bug.
 */
import * as core from '@actions/core';
import { tmpdir } from 'node:os';
import type { Command, Route } from './route.js';
import { UserError } from './errors.js';
import { inputReader, systemClock, type Handler, type HandlerContext, type Logger } from './deps.js';
import type { RunOutcome } from './main.js';

const handlers: Record<Command, () => Promise<Handler>> = {
  request: async () => (await import('./handlers/request.js')).handleRequest,
  approve: async () => (await import('./handlers/approve.js')).handleApprove,
  comment: async () => (await import('./handlers/comment.js')).handleComment,
  'auto-approve': async () => (await import('./handlers/auto-approve.js')).handleAutoApprove,
  publish: async () => (await import('./handlers/publish.js')).handlePublish,
  reconcile: async () => (await import('./handlers/reconcile.js')).handleReconcile,
};

/**
 * Spacing between writes. GitHub's guidance is one second; the sandbox sets
 * PUBLISH_APPROVAL_WRITE_INTERVAL_MS=0 so end-to-end tests do not wait.
 */
function writeInterval(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env.PUBLISH_APPROVAL_WRITE_INTERVAL_MS;
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  return Number.isInteger(value) && value >= 0 && value <= 60_000 ? value : undefined;
}

/** The @actions/core implementation of Logger. */
export const actionsLogger: Logger = {
  info: (m) => core.info(m),
  debug: (m) => core.debug(m),
  notice: (m, p) => core.notice(m, p),
  warning: (m, p) => core.warning(m, p),
  error: (m, p) => core.error(m, p),
  mask: (s) => core.setSecret(s),
  setOutput: (n, v) => core.setOutput(n, v),
  appendSummary: async (markdown) => {
    await core.summary.addRaw(markdown, true).write();
  },
};

export async function dispatch(chosen: Route, event: { eventName: string; payload: unknown; env: NodeJS.ProcessEnv }): Promise<RunOutcome> {
  const { env } = event;
  const input = inputReader(env);
  core.info(`publish-approval: running "${chosen.command}" (${chosen.why}).`);
  try {
    const token = input('token') || env.GITHUB_TOKEN || '';
    if (token === '') throw new UserError('E_NO_TOKEN', 'No GitHub token was given.', 'Pass a token with the "token" input (a GitHub App installation token; see the README, "Set-up").');
    core.setSecret(token);
    const { createOctokitPort } = await import('./github/octokit-adapter.js');
    const github = createOctokitPort({
      token,
      baseUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
      log: actionsLogger,
      // App installation tokens cannot read GET /user, so the workflow names the App's bot login.
      botLogin: input('bot_login') || undefined,
      minWriteIntervalMs: writeInterval(env),
    });
    const context: HandlerContext = {
      github,
      clock: systemClock,
      log: actionsLogger,
      event: { name: event.eventName, payload: event.payload },
      input,
      workDir: env.RUNNER_TEMP ?? tmpdir(),
    };
    const handler = await handlers[chosen.command]();
    await handler(context);
    return { exitCode: 0 };
  } catch (error) {
    if (error instanceof UserError) {
      core.setFailed(error.explain());
    } else {
      core.setFailed(`publish-approval hit a bug: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\nPlease report it with a link to this run.`);
    }
    return { exitCode: 1 };
  }
}
