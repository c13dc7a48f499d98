import { jsonBytes } from '@weft/dsl/runtime';
import type { TruncatedValue } from './memo';
import type { NodeState, RunState } from './run-state';

/** A kept or returned state stays under this (Temporal refuses payloads over 2 MB). */
export const STATE_BUDGET_BYTES = 1024 * 1024;
/** Over budget, values larger than this are replaced by their size. */
const LARGE_VALUE_BYTES = 4 * 1024;

/**
 * The state as it can be kept in a memo or answered to a query: unchanged when it fits the budget,
 * otherwise with large inputs, outputs and variables replaced by `{ $truncated: true, bytes }`.
 */
export function withinBudget(state: RunState): RunState {
  if (jsonBytes(state) <= STATE_BUDGET_BYTES) return state;
  const nodes: Record<string, NodeState> = {};
  for (const [id, node] of Object.entries(state.nodes)) {
    nodes[id] = {
      ...node,
      ...(node.inputs !== undefined && { inputs: shrink(node.inputs) as Record<string, unknown> }),
    };
    if (node.output !== undefined) nodes[id].output = shrink(node.output);
  }
  const vars = Object.fromEntries(Object.entries(state.vars).map(([name, value]) => [name, shrink(value)]));
  const reduced: RunState = { ...state, nodes, vars, inputs: shrink(state.inputs) as Record<string, unknown> };
  if (state.output !== undefined) reduced.output = shrink(state.output);
  if (jsonBytes(reduced) <= STATE_BUDGET_BYTES) return reduced;
  // Thousands of nodes: keep their statuses and times only, and the latest operations.
  for (const node of Object.values(nodes)) {
    delete node.inputs;
    delete node.output;
  }
  return { ...reduced, ...(reduced.operations && { operations: reduced.operations.slice(-100) }) };
}

function shrink(value: unknown): unknown {
  const bytes = jsonBytes(value);
  return bytes > LARGE_VALUE_BYTES ? ({ $truncated: true, bytes } satisfies TruncatedValue) : value;
}
