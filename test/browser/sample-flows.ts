/** Flows the browser tests publish: every node kind, edge conditions and `on` kinds, a loop body and a subflow. */
export function showcaseFlow(id: string, childFlowId: string) {
  return {
    id,
    name: 'Order fulfilment',
    description: 'Every node kind of the flow language, for the console tests and screenshots',
    inputs: { type: 'object', properties: { amount: { type: 'number' } } },
    nodes: [
      { id: 'receive', type: 'task', component: 'core.log', inputs: { message: 'order received' } },
      { id: 'route', type: 'switch' },
      { id: 'review', type: 'approval', schema: { type: 'object', properties: { ok: { type: 'boolean' } } } },
      { id: 'mark', type: 'set', assign: { approved: true } },
      { id: 'cool', type: 'wait', duration: '1s' },
      {
        id: 'retries',
        type: 'loop',
        maxIterations: 3,
        body: {
          nodes: [
            { id: 'attempt', type: 'task', component: 'core.noop' },
            { id: 'note', type: 'task', component: 'core.log', inputs: { message: 'tried' } },
          ],
          edges: [{ from: 'attempt', to: 'note' }],
        },
      },
      {
        id: 'lines',
        type: 'foreach',
        items: '${[1, 2, 3]}',
        body: { nodes: [{ id: 'pack', type: 'task', component: 'core.noop' }] },
      },
      { id: 'ship', type: 'subflow', flow: childFlowId, onError: 'continue' },
      { id: 'compensate', type: 'fail', message: 'shipping failed' },
      { id: 'done', type: 'end' },
    ],
    edges: [
      { from: 'receive', to: 'route' },
      { from: 'route', to: 'review', when: '${inputs.amount > 100}' },
      { from: 'route', to: 'mark' },
      { from: 'review', to: 'cool' },
      { from: 'mark', to: 'cool' },
      { from: 'cool', to: 'retries' },
      { from: 'retries', to: 'lines' },
      { from: 'lines', to: 'ship' },
      { from: 'ship', to: 'done' },
      { from: 'ship', to: 'compensate', on: 'failure' },
    ],
  };
}

export function childFlow(id: string) {
  return {
    id,
    name: 'Shipping',
    nodes: [
      { id: 'label', type: 'task', component: 'core.noop' },
      { id: 'pickup', type: 'task', component: 'core.log', inputs: { message: 'picked up' } },
    ],
    edges: [{ from: 'label', to: 'pickup' }],
  };
}
