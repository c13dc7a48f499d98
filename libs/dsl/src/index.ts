// The full language: the runtime entry plus what only the API and tools need (static checks, compilation, schema).
export * from './runtime';
export * from './identifiers';
export * from './defaults';
export * from './node-types';
export * from './checks/check-flow';
export * from './compile-plan';
export * from './flow-schema';
