import type { ExecutionPlan, PlanNode } from '@weft/dsl/runtime';
import type { Outcome } from './edge-decisions';
import type { RetryNodeInput, SkipNodeInput } from './messages';
import type { RunControl } from './run-control';
import type { NodeState, NodeStatus, RunState } from './run-state';

export type { Outcome } from './edge-decisions';

export type Approval = { decision: 'approved' | 'rejected'; payload?: unknown; by?: string; comment?: string };
export type OperatorDecision = { kind: 'retry'; input: RetryNodeInput } | { kind: 'skip'; input: SkipNodeInput };
export type ChildKind = 'subflow' | 'loop' | 'foreach';

/** What a node kind's code may do to the execution that runs it (implemented by FlowExecution). */
export interface NodeRuntime {
  readonly plan: ExecutionPlan;
  readonly state: RunState;
  readonly control: RunControl;
  /** Operator decisions (retry, skip) waiting to be acted on, by node id. */
  readonly decisions: Map<string, OperatorDecision>;
  readonly approvals: Map<string, Approval>;
  /** Whether the run's nodes are being cancelled (the run failed, ended early or was cancelled). */
  readonly cancelling: boolean;
  /** Resolves templates against the run's scope (plus loop/foreach names and `extra`). */
  render(value: unknown, path: string, extra?: object): Promise<unknown>;
  /** Sets the variables a node's `outputs` mapping names, reading `output` from what the node produced. */
  mapOutputs(planNode: { outputs?: Record<string, unknown>; path: string }, output: unknown): Promise<void>;
  /** Sets variables; throws VariablesTooLarge (naming `path`) when they outgrow their budget. */
  assignVariables(values: Record<string, unknown>, path: string): void;
  finishNode(node: NodeState, status: NodeStatus): void;
  /** Takes a waiting operator skip of the node, if any. */
  takeSkip(nodeId: string): SkipNodeInput | undefined;
  /** An operator's skip: the node is SKIPPED with the output given, its outputs are mapped, and downstream goes on. */
  operatorSkip(planNode: PlanNode, node: NodeState, input: SkipNodeInput): Promise<Outcome>;
  /** Pauses a failed node until an operator retries or skips it. */
  awaitOperator(node: NodeState): Promise<OperatorDecision>;
  /** Runs a child workflow for the node and returns its result. */
  childRun<R>(
    node: NodeState,
    kind: ChildKind,
    input: unknown,
    summary: string,
    flow: { flowId: string; version: number },
  ): Promise<R>;
  /** An `end` node: the run ends with this output; nodes still running are cancelled. */
  endRun(output: unknown): void;
  /** The run output: the flow's `output` mapping, or every node's output by id. */
  runOutput(): Promise<unknown>;
}
