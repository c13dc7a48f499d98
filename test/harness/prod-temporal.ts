// WEFT_TEST_STACK=prod: the tests' Temporal is the production stack's (scripts/prod-stack): Temporal's own server
// binary with compose's config file and 4 history shards on a PostgreSQL cluster of its own in a temp folder, the
// namespace and search attributes registered through the operator API by compose's script. The tests' control-plane
// databases live in that cluster too. Everything on free ports, so it runs beside a dev or prod stack.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresCluster } from '../../scripts/prod-stack/postgres-cluster';
import {
  dynamicConfigWith,
  setupNamespace,
  setupSchemas,
  spawnTemporalServer,
  waitForTemporal,
  type TemporalBinaries,
  type TemporalPorts,
  type TemporalServerOptions,
} from '../../scripts/prod-stack/temporal-cluster';
import { freePort } from './free-port';

export interface ProdTemporal {
  address: string;
  /** A superuser URL of the stack's PostgreSQL: the tests create their throwaway databases through it. */
  postgresAdminUrl: string;
  /** The server's pid and the postmaster's, for the reaper. */
  pids: number[];
  dir: string;
  stop(options?: { keep?: boolean }): Promise<void>;
}

export async function startProdTemporal({
  binaries,
  cliBin,
  dynamicConfig,
  namespace = 'default',
}: {
  binaries: TemporalBinaries;
  cliBin: string;
  dynamicConfig: Record<string, unknown>;
  namespace?: string;
}): Promise<ProdTemporal> {
  const dir = mkdtempSync(join(tmpdir(), 'weft-prod-test-'));
  const postgres = new PostgresCluster({
    dir: join(dir, 'postgres'),
    port: await freePort(),
    user: 'temporal',
    password: 'temporal',
  });
  postgres.init();
  postgres.start();
  const ports = await freeTemporalPorts();
  const options: TemporalServerOptions = {
    binaries,
    postgres,
    ports,
    historyShards: 4,
    dynamicConfigFile: dynamicConfigWith(join(dir, 'dynamicconfig.yaml'), dynamicConfig),
    logFile: join(dir, 'temporal-server.log'),
  };
  const stopPostgres = ({ keep = false } = {}) => {
    postgres.stop();
    if (!keep) rmSync(dir, { recursive: true, force: true });
  };
  try {
    await setupSchemas(options);
  } catch (err) {
    stopPostgres();
    throw err;
  }
  const server = spawnTemporalServer(options);
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  const address = `127.0.0.1:${ports.frontend}`;
  const stop = async ({ keep = false } = {}) => {
    if (server.exitCode === null && server.signalCode === null) {
      const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
      server.kill('SIGTERM');
      await exited;
      clearTimeout(timer);
    }
    stopPostgres({ keep });
  };
  const died = exited.then(() => {
    throw new Error(`temporal-server exited (${server.exitCode ?? server.signalCode})`);
  });
  try {
    await Promise.race([setupNamespace(cliBin, address, namespace), died]);
    await Promise.race([waitForTemporal(address, namespace), died]);
  } catch (err) {
    await stop({ keep: true });
    const log = existsSync(options.logFile)
      ? readFileSync(options.logFile, 'utf8').split('\n').slice(-15).join('\n')
      : '';
    throw new Error(`${(err as Error).message}\n${log}\n(the server's log is in ${options.logFile})`);
  }
  died.catch(() => undefined);
  return {
    address,
    postgresAdminUrl: postgres.url('postgres'),
    pids: [server.pid!, postgres.pid()!].filter(Boolean),
    dir,
    stop,
  };
}

/** Free ports for every Temporal service, its gRPC and its membership port. */
export async function freeTemporalPorts(): Promise<TemporalPorts> {
  return {
    frontend: await freePort(),
    frontendHttp: await freePort(),
    history: await freePort(),
    matching: await freePort(),
    worker: await freePort(),
    frontendMembership: await freeMembershipPort(),
    historyMembership: await freeMembershipPort(),
    matchingMembership: await freeMembershipPort(),
    workerMembership: await freeMembershipPort(),
  };
}

/** Temporal's SQL schema keeps membership ports in a smallint: they must stay below 32768, under the ephemeral range. */
export async function freeMembershipPort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error('no free port below 32768 for Temporal membership');
}
