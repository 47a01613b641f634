/**
 * `${{ }}` evaluation with GitHub's own evaluator (@actions/expressions), over the token trees the
 * workflow parser produces. The status functions are not built into the library, so they are
 * supplied here from the current job or run state.
 */
import { Evaluator, Lexer, Parser, data } from '@actions/expressions';
import { truthy } from '@actions/expressions/result';
import { isBasicExpression, isBoolean, isMapping, isNumber, isSequence, isString } from '@actions/workflow-parser';
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/index';

/** State the status functions read: success(), failure(), cancelled(), always(). */
export interface StatusState {
  /** Something before this point failed (a needed job, or an earlier step of the job). */
  readonly failed: boolean;
  /** The run was cancelled. */
  readonly cancelled: boolean;
}

/** Named contexts (`github`, `env`, `secrets`, ...) as plain JSON values. */
export type Contexts = Record<string, unknown>;

type FunctionDefinition = ConstructorParameters<typeof Evaluator>[2] extends Map<string, infer F> | undefined ? F : never;

function statusFunctions(status: StatusState): FunctionDefinition[] {
  const fn = (name: string, value: () => boolean): FunctionDefinition => ({
    name,
    minArgs: 0,
    maxArgs: 0,
    call: () => new data.BooleanData(value()),
  });
  return [
    fn('success', () => !status.failed && !status.cancelled),
    fn('failure', () => status.failed && !status.cancelled),
    fn('cancelled', () => status.cancelled),
    fn('always', () => true),
  ];
}

/** Error thrown for an expression that cannot be parsed or evaluated; names the expression. */
export class ExpressionFailure extends Error {
  constructor(readonly expression: string, cause: unknown) {
    super(`Error evaluating '${expression}': ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'ExpressionFailure';
  }
}

/** Evaluates one expression (without the `${{ }}`) to a plain JSON value. */
export function evaluateExpression(expression: string, contexts: Contexts, status: StatusState): unknown {
  const functions = statusFunctions(status);
  try {
    const lexed = new Lexer(expression).lex();
    const expr = new Parser(lexed.tokens, Object.keys(contexts), functions).parse();
    // Round-trip through JSON: drops undefined and turns the contexts into ExpressionData.
    const context = JSON.parse(JSON.stringify(contexts), data.reviver) as data.Dictionary;
    const result = new Evaluator(expr, context, new Map(functions.map((f) => [f.name, f]))).evaluate();
    return toPlain(result);
  } catch (error) {
    throw new ExpressionFailure(expression, error);
  }
}

/** Evaluates an `if:` condition as GitHub does (truthiness of the result). */
export function evaluateCondition(expression: string, contexts: Contexts, status: StatusState): boolean {
  const functions = statusFunctions(status);
  try {
    const expr = new Parser(new Lexer(expression).lex().tokens, Object.keys(contexts), functions).parse();
    const context = JSON.parse(JSON.stringify(contexts), data.reviver) as data.Dictionary;
    return truthy(new Evaluator(expr, context, new Map(functions.map((f) => [f.name, f]))).evaluate());
  } catch (error) {
    throw new ExpressionFailure(expression, error);
  }
}

function toPlain(value: data.ExpressionData): unknown {
  return JSON.parse(JSON.stringify(value, data.replacer) ?? 'null') as unknown;
}

/** Renders a value the way GitHub substitutes it into a string: null → '', objects as JSON. */
export function stringify(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value, null, 2);
}

/** Evaluates a parser token tree (mapping, sequence, scalar or expression) to plain JSON. */
export function evaluateToken(token: TemplateToken | undefined, contexts: Contexts, status: StatusState): unknown {
  if (token === undefined) return undefined;
  if (isBasicExpression(token)) return evaluateExpression(token.expression, contexts, status);
  if (isString(token)) return token.value;
  if (isNumber(token)) return token.value;
  if (isBoolean(token)) return token.value;
  if (isSequence(token)) {
    const out: unknown[] = [];
    for (const item of token) out.push(evaluateToken(item, contexts, status));
    return out;
  }
  if (isMapping(token)) {
    const out: Record<string, unknown> = {};
    for (const pair of token) {
      out[stringify(evaluateToken(pair.key, contexts, status))] = evaluateToken(pair.value, contexts, status);
    }
    return out;
  }
  return null;
}

/** Evaluates a token to a string (`run:`, `with:` values, env values). */
export function evaluateString(token: TemplateToken | undefined, contexts: Contexts, status: StatusState): string {
  return stringify(evaluateToken(token, contexts, status));
}

/** Evaluates a mapping token to string values (env:, with:, outputs:). */
export function evaluateStringMap(token: TemplateToken | undefined, contexts: Contexts, status: StatusState): Record<string, string> {
  const out: Record<string, string> = {};
  if (token === undefined || !isMapping(token)) return out;
  for (const pair of token) {
    out[stringify(evaluateToken(pair.key, contexts, status))] = evaluateString(pair.value, contexts, status);
  }
  return out;
}

/** Evaluates a plain string that may hold `${{ }}` templates (action.yml defaults, composite steps). */
export function evaluateTemplateString(text: string, contexts: Contexts, status: StatusState): string {
  let out = '';
  let rest = text;
  for (;;) {
    const start = rest.indexOf('${{');
    if (start < 0) return out + rest;
    const end = rest.indexOf('}}', start + 3);
    if (end < 0) throw new ExpressionFailure(rest, new Error('The expression is not closed'));
    out += rest.slice(0, start) + stringify(evaluateExpression(rest.slice(start + 3, end).trim(), contexts, status));
    rest = rest.slice(end + 2);
  }
}
