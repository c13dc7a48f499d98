import type { WorkflowExecutionDescription } from '@temporalio/client';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import type { NodeState, RunState } from '@weft/interpreter';

type PendingActivity = NonNullable<WorkflowExecutionDescription['raw']['pendingActivities']>[number];

/** What Temporal knows of a node's activity while it runs: the workflow itself learns of attempts only when they end. */
export interface LiveActivity {
  attempt: number;
  state: 'SCHEDULED' | 'STARTED' | 'CANCEL_REQUESTED' | 'PAUSED' | 'PAUSE_REQUESTED' | 'UNKNOWN';
  lastFailure?: string;
  nextAttemptAt?: string;
  lastHeartbeatAt?: string;
}

const STATES: LiveActivity['state'][] = [
  'UNKNOWN',
  'SCHEDULED',
  'STARTED',
  'CANCEL_REQUESTED',
  'PAUSED',
  'PAUSE_REQUESTED',
];

/**
 * Overlays the server's pending activities on the running task nodes: the live attempt, and RETRYING once an
 * attempt has failed. Activities are matched to nodes by component; a component with several running nodes
 * is ambiguous and left as the workflow reports it.
 */
export function withLiveActivities(
  state: RunState,
  pending: PendingActivity[] | null | undefined,
): RunState & { activities?: Record<string, LiveActivity> } {
  if (!pending?.length) return state;
  const running = new Map<string, NodeState[]>();
  for (const node of Object.values(state.nodes)) {
    if (node.status === 'RUNNING' && node.component)
      running.set(node.component, [...(running.get(node.component) ?? []), node]);
  }
  const byType = new Map<string, PendingActivity[]>();
  for (const activity of pending) {
    const type = activity.activityType?.name ?? '';
    byType.set(type, [...(byType.get(type) ?? []), activity]);
  }
  const nodes = { ...state.nodes };
  const activities: Record<string, LiveActivity> = {};
  for (const [component, candidates] of running) {
    const matches = byType.get(component);
    if (candidates.length !== 1 || matches?.length !== 1) continue;
    const node = candidates[0];
    const live = toLive(matches[0]);
    activities[node.id] = live;
    // The workflow counts attempts of earlier operator retries too; the server counts this activity's.
    const attempt = Math.max(node.attempt, node.attempt - 1 + live.attempt);
    nodes[node.id] = { ...node, attempt, status: live.attempt > 1 ? 'RETRYING' : 'RUNNING' };
  }
  return Object.keys(activities).length ? { ...state, nodes, activities } : state;
}

function toLive(activity: PendingActivity): LiveActivity {
  const nextAttempt = optionalTsToMs(activity.nextAttemptScheduleTime);
  const heartbeat = optionalTsToMs(activity.lastHeartbeatTime);
  return {
    attempt: activity.attempt ?? 1,
    state: STATES[activity.state ?? 0] ?? 'UNKNOWN',
    ...(activity.lastFailure?.message && { lastFailure: activity.lastFailure.message }),
    ...(nextAttempt !== undefined && { nextAttemptAt: new Date(nextAttempt).toISOString() }),
    ...(heartbeat !== undefined && { lastHeartbeatAt: new Date(heartbeat).toISOString() }),
  };
}
