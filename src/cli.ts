/**
 * The command-line interface (`npm start -- <command>`). Commands are entries in one table, so a
 * new one is a new entry. `validate` works offline on files; `audit` loads the GitHub adapter only
 * when it runs. Exit codes: 0 success, 1 invalid input or unreadable file, 2 usage.
 */
import { ConfigError, formatProblem } from './config/config-error.js';
import { CONFIG_KINDS, inferConfigKind, loadConfigText, type ConfigKind, type LoadedConfig } from './config/load.js';

/** What the CLI may touch: output streams and file reads, injected so tests pass fakes. */
export interface CliIo {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  readonly readFile: (path: string) => Promise<string>;
}

/** One CLI command. `run` returns the exit code and never throws. */
export interface CliCommand {
  readonly summary: string;
  readonly usage: string;
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/** Exit codes, named. */
export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;

class UsageError extends Error {}

/** Splits `--name value` / `--name=value` options from positional arguments. */
function parseArgs(args: readonly string[], known: readonly string[]): { positional: string[]; options: Map<string, string> } {
  const positional: string[] = [];
  const options = new Map<string, string>();
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (!known.includes(name)) throw new UsageError(`unknown option --${name}${known.length ? `; options: ${known.map((k) => `--${k}`).join(', ')}` : ''}`);
    const value = eq === -1 ? args[++i] : arg.slice(eq + 1);
    if (value === undefined || value === '') throw new UsageError(`--${name} needs a value`);
    options.set(name, value);
  }
  return { positional, options };
}

function isKind(value: string): value is ConfigKind {
  return (CONFIG_KINDS as readonly string[]).includes(value);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The one-line summary printed for a valid file. */
export function describeConfig(loaded: LoadedConfig<ConfigKind>): string {
  switch (loaded.kind) {
    case 'craft': {
      const { targets } = (loaded as LoadedConfig<'craft'>).config;
      return `${plural(targets.length, 'target')}: ${targets.map((t) => t.targetId).join(', ')}`;
    }
    case 'auto-approve': {
      const { rules } = (loaded as LoadedConfig<'auto-approve'>).config;
      return rules.length === 0 ? '0 rules: nothing is auto-approved' : `${plural(rules.length, 'rule')}: ${rules.map((r) => r.id).join(', ')}`;
    }
    case 'policy': {
      const policy = (loaded as LoadedConfig<'policy'>).config;
      return [
        `release bot ${policy.releaseBot}`,
        `approvers: ${plural(policy.approvers.teams.length, 'team')} + ${plural(policy.approvers.users.length, 'user')}`,
        `${plural(policy.approvals.required, 'approval')} by default`,
        plural(policy.approvals.overrides.length, 'override'),
        plural(policy.freezeWindows.length, 'freeze window'),
        `expiry ${plural(policy.expiry.days, 'day')}`,
      ].join(', ');
    }
  }
}

const validate: CliCommand = {
  summary: 'check config files and explain every problem with its line',
  usage: `validate <file>... [--kind ${CONFIG_KINDS.join('|')}]`,
  async run(args, io) {
    const { positional, options } = parseArgs(args, ['kind']);
    if (positional.length === 0) throw new UsageError('name a file to validate, e.g. "validate .craft.yml"');
    const kindOption = options.get('kind');
    if (kindOption !== undefined && !isKind(kindOption)) throw new UsageError(`--kind ${JSON.stringify(kindOption)} is not a config kind; use one of: ${CONFIG_KINDS.join(', ')}`);
    let exit: number = EXIT.ok;
    for (const file of positional) {
      const kind = kindOption ?? inferConfigKind(file);
      if (kind === null) {
        io.stderr(`✗ ${file}: cannot tell which config file this is from its name; add --kind ${CONFIG_KINDS.join('|')}\n`);
        exit = Math.max(exit, EXIT.usage);
        continue;
      }
      let text: string;
      try {
        text = await io.readFile(file);
      } catch (error) {
        io.stderr(`✗ ${file}: cannot read the file: ${error instanceof Error ? error.message : String(error)}\n`);
        exit = Math.max(exit, EXIT.invalid);
        continue;
      }
      try {
        const loaded = loadConfigText(kind, text, file);
        io.stdout(`✓ ${file}: valid (${describeConfig(loaded)})\n`);
        for (const warning of loaded.warnings) io.stdout(`  ⚠ ${formatProblem(warning)}\n`);
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        io.stderr(`✗ ${error.explain()}\n`);
        exit = Math.max(exit, EXIT.invalid);
      }
    }
    return exit;
  },
};

const help: CliCommand = {
  summary: 'show the commands',
  usage: 'help',
  async run(_args, io) {
    io.stdout(helpText());
    return EXIT.ok;
  },
};

const audit: CliCommand = {
  summary: 'print the history of releases from a control repo (table or JSON)',
  usage: 'audit --api-url URL --token-env VAR --repo owner/control [--for owner/repo] [--release-bot name[bot]] [--json]',
  async run(args, io) {
    // `--json` is a flag; parseArgs only knows options with values.
    const json = args.includes('--json');
    const { positional, options } = parseArgs(
      args.filter((a) => a !== '--json'),
      ['api-url', 'token-env', 'repo', 'for', 'release-bot'],
    );
    if (positional.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positional[0])}`);
    const apiUrl = options.get('api-url') ?? 'https://api.github.com';
    const tokenEnv = options.get('token-env');
    if (tokenEnv === undefined) throw new UsageError('--token-env names the environment variable that holds the token, e.g. --token-env GITHUB_TOKEN');
    const token = process.env[tokenEnv] ?? '';
    if (token === '') {
      io.stderr(`✗ the environment variable ${tokenEnv} is empty or not set\n`);
      return EXIT.invalid;
    }
    const [owner, repo, extra] = (options.get('repo') ?? '').split('/');
    if (!owner || !repo || extra !== undefined) throw new UsageError('--repo must be the control repository as owner/repo');
    // Loaded on demand: `validate` stays offline and quick to start.
    const { createOctokitPort } = await import('./github/octokit-adapter.js');
    const { audit: readAudit, renderAuditTable } = await import('./control/audit.js');
    const quiet = () => undefined;
    const github = createOctokitPort({
      token,
      baseUrl: apiUrl,
      log: { info: quiet, debug: quiet, notice: quiet, warning: (m) => io.stderr(`⚠ ${m}\n`), error: (m) => io.stderr(`✗ ${m}\n`), mask: quiet, setOutput: quiet, appendSummary: async () => undefined },
    });
    const forRepo = options.get('for');
    const releaseBot = options.get('release-bot');
    const { rows, unreadable } = await readAudit(github, { owner, repo }, { ...(forRepo ? { forRepo } : {}), ...(releaseBot ? { releaseBot } : {}) });
    io.stdout(json ? `${JSON.stringify({ requests: rows, unreadable }, null, 2)}\n` : renderAuditTable(rows));
    if (!json && unreadable.length > 0) io.stderr(`⚠ ${unreadable.length} issue(s) titled "publish: …" are not readable requests: ${unreadable.map((n) => `#${n}`).join(', ')}\n`);
    return EXIT.ok;
  },
};

/** The command table. Add a command by adding an entry. */
export const CLI_COMMANDS: Record<string, CliCommand> = { validate, audit, help };

function helpText(): string {
  const width = Math.max(...Object.values(CLI_COMMANDS).map((c) => c.usage.length));
  const lines = Object.values(CLI_COMMANDS).map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`);
  return `Usage: npm start -- <command>\n\nCommands:\n${lines.join('\n')}\n\nvalidate infers the kind from the file name: .craft.yml, auto-approve.yml, publish-policy.yml.\n`;
}

/** Runs one CLI invocation (argv without node and the script) and returns the exit code. Never throws. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    io.stdout(helpText());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = Object.prototype.hasOwnProperty.call(CLI_COMMANDS, name) ? CLI_COMMANDS[name] : undefined;
  if (command === undefined) {
    io.stderr(`Unknown command ${JSON.stringify(name)}.\n${helpText()}`);
    return EXIT.usage;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${error.message}\nUsage: npm start -- ${command.usage}\n`);
      return EXIT.usage;
    }
    io.stderr(`Internal error (a bug; please report it): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.invalid;
  }
}
