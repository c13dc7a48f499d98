// `npm run stack:prod:down`: stops what `npm run stack:prod` started (from stack.json in its state folder): the
// Weft processes and Temporal with SIGTERM (SIGKILL after 15 s), then its PostgreSQL cluster. The data stays;
// delete the state folder to start from scratch.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PostgresCluster } from './postgres-cluster';
import { signalGroup, sleep } from './processes';
import { prodStateDir } from './state-dir';

function alive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stopPid(name: string, pid: number) {
  if (!alive(pid)) return;
  signalGroup(pid, 'SIGTERM');
  const deadline = Date.now() + 15_000;
  while (alive(pid) && Date.now() < deadline) await sleep(200);
  if (alive(pid)) signalGroup(pid, 'SIGKILL');
  process.stderr.write(`[stack:prod:down] stopped ${name} (pid ${pid})\n`);
}

async function main() {
  const stateDir = prodStateDir();
  const stateFile = join(stateDir, 'stack.json');
  if (!existsSync(stateFile)) {
    process.stderr.write(`[stack:prod:down] nothing to stop: no ${stateFile}\n`);
    return;
  }
  const state = JSON.parse(readFileSync(stateFile, 'utf8')) as { pids?: Record<string, number> };
  const pids = Object.entries(state.pids ?? {});
  const order = ['api-proxy', 'api', 'worker', 'ui-server', 'temporal-server'];
  for (const prefix of order)
    await Promise.all(pids.filter(([name]) => name.startsWith(prefix)).map(([name, pid]) => stopPid(name, pid)));
  const postgres = new PostgresCluster({ dir: join(stateDir, 'postgres'), port: 0, user: '', password: '' });
  if (postgres.isRunning()) {
    postgres.stop();
    process.stderr.write('[stack:prod:down] stopped PostgreSQL\n');
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`[stack:prod:down] ${(err as Error).message}\n`);
  process.exit(1);
});
