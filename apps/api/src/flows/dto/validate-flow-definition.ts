import { checkFlow, type ComponentCatalog, type FlowDefinition, type FlowResolver } from '@weft/dsl';
import { parseFlowDefinition } from './parse-flow-definition';

/** Shape and static checks together: what a definition must pass before it becomes a version. */
export function validateFlowDefinition(
  plain: unknown,
  catalog: ComponentCatalog,
  resolveFlow?: FlowResolver,
): FlowDefinition {
  const flow = parseFlowDefinition(plain);
  checkFlow(flow, catalog, resolveFlow);
  return flow;
}
