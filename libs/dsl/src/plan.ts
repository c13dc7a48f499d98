import type { EdgeOn, OnError } from './types';

/** The compiled, self-contained form of one flow version that travels in the workflow input. */

export interface RetryPlan {
  maximumAttempts: number;
  initialIntervalMs: number;
  backoffCoefficient: number;
  maximumIntervalMs: number;
  nonRetryableErrorTypes: string[];
}

interface PlanNodeBase {
  id: string;
  name: string;
  /** Where the node stands in the definition, for error messages: `$.nodes[3]`. */
  path: string;
  /** Indexes into `ExecutionPlan.edges`. */
  incoming: number[];
  outgoing: number[];
  /** Pause before starting (set in the definition). */
  breakpoint?: true;
}

export interface TaskPlanNode extends PlanNodeBase {
  kind: 'task';
  component: string;
  inputs: Record<string, unknown>;
  /** False when no input holds a template: the inputs are passed as they are. */
  templated: boolean;
  outputs?: Record<string, unknown>;
  retry: RetryPlan;
  timeoutMs: number;
  heartbeatMs?: number;
  taskQueue?: string;
  local: boolean;
  priority?: number;
  onError: OnError;
}

export interface SwitchPlanNode extends PlanNodeBase {
  kind: 'switch';
  mode: 'first' | 'all';
}

export interface SetPlanNode extends PlanNodeBase {
  kind: 'set';
  assign: Record<string, unknown>;
}

export interface WaitPlanNode extends PlanNodeBase {
  kind: 'wait';
  /** Milliseconds, or a template that gives a duration. */
  duration?: number | string;
  until?: string;
}

export interface EndPlanNode extends PlanNodeBase {
  kind: 'end';
  output?: unknown;
}

export interface FailPlanNode extends PlanNodeBase {
  kind: 'fail';
  message: string;
  errorType: string;
}

export interface ApprovalPlanNode extends PlanNodeBase {
  kind: 'approval';
  schema?: Record<string, unknown>;
  timeoutMs?: number;
  onTimeout: 'approve' | 'reject' | 'fail';
}

export interface SubflowPlanNode extends PlanNodeBase {
  kind: 'subflow';
  /** The child flow's plan, pinned when this flow was published. */
  plan: ExecutionPlan;
  inputs: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  onError: OnError;
}

export interface LoopPlanNode extends PlanNodeBase {
  kind: 'loop';
  body: ExecutionPlan;
  while?: string;
  maxIterations: number;
  outputs?: Record<string, unknown>;
}

export interface ForeachPlanNode extends PlanNodeBase {
  kind: 'foreach';
  items: string;
  body: ExecutionPlan;
  concurrency: number;
  onItemError: 'fail' | 'continue';
  outputs?: Record<string, unknown>;
}

export type PlanNode =
  | ForeachPlanNode
  | LoopPlanNode
  | TaskPlanNode
  | SwitchPlanNode
  | SetPlanNode
  | WaitPlanNode
  | EndPlanNode
  | FailPlanNode
  | ApprovalPlanNode
  | SubflowPlanNode;

export interface PlanEdge {
  from: string;
  to: string;
  on: EdgeOn;
  when?: string;
  path: string;
}

export interface ExecutionPlan {
  flowId: string;
  version: number;
  /** Nodes in a topological order. */
  nodes: PlanNode[];
  edges: PlanEdge[];
  variables: Record<string, unknown>;
  /** The run output template; absent: every node's output by id. */
  output?: unknown;
}
