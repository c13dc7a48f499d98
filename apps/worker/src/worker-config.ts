import { integerSetting, oneOfSetting, readTemporalEnv, type TemporalEnv } from '@weft/interpreter';
import { existsSync } from 'node:fs';
import { defaultWorkflowThreads } from './create-worker';

export const WORKER_LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type WorkerLogLevel = (typeof WORKER_LOG_LEVELS)[number];

/** Every setting of the worker process, read once from the environment. */
export interface WorkerConfig {
  /** TEMPORAL_* (through @temporalio/envconfig: address, namespace, API key, TLS, TOML profile) and WEFT_TASK_QUEUE. */
  temporal: TemporalEnv;
  /** WEFT_WORKFLOW_BUNDLE: a prebuilt workflow bundle (npm run bundle:workflows); without it the code is bundled at start. */
  workflowBundle?: string;
  /** WEFT_WORKER_METRICS_PORT (default 9464; 0 disables) and WEFT_WORKER_METRICS_HOST (default 0.0.0.0): Prometheus. */
  metrics?: { bindAddress: string };
  /** WEFT_LOG_LEVEL (default info): the JSON log's threshold, for the worker's own lines and the Temporal SDK's. */
  logLevel: WorkerLogLevel;
  /** WEFT_WORKER_SHUTDOWN_GRACE_MS (default 30000): how long running activities may finish after a SIGTERM. */
  shutdownGraceMs: number;
  /** WEFT_WORKFLOW_THREADS (default: one per core, 2 to 4, see defaultWorkflowThreads): threads running workflow code. */
  workflowThreads: number;
  /**
   * WEFT_API_URL (unset: no registration) and WEFT_API_KEY (an admin key when the API asks for keys): the control
   * plane the worker registers its built-in components with, for `GET /components`.
   */
  registration?: { apiUrl: string; apiKey?: string };
}

function registration(env: NodeJS.ProcessEnv): WorkerConfig['registration'] {
  const apiUrl = env.WEFT_API_URL || undefined;
  if (!apiUrl) return undefined;
  if (!/^https?:\/\/[^\s/]+/.test(apiUrl)) throw new Error(`WEFT_API_URL must be an http(s) URL, got "${apiUrl}"`);
  return { apiUrl, ...(env.WEFT_API_KEY && { apiKey: env.WEFT_API_KEY }) };
}

function metrics(env: NodeJS.ProcessEnv): WorkerConfig['metrics'] {
  const port = integerSetting(env, 'WEFT_WORKER_METRICS_PORT', 9464, 0, 65535);
  if (port === 0) return undefined;
  const host = env.WEFT_WORKER_METRICS_HOST || '0.0.0.0';
  if (!/^[\w.-]+$|^\[[\da-fA-F:]+\]$/.test(host))
    throw new Error(`WEFT_WORKER_METRICS_HOST must be a host name or an IP address, got "${host}"`);
  return { bindAddress: `${host}:${port}` };
}

/** Reads and checks the worker's settings; a bad value stops the start with the variable's name. */
export function readWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const workflowBundle = env.WEFT_WORKFLOW_BUNDLE || undefined;
  if (workflowBundle && !existsSync(workflowBundle))
    throw new Error(`WEFT_WORKFLOW_BUNDLE not found: ${workflowBundle}`);
  return {
    temporal: readTemporalEnv(env),
    workflowBundle,
    metrics: metrics(env),
    logLevel: oneOfSetting(env, 'WEFT_LOG_LEVEL', WORKER_LOG_LEVELS, 'info'),
    shutdownGraceMs: integerSetting(env, 'WEFT_WORKER_SHUTDOWN_GRACE_MS', 30_000, 0, 24 * 3_600_000),
    workflowThreads: integerSetting(env, 'WEFT_WORKFLOW_THREADS', defaultWorkflowThreads(), 1, 64),
    registration: registration(env),
  };
}

export const WORKER_CONFIG = Symbol('WORKER_CONFIG');
