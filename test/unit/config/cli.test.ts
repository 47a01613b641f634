import { describe, it, expect } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CLI_COMMANDS, runCli, type CliIo } from '../../../src/cli.js';

function fakeIo(files: Record<string, string> = {}): CliIo & { out: string; err: string; reads: string[] } {
  const io = {
    out: '',
    err: '',
    reads: [] as string[],
    stdout: (s: string) => void (io.out += s),
    stderr: (s: string) => void (io.err += s),
    readFile: async (path: string) => {
      io.reads.push(path);
      const text = files[path];
      if (text === undefined) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
      return text;
    },
  };
  return io;
}

const repoFile = (path: string) => readFile(join(process.cwd(), path), 'utf8');

describe('validate', () => {
  it('accepts the example files of the repository (exit 0)', async () => {
    const io = { ...fakeIo(), out: '', err: '' };
    const real: CliIo = { stdout: (s) => void (io.out += s), stderr: (s) => void (io.err += s), readFile: (p) => repoFile(p) };
    const code = await runCli(['validate', 'auto-approve.yml', '.github/publish-policy.yml', 'test/fixtures/config/craft-style.craft.yml'], real);
    expect(io.err).toBe('');
    expect(code).toBe(0);
    expect(io.out).toContain('✓ auto-approve.yml: valid (2 rules: internal-packages, sdk-patch-releases)');
    expect(io.out).toContain('✓ .github/publish-policy.yml: valid (release bot acme-release[bot], approvers: 1 team + 1 user, 1 approval by default, 2 overrides, 2 freeze windows, expiry 14 days)');
    expect(io.out).toContain('✓ test/fixtures/config/craft-style.craft.yml: valid (5 targets: npm[@acme/sdk], npm[@acme/sdk-node], github, oci, registry)');
    expect(io.out).toMatch(/ {2}⚠ test\/fixtures\/config\/craft-style\.craft\.yml:2: minVersion: accepted for Craft compatibility and ignored/);
  });

  it('prints every problem with its line and the fix (exit 1)', async () => {
    const io = fakeIo({ '.craft.yml': 'targets:\n  - name: github\n  - name: nmp\ntagPrefix: "v v"\n' });
    expect(await runCli(['validate', '.craft.yml'], io)).toBe(1);
    expect(io.out).toBe('');
    expect(io.err).toContain('.craft.yml:3: targets[1].name: unknown target "nmp"; known targets: github, npm, oci, registry');
    expect(io.err).toContain('.craft.yml:4: tagPrefix: ');
    expect(io.err).toContain('What to do: Correct each field listed above in .craft.yml');
  });

  it('takes --kind for a file with another name', async () => {
    const io = fakeIo({ 'rules.yml': 'rules: []\n' });
    expect(await runCli(['validate', 'rules.yml', '--kind', 'auto-approve'], io)).toBe(0);
    expect(io.out).toBe('✓ rules.yml: valid (0 rules: nothing is auto-approved)\n');
    const io2 = fakeIo({ 'rules.yml': 'rules: []\n' });
    expect(await runCli(['validate', '--kind=auto-approve', 'rules.yml'], io2)).toBe(0);
  });

  it('asks for --kind when the name does not tell (exit 2, file not read)', async () => {
    const io = fakeIo({ 'config.yml': 'rules: []\n' });
    expect(await runCli(['validate', 'config.yml'], io)).toBe(2);
    expect(io.err).toMatch(/cannot tell which config file this is from its name; add --kind craft\|auto-approve\|policy/);
    expect(io.reads).toEqual([]);
  });

  it.each([
    [['validate'], /name a file to validate/],
    [['validate', 'a.yml', '--kind', 'nope'], /--kind "nope" is not a config kind/],
    [['validate', 'a.yml', '--kind'], /--kind needs a value/],
    [['validate', 'a.yml', '--force'], /unknown option --force/],
  ])('refuses bad usage %j (exit 2)', async (argv, message) => {
    const io = fakeIo();
    expect(await runCli(argv, io)).toBe(2);
    expect(io.err).toMatch(message);
    expect(io.err).toContain('Usage: npm start -- validate <file>...');
  });

  it('reports an unreadable file (exit 1)', async () => {
    const io = fakeIo();
    expect(await runCli(['validate', '.craft.yml'], io)).toBe(1);
    expect(io.err).toMatch(/✗ \.craft\.yml: cannot read the file: ENOENT/);
  });

  it('exits 1 when any of several files is invalid, and still checks the others', async () => {
    const io = fakeIo({ 'auto-approve.yml': 'rules: []\n', '.craft.yml': 'targets: []\n' });
    expect(await runCli(['validate', '.craft.yml', 'auto-approve.yml'], io)).toBe(1);
    expect(io.out).toContain('✓ auto-approve.yml');
    expect(io.err).toContain('.craft.yml:1: targets: needs at least 1 item');
  });
});

describe('help and dispatch', () => {
  it('prints help (exit 0)', async () => {
    const io = fakeIo();
    expect(await runCli(['help'], io)).toBe(0);
    expect(io.out).toMatch(/Usage: npm start -- <command>/);
    expect(io.out).toMatch(/validate <file>\.\.\. \[--kind craft\|auto-approve\|policy\]/);
    const io2 = fakeIo();
    expect(await runCli(['--help'], io2)).toBe(0);
  });

  it('prints help and exits 2 without a command', async () => {
    const io = fakeIo();
    expect(await runCli([], io)).toBe(2);
    expect(io.out).toMatch(/Commands:/);
  });

  it('refuses an unknown command, including prototype names (exit 2)', async () => {
    for (const name of ['publish', 'constructor', '__proto__', 'toString']) {
      const io = fakeIo();
      expect(await runCli([name], io)).toBe(2);
      expect(io.err).toContain(`Unknown command ${JSON.stringify(name)}`);
    }
  });

  it('dispatches through the command table', async () => {
    expect(Object.keys(CLI_COMMANDS).sort()).toEqual(['audit', 'help', 'validate']);
  });
});
