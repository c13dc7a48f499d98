import type { FlowDefinition } from '../api/types';

export type Parsed = { definition: FlowDefinition; error?: undefined } | { definition?: undefined; error: string };

/** The editor's text as a flow definition to preview, or why it is not one yet. The API checks the rest. */
export function parseDefinition(text: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { error: `Not JSON yet: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { error: 'A flow is a JSON object' };
  const nodes = (value as { nodes?: unknown }).nodes;
  if (nodes !== undefined && !Array.isArray(nodes)) return { error: '"nodes" must be a list' };
  return { definition: { ...(value as FlowDefinition), nodes: (nodes as FlowDefinition['nodes']) ?? [] } };
}

export const STARTER_FLOW = {
  id: 'my-flow',
  name: 'My flow',
  nodes: [
    { id: 'hello', type: 'task', component: 'core.log', inputs: { message: 'hello' } },
    { id: 'done', type: 'end' },
  ],
  edges: [{ from: 'hello', to: 'done' }],
};
