import type { FlowDefinition } from '@weft/dsl';

/**
 * Representative runs whose histories are recorded into test/replay/histories and replayed in CI,
 * so that any change to the interpreter that would break running workflows fails the tests.
 * Add a scenario (and record it) for every new behaviour; never re-record an old one to make replay pass.
 */
export const scenarios: Record<string, FlowDefinition> = {
  'diamond-v1': {
    id: 'diamond',
    nodes: [
      { id: 'A', type: 'task', component: 'core.noop', inputs: { step: 'a' } },
      { id: 'B', type: 'task', component: 'core.delay', inputs: { duration: '200ms' } },
      { id: 'C', type: 'task', component: 'core.log', inputs: { message: 'c' }, local: true },
      { id: 'D', type: 'task', component: 'core.noop' },
    ],
    edges: [
      { from: 'A', to: 'B' },
      { from: 'A', to: 'C' },
      { from: 'B', to: 'D' },
      { from: 'C', to: 'D' },
    ],
  },
  'timeout-cancels-siblings-v1': {
    id: 'timeout',
    nodes: [
      { id: 'long', type: 'task', component: 'core.delay', inputs: { duration: '10s' } },
      {
        id: 'slow',
        type: 'task',
        component: 'core.delay',
        inputs: { duration: '5s' },
        timeout: '300ms',
        retry: { maximumAttempts: 2, initialInterval: '100ms' },
      },
      { id: 'join', type: 'task', component: 'core.noop' },
    ],
    edges: [
      { from: 'long', to: 'join' },
      { from: 'slow', to: 'join' },
    ],
  },
};
