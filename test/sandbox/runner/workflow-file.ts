/**
 * Reads one workflow file with GitHub's own parser and converter. A file the parser rejects is an
 * error (GitHub shows such a run as failed with the parser's messages), never a silent skip.
 */
import { convertWorkflowTemplate, isMapping, isSequence, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import type { WorkflowTemplate } from '@actions/workflow-parser';
import type { MappingToken, TemplateToken } from '@actions/workflow-parser/templates/tokens/index';
import type { WorkflowFile } from './types.js';

/** A workflow file the parser or converter rejected. */
export class WorkflowFileError extends Error {
  constructor(
    readonly repository: string,
    readonly path: string,
    readonly messages: string[],
  ) {
    super(`Invalid workflow file ${repository}/${path}:\n${messages.join('\n')}`);
    this.name = 'WorkflowFileError';
  }
}

/** A parsed workflow: the converted model plus the raw mapping for keys the model drops. */
export interface LoadedWorkflow {
  readonly path: string;
  /** `name:` or, as GitHub does, the path when there is none. */
  readonly name: string;
  readonly template: WorkflowTemplate;
  /** The whole file as parsed tokens (permissions, timeout-minutes, with:, shell: live only here). */
  readonly raw: MappingToken;
}

/** Parses and converts a workflow file; throws WorkflowFileError on any parser or converter error. */
export async function loadWorkflow(repository: string, file: WorkflowFile): Promise<LoadedWorkflow> {
  const parsed = parseWorkflow({ name: file.path, content: file.content }, new NoOperationTraceWriter());
  const parseErrors = parsed.context.errors.getErrors().map((e) => e.message);
  if (parseErrors.length > 0 || parsed.value === undefined || !isMapping(parsed.value)) {
    throw new WorkflowFileError(repository, file.path, parseErrors.length > 0 ? parseErrors : ['The file is not a mapping']);
  }
  const template = await convertWorkflowTemplate(parsed.context, parsed.value);
  const convertErrors = (template.errors ?? []).map((e) => e.Message);
  if (convertErrors.length > 0) throw new WorkflowFileError(repository, file.path, convertErrors);
  const nameToken = findKey(parsed.value, 'name');
  const name = nameToken && 'value' in nameToken && typeof nameToken.value === 'string' ? nameToken.value : file.path;
  return { path: file.path, name, template, raw: parsed.value };
}

/** The value of `key` in a mapping token (undefined when absent or not a mapping). */
export function findKey(token: TemplateToken | undefined, key: string): TemplateToken | undefined {
  if (token === undefined || !isMapping(token)) return undefined;
  for (const pair of token) {
    if (isStringKey(pair.key, key)) return pair.value;
  }
  return undefined;
}

function isStringKey(token: TemplateToken, key: string): boolean {
  return 'value' in token && token.value === key;
}

/** The raw mapping of job `id` (for the keys the converter drops). */
export function rawJob(workflow: LoadedWorkflow, id: string): MappingToken | undefined {
  const job = findKey(findKey(workflow.raw, 'jobs'), id);
  return job !== undefined && isMapping(job) ? job : undefined;
}

/** The raw mappings of a job's steps, in order (for `with:`, `shell:`, `working-directory:`, `timeout-minutes:`). */
export function rawSteps(job: MappingToken | undefined): MappingToken[] {
  const steps = findKey(job, 'steps');
  const out: MappingToken[] = [];
  if (steps === undefined || !isSequence(steps)) return out;
  for (const step of steps) if (isMapping(step)) out.push(step);
  return out;
}
