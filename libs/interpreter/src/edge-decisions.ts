import type { EdgeOn, PlanEdge, PlanNode } from '@weft/dsl/runtime';

/** How a node ended, as its outgoing edges see it. */
export type Outcome = 'SUCCEEDED' | 'FAILED' | 'SKIPPED';

/** Whether an edge's `on` applies to how its source ended. */
export function onMatches(on: EdgeOn, outcome: Outcome): boolean {
  return on === 'always' || (on === 'success' ? outcome === 'SUCCEEDED' : outcome === 'FAILED');
}

/** Whether deciding the edges needs their `when` conditions evaluated (a skipped node takes none). */
export function needsConditions(edges: readonly PlanEdge[], outcome: Outcome): boolean {
  return outcome !== 'SKIPPED' && edges.some((e) => e.when !== undefined);
}

/** Which edges are taken when none has a condition to evaluate: those whose `on` matches. */
export function takenWithoutConditions(edges: readonly PlanEdge[], outcome: Outcome): boolean[] {
  return edges.map((e) => outcome !== 'SKIPPED' && onMatches(e.on, outcome));
}

/**
 * Which edges are taken, evaluating `when` conditions in edge order through `holds`. A switch in `first` mode
 * evaluates no case after the first that holds; a switch takes its edges without `when` (defaults) only when
 * no case holds. Other nodes take unconditional edges whose `on` matches, and conditional ones that hold.
 */
export async function decideEdges(
  source: Pick<PlanNode, 'kind'> & { mode?: 'first' | 'all' },
  edges: readonly PlanEdge[],
  outcome: Outcome,
  holds: (edge: PlanEdge) => Promise<boolean>,
): Promise<boolean[]> {
  const deciding = decisions(source, edges, outcome);
  let next = deciding.next();
  while (!next.done) next = deciding.next(await holds(next.value));
  return next.value;
}

/**
 * decideEdges when `holds` decides at once every condition that decideEdges would evaluate, with the sum of the
 * `steps` it gave for them; undefined as soon as one is not decided.
 */
export function decideEdgesNow(
  source: Pick<PlanNode, 'kind'> & { mode?: 'first' | 'all' },
  edges: readonly PlanEdge[],
  outcome: Outcome,
  holds: (edge: PlanEdge) => { holds: boolean; steps: number } | undefined,
): { taken: boolean[]; steps: number } | undefined {
  const deciding = decisions(source, edges, outcome);
  let steps = 0;
  let next = deciding.next();
  while (!next.done) {
    const decided = holds(next.value);
    if (!decided) return undefined;
    steps += decided.steps;
    next = deciding.next(decided.holds);
  }
  return { taken: next.value, steps };
}

/** The decision rule of decideEdges: yields each edge whose condition must be evaluated, in order, and takes its truth. */
function* decisions(
  source: Pick<PlanNode, 'kind'> & { mode?: 'first' | 'all' },
  edges: readonly PlanEdge[],
  outcome: Outcome,
): Generator<PlanEdge, boolean[], boolean> {
  const isSwitch = source.kind === 'switch';
  const firstOnly = isSwitch && source.mode === 'first';
  const taken: boolean[] = [];
  let matched = false;
  for (const edge of edges) {
    const eligible: boolean = onMatches(edge.on, outcome) && edge.when !== undefined && !(firstOnly && matched);
    const held: boolean = eligible && (yield edge);
    matched ||= held;
    taken.push(held || (edge.when === undefined && onMatches(edge.on, outcome) && !isSwitch));
  }
  if (isSwitch && !matched) edges.forEach((edge, i) => (taken[i] = edge.when === undefined));
  return taken;
}
