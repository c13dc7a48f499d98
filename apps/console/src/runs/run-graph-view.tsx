import type { GraphDefinition } from '../api/types';
import { FlowGraph, type NodeStatus } from '../graph';
import { formatDuration } from './durations';
import type { RunView } from './run-types';

/** The run's graph with each node coloured by its live status, and its attempts and duration as a badge. */
export function RunGraphView({
  graph,
  run,
  selected,
  onNodeClick,
  items,
}: {
  graph: GraphDefinition;
  run: RunView;
  selected?: string;
  onNodeClick: (nodeId: string) => void;
  /** A foreach run: the graph is its body, drawn without statuses. */
  items?: boolean;
}) {
  const statuses: Record<string, NodeStatus> = {};
  for (const node of Object.values(run.nodes)) {
    const attempts = run.activities?.[node.id]?.attempt ?? node.attempt;
    const badge = [
      attempts > 1 && `×${attempts}`,
      node.items && `${node.items.succeeded}/${node.items.total}`,
      node.iterations !== undefined && `${node.iterations} it.`,
      node.durationMs !== undefined && formatDuration(node.durationMs),
    ]
      .filter(Boolean)
      .join(' · ');
    statuses[node.id] = { status: node.status, ...(badge && { badge }) };
  }
  return (
    <FlowGraph
      definition={graph}
      statuses={items ? undefined : statuses}
      selectedId={selected}
      onNodeClick={(id) => {
        if (run.nodes[id]) onNodeClick(id);
      }}
    />
  );
}
