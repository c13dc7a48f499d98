import type { Draw } from './draw';

/** What an expression may read where it sits. */
export interface ExprScope {
  /** Nodes of the graph the expression is evaluated in. */
  nodes: readonly string[];
  /** `item` and `index` (a foreach body). */
  item?: boolean;
  /** `iteration` (a loop's `while`). */
  iteration?: boolean;
  /** `output` (an outputs mapping). */
  output?: boolean;
}

/** The variables every generated flow declares. */
export const VARIABLES = { v0: 0, v1: 'a', v2: [1, 2], v3: { k: 1 } } as const;

const TEXTS = ['', 'a', 'x y', 'ünïcødé', '日本語', '🙂🚀', '‮rtl', "it's", 'a"b', '\\n', 'null', '$', '{}', '${'];

function quote(text: string): string {
  return JSON.stringify(text);
}

/** A JSONata expression giving (mostly) a number. */
export function numExpr(d: Draw, s: ExprScope, depth = 2): string {
  const atoms: (readonly [number, () => string])[] = [
    [4, () => String(d.int(-3, 100))],
    [2, () => 'inputs.n'],
    [2, () => 'vars.v0'],
    [1, () => `$count(vars.v2)`],
    [1, () => `$length(${strExpr(d, s, depth - 1)})`],
    [1, () => `$count(${anyExpr(d, s, depth - 1)})`],
  ];
  if (s.item) atoms.push([2, () => 'index'], [1, () => '($number(item) ? $number(item) : 0)']);
  if (s.iteration) atoms.push([3, () => 'iteration']);
  if (s.output) atoms.push([1, () => `$count(output)`]);
  if (depth > 0) {
    atoms.push(
      [2, () => `(${numExpr(d, s, depth - 1)} ${d.pick(['+', '-', '*', '%', '/'])} ${numExpr(d, s, depth - 1)})`],
      [1, () => `$sum([${numExpr(d, s, depth - 1)}, ${numExpr(d, s, depth - 1)}])`],
      [1, () => `$round(${numExpr(d, s, depth - 1)})`],
      [1, () => `(${boolExpr(d, s, depth - 1)} ? ${numExpr(d, s, depth - 1)} : ${numExpr(d, s, depth - 1)})`],
    );
  }
  return d.weighted(atoms);
}

/** A JSONata expression giving (mostly) a string. */
export function strExpr(d: Draw, s: ExprScope, depth = 2): string {
  const atoms: (readonly [number, () => string])[] = [
    [4, () => quote(d.pick(TEXTS))],
    [2, () => 'inputs.s'],
    [2, () => 'vars.v1'],
    [1, () => 'run.id'],
    [1, () => 'run.flowId'],
    [1, () => '$string(run.version)'],
  ];
  if (s.nodes.length) atoms.push([2, () => `nodes.${d.pick(s.nodes)}.status`]);
  if (s.item) atoms.push([1, () => '$string(item)']);
  if (s.output) atoms.push([1, () => '$string(output)']);
  if (depth > 0) {
    atoms.push(
      [2, () => `(${strExpr(d, s, depth - 1)} & ${strExpr(d, s, depth - 1)})`],
      [1, () => `$string(${anyExpr(d, s, depth - 1)})`],
      [1, () => `$uppercase(${strExpr(d, s, depth - 1)})`],
      [1, () => `$substring(${strExpr(d, s, depth - 1)}, 0, ${d.int(0, 5)})`],
      [1, () => `$join([${strExpr(d, s, depth - 1)}, ${strExpr(d, s, depth - 1)}], "-")`],
    );
  }
  return d.weighted(atoms);
}

/** A JSONata condition. */
export function boolExpr(d: Draw, s: ExprScope, depth = 2): string {
  const atoms: (readonly [number, () => string])[] = [
    [2, () => d.pick(['true', 'false'])],
    [3, () => `${numExpr(d, s, depth - 1)} ${d.pick(['<', '>', '=', '!=', '<=', '>='])} ${numExpr(d, s, depth - 1)}`],
    [1, () => `${strExpr(d, s, depth - 1)} = ${strExpr(d, s, depth - 1)}`],
    [1, () => `$exists(${anyExpr(d, s, depth - 1)})`],
    [1, () => 'inputs.flag'],
  ];
  if (s.nodes.length) {
    atoms.push([2, () => `nodes.${d.pick(s.nodes)}.status = ${quote(d.pick(['SUCCEEDED', 'FAILED', 'SKIPPED']))}`]);
  }
  if (s.iteration) atoms.push([4, () => `iteration < ${d.int(0, 3)}`]);
  if (depth > 0) {
    atoms.push(
      [1, () => `$not(${boolExpr(d, s, depth - 1)})`],
      [1, () => `(${boolExpr(d, s, depth - 1)} ${d.pick(['and', 'or'])} ${boolExpr(d, s, depth - 1)})`],
    );
  }
  return d.weighted(atoms);
}

/** A JSONata expression of any JSON type. */
export function anyExpr(d: Draw, s: ExprScope, depth = 2): string {
  const atoms: (readonly [number, () => string])[] = [
    [2, () => numExpr(d, s, depth)],
    [2, () => strExpr(d, s, depth)],
    [1, () => boolExpr(d, s, depth)],
    [1, () => 'null'],
    [1, () => 'inputs'],
    [1, () => 'inputs.list'],
    [1, () => `vars.${d.pick(Object.keys(VARIABLES))}`],
    [1, () => `[${d.int(0, 3)}..${d.int(0, 5)}]`],
  ];
  if (s.nodes.length) {
    atoms.push([2, () => `nodes.${d.pick(s.nodes)}.output`], [1, () => `nodes.${d.pick(s.nodes)}.error.message`]);
  }
  if (s.item) atoms.push([2, () => 'item']);
  if (s.output) atoms.push([3, () => 'output'], [1, () => 'output.iterations']);
  if (depth > 0) {
    atoms.push(
      [1, () => `[${anyExpr(d, s, depth - 1)}, ${anyExpr(d, s, depth - 1)}]`],
      [1, () => `{${quote(d.pick(TEXTS))}: ${anyExpr(d, s, depth - 1)}}`],
      [1, () => `$keys(${anyExpr(d, s, depth - 1)})`],
    );
  }
  return d.weighted(atoms);
}

/**
 * A template string: exactly one `${expr}` (keeps the JSON type), text with `${}` parts, a literal,
 * or the `$${` escape.
 */
export function template(d: Draw, s: ExprScope, expr: (d: Draw, s: ExprScope) => string = anyExpr): string {
  return d.weighted([
    [4, () => `\${${expr(d, s)}}`],
    [2, () => `${d.pick(TEXTS.filter((t) => !t.includes('$')))} \${${expr(d, s)}} \${${expr(d, s)}}!`],
    [1, () => d.pick(TEXTS.filter((t) => !t.includes('$')))],
    [1, () => `$\${literal} \${${expr(d, s)}}`],
  ]);
}

/** A condition as `when`/`while` take it: bare or wrapped. */
export function condition(d: Draw, s: ExprScope): string {
  // A condition is read as a template when it holds "${": a string literal "${" in it would read as an open template.
  const expr = boolExpr(d, s).replaceAll('"${"', '"$"');
  return d.chance(50) ? `\${${expr}}` : expr;
}

/** A JSON value with templates in some of its strings. */
export function templatedValue(d: Draw, s: ExprScope, depth = 2): unknown {
  return d.weighted<unknown>([
    [4, () => template(d, s)],
    [1, () => d.int(-5, 1000)],
    [1, () => d.pick([true, false, null, 'plain', 1.5])],
    [depth > 0 ? 1 : 0, () => Array.from({ length: d.int(0, 3) }, () => templatedValue(d, s, depth - 1))],
    [depth > 0 ? 1 : 0, () => templatedObject(d, s, depth - 1)],
  ]);
}

export function templatedObject(d: Draw, s: ExprScope, depth = 1): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const count = d.int(0, 3);
  for (let i = 0; i < count; i++)
    out[d.pick(['a', 'b', 'text', 'n', 'list', 'deep', 'ünï', 'k_1'])] = templatedValue(d, s, depth);
  return out;
}
