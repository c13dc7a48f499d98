/** Definitions the end-to-end tests publish. */

export const diamondFlow = (id: string, delay = '1s') => ({
  id,
  name: 'Diamond',
  nodes: [
    { id: 'A', type: 'task', component: 'core.noop', inputs: { step: 'a' } },
    { id: 'B', type: 'task', component: 'core.delay', inputs: { duration: delay } },
    { id: 'C', type: 'task', component: 'core.delay', inputs: { duration: delay } },
    { id: 'D', type: 'task', component: 'core.log', inputs: { message: 'joined' } },
  ],
  edges: [
    { from: 'A', to: 'B' },
    { from: 'A', to: 'C' },
    { from: 'B', to: 'D' },
    { from: 'C', to: 'D' },
  ],
});
