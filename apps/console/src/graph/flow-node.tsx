import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import type { NodeDefinition, ValidationIssue } from '../api/types';
import { NODE_KINDS, nodeSummary } from './node-kinds';

/** What a live view tells about a node: its status (`RUNNING`, `SUCCEEDED`…) and a short badge (`2/5 · 1.2s`). */
export interface NodeStatus {
  status: string;
  badge?: string;
}

export interface FlowNodeData extends Record<string, unknown> {
  definition: NodeDefinition;
  status?: NodeStatus;
  issues?: ValidationIssue[];
  /** Marks from a version diff. */
  change?: 'added' | 'removed' | 'changed';
  expandable: boolean;
  expanded: boolean;
  selected: boolean;
  /** Why an expanded subflow shows no body (loading, not found). */
  note?: string;
  onToggle?: () => void;
}

export type FlowNodeType = Node<FlowNodeData, 'weft' | 'weftGroup'>;

function classes(data: FlowNodeData, group: boolean): string {
  return [
    'weft-node',
    `kind-${data.definition.type}`,
    group && 'weft-group',
    data.status && `status-${data.status.status}`,
    data.issues?.length && 'has-issues',
    data.change && `change-${data.change}`,
    data.selected && 'is-selected',
  ]
    .filter(Boolean)
    .join(' ');
}

/** One node: kind glyph and colour, name, what it does, live status, validation messages, expand toggle. */
export function FlowNode({ data, type }: NodeProps<FlowNodeType>) {
  const group = type === 'weftGroup';
  const { definition } = data;
  const kind = NODE_KINDS[definition.type] ?? { glyph: '?', label: String(definition.type) };
  return (
    <div
      className={classes(data, group)}
      data-node-id={definition.id}
      data-kind={definition.type}
      data-status={data.status?.status}
      title={definition.description}
    >
      <Handle type="target" position={Position.Top} />
      <div className="weft-node-head">
        <span className="weft-node-glyph" aria-hidden>
          {kind.glyph}
        </span>
        <span className="weft-node-name">{definition.name ?? definition.id}</span>
        {data.expandable && (
          <button
            type="button"
            className="weft-node-toggle nodrag"
            aria-label={data.expanded ? `collapse ${definition.id}` : `expand ${definition.id}`}
            aria-expanded={data.expanded}
            onClick={(event) => {
              event.stopPropagation();
              data.onToggle?.();
            }}
          >
            {data.expanded ? '▾' : '▸'}
          </button>
        )}
      </div>
      <div className="weft-node-sub">
        <span className="weft-node-kind">{kind.label}</span>
        <span className="weft-node-summary">{nodeSummary(definition as never)}</span>
      </div>
      {data.status && (
        <div className="weft-node-status">
          <span className="status-dot" />
          {data.status.status}
          {data.status.badge && <span className="weft-node-badge">{data.status.badge}</span>}
        </div>
      )}
      {data.note && <div className="weft-node-note">{data.note}</div>}
      {data.issues?.map((issue) => (
        <div key={issue.path + issue.message} className="weft-node-issue" role="alert">
          {issue.message}
        </div>
      ))}
      <Handle type="source" position={Position.Bottom} />
    </div>
  );
}
