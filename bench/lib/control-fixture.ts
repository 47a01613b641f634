/**
 * A small control-repo set-up on the sandbox GitHub for figures that run the real action or the
 * control code outside the world: organisation `acme`, release managers `rita` and `ravi` (active
 * members of acme/release-managers), the engineer `alice`, the product `acme/widget` with green CI
 * on its main commit, the control repo `acme/publish`, the release bot `publish-approval[bot]`, and
 * a workspace folder holding the policy and the project's auto-approve rules.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { createRequest, renderBody, renderTitle, type PublishRequest } from '../../src/request-format/index.js';
import type { GitHubSandbox } from '../../test/sandbox/github/index.js';
import { ROOT } from './build.js';

export const BOT = 'publish-approval[bot]';
export const CONTROL = { owner: 'acme', repo: 'publish' } as const;
export const PRODUCT = { owner: 'acme', repo: 'widget' } as const;

/** What the fixture made. */
export interface ControlFixture {
  readonly botToken: string;
  readonly tokens: Readonly<Record<string, string>>;
  /** The main commit of acme/widget (CI green on it). */
  readonly sha: string;
  /** Holds .github/publish-policy.yml and auto-approve.yml. */
  readonly workspace: string;
  /** A new request for acme/widget at `version` (not yet an issue). */
  request(version: string, overrides?: Partial<PublishRequest>): PublishRequest;
  /** Opens the request as an issue of the control repo, as the bot; returns its number. */
  openRequest(request: PublishRequest, labels?: readonly string[]): Promise<number>;
  /** An API call as a login of `tokens` (or the bot). */
  api(as: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }>;
}

/** The policy the fixture installs. */
export function fixturePolicy(): string {
  return stringify({
    releaseBot: BOT,
    approvers: { teams: ['acme/release-managers'], users: [] },
    approvals: { required: 1 },
    allowSelfApproval: false,
    expiry: { days: 14 },
    reconcile: { maxRequestsPerRun: 100 },
  });
}

/** Sets the fixture up on a fresh sandbox. */
export async function createControlFixture(sandbox: GitHubSandbox, workspace: string): Promise<ControlFixture> {
  const { admin } = sandbox;
  admin.createOrg('acme');
  for (const login of ['alice', 'rita', 'ravi']) admin.createUser(login);
  admin.createTeam('acme', 'release-managers');
  for (const login of ['rita', 'ravi']) admin.setTeamMember('acme', 'release-managers', login, 'active');
  admin.setOrgMember('acme', 'alice');
  await admin.createRepo('acme', 'widget', { visibility: 'internal', files: { 'README.md': '# widget\n', 'package.json': '{ "name": "@acme/widget", "version": "1.0.0" }\n' } });
  // publish.yml: reconcile dispatches it, and the sandbox checks that the file has workflow_dispatch.
  await admin.createRepo('acme', 'publish', {
    visibility: 'internal',
    files: { 'README.md': '# acme/publish\n', '.github/workflows/publish.yml': await readFile(join(ROOT, '.github/workflows/publish.yml')) },
  });
  admin.setCollaborator('acme/widget', 'alice', 'write');
  for (const login of ['rita', 'ravi']) admin.setCollaborator('acme/publish', login, 'maintain');
  const sha = (await admin.branchSha('acme/widget', 'main')) as string;
  admin.setCommitStatus('acme/widget', sha, { context: 'CI / build', state: 'success' });
  const botToken = admin.issueToken({
    kind: 'app',
    appSlug: 'publish-approval',
    permissions: { contents: 'write', issues: 'write', actions: 'write', checks: 'read', statuses: 'read', members: 'read' },
  });
  const tokens: Record<string, string> = { [BOT]: botToken };
  for (const login of ['alice', 'rita', 'ravi']) tokens[login] = admin.issueToken({ kind: 'user', login });

  await mkdir(join(workspace, '.github'), { recursive: true });
  await writeFile(join(workspace, '.github/publish-policy.yml'), fixturePolicy());
  await writeFile(join(workspace, 'auto-approve.yml'), await readFile(join(ROOT, 'auto-approve.yml')));

  const api = async (as: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> => {
    const token = tokens[as];
    if (token === undefined) throw new Error(`bench: no token for ${as}`);
    const res = await fetch(`${sandbox.apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/vnd.github+json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, json: text === '' ? null : (JSON.parse(text) as unknown) };
  };

  return {
    botToken,
    tokens,
    sha,
    workspace,
    request(version, overrides = {}) {
      return {
        ...createRequest({
          repo: { ...PRODUCT },
          version,
          serverUrl: sandbox.serverUrl,
          releaseBranch: 'main',
          releaseCommit: sha,
          previousTag: '1.0.0',
          requester: 'alice',
          requestedAt: new Date().toISOString(),
          targets: ['github', 'npm'],
          changelog: `## ${version}\n\n- A change.\n`,
        }),
        ...overrides,
      };
    },
    async openRequest(request, labels = []) {
      const res = await api(BOT, 'POST', `/repos/${CONTROL.owner}/${CONTROL.repo}/issues`, { title: renderTitle(request), body: renderBody(request), labels: [...labels] });
      if (res.status !== 201) throw new Error(`bench: opening a request answered ${res.status}: ${JSON.stringify(res.json)}`);
      return (res.json as { number: number }).number;
    },
    api,
  };
}
