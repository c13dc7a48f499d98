// Temporal's own server binary on PostgreSQL, configured exactly as docker-compose.yml configures the
// temporalio/server image: the same config file (temporal/compose/temporal-server.yaml, rendered by the server from
// the same environment variables), the same dynamic config file, the same schema and namespace scripts.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Connection } from '@temporalio/client';
import type { PostgresCluster } from './postgres-cluster';

const repoRoot = join(__dirname, '..', '..');
export const composeDir = join(repoRoot, 'temporal', 'compose');
export const SERVER_CONFIG_FILE = join(composeDir, 'temporal-server.yaml');
export const DYNAMIC_CONFIG_FILE = join(composeDir, 'dynamicconfig.yaml');

export interface TemporalBinaries {
  server: string;
  sqlTool: string;
  ui: string;
  schemaDir: string;
  uiRoot: string;
  version: string;
}

export interface TemporalPorts {
  frontend: number;
  frontendHttp: number;
  history: number;
  matching: number;
  worker: number;
  frontendMembership: number;
  historyMembership: number;
  matchingMembership: number;
  workerMembership: number;
}

export interface TemporalServerOptions {
  binaries: TemporalBinaries;
  postgres: PostgresCluster;
  ports: TemporalPorts;
  /** NUM_HISTORY_SHARDS: fixed at the first start of a cluster. */
  historyShards: number;
  /** The dynamic config file; compose's own unless a test adds values (see `dynamicConfigWith`). */
  dynamicConfigFile?: string;
  logFile: string;
}

/** The environment compose gives the server (x-temporal-db and the temporal service), for this host. */
export function temporalServerEnv(options: TemporalServerOptions): NodeJS.ProcessEnv {
  const { postgres, ports } = options;
  return {
    DB: 'postgres12',
    DB_PORT: String(postgres.options.port),
    POSTGRES_USER: postgres.options.user,
    POSTGRES_PWD: postgres.options.password,
    POSTGRES_SEEDS: '127.0.0.1',
    BIND_ON_IP: '127.0.0.1',
    NUM_HISTORY_SHARDS: String(options.historyShards),
    TEMPORAL_SERVER_CONFIG_FILE_PATH: SERVER_CONFIG_FILE,
    DYNAMIC_CONFIG_FILE_PATH: options.dynamicConfigFile ?? DYNAMIC_CONFIG_FILE,
    LOG_LEVEL: 'warn',
    FRONTEND_GRPC_PORT: String(ports.frontend),
    FRONTEND_HTTP_PORT: String(ports.frontendHttp),
    HISTORY_GRPC_PORT: String(ports.history),
    MATCHING_GRPC_PORT: String(ports.matching),
    WORKER_GRPC_PORT: String(ports.worker),
    FRONTEND_MEMBERSHIP_PORT: String(ports.frontendMembership),
    HISTORY_MEMBERSHIP_PORT: String(ports.historyMembership),
    MATCHING_MEMBERSHIP_PORT: String(ports.matchingMembership),
    WORKER_MEMBERSHIP_PORT: String(ports.workerMembership),
  };
}

/** Compose's dynamic config with some values added (tests lower limits), written to `file`. */
export function dynamicConfigWith(file: string, extra: Record<string, unknown>): string {
  const added = Object.entries(extra).map(([key, value]) => `${key}:\n  - value: ${JSON.stringify(value)}\n`);
  writeFileSync(file, `${readFileSync(DYNAMIC_CONFIG_FILE, 'utf8')}\n# added by the test harness\n${added.join('')}`);
  return file;
}

function sh(script: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('sh', [script], { env, timeout: timeoutMs, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${script} failed: ${err.message}\n${stdout}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

/** temporal/compose/setup-postgres.sh with the built temporal-sql-tool: both schemas and the `weft` database. */
export function setupSchemas(options: TemporalServerOptions): Promise<string> {
  const env = {
    ...process.env,
    ...temporalServerEnv(options),
    TEMPORAL_SCHEMA_DIR: options.binaries.schemaDir,
    PATH: `${dirname(options.binaries.sqlTool)}:${process.env.PATH}`,
  };
  return sh(join(composeDir, 'setup-postgres.sh'), env, 180_000);
}

/** temporal/compose/setup-namespace.sh with the Temporal CLI: the namespace and Weft's search attributes. */
export function setupNamespace(cliBin: string, address: string, namespace: string): Promise<string> {
  const env = {
    ...process.env,
    TEMPORAL_ADDRESS: address,
    TEMPORAL_NAMESPACE: namespace,
    PATH: `${dirname(cliBin)}:${process.env.PATH}`,
  };
  return sh(join(composeDir, 'setup-namespace.sh'), env, 180_000);
}

/** `temporal-server start` (all four services in one process), its output appended to `logFile`. */
export function spawnTemporalServer(options: TemporalServerOptions): ChildProcess {
  const fd = openSync(options.logFile, 'a');
  try {
    return spawn(options.binaries.server, ['start'], {
      env: { ...process.env, ...temporalServerEnv(options) },
      stdio: ['ignore', fd, fd],
      detached: true,
    });
  } finally {
    closeSync(fd);
  }
}

/**
 * Waits until the frontend serves `namespace` and visibility accepts a query on Weft's search attributes: the
 * namespace registry and the search-attribute cache are refreshed on their own schedules after setup.
 */
export async function waitForTemporal(address: string, namespace: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    let connection: Connection | undefined;
    try {
      connection = await Connection.connect({ address, connectTimeout: 2000 });
      await connection.workflowService.describeNamespace({ namespace });
      await connection.workflowService.listWorkflowExecutions({
        namespace,
        pageSize: 1,
        query: `FlowId = 'ready-check' AND FlowVersion = 1`,
      });
      return;
    } catch (err) {
      last = (err as Error).message;
      await new Promise((r) => setTimeout(r, 500));
    } finally {
      await connection?.close().catch(() => undefined);
    }
  }
  throw new Error(`Temporal at ${address} not ready for namespace ${namespace} after ${timeoutMs} ms: ${last}`);
}
