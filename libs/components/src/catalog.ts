import type { ComponentCatalog, ComponentDescriptor } from '@weft/dsl';
import { codeJavascript, codePython } from './built-in/code/code-component';
import { coreDelay } from './built-in/core-delay';
import { coreLog } from './built-in/core-log';
import { coreNoop } from './built-in/core-noop';
import { httpRequest } from './built-in/http-request';
import type { Component } from './component';
import type { BlobStore } from './payloads/blob-store';
import { readBlobStore } from './payloads/weft-data-converter';
import { toActivity } from './to-activity';

export const builtInComponents: readonly Component[] = [
  coreNoop,
  coreLog,
  coreDelay,
  httpRequest,
  codePython,
  codeJavascript,
];

/** Names and schemas of components, for the static checks. */
export function componentCatalog(components: readonly Component[] = builtInComponents): ComponentCatalog {
  return new Map<string, ComponentDescriptor>(
    components.map(({ name, description, inputSchema, outputSchema }) => [
      name,
      { name, description, inputSchema, outputSchema },
    ]),
  );
}

/**
 * The activities a worker registers: one per component, named after it. `store` holds the value references of
 * outputs over the inline limit (docs/claim-check.md): the same store as the claim-check codec's.
 */
export function componentActivities(
  components: readonly Component[] = builtInComponents,
  store: BlobStore = readBlobStore(),
) {
  const names = new Set<string>();
  for (const { name } of components) {
    if (names.has(name)) throw new Error(`component "${name}" is registered twice`);
    names.add(name);
  }
  return Object.fromEntries(components.map((component) => [component.name, toActivity(component, store)]));
}
