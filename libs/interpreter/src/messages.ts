import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { RunState } from './run-state';

/**
 * How operators act on a run. Each operation that can be refused is an update whose validator gives the
 * reason; pause, resume, skip, retry, resumeNode and setVariables are also signals of the same name, for
 * `temporal workflow signal`, where a refused operation is recorded in nothing and dropped.
 */

/** The whole run state; also answered after the run has finished. */
export const stateQuery = defineQuery<RunState>('state');

/** Who asks, and why: kept in the run's audit trail. */
export interface OperatorInput {
  by?: string;
  reason?: string;
}

export interface NodeInput extends OperatorInput {
  nodeId: string;
}

export interface RetryNodeInput extends NodeInput {
  /** Replaces the node's inputs for the new attempts. */
  inputs?: Record<string, unknown>;
}

export interface SkipNodeInput extends NodeInput {
  /** The output the node is taken to have produced. */
  output?: unknown;
}

export interface BreakpointInput extends NodeInput {
  /** False removes the breakpoint (and lets a node held by it go on). @default true */
  enabled?: boolean;
}

export interface SetVariablesInput extends OperatorInput {
  /** Declared variables only. */
  vars: Record<string, unknown>;
}

export interface ApprovalInput extends NodeInput {
  /** Checked against the approval node's schema. */
  payload?: unknown;
  comment?: string;
}

/** No node starts while the run is paused; running ones finish. Refused when already paused. */
export const pauseUpdate = defineUpdate<RunState, [OperatorInput]>('pause');
export const resumeUpdate = defineUpdate<RunState, [OperatorInput]>('resume');
/** Retry a node that failed and is waiting for an operator (onError "pause"), optionally with new inputs. */
export const retryNodeUpdate = defineUpdate<RunState, [RetryNodeInput]>('retryNode');
/** Skip a pending, paused or waiting node; downstream goes on as if it succeeded with the given output. */
export const skipNodeUpdate = defineUpdate<RunState, [SkipNodeInput]>('skipNode');
/** Let a node held at a breakpoint start. */
export const resumeNodeUpdate = defineUpdate<RunState, [NodeInput]>('resumeNode');
export const setBreakpointUpdate = defineUpdate<RunState, [BreakpointInput]>('setBreakpoint');
export const setVariablesUpdate = defineUpdate<RunState, [SetVariablesInput]>('setVariables');
/** Approve or reject an approval node that is waiting; refused (with the reason) otherwise or for a bad payload. */
export const approveUpdate = defineUpdate<RunState, [ApprovalInput]>('approve');
export const rejectUpdate = defineUpdate<RunState, [ApprovalInput]>('reject');

export const pauseSignal = defineSignal<[OperatorInput]>('pause');
export const resumeSignal = defineSignal<[OperatorInput]>('resume');
export const retryNodeSignal = defineSignal<[RetryNodeInput]>('retryNode');
export const skipNodeSignal = defineSignal<[SkipNodeInput]>('skipNode');
export const resumeNodeSignal = defineSignal<[NodeInput]>('resumeNode');
export const setVariablesSignal = defineSignal<[SetVariablesInput]>('setVariables');
/** Sent by the API just before it cancels a run, so the audit trail says who cancelled and why. */
export const cancelRequestedSignal = defineSignal<[OperatorInput]>('cancelRequested');
