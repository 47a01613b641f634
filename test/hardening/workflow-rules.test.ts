/**
 * Workflow rules: the static checks of test/support/workflow-rules.ts and actionlint on every
 * workflow file of the project (the control repo's and the product fixtures'), and proof that
 * each rule would fail: every control-repo workflow is mutated the way an attacker or a careless
 * edit would (an unpinned action, event text in `run:`, write-all, a secret outside production,
 * a publish job without its concurrency group) and the checker must name that rule.
 *
 * test/unit/workflows.test.ts checks the control workflows and the checker on small synthetic
 * files; this suite adds the product workflows and the mutations of the real files.
 */
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { lintWorkflow } from '../support/actionlint.js';
import { checkWorkflow, type RuleViolation } from '../support/workflow-rules.js';

const CONTROL_DIR = '.github/workflows';
const PRODUCT_DIRS = ['test/fixtures/product/.github/workflows', 'test/fixtures/widget/.github/workflows'];
const controlFiles = readdirSync(CONTROL_DIR).filter((f) => f.endsWith('.yml')).map((f) => join(CONTROL_DIR, f));
const productFiles = PRODUCT_DIRS.flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.yml')).map((f) => join(dir, f)));

type Json = Record<string, unknown>;
type Mutation = { name: string; rule: RuleViolation['rule']; apply: (workflow: Json) => boolean };

const jobsOf = (workflow: Json): [string, Json][] => Object.entries((workflow.jobs ?? {}) as Record<string, Json>);
const stepsOf = (job: Json): Json[] => (Array.isArray(job.steps) ? (job.steps as Json[]) : []);

const MUTATIONS: Mutation[] = [
  {
    name: 'a third-party action pinned to a tag instead of a commit SHA',
    rule: 'pinned-actions',
    apply: (w) => {
      for (const [, job] of jobsOf(w)) {
        for (const step of stepsOf(job)) {
          if (typeof step.uses === 'string' && /@[0-9a-f]{40}$/.test(step.uses)) {
            step.uses = step.uses.replace(/@[0-9a-f]{40}$/, '@v4');
            return true;
          }
        }
      }
      return false;
    },
  },
  {
    name: 'the issue title interpolated into a run: script',
    rule: 'no-expressions-in-run',
    apply: (w) => {
      const first = jobsOf(w)[0];
      if (!first) return false;
      first[1].steps = [...stepsOf(first[1]), { run: 'echo "${{ github.event.issue.title }}"' }];
      return true;
    },
  },
  {
    name: 'write-all on a job',
    rule: 'least-permissions',
    apply: (w) => {
      const first = jobsOf(w)[0];
      if (!first) return false;
      first[1].permissions = 'write-all';
      return true;
    },
  },
  {
    name: 'top-level permissions that grant something',
    rule: 'least-permissions',
    apply: (w) => {
      w.permissions = { contents: 'write' };
      return true;
    },
  },
  {
    name: 'a job that reads secrets without the production environment',
    rule: 'secrets-in-production',
    apply: (w) => {
      for (const [, job] of jobsOf(w)) {
        if (JSON.stringify(job).includes('secrets.') && job.environment !== undefined) {
          delete job.environment;
          return true;
        }
      }
      return false;
    },
  },
  {
    name: 'a publish job whose concurrency cancels a running publish',
    rule: 'publish-concurrency',
    apply: (w) => {
      for (const [, job] of jobsOf(w)) {
        if (stepsOf(job).some((s) => (s.with as Json | undefined)?.command === 'publish')) {
          job.concurrency = { group: (job.concurrency as Json | undefined)?.group ?? 'publish-x', 'cancel-in-progress': true };
          return true;
        }
      }
      return false;
    },
  },
  {
    name: 'a publish job without a concurrency group',
    rule: 'publish-concurrency',
    apply: (w) => {
      for (const [, job] of jobsOf(w)) {
        if (stepsOf(job).some((s) => (s.with as Json | undefined)?.command === 'publish')) {
          delete job.concurrency;
          return true;
        }
      }
      return false;
    },
  },
];

describe('workflow rules: every workflow file of the project', () => {
  it.each(controlFiles)('%s keeps every security rule', (file) => {
    expect(checkWorkflow(file, readFileSync(file, 'utf8'))).toEqual([]);
  });

  it.each(productFiles)('%s (a product workflow) pins its actions and keeps event text out of run:', (file) => {
    // Product repos hold only the App key for requests: the environment and publish rules are the control repo's.
    // `sandbox/ci-gate` is the sandbox world's stand-in that holds CI open, not an action that exists.
    const found = checkWorkflow(file, readFileSync(file, 'utf8')).filter((v) => (v.rule === 'pinned-actions' && !v.message.includes('sandbox/ci-gate')) || v.rule === 'no-expressions-in-run');
    expect(found).toEqual([]);
  });

  it.each([...controlFiles, ...productFiles])('%s is clean for actionlint', async (file) => {
    const findings = await lintWorkflow(readFileSync(file, 'utf8'), file);
    expect(findings.map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual([]);
  });
});

describe('workflow rules: each rule catches its violation in the real files', () => {
  const cases = controlFiles.flatMap((file) =>
    MUTATIONS.flatMap((mutation) => {
      const workflow = parse(readFileSync(file, 'utf8')) as Json;
      return mutation.apply(workflow) ? [[file, mutation.name, mutation.rule, stringify(workflow)] as const] : [];
    }),
  );

  it('there is at least one mutation of every rule', () => {
    expect(new Set(cases.map((c) => c[2]))).toEqual(new Set(MUTATIONS.map((m) => m.rule)));
  });

  it.each(cases)('%s with %s fails the %s rule', (file, _name, rule, text) => {
    expect(checkWorkflow(file, text).map((v) => v.rule)).toContain(rule);
  });

  it.each(cases.filter((c) => c[2] === 'no-expressions-in-run'))('%s with %s is flagged by actionlint too', async (file, _name, _rule, text) => {
    const findings = await lintWorkflow(text, file);
    expect(findings.some((f) => /untrusted/.test(f.message))).toBe(true);
  });
});
