import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintWorkflow } from '../support/actionlint.js';
import { checkWorkflow } from '../support/workflow-rules.js';

const dir = '.github/workflows';
const files = readdirSync(dir).filter((name) => name.endsWith('.yml'));


describe('the workflow files', () => {
  it('exist', () => {
    expect(files).toEqual(expect.arrayContaining(['publish-requests.yml', 'publish.yml', 'reconcile.yml', 'release.yml']));
  });

  it.each(files)('%s keeps every security rule', (file) => {
    expect(checkWorkflow(file, readFileSync(join(dir, file), 'utf8'))).toEqual([]);
  });

  it.each(files)('%s is clean for actionlint', async (file) => {
    const findings = await lintWorkflow(readFileSync(join(dir, file), 'utf8'), join(dir, file));
    expect(findings.map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual([]);
  });
});

describe('the rule checker catches', () => {
  const base = (job: string, top = 'permissions: {}') => `on: issues\n${top}\njobs:\n  a:\n${job}`;
  const goodJob = '    runs-on: ubuntu-latest\n    permissions:\n      issues: write\n';
  const cases: [string, string, string][] = [
    ['missing top-level permissions', base(goodJob + '    steps:\n      - run: echo hi\n', ''), 'least-permissions'],
    ['write-all on a job', base('    runs-on: x\n    permissions: write-all\n    steps:\n      - run: echo\n'), 'least-permissions'],
    ['an action pinned to a tag', base(goodJob + '    steps:\n      - uses: actions/checkout@v4\n'), 'pinned-actions'],
    ['an action pinned to a short sha', base(goodJob + '    steps:\n      - uses: actions/checkout@11bd719\n'), 'pinned-actions'],
    ['event text in run:', base(goodJob + '    steps:\n      - run: echo "${{ github.event.issue.title }}"\n'), 'no-expressions-in-run'],
    ['a secret outside production', base(goodJob + '    steps:\n      - run: echo\n        env:\n          T: ${{ secrets.NPM_TOKEN }}\n'), 'secrets-in-production'],
    ['a secret in another environment', base(goodJob + '    environment: staging\n    steps:\n      - run: echo\n        env:\n          T: ${{ secrets.NPM_TOKEN }}\n'), 'secrets-in-production'],
    ['a publish without concurrency', base(goodJob + '    environment: production\n    steps:\n      - uses: ./\n        with:\n          command: publish\n'), 'publish-concurrency'],
    ['a publish that cancels in progress', base(goodJob + '    environment: production\n    concurrency:\n      group: publish-x\n      cancel-in-progress: true\n    steps:\n      - uses: ./\n        with:\n          command: publish\n'), 'publish-concurrency'],
  ];
  it.each(cases)('%s', (_name, text, rule) => {
    expect(checkWorkflow('bad.yml', text).map((v) => v.rule)).toContain(rule);
  });

  it('accepts a job that keeps the rules', () => {
    const text = base(goodJob + '    environment: production\n    steps:\n      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683\n      - run: echo "$TITLE"\n        env:\n          TITLE: ${{ github.event.issue.title }}\n          T: ${{ secrets.NPM_TOKEN }}\n');
    expect(checkWorkflow('good.yml', text)).toEqual([]);
  });

  it('actionlint reports event text in an inline script', async () => {
    const findings = await lintWorkflow('on: issues\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.event.issue.title }}"\n', 'bad.yml');
    expect(findings.some((f) => f.message.includes('potentially untrusted'))).toBe(true);
  });
});
