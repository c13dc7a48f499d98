/**
 * Run priority by name, as the task managers our users come from have it, or by Temporal priority key: 1 is
 * dispatched first, 5 last, 3 when none is given (the server's default of five levels). The workflow's
 * priority reaches its workflow tasks, and its activities and child runs inherit it.
 */
export const PRIORITY_NAMES = { CRITICAL: 1, HIGH: 2, NORMAL: 3, LOW: 4 } as const;

export type PriorityName = keyof typeof PRIORITY_NAMES;

/** What the API accepts: a name or a key. */
export const PRIORITY_VALUES: ReadonlyArray<PriorityName | number> = [
  ...Object.keys(PRIORITY_NAMES),
  1,
  2,
  3,
  4,
  5,
] as Array<PriorityName | number>;

export function priorityKeyOf(priority: PriorityName | number): number {
  return typeof priority === 'number' ? priority : PRIORITY_NAMES[priority];
}

/** A run's priority as listings show it: the key (3 when the run was started without one) and its name if it has one. */
export function priorityView(key: number | null | undefined): { key: number; name?: PriorityName } {
  const effective = key || 3;
  const name = (Object.keys(PRIORITY_NAMES) as PriorityName[]).find((n) => PRIORITY_NAMES[n] === effective);
  return { key: effective, ...(name && { name }) };
}
