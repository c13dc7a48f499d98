import type { ValidationIssue } from '../src';

const task = (id: string, extra: Record<string, unknown> = {}) => ({ id, type: 'task', component: 'core.noop', ...extra });
const flow = (nodes: unknown[], edges: unknown[] = [], extra: Record<string, unknown> = {}) => ({ id: 'f', nodes, edges, ...extra });

/**
 * Distinct kinds of malformed definitions, each with the exact issues expected (paths and messages).
 * Uses only built-in components, so the same table drives the unit tests and the HTTP tests.
 */
export const malformedDefinitions: [kind: string, definition: unknown, issues: ValidationIssue[]][] = [
  ['a non-object body', [1, 2], [{ path: '$', message: 'a flow definition must be a JSON object' }]],
  ['a missing id', { nodes: [task('A')] }, [{ path: '$.id', message: 'is required' }]],
  ['a missing nodes list', { id: 'f' }, [{ path: '$.nodes', message: 'is required' }]],
  ['no nodes', flow([]), [{ path: '$.nodes', message: 'nodes must contain at least 1 elements' }]],
  ['an unknown top-level field', { ...flow([task('A')]), steps: [] }, [{ path: '$.steps', message: 'unknown field' }]],
  ['an unknown node field', flow([task('A', { retries: 3 })]), [{ path: '$.nodes[0].retries', message: 'unknown field' }]],
  ['an unknown edge field', flow([task('A'), task('B')], [{ from: 'A', to: 'B', if: 'x' }]), [{ path: '$.edges[0].if', message: 'unknown field' }]],
  ['an unknown node type', flow([{ id: 'A', type: 'teleport' }]), [{ path: '$.nodes[0].type', message: 'type must be one of: task, switch, set, wait, end, fail' }]],
  ['a bad node id', flow([task('1st')]), [{ path: '$.nodes[0].id', message: 'id must start with a letter and contain only letters, digits, "_" or "-" (at most 64)' }]],
  ['a bad duration', flow([task('A', { timeout: 'soon' })]), [{ path: '$.nodes[0].timeout', message: 'timeout must be a duration such as 500, "30s" or "5m"' }]],
  ['zero attempts', flow([task('A', { retry: { maximumAttempts: 0 } })]), [{ path: '$.nodes[0].retry.maximumAttempts', message: 'maximumAttempts must not be less than 1' }]],
  ['a mistyped retry field', flow([task('A', { retry: { maximumAttempts: 'three' } })]), [{ path: '$.nodes[0].retry.maximumAttempts', message: 'maximumAttempts must be an integer number' }]],
  ['a backoff below 1', flow([task('A', { retry: { backoffCoefficient: 0.5 } })]), [{ path: '$.nodes[0].retry.backoffCoefficient', message: 'backoffCoefficient must not be less than 1' }]],
  ['inputs that are not an object', flow([task('A', { inputs: 'x' })]), [{ path: '$.nodes[0].inputs', message: 'inputs must be an object' }]],
  ['a malformed component name', flow([task('A', { component: 'Noop' })]), [{ path: '$.nodes[0].component', message: 'component must be a dotted component name such as "http.request"' }]],
  ['an edge without to', flow([task('A')], [{ from: 'A' }]), [{ path: '$.edges[0].to', message: 'is required' }]],
  ['an invalid onError', flow([task('A', { onError: 'ignore' })]), [{ path: '$.nodes[0].onError', message: 'onError must be one of: fail, continue, pause' }]],
  ['an invalid edge kind', flow([task('A'), task('B')], [{ from: 'A', to: 'B', on: 'error' }]), [{ path: '$.edges[0].on', message: 'on must be one of: success, failure, always' }]],
  ['a priority out of range', flow([task('A', { priority: 9 })]), [{ path: '$.nodes[0].priority', message: 'priority must not be greater than 5' }]],
  ['an invalid switch mode', flow([{ id: 'S', type: 'switch', mode: 'any' }]), [{ path: '$.nodes[0].mode', message: 'mode must be one of: first, all' }]],
  ['a set node without assign', flow([{ id: 'S', type: 'set' }]), [{ path: '$.nodes[0].assign', message: 'is required' }]],
  ['a fail node without message', flow([{ id: 'F', type: 'fail' }]), [{ path: '$.nodes[0].message', message: 'is required' }]],
  ['a wait with a bad duration', flow([{ id: 'W', type: 'wait', duration: 'a while' }]), [{ path: '$.nodes[0].duration', message: 'duration must be a duration such as 500, "30s" or "5m", or a ${expression}' }]],
  ['duplicate node ids', flow([task('A'), task('A')]), [{ path: '$.nodes[1].id', message: 'duplicate node id "A"' }]],
  ['an edge to an unknown node', flow([task('A')], [{ from: 'A', to: 'B' }]), [{ path: '$.edges[0].to', message: 'unknown node "B"' }]],
  ['an edge from an unknown node', flow([task('A')], [{ from: 'Z', to: 'A' }]), [{ path: '$.edges[0].from', message: 'unknown node "Z"' }]],
  ['a self loop', flow([task('A')], [{ from: 'A', to: 'A' }]), [{ path: '$.edges[0]', message: 'edge from "A" to itself makes a cycle' }]],
  ['a duplicate edge', flow([task('A'), task('B')], [{ from: 'A', to: 'B' }, { from: 'A', to: 'B' }]), [{ path: '$.edges[1]', message: 'duplicate edge "A" → "B"' }]],
  [
    'a cycle',
    flow([task('A'), task('B'), task('C')], [{ from: 'A', to: 'B' }, { from: 'B', to: 'C' }, { from: 'C', to: 'A' }]),
    [{ path: '$.edges[2]', message: 'edges form a cycle: A → B → C → A' }],
  ],
  ['a switch without edges', flow([{ id: 'S', type: 'switch' }]), [{ path: '$.nodes[0]', message: 'switch "S" has no outgoing edges' }]],
  [
    'a switch with two defaults',
    flow([{ id: 'S', type: 'switch' }, task('A'), task('B')], [{ from: 'S', to: 'A' }, { from: 'S', to: 'B' }]),
    [{ path: '$.edges[1]', message: 'switch "S" has more than one default edge (without "when")' }],
  ],
  ['an invalid variable name', flow([{ id: 'S', type: 'set', assign: { 'my var': 1 } }]), [{ path: '$.nodes[0].assign', message: '"my var" is not a valid variable name' }]],
  ['a wait with both duration and until', flow([{ id: 'W', type: 'wait', duration: '1s', until: '2030-01-01T00:00:00Z' }]), [{ path: '$.nodes[0]', message: 'a wait node needs exactly one of "duration" and "until"' }]],
  ['a wait with neither duration nor until', flow([{ id: 'W', type: 'wait' }]), [{ path: '$.nodes[0]', message: 'a wait node needs exactly one of "duration" and "until"' }]],
  ['an edge leaving an end node', flow([{ id: 'E', type: 'end' }, task('A')], [{ from: 'E', to: 'A' }]), [{ path: '$.edges[0]', message: '"E" ends the run: no edge may leave it' }]],
  [
    'a failure edge from a node that never continues on error',
    flow([task('A'), task('B')], [{ from: 'A', to: 'B', on: 'failure' }]),
    [{ path: '$.edges[0].on', message: '"failure" edges are taken when "A" fails and goes on, which needs a task with onError "continue"' }],
  ],
  ['an unknown component', flow([task('A', { component: 'core.teleport' })]), [{ path: '$.nodes[0].component', message: 'unknown component "core.teleport"; known components: core.delay, core.log, core.noop, http.request' }]],
  ['a missing component input', flow([task('A', { component: 'http.request', inputs: {} })]), [{ path: '$.nodes[0].inputs.url', message: 'is required' }]],
  ['a wrongly typed component input', flow([task('A', { component: 'http.request', inputs: { url: 'https://x', timeout: false } })]), [{ path: '$.nodes[0].inputs.timeout', message: 'must match exactly one schema in oneOf' }]],
  ['an unknown component input', flow([task('A', { component: 'core.log', inputs: { message: 'x', loud: true } })]), [{ path: '$.nodes[0].inputs.loud', message: 'unknown field' }]],
  ['an expression syntax error', flow([task('A', { inputs: { x: '${inputs.a +}' } })]), [{ path: '$.nodes[0].inputs.x', message: 'invalid expression "inputs.a +": Unexpected end of expression (at character 10)' }]],
  ['an unclosed template', flow([task('A', { inputs: { x: 'id ${inputs.a' } })]), [{ path: '$.nodes[0].inputs.x', message: 'unclosed "${" at character 4' }]],
  ['an expression reading an unknown node', flow([task('A', { inputs: { x: '${nodes.B.output}' } })]), [{ path: '$.nodes[0].inputs.x', message: 'expression reads unknown node "B"' }]],
  [
    'an expression reading an undeclared variable',
    flow([{ id: 'S', type: 'set', assign: { a: '${vars.count + 1}' } }]),
    [{ path: '$.nodes[0].assign.a', message: 'expression reads variable "count", which is neither declared in "variables" nor assigned by a node' }],
  ],
  ['a condition with a syntax error', flow([task('A'), task('B')], [{ from: 'A', to: 'B', when: 'vars.x ==' }], { variables: { x: 1 } }), [{ path: '$.edges[0].when', message: 'invalid expression "vars.x ==": The symbol "=" cannot be used as a unary operator (at character 9)' }]],
  ['a condition mixed with text', flow([task('A'), task('B')], [{ from: 'A', to: 'B', when: 'x is ${inputs.x}' }]), [{ path: '$.edges[0].when', message: 'a condition must be one expression, not text with ${...} parts' }]],
  ['an invalid inputs schema', flow([task('A')], [], { inputs: { type: 'strange' } }), [{ path: '$.inputs', message: expect.stringContaining('not a valid JSON Schema') as unknown as string }]],
  ['a maximum interval below the initial one', flow([task('A', { retry: { initialInterval: '10s', maximumInterval: '1s' } })]), [{ path: '$.nodes[0].retry.maximumInterval', message: 'must not be shorter than initialInterval' }]],
  ['a flow timeout below one second', flow([task('A')], [], { timeout: 10 }), [{ path: '$.timeout', message: 'must be at least 1s' }]],
];
