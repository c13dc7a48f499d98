import { BUILT_IN_DEFAULTS, MAXIMUM_INTERVAL_FACTOR } from './defaults';
import { isDuration, toMilliseconds } from './duration';
import { formatCount } from './expressions/evaluate';
import { hasTemplate } from './expressions/template';
import { jsonBytes, LIMITS } from './limits';
import type { ExecutionPlan, PlanEdge, PlanNode, RetryPlan } from './plan';
import type { FlowDefinition, FlowResolver, NodeDefinition, RetryPolicyDefinition, TaskNodeDefinition } from './types';
import type { ValidationIssue } from './validation-issue';

/**
 * The task queue a component is served on, when a worker registered it on a queue of its own (undefined: the run's
 * own queue, where every Weft worker serves the built-in components).
 */
export type ComponentQueues = (component: string) => string | undefined;

/**
 * Compiles a checked definition into the plan the interpreter executes: defaults applied,
 * durations in ms, nodes in topological order with their edges.
 * Call `checkFlow` first: a cyclic graph is not compiled.
 * A task goes to the node's own `taskQueue`, else its component's queue (`componentQueues`), else the flow's default.
 */
export function compilePlan(
  flow: FlowDefinition,
  version: number,
  resolveFlow?: FlowResolver,
  componentQueues?: ComponentQueues,
): ExecutionPlan {
  const edges: PlanEdge[] = (flow.edges ?? []).map((edge, i) => ({
    from: edge.from,
    to: edge.to,
    on: edge.on ?? 'success',
    ...(edge.when !== undefined && { when: edge.when }),
    path: `$.edges[${i}]`,
  }));
  const incoming = new Map<string, number[]>(flow.nodes.map((n) => [n.id, []]));
  const outgoing = new Map<string, number[]>(flow.nodes.map((n) => [n.id, []]));
  edges.forEach((edge, i) => {
    incoming.get(edge.to)!.push(i);
    outgoing.get(edge.from)!.push(i);
  });
  const indexOf = new Map(flow.nodes.map((n, i) => [n.id, i]));
  const order = topologicalOrder(
    flow.nodes.map((n) => n.id),
    edges,
  );
  const nodes = order.map((id) => {
    const index = indexOf.get(id)!;
    const base = { id, path: `$.nodes[${index}]`, incoming: incoming.get(id)!, outgoing: outgoing.get(id)! };
    return compileNode(flow.nodes[index], base, flow, resolveFlow, componentQueues);
  });
  return {
    flowId: flow.id,
    version,
    nodes,
    edges,
    variables: flow.variables ?? {},
    ...(flow.output !== undefined && { output: flow.output }),
  };
}

/**
 * The plan travels in the workflow input (next to the run inputs), and Temporal refuses payloads over 2 MB: a plan
 * over `LIMITS.maxPlanBytes` is refused when its version is published rather than failing every run it starts.
 */
export function checkPlanSize(plan: ExecutionPlan): ValidationIssue[] {
  const bytes = jsonBytes(plan);
  if (bytes <= LIMITS.maxPlanBytes) return [];
  return [
    {
      path: '$',
      message: `compiled plan is ${formatCount(bytes)} bytes; the limit is ${formatCount(LIMITS.maxPlanBytes)}`,
    },
  ];
}

type Base = { id: string; path: string; incoming: number[]; outgoing: number[] };

function compileNode(
  node: NodeDefinition,
  base: Base,
  flow: FlowDefinition,
  resolveFlow?: FlowResolver,
  componentQueues?: ComponentQueues,
): PlanNode {
  const common = { ...base, name: node.name ?? node.id, ...(node.breakpoint && { breakpoint: true as const }) };
  switch (node.type) {
    case 'task':
      return compileTask(node, common, flow, componentQueues);
    case 'switch':
      return { ...common, kind: 'switch', mode: node.mode ?? 'first' };
    case 'set':
      return { ...common, kind: 'set', assign: node.assign };
    case 'wait':
      return {
        ...common,
        kind: 'wait',
        ...(node.duration !== undefined && {
          duration: isDuration(node.duration) ? toMilliseconds(node.duration) : node.duration,
        }),
        ...(node.until !== undefined && { until: node.until }),
      };
    case 'end':
      return { ...common, kind: 'end', ...(node.output !== undefined && { output: node.output }) };
    case 'fail':
      return { ...common, kind: 'fail', message: node.message, errorType: node.errorType ?? 'FlowFailed' };
    case 'approval':
      return {
        ...common,
        kind: 'approval',
        ...(node.schema !== undefined && { schema: node.schema }),
        ...(node.timeout !== undefined && { timeoutMs: toMilliseconds(node.timeout) }),
        onTimeout: node.onTimeout ?? 'fail',
      };
    case 'foreach':
      return {
        ...common,
        kind: 'foreach',
        items: node.items,
        body: compilePlan(
          { id: `${flow.id}.${node.id}`, defaults: flow.defaults, ...node.body },
          0,
          resolveFlow,
          componentQueues,
        ),
        concurrency: node.concurrency ?? 10,
        onItemError: node.onItemError ?? 'fail',
        ...(node.outputs !== undefined && { outputs: node.outputs }),
      };
    case 'loop':
      return {
        ...common,
        kind: 'loop',
        body: compilePlan(
          { id: `${flow.id}.${node.id}`, defaults: flow.defaults, ...node.body },
          0,
          resolveFlow,
          componentQueues,
        ),
        ...(node.while !== undefined && { while: node.while }),
        maxIterations: node.maxIterations,
        ...(node.outputs !== undefined && { outputs: node.outputs }),
      };
    case 'subflow': {
      const child = resolveFlow?.(node.flow, node.version);
      if (!child) throw new Error(`subflow "${node.flow}" cannot be resolved; run checkFlow first`);
      return {
        ...common,
        kind: 'subflow',
        plan: child.plan,
        inputs: node.inputs ?? {},
        ...(node.outputs !== undefined && { outputs: node.outputs }),
        onError: node.onError ?? 'fail',
      };
    }
  }
}

function compileTask(
  node: TaskNodeDefinition,
  common: Base & { name: string },
  flow: FlowDefinition,
  componentQueues?: ComponentQueues,
): PlanNode {
  const defaults = flow.defaults ?? {};
  const taskQueue = node.taskQueue ?? componentQueues?.(node.component) ?? defaults.taskQueue;
  const priority = node.priority ?? defaults.priority;
  const inputs = node.inputs ?? {};
  return {
    ...common,
    kind: 'task',
    component: node.component,
    inputs,
    templated: hasTemplate(inputs),
    ...(node.outputs !== undefined && { outputs: node.outputs }),
    retry: compileRetry({ ...BUILT_IN_DEFAULTS.retry, ...defaults.retry, ...node.retry }),
    timeoutMs: toMilliseconds(node.timeout ?? defaults.timeout ?? BUILT_IN_DEFAULTS.timeout),
    ...(node.heartbeat !== undefined && { heartbeatMs: toMilliseconds(node.heartbeat) }),
    ...(taskQueue !== undefined && { taskQueue }),
    local: node.local ?? false,
    ...(priority !== undefined && { priority }),
    onError: node.onError ?? 'fail',
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
function topologicalOrder(ids: string[], edges: PlanEdge[]): string[] {
  const remaining = new Map(ids.map((id) => [id, 0]));
  const successors = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const edge of edges) {
    remaining.set(edge.to, remaining.get(edge.to)! + 1);
    successors.get(edge.from)!.push(edge.to);
  }
  const order: string[] = [];
  let ready = ids.filter((id) => remaining.get(id) === 0);
  while (ready.length) {
    order.push(...ready);
    const next: string[] = [];
    for (const id of ready) {
      for (const succ of successors.get(id)!) {
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
