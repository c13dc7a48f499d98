import { jsonBytes, type ExecutionPlan } from '@weft/dsl';
import { FINISHED_NODE_STATUSES, isGivable, type GivenOutputs, type RunState } from '@weft/interpreter';
import { ConflictError, InvalidInputError } from '../problems/api-errors';

/**
 * Bytes (JSON) of the outputs a rerun takes as given: they travel in the workflow input next to the plan (at
 * most 1 MB) and the inputs (256 KB), under Temporal's 2 MB payload limit.
 */
export const MAX_GIVEN_BYTES = 512 * 1024;

/** The nodes upstream of a node: those with a path of edges to it. */
export function ancestorsOf(plan: ExecutionPlan, nodeId: string): Set<string> {
  const byId = new Map(plan.nodes.map((n) => [n.id, n]));
  const ancestors = new Set<string>();
  const queue = [nodeId];
  while (queue.length) {
    const node = byId.get(queue.pop()!);
    for (const edgeIndex of node?.incoming ?? []) {
      const from = plan.edges[edgeIndex].from;
      if (ancestors.has(from)) continue;
      ancestors.add(from);
      queue.push(from);
    }
  }
  return ancestors;
}

/**
 * What a rerun from `fromNode` takes from its source run: the outputs of the ancestors that SUCCEEDED, for the
 * kinds of node that can be given (the others run again). An ancestor that has not finished yet makes the rerun
 * a conflict: its output is not known. A node the source run itself took as given keeps the run it came from.
 */
export function givenFromSource(
  plan: ExecutionPlan,
  source: RunState & { runId: string },
  fromNode: string,
): GivenOutputs {
  if (!plan.nodes.some((n) => n.id === fromNode)) {
    throw new InvalidInputError('Invalid rerun', [
      { path: '$.fromNode', message: `flow "${plan.flowId}" v${plan.version} has no node "${fromNode}"` },
    ]);
  }
  const ancestors = ancestorsOf(plan, fromNode);
  const unfinished = [...ancestors].filter((id) => !FINISHED_NODE_STATUSES.has(source.nodes[id]?.status ?? 'PENDING'));
  if (unfinished.length) {
    throw new ConflictError(
      `run "${source.runId}" has not finished the nodes upstream of "${fromNode}": ${unfinished.sort().join(', ')}`,
    );
  }
  const given: GivenOutputs = {};
  for (const node of plan.nodes) {
    const state = source.nodes[node.id];
    if (!ancestors.has(node.id) || !isGivable(node) || state?.status !== 'SUCCEEDED') continue;
    given[node.id] = { output: state.output ?? null, from: state.reusedFrom ?? source.runId };
  }
  const bytes = jsonBytes(given);
  if (bytes > MAX_GIVEN_BYTES) {
    throw new InvalidInputError('Invalid rerun', [
      {
        path: '$.fromNode',
        message: `the outputs upstream of "${fromNode}" are ${bytes} bytes of JSON; a rerun may take at most ${MAX_GIVEN_BYTES}`,
      },
    ]);
  }
  return given;
}
