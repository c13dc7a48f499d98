import { startChild, workflowInfo } from '@temporalio/workflow';
import type { ChildKind } from './node-runtime';
import type { RunControl } from './run-control';
import type { NodeState } from './run-state';
import {
  FLOW_ID,
  FLOW_RUN_WORKFLOW,
  FLOW_STATUS,
  FLOW_VERSION,
  FOREACH_RUN_WORKFLOW,
  LOOP_RUN_WORKFLOW,
} from './search-attributes';

const CHILD_WORKFLOWS = { subflow: FLOW_RUN_WORKFLOW, loop: LOOP_RUN_WORKFLOW, foreach: FOREACH_RUN_WORKFLOW } as const;

/**
 * Runs a child workflow as `<run id>--<node id>` (with `--<attempt>` after an operator retry), listed under
 * `flow`; in a loop iteration or foreach item the qualifier comes first (`<run id>--item-3--<node id>`), so
 * concurrent items never collide. Its id is on the node before it starts, so the state links to it while it runs.
 */
export async function startChildRun<R>(
  control: RunControl,
  node: NodeState,
  kind: ChildKind,
  input: unknown,
  summary: string,
  flow: { flowId: string; version: number },
  qualifier?: string,
): Promise<R> {
  const prefix = qualifier === undefined ? workflowInfo().workflowId : `${workflowInfo().workflowId}--${qualifier}`;
  const workflowId = `${prefix}--${node.id}${node.attempt > 1 ? `--${node.attempt}` : ''}`;
  (node.childRunIds ??= []).push(workflowId);
  const handle = await startChild(CHILD_WORKFLOWS[kind], {
    workflowId,
    args: [input],
    staticSummary: summary,
    typedSearchAttributes: childSearchAttributes(flow.flowId, flow.version),
  });
  control.adopt(handle, kind);
  try {
    return (await handle.result()) as R;
  } finally {
    control.disown(workflowId);
  }
}

/** Child runs are listed under the flow they run, like any run. */
function childSearchAttributes(flowId: string, version: number) {
  return [
    { key: FLOW_ID, value: flowId },
    { key: FLOW_VERSION, value: version },
    { key: FLOW_STATUS, value: 'RUNNING' },
  ];
}
