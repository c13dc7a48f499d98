/**
 * What workflow code may use: plain types, the execution plan, limits, durations, expressions and JSON guards.
 * Sandbox-safe (no Node APIs, decorators or static checks); libs/interpreter imports only this, as
 * `@weft/dsl/runtime`. JSON Schema (Ajv, plain JavaScript) is here because approval nodes check payloads in the workflow.
 */
export * from './types';
export * from './plan';
export * from './wire-plan';
export * from './duration';
export * from './limits';
export * from './validation-issue';
export * from './json-schema';
export * from './component-protocol';
export * from './expressions/template';
export * from './expressions/evaluate';
export * from './expressions/references';
export * from './json-guard';
