import { flowsApi } from '../api/flows';
import type { GraphDefinition } from '../api/types';

/** A subflow node's flow, at its pinned version or the latest, for FlowGraph's expand. */
export async function loadSubflow(flow: string, version?: number): Promise<GraphDefinition> {
  const found = version === undefined ? await flowsApi.latest(flow) : await flowsApi.version(flow, version);
  return found.definition;
}
