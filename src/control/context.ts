/**
 * What every control-repo command works with: the port, the clock, the control repo, the policy
 * and rules, and how to report a decision (the action outputs the workflow reads).
 */
import type { Clock, HandlerContext, Logger } from '../deps.js';
import type { GitHubPort, IssueRecord, RepoId } from '../github/port.js';
import { toDetail, withHistory, type HistoryEvent, type PublishRequest } from '../request-format/index.js';
import type { PublishPolicy } from '../config/policy.js';
import type { CompiledRules } from '../config/auto-approve.js';
import { controlRepoOf } from './events.js';
import { loadControlConfig } from './policy.js';
import { requestKey } from './request-store.js';

/** The control-repo context shared by the handlers. */
export interface Control {
  readonly github: GitHubPort;
  readonly clock: Clock;
  readonly log: Logger;
  readonly controlRepo: RepoId;
  readonly policy: PublishPolicy;
  readonly rules: CompiledRules;
  /** Logins whose writes are the automation's own: the release bot and the identity of our token. */
  readonly automation: ReadonlySet<string>;
  /** Settle time before reading back a concurrent-safe write (see updateRequest). */
  readonly settleMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  /** The link of this run, for comments; null outside Actions. */
  readonly runUrl: string | null;
}

/** Options for tests: everything else comes from the handler context. */
export interface ControlOverrides {
  readonly settleMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly env?: NodeJS.ProcessEnv;
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Builds the control context: loads the policy and rules named by the `policy_file`/`rules_file` inputs. */
export async function buildControl(context: HandlerContext, overrides: ControlOverrides = {}): Promise<Control> {
  const env = overrides.env ?? process.env;
  const { policy, rules } = await loadControlConfig(context.input('policy_file'), context.input('rules_file'), env.GITHUB_WORKSPACE || process.cwd());
  const automation = new Set([policy.releaseBot.toLowerCase()]);
  const botLogin = context.input('bot_login');
  if (botLogin.endsWith('[bot]') && botLogin !== '[bot]') automation.add(botLogin.toLowerCase());
  const runUrl = env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : null;
  return {
    github: context.github,
    clock: context.clock,
    log: context.log,
    controlRepo: controlRepoOf(context.event.payload, env),
    policy,
    rules,
    automation,
    // One second is far longer than the read-to-write gap of a concurrent run (one API call).
    settleMs: overrides.settleMs ?? 1500,
    sleep: overrides.sleep ?? realSleep,
    runUrl,
  };
}

/** The ISO time now. */
export function nowIso(control: Pick<Control, 'clock'>): string {
  return new Date(control.clock.now()).toISOString();
}

/** Appends one history entry (detail made one printable line). */
export function record(control: Pick<Control, 'clock'>, request: PublishRequest, event: HistoryEvent, actor: string | null, detail: string | null): PublishRequest {
  return withHistory(request, { at: nowIso(control), event, actor, detail: detail === null ? null : toDetail(detail) });
}

/** What a command decided (the `decision` output). */
export type Decision =
  | 'publish'
  | 'parked-ci'
  | 'ci-failed'
  | 'approved'
  | 'refused'
  | 'voided'
  | 'noop'
  | 'ignored'
  | 'retracted'
  | 'held'
  | 'unheld'
  | 'answered'
  | 'auto-approved'
  | 'not-auto-approved'
  | 'published'
  | 'failed'
  | 'dry-run'
  | 'reconciled';

/** Sets the outputs the workflow reads: `decision`, and for a request `request` (the concurrency key) and `issue_number`. */
export function report(control: Pick<Control, 'log'>, decision: Decision, target?: { issue: IssueRecord; request: PublishRequest } | null, why?: string): Decision {
  control.log.setOutput('decision', decision);
  if (target) {
    control.log.setOutput('request', requestKey(target.request));
    control.log.setOutput('issue_number', String(target.issue.number));
  }
  control.log.info(`Decision: ${decision}${target ? ` for #${target.issue.number} (${requestKey(target.request)})` : ''}${why ? `: ${why}` : ''}.`);
  return decision;
}

/** A comment addressed to someone, without pinging anyone else. */
export function mention(login: string): string {
  return `@${login}`;
}
