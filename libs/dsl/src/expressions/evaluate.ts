import jsonata from 'jsonata';
import { LIMITS, utf8Length } from '../limits';
import { evaluateFast } from './fast-path';
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
  readonly type: 'ExpressionError' | 'ExpressionLimitExceeded' = 'ExpressionError';
  constructor(
    readonly path: string,
    readonly expression: string,
    reason: string,
  ) {
    super(`expression "${shortened(expression)}" at ${path} failed: ${reason}`);
    this.name = 'ExpressionError';
  }
}

/** The limits one evaluation runs under (see LIMITS). */
export type ExpressionLimit = 'length' | 'depth' | 'steps' | 'size';

/** The limit of each kind, from LIMITS. */
export function expressionLimit(limit: ExpressionLimit): number {
  switch (limit) {
    case 'length':
      return LIMITS.maxExpressionLength;
    case 'depth':
      return LIMITS.maxExpressionDepth;
    case 'steps':
      return LIMITS.maxExpressionSteps;
    case 'size':
      return LIMITS.maxExpressionResultBytes;
  }
}

const LIMIT_NAMES: Record<ExpressionLimit, string> = {
  length: 'expression length limit',
  depth: 'evaluation depth limit',
  steps: 'evaluation step limit',
  size: 'result size limit',
};

/** `the evaluation depth limit (1,000)`, `the expression length limit (4,096 characters)`… */
export function describeLimit(limit: ExpressionLimit): string {
  const unit = limit === 'length' ? ' characters' : limit === 'size' ? ' bytes' : '';
  return `the ${LIMIT_NAMES[limit]} (${formatCount(expressionLimit(limit))}${unit})`;
}

/** 1048576 → "1,048,576" (by hand: workflow code has no Intl guarantees). */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Thrown when an expression breaks one of its limits: too long, too deep, too many steps or too large a value. */
export class ExpressionLimitExceeded extends ExpressionError {
  override readonly type = 'ExpressionLimitExceeded';
  constructor(
    path: string,
    expression: string,
    readonly limit: ExpressionLimit,
  ) {
    super(path, expression, '');
    this.message = `expression "${shortened(expression)}" at ${path} exceeded ${describeLimit(limit)}`;
    this.name = 'ExpressionLimitExceeded';
  }
}

/** Long expressions are shown by their start in messages: a 1 MB expression should not make a 1 MB error. */
export function shortened(expression: string, max = 100): string {
  return expression.length <= max ? expression : `${expression.slice(0, max)}…`;
}

/**
 * How deeply brackets nest in an expression's text (outside string literals and comments). JSONata's parser
 * recurses once per level, so this is checked before parsing: 50,000 nested parentheses never reach it.
 */
export function expressionNesting(expression: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i];
    if (c === '"' || c === "'" || c === '`') {
      for (i++; i < expression.length && expression[i] !== c; i++) if (expression[i] === '\\') i++;
    } else if (c === '/' && expression[i + 1] === '*') {
      const end = expression.indexOf('*/', i + 2);
      i = end < 0 ? expression.length : end + 1;
    } else if (c === '(' || c === '[' || c === '{') max = Math.max(max, ++depth);
    else if (c === ')' || c === ']' || c === '}') depth--;
  }
  return max;
}

/** The limit an expression's text breaks before it is parsed (its length, then its nesting), if any. */
export function textLimitBroken(expression: string): ExpressionLimit | undefined {
  if (expression.length > LIMITS.maxExpressionLength) return 'length';
  if (expressionNesting(expression) > LIMITS.maxExpressionDepth) return 'depth';
  return undefined;
}

/*
 * Every evaluation runs under a budget of steps and depth, counted (never timed) so that a replay stops at exactly
 * the same step. JSONata 2 is asynchronous, so a runaway expression does not overflow the stack: it runs on (tail
 * recursion, `$map` over a huge range) or piles up suspended steps (deep recursion) until the workflow task passes
 * Temporal's 5 s deadlock timeout, and the run is wedged. Inside the workflow sandbox every promise costs a stack
 * trace, so the budget is small: 10,000 steps take 0.5-3 s there, which is why long evaluations also pause
 * (PAUSE_EVERY_STEPS).
 *
 * JSONata calls `environment.base.guardrails()` synchronously at the start of every step, after counting the step in
 * `environment.base.depth` (evaluations in progress). The `__evaluate_entry` hook runs on the first step of an
 * evaluation only: it puts the budget's check in place of `guardrails` and unbinds itself for that evaluation, so
 * the later steps cost no extra promise (a hook on every step made evaluation ~40% slower in the sandbox); a pause
 * binds it again for one step.
 */
const ENTRY = Symbol.for('jsonata.__evaluate_entry');
/** Where an evaluation's budget is bound. JSONata code cannot name it: a `$name` ends at the space. */
const BUDGET = 'weft budget';

/** A list longer than this cannot be within the size limit (each item takes at least one byte and a comma). */
const MAX_LIST_ITEMS = Math.floor(LIMITS.maxExpressionResultBytes / 2);

/** What the built-in functions of one evaluation may make in all: `[1..5000].$pad('', 500000)` would make 2.5 GB. */
const MAX_BUILT = 8 * LIMITS.maxExpressionResultBytes;

/** Thrown by the checks; the budget also remembers the breach, whatever JSONata adds to the error on its way out. */
class BudgetExceeded {
  constructor(readonly limit: ExpressionLimit) {}
}

class Budget {
  steps = 0;
  /** Characters of the strings, and items of the lists, that ranges and built-in functions have made so far. */
  built = 0;
  exceeded?: ExpressionLimit;
  /** Steps JSONata took (ranges' items not included): what pauses are counted in. */
  evaluated = 0;
  /** Steps already added to the meter (at a pause). */
  counted = 0;
  /** Why a pause ended other than by resuming (the workflow is being cancelled): thrown as it is. */
  interrupted?: { error: unknown };

  constructor(readonly meter?: ExpressionMeter) {}

  /** Adds the steps not yet counted to the meter. */
  count(): void {
    if (this.meter) this.meter.steps += this.steps - this.counted;
    this.counted = this.steps;
  }

  /** Counts a range of `items` as that many steps, before it is made. */
  chargeRange(items: number): void {
    this.steps += items;
    if (this.steps > LIMITS.maxExpressionSteps) this.exceed('steps');
    this.built += items;
    if (this.built > MAX_BUILT) this.exceed('size');
  }

  exceed(limit: ExpressionLimit): never {
    this.exceeded ??= limit;
    throw new BudgetExceeded(this.exceeded);
  }
}

/** The parts of JSONata's evaluation environment (a frame; `base` is the evaluation's root frame) used here. */
interface Frame {
  base: Frame & { depth: number; guardrails: () => void };
  lookup(name: string | symbol): unknown;
  bind(name: string | symbol, value: unknown): void;
}

function onFirstStep(_expr: unknown, _input: unknown, environment: Frame): void {
  const base = environment.base;
  const budget = base.lookup(BUDGET) as Budget | undefined;
  if (!budget) return; // parsed by a static check and evaluated outside evaluateExpression: no budget to keep
  base.bind(ENTRY, undefined);
  const step = () => {
    if (++budget.steps > LIMITS.maxExpressionSteps) budget.exceed('steps');
    if (base.depth > LIMITS.maxExpressionDepth) budget.exceed('depth');
    if (++budget.evaluated % PAUSE_EVERY_STEPS === 0) pauseBeforeNextStep(budget, base);
  };
  base.guardrails = step;
  step();
}

/**
 * Steps of one evaluation after which it asks its meter whether to pause. A step of a recursive lambda costs up to
 * 0.3 ms inside the workflow sandbox, so the 10,000 steps of the limit held a workflow thread up to 3 s in one
 * workflow task; a worker thread answers the tasks queued on it together, so a few such evaluations at once made
 * every one of them pass Temporal's 10 s for a task. Paused every 2,000 steps, a task holds the thread at most ~0.6 s.
 */
export const PAUSE_EVERY_STEPS = 2_000;

/**
 * The meter's pause (a durable timer that ends the workflow task), if it gives one, is waited for at the start of
 * the next step: JSONata awaits the entry hook there. Counted steps decide where, so a replay pauses at the same step.
 */
function pauseBeforeNextStep(budget: Budget, base: Frame['base']): void {
  const pause = budget.meter?.pause?.();
  // Counted now only when pausing: without a pause the meter must change when it always did, at the end, since
  // another branch of the walk may start a node (and read the meter) while this evaluation runs.
  if (!pause) return;
  budget.count();
  base.bind(ENTRY, () => {
    base.bind(ENTRY, undefined);
    return pause.catch((error: unknown) => {
      budget.interrupted = { error };
      throw error;
    });
  });
}

function checkValue(budget: Budget, value: unknown): void {
  if (typeof value === 'string') {
    if (value.length > LIMITS.maxExpressionResultBytes) budget.exceed('size');
  } else if (Array.isArray(value) && value.length > MAX_LIST_ITEMS) budget.exceed('size');
}

function countBuilt(budget: Budget, value: unknown): void {
  checkValue(budget, value);
  if (typeof value === 'string' || Array.isArray(value)) {
    budget.built += value.length;
    if (budget.built > MAX_BUILT) budget.exceed('size');
  }
}

/**
 * Built-in functions are the steps that can build large values: each is wrapped to refuse strings and lists over the
 * size limit going in and coming out, and the ones that can build far more than they are given are checked first
 * (`$pad` to a huge width, `$join` of one string many times, `$string` of a list holding one object many times).
 */
const PRECHECKS: Record<string, (budget: Budget, args: unknown[]) => void> = {
  pad: (budget, [, width]) => {
    if (typeof width === 'number' && Math.abs(width) > LIMITS.maxExpressionResultBytes) budget.exceed('size');
  },
  join: (budget, [strings, separator]) => {
    if (!Array.isArray(strings)) return;
    let length = typeof separator === 'string' ? separator.length * (strings.length - 1) : 0;
    for (const s of strings) length += typeof s === 'string' ? s.length : 0;
    if (length > LIMITS.maxExpressionResultBytes) budget.exceed('size');
  },
  string: (budget, [value]) => {
    if (jsonSizeAtLeast(value, LIMITS.maxExpressionResultBytes) > LIMITS.maxExpressionResultBytes)
      budget.exceed('size');
  },
  clone: (budget, [value]) => {
    if (jsonSizeAtLeast(value, LIMITS.maxExpressionResultBytes) > LIMITS.maxExpressionResultBytes)
      budget.exceed('size');
  },
  append: (budget, [first, second]) => {
    const items = (Array.isArray(first) ? first.length : 1) + (Array.isArray(second) ? second.length : 1);
    if (items > MAX_LIST_ITEMS) budget.exceed('size');
  },
};

const WRAPPED = [
  ...['string', 'substring', 'substringBefore', 'substringAfter', 'lowercase', 'uppercase', 'length', 'trim', 'pad'],
  ...['match', 'contains', 'replace', 'split', 'join', 'formatNumber', 'formatBase', 'formatInteger', 'parseInteger'],
  ...['number', 'keys', 'lookup', 'append', 'spread', 'merge', 'reverse', 'shuffle', 'distinct', 'zip', 'clone'],
  ...['base64encode', 'base64decode', 'encodeUrlComponent', 'encodeUrl', 'decodeUrlComponent', 'decodeUrl'],
  ...['toMillis', 'fromMillis'],
];

type BuiltIn = { implementation: (...args: unknown[]) => unknown };

/** The wrapped built-ins, made once (JSONata hands out its own definitions only through an evaluation). */
let wrappedBuiltIns: Promise<[string, BuiltIn][]> | undefined;

async function wrapBuiltIns(): Promise<[string, BuiltIn][]> {
  const wrapped: [string, BuiltIn][] = [];
  const originals = (await jsonata(`[${WRAPPED.map((name) => `$${name}`).join(', ')}]`).evaluate(null)) as BuiltIn[];
  for (const [i, name] of WRAPPED.entries()) {
    const original = originals[i];
    if (typeof original?.implementation !== 'function') throw new Error(`jsonata has no built-in $${name} to guard`);
    const precheck = PRECHECKS[name];
    const implementation = function (this: { environment: Frame }, ...args: unknown[]): unknown {
      const budget = this.environment.base.lookup(BUDGET) as Budget | undefined;
      if (!budget) return original.implementation.apply(this, args);
      for (const arg of args) checkValue(budget, arg);
      precheck?.(budget, args);
      const result = original.implementation.apply(this, args);
      if (result instanceof Promise) {
        return result.then((value: unknown) => {
          countBuilt(budget, value);
          return value;
        });
      }
      countBuilt(budget, result);
      return result;
    };
    wrapped.push([name, { ...original, implementation }]);
  }
  return wrapped;
}

/** The function ranges call instead of JSONata's range operator; JSONata code cannot name it either. */
const RANGE = 'weft range';

/**
 * JSONata's range operator (`[1..n]`), counting its items as steps before it makes them: `[1..10000000]` stops at
 * once, and `[1..9000].$count([1..9000])` after two ranges. Same checks and errors as JSONata's own (T2003, T2004,
 * D2014); the position is the operator's.
 */
const RANGE_FUNCTION = {
  _jsonata_function: true,
  implementation(this: { environment: Frame }, lhs: unknown, rhs: unknown): unknown {
    if (lhs !== undefined && !Number.isInteger(lhs)) throw { code: 'T2003', value: lhs };
    if (rhs !== undefined && !Number.isInteger(rhs)) throw { code: 'T2004', value: rhs };
    if (typeof lhs !== 'number' || typeof rhs !== 'number' || lhs > rhs) return undefined;
    const size = rhs - lhs + 1;
    if (size > 1e7) throw { code: 'D2014', value: size };
    (this.environment.base.lookup(BUDGET) as Budget | undefined)?.chargeRange(size);
    const result: number[] & { sequence?: boolean } = new Array<number>(size);
    for (let i = 0; i < size; i++) result[i] = lhs + i;
    result.sequence = true;
    return result;
  },
};

/** Turns every `lhs..rhs` of a parsed expression into a call of RANGE_FUNCTION, in place (without recursion). */
function rewriteRanges(ast: unknown): void {
  const pending: unknown[] = [ast];
  while (pending.length) {
    const node = pending.pop();
    if (!node || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      pending.push(...node);
      continue;
    }
    const n = node as Record<string, unknown>;
    if (n.type === 'binary' && n.value === '..') {
      const { lhs, rhs } = n;
      delete n.lhs;
      delete n.rhs;
      Object.assign(n, {
        type: 'function',
        value: '(',
        procedure: { type: 'variable', value: RANGE, position: n.position },
        arguments: [lhs, rhs],
      });
    }
    for (const child of Object.values(n)) if (child && typeof child === 'object') pending.push(child);
  }
}

/** Why `$eval` is refused, when a flow is published and at run time. */
export const EVAL_UNAVAILABLE = '$eval is not available: expressions are checked when the flow is published';

/**
 * Bound as `$eval` in every expression: JSONata's `$eval(text)` would parse and run text made at run time (from the
 * run inputs, say), which no publish check has seen. Publish refuses `$eval`; this is for plans that were not
 * published through the checks. JSONata adds the position of the call to the error. It also writes the position of
 * the latest call into the function object, and prefers that, which would be stale for a call by `~>` or by another
 * function (`$map(list, $eval)`): that write is ignored, so the position is always this expression's own.
 */
const NO_EVAL = Object.defineProperty(
  {
    _jsonata_function: true,
    implementation(): never {
      throw { message: EVAL_UNAVAILABLE };
    },
  },
  'position',
  { get: () => undefined, set: () => undefined },
);

/** Expressions whose built-ins are the wrapped ones. */
const armed = new WeakSet<jsonata.Expression>();

const compiled = new Map<string, jsonata.Expression>();
/** Parsed expressions kept for reuse; beyond this many, the least recently used is dropped. */
export const MAX_COMPILED_EXPRESSIONS = 1000;

/** Parses (once) a JSONata expression; throws JSONata's error for bad syntax. Check `textLimitBroken` first. */
export function compileExpression(expression: string): jsonata.Expression {
  let expr = compiled.get(expression);
  if (expr) {
    compiled.delete(expression);
  } else {
    expr = jsonata(expression);
    rewriteRanges(expr.ast());
    expr.assign(ENTRY as unknown as string, onFirstStep);
    expr.assign(RANGE, RANGE_FUNCTION);
    expr.assign('eval', NO_EVAL);
    if (compiled.size >= MAX_COMPILED_EXPRESSIONS) compiled.delete(compiled.keys().next().value!);
  }
  compiled.set(expression, expr);
  return expr;
}

/** How many parsed expressions are kept. */
export function compiledExpressionCount(): number {
  return compiled.size;
}

/**
 * At most the size of `value`'s JSON (in UTF-16 units, so at most its UTF-8 bytes) while that is within `limit`;
 * `limit + 1` as soon as it is not, without walking the rest (a list may hold one large string many times).
 */
function jsonSizeAtLeast(value: unknown, limit: number): number {
  let size = 0;
  const stack: unknown[] = [value];
  while (stack.length && size <= limit) {
    const item = stack.pop();
    if (typeof item === 'string') size += item.length + 2;
    else if (Array.isArray(item)) {
      size += item.length + 1;
      for (const child of item) stack.push(child);
    } else if (item !== null && typeof item === 'object') {
      // A JSONata function (lambda or built-in) holds its environment: not data, and nothing to walk.
      if (isJsonataFunction(item)) continue;
      const entries = Object.entries(item);
      size += entries.length + 1;
      for (const [key, child] of entries) {
        size += key.length + 3;
        stack.push(child);
      }
    } else size += 1;
  }
  return Math.min(size, limit + 1);
}

/** JSONata's own test (`isFunction`): a lambda or a built-in. */
function isJsonataFunction(value: object): boolean {
  const v = value as { _jsonata_lambda?: unknown; _jsonata_function?: unknown };
  return v._jsonata_lambda === true || v._jsonata_function === true;
}

/** True when `value` is a function or holds one (JSON would drop it or fail on the environment it carries). */
function holdsFunction(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length) {
    const item = stack.pop();
    if (typeof item === 'function') return true;
    if (item === null || typeof item !== 'object') continue;
    if (isJsonataFunction(item)) return true;
    for (const child of Array.isArray(item) ? item : Object.values(item)) stack.push(child);
  }
  return false;
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

/**
 * Counts the evaluation steps of the expressions it is given to, across evaluations: the interpreter uses it to end
 * a workflow task after so much work, since Temporal fails a task that runs too long (a property path counts 1).
 */
export interface ExpressionMeter {
  steps: number;
  /**
   * Called each time an evaluation has taken another PAUSE_EVERY_STEPS steps: a promise the evaluation waits for
   * before its next step (`steps` is brought up to date as soon as it is given), or nothing to go on at once.
   */
  pause?(): Promise<void> | undefined;
}

/** How an evaluation may go. */
export interface EvaluationOptions {
  /**
   * Evaluate literals and single comparisons (`index < 3`) without JSONata, and render a template whose expressions
   * are all that simple (or property paths) in one synchronous pass (see fast-path.ts). Same values and step counts,
   * fewer promises, so the callbacks after it run sooner: workflow code turns it on only behind a patch, since an
   * earlier callback can issue commands in another order than a recorded history. For the same reason, what the
   * fast path covers is part of that patch: covering more needs a patch of its own.
   * @default false
   */
  fastPath?: boolean;
}

export async function evaluateExpression(
  expression: string,
  scope: ExpressionScope,
  path: string,
  meter?: ExpressionMeter,
  options: EvaluationOptions = {},
): Promise<unknown> {
  const evaluated = await evaluateWithin(expression, scope, path, meter, options);
  // A property path reads a value the run already holds, bounded where it was made: as large as a node output.
  if ('direct' in evaluated) return copyResult(evaluated.direct, expression, path, false, DIRECT_READ_LIMIT);
  return copyResult(evaluated.computed, expression, path, true);
}

/**
 * Evaluates an expression, as written, under the limits: a property path directly (`direct`), anything else with
 * JSONata (`computed`, which may be any value JSONata makes, functions included). Errors name the expression.
 */
async function evaluateWithin(
  expression: string,
  scope: ExpressionScope,
  path: string,
  meter?: ExpressionMeter,
  options: EvaluationOptions = {},
): Promise<{ direct: unknown } | { computed: unknown }> {
  const broken = textLimitBroken(expression);
  if (broken) throw new ExpressionLimitExceeded(path, expression, broken);
  const direct = readPropertyPath(expression, scope);
  if (meter) meter.steps += 1;
  if (direct) return { direct: direct.value };
  const fast = options.fastPath ? evaluateFast(expression, scope) : undefined;
  if (fast) {
    if (meter) meter.steps += fast.steps;
    return { direct: fast.value };
  }
  const builtIns = await (wrappedBuiltIns ??= wrapBuiltIns());
  const budget = new Budget(meter);
  let result: unknown;
  try {
    const expr = compileExpression(expression);
    if (!armed.has(expr)) {
      for (const [name, fn] of builtIns) expr.assign(name, fn);
      armed.add(expr);
    }
    result = await expr.evaluate(scope, { [BUDGET]: budget });
  } catch (err) {
    budget.count();
    if (budget.interrupted) throw budget.interrupted.error;
    const limit = budget.exceeded ?? limitOf(err);
    if (limit) throw new ExpressionLimitExceeded(path, expression, limit);
    throw new ExpressionError(path, expression, describeJsonataError(err));
  }
  budget.count();
  if (budget.steps === 0)
    throw new ExpressionError(path, expression, 'evaluated without its step budget (is jsonata newer than 2.x?)');
  return { computed: result };
}

/**
 * A limit V8 enforced for the budget: it refuses strings past its maximum length (2^29 characters), which `&`
 * reaches by doubling a string that it never copies.
 */
function limitOf(err: unknown): ExpressionLimit | undefined {
  if (err instanceof RangeError && /^Invalid (string|array) length/.test(err.message)) return 'size';
  return undefined;
}

const DIRECT_READ_LIMIT = Math.max(LIMITS.maxExpressionResultBytes, LIMITS.maxNodeOutputBytes);

/** A plain JSON copy of a result, refused when it is larger than the result limit or (`computed`) holds a function. */
function copyResult(
  value: unknown,
  shown: string,
  path: string,
  computed = false,
  limit: number = LIMITS.maxExpressionResultBytes,
): unknown {
  if (value === undefined) return undefined;
  // The cheap lower bound first: a list holding one large string many times is refused before it is serialized.
  if (jsonSizeAtLeast(value, limit) > limit) throw new ExpressionLimitExceeded(path, shown, 'size');
  if (computed && holdsFunction(value)) throw new ExpressionError(path, shown, 'the result is a function, not a value');
  const text = JSON.stringify(value);
  if (text.length > limit / 3 && utf8Length(text) > limit) throw new ExpressionLimitExceeded(path, shown, 'size');
  return JSON.parse(text);
}

/** Resolves every template inside a JSON value; values without templates come back as they are. */
export async function renderTemplate(
  value: unknown,
  scope: ExpressionScope,
  path: string,
  meter?: ExpressionMeter,
  options: EvaluationOptions = {},
): Promise<unknown> {
  if (options.fastPath) {
    const rendered = renderWithoutJsonata(value, scope);
    if (rendered) {
      if (meter) meter.steps += rendered.steps;
      return rendered.value;
    }
  }
  return renderEach(value, scope, path, meter);
}

async function renderEach(
  value: unknown,
  scope: ExpressionScope,
  path: string,
  meter?: ExpressionMeter,
): Promise<unknown> {
  if (typeof value === 'string') return renderString(value, scope, path, meter);
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++)
      out.push((await renderEach(value[i], scope, `${path}[${i}]`, meter)) ?? null);
    return out;
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const rendered = await renderEach(item, scope, `${path}.${key}`, meter);
      if (rendered !== undefined) out[key] = rendered;
    }
    return out;
  }
  return value;
}

/** Thrown inside renderWithoutJsonata when a part needs JSONata (or would fail): the whole value goes the slow way. */
const NEEDS_JSONATA = Symbol('needs JSONata');

/**
 * The value renderTemplate gives, in one synchronous pass, when every expression in it is a property path or what
 * evaluateFast decides; undefined otherwise, with nothing counted, so that the slow way counts and fails exactly as
 * it always has. `steps` is what the slow way would add to the meter.
 */
export function renderWithoutJsonata(
  value: unknown,
  scope: ExpressionScope,
): { value: unknown; steps: number } | undefined {
  let steps = 0;
  const evaluate = (expression: string): unknown => {
    const simple = simpleValue(expression, scope);
    if (!simple) throw NEEDS_JSONATA;
    steps += simple.steps;
    return copyResult(simple.value, expression, '');
  };
  const render = (item: unknown): unknown => {
    if (typeof item === 'string') {
      const parsed = parseTemplateString(item);
      if (parsed.kind === 'literal') return parsed.value;
      if (parsed.kind === 'expression') return evaluate(parsed.expression);
      let out = '';
      for (const part of parsed.parts) {
        if (typeof part === 'string') out += part;
        else {
          const v = evaluate(part.expression);
          out += v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v);
        }
      }
      return out;
    }
    if (Array.isArray(item)) return item.map((x) => render(x) ?? null);
    if (item && typeof item === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, x] of Object.entries(item)) {
        const rendered = render(x);
        if (rendered !== undefined) out[key] = rendered;
      }
      return out;
    }
    return item;
  };
  try {
    return { value: render(value), steps };
  } catch {
    return undefined;
  }
}

/** A property path or an evaluateFast expression within its text limits, with the steps the meter counts for it. */
function simpleValue(expression: string, scope: ExpressionScope): { value: unknown; steps: number } | undefined {
  if (textLimitBroken(expression)) return undefined;
  const direct = readPropertyPath(expression, scope);
  if (direct) return { value: direct.value, steps: 1 };
  const fast = evaluateFast(expression, scope);
  return fast && { value: fast.value, steps: 1 + fast.steps };
}

async function renderString(
  text: string,
  scope: ExpressionScope,
  path: string,
  meter?: ExpressionMeter,
): Promise<unknown> {
  let parsed;
  try {
    parsed = parseTemplateString(text);
  } catch (err) {
    throw new ExpressionError(path, text, (err as Error).message);
  }
  if (parsed.kind === 'literal') return parsed.value;
  if (parsed.kind === 'expression') return evaluateExpression(parsed.expression, scope, path, meter);
  let out = '';
  for (const part of parsed.parts) {
    if (typeof part === 'string') out += part;
    else {
      const value = await evaluateExpression(part.expression, scope, path, meter);
      out += value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
    }
  }
  return out;
}

/**
 * Evaluates a condition (an edge's `when`, a loop's `while`) as written, so JSONata's error positions are the
 * expression's own, and decides its result as JSONata's `$boolean` would. The result is never copied or sized: a
 * condition may give a large list or a function, and only its truth is kept.
 */
export async function evaluateCondition(
  condition: string,
  scope: ExpressionScope,
  path: string,
  meter?: ExpressionMeter,
  options: EvaluationOptions = {},
): Promise<boolean> {
  let expression: string;
  try {
    expression = unwrapCondition(condition);
  } catch (err) {
    throw new ExpressionError(path, condition, (err as Error).message);
  }
  const evaluated = await evaluateWithin(expression, scope, path, meter, options);
  try {
    return jsonataBoolean('direct' in evaluated ? evaluated.direct : evaluated.computed);
  } catch (err) {
    throw new ExpressionError(path, expression, (err as Error).message);
  }
}

/**
 * A condition decided without JSONata (as evaluateCondition would decide it, with the steps it would count), or
 * undefined when JSONata is needed or the condition would fail: nothing is counted then.
 */
export function conditionWithoutJsonata(
  condition: string,
  scope: ExpressionScope,
): { holds: boolean; steps: number } | undefined {
  try {
    const simple = simpleValue(unwrapCondition(condition), scope);
    return simple && { holds: jsonataBoolean(simple.value), steps: simple.steps };
  } catch {
    return undefined;
  }
}

/**
 * JSONata's `$boolean` (jsonata 2.x `functions.boolean`), with nothing (undefined) false: false for nothing, null,
 * false, 0, NaN, '', {}, [] and functions (JSONata's lambdas and built-ins, and regular expressions, which evaluate to
 * JavaScript functions); true for true, other numbers, other strings and objects with keys; a list is true when any
 * item is, nested lists included. Like JSONata, it throws for an infinite number anywhere in a list, even after a
 * true item (JSONata checks every item).
 *
 * Without recursion (a list from the inputs may nest thousands deep), and each list once: an expression can make a
 * list that holds one list many times, nested (`$b := [1..100].[$a]; $c := [1..100].[$b]`…), which JSONata's own
 * `$boolean` would walk 100^n items of, blocking the workflow task.
 */
export function jsonataBoolean(value: unknown): boolean {
  if (!Array.isArray(value)) return scalarBoolean(value);
  let result = false;
  const seen = new Set<unknown[]>();
  const pending: unknown[] = [value];
  while (pending.length) {
    const item = pending.pop();
    if (!Array.isArray(item)) {
      if (scalarBoolean(item)) result = true;
    } else if (!seen.has(item)) {
      seen.add(item);
      for (let i = item.length - 1; i >= 0; i--) pending.push(item[i]);
    }
  }
  return result;
}

/** `$boolean` of anything but a list. */
function scalarBoolean(value: unknown): boolean {
  if (typeof value === 'string') return value.length > 0;
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return false;
    if (!Number.isFinite(value)) throw new RangeError(`Number out of range: ${value}`);
    return value !== 0;
  }
  if (value === true) return true;
  if (value === null || typeof value !== 'object') return false;
  if (isJsonataFunction(value)) return false;
  return Object.keys(value).length > 0;
}

export function describeJsonataError(err: unknown): string {
  const e = err as { message?: string; position?: number; token?: string };
  const at = typeof e.position === 'number' ? ` (at character ${e.position})` : '';
  return `${e.message ?? String(err)}${at}`;
}
