/**
 * Errors are classified (style principle 5): a UserError is something the person running the
 * workflow can fix, and it always says what went wrong and what to do. Anything else is a bug.
 */
export class UserError extends Error {
  override readonly name: string = 'UserError';
  constructor(
    /** Stable machine-readable code, e.g. `E_VERSION_EXISTS`. */
    readonly code: string,
    message: string,
    /** What the user should do next. */
    readonly fix?: string,
  ) {
    super(message);
  }

  /** The message with its fix, as shown in annotations and comments. */
  explain(): string {
    return this.fix ? `${this.message}\nWhat to do: ${this.fix}` : this.message;
  }
}

/** A value did not match a contract (title, body, config, input). `path` names the field. */
export class ValidationError extends UserError {
  override readonly name: string = 'ValidationError';
  constructor(
    code: string,
    message: string,
    readonly path: string,
    fix?: string,
  ) {
    super(code, message, fix);
  }
}

/**
 * A non-idempotent write (POST) failed in a way that leaves its outcome unknown: a 5xx, a reset
 * connection, a timeout. The write may have happened. Callers must look before writing again.
 */
export class WriteOutcomeUnknownError extends Error {
  override readonly name: string = 'WriteOutcomeUnknownError';
  constructor(
    readonly operation: string,
    override readonly cause: unknown,
  ) {
    super(`${operation}: the outcome of the write is unknown (${describe(cause)})`);
  }
}

/** A GitHub API answer the caller did not expect, translated once in the adapter. */
export class GitHubApiError extends Error {
  override readonly name: string = 'GitHubApiError';
  constructor(
    readonly operation: string,
    readonly status: number,
    message: string,
  ) {
    super(`${operation}: GitHub answered ${status}: ${message}`);
  }
}

/** A short description of anything thrown. */
export function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
