/**
 * A one-shot cancellation that only interrupts the work in progress when it fires: steps started
 * afterwards (those with `if: always()` or `cancelled()`) run normally, as on GitHub.
 */

/** Cancellation of a run, or of a job (timeout), possibly chained to a parent. */
export class Cancellation {
  private fired = false;
  private why: string | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly parent?: Cancellation) {
    parent?.listen(() => this.notify());
  }

  get cancelled(): boolean {
    return this.fired || (this.parent?.cancelled ?? false);
  }

  get reason(): string | undefined {
    return this.why ?? this.parent?.reason;
  }

  /** Fires once; later calls are ignored. */
  cancel(reason: string): void {
    if (this.fired) return;
    this.fired = true;
    this.why = reason;
    this.notify();
  }

  /** A signal for one step: aborted only by a cancellation that happens while the step runs. */
  newSignal(): { signal: AbortSignal; dispose: () => void } {
    const controller = new AbortController();
    const dispose = this.listen(() => controller.abort());
    return { signal: controller.signal, dispose };
  }

  private listen(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
