/** Preparing a release in the product repository: bumpers, the pre-release command, the changelog. */
export * from './bumpers.js';
export * from './changelog.js';
export * from './pre-release-command.js';
export { checkRelativePath, realpathInside } from './safe-path.js';
