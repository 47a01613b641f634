/**
 * The action's entry point as a bench build target: bundling this file with ncc gives the same
 * bundle as `ncc build src/index.ts` (same modules, same lazy chunks) without writing dist/.
 */
import '../../src/index.js';
