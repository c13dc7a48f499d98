import type { FlowVersionSummary } from '../api/types';

/** Flows whose id or name holds every word of the search, case-insensitively. */
export function matching(flows: FlowVersionSummary[], search: string): FlowVersionSummary[] {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return flows;
  return flows.filter((flow) => {
    const text = `${flow.id} ${flow.name ?? ''}`.toLowerCase();
    return words.every((word) => text.includes(word));
  });
}
