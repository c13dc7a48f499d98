const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/;

/** True when `value` is a duration Weft understands: a non-negative number of ms or `"<n><ms|s|m|h|d>"`. */
export function isDuration(value: unknown): value is number | string {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0;
  return typeof value === 'string' && DURATION.test(value.trim());
}

/**
 * Milliseconds of a duration.
 * @example toMilliseconds('1.5s') // 1500
 */
export function toMilliseconds(value: number | string): number {
  if (typeof value === 'number') return value;
  const match = DURATION.exec(value.trim());
  if (!match) throw new TypeError(`not a duration: ${JSON.stringify(value)}`);
  return Math.round(Number(match[1]) * UNIT_MS[match[2]]);
}
