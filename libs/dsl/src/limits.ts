/**
 * Limits are part of the flow contract: checked when a version is published, when a run starts, or failing the
 * node (or run) with a typed error at run time. Temporal refuses any payload over 2 MB and a workflow task
 * completion over 4 MB, and warns past 10,000 history events; these keep every run well inside them.
 * The README's "Limits" section lists each with its reason.
 */
export const LIMITS = {
  /** Nodes in one graph (the top level or one loop/foreach body). */
  maxNodes: 5000,
  /** Bytes of a compiled plan (JSON): it travels in the workflow input, next to the run inputs. */
  maxPlanBytes: 1024 * 1024,
  /** Bytes of a run's inputs (JSON): they travel in the workflow input with the plan. */
  maxRunInputBytes: 256 * 1024,
  /** Characters of one expression (inside `${}` or a condition). */
  maxExpressionLength: 4096,
  /**
   * JSONata evaluation depth of one expression: evaluations in progress at once (nested calls, recursion; the
   * branches of a list or object constructor add up), and how deeply its brackets may nest. Recursion ~300 deep or an
   * object grouped into a few hundred keys fits; the sandbox's stack holds 2,000 nested levels.
   */
  maxExpressionDepth: 1000,
  /**
   * JSONata evaluation steps of one expression: bounds loops, tail recursion and ranges (`[1..n]` may not hold more
   * items than steps are left). Inside the workflow sandbox a step costs ~0.1 ms (each promise takes a stack trace),
   * so 10,000 steps stay near a second, well inside Temporal's 5 s limit for a workflow task.
   */
  maxExpressionSteps: 10_000,
  /**
   * Bytes (JSON) of one expression's result, and characters of any string (or items of any list, at half this) it
   * builds on the way. As large as the largest value a run holds (a foreach's outputs) so any of them can be read.
   */
  maxExpressionResultBytes: 1024 * 1024,
  /**
   * Bytes (JSON) of a node's output kept in the run state; more travels as a value reference (below). Outputs (and
   * inputs) over 128 KiB travel through the claim-check codec (docs/claim-check.md): the history keeps a reference,
   * the workflow and the worker hold the value in memory, and state queries show it as `$truncated`. Not more,
   * because the workflow copies and sizes such values inside the SDK's 5 s activation limit: a state query of a run
   * holding 40 MB took 3.9 s, and at 50 MB it crashed the worker (docs/claim-check.md, "Limit").
   */
  maxNodeOutputBytes: 16 * 1024 * 1024,
  /**
   * Bytes (JSON) of a node output that travels as a value reference instead (over maxNodeOutputBytes): the activity
   * stores it in the blob store and the run only holds `{"$weftRef": "sha256:…", "bytes", "type"}`, which the next
   * component's inputs get resolved from (docs/claim-check.md, "Value references"). More fails the node with
   * OutputTooLarge: the worker holds such a value, its JSON and its parsed copy in memory at once.
   */
  maxReferencedOutputBytes: 256 * 1024 * 1024,
  /** Bytes (JSON) of a run's variables after any node updates them; more fails the node with VariablesTooLarge. */
  maxVariablesBytes: 512 * 1024,
  /** Items of one foreach. */
  maxForeachItems: 100_000,
  /** Bytes (JSON) of the item outputs a foreach collects; more fails the foreach with OutputTooLarge. */
  maxForeachOutputBytes: 1024 * 1024,
  /** Iterations of one loop (`maxIterations` may not exceed it). */
  maxLoopIterations: 100_000,
} as const;

/** JSON size in bytes (UTF-8) of a value, as Temporal's JSON payload converter would encode it. */
export function jsonBytes(value: unknown): number {
  // Long strings are measured aside and serialized as "": a state holding two 50 MB claim-checked values would
  // otherwise be built as one 100 MB string (seconds inside the workflow, near the SDK's 5 s activation limit).
  let aside = 0;
  const text = JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item !== 'string' || item.length < LONG_STRING) return item;
    aside += !JSON_UNSAFE.test(item) ? item.length : utf8Length(JSON.stringify(item)) - 2;
    return '';
  });
  return text === undefined ? 0 : utf8Length(text) + aside;
}

const LONG_STRING = 64 * 1024;
/** Any character but printable ASCII other than `"` and `\`, which JSON writes as they are, one byte each. */
const JSON_UNSAFE = /[^\u0020-\u0021\u0023-\u005b\u005d-\u007e]/;

const NON_ASCII = /[\u0080-\uffff]/;

export function utf8Length(text: string): number {
  // ASCII only (most JSON): one byte per character, found by one native scan instead of the loop below, which takes
  // about half a second over a 50 MB claim-checked output inside the workflow.
  if (!NON_ASCII.test(text)) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
