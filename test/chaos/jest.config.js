// `npm run chaos`: the durability suite against real OS processes (dev server, worker, API) that it kills with
// SIGKILL. Its files end in `.chaos.ts` so the root config (`*.test.ts`) leaves them out of `npm test`.
const root = require('../../jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  rootDir: '../..',
  testEnvironment: 'node',
  transform: root.transform,
  transformIgnorePatterns: root.transformIgnorePatterns,
  testMatch: ['<rootDir>/test/chaos/**/*.chaos.ts'],
  // Generous: the suite stops itself well before this (every wait in it is bounded).
  testTimeout: 8 * 60_000,
};
