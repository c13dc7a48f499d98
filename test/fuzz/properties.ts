import fc from 'fast-check';
import { bigDefinition, runInputs, validDefinition, type FuzzTargets } from './definitions';
import { drawn } from './draw';
import { HOSTILE_SITES, hostileExpression, hostileFlow, type HostileSite } from './hostile';
import { junk, mutate, toJsonText } from './mutations';
import { checkProperty, publish, request, runBatch, runEnds, start, type FuzzContext } from './runner';

/** How many cases each property tries; `npm run fuzz` scales these with FUZZ_RUNS, the smoke test keeps them small. */
export interface FuzzScale {
  validPublishes: number;
  mutatedPublishes: number;
  randomBodies: number;
  /** Batches of started runs of valid definitions, `batchSize` at a time. */
  runBatches: number;
  hostileBatches: number;
  mutatedRunBatches: number;
  batchSize: number;
  /** How long to go on shrinking a failing batch of runs (each try starts workflows). */
  runShrinkBudgetMs: number;
}

/** Scale for `npm run fuzz`: FUZZ_RUNS (default 3000) publish-only cases in all, and about a tenth as many runs. */
export function scaleFor(total: number): FuzzScale {
  const batchSize = 8;
  return {
    validPublishes: Math.round(total * 0.25),
    mutatedPublishes: Math.round(total * 0.45),
    randomBodies: Math.round(total * 0.3),
    runBatches: Math.max(1, Math.round((total * 0.1) / batchSize)),
    hostileBatches: Math.max(1, Math.round((total * 0.05) / batchSize)),
    mutatedRunBatches: Math.max(1, Math.round((total * 0.02) / batchSize)),
    batchSize,
    runShrinkBudgetMs: 120_000,
  };
}

const RUN_DEADLINE_MS = 45_000;

interface RunCase {
  definition: Record<string, unknown>;
  inputs: Record<string, unknown>;
}

const runCase = (t: FuzzTargets) =>
  drawn<RunCase>((d) => ({ definition: d.chance(3) ? bigDefinition(d) : validDefinition(d, t), inputs: runInputs(d) }));

interface HostileCase {
  name: string;
  site: HostileSite;
  definition: Record<string, unknown>;
}

const hostileCase = (t: FuzzTargets) =>
  drawn<HostileCase>((d) => {
    const { name, expression } = hostileExpression(d);
    const site = d.pick(HOSTILE_SITES);
    return { name, site, definition: hostileFlow(expression, site, t.childFlow) };
  });

interface MutatedCase {
  ops: string[];
  definition: unknown;
  start: boolean;
}

const mutatedCase = (t: FuzzTargets, startPercent: number) =>
  drawn<MutatedCase>((d) => {
    const { definition, ops } = mutate(d, validDefinition(d, t));
    return { ops, definition, start: d.chance(startPercent) };
  });

/** A request that is not a flow definition at all: random JSON, broken JSON, odd bodies to start runs, odd paths. */
interface RandomRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  contentType?: string;
}

const PATH_SEGMENTS = [
  'fuzz-canary',
  'fuzz-child',
  'nope',
  '',
  '..',
  '%2e%2e',
  '__proto__',
  'constructor',
  'ünï',
  'a'.repeat(300),
  '%00',
  '%E0%A4%A',
  'x%2Fy',
];

const randomRequest = drawn<RandomRequest>((d) => {
  const json = () =>
    d.weighted<string>([
      [3, () => toJsonText(d.value(fc.jsonValue({ maxDepth: 4 })))],
      [
        2,
        () =>
          toJsonText(
            d.value(
              fc.dictionary(
                fc.constantFrom(
                  'id',
                  'nodes',
                  'edges',
                  'inputs',
                  'variables',
                  'output',
                  'version',
                  'runId',
                  'breakpoints',
                  '__proto__',
                  'constructor',
                ),
                fc.jsonValue({ maxDepth: 3 }),
              ),
            ),
          ),
      ],
      [
        2,
        () =>
          toJsonText({
            id: d.pick(['f', 'g', '1', '']),
            nodes: d.value(fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 4 })),
          }),
      ],
      [2, () => toJsonText(junk(d))],
      [
        1,
        () =>
          d.pick([
            '',
            '{',
            '{"id": ',
            'null',
            '[]',
            '"text"',
            '{"a":1}{"b":2}',
            '\u0000',
            '{"id":"x","nodes":[}',
            '1e400',
            '{"__proto__":{"x":1}}',
          ]),
      ],
    ]);
  return d.weighted<RandomRequest>([
    [
      4,
      () => ({
        method: 'POST',
        path: '/flows',
        body: json(),
        contentType: d.pick([
          'application/json',
          'application/json; charset=utf-8',
          'text/plain',
          'application/x-www-form-urlencoded',
        ]),
      }),
    ],
    [
      4,
      () => {
        const body = d.weighted<string>([
          [3, () => json()],
          [
            3,
            () =>
              toJsonText({
                inputs: d.chance(80)
                  ? d.value(fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 3 })))
                  : junk(d),
                ...(d.chance(30) && { version: d.pick([1, 2, 0, -1, 1.5, '1', 1e308, null]) }),
                ...(d.chance(30) && {
                  runId: d.pick(['r', 'a'.repeat(201), 'bad id', '', '__proto__', `fz-${d.int(0, 1e9)}`]),
                }),
                ...(d.chance(30) && { breakpoints: d.pick([['a'], ['nope'], 'a', [1], []]) }),
                ...(d.chance(10) && { extra: junk(d) }),
              }),
          ],
        ]);
        return { method: 'POST', path: `/flows/${d.pick(PATH_SEGMENTS)}/runs`, body, contentType: 'application/json' };
      },
    ],
    [
      2,
      () => ({
        method: 'GET',
        path: d.pick([
          `/runs/${d.pick(PATH_SEGMENTS)}`,
          `/flows/${d.pick(PATH_SEGMENTS)}`,
          `/flows/${d.pick(PATH_SEGMENTS)}/versions/${d.pick(['1', '0', '-1', 'x', '99999999999999999999', '1e3'])}`,
          `/runs/${d.pick(PATH_SEGMENTS)}/nodes/${d.pick(PATH_SEGMENTS)}`,
          `/runs?${d.pick(['status=NOPE', 'pageSize=-1', 'pageSize=1e9', 'startedAfter=yesterday', 'flowId=%22%20OR%201%3D1', 'version=x', 'pageToken=%%%', 'flowId=' + 'a'.repeat(3000)])}`,
        ]),
      }),
    ],
  ]);
});

/** Every property, at a scale. Each one is a named jest test in the suite and in the smoke test. */
export function properties(ctx: FuzzContext, scale: FuzzScale): { name: string; run: () => Promise<void> }[] {
  // The stack (and so the local server's URL) exists only once beforeAll ran: read the targets lazily.
  const t: FuzzTargets = {
    get localUrl() {
      return ctx.targets.localUrl;
    },
    get childFlow() {
      return ctx.targets.childFlow;
    },
  };
  return [
    {
      name: 'valid-publish',
      run: () =>
        checkProperty(
          'valid-publish',
          ctx,
          drawn((d) => validDefinition(d, t)),
          async (definition) => {
            await publish(ctx, definition, 'valid', { mustAccept: true });
          },
          { numRuns: scale.validPublishes },
        ),
    },
    {
      name: 'mutated-publish',
      run: () =>
        checkProperty(
          'mutated-publish',
          ctx,
          mutatedCase(t, 0),
          async ({ definition }) => {
            await publish(ctx, definition, 'mutated');
          },
          { numRuns: scale.mutatedPublishes },
        ),
    },
    {
      name: 'random-requests',
      run: () =>
        checkProperty(
          'random-requests',
          ctx,
          randomRequest,
          async (req) => {
            const reply = await request(ctx, req, req.method === 'GET' ? [200] : [200, 201]);
            if (req.path === '/flows' && reply.status < 300) ctx.stats.count(ctx.stats.definitions, 'random');
            if (reply.status === 201 && /\/runs$/.test(req.path)) {
              const runId = (reply.json as { runId: string }).runId;
              ctx.stats.starts++;
              ctx.live.add(runId);
              await runEnds(ctx, runId, { deadlineMs: RUN_DEADLINE_MS, mayWait: false });
            }
          },
          { numRuns: scale.randomBodies },
        ),
    },
    {
      name: 'valid-runs',
      run: () =>
        checkProperty(
          'valid-runs',
          ctx,
          fc.array(runCase(t), { minLength: 1, maxLength: scale.batchSize }),
          (cases) =>
            runBatch(ctx, cases, async ({ definition, inputs }) => {
              const { flowId } = await publish(ctx, definition, 'valid', { mustAccept: true });
              const runId = await start(ctx, flowId!, { inputs });
              if (runId) await runEnds(ctx, runId, { deadlineMs: RUN_DEADLINE_MS, mayWait: false });
            }),
          { numRuns: scale.runBatches, shrinkBudgetMs: scale.runShrinkBudgetMs },
        ),
    },
    {
      name: 'hostile-expressions',
      run: () =>
        checkProperty(
          'hostile-expressions',
          ctx,
          fc.array(hostileCase(t), { minLength: 1, maxLength: scale.batchSize }),
          (cases) =>
            runBatch(ctx, cases, async ({ definition }) => {
              const { flowId } = await publish(ctx, definition, 'hostile');
              if (!flowId) return;
              const runId = await start(ctx, flowId, { inputs: {} });
              if (runId) await runEnds(ctx, runId, { deadlineMs: RUN_DEADLINE_MS, mayWait: false });
            }),
          { numRuns: scale.hostileBatches, shrinkBudgetMs: scale.runShrinkBudgetMs },
        ),
    },
    {
      name: 'mutated-runs',
      run: () =>
        checkProperty(
          'mutated-runs',
          ctx,
          fc.array(mutatedCase(t, 100), { minLength: 1, maxLength: scale.batchSize }),
          (cases) =>
            runBatch(ctx, cases, async ({ definition, start: shouldStart }) => {
              const { flowId } = await publish(ctx, definition, 'mutated');
              if (!flowId || !shouldStart) return;
              const runId = await start(ctx, flowId, { inputs: {} });
              if (runId) await runEnds(ctx, runId, { deadlineMs: 20_000, mayWait: true });
            }),
          { numRuns: scale.mutatedRunBatches, shrinkBudgetMs: scale.runShrinkBudgetMs },
        ),
    },
  ];
}
