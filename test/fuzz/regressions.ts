import { FRESH_ID } from './definitions';
import { HOSTILE_EXPRESSIONS } from './hostile';
import { toJsonText } from './mutations';
import { canary, publish, request, runEnds, type FuzzContext } from './runner';

/**
 * Cases the fuzzer found, kept as named tests under the same properties: each broke one (a 5xx, a wedged run, a
 * crashed worker) when it was found, and passes once its cause is fixed. `npm run fuzz` runs them first; each
 * comment says what it did when found.
 */
export interface Regression {
  name: string;
  run(ctx: FuzzContext): Promise<void>;
}

/** Publishing this body is answered 2xx or with a 4xx problem document, never a 5xx. */
const publishes = (name: string, body: () => string): Regression => ({
  name,
  run: async (ctx) => {
    await request(ctx, { method: 'POST', path: '/flows', body: body() }, [200, 201]);
  },
});

/**
 * This definition is answered properly; if accepted, starting it with `startBody` (`together` runs at once) is too;
 * each run that starts ends (a run that may wait is cancelled at the deadline) without wedging; and then the worker
 * still serves.
 */
const runs = (
  name: string,
  definition: Record<string, unknown>,
  startBody: () => string = () => '{"inputs":{}}',
  together = 1,
): Regression => ({
  name,
  run: async (ctx) => {
    const { flowId } = await publish(ctx, { ...definition, id: FRESH_ID }, 'regression');
    if (!flowId) return;
    const startAndEnd = async () => {
      const reply = await request(ctx, { method: 'POST', path: `/flows/${flowId}/runs`, body: startBody() }, [201]);
      if (reply.status !== 201) return;
      const runId = (reply.json as { runId: string }).runId;
      ctx.live.add(runId);
      ctx.stats.starts++;
      await runEnds(ctx, runId, { deadlineMs: 45_000, mayWait: true });
    };
    await Promise.all(Array.from({ length: together }, startAndEnd));
    await canary(ctx);
  },
});

const setNode = (expression: string) => ({
  variables: { v: 0 },
  nodes: [{ id: 'S', type: 'set', assign: { v: `\${${expression}}` } }],
});
const noop = { id: 'A', type: 'task', component: 'core.noop' };
const deep = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;

export const regressions: Regression[] = [
  // 500: TypeError "Cannot read properties of null (reading 'type')" in plainToInstance's node discriminator.
  publishes('a null node', () => '{"id":"g","nodes":[null]}'),
  publishes(
    'a null node in a loop body',
    () => '{"id":"g","nodes":[{"id":"L","type":"loop","maxIterations":1,"body":{"nodes":[null]}}]}',
  ),
  // 500: body-parser's PayloadTooLargeError is not an HttpException, so the problem filter answers 500, not 413.
  publishes('a body over the 5 MB limit', () =>
    toJsonText({ id: 'big', nodes: [{ ...noop, inputs: { x: 'x'.repeat(6_000_000) } }] }),
  ),
  // 500: TypeError "Cannot read properties of undefined (reading 'constructor')" in class-transformer's
  // MetadataStorage.getAncestors: a "constructor" key in any free-form object (assign, inputs, outputs).
  publishes(
    'a variable named "constructor"',
    () => '{"id":"g","nodes":[{"id":"S","type":"set","assign":{"constructor":1}}]}',
  ),
  publishes(
    'a component input named "constructor"',
    () =>
      '{"id":"g","nodes":[{"id":"A","type":"task","component":"core.log","inputs":{"message":"x","constructor":1}}]}',
  ),
  publishes(
    'a declared variable named "constructor"',
    () => `{"id":"g","variables":{"constructor":true},"nodes":[${JSON.stringify(noop)}]}`,
  ),
  // 500: TypeError "Cannot read properties of null (reading 'trim')" in toMilliseconds: a null duration passes the
  // shape checks (null counts as absent) and reaches the settings checks (task, flow and default timeouts, intervals).
  publishes(
    'a task timeout of null',
    () => '{"id":"g","nodes":[{"id":"A","type":"task","component":"core.noop","timeout":null}]}',
  ),
  publishes('a flow timeout of null', () => `{"id":"g","timeout":null,"nodes":[${JSON.stringify(noop)}]}`),
  // Once flows were stored in PostgreSQL: a 500, as jsonb refuses the escape of a lone surrogate (and any NUL).
  publishes(
    'a variable holding a lone surrogate',
    () => `{"id":"g","variables":{"v0":"\\ud800"},"nodes":[${JSON.stringify(noop)}]}`,
  ),
  publishes(
    'a description holding a NUL',
    () => `{"id":"g","description":"a\\u0000b","nodes":[${JSON.stringify(noop)}]}`,
  ),
  // Once flows were stored in PostgreSQL: a 500, the version overflowing the integer column.
  {
    name: 'a version number past 2^31',
    run: async (ctx) => {
      await request(ctx, { method: 'GET', path: '/flows/fuzz-canary/versions/99999999999999999999' }, []);
    },
  },
  // Once flows were stored in PostgreSQL: a 500, the NUL in the flow id reaching the database.
  {
    name: 'a start of a flow whose id holds a NUL',
    run: async (ctx) => {
      await request(ctx, { method: 'POST', path: '/flows/%00/runs', body: '{"inputs":{}}' }, []);
    },
  },
  publishes(
    'a retry initialInterval of null',
    () =>
      '{"id":"g","nodes":[{"id":"A","type":"task","component":"core.noop","retry":{"initialInterval":null,"maximumInterval":"1s"}}]}',
  ),
  // 500: TypeError "Cannot read properties of undefined (reading 'nodes')" / "(reading 'forEach')": a loop or foreach
  // body that is missing or an array passes the shape checks.
  publishes('a loop without a body', () => '{"id":"g","nodes":[{"id":"L","type":"loop","maxIterations":1}]}'),
  publishes(
    'a foreach whose body is an array',
    () => '{"id":"g","nodes":[{"id":"F","type":"foreach","items":"${[1]}","body":[]}]}',
  ),
  // 500: RangeError "Maximum call stack size exceeded" in the shape checks, from any value nested 2,000 deep.
  publishes(
    'a value nested 2,000 deep',
    () => `{"id":"g","nodes":[{"id":"A","type":"task","component":"core.noop","inputs":{"x":${deep(2000)}}}]}`,
  ),
  // 201 for a node that is an empty array, then 500 when it starts: TypeError "Cannot read properties of undefined
  // (reading 'id')" in RunsService.checkBreakpoints.
  runs('a node that is an empty array', { nodes: [[]] }),
  // 500 on start: RangeError "Maximum call stack size exceeded" for run inputs nested 100,000 deep.
  runs('run inputs nested 100,000 deep', { nodes: [noop] }, () => `{"inputs":{"x":${deep(100_000)}}}`),
  // Wedged (found while the expression limits were being written; they pass since): JSONata turns calls in tail
  // position into a loop the step limit did not count, so the workflow task never yielded; it timed out and was retried
  // for ever, and GET /runs/:id hung on the state query meanwhile.
  runs('tail recursion in a set node', setNode(HOSTILE_EXPRESSIONS['recursion-tail'])),
  runs('mutual recursion in a set node', setNode(HOSTILE_EXPRESSIONS['recursion-mutual'])),
  runs('a self-applying lambda in a set node', setNode(HOSTILE_EXPRESSIONS['lambda-self-apply'])),
  runs('$eval of a recursion in a set node', setNode(HOSTILE_EXPRESSIONS['eval-recursion'])),
  // Wedged for ever (seed 20261126 of hostile-expressions, on a slow day): a self-applying lambda holds the workflow
  // thread 1.8-2.8 s before its step limit stops it, and the worker's one workflow thread answered the tasks queued
  // on it all at once, when the last was done; five at once passed Temporal's 10 s for a task together, and so did
  // their retries, every time. Six at once on one workflow thread: all six tasks timed out at 10 s; on two, all six
  // were answered after 5.8 s.
  runs('six self-applying lambdas at once', setNode(HOSTILE_EXPRESSIONS['lambda-self-apply']), undefined, 6),
  // Wedged: a catastrophic regular expression blocks the workflow thread (no step is counted inside a regex match).
  runs('a catastrophic regex in a set node', setNode(HOSTILE_EXPRESSIONS['regex-redos'])),
  // Worker crash (same time; passes since): the worker process aborted with "async hook stack has become corrupted
  // (actual: 90615, expected: 4)", so every run on it stopped until a new worker started.
  runs('a countdown recursion of 1,000,000 in a set node', setNode(HOSTILE_EXPRESSIONS['recursion-countdown-1e6'])),
  // Wedged: nodes that run inside the workflow (set, switch) never yield, so a loop of them, or a flow of thousands
  // (all within the published limits), runs in one workflow task; past ~10 s it times out and is retried for ever.
  // Measured on 2 busy cores: a set-only loop of 3,000 iterations takes 7 s, 2,000 parallel set nodes 7 s, a chain of
  // 2,000 set nodes 9 s (growing faster than linearly); these wedge.
  // Worker crash: with an expression in each set node, 2,000 of them (parallel or chained) abort the worker process
  // with "async hook stack has become corrupted (actual: 169555, expected: 4)"; 500 take 2 s (parallel) to 11 s (chain).
  runs('a flow of 2,000 parallel set nodes with an expression each', {
    variables: { v: 0 },
    nodes: Array.from({ length: 2000 }, (_, i) => ({ id: `s${i}`, type: 'set', assign: { v: '${vars.v + 1}' } })),
  }),
  runs('a chain of 2,000 set nodes with an expression each', {
    variables: { v: 0 },
    nodes: Array.from({ length: 2000 }, (_, i) => ({ id: `s${i}`, type: 'set', assign: { v: '${vars.v + 1}' } })),
    edges: Array.from({ length: 1999 }, (_, i) => ({ from: `s${i}`, to: `s${i + 1}` })),
  }),
  runs('a loop of 10,000 iterations of a set node', {
    variables: { v: 0 },
    nodes: [
      { id: 'L', type: 'loop', maxIterations: 10_000, body: { nodes: [{ id: 'S', type: 'set', assign: { v: 1 } }] } },
    ],
  }),
  runs('a flow of 4,000 parallel set nodes', {
    variables: { v: 0 },
    nodes: Array.from({ length: 4000 }, (_, i) => ({ id: `s${i}`, type: 'set', assign: { v: i } })),
  }),
  runs('a chain of 4,000 set nodes', {
    variables: { v: 0 },
    nodes: Array.from({ length: 4000 }, (_, i) => ({ id: `s${i}`, type: 'set', assign: { v: i } })),
    edges: Array.from({ length: 3999 }, (_, i) => ({ from: `s${i}`, to: `s${i + 1}` })),
  }),
];
