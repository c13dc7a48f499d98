module.exports = async function globalTeardown() {
  // PostgreSQL stays up: other test runs on this machine may be using it, and each test file drops its databases.
  await globalThis.__weftTemporal?.stop();
  if (globalThis.__weftBlobs) require('node:fs').rmSync(globalThis.__weftBlobs, { recursive: true, force: true });
};
