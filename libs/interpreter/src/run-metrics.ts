import { metricMeter } from '@temporalio/workflow';
import type { RunState } from './run-state';

/**
 * Counts a flow run's end by flow and status on the worker's metrics (its Prometheus port). Workflow metrics
 * are not emitted while a history replays, so a run is counted once however often it is replayed, and they
 * add no command to the history: no patch is needed.
 */
export function countRunEnd(state: RunState): void {
  metricMeter
    .createCounter('weft_runs_ended_total', 'runs', 'Flow runs ended, by flow and status')
    .add(1, { flow_id: state.flowId, status: state.status });
}
