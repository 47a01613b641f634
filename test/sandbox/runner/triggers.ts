/**
 * `on:` matching as GitHub documents it: event name, activity types, and the branch / tag / path
 * filters of push (and pull_request) with GitHub's filter-pattern syntax.
 */
import type { WorkflowTemplate } from '@actions/workflow-parser';

/**
 * GitHub's filter pattern → RegExp. `*` is any run of characters except `/`, `**` any run at all,
 * `?` and `+` quantify the preceding character, `[...]` is a class; everything else is literal.
 */
export function filterPatternToRegExp(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === '*') {
      if (pattern[i + 1] === '*') {
        out += '.*';
        i++;
      } else {
        out += '[^/]*';
      }
    } else if (ch === '?' || ch === '+') {
      out += ch;
    } else if (ch === '[') {
      const close = pattern.indexOf(']', i + 1);
      if (close < 0) {
        out += '\\[';
      } else {
        out += pattern.slice(i, close + 1);
        i = close;
      }
    } else {
      out += ch.replace(/[.^$|(){}\\/]/g, '\\$&');
    }
  }
  return new RegExp(`^${out}$`);
}

/** Applies a pattern list in order: a match includes, a later `!pattern` match excludes again. */
export function matchesFilterList(value: string, patterns: readonly string[]): boolean {
  let matched = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    if (filterPatternToRegExp(negated ? pattern.slice(1) : pattern).test(value)) matched = !negated;
  }
  return matched;
}

interface RefFilters {
  branches?: string[];
  'branches-ignore'?: string[];
  tags?: string[];
  'tags-ignore'?: string[];
  paths?: string[];
  'paths-ignore'?: string[];
  types?: string[];
  workflows?: string[];
}

// GitHub's default activity types when a workflow lists none (all other events: every type).
const DEFAULT_TYPES: Record<string, string[]> = {
  pull_request: ['opened', 'synchronize', 'reopened'],
  pull_request_target: ['opened', 'synchronize', 'reopened'],
};

/** Facts about one event that the filters look at. */
export interface EventFacts {
  readonly event: string;
  readonly action?: string;
  /** Full ref (`refs/heads/main`, `refs/tags/v1`) for push; base branch for pull_request. */
  readonly ref?: string;
  /** Changed files, when known (push: from the payload's commits). */
  readonly changedFiles?: readonly string[];
  /** For workflow_dispatch: the workflow file the dispatch names. */
  readonly workflowPath?: string;
  /** For schedule: the cron that fired. */
  readonly cron?: string;
  /** For workflow_run: the name of the workflow whose run it is. */
  readonly workflowRunName?: string;
}

/** Why a workflow does or does not run for an event. */
export interface TriggerDecision {
  readonly matches: boolean;
  readonly reason: string;
}

/** Decides whether a workflow's `on:` selects this event. */
export function matchTrigger(template: WorkflowTemplate, path: string, facts: EventFacts): TriggerDecision {
  const events = template.events as Record<string, unknown>;
  const config = events[facts.event] as RefFilters | undefined;
  if (config === undefined) return { matches: false, reason: `on: has no ${facts.event}` };
  if (facts.event === 'workflow_dispatch') {
    return facts.workflowPath === path ? { matches: true, reason: 'dispatched' } : { matches: false, reason: 'another workflow was dispatched' };
  }
  if (facts.event === 'schedule') {
    const crons = (template.events.schedule ?? []).map((s) => s.cron);
    return facts.cron === undefined || crons.includes(facts.cron)
      ? { matches: true, reason: 'schedule' }
      : { matches: false, reason: `no schedule ${facts.cron}` };
  }
  const types = config.types ?? DEFAULT_TYPES[facts.event];
  if (types !== undefined && facts.action !== undefined && !types.includes(facts.action)) {
    return { matches: false, reason: `activity type ${facts.action} not in [${types.join(', ')}]` };
  }
  if (facts.event === 'workflow_run') {
    if (config.workflows !== undefined && !config.workflows.includes(facts.workflowRunName ?? '')) {
      return { matches: false, reason: `workflow_run of '${facts.workflowRunName ?? ''}' not in workflows` };
    }
    return { matches: true, reason: 'workflow_run matches' };
  }
  if (facts.event === 'push' || facts.event === 'pull_request' || facts.event === 'pull_request_target') {
    const refDecision = matchRef(config, facts.ref ?? '', facts.event === 'push');
    if (!refDecision.matches) return refDecision;
    return matchPaths(config, facts.changedFiles);
  }
  return { matches: true, reason: 'event matches' };
}

function matchRef(config: RefFilters, ref: string, isPush: boolean): TriggerDecision {
  const isTag = ref.startsWith('refs/tags/');
  const name = ref.replace(/^refs\/(heads|tags)\//, '');
  const hasBranchFilter = config.branches !== undefined || config['branches-ignore'] !== undefined;
  const hasTagFilter = config.tags !== undefined || config['tags-ignore'] !== undefined;
  if (isTag && isPush) {
    // Only branch filters: tag pushes do not run (and the reverse below).
    if (!hasTagFilter) return hasBranchFilter ? { matches: false, reason: 'tag push, only branch filters' } : { matches: true, reason: 'no filters' };
    if (config.tags !== undefined && !matchesFilterList(name, config.tags)) return { matches: false, reason: `tag ${name} not in tags` };
    if (config['tags-ignore'] !== undefined && matchesFilterList(name, config['tags-ignore'])) return { matches: false, reason: `tag ${name} in tags-ignore` };
    return { matches: true, reason: 'tag filters match' };
  }
  if (!hasBranchFilter) return hasTagFilter && isPush ? { matches: false, reason: 'branch push, only tag filters' } : { matches: true, reason: 'no filters' };
  if (config.branches !== undefined && !matchesFilterList(name, config.branches)) return { matches: false, reason: `branch ${name} not in branches` };
  if (config['branches-ignore'] !== undefined && matchesFilterList(name, config['branches-ignore'])) return { matches: false, reason: `branch ${name} in branches-ignore` };
  return { matches: true, reason: 'branch filters match' };
}

function matchPaths(config: RefFilters, files: readonly string[] | undefined): TriggerDecision {
  // Without a list of changed files (a new branch, a payload without commits) GitHub runs the workflow.
  if (files === undefined || files.length === 0) return { matches: true, reason: 'no changed-file list' };
  if (config.paths !== undefined && !files.some((f) => matchesFilterList(f, config.paths as string[]))) {
    return { matches: false, reason: 'no changed file matches paths' };
  }
  if (config['paths-ignore'] !== undefined && files.every((f) => matchesFilterList(f, config['paths-ignore'] as string[]))) {
    return { matches: false, reason: 'every changed file matches paths-ignore' };
  }
  return { matches: true, reason: 'path filters match' };
}

/** workflow_dispatch / workflow_call input definition (as the converter produces it). */
export interface InputDefinition {
  type?: string;
  required?: boolean;
  default?: unknown;
  options?: string[];
}

/** Applies defaults and checks required / type / choice; throws with GitHub-like messages. */
export function resolveInputs(definitions: Record<string, InputDefinition> | undefined, given: Record<string, unknown>): Record<string, string | boolean | number> {
  const out: Record<string, string | boolean | number> = {};
  const defs = definitions ?? {};
  for (const key of Object.keys(given)) {
    if (!(key in defs)) throw new Error(`Unexpected inputs provided: ["${key}"]`);
  }
  for (const [name, def] of Object.entries(defs)) {
    let value = given[name];
    if (value === undefined || value === '') value = def.default;
    if ((value === undefined || value === '') && def.required) throw new Error(`Required input '${name}' not provided`);
    if (value === undefined) value = def.type === 'boolean' ? false : '';
    if (def.type === 'boolean') {
      out[name] = value === true || value === 'true';
    } else if (def.type === 'number') {
      out[name] = Number(value);
    } else {
      const text = String(typeof value === 'object' && value !== null && 'value' in value ? (value as { value: unknown }).value : value);
      if (def.type === 'choice' && def.options !== undefined && text !== '' && !def.options.includes(text)) {
        throw new Error(`Input '${name}' must be one of [${def.options.join(', ')}], got '${text}'`);
      }
      out[name] = text;
    }
  }
  return out;
}
