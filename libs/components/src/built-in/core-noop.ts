import { defineComponent } from '../component';

/** Does nothing and passes its inputs through as its output. */
export const coreNoop = defineComponent({
  name: 'core.noop',
  description: 'Does nothing; its output is its inputs.',
  inputSchema: { type: 'object' },
  run: (inputs: Record<string, unknown>) => inputs,
});
