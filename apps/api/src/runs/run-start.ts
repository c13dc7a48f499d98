import { toMilliseconds } from '@weft/dsl';
import { FLOW_ID, FLOW_RUN_WORKFLOW, FLOW_STATUS, FLOW_VERSION, type FlowRunInput } from '@weft/interpreter';
import type { FlowVersion } from '../flows/flow-repository';

/** What starting a run of a flow version asks of Temporal; the API's start and a schedule's action share it. */
export interface RunStart {
  workflowType: typeof FLOW_RUN_WORKFLOW;
  input: FlowRunInput;
  workflowExecutionTimeout?: number;
  staticSummary: string;
  typedSearchAttributes: Array<
    | { key: typeof FLOW_ID; value: string }
    | { key: typeof FLOW_VERSION; value: number }
    | { key: typeof FLOW_STATUS; value: string }
  >;
}

export function runStart(flow: FlowVersion, inputs: Record<string, unknown>, breakpoints?: string[]): RunStart {
  return {
    workflowType: FLOW_RUN_WORKFLOW,
    input: { plan: flow.plan, inputs, ...(breakpoints?.length && { breakpoints }) },
    ...(flow.definition.timeout !== undefined && {
      workflowExecutionTimeout: toMilliseconds(flow.definition.timeout),
    }),
    staticSummary: `${flow.id} v${flow.version}`,
    typedSearchAttributes: [
      { key: FLOW_ID, value: flow.id },
      { key: FLOW_VERSION, value: flow.version },
      { key: FLOW_STATUS, value: 'RUNNING' },
    ],
  };
}
