/**
 * Routing: which handler an event goes to. Kept free of heavy imports so that an event the
 * action ignores costs little more than starting Node (see the cold-start benchmark).
 */

export const COMMANDS = ['request', 'approve', 'comment', 'auto-approve', 'publish', 'reconcile'] as const;
export type Command = (typeof COMMANDS)[number];

export interface Route {
  readonly command: Command;
  readonly why: string;
}

export interface RouteInput {
  readonly eventName: string;
  /** The `action` field of the payload (`labeled`, `created`, ...), if any. */
  readonly action: string | undefined;
  /** The `command` action input; empty when not given. */
  readonly commandInput: string;
}

/** Thrown for a `command` input that names no handler. */
export class UnknownCommandError extends Error {
  override readonly name = 'UnknownCommandError';
  constructor(readonly given: string) {
    super(`The "command" input is ${JSON.stringify(given)}, which is not a command. Use one of: ${COMMANDS.join(', ')}; or leave it empty to route by event.`);
  }
}

function isCommand(value: string): value is Command {
  return (COMMANDS as readonly string[]).includes(value);
}

/** Picks the handler for an event, or null when the event is not ours to handle. */
export function route({ eventName, action, commandInput }: RouteInput): Route | null {
  const explicit = commandInput.trim();
  if (explicit !== '') {
    if (!isCommand(explicit)) throw new UnknownCommandError(explicit);
    return { command: explicit, why: `the "command" input is ${explicit}` };
  }
  switch (eventName) {
    case 'issues':
      // `labeled` decides an approval; `edited` may void one; `opened` may auto-approve.
      if (action === 'labeled' || action === 'edited') return { command: 'approve', why: `issues ${action}` };
      if (action === 'opened') return { command: 'auto-approve', why: 'issues opened' };
      return null;
    case 'issue_comment':
      // Edited and deleted comments never carry commands.
      return action === 'created' ? { command: 'comment', why: 'issue_comment created' } : null;
    case 'schedule':
    case 'repository_dispatch':
      return { command: 'reconcile', why: eventName };
    case 'workflow_dispatch':
      return { command: 'reconcile', why: 'workflow_dispatch without a command input' };
    default:
      return null;
  }
}
