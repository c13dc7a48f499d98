export { FlowGraph, type FlowGraphProps, type NodeStatus } from './flow-graph';
export { placeIssues } from './issue-targets';
export { edgeLabel } from './build-elements';
