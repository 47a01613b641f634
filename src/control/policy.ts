/**
 * The control repo's policy and auto-approve rules, and the people checks built on them.
 *
 * Security: both files are read from the workspace, which is the checkout of the control repo's
 * default branch: only release managers can write it. Nothing that a product repo or a request
 * controls (the release branch, the issue body) can loosen the policy.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UserError } from '../errors.js';
import type { GitHubPort, RepoId } from '../github/port.js';
import { loadConfigText } from '../config/load.js';
import { compileRules, type CompiledRules } from '../config/auto-approve.js';
import type { Grant, PublishPolicy } from '../config/policy.js';

/** The loaded policy and compiled rules. */
export interface ControlConfig {
  readonly policy: PublishPolicy;
  readonly rules: CompiledRules;
}

/** Reads `policy_file` and `rules_file` (paths relative to `baseDir`, the workspace). A missing rules file means no rules. */
export async function loadControlConfig(policyFile: string, rulesFile: string, baseDir: string = process.cwd()): Promise<ControlConfig> {
  const policyPath = resolve(baseDir, policyFile || '.github/publish-policy.yml');
  let policyText: string;
  try {
    policyText = await readFile(policyPath, 'utf8');
  } catch (error) {
    throw new UserError(
      'E_NO_POLICY',
      `The control repo policy ${policyFile || '.github/publish-policy.yml'} cannot be read (${(error as Error).message}).`,
      'Check out the control repository before the action (actions/checkout) and commit the policy file; see docs/config.md.',
    );
  }
  const policy = loadConfigText('policy', policyText, policyFile || '.github/publish-policy.yml').config;
  const rulesPath = resolve(baseDir, rulesFile || 'auto-approve.yml');
  let rulesText: string | null = null;
  try {
    rulesText = await readFile(rulesPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const rules = rulesText === null ? [] : loadConfigText('auto-approve', rulesText, rulesFile || 'auto-approve.yml').config.rules;
  return { policy, rules: compileRules(rules) };
}

const sameLogin = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/**
 * Whether `login` is a release manager: one of the configured users, or an ACTIVE member of a
 * configured team. A pending invitation does not count: the invitee has not accepted
 * membership, so the org has not vouched for them yet. One API call per team until one matches.
 */
export async function isReleaseManager(github: GitHubPort, policy: PublishPolicy, login: string): Promise<boolean> {
  // Bots are never release managers, whatever a team lists: approval is a human decision.
  if (login.endsWith('[bot]')) return false;
  if (policy.approvers.users.some((user) => sameLogin(user, login))) return true;
  for (const team of policy.approvers.teams) {
    const [org = '', slug = ''] = team.split('/');
    if ((await github.getTeamMembership(org, slug, login)) === 'active') return true;
  }
  return false;
}

/** Roles that count as "write access" to a product repo. */
const WRITE_ROLES = new Set(['write', 'maintain', 'admin']);

/** Who asks, and about which request. */
export interface GrantSubject {
  readonly login: string;
  readonly requester: string;
  readonly productRepo: RepoId;
}

/** Whether a grant list (retract, hold) allows `login`. Cheap grants are checked before API calls. */
export async function isGranted(github: GitHubPort, policy: PublishPolicy, grants: readonly Grant[], subject: GrantSubject): Promise<boolean> {
  const { login } = subject;
  if (login.endsWith('[bot]')) return false;
  for (const grant of grants) {
    if (grant.kind === 'requester' && sameLogin(login, subject.requester)) return true;
    if (grant.kind === 'user' && sameLogin(login, grant.login)) return true;
  }
  for (const grant of grants) {
    if (grant.kind === 'release-managers' && (await isReleaseManager(github, policy, login))) return true;
    if (grant.kind === 'team') {
      const [org = '', slug = ''] = grant.team.split('/');
      if ((await github.getTeamMembership(org, slug, login)) === 'active') return true;
    }
    if (grant.kind === 'product-writers') {
      const role = await github.getCollaboratorRole(subject.productRepo, login);
      if (role !== null && WRITE_ROLES.has(role)) return true;
    }
  }
  return false;
}

/** "the requester (`x`), anyone with write access to o/r, …" for refusal messages; names in code spans so nobody is pinged. */
export function describeGrants(policy: PublishPolicy, grants: readonly Grant[], requester: string, productRepo: RepoId): string {
  const parts = grants.map((grant) => {
    switch (grant.kind) {
      case 'requester':
        return `the requester (\`${requester}\`)`;
      case 'product-writers':
        return `anyone with write access to ${productRepo.owner}/${productRepo.repo}`;
      case 'release-managers':
        return `release managers (${describeApprovers(policy)})`;
      case 'team':
        return `active members of team \`${grant.team}\``;
      case 'user':
        return `\`${grant.login}\``;
    }
  });
  return parts.join(', ');
}

/** The release managers as the policy names them. */
export function describeApprovers(policy: PublishPolicy): string {
  return [...policy.approvers.teams.map((t) => `active members of team \`${t}\``), ...policy.approvers.users.map((u) => `\`${u}\``)].join(', ');
}
