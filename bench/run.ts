/**
 * `npm run bench`: measures every figure of docs/performance.md on this machine, against the
 * sandbox and local registries, prints the table and writes bench/results.json.
 *   npm run bench -- --only rules_10k_ms,body_parse_ms --quick
 */
import { fileURLToPath } from 'node:url';
import { formatNotes, formatTable, parseArgs, runBench } from './lib/bench.js';

const args = parseArgs(process.argv.slice(2));
const output = args.output ?? fileURLToPath(new URL('./results.json', import.meta.url));
const results = await runBench({
  ...(args.only !== undefined ? { only: args.only } : {}),
  quick: args.quick,
  ...(args.bundleDir !== undefined ? { bundleDir: args.bundleDir } : {}),
  output,
  log: (line) => process.stderr.write(`${line}\n`),
});
process.stdout.write(`\n${formatTable(results.figures)}\n\n${formatNotes(results.figures)}\n\nWritten to ${output}\n`);
// Sandboxes, registries and children are closed by the figures; nothing may keep the process alive.
process.exit(0);
