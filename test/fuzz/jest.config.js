// `npm run fuzz`: the property-based fuzz suite, on its own Temporal dev server (see test/fuzz/flows.fuzz.ts).
const base = require('../../jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  rootDir: '../..',
  testMatch: ['<rootDir>/test/fuzz/**/*.fuzz.ts'],
  testTimeout: 30 * 60_000,
};
