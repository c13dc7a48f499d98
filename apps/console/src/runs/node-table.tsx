import { formatDuration } from './durations';
import type { RunView } from './run-types';
import { StatusBadge } from './status-badge';

/** Every node of the run in one table: status, attempts, duration; a row opens the node. */
export function NodeTable({
  run,
  selected,
  onSelect,
}: {
  run: RunView;
  selected?: string;
  onSelect: (nodeId: string) => void;
}) {
  return (
    <table className="node-table">
      <thead>
        <tr>
          <th>node</th>
          <th>type</th>
          <th>status</th>
          <th>attempts</th>
          <th>duration</th>
        </tr>
      </thead>
      <tbody>
        {Object.values(run.nodes).map((node) => (
          <tr
            key={node.id}
            data-node-row={node.id}
            className={node.id === selected ? 'selected' : undefined}
            onClick={() => onSelect(node.id)}
          >
            <td>{node.name && node.name !== node.id ? `${node.name} (${node.id})` : node.id}</td>
            <td>{node.type}</td>
            <td>
              <StatusBadge status={node.status} />
            </td>
            <td>{run.activities?.[node.id]?.attempt ?? node.attempt}</td>
            <td>{formatDuration(node.durationMs)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
