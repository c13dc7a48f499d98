import type { ExecutionPlan } from './plan';

/**
 * Plain types of a flow definition as users write it (JSON). The workflow consumes only plain types;
 * the API's class-validator DTOs (apps/api/src/flows/dto) mirror them, and FLOW_JSON_SCHEMA states them for editors.
 */

/** A duration: milliseconds as a number, or a string such as `"500ms"`, `"30s"`, `"5m"`, `"2h"`, `"1d"`. */
export type DurationInput = number | string;

export interface RetryPolicyDefinition {
  /** @default 3 */
  maximumAttempts?: number;
  /** @default "1s" */
  initialInterval?: DurationInput;
  /** @default 2 */
  backoffCoefficient?: number;
  /** @default 100 × initialInterval */
  maximumInterval?: DurationInput;
  /** Error types that are never retried. */
  nonRetryable?: string[];
}

export interface FlowDefaults {
  retry?: RetryPolicyDefinition;
  /** Per-attempt timeout of task nodes. @default "10m" */
  timeout?: DurationInput;
  taskQueue?: string;
  /** Temporal task-queue priority of task nodes: 1 (first) to 5 (last). */
  priority?: number;
}

/** What a task does when it fails after its retries: fail the run, go on along failure edges, or wait for an operator. */
export type OnError = 'fail' | 'continue' | 'pause';

interface NodeBase {
  id: string;
  name?: string;
  description?: string;
  /** Pause before the node starts (in a loop or foreach body: every time it is reached), until an operator resumes or skips it. */
  breakpoint?: boolean;
}

export interface TaskNodeDefinition extends NodeBase {
  type: 'task';
  component: string;
  /** Templated: strings may hold `${expression}`. */
  inputs?: Record<string, unknown>;
  /** Variables to set from the result: `{ varName: "${output.field}" }`. */
  outputs?: Record<string, unknown>;
  retry?: RetryPolicyDefinition;
  /** Per-attempt (start-to-close) timeout. */
  timeout?: DurationInput;
  heartbeat?: DurationInput;
  taskQueue?: string;
  local?: boolean;
  /** Temporal task-queue priority: 1 (first) to 5 (last). @default 3 */
  priority?: number;
  /** @default 'fail' */
  onError?: OnError;
}

/** A gateway: its outgoing edges' `when` conditions are the cases; an edge without `when` is the default. */
export interface SwitchNodeDefinition extends NodeBase {
  type: 'switch';
  /** `first`: only the first matching case is taken; `all`: every matching case. @default 'first' */
  mode?: 'first' | 'all';
}

export interface SetNodeDefinition extends NodeBase {
  type: 'set';
  /** Variables to assign, each value templated. */
  assign: Record<string, unknown>;
}

export interface WaitNodeDefinition extends NodeBase {
  type: 'wait';
  /** How long to wait (may be a template). */
  duration?: DurationInput;
  /** An ISO-8601 instant to wait until (may be a template). */
  until?: string;
}

export interface EndNodeDefinition extends NodeBase {
  type: 'end';
  /** The run's output (templated); the flow's `output` mapping when omitted. */
  output?: unknown;
}

export interface FailNodeDefinition extends NodeBase {
  type: 'fail';
  /** Templated error message. */
  message: string;
  /** Error type. @default 'FlowFailed' */
  errorType?: string;
}

/** A human decision: waits for an `approve` or `reject` update whose payload its schema accepts. */
export interface ApprovalNodeDefinition extends NodeBase {
  type: 'approval';
  /** JSON Schema of the payload approvers send. */
  schema?: Record<string, unknown>;
  /** How long to wait for a decision. */
  timeout?: DurationInput;
  /** What a timeout means. @default 'fail' */
  onTimeout?: 'approve' | 'reject' | 'fail';
}

/** Runs another flow (a pinned version of it) as a child workflow. */
export interface SubflowNodeDefinition extends NodeBase {
  type: 'subflow';
  flow: string;
  /** @default the latest version when this flow is published */
  version?: number;
  /** Inputs of the child run (templated). */
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  onError?: OnError;
}

/** Repeats its body (an inline graph) while `while` holds, at most `maxIterations` times (do-while). */
export interface LoopNodeDefinition extends NodeBase {
  type: 'loop';
  body: GraphDefinition;
  /** Checked after each iteration; the loop stops when it is false. Without it the body runs maxIterations times. */
  while?: string;
  maxIterations: number;
  /** Variables set from the loop result: `output.iterations`, `output.last` (the last body output). */
  outputs?: Record<string, unknown>;
}

/** Runs its body (an inline graph; a subflow node in it for a subflow) once per item, `concurrency` at a time. */
export interface ForeachNodeDefinition extends NodeBase {
  type: 'foreach';
  /** An expression giving the list, e.g. `${inputs.orders}`. */
  items: string;
  body: GraphDefinition;
  /** Items in flight at once. @default 10 */
  concurrency?: number;
  /** `fail`: the first failed item fails the node; `continue`: failed items are reported and the rest go on. @default 'fail' */
  onItemError?: 'fail' | 'continue';
  /** Variables set from the result: `output.outputs`, `output.succeeded`, `output.failed`, `output.errors`. */
  outputs?: Record<string, unknown>;
}

export interface GraphDefinition {
  nodes: NodeDefinition[];
  edges?: EdgeDefinition[];
}

export type NodeDefinition =
  | ForeachNodeDefinition
  | LoopNodeDefinition
  | TaskNodeDefinition
  | ApprovalNodeDefinition
  | SubflowNodeDefinition
  | SwitchNodeDefinition
  | SetNodeDefinition
  | WaitNodeDefinition
  | EndNodeDefinition
  | FailNodeDefinition;

export type NodeType = NodeDefinition['type'];

/** `success`: taken when the source succeeded; `failure`: when it failed (onError continue); `always`: either. */
export type EdgeOn = 'success' | 'failure' | 'always';

export interface EdgeDefinition {
  from: string;
  to: string;
  /** A condition (JSONata, bare or as `${...}`); the edge is taken only when it holds. */
  when?: string;
  /** @default 'success' */
  on?: EdgeOn;
}

export interface FlowDefinition {
  id: string;
  name?: string;
  description?: string;
  /** JSON Schema of the run inputs. */
  inputs?: Record<string, unknown>;
  /** Initial values of the run's variables. */
  variables?: Record<string, unknown>;
  defaults?: FlowDefaults;
  /** Longest a run may take; it ends TIMED_OUT after that. */
  timeout?: DurationInput;
  /** The run's output (templated); the outputs of all nodes by id when omitted. */
  output?: unknown;
  nodes: NodeDefinition[];
  edges?: EdgeDefinition[];
}

/** Finds a published flow version for a subflow node; undefined when there is none. */
export type FlowResolver = (flowId: string, version?: number) => { version: number; plan: ExecutionPlan } | undefined;

/** What the static checks need to know of a component. */
export interface ComponentDescriptor {
  name: string;
  description?: string;
  inputSchema: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
}

export type ComponentCatalog = ReadonlyMap<string, ComponentDescriptor>;
