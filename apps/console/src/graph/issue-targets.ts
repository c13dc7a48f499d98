import type { ValidationIssue } from '../api/types';

/**
 * Which graph element each validation issue concerns: the one whose JSON path is the longest prefix of the issue's
 * path (`$.nodes[2].inputs.url` → the node at `$.nodes[2]`; `$.nodes[1].body.edges[0].to` → that body edge).
 * Issues about no node or edge (`$.id`, `$.inputs`) stay unplaced, for the caller to show beside the graph.
 */
export function placeIssues(
  elements: { id: string; path: string }[],
  issues: ValidationIssue[],
): { byElement: Map<string, ValidationIssue[]>; unplaced: ValidationIssue[] } {
  const byElement = new Map<string, ValidationIssue[]>();
  const unplaced: ValidationIssue[] = [];
  for (const issue of issues) {
    let best: { id: string; path: string } | undefined;
    for (const element of elements) {
      if (!element.path || !isWithin(issue.path, element.path)) continue;
      if (!best || element.path.length > best.path.length) best = element;
    }
    if (best) byElement.set(best.id, [...(byElement.get(best.id) ?? []), issue]);
    else unplaced.push(issue);
  }
  return { byElement, unplaced };
}

function isWithin(path: string, prefix: string): boolean {
  if (!path.startsWith(prefix)) return false;
  const next = path.charAt(prefix.length);
  return next === '' || next === '.' || next === '[';
}
