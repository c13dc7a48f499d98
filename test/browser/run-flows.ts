/** Small, quick flows the run tests publish: each shows one thing an operator does in the console. */

/**
 * Inputs of every kind the start form renders; then, once a test has the run on screen and lets `go`, a task that
 * runs long enough to be seen RUNNING.
 */
export function startableFlow(id: string) {
  return {
    id,
    name: 'Greeting',
    inputs: {
      type: 'object',
      required: ['name'],
      properties: {
        name: { type: 'string', title: 'Name' },
        count: { type: 'integer', default: 2 },
        mode: { enum: ['fast', 'slow'] },
        tags: { type: 'array', items: { type: 'string' } },
        loud: { type: 'boolean' },
      },
    },
    nodes: [
      { id: 'greet', type: 'task', component: 'core.noop', inputs: { all: '${inputs}' } },
      { id: 'go', type: 'approval' },
      { id: 'work', type: 'task', component: 'core.delay', inputs: { duration: '2s' } },
      { id: 'done', type: 'task', component: 'core.noop', inputs: { greeted: '${nodes.greet.output.all.name}' } },
    ],
    edges: [
      { from: 'greet', to: 'go' },
      { from: 'go', to: 'work' },
      { from: 'work', to: 'done' },
    ],
  };
}

/** Three quick steps; a run started with a breakpoint at `hold` stays open for as long as a test needs it. */
export function pausableFlow(id: string) {
  return {
    id,
    variables: { limit: 5 },
    nodes: [
      { id: 'first', type: 'task', component: 'core.noop' },
      { id: 'hold', type: 'task', component: 'core.noop', inputs: { limit: '${vars.limit}' } },
      { id: 'last', type: 'task', component: 'core.noop' },
    ],
    edges: [
      { from: 'first', to: 'hold' },
      { from: 'hold', to: 'last' },
    ],
  };
}

/** Two calls that fail at once (a 404 is not retried) and wait for an operator (onError: pause). */
export function pausedOnErrorFlow(id: string, failingUrl: string) {
  const call = (nodeId: string) => ({
    id: nodeId,
    type: 'task',
    component: 'http.request',
    inputs: { url: failingUrl },
    onError: 'pause',
  });
  return {
    id,
    nodes: [
      call('fetch'),
      call('probe'),
      { id: 'after', type: 'task', component: 'core.noop', inputs: { fetched: '${nodes.fetch.output}' } },
    ],
    edges: [
      { from: 'fetch', to: 'after' },
      { from: 'probe', to: 'after' },
    ],
  };
}

/** An approval whose payload has a schema, and a task that reads the decision. */
export function approvalFlow(id: string) {
  return {
    id,
    nodes: [
      {
        id: 'review',
        type: 'approval',
        schema: {
          type: 'object',
          required: ['ticket'],
          properties: { ticket: { type: 'string' }, priority: { type: 'integer' }, urgent: { type: 'boolean' } },
        },
      },
      { id: 'after', type: 'task', component: 'core.noop', inputs: { decision: '${nodes.review.output}' } },
    ],
    edges: [{ from: 'review', to: 'after' }],
  };
}

/** A foreach over the run's items whose body doubles each. */
export function foreachFlow(id: string) {
  return {
    id,
    inputs: { type: 'object', properties: { items: { type: 'array', items: { type: 'integer' } } } },
    nodes: [
      {
        id: 'lines',
        type: 'foreach',
        items: '${inputs.items}',
        body: { nodes: [{ id: 'double', type: 'task', component: 'core.noop', inputs: { v: '${item * 2}' } }] },
      },
    ],
  };
}
