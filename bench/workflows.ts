// The bench worker's bundle: the interpreter and the hand-written baselines side by side.
export * from '../libs/interpreter/src/workflows';
export * from './baseline.workflows';
