/**
 * Every request the sandbox answered, for assertions ("published exactly once") and the
 * benchmarks' per-endpoint counts.
 */

export interface RequestLogEntry {
  readonly method: string;
  /** The path as received, without the query. */
  readonly path: string;
  /** The OpenAPI template that matched, or '' when no route did. */
  readonly route: string;
  /** GitHub's operationId (`issues/create`), or '' when unknown. */
  readonly operationId: string;
  /** The status sent; 0 when the connection was reset without an answer. */
  readonly status: number;
  /** Login of the authenticated identity, null when anonymous. */
  readonly identity: string | null;
  readonly isWrite: boolean;
  /** Sandbox clock, milliseconds since the epoch. */
  readonly at: number;
  readonly responseBody?: unknown;
}

export interface RequestFilter {
  readonly method?: string;
  readonly route?: string;
  readonly operationId?: string;
  readonly isWrite?: boolean;
}

/** The public face used by tests. */
export interface RequestLog {
  readonly entries: readonly RequestLogEntry[];
  count(filter?: RequestFilter): number;
  reset(): void;
}

/** The log a sandbox appends to. */
export class RequestLogStore implements RequestLog {
  private list: RequestLogEntry[] = [];

  get entries(): readonly RequestLogEntry[] {
    return this.list;
  }

  add(entry: RequestLogEntry): void {
    this.list.push(entry);
  }

  count(filter: RequestFilter = {}): number {
    return this.list.filter(
      (e) =>
        (filter.method === undefined || e.method === filter.method.toUpperCase()) &&
        (filter.route === undefined || e.route === filter.route) &&
        (filter.operationId === undefined || e.operationId === filter.operationId) &&
        (filter.isWrite === undefined || e.isWrite === filter.isWrite),
    ).length;
  }

  reset(): void {
    this.list = [];
  }
}
