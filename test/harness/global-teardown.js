module.exports = async function globalTeardown() {
  await globalThis.__weftTemporal?.stop();
};
