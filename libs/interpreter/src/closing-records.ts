import { patched, upsertMemo, upsertSearchAttributes } from '@temporalio/workflow';
import { FINAL_STATE_MEMO } from './memo';
import { PATCHES } from './patches';
import { countRunEnd } from './run-metrics';
import type { RunState } from './run-state';
import { FLOW_STATUS } from './search-attributes';
import { withinBudget } from './state-budget';

/**
 * What a finished run leaves in Temporal besides its result: its final state in the memo (closed runs are
 * read from it, without a worker replaying the history) and, for loop and foreach runs, their final
 * FlowStatus (flow runs set theirs as they finish).
 */
export function writeClosingRecords(state: RunState, { flowStatus }: { flowStatus: boolean }): void {
  // Only flow runs leave FlowStatus to their caller; loop and foreach runs are parts of one.
  if (!flowStatus) countRunEnd(state);
  if (!patched(PATCHES.closingRecords)) return;
  if (flowStatus) upsertSearchAttributes([{ key: FLOW_STATUS, value: state.status }]);
  upsertMemo({ [FINAL_STATE_MEMO]: withinBudget(state) });
}
