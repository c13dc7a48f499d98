/** Temporal connection settings, by Temporal's standard variable names, shared by the API and the worker. */
export interface TemporalEnv {
  address: string;
  namespace: string;
  taskQueue: string;
}

export function readTemporalEnv(env: Record<string, string | undefined> = process.env): TemporalEnv {
  const address = env.TEMPORAL_ADDRESS || 'localhost:7233';
  if (!/^[^\s:]+:\d{1,5}$/.test(address)) {
    throw new Error(`TEMPORAL_ADDRESS must look like host:port, got "${address}"`);
  }
  return {
    address,
    namespace: env.TEMPORAL_NAMESPACE || 'default',
    taskQueue: env.WEFT_TASK_QUEUE || 'weft',
  };
}
