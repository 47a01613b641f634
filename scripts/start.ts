/**
 * `npm start`: with `validate <files...>` or `help`, the command-line interface of src/cli.ts
 * (its exit code passed through); with no arguments, a full release played in the sandbox (see
 * play-release.ts); with `--keep`, the sandbox stays up afterwards until Ctrl-C.
 *
 * Runs under tsx, whose loader handles the JSON import inside @actions/workflow-parser (`import
 * WorkflowSchema from "../workflow-v1.0.min.json"` without an import attribute); plain `node`
 * would need the --import JSON hook of the offline-testing notes. Checked with tsx 4 on Node 20.
 */
import { readFile } from 'node:fs/promises';
import { CLI_COMMANDS, runCli } from '../src/cli.js';
import type { World } from '../test/sandbox/world.js';

const USAGE = `Usage:
  npm start                    play a release in the sandbox and show its timeline
  npm start -- --keep          the same, then leave the sandbox running (URLs and tokens printed; Ctrl-C stops it)
  npm start -- validate <file>...   check config files (.craft.yml, auto-approve.yml, publish-policy.yml)
  npm start -- help            the config commands
`;

async function main(argv: string[]): Promise<number> {
  const [first] = argv;
  if (first !== undefined && (Object.prototype.hasOwnProperty.call(CLI_COMMANDS, first) || first === '--help' || first === '-h')) {
    if (first === '--help' || first === '-h') process.stdout.write(USAGE);
    return runCli(argv, {
      stdout: (s) => process.stdout.write(s),
      stderr: (s) => process.stderr.write(s),
      readFile: (path) => readFile(path, 'utf8'),
    });
  }
  const unknown = argv.filter((a) => a !== '--keep');
  if (unknown.length > 0) {
    process.stderr.write(`Unknown argument ${JSON.stringify(unknown[0])}.\n${USAGE}`);
    return 2;
  }
  const keep = argv.includes('--keep');

  // Ctrl-C (or a kill) stops everything this process started: the runner's jobs, the registries, the sandbox.
  let world: World | undefined;
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  let signalled = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    signalled += 1;
    if (signalled > 1) process.exit(130);
    process.stderr.write(`\n${signal}: stopping the sandbox...\n`);
    stop();
    void (world?.close() ?? Promise.resolve()).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const { playRelease } = await import('./play-release.js');
  return playRelease({
    keep,
    stopped,
    onWorld: (w) => {
      world = w;
    },
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`npm start failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
