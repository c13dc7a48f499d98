// Starts one real Temporal dev server (in memory, headless, on a free port) for the whole test run.
const { spawn } = require('node:child_process');
const { mkdtempSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { freePort } = require('./free-port');
const { ensurePostgres } = require('./postgres');

/**
 * Loop and foreach runs continue as new when the server suggests it, by default once a run's history holds
 * 4096 events. Suggesting it at 200 lets a few hundred iterations or items cross several continue-as-new
 * boundaries, so the tests prove the hand-over at small scale; scale itself is `npm run bench`'s business.
 */
const SUGGEST_CONTINUE_AS_NEW_AFTER_EVENTS = 200;

module.exports = async function globalSetup() {
  // Claim-checked payloads of this test run go to a directory of its own, removed at the end (docs/claim-check.md).
  if (!process.env.WEFT_BLOB_STORE) {
    globalThis.__weftBlobs = mkdtempSync(join(tmpdir(), 'weft-test-blobs-'));
    process.env.WEFT_BLOB_STORE = `file://${globalThis.__weftBlobs}`;
  }
  if (process.env.WEFT_TEST_STACK === 'prod') return prodSetup();
  const { startDevServer } = await import('../../temporal/dev-server.mjs');
  const started = Date.now();
  const postgres = ensurePostgres();
  process.env.WEFT_TEST_POSTGRES_ADMIN_URL = postgres.url;
  const server = await startDevServer({
    port: await freePort(),
    namespace: 'default',
    dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': SUGGEST_CONTINUE_AS_NEW_AFTER_EVENTS },
  });
  process.env.TEMPORAL_ADDRESS = server.address;
  process.env.TEMPORAL_NAMESPACE = 'default';
  // Worker processes the tests spawn run side by side (and beside a dev stack's): one metrics port would collide.
  process.env.WEFT_WORKER_METRICS_PORT = '0';
  process.env.WEFT_TEST_TEMPORAL_BIN = server.bin;
  globalThis.__weftTemporal = server;
  reapWithThisProcess(server.process.pid);
  process.stderr.write(
    `\n[test] Temporal dev server ${server.address} ready in ${Date.now() - started}ms (${server.bin}); PostgreSQL ${new URL(postgres.url).host}${postgres.started ? ' (started)' : ''}\n`,
  );
};

/**
 * WEFT_TEST_STACK=prod (`npm run test:prod`): the same tests against the production stack's Temporal (its own server
 * binary on PostgreSQL, 4 history shards, compose's config files; see test/harness/prod-temporal.ts).
 */
async function prodSetup() {
  const started = Date.now();
  const { ensureTemporalServer } = await import('../../temporal/ensure-temporal-server.mjs');
  const { ensureTemporal } = await import('../../temporal/ensure-temporal.mjs');
  const { startProdTemporal } = require('./prod-temporal');
  const { DEV_SERVER_DYNAMIC_CONFIG } = await import('../../temporal/dynamic-config.mjs');
  const [binaries, cliBin] = await Promise.all([ensureTemporalServer(), ensureTemporal()]);
  const temporal = await startProdTemporal({
    binaries,
    cliBin,
    // With the dev server's one partition per task queue, as the priority test observes a strict order.
    dynamicConfig: {
      'limit.historyCount.suggestContinueAsNew': SUGGEST_CONTINUE_AS_NEW_AFTER_EVENTS,
      ...DEV_SERVER_DYNAMIC_CONFIG,
    },
  });
  process.env.WEFT_TEST_POSTGRES_ADMIN_URL = temporal.postgresAdminUrl;
  process.env.TEMPORAL_ADDRESS = temporal.address;
  process.env.TEMPORAL_NAMESPACE = 'default';
  process.env.WEFT_WORKER_METRICS_PORT = '0';
  process.env.WEFT_TEST_TEMPORAL_BIN = cliBin;
  globalThis.__weftTemporal = temporal;
  reapWithThisProcess(...temporal.pids);
  process.stderr.write(
    `\n[test] production Temporal ${binaries.version} (PostgreSQL, 4 history shards) ${temporal.address} ready in ${Date.now() - started}ms (${temporal.dir})\n`,
  );
}

/** The dev server goes when jest goes, even when jest dies without its teardown (a crash, kill -9). */
function reapWithThisProcess(...pids) {
  const list = join(mkdtempSync(join(tmpdir(), 'weft-test-')), 'live-processes');
  writeFileSync(list, pids.map((pid) => `${pid}\n`).join(''));
  const reaper = spawn(process.execPath, [join(__dirname, 'reaper.mjs'), String(process.pid), list], {
    detached: true,
    stdio: 'ignore',
  });
  reaper.unref();
}
