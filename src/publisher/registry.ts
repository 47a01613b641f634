/**
 * The target registry (style principle 6): name → target. Config validation already refused
 * unknown names, so a lookup cannot miss; the map's type makes a missing target a compile error.
 */
import type { TargetName } from '../config/target-options.js';
import type { PublishTarget } from './target.js';
import { githubTarget } from './targets/github.js';
import { npmTarget } from './targets/npm.js';
import { ociTarget } from './targets/oci.js';
import { registryTarget } from './targets/registry.js';

/** Every target, by name. */
export const TARGETS: { readonly [N in TargetName]: PublishTarget<N> } = {
  github: githubTarget,
  npm: npmTarget,
  oci: ociTarget,
  registry: registryTarget,
};

/** The target of a name. */
export function targetFor<N extends TargetName>(name: N): PublishTarget<N> {
  return TARGETS[name];
}
