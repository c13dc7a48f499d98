import { proxyActivities, proxyLocalActivities, type ActivityOptions } from '@temporalio/workflow';
import type { ComponentRequest, ComponentResult, TaskPlanNode } from '@weft/dsl';

type ComponentActivity = (request: ComponentRequest) => Promise<ComponentResult>;

/** Runs one task node as one activity whose type is the component name. */
export function runTask(node: TaskPlanNode, inputs: Record<string, unknown>): Promise<ComponentResult> {
  const options: ActivityOptions = {
    startToCloseTimeout: node.timeoutMs,
    retry: {
      maximumAttempts: node.retry.maximumAttempts,
      initialInterval: node.retry.initialIntervalMs,
      backoffCoefficient: node.retry.backoffCoefficient,
      maximumInterval: node.retry.maximumIntervalMs,
      nonRetryableErrorTypes: node.retry.nonRetryableErrorTypes,
    },
    summary: node.name,
    ...(node.heartbeatMs !== undefined && { heartbeatTimeout: node.heartbeatMs }),
    ...(node.taskQueue !== undefined && { taskQueue: node.taskQueue }),
    ...(node.priority !== undefined && { priority: { priorityKey: node.priority } }),
  };
  const activities = node.local
    ? proxyLocalActivities<Record<string, ComponentActivity>>(options)
    : proxyActivities<Record<string, ComponentActivity>>(options);
  return activities[node.component]({ nodeId: node.id, inputs });
}
