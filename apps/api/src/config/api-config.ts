import { integerSetting, oneOfSetting } from '@weft/interpreter';
import { join } from 'node:path';
import { temporalUiUrl } from '../runs/temporal-ui';
import { readWebhooksConfig, type WebhooksConfig } from '../webhooks/webhooks-config';

/** How the API stores flows, keys, schedules and webhooks: PostgreSQL, or PGlite embedded (a directory or memory). */
export type DatabaseConfig =
  { kind: 'postgres'; url: string; poolSize?: number } | { kind: 'pglite'; dataDir?: string };

export interface ApiConfig {
  host: string;
  port: number;
  database: DatabaseConfig;
  /** `off` only for a local dev stack: every request acts as an admin, and the API says so loudly at start. */
  auth: 'on' | 'off';
  /** WEFT_BOOTSTRAP_ADMIN_KEY: the first admin key's value (`weft_<id>_<secret>`), so automation knows it. */
  bootstrapAdminKey?: string;
  /** WEFT_MAX_BODY: the largest JSON body, as body-parser reads it (`5mb`, `512kb`, bytes). */
  maxBody: string;
  /** WEFT_RATE_LIMIT_PER_MINUTE: requests per minute per API key (per IP without one); 0 disables. */
  rateLimitPerMinute: number;
  /** WEFT_LOG_LEVEL: the JSON log's threshold (`silent` for none). */
  logLevel: LogLevel;
  /** WEFT_METRICS_RUNS_TTL_MS: how long /metrics reuses the run counts it read from Temporal's visibility. */
  metricsRunsTtlMs: number;
  /** WEFT_WEBHOOK_*: how webhook deliveries are made and retried. */
  webhooks: WebhooksConfig;
  /** WEFT_TEMPORAL_UI_URL: the Temporal Web UI the console links runs to. */
  temporalUiUrl: string;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const repoRoot = join(__dirname, '..', '..', '..', '..');

function byteSize(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+(\.\d+)?\s*(b|kb|mb|gb)?$/i.test(raw.trim()))
    throw new Error(`${name} must be a size such as 5mb, 512kb or a number of bytes, got "${raw}"`);
  return raw.trim();
}

/**
 * `DATABASE_URL` picks the store: `postgres://…` (production), `pglite://memory` (tests), or `pglite:///abs/dir`.
 * Without it the API keeps an embedded PGlite database under `WEFT_DATA_DIR` (`.data/` of the repo by default).
 */
export function databaseConfig(env: NodeJS.ProcessEnv): DatabaseConfig {
  const url = env.DATABASE_URL;
  if (!url) return { kind: 'pglite', dataDir: join(env.WEFT_DATA_DIR || join(repoRoot, '.data'), 'pglite') };
  if (/^postgres(ql)?:\/\//.test(url))
    return { kind: 'postgres', url, poolSize: integerSetting(env, 'WEFT_DATABASE_POOL', 10, 1, 1000) };
  if (url === 'pglite://memory') return { kind: 'pglite' };
  if (url.startsWith('pglite://')) return { kind: 'pglite', dataDir: url.slice('pglite://'.length) };
  throw new Error('DATABASE_URL must start with postgres://, postgresql:// or pglite://');
}

/** Every setting of the API, read once from the environment; a bad value stops the start with its name. */
export function readApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  return {
    host: env.WEFT_API_HOST || '127.0.0.1',
    port: integerSetting(env, 'WEFT_API_PORT', 3000, 1, 65535),
    database: databaseConfig(env),
    auth: oneOfSetting(env, 'WEFT_AUTH', ['on', 'off'] as const, 'on'),
    webhooks: readWebhooksConfig(env),
    bootstrapAdminKey: env.WEFT_BOOTSTRAP_ADMIN_KEY || undefined,
    maxBody: byteSize(env, 'WEFT_MAX_BODY', '5mb'),
    rateLimitPerMinute: integerSetting(env, 'WEFT_RATE_LIMIT_PER_MINUTE', 6000, 0, 1_000_000),
    logLevel: oneOfSetting(env, 'WEFT_LOG_LEVEL', LOG_LEVELS, 'info'),
    metricsRunsTtlMs: integerSetting(env, 'WEFT_METRICS_RUNS_TTL_MS', 10_000, 0, 3_600_000),
    temporalUiUrl: temporalUiUrl(env),
  };
}

export const API_CONFIG = Symbol('API_CONFIG');
