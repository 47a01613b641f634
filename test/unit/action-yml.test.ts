import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

interface ActionYml {
  name: string;
  description: string;
  branding: { icon: string; color: string };
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
}

const action = parse(readFileSync('action.yml', 'utf8')) as ActionYml;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('action.yml', () => {
  it('runs the bundle on node24 and has branding', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
    expect(action.branding.icon).toBeTruthy();
    expect(action.branding.color).toBeTruthy();
  });

  it('documents every input and output', () => {
    for (const [name, input] of Object.entries(action.inputs)) {
      expect([name, typeof input.description === 'string' && input.description.length > 20]).toEqual([name, true]);
    }
    for (const [name, output] of Object.entries(action.outputs)) {
      expect([name, typeof output.description === 'string' && output.description.length > 10]).toEqual([name, true]);
    }
  });

  it('declares every input the code reads, and the code sets only declared outputs', () => {
    const text = sourceFiles('src').map((file) => readFileSync(file, 'utf8')).join('\n');
    const read = new Set([...text.matchAll(/\binput\(\s*'([a-z_]+)'\s*\)/g)].map((m) => m[1]));
    const set = new Set([...text.matchAll(/\bsetOutput\(\s*'([a-z_]+)'/g)].map((m) => m[1]));
    expect(read.size).toBeGreaterThan(0);
    for (const name of read) expect([name, name !== undefined && name in action.inputs]).toEqual([name, true]);
    for (const name of set) expect([name, name !== undefined && name in action.outputs]).toEqual([name, true]);
  });
});
