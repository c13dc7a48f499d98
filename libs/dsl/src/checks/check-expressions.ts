import {
  describeJsonataError,
  EVAL_UNAVAILABLE,
  expressionNesting,
  formatCount,
  shortened,
} from '../expressions/evaluate';
import { referencesOf } from '../expressions/references';
import { parseTemplateString, templateStrings, unwrapCondition } from '../expressions/template';
import { LIMITS } from '../limits';
import type { FlowDefinition, GraphDefinition } from '../types';
import type { ValidationIssue } from '../validation-issue';
import { RegexChecks } from './check-regexes';

interface Located {
  path: string;
  expression: string;
}

/** What the checks of one flow share. */
interface Context {
  /** Variables declared in `variables` or assigned by a node. */
  variables: Set<string>;
  regexes: RegexChecks;
  issues: ValidationIssue[];
}

/**
 * Length, nesting and syntax of every expression, that the nodes and variables they read exist, that they do not use
 * `$eval`, and that their regular expressions cannot backtrack catastrophically. Expressions sit in the initial
 * `variables`, the flow `output`, and in each graph (the flow, loop and foreach bodies): node `inputs`, `outputs`,
 * `assign`, `duration`/`until`, `end.output`, `fail.message`, edge `when` (switch cases), a loop's `while` and a
 * foreach's `items`.
 */
export function checkExpressions(flow: FlowDefinition): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const variables = new Set(Object.keys(flow.variables ?? {}));
  declaredVariables(flow, variables);
  const context: Context = { variables, regexes: new RegexChecks(), issues };
  // The initial variables are rendered when the run starts, before any node has run.
  const initial: Located[] = [];
  templates(flow.variables, '$.variables', initial, issues);
  checkLocated(initial, undefined, context);
  const output: Located[] = [];
  templates(flow.output, '$.output', output, issues);
  checkGraphExpressions(flow, '$', output, context);
  return issues;
}

/**
 * Each graph (the flow, a loop or foreach body) reads its own nodes; variables are shared by all.
 * `inherited` are expressions evaluated in this graph's scope but written outside it (a loop's `while`).
 */
function checkGraphExpressions(graph: GraphDefinition, base: string, inherited: Located[], context: Context): void {
  const { issues } = context;
  const own: Located[] = [...inherited, ...expressionsOf(graph, base, issues)];
  graph.nodes.forEach((node, i) => {
    if (node.type === 'loop' || node.type === 'foreach') {
      const path = `${base}.nodes[${i}]`;
      const bodyScoped: Located[] = [];
      templates(node.outputs, `${path}.outputs`, own, issues);
      if (node.type === 'loop' && node.while !== undefined) condition(node.while, `${path}.while`, bodyScoped, issues);
      if (node.type === 'foreach') items(node.items, `${path}.items`, own, issues);
      checkGraphExpressions(node.body, `${path}.body`, bodyScoped, context);
    }
  });
  checkLocated(own, new Set(graph.nodes.map((n) => n.id)), context);
}

/** `nodeIds` undefined: evaluated before any node runs (the initial variables). */
function checkLocated(found: Located[], nodeIds: Set<string> | undefined, context: Context): void {
  const { variables, issues } = context;
  for (const { path, expression } of found) {
    const refs = parse(expression, path, issues);
    if (!refs) continue;
    for (const id of refs.nodes) {
      if (!nodeIds)
        issues.push({
          path,
          message: `expression reads node "${id}", but initial variables are set before any node runs`,
        });
      else if (!nodeIds.has(id)) issues.push({ path, message: `expression reads unknown node "${id}"` });
    }
    for (const name of refs.vars) {
      if (!variables.has(name)) {
        issues.push({
          path,
          message: `expression reads variable "${name}", which is neither declared in "variables" nor assigned by a node`,
        });
      }
    }
    if (refs.eval) issues.push({ path, message: EVAL_UNAVAILABLE });
    for (const regex of refs.regexes) {
      const message = context.regexes.check(regex);
      if (message) issues.push({ path, message });
    }
  }
}

/** The references of an expression, or undefined (with the issue) when it is too long, too deep or malformed. */
function parse(
  expression: string,
  path: string,
  issues: ValidationIssue[],
): ReturnType<typeof referencesOf> | undefined {
  const shown = shortened(expression);
  if (expression.length > LIMITS.maxExpressionLength) {
    const message = `expression "${shown}" is ${formatCount(expression.length)} characters long; the limit is ${formatCount(LIMITS.maxExpressionLength)}`;
    issues.push({ path, message });
    return undefined;
  }
  const nesting = expressionNesting(expression);
  if (nesting > LIMITS.maxExpressionDepth) {
    const message = `expression "${shown}" nests ${formatCount(nesting)} levels deep; the limit is ${formatCount(LIMITS.maxExpressionDepth)}`;
    issues.push({ path, message });
    return undefined;
  }
  try {
    return referencesOf(expression);
  } catch (err) {
    issues.push({ path, message: `invalid expression "${shown}": ${describeJsonataError(err)}` });
    return undefined;
  }
}

function declaredVariables(graph: GraphDefinition, names: Set<string>): void {
  for (const node of graph.nodes) {
    if (node.type === 'set') Object.keys(node.assign).forEach((n) => names.add(n));
    if (node.type === 'task' || node.type === 'subflow' || node.type === 'loop' || node.type === 'foreach') {
      Object.keys(node.outputs ?? {}).forEach((n) => names.add(n));
    }
    if (node.type === 'loop' || node.type === 'foreach') declaredVariables(node.body, names);
  }
}

function templates(value: unknown, base: string, found: Located[], issues: ValidationIssue[]): void {
  for (const { path, text } of templateStrings(value, base)) {
    try {
      const parsed = parseTemplateString(text);
      if (parsed.kind === 'expression') found.push({ path, expression: parsed.expression });
      if (parsed.kind === 'interpolation') {
        for (const part of parsed.parts)
          if (typeof part !== 'string') found.push({ path, expression: part.expression });
      }
    } catch (err) {
      issues.push({ path, message: (err as Error).message });
    }
  }
}

function condition(text: string, path: string, found: Located[], issues: ValidationIssue[]): void {
  try {
    found.push({ path, expression: unwrapCondition(text) });
  } catch (err) {
    issues.push({ path, message: (err as Error).message });
  }
}

/** A foreach's `items` must be one `${...}` expression: plain or interpolated text never gives a list. */
function items(text: string, path: string, found: Located[], issues: ValidationIssue[]): void {
  let parsed;
  try {
    parsed = parseTemplateString(text);
  } catch (err) {
    issues.push({ path, message: (err as Error).message });
    return;
  }
  if (parsed.kind === 'expression') found.push({ path, expression: parsed.expression });
  else
    issues.push({ path, message: 'items must be one ${...} expression that gives a list, such as "${inputs.orders}"' });
}

function expressionsOf(graph: GraphDefinition, base: string, issues: ValidationIssue[]): Located[] {
  const found: Located[] = [];
  graph.nodes.forEach((node, i) => {
    const path = `${base}.nodes[${i}]`;
    switch (node.type) {
      case 'task':
      case 'subflow':
        templates(node.inputs, `${path}.inputs`, found, issues);
        templates(node.outputs, `${path}.outputs`, found, issues);
        break;
      case 'set':
        templates(node.assign, `${path}.assign`, found, issues);
        break;
      case 'wait':
        templates(node.duration, `${path}.duration`, found, issues);
        templates(node.until, `${path}.until`, found, issues);
        break;
      case 'end':
        templates(node.output, `${path}.output`, found, issues);
        break;
      case 'fail':
        templates(node.message, `${path}.message`, found, issues);
        break;
    }
  });
  (graph.edges ?? []).forEach((edge, i) => {
    if (edge.when !== undefined) condition(edge.when, `${base}.edges[${i}].when`, found, issues);
  });
  return found;
}
