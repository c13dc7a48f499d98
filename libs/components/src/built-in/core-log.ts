import { defineComponent } from '../component';

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;

interface LogInputs {
  message: string;
  level?: (typeof LEVELS)[number];
  data?: Record<string, unknown>;
}

/** Writes a message to the worker's log, tagged with the run and node. */
export const coreLog = defineComponent({
  name: 'core.log',
  description: 'Writes a message to the worker log.',
  inputSchema: {
    type: 'object',
    properties: {
      message: { type: 'string' },
      level: { enum: LEVELS, default: 'info' },
      data: { type: 'object' },
    },
    required: ['message'],
    additionalProperties: false,
  },
  outputSchema: { type: 'object', required: ['message', 'level'] },
  run: ({ message, level = 'info', data }: LogInputs, { log }) => {
    log[level](message, data);
    return { message, level };
  },
});
