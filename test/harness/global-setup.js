// Starts one real Temporal dev server (in memory, headless, on a free port) for the whole test run.
const { freePort } = require('./free-port');

module.exports = async function globalSetup() {
  const { startDevServer } = await import('../../temporal/dev-server.mjs');
  const started = Date.now();
  const server = await startDevServer({ port: await freePort(), namespace: 'default' });
  process.env.TEMPORAL_ADDRESS = server.address;
  process.env.TEMPORAL_NAMESPACE = 'default';
  process.env.WEFT_TEST_TEMPORAL_BIN = server.bin;
  globalThis.__weftTemporal = server;
  process.stderr.write(`\n[test] Temporal dev server ${server.address} ready in ${Date.now() - started}ms (${server.bin})\n`);
};
