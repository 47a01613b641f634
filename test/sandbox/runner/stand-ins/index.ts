/** The built-in stand-ins for third-party actions, keyed by `owner/repo` (see README.md). */
import type { ActionImpl } from '../types.js';
import { downloadArtifact, uploadArtifact } from './artifacts.js';
import { checkout } from './checkout.js';
import { createAppTokenStandIn } from './create-github-app-token.js';
import { setupNode } from './setup-node.js';

/** Configuration of the built-in stand-ins. */
export interface StandInOptions {
  /** `app-id` (or `client-id`) input value → App slug, for create-github-app-token. */
  readonly apps?: Readonly<Record<string, string>>;
}

/** The stand-in map the runner starts from. */
export function createStandIns(options: StandInOptions = {}): Record<string, ActionImpl> {
  return {
    'actions/checkout': checkout,
    'actions/create-github-app-token': createAppTokenStandIn(options.apps ?? {}),
    'actions/setup-node': setupNode,
    'actions/upload-artifact': uploadArtifact,
    'actions/download-artifact': downloadArtifact,
  };
}
