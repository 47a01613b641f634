/**
 * `rules_10k_ms`: the auto-approve decision with 10,000 rules. The rules are a realistic mix
 * (exact names, globs under a literal owner, globs with any owner; version ranges, bump limits,
 * target lists) written as an `auto-approve.yml` text and loaded through the real loader; the
 * requests hit exact rules at the end of the file, globs, near misses and names no rule covers.
 *
 * The value is the median time of one decideAutoApproval call on compiled rules. The one-off costs
 * a fresh action process pays before its single decision (YAML + schema, compileRules) are in
 * the details (`load_ms`, `compile_ms`, `cold_decision_ms`).
 */
import { stringify } from 'yaml';
import { compileRules, decideAutoApproval, type AutoApprovalRequest } from '../../src/config/auto-approve.js';
import { loadConfigText } from '../../src/config/load.js';
import { figure, median, msSince, quantile, type FigureGroup } from '../lib/figure.js';

const RULES = 10_000;
const OWNERS = 50;
const BOT = 'publish-approval[bot]';

interface RuleText {
  id: string;
  description: string;
  match: string;
  versions?: string;
  maxBump?: 'patch' | 'minor' | 'major';
  targets?: string[];
}

/** 10,000 rules: 60 % exact names, 30 % globs under a literal owner, 10 % globs with any owner. */
export function makeRules(count = RULES): RuleText[] {
  const rules: RuleText[] = [];
  for (let i = 0; i < count; i += 1) {
    const owner = `org${i % OWNERS}`;
    const kind = i % 10;
    let match: string;
    if (kind < 6) match = `${owner}/repo-${i}`;
    else if (kind < 8) match = `${owner}/svc-${i}-*`;
    else if (kind < 9) match = `${owner}/mono-${i}/packages/*`;
    else match = `*/tool-${i}`;
    const rule: RuleText = { id: `rule-${i}`, description: `Rule ${i} of the benchmark.`, match };
    if (i % 3 === 0) rule.versions = '>=1.0.0 <100.0.0';
    if (i % 4 !== 3) rule.maxBump = (['patch', 'minor', 'major'] as const)[i % 3];
    if (i % 2 === 0) rule.targets = ['github', `npm[@${owner}/*]`, 'registry'];
    rules.push(rule);
  }
  return rules;
}

/** Requests that match late exact rules, globs, any-owner globs, near misses and nothing. */
export function makeRequests(count: number): AutoApprovalRequest[] {
  const out: AutoApprovalRequest[] = [];
  for (let k = 0; k < count; k += 1) {
    // Rule indexes near the end of the file: the decision cannot stop early.
    const i = RULES - 1 - ((k * 37) % 2000);
    const owner = `org${i % OWNERS}`;
    const kind = k % 6;
    let repo: string;
    let path: string | null = null;
    if (kind === 0) repo = `repo-${i - (i % 10)}`; // exact rule
    else if (kind === 1) repo = `svc-${i - (i % 10) + 6}-api`; // owner glob
    else if (kind === 2) {
      repo = `mono-${i - (i % 10) + 8}`;
      path = 'packages/core'; // sub-package glob
    } else if (kind === 3) repo = `tool-${i - (i % 10) + 9}`; // any-owner glob
    else if (kind === 4) repo = `Repo-${i - (i % 10)}`; // near miss: case
    else repo = `unknown-${k}`; // no rule at all
    out.push({
      repo: { owner, repo },
      path,
      version: `1.${(k % 5) + 1}.0`,
      previousVersion: '1.0.0',
      targets: ['github', `npm[@${owner}/${repo.toLowerCase()}]`],
      author: BOT,
    });
  }
  return out;
}

export const rules: FigureGroup = {
  names: ['rules_10k_ms'],
  async run({ quick }) {
    const text = stringify({ rules: makeRules() });
    const loadStart = process.hrtime.bigint();
    const loaded = loadConfigText('auto-approve', text, 'auto-approve.yml').config.rules;
    const loadMs = msSince(loadStart);
    const compileStart = process.hrtime.bigint();
    const compiled = compileRules(loaded);
    const compileMs = msSince(compileStart);
    const requests = makeRequests(quick ? 60 : 300);
    const coldStart = process.hrtime.bigint();
    decideAutoApproval(compiled, requests[0] as AutoApprovalRequest, BOT);
    const coldDecisionMs = msSince(coldStart);

    const rounds = quick ? 3 : 25;
    const samples: number[] = [];
    const outcomes = { approved: 0, refused: 0 };
    for (let round = 0; round < rounds; round += 1) {
      for (const request of requests) {
        const start = process.hrtime.bigint();
        const decision = decideAutoApproval(compiled, request, BOT);
        samples.push(msSince(start));
        if (round === 0) outcomes[decision.approved ? 'approved' : 'refused'] += 1;
      }
    }
    const per = median(samples);
    return [
      figure('rules_10k_ms', per, 'ms per request', '< 5', {
        details: {
          summary: `median ${per.toFixed(4)} ms, p99 ${quantile(samples, 0.99).toFixed(4)} ms per decision over ${samples.length} decisions; one-off per process: load ${loadMs.toFixed(0)} ms, compile ${compileMs.toFixed(1)} ms`,
          rules: loaded.length,
          decisions: samples.length,
          outcomes,
          p99_ms: quantile(samples, 0.99),
          max_ms: Math.max(...samples),
          load_ms: loadMs,
          compile_ms: compileMs,
          cold_decision_ms: loadMs + compileMs + coldDecisionMs,
          file_bytes: text.length,
        },
      }),
    ];
  },
};
