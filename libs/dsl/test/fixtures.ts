import type { ComponentCatalog } from '../src';

/** A small catalog standing in for the worker's components in pure checks. */
export const catalog: ComponentCatalog = new Map([
  ['core.noop', { name: 'core.noop', inputSchema: { type: 'object' } }],
  [
    'demo.greet',
    {
      name: 'demo.greet',
      inputSchema: {
        type: 'object',
        properties: { who: { type: 'string' }, times: { type: 'integer', minimum: 1 } },
        required: ['who'],
        additionalProperties: false,
      },
    },
  ],
]);

export const task = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'task' as const,
  component: 'core.noop',
  ...extra,
});
