// `npm run stack:prod`: the production stack without containers (see prod-stack.ts), in the foreground until Ctrl-C;
// `-- --detach` leaves it running (stop it with `npm run stack:prod:down`). State: .data/stack-prod/ (WEFT_PROD_STATE_DIR).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_PORTS, ProdStack } from './prod-stack';
import { prodStateDir } from './state-dir';

async function main() {
  const detach = process.argv.includes('--detach');
  const stateDir = prodStateDir();
  mkdirSync(stateDir, { recursive: true });
  if (existsSync(join(stateDir, 'stack.json')) && runningPids(stateDir).length > 0)
    throw new Error(`a production stack is already running from ${stateDir}; stop it with npm run stack:prod:down`);
  // ES modules of the repository's temporal/ folder, which build and cache the Go binaries.
  const { ensureTemporalServer } = await import('../../temporal/ensure-temporal-server.mjs');
  const { ensureTemporal } = await import('../../temporal/ensure-temporal.mjs');
  const [binaries, cliBin] = await Promise.all([ensureTemporalServer(), ensureTemporal()]);
  const stack = new ProdStack({
    stateDir,
    ports: DEFAULT_PORTS,
    binaries,
    cliBin,
    historyShards: 4,
    auth: 'on',
    adminKey: adminKey(stateDir),
  });
  let stopping = false;
  const stop = async (why: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`\n[stack:prod] ${why}: stopping\n`);
    await stack.stop();
    process.exit(0);
  };
  if (!detach) {
    process.once('SIGINT', () => void stop('Ctrl-C'));
    process.once('SIGTERM', () => void stop('SIGTERM'));
  }
  try {
    await stack.start();
  } catch (err) {
    process.stderr.write(`[stack:prod] start failed: ${(err as Error).message}\n`);
    await stack.stop();
    process.exit(1);
  }
  const p = DEFAULT_PORTS;
  const lines = [
    '',
    `Weft production stack (state and logs: ${stateDir})`,
    `  API (one address)   ${stack.apiUrl}   admin key: ${adminKey(stateDir)}`,
    `  API replicas        ${p.apiReplicas.map((port) => `http://127.0.0.1:${port}`).join(', ')}`,
    `  workers             ${p.workerMetrics.length} on task queue "${stack.taskQueue}", metrics ${p.workerMetrics.map((port) => `:${port}`).join(', ')}`,
    `  Temporal frontend   ${stack.temporalAddress} (namespace ${stack.namespace}, 4 history shards, server ${binaries.version})`,
    `  Temporal Web UI     ${stack.uiUrl}`,
    `  PostgreSQL          ${stack.postgres.url().replace(/:[^:@/]+@/, ':***@')} (databases temporal, temporal_visibility, weft)`,
    '',
    `  curl -H "Authorization: Bearer ${adminKey(stateDir)}" ${stack.apiUrl}/flows`,
    detach ? '  stop with: npm run stack:prod:down' : '  Ctrl-C (or npm run stack:prod:down) stops it',
    '',
  ];
  process.stdout.write(lines.join('\n'));
  if (detach) process.exit(0);
}

/** The bootstrap admin key, made once per state folder (compose takes WEFT_BOOTSTRAP_ADMIN_KEY the same way). */
function adminKey(stateDir: string): string {
  if (process.env.WEFT_BOOTSTRAP_ADMIN_KEY) return process.env.WEFT_BOOTSTRAP_ADMIN_KEY;
  const file = join(stateDir, 'admin-key');
  if (!existsSync(file)) {
    const id = randomBytes(6).toString('hex');
    writeFileSync(file, `weft_${id}_${randomBytes(32).toString('base64url')}\n`, { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

function runningPids(stateDir: string): number[] {
  const state = JSON.parse(readFileSync(join(stateDir, 'stack.json'), 'utf8')) as { pids?: Record<string, number> };
  return Object.values(state.pids ?? {}).filter((pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`[stack:prod] ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
