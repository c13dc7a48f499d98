import { compileSchema } from '../json-schema';
import type { FlowResolver, GraphDefinition } from '../types';
import type { ValidationIssue } from '../validation-issue';

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Rules of each node type and of the edges that leave it. */
export function checkNodes(flow: GraphDefinition, resolveFlow?: FlowResolver, base = '$'): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const edges = flow.edges ?? [];
  const byId = new Map(flow.nodes.map((n) => [n.id, n]));

  flow.nodes.forEach((node, i) => {
    const path = `${base}.nodes[${i}]`;
    const out = edges.map((edge, index) => ({ edge, index })).filter(({ edge }) => edge.from === node.id);
    switch (node.type) {
      case 'switch': {
        if (out.length === 0) issues.push({ path, message: `switch "${node.id}" has no outgoing edges` });
        const defaults = out.filter(({ edge }) => edge.when === undefined);
        if (defaults.length > 1) {
          issues.push({ path: `${base}.edges[${defaults[1].index}]`, message: `switch "${node.id}" has more than one default edge (without "when")` });
        }
        break;
      }
      case 'set':
        for (const name of Object.keys(node.assign)) {
          if (!VARIABLE_NAME.test(name)) issues.push({ path: `${path}.assign`, message: `"${name}" is not a valid variable name` });
        }
        break;
      case 'wait':
        if ((node.duration === undefined) === (node.until === undefined)) {
          issues.push({ path, message: 'a wait node needs exactly one of "duration" and "until"' });
        }
        break;
      case 'approval':
        if (node.schema) {
          try {
            compileSchema(node.schema);
          } catch (err) {
            issues.push({ path: `${path}.schema`, message: `not a valid JSON Schema: ${(err as Error).message}` });
          }
        }
        break;
      case 'subflow':
        if (!resolveFlow?.(node.flow, node.version)) {
          const what = node.version === undefined ? `flow "${node.flow}"` : `version ${node.version} of flow "${node.flow}"`;
          issues.push({ path: `${path}.${node.version === undefined ? 'flow' : 'version'}`, message: `unknown ${what}: publish it first` });
        }
        for (const name of Object.keys(node.outputs ?? {})) {
          if (!VARIABLE_NAME.test(name)) issues.push({ path: `${path}.outputs`, message: `"${name}" is not a valid variable name` });
        }
        break;
      case 'task':
        for (const name of Object.keys(node.outputs ?? {})) {
          if (!VARIABLE_NAME.test(name)) issues.push({ path: `${path}.outputs`, message: `"${name}" is not a valid variable name` });
        }
        break;
      case 'end':
      case 'fail':
        for (const { index } of out) {
          issues.push({ path: `${base}.edges[${index}]`, message: `"${node.id}" ends the run: no edge may leave it` });
        }
        break;
    }
  });

  edges.forEach((edge, index) => {
    const source = byId.get(edge.from);
    if (!source || (edge.on ?? 'success') === 'success') return;
    const continues = (source.type === 'task' || source.type === 'subflow') && source.onError === 'continue';
    if (!continues) {
      issues.push({
        path: `${base}.edges[${index}].on`,
        message: `"${edge.on}" edges are taken when "${edge.from}" fails and goes on, which needs a task with onError "continue"`,
      });
    }
  });
  return issues;
}
