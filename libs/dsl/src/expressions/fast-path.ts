import type { ExpressionScope } from './evaluate';

/**
 * The simplest expressions after a bare property path (which evaluate.ts reads directly), evaluated synchronously to
 * exactly JSONata's result: a literal (`true`, `3`, `'done'`), or one comparison or arithmetic operation of two
 * property paths or literals (`index < 3`, `vars.status = 'done'`, `item.id != nodes.a.output.id`, `vars.count + 1`). JSONata 2 evaluates through many promises, and in the workflow sandbox every promise costs
 * a stack trace, so a loop or a chain of conditions pays for them on every node. Anything this cannot decide exactly
 * as JSONata would (arrays, which JSONata maps over; objects compared; mixed types, which JSONata refuses with its
 * own error; a result that is not a finite number; other syntax) gives undefined, and the caller asks JSONata.
 *
 * `steps` is the number of evaluation steps JSONata would count for the same expression (one per node it evaluates:
 * a path counts itself and each of its names, a literal one, a comparison itself and its sides), so that the work
 * meter, which decides where a long walk yields, counts the same with or without this path.
 */
export interface FastResult {
  value: unknown;
  steps: number;
}

const SCOPE_ROOTS = new Set(['inputs', 'vars', 'nodes', 'run', 'item', 'index', 'iteration', 'output']);
const KEYWORDS = new Set(['and', 'or', 'in', 'true', 'false', 'null', 'function']);
const NAME = '[A-Za-z_][A-Za-z0-9_]*';
const PATH = `${NAME}(?:\\.${NAME})*`;
const NUMBER = '(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?';
const STRING = `'[^'\\\\]*'|"[^"\\\\]*"`;
const OPERAND = `${PATH}|${NUMBER}|${STRING}`;
const PROPERTY_PATH = new RegExp(`^${PATH}$`);
const LITERAL = new RegExp(`^\\s*(true|false|null|${NUMBER}|${STRING})\\s*$`);
const BINARY = new RegExp(`^\\s*(${OPERAND})\\s*(<=|>=|!=|<|>|=|\\+|-|\\*|/|%)\\s*(${OPERAND})\\s*$`);
const LITERALS: Record<string, unknown> = { true: true, false: false, null: null };

type Operand = { value: unknown; steps: number } | undefined;

/**
 * A property path read as JSONata reads it: `steps` counts the path and each name JSONata evaluates (it stops at the
 * first name that gives nothing). Undefined when JSONata would do more: an array on the way (JSONata maps over it), a
 * null or a scalar on the way, an array or function at the end.
 */
function pathOperand(expression: string, scope: ExpressionScope): Operand {
  if (!PROPERTY_PATH.test(expression)) return undefined;
  const names = expression.split('.');
  if (!SCOPE_ROOTS.has(names[0]) || names.some((name) => KEYWORDS.has(name))) return undefined;
  let value: unknown = scope;
  for (let i = 0; i < names.length; i++) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[names[i]];
    if (value === undefined) return { value, steps: 2 + i };
  }
  if (Array.isArray(value) || typeof value === 'function') return undefined;
  return { value, steps: 1 + names.length };
}

function operand(text: string, scope: ExpressionScope): Operand {
  if (text in LITERALS) return { value: LITERALS[text], steps: 1 };
  const first = text[0];
  if (first === "'" || first === '"') return { value: text.slice(1, -1), steps: 1 };
  if (first >= '0' && first <= '9') return { value: Number(text), steps: 1 };
  return pathOperand(text, scope);
}

const isPrimitive = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);

const ARITHMETIC: Record<string, (a: number, b: number) => number> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
  '%': (a, b) => a % b,
};

/** JSONata's `+ - * / %` of two finite numbers (either missing: nothing) with a finite result; undefined otherwise. */
function calculate(op: string, lhs: unknown, rhs: unknown): { value: unknown } | undefined {
  const numeric = (v: unknown) => v === undefined || (typeof v === 'number' && Number.isFinite(v));
  if (!numeric(lhs) || !numeric(rhs)) return undefined;
  if (lhs === undefined || rhs === undefined) return { value: undefined };
  const value = ARITHMETIC[op](lhs as number, rhs as number);
  return Number.isFinite(value) ? { value } : undefined;
}

/** JSONata's `=`, `!=`, `<`, `<=`, `>`, `>=` where its result is certain without JSONata; undefined otherwise. */
function compare(op: string, lhs: unknown, rhs: unknown): { value: unknown } | undefined {
  if (op === '=' || op === '!=') {
    if (lhs === undefined || rhs === undefined) return { value: false };
    if (!isPrimitive(lhs) || !isPrimitive(rhs)) return undefined;
    return { value: op === '=' ? lhs === rhs : lhs !== rhs };
  }
  const comparable = (v: unknown) => v === undefined || typeof v === 'string' || typeof v === 'number';
  if (!comparable(lhs) || !comparable(rhs)) return undefined;
  if (lhs === undefined || rhs === undefined) return { value: undefined };
  if (typeof lhs !== typeof rhs) return undefined;
  const [a, b] = [lhs as number | string, rhs as number | string];
  return { value: op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b };
}

/** The expression's value and JSONata's step count, or undefined when JSONata must evaluate it. */
export function evaluateFast(expression: string, scope: ExpressionScope): FastResult | undefined {
  const literal = LITERAL.exec(expression);
  if (literal) return operand(literal[1], scope);
  const binary = BINARY.exec(expression);
  if (!binary) return undefined;
  const [, left, op, right] = binary;
  const lhs = operand(left, scope);
  const rhs = lhs && operand(right, scope);
  const result = rhs && (op in ARITHMETIC ? calculate(op, lhs.value, rhs.value) : compare(op, lhs.value, rhs.value));
  return result && { value: result.value, steps: 1 + lhs.steps + rhs!.steps };
}
