import { toMilliseconds } from '@weft/dsl';
import { defineComponent } from '../component';

const HEARTBEAT_EVERY_MS = 1000;

/** Waits for a duration inside an activity, heartbeating, and stops at once when cancelled. */
export const coreDelay = defineComponent({
  name: 'core.delay',
  description: 'Waits for `duration` (ms or "30s"), heartbeating every second; cancellable.',
  inputSchema: {
    type: 'object',
    properties: {
      duration: {
        oneOf: [
          { type: 'number', minimum: 0 },
          { type: 'string', pattern: '^\\s*\\d+(\\.\\d+)?\\s*(ms|s|m|h|d)\\s*$' },
        ],
      },
    },
    required: ['duration'],
    additionalProperties: false,
  },
  run: async ({ duration }: { duration: number | string }, { sleep, heartbeat }) => {
    const total = toMilliseconds(duration);
    let left = total;
    while (left > 0) {
      const step = Math.min(left, HEARTBEAT_EVERY_MS);
      await sleep(step);
      left -= step;
      heartbeat({ waitedMs: total - left });
    }
    return { waitedMs: total };
  },
});
