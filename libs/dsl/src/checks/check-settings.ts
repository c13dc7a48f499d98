import { toMilliseconds } from '../duration';
import { compileSchema } from '../json-schema';
import type { FlowDefinition, GraphDefinition, RetryPolicyDefinition } from '../types';
import type { ValidationIssue } from '../validation-issue';

/** Settings that are well-typed but contradictory: bad input schema, intervals, timeouts. */
export function checkSettings(flow: FlowDefinition): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (flow.inputs) {
    try {
      compileSchema(flow.inputs);
    } catch (err) {
      issues.push({ path: '$.inputs', message: `not a valid JSON Schema: ${(err as Error).message}` });
    }
  }
  issues.push(...checkRetry(flow.defaults?.retry, '$.defaults.retry'));
  if (flow.defaults?.timeout !== undefined && toMilliseconds(flow.defaults.timeout) < 1) {
    issues.push({ path: '$.defaults.timeout', message: 'must be at least 1ms' });
  }
  if (flow.timeout !== undefined && toMilliseconds(flow.timeout) < 1000) {
    issues.push({ path: '$.timeout', message: 'must be at least 1s' });
  }
  issues.push(...checkNodeSettings(flow));
  return issues;
}

/** Retry and timeout settings of the tasks of one graph. */
export function checkNodeSettings(graph: GraphDefinition, base = '$'): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  graph.nodes.forEach((node, i) => {
    if (node.type !== 'task') return;
    issues.push(...checkRetry(node.retry, `${base}.nodes[${i}].retry`));
    if (node.timeout !== undefined && toMilliseconds(node.timeout) < 1) {
      issues.push({ path: `${base}.nodes[${i}].timeout`, message: 'must be at least 1ms' });
    }
  });
  return issues;
}

function checkRetry(retry: RetryPolicyDefinition | undefined, path: string): ValidationIssue[] {
  if (retry?.initialInterval === undefined || retry.maximumInterval === undefined) return [];
  if (toMilliseconds(retry.maximumInterval) < toMilliseconds(retry.initialInterval)) {
    return [{ path: `${path}.maximumInterval`, message: 'must not be shorter than initialInterval' }];
  }
  return [];
}
