import type { GraphDefinition } from '@weft/dsl';

export interface SubflowReference {
  flow: string;
  version?: number;
}

/** Every subflow a definition names, in its loop and foreach bodies too, each once. */
export function subflowReferences(graph: GraphDefinition): SubflowReference[] {
  const found = new Map<string, SubflowReference>();
  const pending: GraphDefinition[] = [graph];
  for (let g = pending.pop(); g; g = pending.pop()) {
    for (const node of g.nodes ?? []) {
      if (node.type === 'subflow')
        found.set(referenceKey(node.flow, node.version), { flow: node.flow, version: node.version });
      if ((node.type === 'loop' || node.type === 'foreach') && node.body) pending.push(node.body);
    }
  }
  return [...found.values()];
}

export const referenceKey = (flow: string, version?: number) => `${flow}@${version ?? 'latest'}`;
