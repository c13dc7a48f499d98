import { checkFlow } from '../checks/check-flow';
import type { ComponentCatalog, FlowDefinition } from '../types';
import { parseFlowDefinition } from './parse-flow-definition';

/** Shape and static checks together: what a definition must pass before it becomes a version. */
export function validateFlowDefinition(plain: unknown, catalog: ComponentCatalog): FlowDefinition {
  const flow = parseFlowDefinition(plain);
  checkFlow(flow, catalog);
  return flow;
}
