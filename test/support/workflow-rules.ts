/**
 * Static rules every workflow of the control repository must keep. A rule broken here is a way to
 * leak the publishing secrets or to run event text as code, so the test suite fails on it.
 */
import { parse } from 'yaml';

export interface RuleViolation {
  readonly file: string;
  readonly rule: 'least-permissions' | 'pinned-actions' | 'secrets-in-production' | 'no-expressions-in-run' | 'publish-concurrency';
  readonly message: string;
}

/** Actions of this project itself; they are versioned with the workflows, not third-party. */
const FIRST_PARTY_OWNERS = new Set(['publish-approval']);
const PINNED = /^[^@\s]+@[0-9a-f]{40}$/;
const SECRET_REFERENCE = /\bsecrets\.([A-Za-z_][A-Za-z0-9_]*)|\bsecrets\[/g;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function triggers(workflow: Json): string[] {
  const on = workflow.on;
  if (typeof on === 'string') return [on];
  if (Array.isArray(on)) return on.map(String);
  return isObject(on) ? Object.keys(on) : [];
}

function permissionsAreLeast(permissions: unknown): boolean {
  if (permissions === undefined) return false;
  if (typeof permissions === 'string') return permissions === 'read-all' ? false : permissions !== 'write-all';
  if (!isObject(permissions)) return false;
  return Object.values(permissions).every((level) => level === 'read' || level === 'write' || level === 'none');
}

function environmentName(job: Json): string | null {
  const environment = job.environment;
  if (typeof environment === 'string') return environment;
  if (isObject(environment) && typeof environment.name === 'string') return environment.name;
  return null;
}

function secretsUsed(value: unknown): string[] {
  const text = JSON.stringify(value ?? null);
  const names: string[] = [];
  for (const match of text.matchAll(SECRET_REFERENCE)) names.push(match[1] ?? '[dynamic]');
  return names.filter((name) => name !== 'GITHUB_TOKEN');
}

/** Checks one workflow file's text against every rule. */
export function checkWorkflow(file: string, text: string): RuleViolation[] {
  const violations: RuleViolation[] = [];
  const add = (rule: RuleViolation['rule'], message: string) => violations.push({ file, rule, message });
  const workflow = parse(text) as unknown;
  if (!isObject(workflow) || !isObject(workflow.jobs)) return [{ file, rule: 'least-permissions', message: 'not a workflow: no jobs' }];
  // A reusable workflow runs in the caller's repository with the caller's secrets; it is the
  // product side of the system, not the control repo, so the environment rule does not apply.
  const reusableOnly = triggers(workflow).every((trigger) => trigger === 'workflow_call');

  if (!isObject(workflow.permissions) || Object.keys(workflow.permissions).length > 0) {
    add('least-permissions', 'the workflow must set `permissions: {}` at the top and grant per job');
  }
  for (const [jobId, rawJob] of Object.entries(workflow.jobs)) {
    if (!isObject(rawJob)) continue;
    const job = rawJob;
    if (!permissionsAreLeast(job.permissions)) add('least-permissions', `job ${jobId}: set explicit per-scope permissions (never write-all/read-all)`);
    const steps = Array.isArray(job.steps) ? job.steps.filter(isObject) : [];
    for (const [index, step] of steps.entries()) {
      const where = `job ${jobId}, step ${String(step.id ?? step.name ?? index + 1)}`;
      if (typeof step.uses === 'string' && !step.uses.startsWith('./')) {
        const owner = step.uses.split('/')[0] ?? '';
        if (!FIRST_PARTY_OWNERS.has(owner) && !PINNED.test(step.uses)) add('pinned-actions', `${where}: pin ${step.uses} to a full commit SHA`);
      }
      if (typeof step.run === 'string' && step.run.includes('${{')) {
        add('no-expressions-in-run', `${where}: pass values to run: through env:, never \${{ }} inside the script`);
      }
    }
    const secrets = secretsUsed(job);
    if (!reusableOnly && secrets.length > 0 && environmentName(job) !== 'production') {
      add('secrets-in-production', `job ${jobId} uses ${secrets.join(', ')} outside the protected production environment`);
    }
    const publishes = steps.some((step) => isObject(step.with) && step.with.command === 'publish');
    if (publishes) {
      const concurrency = job.concurrency;
      const group = isObject(concurrency) ? concurrency.group : concurrency;
      if (typeof group !== 'string' || !group.startsWith('publish-') || (isObject(concurrency) && concurrency['cancel-in-progress'] === true)) {
        add('publish-concurrency', `job ${jobId} publishes: give it concurrency group publish-<owner/repo@version> without cancel-in-progress`);
      }
    }
  }
  return violations;
}
