import type { WorkflowExecutionStatusName } from '@temporalio/client';
import type { RunStatus } from '@weft/interpreter';

/** The status of a closed run follows from how its workflow execution closed: the workflow may not have said. */
const CLOSED: Partial<Record<WorkflowExecutionStatusName, RunStatus>> = {
  COMPLETED: 'SUCCEEDED',
  FAILED: 'FAILED',
  CANCELLED: 'CANCELLED',
  TERMINATED: 'TERMINATED',
  TIMED_OUT: 'TIMED_OUT',
};

/** Execution status names by their number in the API (`WorkflowExecutionStatus`), as visibility lists them. */
const NAMES: WorkflowExecutionStatusName[] = [
  'UNSPECIFIED',
  'RUNNING',
  'COMPLETED',
  'FAILED',
  'CANCELLED',
  'TERMINATED',
  'CONTINUED_AS_NEW',
  'TIMED_OUT',
  'PAUSED',
];

/** The Weft status of a closed execution; undefined while it is open (running, paused, or continued as new). */
export function closedRunStatus(name: WorkflowExecutionStatusName | string): RunStatus | undefined {
  return CLOSED[name as WorkflowExecutionStatusName];
}

export function executionStatusName(status: number | null | undefined): WorkflowExecutionStatusName {
  return NAMES[status ?? 0] ?? 'UNKNOWN';
}

/**
 * The Weft status of a run from its execution status and its FlowStatus search attribute: closed runs by how
 * they closed (a terminated or timed-out run's FlowStatus still says RUNNING or PAUSED), open ones by FlowStatus.
 */
export function listedRunStatus(
  execution: WorkflowExecutionStatusName | string,
  flowStatus: unknown,
): RunStatus | 'UNKNOWN' {
  const closed = closedRunStatus(execution);
  if (closed) return closed;
  if (execution === 'RUNNING' || execution === 'CONTINUED_AS_NEW' || execution === 'PAUSED')
    return flowStatus === 'PAUSED' || execution === 'PAUSED' ? 'PAUSED' : 'RUNNING';
  return 'UNKNOWN';
}

/** Visibility's names of the closed execution statuses, for `ExecutionStatus = '…'` in list queries. */
export const VISIBILITY_STATUS: Partial<Record<RunStatus, string>> = {
  SUCCEEDED: 'Completed',
  FAILED: 'Failed',
  CANCELLED: 'Canceled',
  TERMINATED: 'Terminated',
  TIMED_OUT: 'TimedOut',
};
