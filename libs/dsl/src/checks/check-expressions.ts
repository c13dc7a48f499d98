import { describeJsonataError } from '../expressions/evaluate';
import { referencesOf } from '../expressions/references';
import { parseTemplateString, templateStrings, unwrapCondition } from '../expressions/template';
import type { FlowDefinition } from '../types';
import type { ValidationIssue } from '../validation-issue';

interface Located {
  path: string;
  expression: string;
}

/** Syntax of every expression, and that the nodes and variables they read exist. */
export function checkExpressions(flow: FlowDefinition): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const nodeIds = new Set(flow.nodes.map((n) => n.id));
  const variables = declaredVariables(flow);

  for (const { path, expression } of expressionsOf(flow, issues)) {
    let refs;
    try {
      refs = referencesOf(expression);
    } catch (err) {
      issues.push({ path, message: `invalid expression "${expression}": ${describeJsonataError(err)}` });
      continue;
    }
    for (const id of refs.nodes) {
      if (!nodeIds.has(id)) issues.push({ path, message: `expression reads unknown node "${id}"` });
    }
    for (const name of refs.vars) {
      if (!variables.has(name)) {
        issues.push({ path, message: `expression reads variable "${name}", which is neither declared in "variables" nor assigned by a node` });
      }
    }
  }
  return issues;
}

function declaredVariables(flow: FlowDefinition): Set<string> {
  const names = new Set(Object.keys(flow.variables ?? {}));
  for (const node of flow.nodes) {
    if (node.type === 'set') Object.keys(node.assign).forEach((n) => names.add(n));
    if (node.type === 'task' || node.type === 'subflow') Object.keys(node.outputs ?? {}).forEach((n) => names.add(n));
  }
  return names;
}

function expressionsOf(flow: FlowDefinition, issues: ValidationIssue[]): Located[] {
  const found: Located[] = [];
  const templates = (value: unknown, base: string) => {
    for (const { path, text } of templateStrings(value, base)) {
      try {
        const parsed = parseTemplateString(text);
        if (parsed.kind === 'expression') found.push({ path, expression: parsed.expression });
        if (parsed.kind === 'interpolation') {
          for (const part of parsed.parts) if (typeof part !== 'string') found.push({ path, expression: part.expression });
        }
      } catch (err) {
        issues.push({ path, message: (err as Error).message });
      }
    }
  };
  templates(flow.output, '$.output');
  flow.nodes.forEach((node, i) => {
    const path = `$.nodes[${i}]`;
    switch (node.type) {
      case 'task':
      case 'subflow':
        templates(node.inputs, `${path}.inputs`);
        templates(node.outputs, `${path}.outputs`);
        break;
      case 'set':
        templates(node.assign, `${path}.assign`);
        break;
      case 'wait':
        templates(node.duration, `${path}.duration`);
        templates(node.until, `${path}.until`);
        break;
      case 'end':
        templates(node.output, `${path}.output`);
        break;
      case 'fail':
        templates(node.message, `${path}.message`);
        break;
    }
  });
  (flow.edges ?? []).forEach((edge, i) => {
    if (edge.when === undefined) return;
    try {
      found.push({ path: `$.edges[${i}].when`, expression: unwrapCondition(edge.when) });
    } catch (err) {
      issues.push({ path: `$.edges[${i}].when`, message: (err as Error).message });
    }
  });
  return found;
}
