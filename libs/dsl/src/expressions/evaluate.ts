import jsonata from 'jsonata';
import { parseTemplateString, unwrapCondition } from './template';

/** What expressions can read. */
export interface ExpressionScope {
  inputs: Record<string, unknown>;
  vars: Record<string, unknown>;
  nodes: Record<string, { output?: unknown; status: string; error?: unknown }>;
  run: Record<string, unknown>;
  item?: unknown;
  index?: number;
  /** Inside a loop body: the iteration, from 0. */
  iteration?: number;
  output?: unknown;
}

/** Thrown when an expression fails at run time; names the expression and the JSON path it came from. */
export class ExpressionError extends Error {
  readonly type = 'ExpressionError';
  constructor(
    readonly path: string,
    readonly expression: string,
    reason: string,
  ) {
    super(`expression "${expression}" at ${path} failed: ${reason}`);
    this.name = 'ExpressionError';
  }
}

const compiled = new Map<string, jsonata.Expression>();

/** Parses (once) a JSONata expression; throws JSONata's error for bad syntax. */
export function compileExpression(expression: string): jsonata.Expression {
  let expr = compiled.get(expression);
  if (!expr) {
    expr = jsonata(expression);
    compiled.set(expression, expr);
  }
  return expr;
}

export async function evaluateExpression(expression: string, scope: ExpressionScope, path: string): Promise<unknown> {
  let result: unknown;
  try {
    result = await compileExpression(expression).evaluate(scope);
  } catch (err) {
    throw new ExpressionError(path, expression, describeJsonataError(err));
  }
  if (typeof result === 'function') throw new ExpressionError(path, expression, 'the result is a function, not a value');
  return result === undefined ? undefined : JSON.parse(JSON.stringify(result));
}

/** Resolves every template inside a JSON value; values without templates come back as they are. */
export async function renderTemplate(value: unknown, scope: ExpressionScope, path: string): Promise<unknown> {
  if (typeof value === 'string') return renderString(value, scope, path);
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) out.push((await renderTemplate(value[i], scope, `${path}[${i}]`)) ?? null);
    return out;
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const rendered = await renderTemplate(item, scope, `${path}.${key}`);
      if (rendered !== undefined) out[key] = rendered;
    }
    return out;
  }
  return value;
}

async function renderString(text: string, scope: ExpressionScope, path: string): Promise<unknown> {
  let parsed;
  try {
    parsed = parseTemplateString(text);
  } catch (err) {
    throw new ExpressionError(path, text, (err as Error).message);
  }
  if (parsed.kind === 'literal') return parsed.value;
  if (parsed.kind === 'expression') return evaluateExpression(parsed.expression, scope, path);
  let out = '';
  for (const part of parsed.parts) {
    if (typeof part === 'string') out += part;
    else {
      const value = await evaluateExpression(part.expression, scope, path);
      out += value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
    }
  }
  return out;
}

/** Evaluates an edge condition with JSONata's truthiness. */
export async function evaluateCondition(condition: string, scope: ExpressionScope, path: string): Promise<boolean> {
  let expression: string;
  try {
    expression = unwrapCondition(condition);
  } catch (err) {
    throw new ExpressionError(path, condition, (err as Error).message);
  }
  return Boolean(await evaluateExpression(`$boolean((${expression}))`, scope, path));
}

export function describeJsonataError(err: unknown): string {
  const e = err as { message?: string; position?: number; token?: string };
  const at = typeof e.position === 'number' ? ` (at character ${e.position})` : '';
  return `${e.message ?? String(err)}${at}`;
}
