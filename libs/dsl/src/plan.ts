/** The compiled, self-contained form of one flow version that travels in the workflow input. */

export interface RetryPlan {
  maximumAttempts: number;
  initialIntervalMs: number;
  backoffCoefficient: number;
  maximumIntervalMs: number;
  nonRetryableErrorTypes: string[];
}

export interface TaskPlanNode {
  kind: 'task';
  id: string;
  name: string;
  component: string;
  inputs: Record<string, unknown>;
  retry: RetryPlan;
  timeoutMs: number;
  heartbeatMs?: number;
  taskQueue?: string;
  local: boolean;
  predecessors: string[];
  successors: string[];
}

export type PlanNode = TaskPlanNode;

export interface ExecutionPlan {
  flowId: string;
  version: number;
  /** Nodes in a topological order. */
  nodes: PlanNode[];
}
