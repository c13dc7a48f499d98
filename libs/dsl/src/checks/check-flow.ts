import type { ComponentCatalog, FlowDefinition, FlowResolver, GraphDefinition } from '../types';
import type { ValidationIssue } from '../validation-issue';
import { FlowValidationError } from '../validation-issue';
import { checkComponents } from './check-components';
import { checkExpressions } from './check-expressions';
import { checkGraph } from './check-graph';
import { checkNodes } from './check-nodes';
import { checkNodeSettings, checkSettings } from './check-settings';

/** All static checks of a well-shaped definition; throws FlowValidationError listing every issue. */
export function checkFlow(flow: FlowDefinition, catalog: ComponentCatalog, resolveFlow?: FlowResolver): void {
  const issues = [...checkGraphs(flow, catalog, resolveFlow, '$'), ...checkExpressions(flow), ...checkSettings(flow)];
  if (issues.length) throw new FlowValidationError(issues);
}

/** The checks of one graph, then of each loop body inside it. */
function checkGraphs(graph: GraphDefinition, catalog: ComponentCatalog, resolveFlow: FlowResolver | undefined, base: string): ValidationIssue[] {
  const issues = [...checkGraph(graph, base), ...checkNodes(graph, resolveFlow, base), ...checkComponents(graph, catalog, base)];
  if (base !== '$') issues.push(...checkNodeSettings(graph, base));
  graph.nodes.forEach((node, i) => {
    if (node.type === 'loop' || node.type === 'foreach') issues.push(...checkGraphs(node.body, catalog, resolveFlow, `${base}.nodes[${i}].body`));
  });
  return issues;
}
