import { describe, expect, it } from '@jest/globals';
import { COMMANDS, route, UnknownCommandError } from '../../src/route.js';

describe('route', () => {
  const cases: [string, string | undefined, string | null][] = [
    ['issues', 'labeled', 'approve'],
    ['issues', 'edited', 'approve'],
    ['issues', 'opened', 'auto-approve'],
    ['issues', 'closed', null],
    ['issues', 'unlabeled', null],
    ['issue_comment', 'created', 'comment'],
    ['issue_comment', 'edited', null],
    ['issue_comment', 'deleted', null],
    ['schedule', undefined, 'reconcile'],
    ['workflow_dispatch', undefined, 'reconcile'],
    ['repository_dispatch', 'ci-finished', 'reconcile'],
    ['push', undefined, null],
    ['pull_request', 'opened', null],
    ['', undefined, null],
  ];
  it.each(cases)('%s %s → %s', (eventName, action, expected) => {
    expect(route({ eventName, action, commandInput: '' })?.command ?? null).toBe(expected);
  });

  it('lets the command input override the event', () => {
    for (const command of COMMANDS) {
      expect(route({ eventName: 'push', action: undefined, commandInput: ` ${command} ` })?.command).toBe(command);
    }
  });

  it('rejects an unknown command and lists the valid ones', () => {
    expect(() => route({ eventName: 'issues', action: 'labeled', commandInput: 'publsh' })).toThrow(UnknownCommandError);
    expect(() => route({ eventName: 'issues', action: 'labeled', commandInput: 'publsh' })).toThrow(/request, approve, comment, auto-approve, publish, reconcile/);
  });
});
