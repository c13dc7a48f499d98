export * from './component';
export * from '@weft/dsl/src/component-protocol';
export * from './catalog';
export * from './to-activity';
export { coreNoop } from './built-in/core-noop';
export { coreLog } from './built-in/core-log';
export { coreDelay } from './built-in/core-delay';
export { httpRequest } from './built-in/http-request';
