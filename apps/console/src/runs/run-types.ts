/** What the API answers about runs (GET /runs, GET /runs/:id), as the console reads it. */

export type RunStatus = 'RUNNING' | 'PAUSED' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED' | 'TERMINATED' | 'TIMED_OUT';

export type NodeStatus =
  'PENDING' | 'RUNNING' | 'RETRYING' | 'WAITING' | 'PAUSED' | 'SUCCEEDED' | 'FAILED' | 'SKIPPED' | 'CANCELLED';

export const RUN_STATUSES: RunStatus[] = [
  'RUNNING',
  'PAUSED',
  'SUCCEEDED',
  'FAILED',
  'CANCELLED',
  'TERMINATED',
  'TIMED_OUT',
];

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
  attempt: number;
  startedAt?: string;
  finishedAt?: string;
  durationMs?: number;
  inputs?: Record<string, unknown>;
  output?: unknown;
  error?: NodeError;
  pauseReason?: 'error' | 'breakpoint';
  skipRequested?: true;
  skipReason?: 'dead-path' | 'run-ended' | 'operator';
  childRunIds?: string[];
  iterations?: number;
  items?: { total: number; succeeded: number; failed: number };
  reusedFrom?: string;
}

export interface OperationRecord {
  at: string;
  op: string;
  by?: string;
  reason?: string;
  nodeId?: string;
  details?: Record<string, unknown>;
}

export interface LiveActivity {
  attempt: number;
  state: string;
  lastFailure?: string;
  nextAttemptAt?: string;
  lastHeartbeatAt?: string;
}

export interface RunView {
  runId: string;
  flowId: string;
  version: number;
  status: RunStatus;
  startedAt: string;
  finishedAt?: string;
  progress: [number, number];
  inputs: Record<string, unknown>;
  vars: Record<string, unknown>;
  output?: unknown;
  error?: NodeError;
  nodes: Record<string, NodeState>;
  iteration?: number;
  maxIterations?: number;
  items?: { total: number; done: number; failed: number; inFlight: number };
  paused?: { at: string; by?: string; reason?: string };
  breakpoints?: string[];
  operations?: OperationRecord[];
  activities?: Record<string, LiveActivity>;
  stale?: string;
  businessKey?: string;
  rerunOf?: string;
}

export interface RunSummary {
  runId: string;
  flowId: string;
  version: number;
  status: RunStatus;
  businessKey?: string;
  rerunOf?: string;
  startedAt?: string;
  finishedAt?: string;
  scheduleId?: string;
}

export interface RunsPage {
  runs: RunSummary[];
  nextPageToken?: string;
}

export interface RunFilter {
  flowId?: string;
  version?: string;
  status?: string;
  startedAfter?: string;
  startedBefore?: string;
}

export const OPEN_RUN_STATUSES: ReadonlySet<RunStatus> = new Set(['RUNNING', 'PAUSED']);

/** The result a foreach run ends with: one output per item, and the items that failed. */
export interface ForeachResult {
  outputs: unknown[];
  succeeded: number;
  failed: number;
  errors: { index: number; message: string; type: string }[];
}
