/**
 * The publisher: artifacts of the approved release commit, the targets behind one interface,
 * the orchestrator that runs them resumably, and the finish (merge, report).
 */
export { publishRequest, type PublishInput, type PublishResult, type TargetOutcome, type TargetReport } from './orchestrator.js';
export { finishRelease, renderReport, type FinishInput, type FinishResult, type MergeReport, type ReportOptions } from './finish.js';
export { artifactsForTarget, assertUnchanged, resolveArtifacts, type ResolveArtifactsInput, type ResolvedArtifacts } from './artifacts.js';
export { TARGETS, targetFor } from './registry.js';
export { ArtifactError, ArtifactsChangedError, PublishedDifferentError, RegistryError, TargetSetupError, isHardFailure } from './errors.js';
export { createMasker, missingSecrets, targetEnvironment, type Masker, type SecretSpec } from './secrets.js';
export type { ArtifactFile, ExpandContext, PublishedCheck, PublisherDefaults, PublishTarget, TargetContext } from './target.js';
