import { COMPONENT_PATTERN, ID_PATTERN } from './identifiers';
import { LIMITS } from './limits';
import type { NodeType } from './types';

/**
 * The JSON Schema (draft-07) of a flow definition, served at /schemas/flow.json so editors can check and complete
 * flow files (`"$schema": "<api>/schemas/flow.json"`). It states the shape the API's DTOs accept (fields, types,
 * ranges, required and unknown fields); the static checks (graph, expressions, components, subflows) go further.
 * A test keeps it in step with the DTOs and checks every end-to-end fixture against it.
 */

type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/definitions/${name}` });
const text = (description: string, maxLength = 10_000): Schema => ({
  type: 'string',
  minLength: 1,
  maxLength,
  description,
});
const integer = (description: string, minimum: number, maximum: number): Schema => ({
  type: 'integer',
  minimum,
  maximum,
  description,
});
const object = (description: string): Schema => ({ type: 'object', description });
const oneOfValues = (values: string[], description: string): Schema => ({ enum: values, description });

/** What every node has; a node schema adds its own fields and requires its type. */
const nodeBase: Schema = {
  id: { ...ref('id'), description: 'Unique id of the node in its flow; expressions read its output as nodes.<id>.' },
  name: text('Display name.', 200),
  description: text('What the node is for.'),
  breakpoint: { type: 'boolean', description: 'Pause before the node starts, until an operator resumes or skips it.' },
};

function node(type: NodeType, description: string, fields: Schema, required: string[] = []): Schema {
  return {
    type: 'object',
    description,
    properties: { ...nodeBase, type: { const: type }, ...fields },
    required: ['id', 'type', ...required],
    additionalProperties: false,
  };
}

const onError = oneOfValues(
  ['fail', 'continue', 'pause'],
  'After the last retry: fail the run, go on along failure edges, or wait for an operator. Default: fail.',
);

const NODES: Record<NodeType, Schema> = {
  task: node(
    'task',
    'Runs a component (an activity).',
    {
      component: {
        type: 'string',
        pattern: COMPONENT_PATTERN.source,
        description: 'Component to run, e.g. "http.request".',
      },
      inputs: object('Inputs passed to the component; strings may hold ${expressions}.'),
      outputs: object('Variables set from the result: { "name": "${output.field}" }.'),
      retry: ref('retry'),
      timeout: ref('duration'),
      heartbeat: ref('duration'),
      taskQueue: { type: 'string', maxLength: 200, description: 'Task queue of the worker that runs this component.' },
      local: { type: 'boolean', description: 'Run as a local activity (short, cheap components).' },
      priority: integer('Task-queue priority: 1 runs first, 5 last. Default: 3.', 1, 5),
      onError,
    },
    ['component'],
  ),
  switch: node('switch', "A gateway: its outgoing edges' `when` conditions are the cases.", {
    mode: oneOfValues(['first', 'all'], 'first: only the first matching case; all: every matching case.'),
  }),
  set: node('set', 'Assigns variables.', { assign: object('Variables to assign; values may hold ${expressions}.') }, [
    'assign',
  ]),
  wait: node('wait', 'Waits for a duration or until an instant.', {
    duration: { anyOf: [ref('duration'), ref('template')], description: 'How long to wait.' },
    until: text('ISO-8601 instant to wait until; may be a ${expression}.', 2000),
  }),
  end: node('end', 'Ends the run.', { output: { description: 'The run output; may hold ${expressions}.' } }),
  fail: node(
    'fail',
    'Fails the run.',
    { message: text('Error message; may hold ${expressions}.', 2000), errorType: text('Error type.', 200) },
    ['message'],
  ),
  approval: node('approval', 'Waits for a human decision (approve or reject).', {
    schema: object('JSON Schema of the payload approvers send.'),
    timeout: ref('duration'),
    onTimeout: oneOfValues(['approve', 'reject', 'fail'], 'What a timeout means. Default: fail.'),
  }),
  subflow: node(
    'subflow',
    'Runs another flow as a child run.',
    {
      flow: { ...ref('id'), description: 'Id of the flow to run.' },
      version: integer('Version of that flow. Default: its latest when this flow is published.', 1, 1_000_000),
      inputs: object('Inputs of the child run; may hold ${expressions}.'),
      outputs: object('Variables set from the child output.'),
      onError,
    },
    ['flow'],
  ),
  loop: node(
    'loop',
    'Repeats its body while `while` holds, at most maxIterations times.',
    {
      body: ref('graph'),
      while: text('Condition checked after each iteration; the loop stops when it is false.', 5000),
      maxIterations: integer('Most iterations.', 1, LIMITS.maxLoopIterations),
      outputs: object('Variables set from the loop result (output.iterations, output.last).'),
    },
    ['body', 'maxIterations'],
  ),
  foreach: node(
    'foreach',
    'Runs its body once per item of a list.',
    {
      items: text('Expression giving the list, e.g. "${inputs.orders}".', 5000),
      body: ref('graph'),
      concurrency: integer('Items in flight at once. Default: 10.', 1, 1000),
      onItemError: oneOfValues(['fail', 'continue'], 'What a failed item does. Default: fail.'),
      outputs: object(
        'Variables set from the result (output.outputs, output.succeeded, output.failed, output.errors).',
      ),
    },
    ['items', 'body'],
  ),
};

const nodes: Schema = {
  type: 'array',
  minItems: 1,
  maxItems: LIMITS.maxNodes,
  items: ref('node'),
};
const edges: Schema = { type: 'array', maxItems: LIMITS.maxNodes * 10, items: ref('edge') };

export const FLOW_JSON_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Weft flow definition',
  type: 'object',
  properties: {
    $schema: { type: 'string', maxLength: 2000, description: 'This schema, for editors; ignored by Weft.' },
    id: { ...ref('id'), description: 'Flow id; publishing the same id again creates the next version.' },
    name: text('Display name.', 200),
    description: text('What the flow does.'),
    inputs: object('JSON Schema of the run inputs.'),
    variables: object('Initial values of the run variables.'),
    defaults: ref('defaults'),
    timeout: ref('duration'),
    output: { description: 'The run output; may hold ${expressions}. Default: every node output by id.' },
    nodes,
    edges,
  },
  required: ['id', 'nodes'],
  additionalProperties: false,
  definitions: {
    id: { type: 'string', pattern: ID_PATTERN.source },
    duration: {
      description: 'Milliseconds, or a string like "500ms", "30s", "5m", "2h", "1d".',
      oneOf: [
        { type: 'number', minimum: 0 },
        { type: 'string', pattern: '^\\s*\\d+(\\.\\d+)?\\s*(ms|s|m|h|d)\\s*$' },
      ],
    },
    template: { type: 'string', pattern: '\\$\\{', description: 'A ${expression} evaluated at run time.' },
    retry: {
      type: 'object',
      properties: {
        maximumAttempts: integer('Attempts in all, the first included; 1 means no retry. Default: 3.', 1, 1000),
        initialInterval: ref('duration'),
        backoffCoefficient: { type: 'number', minimum: 1, maximum: 100, description: 'Default: 2.' },
        maximumInterval: ref('duration'),
        nonRetryable: {
          type: 'array',
          maxItems: 100,
          items: { type: 'string' },
          description: 'Error types never retried.',
        },
      },
      additionalProperties: false,
    },
    defaults: {
      type: 'object',
      properties: {
        retry: ref('retry'),
        timeout: ref('duration'),
        taskQueue: { type: 'string', maxLength: 200 },
        priority: integer('Task-queue priority of task nodes: 1 runs first, 5 last.', 1, 5),
      },
      additionalProperties: false,
    },
    edge: {
      type: 'object',
      properties: {
        from: ref('id'),
        to: ref('id'),
        when: text('Condition (JSONata, bare or as ${...}); the edge is taken only when it holds.', 5000),
        on: oneOfValues(['success', 'failure', 'always'], 'When the edge is taken. Default: success.'),
      },
      required: ['from', 'to'],
      additionalProperties: false,
    },
    graph: {
      type: 'object',
      description: 'An inline graph: a loop or foreach body.',
      properties: { nodes, edges },
      required: ['nodes'],
      additionalProperties: false,
    },
    node: { oneOf: Object.keys(NODES).map((type) => ref(`${type}Node`)) },
    ...Object.fromEntries(Object.entries(NODES).map(([type, schema]) => [`${type}Node`, schema])),
  },
} as const;
