/**
 * Plain types of a flow definition as users write it (JSON). The workflow consumes only plain types;
 * the class-validator DTOs in `dto/` mirror them for the API.
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
}

export interface TaskNodeDefinition {
  id: string;
  type: 'task';
  name?: string;
  description?: string;
  component: string;
  inputs?: Record<string, unknown>;
  retry?: RetryPolicyDefinition;
  /** Per-attempt (start-to-close) timeout. */
  timeout?: DurationInput;
  heartbeat?: DurationInput;
  taskQueue?: string;
  local?: boolean;
}

export type NodeDefinition = TaskNodeDefinition;

export interface EdgeDefinition {
  from: string;
  to: string;
}

export interface FlowDefinition {
  id: string;
  name?: string;
  description?: string;
  /** JSON Schema of the run inputs. */
  inputs?: Record<string, unknown>;
  defaults?: FlowDefaults;
  nodes: NodeDefinition[];
  edges?: EdgeDefinition[];
}

/** What the static checks need to know of a component. */
export interface ComponentDescriptor {
  name: string;
  description?: string;
  inputSchema: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
}

export type ComponentCatalog = ReadonlyMap<string, ComponentDescriptor>;
