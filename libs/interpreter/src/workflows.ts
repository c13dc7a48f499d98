// Entry point of the workflow bundle: workflow functions and message definitions only.
export { flowRun } from './flow-run.workflow';
export { foreachRun } from './foreach-run.workflow';
export { loopRun } from './loop-run.workflow';
export { runEvents } from './run-events.workflow';
export * from './messages';
