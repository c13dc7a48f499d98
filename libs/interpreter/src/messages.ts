import { defineQuery } from '@temporalio/workflow';
import type { RunState } from './run-state';

/** The whole run state; also answered after the run has finished. */
export const stateQuery = defineQuery<RunState>('state');
