// The sandbox-safe entry for workflow code: `import { ... } from '@weft/dsl/runtime'`.
export * from './src/runtime';
