import { childPath, type EdgeDefinition, type FlowDefinition, type NodeDefinition } from '@weft/dsl';
import { canonicalJson } from './content-hash';
import { jsonDiff, type JsonChange } from './json-diff';

export interface NodeRef {
  id: string;
  type: string;
  /** Its JSON path in the version it belongs to (the older one for removed nodes). */
  path: string;
}

export interface DefinitionDiff {
  identical: boolean;
  nodes: {
    added: NodeRef[];
    removed: NodeRef[];
    /** Nodes in both versions (matched by id) that differ; change paths are in the newer version. */
    changed: (NodeRef & { changes: JsonChange[] })[];
  };
  edges: { added: (EdgeDefinition & { path: string })[]; removed: (EdgeDefinition & { path: string })[] };
  /** Every other top-level field (name, inputs, defaults, timeout, output…). */
  fields: JsonChange[];
}

const indexById = (nodes: NodeDefinition[]) => new Map(nodes.map((node, index) => [node.id, { node, index }]));
const nodePath = (index: number) => childPath('$.nodes', index);

/** What changed from one flow definition to another: nodes by id, edges as a set, the rest as a JSON diff. */
export function definitionDiff(from: FlowDefinition, to: FlowDefinition): DefinitionDiff {
  const before = indexById(from.nodes);
  const after = indexById(to.nodes);
  const nodes: DefinitionDiff['nodes'] = { added: [], removed: [], changed: [] };
  for (const [id, { node, index }] of after) {
    const old = before.get(id);
    if (!old) {
      nodes.added.push({ id, type: node.type, path: nodePath(index) });
      continue;
    }
    const changes = jsonDiff(old.node, node, nodePath(index));
    if (changes.length) nodes.changed.push({ id, type: node.type, path: nodePath(index), changes });
  }
  for (const [id, { node, index }] of before) {
    if (!after.has(id)) nodes.removed.push({ id, type: node.type, path: nodePath(index) });
  }

  const edgeKeys = (edges: EdgeDefinition[] = []) => new Set(edges.map((edge) => canonicalJson(edge)));
  const beforeEdges = edgeKeys(from.edges);
  const afterEdges = edgeKeys(to.edges);
  const edgesOnlyIn = (edges: EdgeDefinition[] = [], other: Set<string>) =>
    edges
      .map((edge, index) => ({ ...edge, path: childPath('$.edges', index) }))
      .filter(({ path: _path, ...edge }) => !other.has(canonicalJson(edge)));
  const edges = { added: edgesOnlyIn(to.edges, beforeEdges), removed: edgesOnlyIn(from.edges, afterEdges) };

  const rest = ({ nodes: _nodes, edges: _edges, ...fields }: FlowDefinition) => fields;
  const fields = jsonDiff(rest(from), rest(to));

  const identical =
    !nodes.added.length &&
    !nodes.removed.length &&
    !nodes.changed.length &&
    !edges.added.length &&
    !edges.removed.length &&
    !fields.length;
  return { identical, nodes, edges, fields };
}
