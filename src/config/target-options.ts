/**
 * The options each publish target accepts in `.craft.yml`, one zod schema per target. The
 * publisher's target registry imports these, so the file and the code that acts on it cannot
 * disagree about a field.
 */
import { z } from 'zod';
import { errorMap, toProblems, type SchemaProblem } from './issues.js';
import { identity, namePattern, strict } from './fields.js';

const tagTemplate = identity(
  'tag',
  (value) => (/^(?:\{version\}|[A-Za-z0-9_])(?:\{version\}|[A-Za-z0-9_.-]){0,127}$/.test(value) ? null : 'is not a valid image tag (letters, digits, "_.-", at most 128 characters; "{version}" is replaced by the version)'),
  'an image tag',
  200,
);

const httpUrl = identity(
  'URL',
  (value) => {
    try {
      const url = new URL(value);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an http(s) URL';
      if (url.username || url.password) return 'must not carry credentials; the token comes from the control repo secrets';
      return null;
    } catch {
      return 'is not a URL';
    }
  },
  'an http(s) URL',
  500,
);

const gitRemote = identity(
  'remote',
  (value) => {
    if (/^git@[A-Za-z0-9.-]+:[A-Za-z0-9._\-/]+$/.test(value)) return null;
    try {
      const url = new URL(value);
      if (!['https:', 'http:', 'ssh:', 'file:'].includes(url.protocol)) return 'must be an https, http, ssh or file URL, or git@host:path';
      if (url.password) return 'must not carry a password; credentials come from the control repo secrets';
      return null;
    } catch {
      return 'is not a git remote URL';
    }
  },
  'a git remote URL',
  500,
);

/** Options of the `github` target: a tag and a GitHub release with the artifacts as assets. */
export const githubTargetOptions = {
  /** Prefix of the git tag; the tag is `<tagPrefix><version>`. Overrides the top-level tagPrefix. */
  tagPrefix: identity('tagPrefix', /^[A-Za-z0-9._@/-]*$/, 'letters, digits and "._@/-"', 64).optional(),
  /** Mark prerelease versions as GitHub prereleases. */
  previewReleases: z.boolean().default(true),
  /** Leave the release as a draft. */
  draft: z.boolean().default(false),
};

/** Options of the `npm` target. */
export const npmTargetOptions = {
  access: z.enum(['public', 'restricted']).optional(),
  /** Registry URL; default the public registry. */
  registry: httpUrl.optional(),
  /** Publish every workspace package (one target id per package: `npm[@scope/pkg]`). */
  workspaces: z.boolean().default(false),
  /** `/regex/` on package names: workspace packages to leave out. */
  excludeWorkspaces: namePattern.optional(),
  /** `/regex/` on package names: only these workspace packages. */
  includeWorkspaces: namePattern.optional(),
};

/** Options of the `oci` target: an OCI image layout artifact pushed to a container registry. */
export const ociTargetOptions = {
  /** Registry host and optional port, without a scheme: `ghcr.io`, `127.0.0.1:5000`. */
  registry: identity('registry', /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*(?::[0-9]{1,5})?$/, 'a registry host[:port] without a scheme, e.g. "ghcr.io" or "127.0.0.1:5000"', 260),
  /** Repository path of the image in the registry: `acme/app`. */
  image: identity('image', /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/, 'an image name (lower-case path components separated by "/", e.g. "acme/app")', 255),
  /** Tags to push; `{version}` is replaced by the version (`latest` is skipped for prereleases by the publisher). */
  tags: z.array(tagTemplate).min(1).max(20).default(['{version}', 'latest']),
  /** `/regex/` selecting the artifact that holds the OCI image layout. */
  artifact: namePattern.optional(),
  /** How to authenticate to the registry. */
  auth: z.enum(['basic', 'token', 'none']).default('basic'),
};

/** Options of the `registry` target: a release registry kept as a git repository. */
export const registryTargetOptions = {
  /** Git remote of the registry repository; default set by the control repo. */
  remote: gitRemote.optional(),
  type: z.enum(['sdk', 'app']),
  /** The package's name in the registry, e.g. `npm:@acme/core` or `app:acme-cli`. */
  canonicalName: identity('canonicalName', /^[A-Za-z0-9][A-Za-z0-9._@:/+-]*$/, 'a name such as "npm:@acme/core" (letters, digits and "._@:/+-")', 200),
  /** Template of a download URL recorded with the release; `{version}` is replaced. */
  urlTemplate: httpUrl.optional(),
};

/** The option shapes by target name. */
export const TARGET_OPTION_SHAPES = {
  github: githubTargetOptions,
  npm: npmTargetOptions,
  oci: ociTargetOptions,
  registry: registryTargetOptions,
} as const;

/** The names of the targets this system can publish to. */
export type TargetName = keyof typeof TARGET_OPTION_SHAPES;

/** Known target names, in the order messages list them. */
export const KNOWN_TARGETS = Object.keys(TARGET_OPTION_SHAPES).sort() as TargetName[];

/** Whether a string names a known target. */
export function isTargetName(value: string): value is TargetName {
  return Object.prototype.hasOwnProperty.call(TARGET_OPTION_SHAPES, value);
}

/** The options schema of each target (options only: no name, id, includeNames, excludeNames). */
export const TARGET_OPTION_SCHEMAS = {
  github: strict(githubTargetOptions),
  npm: strict(npmTargetOptions),
  oci: strict(ociTargetOptions),
  registry: strict(registryTargetOptions),
} as const;

/** The parsed options of one target. */
export type TargetOptions<N extends TargetName = TargetName> = z.output<(typeof TARGET_OPTION_SCHEMAS)[N]>;

/** Result of validating one target's options. */
export type TargetOptionsResult<N extends TargetName> = { readonly ok: true; readonly options: TargetOptions<N> } | { readonly ok: false; readonly problems: readonly SchemaProblem[] };

/** Validates the options of one target given its name (options only, without name/id/includeNames/excludeNames). */
export function validateTargetOptions<N extends TargetName>(name: N, options: unknown): TargetOptionsResult<N> {
  const schema = TARGET_OPTION_SCHEMAS[name] as unknown as z.ZodType<TargetOptions<N>>;
  const result = schema.safeParse(options ?? {}, { error: errorMap });
  return result.success ? { ok: true, options: result.data } : { ok: false, problems: toProblems(result.error.issues) };
}
