/** Pure: which lines of a comment are commands. */
import { describe, expect, it } from '@jest/globals';
import { parseCommands } from '../../../src/control/commands.js';

describe('parseCommands', () => {
  it('finds commands on lines of their own, in order, once each', () => {
    expect(parseCommands('#hold\nplease wait\n#approve  \n#hold')).toEqual(['#hold', '#approve']);
    expect(parseCommands('#retract\r\n')).toEqual(['#retract']);
  });

  it('is exact and case-sensitive', () => {
    expect(parseCommands('#Retract\n#RETRACT\n #retract\n#retract please\nplease #retract\n#retracted\n`#retract`')).toEqual([]);
  });

  it('ignores fenced code blocks (``` and ~~~) and quotes', () => {
    expect(parseCommands('```\n#retract\n```\n~~~md\n#hold\n~~~\n> #approve\n>#unhold')).toEqual([]);
    expect(parseCommands('````\n```\n#retract\n````\n#unhold')).toEqual(['#unhold']);
    // An unclosed fence swallows the rest, as GitHub renders it.
    expect(parseCommands('```\n#retract')).toEqual([]);
  });
});
