// The class-validator DTOs: for the API only. Workflow code imports '@weft/dsl', never this file.
import 'reflect-metadata';
export * from './src/dto/flow-definition.dto';
export * from './src/dto/node.dto';
export * from './src/dto/edge.dto';
export * from './src/dto/retry-policy.dto';
export * from './src/dto/to-issues';
export * from './src/dto/parse-flow-definition';
export * from './src/dto/validate-flow-definition';
export * from './src/dto/detach-free-form';
export { FreeForm, freeFormKeys } from './src/dto/fields';
