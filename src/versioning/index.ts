/** Versioning: conventional commits, calendar versions, and resolution of the `version` input. */
export * from './calver.js';
export * from './conventional-commits.js';
export * from './resolve-version.js';
export { quote } from './quote.js';
