/**
 * The one interface every publish target implements (style principle 6): it declares its options
 * schema and secrets, expands into target ids, tells whether this exact version is already
 * published, publishes, and reads the result back. Targets never read the issue or the
 * environment: the orchestrator hands them a context with exactly what they may use.
 */
import type { Clock, Logger } from '../deps.js';
import type { TargetConfig } from '../config/publish-config.js';
import type { TARGET_OPTION_SCHEMAS, TargetName, TargetOptions } from '../config/target-options.js';
import type { GitHubPort, RepoId } from '../github/port.js';
import type { PublishRequest } from '../request-format/index.js';
import type { SecretSpec } from './secrets.js';

/** One artifact file, on disk in the run's folder; every target publishes exactly these bytes. */
export interface ArtifactFile {
  readonly name: string;
  readonly size: number;
  /** Lower-case hex. */
  readonly sha256: string;
  /** Absolute path of the file written from the verified bytes. */
  readonly path: string;
}

/** What `isPublished` found. A version published with other content throws PublishedDifferentError. */
export type PublishedCheck = { readonly published: true; readonly location: string | null } | { readonly published: false };

/** What `expandIds` sees. */
export interface ExpandContext {
  /** The target's entry in the publish config. */
  readonly config: TargetConfig;
  /** The artifacts this target may publish (after includeNames/excludeNames). */
  readonly artifacts: readonly ArtifactFile[];
  readonly version: string;
}

/** Settings the control repo supplies (not the product's config, which the requester influences). */
export interface PublisherDefaults {
  /** Git remote of the release registry when the target does not name one. */
  readonly releaseRegistryRemote?: string;
}

/** Everything one target run may use. */
export interface TargetContext<N extends TargetName = TargetName> {
  /** The target id as the request lists it: `npm`, `npm[@scope/pkg]`, `oci[app]`. */
  readonly id: string;
  /** The part of the id between brackets added by expansion (a workspace package name), else null. */
  readonly unit: string | null;
  readonly config: Extract<TargetConfig, { name: N }>;
  readonly options: TargetOptions<N>;
  readonly request: PublishRequest;
  readonly productRepo: RepoId;
  readonly version: string;
  readonly prerelease: boolean;
  /** The config's top-level tagPrefix. */
  readonly tagPrefix: string;
  readonly artifacts: readonly ArtifactFile[];
  /** Only the variables the target declares in `secrets`. */
  readonly env: Readonly<Record<string, string>>;
  readonly github: GitHubPort;
  readonly log: Logger;
  readonly clock: Clock;
  /** A private folder for this target run. */
  readonly workDir: string;
  readonly defaults: PublisherDefaults;
}

/** A publish target (a strategy in the registry). */
export interface PublishTarget<N extends TargetName = TargetName> {
  readonly name: N;
  /** The options schema, shared with the config loader. */
  readonly optionsSchema: (typeof TARGET_OPTION_SCHEMAS)[N];
  /** The environment variables the target reads; nothing else reaches it. */
  readonly secrets: readonly SecretSpec[];
  /** The target ids this config entry stands for: `[targetId]`, or one per workspace package. */
  expandIds(options: TargetOptions<N>, context: ExpandContext): Promise<readonly string[]>;
  /** Whether this exact version is already there with the same content; throws PublishedDifferentError when it is there with other content. */
  isPublished(context: TargetContext<N>): Promise<PublishedCheck>;
  /** Publishes; safe to call again after a failure (it completes what a failed attempt left). */
  publish(context: TargetContext<N>): Promise<{ readonly location: string | null }>;
  /** Reads the result back and throws when it is not what was published. */
  verify(context: TargetContext<N>): Promise<void>;
  /** One line for the dry-run report: what would be published where. */
  describe(context: TargetContext<N>): Promise<string>;
}

/** Splits `name[unit]` into its parts (`unit` is null without brackets). */
export function splitTargetId(id: string): { name: string; unit: string | null } {
  const open = id.indexOf('[');
  if (open < 0 || !id.endsWith(']')) return { name: id, unit: null };
  return { name: id.slice(0, open), unit: id.slice(open + 1, -1) };
}

/** Makes any text a valid request `location` (URL characters only), or null when nothing is left. */
export function toLocation(text: string | null): string | null {
  if (text === null) return null;
  const out = text.replace(/[^A-Za-z0-9\-._~:/?#@!&+,=%]/g, (ch) => encodeURIComponent(ch).replace(/[()*'!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`));
  return out === '' ? null : out.slice(0, 500);
}
