/**
 * One writer for the request record. Parallel targets update the same in-memory request through
 * functional updates (so no update is lost), and saves are serialised and coalesced: at most one
 * save runs at a time, and the next one always writes the latest merged request.
 */
import type { PublishRequest } from '../request-format/index.js';

/** Serialises and coalesces saves of a request that several tasks update. */
export class RequestWriter {
  private version = 0;
  private saved = 0;
  private inFlight: Promise<void> | null = null;

  constructor(
    private current: PublishRequest,
    private readonly save: (request: PublishRequest) => Promise<void>,
    /** False in a dry run: updates stay in memory, nothing is written. */
    private readonly enabled: boolean,
  ) {}

  /** The latest request, with every update applied. */
  get request(): PublishRequest {
    return this.current;
  }

  /** Applies an update to the latest request (synchronously: no interleaving can lose it). */
  update(change: (request: PublishRequest) => PublishRequest): void {
    this.current = change(this.current);
    this.version += 1;
  }

  /** Resolves once a save that includes every update made so far has completed; rejects if that save failed. */
  async flush(): Promise<void> {
    if (!this.enabled) return;
    const wanted = this.version;
    while (this.saved < wanted) {
      if (this.inFlight === null) {
        const version = this.version;
        const snapshot = this.current;
        this.inFlight = this.save(snapshot)
          .then(() => {
            this.saved = Math.max(this.saved, version);
          })
          .finally(() => {
            this.inFlight = null;
          });
      }
      await this.inFlight;
    }
  }

  /** `update` then `flush`. */
  async commit(change: (request: PublishRequest) => PublishRequest): Promise<void> {
    this.update(change);
    await this.flush();
  }
}
