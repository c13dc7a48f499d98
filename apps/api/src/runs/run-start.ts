import { defineSearchAttributeKey, SearchAttributeType, type Priority } from '@temporalio/common';
import { toMilliseconds, toWirePlan, type ExecutionPlan, type WirePlan } from '@weft/dsl';
import {
  FLOW_ID,
  FLOW_RUN_WORKFLOW,
  FLOW_STATUS,
  FLOW_VERSION,
  type FlowRunInput,
  type GivenOutputs,
} from '@weft/interpreter';
import type { FlowVersion } from '../flows/flow-repository';

/** Registered with the others by temporal/search-attributes.json; only the API sets and reads them. */
export const BUSINESS_KEY = defineSearchAttributeKey('BusinessKey', SearchAttributeType.KEYWORD);
export const RERUN_OF = defineSearchAttributeKey('RerunOf', SearchAttributeType.KEYWORD);

/** The memo field holding the idempotency key a run was started with. */
export const IDEMPOTENCY_KEY_MEMO = 'weftIdempotencyKey';

/** How a run starts besides its flow version and inputs. */
export interface RunStartOptions {
  breakpoints?: string[];
  businessKey?: string;
  /** Temporal priority key, 1 (first) to 5 (last). */
  priorityKey?: number;
  idempotencyKey?: string;
  /** A rerun: the run it reruns, and the outputs of that run's nodes it takes as given. */
  rerunOf?: string;
  given?: GivenOutputs;
}

type SearchAttributePair =
  | { key: typeof FLOW_ID; value: string }
  | { key: typeof FLOW_VERSION; value: number }
  | { key: typeof FLOW_STATUS; value: string }
  | { key: typeof BUSINESS_KEY; value: string }
  | { key: typeof RERUN_OF; value: string };

/** What starting a run of a flow version asks of Temporal; the API's start and a schedule's action share it. */
export interface RunStart {
  workflowType: typeof FLOW_RUN_WORKFLOW;
  input: FlowRunInput;
  workflowExecutionTimeout?: number;
  staticSummary: string;
  typedSearchAttributes: SearchAttributePair[];
  priority?: Priority;
  memo?: Record<string, unknown>;
}

/** Each version's plan in the wire form runs carry, made once: the repository keeps version objects while unchanged. */
const wirePlans = new WeakMap<ExecutionPlan, WirePlan>();

function wirePlanOf(plan: ExecutionPlan): WirePlan {
  let wire = wirePlans.get(plan);
  if (!wire) {
    wire = toWirePlan(plan);
    wirePlans.set(plan, wire);
  }
  return wire;
}

export function runStart(
  flow: FlowVersion,
  inputs: Record<string, unknown>,
  breakpointsOrOptions?: string[] | RunStartOptions,
): RunStart {
  const options = Array.isArray(breakpointsOrOptions)
    ? { breakpoints: breakpointsOrOptions }
    : (breakpointsOrOptions ?? {});
  const { breakpoints, businessKey, priorityKey, idempotencyKey, rerunOf, given } = options;
  return {
    workflowType: FLOW_RUN_WORKFLOW,
    input: {
      plan: wirePlanOf(flow.plan),
      inputs,
      ...(breakpoints?.length && { breakpoints }),
      ...(given && Object.keys(given).length && { given }),
    },
    ...(flow.definition.timeout !== undefined && {
      workflowExecutionTimeout: toMilliseconds(flow.definition.timeout),
    }),
    staticSummary: rerunOf ? `${flow.id} v${flow.version} (rerun of ${rerunOf})` : `${flow.id} v${flow.version}`,
    typedSearchAttributes: [
      { key: FLOW_ID, value: flow.id },
      { key: FLOW_VERSION, value: flow.version },
      { key: FLOW_STATUS, value: 'RUNNING' },
      ...(businessKey !== undefined ? [{ key: BUSINESS_KEY, value: businessKey }] : []),
      ...(rerunOf !== undefined ? [{ key: RERUN_OF, value: rerunOf }] : []),
    ],
    ...(priorityKey !== undefined && { priority: { priorityKey } }),
    ...(idempotencyKey !== undefined && { memo: { [IDEMPOTENCY_KEY_MEMO]: idempotencyKey } }),
  };
}
