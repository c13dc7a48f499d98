import type { NodeDefinition, NodeType } from '../api/types';

/** What a node added on the canvas starts as: the least that makes each kind valid, for the user to fill in. */
export function nodeTemplate(type: NodeType, id: string): NodeDefinition {
  const body = { nodes: [{ id: 'step', type: 'task', component: 'core.noop' }] } as const;
  switch (type) {
    case 'task':
      return { id, type, component: 'core.noop' };
    case 'switch':
      return { id, type };
    case 'set':
      return { id, type, assign: {} };
    case 'wait':
      return { id, type, duration: '1s' };
    case 'approval':
      return { id, type };
    case 'subflow':
      return { id, type, flow: '' };
    case 'foreach':
      return { id, type, items: '${[]}', body: structuredClone(body) as never };
    case 'loop':
      return { id, type, maxIterations: 3, body: structuredClone(body) as never };
    case 'end':
      return { id, type };
    case 'fail':
      return { id, type, message: 'failed' };
  }
}

/** `task`, `task2`, `task3`…: the first id of the kind no node has. */
export function freshId(type: NodeType, taken: Iterable<string>): string {
  const ids = new Set(taken);
  if (!ids.has(type)) return type;
  let n = 2;
  while (ids.has(`${type}${n}`)) n++;
  return `${type}${n}`;
}
