/**
 * The parts of the webhook payloads the control repo reads, parsed once with zod (style
 * principle 3). Only identifiers are taken from events: every privileged decision re-reads the
 * issue, its labels and its label events from the API, because a payload is a snapshot that may
 * be stale (a duplicated or delayed delivery) by the time the run starts.
 */
import { z } from 'zod';
import { ValidationError } from '../errors.js';
import type { RepoId } from '../github/port.js';

const user = z.object({ login: z.string().min(1), type: z.string().optional() });

const repository = z.object({ full_name: z.string().regex(/^[^/\s]+\/[^/\s]+$/) });

const issue = z.object({
  number: z.number().int().positive(),
  title: z.string(),
  user: user.nullable().optional(),
  pull_request: z.unknown().optional(),
});

/** `issues` events: opened, labeled, edited. */
export const issuesEventSchema = z.object({
  action: z.string(),
  issue,
  label: z.object({ name: z.string() }).optional(),
  sender: user,
  repository: repository.optional(),
});

/** `issue_comment` events. */
export const issueCommentEventSchema = z.object({
  action: z.string(),
  issue,
  comment: z.object({ id: z.number().int().positive(), body: z.string().nullable().optional(), user: user.nullable(), created_at: z.string() }),
  sender: user,
  repository: repository.optional(),
});

/** Any event: only the repository, when there is one. */
export const anyEventSchema = z.object({ repository: repository.optional() }).passthrough();

/** A parsed issues event. */
export type IssuesEvent = z.infer<typeof issuesEventSchema>;
/** A parsed issue_comment event. */
export type IssueCommentEvent = z.infer<typeof issueCommentEventSchema>;

/** Parses a payload, naming the first field that does not fit. */
export function parseEvent<T>(schema: z.ZodType<T>, payload: unknown, eventName: string): T {
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  const issue0 = result.error.issues[0];
  const path = issue0 ? issue0.path.map(String).join('.') : '(payload)';
  throw new ValidationError(
    'E_EVENT_PAYLOAD',
    `The ${eventName} event payload does not have the expected shape at "${path}": ${issue0?.message ?? 'invalid'}.`,
    `event.${path}`,
    'This workflow must be started by the events listed in docs/control-repo.md; check the `on:` section of the workflow.',
  );
}

/** Whether an actor is an app or a bot account (by type, or by the `[bot]` suffix GitHub reserves for apps). */
export function isBotActor(actor: { login: string; type?: string | undefined } | null | undefined): boolean {
  if (!actor) return false;
  return actor.type === 'Bot' || actor.login.endsWith('[bot]');
}

/** The control repository: the event's repository, else GITHUB_REPOSITORY. */
export function controlRepoOf(payload: unknown, env: NodeJS.ProcessEnv): RepoId {
  const parsed = anyEventSchema.safeParse(payload);
  const fullName = (parsed.success ? parsed.data.repository?.full_name : undefined) ?? env.GITHUB_REPOSITORY ?? '';
  const [owner, repo, extra] = fullName.split('/');
  if (!owner || !repo || extra !== undefined) {
    throw new ValidationError('E_NO_REPOSITORY', 'Cannot tell which repository is the control repository: the event names none and GITHUB_REPOSITORY is not set.', 'GITHUB_REPOSITORY', 'Run the action inside a workflow of the control repository.');
  }
  return { owner, repo };
}
