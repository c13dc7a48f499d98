import type { ComponentCatalog, FlowDefinition, FlowResolver } from '../types';
import { FlowValidationError } from '../validation-issue';
import { checkComponents } from './check-components';
import { checkExpressions } from './check-expressions';
import { checkGraph } from './check-graph';
import { checkNodes } from './check-nodes';
import { checkSettings } from './check-settings';

/** All static checks of a well-shaped definition; throws FlowValidationError listing every issue. */
export function checkFlow(flow: FlowDefinition, catalog: ComponentCatalog, resolveFlow?: FlowResolver): void {
  const issues = [
    ...checkGraph(flow),
    ...checkNodes(flow, resolveFlow),
    ...checkComponents(flow, catalog),
    ...checkExpressions(flow),
    ...checkSettings(flow),
  ];
  if (issues.length) throw new FlowValidationError(issues);
}
