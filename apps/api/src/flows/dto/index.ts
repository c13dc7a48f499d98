// The class-validator DTOs of the flow language: for the API only. Workflow code imports '@weft/dsl/runtime'.
import 'reflect-metadata';
export * from './flow-definition.dto';
export * from './node.dto';
export * from './edge.dto';
export * from './retry-policy.dto';
export * from './to-issues';
export * from './parse-flow-definition';
export * from './validate-flow-definition';
export * from './detach-free-form';
export { FreeForm, freeFormKeys, ObjectField } from './fields';
