/**
 * GitHub's concurrency rule: per group at most one running and one pending. A newer arrival
 * replaces (cancels) the pending one; with cancel-in-progress it also cancels the running one.
 */

/** Something that holds or waits for a group slot (a run or a job). */
export interface ConcurrencyHolder {
  /** Asked to stop because a newer arrival has cancel-in-progress. */
  cancel(reason: string): void;
}

interface Slot {
  readonly holder: ConcurrencyHolder;
  readonly resolve: (outcome: 'acquired' | 'cancelled') => void;
}

/** The groups of one runner (workflow-level and job-level groups share GitHub's single namespace). */
export class ConcurrencyGroups {
  private readonly groups = new Map<string, { running?: Slot; pending?: Slot }>();

  /** Resolves 'acquired' when the holder may run, 'cancelled' when a newer arrival replaced it while pending. */
  acquire(group: string, holder: ConcurrencyHolder, cancelInProgress: boolean): Promise<'acquired' | 'cancelled'> {
    return new Promise((resolve) => {
      const slot: Slot = { holder, resolve };
      let state = this.groups.get(group);
      if (state === undefined) {
        state = {};
        this.groups.set(group, state);
      }
      if (state.pending !== undefined) {
        state.pending.resolve('cancelled');
        state.pending = undefined;
      }
      if (state.running === undefined) {
        state.running = slot;
        resolve('acquired');
        return;
      }
      state.pending = slot;
      if (cancelInProgress) state.running.holder.cancel(`Canceling since a higher priority waiting request for '${group}' exists`);
    });
  }

  /** Whether a holder is running in the group (a newcomer would wait). */
  isBusy(group: string): boolean {
    return this.groups.get(group)?.running !== undefined;
  }

  /** Frees the group; the pending holder (if any) starts. */
  release(group: string, holder: ConcurrencyHolder): void {
    const state = this.groups.get(group);
    if (state === undefined || state.running?.holder !== holder) return;
    state.running = state.pending;
    state.pending = undefined;
    if (state.running === undefined) {
      this.groups.delete(group);
      return;
    }
    state.running.resolve('acquired');
  }
}
