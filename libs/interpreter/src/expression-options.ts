import { patched } from '@temporalio/workflow';
import type { EvaluationOptions } from '@weft/dsl/runtime';
import { PATCHES } from './patches';

/**
 * How this run evaluates expressions: the simplest ones without JSONata (EvaluationOptions.fastPath) in runs that
 * started with it. Asked only when an expression is evaluated, so a run without expressions records no patch marker.
 */
export function expressionOptions(): EvaluationOptions {
  return { fastPath: patched(PATCHES.fastExpressions) };
}
