// `npm run chaos:prod`: faults on the production stack (faults.chaos.ts). Its file ends in `.chaos.ts`, so neither
// `npm test` nor `npm run test:prod` runs it.
const root = require('../../jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  rootDir: '../..',
  testEnvironment: 'node',
  transform: root.transform,
  transformIgnorePatterns: root.transformIgnorePatterns,
  testMatch: ['<rootDir>/test/prod-stack/**/*.chaos.ts'],
  // Generous: every wait in the suite is bounded well before this.
  testTimeout: 10 * 60_000,
};
