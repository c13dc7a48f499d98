import {
  Background,
  Controls,
  MarkerType,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type Connection,
  type Edge,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { GraphDefinition, NodeDefinition, ValidationIssue } from '../api/types';
import { buildElements, type GraphEdge, type GraphNode } from './build-elements';
import { FlowNode, type FlowNodeType, type NodeStatus } from './flow-node';
import { placeIssues } from './issue-targets';
import { layoutGraph, type Box } from './layout';
import { quickLayout } from './quick-layout';

export type { NodeStatus } from './flow-node';

export interface FlowGraphProps {
  /** A flow definition (or any body graph): nodes and edges. */
  definition: GraphDefinition;
  /** Live status per node id (nested nodes: `loopId/childId`), from a run's state. */
  statuses?: Readonly<Record<string, NodeStatus>>;
  /** Validation issues: each is shown on the node or edge its JSON path concerns. */
  issues?: ValidationIssue[];
  /** Marks per node id from a version diff. */
  changes?: Readonly<Record<string, 'added' | 'removed' | 'changed'>>;
  selectedId?: string;
  /** `id` is the graph id (`loopId/childId` inside a body); `node` its definition. */
  onNodeClick?: (id: string, node: NodeDefinition) => void;
  onEdgeClick?: (id: string, path: string) => void;
  onPaneClick?: () => void;
  /** Given: nodes can be connected by dragging from a node's bottom handle to another's top (designer). */
  onConnect?: (from: string, to: string) => void;
  /** Reads the definition of a subflow node's flow when it is expanded. */
  loadSubflow?: (flow: string, version?: number) => Promise<GraphDefinition>;
  /** Issues no node or edge owns (`$.id`), reported after each layout. */
  onUnplacedIssues?: (issues: ValidationIssue[]) => void;
}

const nodeTypes = { weft: FlowNode, weftGroup: FlowNode };
/** Graphs larger than this are drawn first with the quick layout while ELK works. */
const QUICK_FIRST = 60;

/**
 * A flow drawn as its DAG, laid out by ELK: node kinds visually distinct, edges labelled with their `when` and `on`,
 * loop/foreach bodies and subflows expandable in place. Layout runs again only when the structure changes; statuses,
 * issues and selection are painted over the laid-out graph.
 */
export function FlowGraph(props: FlowGraphProps) {
  return (
    <ReactFlowProvider>
      <FlowGraphCanvas {...props} />
    </ReactFlowProvider>
  );
}

function FlowGraphCanvas(props: FlowGraphProps) {
  const { definition, statuses, issues, changes, selectedId, loadSubflow } = props;
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [subflows, setSubflows] = useState<ReadonlyMap<string, GraphDefinition | string>>(new Map());
  const elements = useMemo(() => buildElements(definition, { expanded, subflows }), [definition, expanded, subflows]);
  const [boxes, setBoxes] = useState<{ boxes: Map<string, Box>; by: 'quick' | 'elk' }>();
  const [layoutError, setLayoutError] = useState<string>();
  const flow = useReactFlow();

  useEffect(() => {
    let current = true;
    // A large graph is first drawn with a quick layout, then with ELK's when it is ready; later edits keep the
    // graph on screen until ELK has placed the new one.
    if (elements.nodes.length > QUICK_FIRST && !elements.nodes.some((n) => n.children)) {
      setBoxes((shown) => shown ?? { boxes: quickLayout(elements.nodes, elements.edges), by: 'quick' });
    }
    performance.mark('weft:layout-start');
    layoutGraph(elements.nodes, elements.edges).then(
      (laid) => {
        // Marks for the bench (bench/console-load.ts): how long ELK took of the page's load.
        performance.measure('weft:layout', 'weft:layout-start');
        if (!current) return;
        setBoxes({ boxes: laid, by: 'elk' });
        setLayoutError(undefined);
      },
      (err: unknown) => current && setLayoutError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      current = false;
    };
  }, [elements]);

  const toggle = useCallback(
    (node: GraphNode) => {
      const opening = !expanded.has(node.id);
      setExpanded((set) => {
        const next = new Set(set);
        if (opening) next.add(node.id);
        else next.delete(node.id);
        return next;
      });
      const def = node.definition;
      if (opening && def.type === 'subflow' && !subflows.has(node.id) && loadSubflow) {
        loadSubflow(def.flow, def.version).then(
          (graph) => setSubflows((map) => new Map(map).set(node.id, graph)),
          (err: unknown) =>
            setSubflows((map) =>
              new Map(map).set(node.id, `cannot read flow ${def.flow}: ${err instanceof Error ? err.message : err}`),
            ),
        );
      }
    },
    [expanded, subflows, loadSubflow],
  );

  const all = useMemo(() => flatten(elements.nodes, elements.edges), [elements]);
  const placed = useMemo(() => placeIssues([...all.nodes, ...all.edges], issues ?? []), [all, issues]);
  const { onUnplacedIssues } = props;
  useEffect(() => onUnplacedIssues?.(placed.unplaced), [placed, onUnplacedIssues]);

  const laid = boxes?.boxes;
  const nodes = useMemo((): FlowNodeType[] => {
    if (!laid) return [];
    return all.nodes.flatMap(({ node, parent }) => {
      const box = laid.get(node.id);
      if (!box) return [];
      const group = Boolean(node.children);
      return [
        {
          id: node.id,
          type: group ? 'weftGroup' : 'weft',
          position: { x: box.x, y: box.y },
          ...(parent && { parentId: parent }),
          width: box.width,
          height: box.height,
          style: group ? { width: box.width, height: box.height } : undefined,
          zIndex: group ? 0 : 1,
          selectable: true,
          draggable: false,
          data: {
            definition: node.definition,
            status: statuses?.[node.id],
            issues: placed.byElement.get(node.id),
            change: changes?.[node.id],
            expandable: node.expandable,
            expanded: node.expanded,
            selected: selectedId === node.id,
            note: node.children?.note,
            onToggle: () => toggle(node),
          },
        },
      ];
    });
  }, [laid, all, statuses, placed, changes, selectedId, toggle]);

  const edges = useMemo(
    (): Edge[] =>
      laid
        ? all.edges.map((edge) => {
            const edgeIssues = placed.byElement.get(edge.id);
            const on = edge.definition.on ?? 'success';
            const label = [edge.label, ...(edgeIssues ?? []).map((i) => `⚠ ${i.message}`)].filter(Boolean).join('\n');
            return {
              id: edge.id,
              source: edge.source,
              target: edge.target,
              type: 'smoothstep',
              label: label || undefined,
              className: [
                `edge-on-${on}`,
                edge.definition.when && 'edge-conditional',
                edgeIssues && 'has-issues',
                selectedId === edge.id && 'is-selected',
              ]
                .filter(Boolean)
                .join(' '),
              markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
              zIndex: 2,
              data: { path: edge.path },
            };
          })
        : [],
    [laid, all, placed, selectedId],
  );

  // Fit the whole graph in view after each layout.
  useEffect(() => {
    if (!laid) return;
    const frame = requestAnimationFrame(() => void flow.fitView({ padding: 0.08, duration: 0, maxZoom: 1 }));
    return () => cancelAnimationFrame(frame);
  }, [laid, flow]);

  const { onNodeClick, onEdgeClick, onPaneClick, onConnect } = props;
  return (
    <div
      className="flow-graph"
      data-laid-out={laid ? 'true' : 'false'}
      data-layout={boxes?.by}
      data-node-count={nodes.length}
    >
      {layoutError && <div className="flow-graph-error">Layout failed: {layoutError}</div>}
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        minZoom={0.05}
        maxZoom={2}
        nodesDraggable={false}
        nodesConnectable={Boolean(onConnect)}
        elementsSelectable
        onlyRenderVisibleElements={nodes.length > 300}
        proOptions={{ hideAttribution: true }}
        onNodeClick={(_, node) => onNodeClick?.(node.id, (node.data as FlowNodeType['data']).definition)}
        onEdgeClick={(_, edge) => onEdgeClick?.(edge.id, (edge.data as { path: string }).path)}
        onPaneClick={() => onPaneClick?.()}
        onConnect={(connection: Connection) => onConnect?.(connection.source, connection.target)}
      >
        <Background gap={24} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}

/** Every node (parents before their children, as React Flow wants them) and every edge, through open bodies. */
function flatten(
  nodes: GraphNode[],
  edges: GraphEdge[],
  parent?: string,
): { nodes: { node: GraphNode; parent?: string; id: string; path: string }[]; edges: GraphEdge[] } {
  const out = { nodes: [] as { node: GraphNode; parent?: string; id: string; path: string }[], edges: [...edges] };
  for (const node of nodes) {
    out.nodes.push({ node, parent, id: node.id, path: node.path });
    if (node.children) {
      const inner = flatten(node.children.nodes, node.children.edges, node.id);
      out.nodes.push(...inner.nodes);
      out.edges.push(...inner.edges);
    }
  }
  return out;
}
