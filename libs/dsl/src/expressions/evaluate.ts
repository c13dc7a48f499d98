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

const SCOPE_ROOTS = new Set(['inputs', 'vars', 'nodes', 'run', 'item', 'index', 'iteration', 'output']);
const KEYWORDS = new Set(['and', 'or', 'in', 'true', 'false', 'null', 'function']);
const PROPERTY_PATH = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/**
 * Reads `vars.count` or `nodes.a.output.id` directly, as JSONata would, without its evaluator: JSONata 2 runs
 * on many promises, and workflow code pays a stack trace for each one. Anything JSONata would treat
 * differently (arrays, which it maps over; keywords; functions) is left to JSONata: undefined is returned.
 */
function readPropertyPath(expression: string, scope: ExpressionScope): { value: unknown } | undefined {
  if (!PROPERTY_PATH.test(expression)) return undefined;
  const steps = expression.split('.');
  if (!SCOPE_ROOTS.has(steps[0]) || steps.some((step) => KEYWORDS.has(step))) return undefined;
  let value: unknown = scope;
  for (const step of steps) {
    if (value === undefined || value === null) return { value: undefined };
    if (typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[step];
  }
  if (Array.isArray(value) || typeof value === 'function') return undefined;
  return { value };
}

export async function evaluateExpression(expression: string, scope: ExpressionScope, path: string): Promise<unknown> {
  const direct = readPropertyPath(expression, scope);
  if (direct) return direct.value === undefined ? undefined : JSON.parse(JSON.stringify(direct.value));
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
  const direct = readPropertyPath(expression, scope);
  if (direct) return jsonataBoolean(direct.value);
  return Boolean(await evaluateExpression(`$boolean((${expression}))`, scope, path));
}

/** JSONata's $boolean for the values a property path gives (arrays never reach here). */
function jsonataBoolean(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return Boolean(value);
}

export function describeJsonataError(err: unknown): string {
  const e = err as { message?: string; position?: number; token?: string };
  const at = typeof e.position === 'number' ? ` (at character ${e.position})` : '';
  return `${e.message ?? String(err)}${at}`;
}
