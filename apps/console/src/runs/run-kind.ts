import type { ForeachResult, RunView } from './run-types';

/** A foreach node's child run: its live state counts items; once closed, its output is the items' result. */
export function foreachProgress(
  run: RunView,
): { total: number; done: number; failed: number; inFlight: number } | undefined {
  if (run.items) return run.items;
  const result = foreachResult(run);
  return result && { total: result.outputs.length, done: result.outputs.length, failed: result.failed, inFlight: 0 };
}

export function foreachResult(run: RunView): ForeachResult | undefined {
  const v = run.output as ForeachResult | undefined;
  return v && Array.isArray(v.outputs) && Array.isArray(v.errors) && typeof v.succeeded === 'number' ? v : undefined;
}
