import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'import-x': importX },
    // import-x/no-cycle follows only our own modules; parsing PGlite's minified bundle overflows its stack.
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.js'] } }, 'import-x/ignore': ['node_modules'] },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-cycle': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // Nest resolves constructor parameters from emitted metadata: their types must stay value imports.
    files: ['apps/api/src/**/*.ts', 'apps/worker/src/**/*.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox.
    files: ['libs/interpreter/src/**/*.ts'],
    ignores: ['libs/interpreter/src/index.ts', 'libs/interpreter/src/temporal-env.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'Node APIs are not available in workflow code.' },
            { group: ['@nestjs/*', 'class-validator', 'class-transformer', 'reflect-metadata'], message: 'Decorators and metadata break in the workflow sandbox.' },
            { group: ['@temporalio/activity', '@temporalio/worker', '@temporalio/client'], message: 'Workflow code may use @temporalio/workflow and @temporalio/common only.' },
            { group: ['@weft/components', '@weft/components/*'], allowTypeImports: true, message: 'Import only types from these in workflow code.' },
            { regex: '^@weft/dsl(?!/runtime$)', allowTypeImports: true, message: "Workflow code imports values from the DSL's sandbox-safe entry, '@weft/dsl/runtime', only." },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'setTimeout', message: 'Use sleep() from @temporalio/workflow.' }],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'Not deterministic; the sandbox seeds its own.' }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: { process: 'readonly', require: 'readonly', module: 'writable', console: 'readonly', globalThis: 'readonly', __dirname: 'readonly', URL: 'readonly', fetch: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
