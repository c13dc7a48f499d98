// Starts one real Temporal dev server (in memory, headless, on a free port) for the whole test run.
const { freePort } = require('./free-port');

/**
 * Loop and foreach runs continue as new when the server suggests it, by default once a run's history holds
 * 4096 events. Suggesting it at 200 lets a few hundred iterations or items cross several continue-as-new
 * boundaries, so the tests prove the hand-over at small scale; scale itself is `npm run bench`'s business.
 */
const SUGGEST_CONTINUE_AS_NEW_AFTER_EVENTS = 200;

module.exports = async function globalSetup() {
  const { startDevServer } = await import('../../temporal/dev-server.mjs');
  const started = Date.now();
  const server = await startDevServer({
    port: await freePort(),
    namespace: 'default',
    dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': SUGGEST_CONTINUE_AS_NEW_AFTER_EVENTS },
  });
  process.env.TEMPORAL_ADDRESS = server.address;
  process.env.TEMPORAL_NAMESPACE = 'default';
  process.env.WEFT_TEST_TEMPORAL_BIN = server.bin;
  globalThis.__weftTemporal = server;
  process.stderr.write(
    `\n[test] Temporal dev server ${server.address} ready in ${Date.now() - started}ms (${server.bin})\n`,
  );
};
