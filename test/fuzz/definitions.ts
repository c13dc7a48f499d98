import type { Draw } from './draw';
import {
  anyExpr,
  condition,
  numExpr,
  strExpr,
  template,
  templatedObject,
  templatedValue,
  VARIABLES,
  type ExprScope,
} from './expressions';

/** Where generated flows may reach: the local HTTP server and a published child flow. */
export interface FuzzTargets {
  localUrl: string;
  childFlow: string;
}

/** Placeholder the fuzzer replaces with a fresh flow id each time a case is sent (shrinking re-sends cases). */
export const FRESH_ID = 'FRESH_ID';

type Json = Record<string, unknown>;
type NodeKind = 'task' | 'set' | 'switch' | 'wait' | 'end' | 'fail' | 'approval' | 'loop' | 'foreach' | 'subflow';

const DURATIONS_MS = [0, 1, 5, 20, 50] as const;

function smallDuration(d: Draw): number | string {
  return d.weighted<number | string>([
    [2, () => d.pick(DURATIONS_MS)],
    [2, () => d.pick(['10ms', '30ms', '0.05s', ' 20ms '])],
  ]);
}

function retry(d: Draw): Json {
  const out: Json = { maximumAttempts: d.int(1, 3), initialInterval: d.pick(['10ms', '20ms', 50]) };
  if (d.chance(30)) out.backoffCoefficient = d.pick([1, 1.5, 2]);
  if (d.chance(20)) out.maximumInterval = '100ms';
  if (d.chance(20)) out.nonRetryable = d.pick([['HttpStatus'], ['ExpressionError', 'x']]);
  return out;
}

function task(d: Draw, id: string, s: ExprScope, t: FuzzTargets): Json {
  const node: Json = { id, type: 'task' };
  d.weighted([
    [4, () => Object.assign(node, { component: 'core.noop', inputs: templatedObject(d, s) })],
    [
      2,
      () => {
        const inputs: Json = { message: template(d, s, strExpr) };
        if (d.chance(40)) inputs.level = d.pick(['info', 'debug', 'warn', 'error']);
        if (d.chance(20)) inputs.data = templatedObject(d, s);
        Object.assign(node, { component: 'core.log', inputs });
      },
    ],
    [
      2,
      () => {
        const duration = d.weighted<unknown>([
          [3, () => smallDuration(d)],
          [1, () => `\${${d.int(0, 30)} + ${d.pick(['0', 'vars.v0 % 10', '$count(vars.v2)'])}}`],
        ]);
        Object.assign(node, { component: 'core.delay', inputs: { duration } });
      },
    ],
    [
      1,
      () => {
        const path = d.pick(['/status/200', '/echo', '/status/404', '/status/503', '/slow/50', '/status/302']);
        const inputs: Json = {
          url: d.chance(30) ? `${t.localUrl}${path}?q=\${${strExpr(d, s)}}` : `${t.localUrl}${path}`,
        };
        if (d.chance(40)) inputs.method = d.pick(['POST', 'GET', 'PUT', 'DELETE', 'HEAD']);
        if (d.chance(30)) inputs.body = templatedValue(d, s);
        if (d.chance(30)) inputs.failOnStatus = d.chance(50);
        inputs.timeout = d.pick(['2s', 1500]);
        Object.assign(node, {
          component: 'http.request',
          inputs,
          retry: { maximumAttempts: d.int(1, 2), initialInterval: '10ms' },
        });
      },
    ],
  ]);
  if (d.chance(30)) node.outputs = { [d.pick(Object.keys(VARIABLES))]: template(d, { ...s, output: true }) };
  if (!node.retry && d.chance(30)) node.retry = retry(d);
  if (d.chance(20)) node.timeout = d.pick(['5s', 5000, '1m']);
  if (d.chance(10)) node.heartbeat = d.pick(['5s', '1m']);
  if (d.chance(20)) node.local = d.chance(50);
  if (d.chance(15)) node.priority = d.int(1, 5);
  if (d.chance(30)) node.onError = d.pick(['fail', 'continue']);
  if (d.chance(10)) node.name = d.pick(['Fetch', 'ünï 🙂', 'x'.repeat(200)]);
  if (d.chance(5)) node.description = 'generated';
  return node;
}

function body(d: Draw, prefix: string, depth: number, s: Omit<ExprScope, 'nodes'>, t: FuzzTargets): Json {
  return graph(d, prefix, 1, 3, depth, s, t);
}

function node(d: Draw, kind: NodeKind, id: string, depth: number, s: ExprScope, t: FuzzTargets): Json {
  switch (kind) {
    case 'task':
      return task(d, id, s, t);
    case 'set': {
      const assign: Json = {};
      const count = d.int(1, 3);
      for (let i = 0; i < count; i++) assign[d.pick(Object.keys(VARIABLES))] = templatedValue(d, s);
      return { id, type: 'set', assign };
    }
    case 'switch':
      return d.chance(50) ? { id, type: 'switch' } : { id, type: 'switch', mode: d.pick(['first', 'all']) };
    case 'wait':
      return d.weighted<Json>([
        [3, () => ({ id, type: 'wait', duration: smallDuration(d) })],
        [1, () => ({ id, type: 'wait', duration: `\${${d.int(0, 50)}}` })],
        [1, () => ({ id, type: 'wait', duration: `\${${d.pick(['"20ms"', '"0.01s"', '10', 'vars.v0 * 0'])}}` })],
        [
          1,
          () => ({
            id,
            type: 'wait',
            until: d.pick(['2000-01-01T00:00:00Z', '${run.startedAt}', '${$now()}', '1970-01-01T00:00:00.000Z']),
          }),
        ],
      ]);
    case 'end':
      return d.chance(50) ? { id, type: 'end' } : { id, type: 'end', output: templatedValue(d, s) };
    case 'fail': {
      const out: Json = { id, type: 'fail', message: template(d, s, strExpr) };
      if (out.message === '') out.message = 'failed';
      if (d.chance(30)) out.errorType = d.pick(['Custom', 'ExpressionError', 'é']);
      return out;
    }
    case 'approval': {
      const out: Json = { id, type: 'approval', timeout: d.pick(['100ms', 200, '0.3s', 0]) };
      if (d.chance(50)) out.onTimeout = d.pick(['approve', 'reject', 'fail']);
      if (d.chance(30))
        out.schema = { type: 'object', properties: { ticket: { type: 'string' } }, required: ['ticket'] };
      return out;
    }
    case 'loop': {
      const out: Json = { id, type: 'loop', maxIterations: d.int(1, 4), body: body(d, `${id}b`, depth + 1, {}, t) };
      const bodyNodes = ((out.body as Json).nodes as Json[]).map((n) => n.id as string);
      if (d.chance(60)) out.while = condition(d, { nodes: bodyNodes, iteration: true });
      if (d.chance(30))
        out.outputs = {
          [d.pick(Object.keys(VARIABLES))]: d.pick(['${output.iterations}', '${output.last}', '${output}']),
        };
      return out;
    }
    case 'foreach': {
      const items = d.weighted<string>([
        [3, () => `\${[${d.int(0, 2)}..${d.int(0, 4)}]}`],
        [2, () => '${inputs.list}'],
        [1, () => '${vars.v2}'],
        [1, () => `\${${anyExpr(d, s)}}`],
      ]);
      const out: Json = { id, type: 'foreach', items, body: body(d, `${id}b`, depth + 1, { item: true }, t) };
      if (d.chance(50)) out.concurrency = d.int(1, 3);
      if (d.chance(50)) out.onItemError = d.pick(['fail', 'continue']);
      if (d.chance(30))
        out.outputs = {
          [d.pick(Object.keys(VARIABLES))]: d.pick(['${output.outputs}', '${output.succeeded}', '${output.errors}']),
        };
      return out;
    }
    case 'subflow': {
      const out: Json = { id, type: 'subflow', flow: t.childFlow };
      if (d.chance(30)) out.version = 1;
      if (d.chance(70)) out.inputs = { n: `\${${numExpr(d, s)}}`, s: template(d, s, strExpr) };
      if (d.chance(30)) out.outputs = { v3: '${output}' };
      if (d.chance(30)) out.onError = d.pick(['fail', 'continue']);
      return out;
    }
  }
}

/**
 * A well-formed DAG: edges only go from earlier to later nodes (no cycles), never leave end/fail nodes, switches have
 * outgoing cases and at most one default, failure/always edges only leave tasks that continue on error, and every
 * expression reads only nodes of its own graph and declared variables.
 */
function graph(
  d: Draw,
  prefix: string,
  min: number,
  max: number,
  depth: number,
  s0: Omit<ExprScope, 'nodes'>,
  t: FuzzTargets,
): Json {
  const count = d.int(min, max);
  const kinds: NodeKind[] = [];
  for (let i = 0; i < count; i++) {
    kinds.push(
      d.weighted<NodeKind>([
        [8, () => 'task'],
        [3, () => 'set'],
        [2, () => 'switch'],
        [2, () => 'wait'],
        [1, () => 'end'],
        [1, () => 'fail'],
        [1, () => 'approval'],
        [depth < 2 ? 2 : 0, () => 'loop'],
        [depth < 2 ? 2 : 0, () => 'foreach'],
        [1, () => 'subflow'],
      ]),
    );
  }
  // A switch needs a node after it to route to.
  if (kinds[kinds.length - 1] === 'switch') kinds.push('task');
  const ids = kinds.map((_, i) => `${prefix}${i}`);
  const s: ExprScope = { ...s0, nodes: ids };
  const nodes = kinds.map((kind, i) => node(d, kind, ids[i], depth, s, t));

  const edges: Json[] = [];
  const seen = new Set<string>();
  const addEdge = (from: number, to: number) => {
    const key = `${from}>${to}`;
    if (seen.has(key) || ['end', 'fail'].includes(kinds[from])) return;
    seen.add(key);
    const edge: Json = { from: ids[from], to: ids[to] };
    const source = nodes[from];
    if (kinds[from] === 'switch') {
      const hasDefault = edges.some((e) => e.from === ids[from] && e.when === undefined);
      if (hasDefault || d.chance(70)) edge.when = condition(d, s);
    } else if (d.chance(20)) edge.when = condition(d, s);
    if ((kinds[from] === 'task' || kinds[from] === 'subflow') && source.onError === 'continue' && d.chance(60)) {
      edge.on = d.pick(['failure', 'always', 'success']);
    }
    edges.push(edge);
  };
  for (let to = 1; to < count; to++) {
    const parents = d.int(0, 2);
    for (let p = 0; p < parents; p++) addEdge(d.int(0, to - 1), to);
  }
  kinds.forEach((kind, i) => {
    if (kind !== 'switch') return;
    const cases = d.int(1, 3);
    for (let c = 0; c < cases; c++) addEdge(i, d.int(i + 1, kinds.length - 1));
  });
  return edges.length || d.chance(50) ? { nodes, edges } : { nodes };
}

/** A valid flow definition (its id is FRESH_ID) and whether it is built to end by itself quickly. */
export function validDefinition(d: Draw, t: FuzzTargets, { maxNodes = 6 } = {}): Json {
  const flow: Json = { id: FRESH_ID };
  if (d.chance(40)) {
    flow.inputs = {
      type: 'object',
      properties: {
        n: { type: 'integer' },
        s: { type: 'string' },
        list: { type: 'array', maxItems: 4 },
        flag: { type: 'boolean' },
      },
      ...(d.chance(30) && { required: ['n'] }),
    };
  }
  flow.variables = { ...VARIABLES, v2: [...VARIABLES.v2], v3: { ...VARIABLES.v3 } };
  if (d.chance(20)) flow.name = d.pick(['Fuzzed', 'ünï 🙂']);
  if (d.chance(20)) flow.timeout = d.pick(['2s', '30s', 1500]);
  if (d.chance(30))
    flow.defaults = { retry: retry(d), timeout: d.pick(['5s', '10s']), ...(d.chance(30) && { priority: d.int(1, 5) }) };
  Object.assign(flow, graph(d, 'n', 1, maxNodes, 0, {}, t));
  if (d.chance(30)) {
    const ids = (flow.nodes as Json[]).map((n) => n.id as string);
    flow.output = d.chance(50) ? templatedObject(d, { nodes: ids }) : template(d, { nodes: ids });
  }
  return flow;
}

/**
 * A valid flow at the edge of the published limits (5,000 nodes, 100,000 loop iterations), built of nodes that run
 * inside the workflow (set, switch): wide, a chain, or a loop whose body has no activity. Nothing in them waits, so
 * they show whether the interpreter yields to Temporal often enough to keep each workflow task short.
 */
export function bigDefinition(d: Draw): Json {
  const set = (id: string, i: number) => ({ id, type: 'set', assign: { v0: d.chance(50) ? i : '${vars.v0 + 1}' } });
  return d.weighted<Json>([
    [
      1,
      () => {
        const n = d.pick([50, 500, 2000, 4500]);
        return { id: FRESH_ID, variables: { v0: 0 }, nodes: Array.from({ length: n }, (_, i) => set(`s${i}`, i)) };
      },
    ],
    [
      1,
      () => {
        const n = d.pick([50, 500, 2000, 4500]);
        return {
          id: FRESH_ID,
          variables: { v0: 0 },
          nodes: Array.from({ length: n }, (_, i) => set(`s${i}`, i)),
          edges: Array.from({ length: n - 1 }, (_, i) => ({ from: `s${i}`, to: `s${i + 1}` })),
        };
      },
    ],
    [
      1,
      () => {
        const maxIterations = d.pick([100, 1000, 10_000, 100_000]);
        const body = d.chance(50)
          ? { nodes: [set('b0', 0)] }
          : {
              nodes: [{ id: 'b0', type: 'switch' }, set('b1', 1), set('b2', 2)],
              edges: [
                { from: 'b0', to: 'b1', when: 'iteration % 2 = 0' },
                { from: 'b0', to: 'b2' },
              ],
            };
        return { id: FRESH_ID, variables: { v0: 0 }, nodes: [{ id: 'L', type: 'loop', maxIterations, body }] };
      },
    ],
  ]);
}

/** Run inputs for a flow: mostly what its schema asks, sometimes anything. */
export function runInputs(d: Draw): Json {
  return d.weighted<Json>([
    [1, () => ({})],
    [
      6,
      () => {
        const inputs: Json = {};
        if (d.chance(80)) inputs.n = d.pick([0, 1, 7, -3, 1000]);
        if (d.chance(60)) inputs.s = d.pick(['', 'hello', 'ünïcødé 🙂', 'a'.repeat(300)]);
        if (d.chance(60))
          inputs.list = Array.from({ length: d.int(0, 4) }, (_, i) => d.pick([i, `item-${i}`, { i }, null]));
        if (d.chance(30)) inputs.flag = d.chance(50);
        return inputs;
      },
    ],
    [1, () => ({ n: d.pick(['7', 1.5, null, [1]]), list: d.pick(['x', 5, {}]) })],
  ]);
}
