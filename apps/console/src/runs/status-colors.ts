import type { NodeStatus, RunStatus } from './run-types';

/** One colour per status, as the graph's nodes show them (styles.css), for the badges and lists. */
export const STATUS_COLORS: Record<NodeStatus | RunStatus, string> = {
  PENDING: '#b0b7c6',
  RUNNING: '#1e88e5',
  RETRYING: '#fb8c00',
  WAITING: '#8e24aa',
  PAUSED: '#f9a825',
  SUCCEEDED: '#2e7d32',
  FAILED: '#c62828',
  SKIPPED: '#9aa3b5',
  CANCELLED: '#616161',
  TERMINATED: '#616161',
  TIMED_OUT: '#c0392b',
};

export function statusColor(status: string): string {
  return STATUS_COLORS[status as NodeStatus] ?? '#9aa5b1';
}
