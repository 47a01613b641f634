/**
 * The publisher's errors. A `hard` failure is one a retry cannot fix (the registry holds other
 * content for this version, the artifacts changed): the report says so, so nobody retries blindly.
 */
import { UserError } from '../errors.js';

/** This exact version is already published with different content: a new version is needed. */
export class PublishedDifferentError extends UserError {
  override readonly name = 'PublishedDifferentError';
  /** A retry cannot fix it. */
  readonly hard = true;
  constructor(message: string, fix = 'bump the version and request a new release') {
    super('E_PUBLISHED_DIFFERENT', message, fix);
  }
}

/** The artifacts of the release commit differ from those recorded on the first attempt. */
export class ArtifactsChangedError extends UserError {
  override readonly name = 'ArtifactsChangedError';
  readonly hard = true;
  constructor(message: string) {
    super('E_ARTIFACTS_CHANGED', message, 'the bytes published must be the ones approved: request a new version built from a new commit');
  }
}

/** An artifact problem found before anything is published (missing required file, bad name, no CI run). */
export class ArtifactError extends UserError {
  override readonly name = 'ArtifactError';
  constructor(code: string, message: string, fix?: string) {
    super(code, message, fix);
  }
}

/** A target cannot run as configured (a secret is missing, no tarball for a package, …). */
export class TargetSetupError extends UserError {
  override readonly name = 'TargetSetupError';
  constructor(message: string, fix?: string) {
    super('E_TARGET_SETUP', message, fix);
  }
}

/** A registry answered something other than success; the message quotes its answer. */
export class RegistryError extends Error {
  override readonly name = 'RegistryError';
  constructor(
    message: string,
    /** The HTTP status, when there was an answer. */
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

/** Whether an error is one a retry cannot fix. */
export function isHardFailure(error: unknown): boolean {
  return error instanceof PublishedDifferentError || error instanceof ArtifactsChangedError;
}
