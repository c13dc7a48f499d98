/** What a node gets when neither it nor the flow's `defaults` say otherwise. */
export const BUILT_IN_DEFAULTS = {
  retry: { maximumAttempts: 3, initialInterval: '1s', backoffCoefficient: 2 },
  /** Per-attempt timeout of a task. */
  timeout: '10m',
} as const;

/** Temporal's own default: the longest retry interval is 100 × the first. */
export const MAXIMUM_INTERVAL_FACTOR = 100;
