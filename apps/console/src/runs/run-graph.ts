import type { GraphDefinition } from '../api/types';

/**
 * Finds the graph whose nodes are the run's nodes: the flow itself, or a loop or foreach body at any depth (their
 * child runs `<run>--<node>` report the flow's id and version with the body's nodes).
 */
export function graphOfRun(flow: GraphDefinition, nodeIds: string[]): GraphDefinition | undefined {
  const wanted = new Set(nodeIds);
  const matches = (g: GraphDefinition) => g.nodes.length === wanted.size && g.nodes.every((n) => wanted.has(n.id));
  const search = (g: GraphDefinition): GraphDefinition | undefined => {
    if (matches(g)) return g;
    for (const node of g.nodes) {
      const found = 'body' in node && node.body ? search(node.body) : undefined;
      if (found) return found;
    }
    return undefined;
  };
  return search(flow);
}

/** The id of the run a child run belongs to: `<parent>--<node>` (qualified `--item-3`, `--iteration-1`, `--2`). */
export function parentRunOf(runId: string): string | undefined {
  const unretried = runId.replace(/--\d+$/, '');
  const at = unretried.lastIndexOf('--');
  if (at <= 0) return undefined;
  // `<run>--item-3--<node>`: the item qualifier names where in `<run>` the child started, not a run of its own.
  return unretried.slice(0, at).replace(/--(item|iteration)-\d+$/, '');
}
