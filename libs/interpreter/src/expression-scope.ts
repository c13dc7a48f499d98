import type { ExpressionScope } from '@weft/dsl/runtime';
import type { RunState } from './run-state';

/** What expressions see of a run: inputs, vars, every node's output/status/error, and the run itself. */
export function scopeOf(state: RunState, runId: string, extra: Partial<ExpressionScope> = {}): ExpressionScope {
  const nodes: ExpressionScope['nodes'] = {};
  for (const node of Object.values(state.nodes)) {
    nodes[node.id] = { status: node.status, output: node.output, error: node.error };
  }
  return {
    inputs: state.inputs,
    vars: state.vars,
    nodes,
    run: { id: runId, flowId: state.flowId, version: state.version, startedAt: state.startedAt },
    ...extra,
  };
}
