import type { ExecutionPlan, WirePlan } from '@weft/dsl/runtime';
import type { GivenOutputs } from './given-outputs';
import type { RunNotify } from './run-events';

export type RunStatus = 'RUNNING' | 'PAUSED' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED' | 'TERMINATED' | 'TIMED_OUT';

export type NodeStatus =
  'PENDING' | 'RUNNING' | 'RETRYING' | 'WAITING' | 'PAUSED' | 'SUCCEEDED' | 'FAILED' | 'SKIPPED' | 'CANCELLED';

/** A failure flattened for people: the outermost message first, causes after. */
export interface NodeError {
  message: string;
  type: string;
  nonRetryable?: boolean;
  cause?: NodeError;
}

export interface NodeState {
  id: string;
  name: string;
  type: string;
  component?: string;
  status: NodeStatus;
  /** Attempts made so far; 0 before the first. */
  attempt: number;
  startedAt?: string;
  finishedAt?: string;
  durationMs?: number;
  inputs?: Record<string, unknown>;
  output?: unknown;
  error?: NodeError;
  /** Why a PAUSED node waits: it failed (onError "pause") or it is at a breakpoint. */
  pauseReason?: 'error' | 'breakpoint';
  /** An operator asked to skip this PENDING node: it will be SKIPPED when reached. */
  skipRequested?: true;
  /** Why a SKIPPED node did not run: its incoming paths were not taken, the run ended early, or an operator skipped it. */
  skipReason?: 'dead-path' | 'run-ended' | 'operator';
  /** Workflow ids of the child runs of a subflow node, one per attempt. */
  childRunIds?: string[];
  /** Iterations a loop node has run. */
  iterations?: number;
  /** Items of a foreach node: how many, and how they ended. */
  items?: { total: number; succeeded: number; failed: number };
  /** In a rerun: the run whose output for this node was taken as given; the node did not run again. */
  reusedFrom?: string;
}

export interface PauseInfo {
  at: string;
  by?: string;
  reason?: string;
}

/** One accepted operator operation, for the audit trail. */
export interface OperationRecord {
  at: string;
  /** pause, resume, skipNode, retryNode, resumeNode, setBreakpoint, setVariables, approve, reject, cancel */
  op: string;
  by?: string;
  reason?: string;
  nodeId?: string;
  /** What the operation carried: new inputs, the skip output, the variables, the approval payload… */
  details?: Record<string, unknown>;
}

/** What a workflow's operator state is; loop and foreach runs carry it across continue-as-new. */
export interface ControlSnapshot {
  paused?: PauseInfo;
  /** Ids of the nodes that pause before they start. */
  breakpoints: string[];
  /** The accepted operations, oldest first. */
  operations: OperationRecord[];
}

/** The whole run as one JSON tree: what the `state` query returns. */
export interface RunState {
  flowId: string;
  version: number;
  status: RunStatus;
  startedAt: string;
  finishedAt?: string;
  /** [finished nodes, all nodes] */
  progress: [number, number];
  inputs: Record<string, unknown>;
  vars: Record<string, unknown>;
  output?: unknown;
  error?: NodeError;
  nodes: Record<string, NodeState>;
  /** In a loop run: the iteration under way (from 0) and the most there may be; nodes are that iteration's. */
  iteration?: number;
  maxIterations?: number;
  /** In a foreach run: progress over the items. */
  items?: { total: number; done: number; failed: number; inFlight: number };
  /** Set while the run is paused. */
  paused?: PauseInfo;
  breakpoints?: string[];
  operations?: OperationRecord[];
}

export interface FlowRunInput {
  /** As the API sends it, in its wire form (`toWirePlan`); a full plan is read too. */
  plan: ExecutionPlan | WirePlan;
  inputs: Record<string, unknown>;
  /** Breakpoints set when the run starts, on top of the definition's. */
  breakpoints?: string[];
  /** Set when webhook subscriptions want this run's events (see run-events.ts). */
  notify?: RunNotify;
  /** A rerun from a node: outputs of the source run's nodes, taken without running them again. */
  given?: GivenOutputs;
}

export interface LoopRunInput {
  body: ExecutionPlan;
  while?: string;
  maxIterations: number;
  /** JSON path of the loop node, for error messages. */
  path: string;
  inputs: Record<string, unknown>;
  vars: Record<string, unknown>;
  /** The iteration to run next: 0 at first, more after a continue-as-new. */
  iteration: number;
  last?: unknown;
  control?: ControlSnapshot;
}

export interface LoopRunResult {
  iterations: number;
  vars: Record<string, unknown>;
  last: unknown;
}

export interface ForeachRunInput {
  body: ExecutionPlan;
  items: unknown[];
  concurrency: number;
  onItemError: 'fail' | 'continue';
  /** JSON path of the foreach node, for error messages. */
  path: string;
  inputs: Record<string, unknown>;
  vars: Record<string, unknown>;
  /** Index of the next item to start: 0 at first, more after a continue-as-new. */
  next: number;
  outputs: unknown[];
  errors: ForeachItemError[];
  /** JSON bytes of the outputs collected so far (bounded by LIMITS.maxForeachOutputBytes). */
  outputBytes?: number;
  control?: ControlSnapshot;
}

export interface ForeachItemError {
  index: number;
  message: string;
  type: string;
}

export interface ForeachRunResult {
  outputs: unknown[];
  succeeded: number;
  failed: number;
  errors: ForeachItemError[];
}

export const FINISHED_NODE_STATUSES: ReadonlySet<NodeStatus> = new Set(['SUCCEEDED', 'FAILED', 'SKIPPED', 'CANCELLED']);

export function initialRunState(plan: ExecutionPlan, inputs: Record<string, unknown>, now: number): RunState {
  const nodes: Record<string, NodeState> = {};
  for (const node of plan.nodes) {
    nodes[node.id] = {
      id: node.id,
      name: node.name,
      type: node.kind,
      ...(node.kind === 'task' && { component: node.component }),
      status: 'PENDING',
      attempt: 0,
    };
  }
  return {
    flowId: plan.flowId,
    version: plan.version,
    status: 'RUNNING',
    startedAt: new Date(now).toISOString(),
    progress: [0, plan.nodes.length],
    inputs,
    vars: { ...plan.variables },
    nodes,
  };
}

/** The breakpoints a plan's definition sets. */
export function definedBreakpoints(plan: ExecutionPlan): string[] {
  return plan.nodes.filter((n) => n.breakpoint).map((n) => n.id);
}
