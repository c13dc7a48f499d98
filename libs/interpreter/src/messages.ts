import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { RunState } from './run-state';

/** The whole run state; also answered after the run has finished. */
export const stateQuery = defineQuery<RunState>('state');

export interface RetryNodeInput {
  nodeId: string;
  /** Replaces the node's inputs for the new attempts. */
  inputs?: Record<string, unknown>;
  by?: string;
}

export interface SkipNodeInput {
  nodeId: string;
  /** The output the node is taken to have produced. */
  output?: unknown;
  by?: string;
}

/** Retry a node that failed and is waiting for an operator (onError "pause"). Refused for any other node. */
export const retryNodeUpdate = defineUpdate<RunState, [RetryNodeInput]>('retryNode');
/** Skip a node that failed and is waiting for an operator; downstream goes on as if it succeeded. */
export const skipNodeUpdate = defineUpdate<RunState, [SkipNodeInput]>('skipNode');
/** The same operations as signals, for `temporal workflow signal`; invalid ones are ignored. */
export const retryNodeSignal = defineSignal<[RetryNodeInput]>('retryNodeSignal');
export const skipNodeSignal = defineSignal<[SkipNodeInput]>('skipNodeSignal');

export interface ApprovalInput {
  nodeId: string;
  /** Checked against the approval node's schema. */
  payload?: unknown;
  by?: string;
  comment?: string;
}

/** Approve or reject an approval node that is waiting; refused (with the reason) otherwise or for a bad payload. */
export const approveUpdate = defineUpdate<RunState, [ApprovalInput]>('approve');
export const rejectUpdate = defineUpdate<RunState, [ApprovalInput]>('reject');
