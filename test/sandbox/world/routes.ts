/**
 * Endpoints the world adds to the sandbox GitHub (through `sandbox.app`, the extension point for
 * code that extends the sandbox) because the flow needs them and the sandbox does not have them:
 * - `POST /repos/{owner}/{repo}/dispatches` (repository_dispatch): the product CI tells the
 *   control repo that it finished, which starts reconcile.yml (`repository_dispatch: ci-finished`).
 */
import type { GitHubSandbox } from '../github/index.js';

/** Registers the world's extra routes (once per sandbox). */
export function registerWorldRoutes(sandbox: GitHubSandbox): void {
  const app = sandbox.app;
  app.route('POST', '/repos/{owner}/{repo}/dispatches', (req) => {
    const repo = app.requireRepo(req, req.params.owner ?? '', req.params.repo ?? '');
    // GitHub: "The fine-grained token must have the following permission set: contents: write".
    app.requirePermission(req, repo.fullName, 'contents', 'write');
    const body = req.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) app.fail(400, 'Problems parsing JSON');
    const { event_type: eventType, client_payload: clientPayload } = body as { event_type?: unknown; client_payload?: unknown };
    if (typeof eventType !== 'string' || eventType.length < 1 || eventType.length > 100) {
      app.fail(422, 'Invalid request.\n\nFor \'properties/event_type\', nil is not a string.', [{ resource: 'Request', field: 'event_type', code: 'invalid' }]);
    }
    if (clientPayload !== undefined && (typeof clientPayload !== 'object' || clientPayload === null || Array.isArray(clientPayload))) {
      app.fail(422, 'Invalid request.', [{ resource: 'Request', field: 'client_payload', code: 'invalid' }]);
    }
    if (clientPayload !== undefined && Object.keys(clientPayload as object).length > 10) {
      app.fail(422, 'Invalid request.\n\nNo more than 10 properties are allowed.');
    }
    app.emit('repository_dispatch', eventType as string, { branch: repo.defaultBranch, client_payload: clientPayload ?? {} }, req.identity, repo);
    return { status: 204 };
  });
}
