import { run } from './main.js';

const outcome = await run(process.env);
process.exitCode = outcome.exitCode;
