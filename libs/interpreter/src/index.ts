// For clients (API, CLI, tests): message definitions, state types and search attribute keys.
export * from './run-state';
export * from './given-outputs';
export * from './messages';
export * from './run-events';
export * from './search-attributes';
export * from './memo';

/** Path of the workflow entry point, for `Worker.create({ workflowsPath })` and `bundleWorkflowCode`. */
export const workflowsPath = require.resolve('./workflows');
export * from './temporal-env';
export * from './env-settings';
export { withinBudget } from './state-budget';
