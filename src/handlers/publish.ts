import type { HandlerContext } from '../deps.js';
import { ValidationError } from '../errors.js';
import { buildControl } from '../control/context.js';
import { publishCommand } from '../control/publish.js';

/** The "publish" command: re-checks an approved request from fresh reads and hands it to the publisher. */
export async function handlePublish(context: HandlerContext): Promise<void> {
  const issueInput = context.input('issue_number');
  if (!/^[1-9][0-9]{0,9}$/.test(issueInput)) {
    throw new ValidationError('E_INPUT', `The "issue_number" input is ${JSON.stringify(issueInput)}; it must be the number of a publish-request issue.`, 'issue_number', 'Pass issue_number (and request) from the decide job or the publish.yml dispatch.');
  }
  const requestInput = context.input('request');
  if (requestInput === '') {
    throw new ValidationError('E_INPUT', 'The "request" input is empty; it must be owner/repo[/path]@version of the issue.', 'request', 'Pass request from the decide job or the publish.yml dispatch.');
  }
  const control = await buildControl(context);
  // The secrets reach the publisher through the environment of this step; it hands each target only the variables it declares.
  await publishCommand(control, { issueNumber: Number(issueInput), requestKey: requestInput, env: process.env, workDir: context.workDir });
}
