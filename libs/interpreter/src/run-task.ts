import { proxyActivities, proxyLocalActivities, type ActivityOptions } from '@temporalio/workflow';
import type { ComponentRequest, ComponentResult, TaskPlanNode } from '@weft/dsl/runtime';

type ComponentActivity = (request: ComponentRequest) => Promise<ComponentResult>;

/**
 * A task on a worker that dies is retried once this long has passed without a heartbeat; the worker heartbeats
 * for every running component (libs/components' toActivity). A node's `heartbeat` overrides it; 0 turns it off,
 * leaving only the per-attempt timeout to notice a dead worker. Local activities have no heartbeats.
 */
export const DEFAULT_HEARTBEAT_MS = 10_000;

function heartbeatOf(node: TaskPlanNode): Pick<ActivityOptions, 'heartbeatTimeout'> {
  if (node.local) return {};
  const ms = node.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  return ms > 0 ? { heartbeatTimeout: ms } : {};
}

/**
 * Whether the node's activity carries its name as its summary, which the Web UI shows on the activity. A local task's
 * goes into its marker in every run's history and through every process on the way; for one without a name of its own
 * (its name is its id) it was 1.5-2 % of a chain of local tasks (bench/RESULTS.md), and the marker shows its component.
 */
function summarised(node: TaskPlanNode): boolean {
  return !node.local || node.name !== node.id;
}

/** The activity function of each task node, made once: a node in a loop body or a chain runs many times. */
const activityOf = new WeakMap<TaskPlanNode, ComponentActivity>();

/** Runs one task node as one activity whose type is the component name. */
export function runTask(node: TaskPlanNode, inputs: Record<string, unknown>): Promise<ComponentResult> {
  let activity = activityOf.get(node);
  if (!activity) {
    activity = activityFor(node);
    activityOf.set(node, activity);
  }
  return activity({ nodeId: node.id, inputs });
}

function activityFor(node: TaskPlanNode): ComponentActivity {
  const options: ActivityOptions = {
    startToCloseTimeout: node.timeoutMs,
    retry: {
      maximumAttempts: node.retry.maximumAttempts,
      initialInterval: node.retry.initialIntervalMs,
      backoffCoefficient: node.retry.backoffCoefficient,
      maximumInterval: node.retry.maximumIntervalMs,
      nonRetryableErrorTypes: node.retry.nonRetryableErrorTypes,
    },
    ...(summarised(node) && { summary: node.name }),
    ...heartbeatOf(node),
    ...(node.taskQueue !== undefined && { taskQueue: node.taskQueue }),
    ...(node.priority !== undefined && { priority: { priorityKey: node.priority } }),
  };
  const activities = node.local
    ? proxyLocalActivities<Record<string, ComponentActivity>>(options)
    : proxyActivities<Record<string, ComponentActivity>>(options);
  return activities[node.component];
}
