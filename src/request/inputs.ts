/**
 * The inputs of the `request` command and the runner variables it reads, parsed once by one zod
 * schema before anything is read from or written to GitHub (style principle 3). Every error names
 * the input (or variable) and shows the expected form.
 *
 * Security: these values reach git refs, URLs, issue titles and Markdown. Each one is checked
 * against the grammar of the publish-request contract (src/request-format), which allows only a
 * small ASCII alphabet, so `$(…)`, backticks, newlines, `..` segments and look-alike Unicode are
 * refused here rather than somewhere downstream.
 */
import { z } from 'zod';
import { UserError } from '../errors.js';
import { loginRule, ownerRule, packagePathRule, refNameRule, repoNameRule, serverUrlRule, versionRule, type Rule } from '../request-format/grammar.js';
import { quote } from '../versioning/quote.js';

/** The bump keywords and modes the `version` input accepts besides an explicit version. */
export const VERSION_KEYWORDS = ['major', 'minor', 'patch', 'prerelease', 'auto', 'calver'] as const;

/** Reads one environment variable; '' when unset. */
export type EnvReader = (name: string) => string;

/** An EnvReader over an environment object. */
export function envReader(env: NodeJS.ProcessEnv): EnvReader {
  return (name) => env[name] ?? '';
}

/** The parsed inputs and runner variables of one request run. */
export interface RequestInputs {
  /** '' (the config's policy), a keyword, or an explicit version (a leading `v` is left for resolveVersion to explain). */
  readonly version: string;
  /** null: the default branch. */
  readonly mergeTarget: string | null;
  /** null: the root package. */
  readonly path: string | null;
  readonly force: boolean;
  readonly blockerLabel: string;
  readonly publishRepo: { readonly owner: string; readonly repo: string };
  readonly dryRun: boolean;
  readonly token: string;
  /** The product repository (`GITHUB_REPOSITORY`). */
  readonly productRepo: { readonly owner: string; readonly repo: string };
  /** `GITHUB_SERVER_URL`, e.g. https://github.com. */
  readonly serverUrl: string;
  /** `GITHUB_ACTOR`: who started the release workflow. */
  readonly requester: string;
  /** The link to this workflow run, or null outside a runner. */
  readonly workflowRunUrl: string | null;
}

/** A zod string checked by a grammar rule; the message names the input and the expected form. */
const ruled = (name: string, rule: Rule, expected: string) =>
  z.string().superRefine((value, ctx) => {
    const problem = rule(value);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: `the ${name} is ${quote(value)}, which ${problem}; expected ${expected}` });
  });

const optional = (name: string, rule: Rule, expected: string) => z.union([z.literal(''), ruled(name, rule, expected)]);

/** Booleans as @actions/core's getBooleanInput reads them (YAML 1.2 core schema); '' is the default. */
const booleanInput = (name: string) =>
  z.string().transform((value, ctx) => {
    if (['true', 'True', 'TRUE'].includes(value)) return true;
    if (['false', 'False', 'FALSE', ''].includes(value)) return false;
    ctx.addIssue({ code: 'custom', message: `the input "${name}" is ${quote(value)}; expected true or false` });
    return z.NEVER;
  });

const versionExpected = `an explicit version such as 1.2.3 or 2.0.0-rc.1, one of ${VERSION_KEYWORDS.join(', ')}, or empty for the versioning policy of .craft.yml`;

const versionInput = z.string().superRefine((value, ctx) => {
  if (value === '' || (VERSION_KEYWORDS as readonly string[]).includes(value)) return;
  // A leading v passes here so that resolveVersion can say "drop the v" instead of a grammar error.
  const problem = versionRule(/^[vV]\d/.test(value) ? value.slice(1) : value);
  if (problem !== null) ctx.addIssue({ code: 'custom', message: `the input "version" is ${quote(value)}, which ${problem}; expected ${versionExpected}` });
});

/**
 * A label name for the `labels` filter of the issues API: one line, no comma (the API splits the
 * filter on commas, so `a,b` would silently mean two labels), at most 50 characters (GitHub's limit).
 */
const labelInput = z.string().superRefine((value, ctx) => {
  const fail = (why: string) => ctx.addIssue({ code: 'custom', message: `the input "blocker_label" is ${quote(value)}, which ${why}; expected a label name such as release-blocker` });
  if (value === '') return fail('is empty');
  if (value.length > 50) return fail(`is ${value.length} characters long (GitHub allows 50)`);
  if (value.includes(',')) return fail('contains a comma');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/.test(value)) return fail('contains a control, invisible or direction-changing character');
});

const repoSlugRule: Rule = (value) => {
  const slash = value.indexOf('/');
  if (slash < 0) return 'has no "/"; write owner/repo';
  const owner = ownerRule(value.slice(0, slash));
  if (owner !== null) return `has an owner that ${owner}`;
  const repo = repoNameRule(value.slice(slash + 1));
  return repo === null ? null : `has a repository name that ${repo}`;
};

const runIdRule: Rule = (value) => (/^[1-9][0-9]{0,15}$/.test(value) ? null : 'is not a run id (a positive number)');

/** The one schema of the `request` command's inputs and runner variables. */
export const requestInputsSchema = z.object({
  version: versionInput,
  merge_target: optional('input "merge_target"', refNameRule, 'a branch name such as main or release-2.x, or empty for the default branch'),
  path: optional('input "path"', packagePathRule, 'a sub-package directory such as packages/core, or empty for the root package'),
  force: booleanInput('force'),
  blocker_label: labelInput,
  publish_repo: optional('input "publish_repo"', repoSlugRule, 'owner/repo of the control repository, or empty for <owner>/publish'),
  dry_run: booleanInput('dry_run'),
  token: z.string().min(1, 'no token was given: set the "token" input to a GitHub App installation token (see docs/request.md, "Set-up")'),
  GITHUB_REPOSITORY: ruled('variable GITHUB_REPOSITORY', repoSlugRule, 'owner/repo (the runner sets it)'),
  GITHUB_SERVER_URL: ruled('variable GITHUB_SERVER_URL', serverUrlRule, 'a URL such as https://github.com (the runner sets it)'),
  GITHUB_ACTOR: ruled('variable GITHUB_ACTOR', loginRule, 'a GitHub login (the runner sets it)'),
  GITHUB_RUN_ID: optional('variable GITHUB_RUN_ID', runIdRule, 'a run id (the runner sets it)'),
});

function splitSlug(slug: string): { owner: string; repo: string } {
  const slash = slug.indexOf('/');
  return { owner: slug.slice(0, slash), repo: slug.slice(slash + 1) };
}

/** Reads and checks every input and runner variable; throws one UserError that lists each problem. */
export function parseRequestInputs(input: (name: string) => string, env: EnvReader): RequestInputs {
  const raw = {
    version: input('version'),
    merge_target: input('merge_target'),
    path: input('path'),
    force: input('force'),
    blocker_label: input('blocker_label') || 'release-blocker',
    publish_repo: input('publish_repo'),
    dry_run: input('dry_run'),
    token: input('token') || env('GITHUB_TOKEN'),
    GITHUB_REPOSITORY: env('GITHUB_REPOSITORY'),
    GITHUB_SERVER_URL: env('GITHUB_SERVER_URL') || 'https://github.com',
    GITHUB_ACTOR: env('GITHUB_ACTOR'),
    GITHUB_RUN_ID: env('GITHUB_RUN_ID'),
  };
  const result = requestInputsSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${String(issue.path[0] ?? 'inputs')}: ${issue.message}`);
    const names = [...new Set(result.error.issues.map((issue) => String(issue.path[0] ?? 'inputs')))];
    throw new InputError(names, `The request was refused before anything was written: ${problems.length === 1 ? 'one input is' : `${problems.length} inputs are`} not valid.\n${problems.join('\n')}`);
  }
  const data = result.data;
  const productRepo = splitSlug(data.GITHUB_REPOSITORY);
  return {
    version: data.version,
    mergeTarget: data.merge_target === '' ? null : data.merge_target,
    path: data.path === '' ? null : data.path,
    force: data.force,
    blockerLabel: data.blocker_label,
    publishRepo: data.publish_repo === '' ? { owner: productRepo.owner, repo: 'publish' } : splitSlug(data.publish_repo),
    dryRun: data.dry_run,
    token: data.token,
    productRepo,
    serverUrl: data.GITHUB_SERVER_URL,
    requester: data.GITHUB_ACTOR,
    workflowRunUrl: data.GITHUB_RUN_ID === '' ? null : `${data.GITHUB_SERVER_URL}/${data.GITHUB_REPOSITORY}/actions/runs/${data.GITHUB_RUN_ID}`,
  };
}

/** Inputs that are not valid; `inputs` names each offending input or variable. */
export class InputError extends UserError {
  override readonly name = 'InputError';
  constructor(
    readonly inputs: readonly string[],
    message: string,
  ) {
    super('E_INPUT_INVALID', message, 'Correct the inputs listed above in the release workflow run (docs/request.md lists each input and its form); nothing was pushed and no issue was opened.');
  }
}
