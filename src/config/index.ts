/** The config module: the three config files, their schemas, and the helpers that act on them. */
export { ConfigError, formatProblem, formatPath, CONFIG_DOCS, type ConfigProblem } from './config-error.js';
export { loadConfigText, inferConfigKind, CONFIG_KINDS, CONFIG_FILE_NAMES, type ConfigKind, type ConfigByKind, type LoadedConfig } from './load.js';
export { publishConfigFileSchema, changelogPolicySchema, CRAFT_IGNORED_FIELDS, CALVER_FORMATS, type PublishConfig, type TargetConfig, type ChangelogPolicy } from './publish-config.js';
export {
  TARGET_OPTION_SCHEMAS,
  TARGET_OPTION_SHAPES,
  KNOWN_TARGETS,
  isTargetName,
  validateTargetOptions,
  type TargetName,
  type TargetOptions,
  type TargetOptionsResult,
} from './target-options.js';
export {
  autoApproveFileSchema,
  compileRules,
  decideAutoApproval,
  bumpKind,
  BUMP_KINDS,
  type AutoApproveConfig,
  type AutoApproveRule,
  type AutoApprovalRequest,
  type AutoApprovalDecision,
  type BumpKind,
  type CompiledRules,
} from './auto-approve.js';
export { policyFileSchema, isFrozen, requiredApprovalsFor, expiresAt, isMergeTargetAllowed, windowCovers, grants, WEEKDAYS, type PublishPolicy, type FreezeWindow, type Grant, type Weekday } from './policy.js';
export { compileRepoPattern, compileBranchPattern, fullNameOf, isCanonicalFullName, isOwnerName, isRepoName, isSubPath, type RepoRef, type RepoMatcher } from './repo-glob.js';
