/**
 * The kill simulation of the faults suite: "the process died right after write W".
 *
 * Honest about what it is: the run is in-process, so it cannot be SIGKILLed. Instead, once W has
 * succeeded (its answer received), every later call of that run fails with Killed: the GitHub
 * port (so nothing after W is saved, commented or labelled; no failure handling either), and
 * every publish target (so no registry is written after the kill). What a real kill adds on top
 * (a half-written request body, a git or npm child process killed mid-transfer) is covered by the
 * before/after-write faults and by the atomicity of those writes on GitHub's and git's side.
 */
import type { GitHubPort } from '../../../src/github/port.js';
import type { PublishTarget } from '../../../src/publisher/target.js';
import type { TargetName } from '../../../src/config/target-options.js';
import { TARGETS } from '../../../src/publisher/registry.js';

/** Thrown by every call after the simulated kill. */
export class Killed extends Error {
  override readonly name = 'Killed';
  constructor(readonly after: string) {
    super(`simulated kill right after ${after}`);
  }
}

/** The shared switch of one simulated process. */
export interface KillSwitch {
  killed: boolean;
  /** What the kill followed, once it happened. */
  after: string | null;
}

/** A fresh switch. */
export function killSwitch(): KillSwitch {
  return { killed: false, after: null };
}

/**
 * Wraps a port: calls fail once the switch is killed; the first successful call of `method`
 * (for which `match` holds) kills it right after (its result is lost, as in a real kill).
 */
export function killAfterPortCall(sw: KillSwitch, method: keyof GitHubPort, match: (args: unknown[]) => boolean = () => true): (port: GitHubPort) => GitHubPort {
  return (port) =>
    new Proxy(port, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value !== 'function') return value;
        const fn = value as (...args: unknown[]) => unknown;
        if (prop === 'listIssues') {
          return (...args: unknown[]) => {
            if (sw.killed) throw new Killed(sw.after ?? '?');
            return fn.apply(target, args);
          };
        }
        return async (...args: unknown[]) => {
          if (sw.killed) throw new Killed(sw.after ?? '?');
          const result = await fn.apply(target, args);
          if (prop === method && !sw.killed && match(args)) {
            sw.killed = true;
            sw.after = String(prop);
            throw new Killed(sw.after);
          }
          return result;
        };
      },
    });
}

/** Every port call fails once the switch is killed (no trigger of its own). */
export function deadAfterKill(sw: KillSwitch): (port: GitHubPort) => GitHubPort {
  return killAfterPortCall(sw, 'whoAmI', () => false);
}

/** The real targets, where `name`'s publish kills the switch right after it succeeded and every target refuses to start once killed. */
export function killAfterTarget(sw: KillSwitch, name: TargetName): { [N in TargetName]?: PublishTarget<N> } {
  const wrap = <N extends TargetName>(target: PublishTarget<N>): PublishTarget<N> => ({
    ...target,
    async isPublished(ctx) {
      if (sw.killed) throw new Killed(sw.after ?? '?');
      return target.isPublished(ctx);
    },
    async publish(ctx) {
      if (sw.killed) throw new Killed(sw.after ?? '?');
      const result = await target.publish(ctx);
      if (target.name === name && !sw.killed) {
        sw.killed = true;
        sw.after = `${name} publish`;
        throw new Killed(sw.after);
      }
      return result;
    },
    async verify(ctx) {
      if (sw.killed) throw new Killed(sw.after ?? '?');
      return target.verify(ctx);
    },
  });
  return { github: wrap(TARGETS.github), npm: wrap(TARGETS.npm), oci: wrap(TARGETS.oci), registry: wrap(TARGETS.registry) };
}
