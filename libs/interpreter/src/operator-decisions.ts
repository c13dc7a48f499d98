import { compileSchema, schemaIssues, type PlanNode } from '@weft/dsl/runtime';
import type { Approval, OperatorDecision } from './node-runtime';
import { FINISHED_NODE_STATUSES, type NodeState } from './run-state';

/** Why operators' node operations are refused; undefined when they are accepted. Pure: no Temporal APIs. */

type Nodes = Record<string, NodeState>;
type Decisions = ReadonlyMap<string, OperatorDecision>;

/** The node of that id, never an inherited property (`__proto__`, `constructor`) of the table. */
function own(nodes: Nodes, nodeId: unknown): NodeState | undefined {
  return typeof nodeId === 'string' && Object.hasOwn(nodes, nodeId) ? nodes[nodeId] : undefined;
}

/** Only a node paused on its error can be retried. */
export function retryRefusal(nodes: Nodes, decisions: Decisions, nodeId: string): string | undefined {
  const node = own(nodes, nodeId);
  if (!node) return `unknown node "${String(nodeId)}"`;
  if (FINISHED_NODE_STATUSES.has(node.status)) return `node "${nodeId}" already ${node.status}`;
  if (node.pauseReason !== 'error' || decisions.has(nodeId))
    return `node "${nodeId}" is ${node.status}, not paused on an error`;
  return undefined;
}

/** Pending, paused and waiting nodes can be skipped; running and finished ones cannot. */
export function skipRefusal(nodes: Nodes, decisions: Decisions, nodeId: string): string | undefined {
  const node = own(nodes, nodeId);
  if (!node) return `unknown node "${String(nodeId)}"`;
  if (FINISHED_NODE_STATUSES.has(node.status)) return `node "${nodeId}" already ${node.status}`;
  if (decisions.has(nodeId)) return `node "${nodeId}" already has an operator decision waiting to be applied`;
  if (node.status === 'RUNNING')
    return `node "${nodeId}" is RUNNING; only pending, paused or waiting nodes can be skipped`;
  return undefined;
}

/** Only a node held at its breakpoint can be resumed. */
export function resumeRefusal(nodes: Nodes, decisions: Decisions, nodeId: string): string | undefined {
  const node = own(nodes, nodeId);
  if (!node) return `unknown node "${String(nodeId)}"`;
  if (node.pauseReason !== 'breakpoint' || decisions.has(nodeId))
    return `node "${nodeId}" is ${node.status}, not paused at a breakpoint`;
  return undefined;
}

/** Only a waiting approval node takes a decision, and its payload must satisfy the node's schema. */
export function approvalRefusal(
  planNode: PlanNode | undefined,
  node: NodeState | undefined,
  approvals: ReadonlyMap<string, Approval>,
  decisions: Decisions,
  nodeId: string,
  payload: unknown,
): string | undefined {
  if (!planNode || planNode.kind !== 'approval' || !node) return `"${nodeId}" is not an approval node`;
  if (node.status !== 'WAITING') return `approval "${nodeId}" is ${node.status}, not waiting for a decision`;
  if (approvals.has(nodeId) || decisions.has(nodeId))
    return `approval "${nodeId}" already has a decision being applied`;
  if (planNode.schema) {
    const issues = schemaIssues(compileSchema(planNode.schema), payload ?? {}, '$.payload');
    if (issues.length) return `invalid payload: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`;
  }
  return undefined;
}
