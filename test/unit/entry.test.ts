import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'entry-'));

/** Runs the committed bundle the way the runner does, with only the variables given. */
function runBundle(env: Record<string, string>, payload: unknown): Promise<{ code: number | null; out: string }> {
  const eventPath = join(dir, `event-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(eventPath, JSON.stringify(payload));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['dist/index.js'], { env: { PATH: process.env.PATH ?? '', GITHUB_EVENT_PATH: eventPath, ...env } });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('close', (code) => resolve({ code, out }));
  });
}

describe('the bundled entry point (dist/index.js)', () => {
  it('ignores an unrelated event with exit 0 and says so', async () => {
    const { code, out } = await runBundle({ GITHUB_EVENT_NAME: 'issues' }, { action: 'closed' });
    expect(code).toBe(0);
    expect(out).toContain('Nothing to do for the issues event (closed)');
  });

  it('refuses an unknown command input with exit 1 and lists the commands', async () => {
    const { code, out } = await runBundle({ GITHUB_EVENT_NAME: 'workflow_dispatch', INPUT_COMMAND: 'publsh' }, {});
    expect(code).toBe(1);
    expect(out).toMatch(/::error::.*publsh.*request, approve, comment, auto-approve, publish, reconcile/);
  });

  it('fails with a fix when a routed command has no token', async () => {
    const { code, out } = await runBundle({ GITHUB_EVENT_NAME: 'schedule', RUNNER_TEMP: dir }, {});
    expect(code).toBe(1);
    expect(out).toContain('No GitHub token was given');
  });

  it('reports an unreadable event payload instead of crashing', async () => {
    const { code, out } = await runBundle({ GITHUB_EVENT_NAME: 'issues', GITHUB_EVENT_PATH: join(dir, 'missing.json') }, {});
    expect(code).toBe(1);
    expect(out).toContain('Could not read the event payload');
  });
});
