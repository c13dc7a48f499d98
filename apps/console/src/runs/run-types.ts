/** What the API answers about runs (GET /runs, GET /runs/:id), as the console reads it. */

import type { RunState, RunStatus } from '../../../../libs/interpreter/src/run-state';

// The run tree is the interpreter's own state query answer, so its types are the interpreter's (types only: nothing of
// the workflow code enters the bundle).
export type {
  NodeError,
  NodeState,
  NodeStatus,
  OperationRecord,
  RunStatus,
} from '../../../../libs/interpreter/src/run-state';

export const RUN_STATUSES: RunStatus[] = [
  'RUNNING',
  'PAUSED',
  'SUCCEEDED',
  'FAILED',
  'CANCELLED',
  'TERMINATED',
  'TIMED_OUT',
];

export interface LiveActivity {
  attempt: number;
  state: string;
  lastFailure?: string;
  nextAttemptAt?: string;
  lastHeartbeatAt?: string;
}

/** GET /runs/:id: the interpreter's state tree, with what the API adds from Temporal. */
export interface RunView extends RunState {
  runId: string;
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
