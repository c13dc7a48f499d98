/** How webhook deliveries are made and retried. */
export interface WebhooksConfig {
  /** Task queue of the delivery activities, polled by every API replica. */
  taskQueue: string;
  /** Whether this process polls it (`WEFT_WEBHOOK_WORKER=off` leaves deliveries to other replicas). */
  worker: boolean;
  retry: { initialMs: number; maxMs: number; totalMs: number };
  /** How long one POST may take before it counts as failed. */
  requestTimeoutMs: number;
  /** How long a delivery workflow waits without news before it asks whether its run was terminated or timed out. */
  statusCheckMs: number;
  /** How many events a delivery workflow handles before it continues as new (its history stays small). */
  eventsPerHistory: number;
}

function milliseconds(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > 30 * 86_400_000)
    throw new Error(`${name} must be a whole number of milliseconds from ${min} to 30 days, got "${raw}"`);
  return value;
}

function count(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 10_000)
    throw new Error(`${name} must be an integer from 1 to 10000, got "${raw}"`);
  return value;
}

export function readWebhooksConfig(env: NodeJS.ProcessEnv): WebhooksConfig {
  const worker = env.WEFT_WEBHOOK_WORKER || 'on';
  if (worker !== 'on' && worker !== 'off') throw new Error(`WEFT_WEBHOOK_WORKER must be on or off, got "${worker}"`);
  return {
    taskQueue: env.WEFT_WEBHOOK_TASK_QUEUE || `${env.WEFT_TASK_QUEUE || 'weft'}-control`,
    worker: worker === 'on',
    retry: {
      initialMs: milliseconds(env, 'WEFT_WEBHOOK_RETRY_INITIAL_MS', 1000, 10),
      maxMs: milliseconds(env, 'WEFT_WEBHOOK_RETRY_MAX_MS', 10 * 60_000, 10),
      totalMs: milliseconds(env, 'WEFT_WEBHOOK_RETRY_TOTAL_MS', 86_400_000, 1000),
    },
    requestTimeoutMs: milliseconds(env, 'WEFT_WEBHOOK_TIMEOUT_MS', 10_000, 100),
    statusCheckMs: milliseconds(env, 'WEFT_WEBHOOK_STATUS_CHECK_MS', 60_000, 100),
    eventsPerHistory: count(env, 'WEFT_WEBHOOK_EVENTS_PER_HISTORY', 500),
  };
}
