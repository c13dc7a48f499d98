// `npm run test:prod`: a substantial subset of the end-to-end suite against the production stack's Temporal
// (WEFT_TEST_STACK=prod: Temporal's own server binary on PostgreSQL with 4 history shards and compose's config files,
// see test/harness/prod-temporal.ts) instead of the dev server. The same test files, unchanged; `npm test` runs them
// on the dev server. WEFT_TEST_STACK=prod with the root config runs any other file the same way.
process.env.WEFT_TEST_STACK ??= 'prod';
const root = require('../../jest.config.js');

/** Graph shapes, the expression language, operations, loops and foreach, approvals and subflows, visibility. */
const SUBSET = [
  'diamond',
  'language',
  'operating-runs',
  'operations-http',
  'loop',
  'foreach',
  'approval-and-subflow',
  'versions-and-visibility',
  'run-status-listing',
];

/** @type {import('jest').Config} */
module.exports = {
  ...root,
  rootDir: '../..',
  testMatch: SUBSET.map((name) => `<rootDir>/test/e2e/${name}.test.ts`),
};
