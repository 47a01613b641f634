/** The sandbox workflow runner: public surface for tests, the e2e suites and `npm start`. */
export { createWorkflowRunner, expandMatrix, parsePermissions } from './runner.js';
export type { DeliveryOutcome, RunnerEvent, WorkflowRunner, WorkflowRunnerOptions } from './runner.js';
export { WorkflowFileError, loadWorkflow } from './workflow-file.js';
export type { LoadedWorkflow } from './workflow-file.js';
export { matchTrigger, matchesFilterList, filterPatternToRegExp, resolveInputs } from './triggers.js';
export { createStandIns } from './stand-ins/index.js';
export type { StandInOptions } from './stand-ins/index.js';
export { createMemoryHost } from './memory-host.js';
export type { MemoryHost } from './memory-host.js';
export type * from './types.js';
export { parseScopedValues, readScopedValues } from './secrets-file.js';
