/** @type {import('jest').Config} */
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

/**
 * PGlite's CommonJS build loads Node built-ins with `import()`, which jest's module sandbox cannot run without
 * --experimental-vm-modules; compiled to CommonJS, those become plain requires.
 */
const pgliteCjs = { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } };
/** @nestjs/terminus ships ECMAScript modules only, which jest's CommonJS sandbox cannot require on Node 20. */
const esmToCjs = pgliteCjs;

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['@swc/jest', swc],
    '@electric-sql/pglite/dist/.+\\.cjs$': ['@swc/jest', pgliteCjs],
    '@nestjs/terminus/dist/.+\\.js$': ['@swc/jest', esmToCjs],
  },
  transformIgnorePatterns: ['/node_modules/(?!@electric-sql/pglite/|@nestjs/terminus/)'],
  testMatch: ['<rootDir>/libs/**/*.test.ts', '<rootDir>/apps/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
  globalSetup: '<rootDir>/test/harness/global-setup.js',
  globalTeardown: '<rootDir>/test/harness/global-teardown.js',
  setupFiles: ['reflect-metadata'],
  testTimeout: 60_000,
};
