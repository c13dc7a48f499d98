import { integerSetting } from '@weft/interpreter';

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

/** Up to 30 days; `min` keeps retries and polls from spinning. */
const milliseconds = (env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number =>
  integerSetting(env, name, fallback, min, 30 * 86_400_000, `a whole number of milliseconds from ${min} to 30 days`);

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
    eventsPerHistory: integerSetting(env, 'WEFT_WEBHOOK_EVENTS_PER_HISTORY', 500, 1, 10_000),
  };
}
