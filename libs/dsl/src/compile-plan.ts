import { BUILT_IN_DEFAULTS, MAXIMUM_INTERVAL_FACTOR } from './defaults';
import { toMilliseconds } from './duration';
import type { ExecutionPlan, PlanNode, RetryPlan } from './plan';
import type { FlowDefinition, RetryPolicyDefinition, TaskNodeDefinition } from './types';

/**
 * Compiles a checked definition into the plan the interpreter executes: defaults applied,
 * durations in ms, nodes in topological order with their neighbours.
 * Call `checkFlow` first: a cyclic graph is not compiled.
 */
export function compilePlan(flow: FlowDefinition, version: number): ExecutionPlan {
  const predecessors = new Map<string, string[]>(flow.nodes.map((n) => [n.id, []]));
  const successors = new Map<string, string[]>(flow.nodes.map((n) => [n.id, []]));
  for (const edge of flow.edges ?? []) {
    predecessors.get(edge.to)!.push(edge.from);
    successors.get(edge.from)!.push(edge.to);
  }
  const byId = new Map(flow.nodes.map((n) => [n.id, n]));
  const nodes = topologicalOrder(flow.nodes.map((n) => n.id), predecessors, successors).map(
    (id): PlanNode => compileTask(byId.get(id)!, flow, predecessors.get(id)!, successors.get(id)!),
  );
  return { flowId: flow.id, version, nodes };
}

function compileTask(node: TaskNodeDefinition, flow: FlowDefinition, preds: string[], succs: string[]): PlanNode {
  const defaults = flow.defaults ?? {};
  const taskQueue = node.taskQueue ?? defaults.taskQueue;
  return {
    kind: 'task',
    id: node.id,
    name: node.name ?? node.id,
    component: node.component,
    inputs: node.inputs ?? {},
    retry: compileRetry({ ...BUILT_IN_DEFAULTS.retry, ...defaults.retry, ...node.retry }),
    timeoutMs: toMilliseconds(node.timeout ?? defaults.timeout ?? BUILT_IN_DEFAULTS.timeout),
    ...(node.heartbeat !== undefined && { heartbeatMs: toMilliseconds(node.heartbeat) }),
    ...(taskQueue !== undefined && { taskQueue }),
    local: node.local ?? false,
    predecessors: preds,
    successors: succs,
  };
}

function compileRetry(retry: RetryPolicyDefinition): RetryPlan {
  const initialIntervalMs = toMilliseconds(retry.initialInterval ?? BUILT_IN_DEFAULTS.retry.initialInterval);
  return {
    maximumAttempts: retry.maximumAttempts ?? BUILT_IN_DEFAULTS.retry.maximumAttempts,
    initialIntervalMs,
    backoffCoefficient: retry.backoffCoefficient ?? BUILT_IN_DEFAULTS.retry.backoffCoefficient,
    maximumIntervalMs:
      retry.maximumInterval !== undefined
        ? toMilliseconds(retry.maximumInterval)
        : initialIntervalMs * MAXIMUM_INTERVAL_FACTOR,
    nonRetryableErrorTypes: retry.nonRetryable ?? [],
  };
}

/** Kahn's algorithm, keeping the definition's order among nodes that are ready together. */
function topologicalOrder(ids: string[], preds: Map<string, string[]>, succs: Map<string, string[]>): string[] {
  const remaining = new Map(ids.map((id) => [id, preds.get(id)!.length]));
  const order: string[] = [];
  let ready = ids.filter((id) => remaining.get(id) === 0);
  while (ready.length) {
    order.push(...ready);
    const next: string[] = [];
    for (const id of ready) {
      for (const succ of succs.get(id)!) {
        const left = remaining.get(succ)! - 1;
        remaining.set(succ, left);
        if (left === 0) next.push(succ);
      }
    }
    ready = next;
  }
  if (order.length !== ids.length) throw new Error('cannot compile a cyclic flow; run checkFlow first');
  return order;
}
