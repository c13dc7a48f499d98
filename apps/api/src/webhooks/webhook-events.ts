import { RUN_EVENT_TYPES } from '@weft/interpreter';

/** What a subscription's `events` may name: an event type, all of a kind (`run.*`, `node.*`), or everything (`*`). */
export const EVENT_PATTERNS: readonly string[] = ['*', 'run.*', 'node.*', ...RUN_EVENT_TYPES];

export function subscribesTo(patterns: readonly string[], type: string): boolean {
  return patterns.some((p) => p === '*' || p === type || (p.endsWith('.*') && type.startsWith(p.slice(0, -1))));
}

/** Whether any of the patterns asks for node events (which cost the run more than run events). */
export function wantsNodeEvents(patterns: readonly string[]): boolean {
  return patterns.some((p) => p === '*' || p.startsWith('node.'));
}
