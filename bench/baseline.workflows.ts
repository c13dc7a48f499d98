// Hand-written Temporal workflows doing the same activities as the benchmarked flows: the baseline
// the interpreter is measured against. Same activity types, inputs, options and result envelope.
import { continueAsNew, proxyActivities, proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
import type { ComponentRequest, ComponentResult } from '@weft/dsl';

type Noop = (request: ComponentRequest) => Promise<ComponentResult>;
const options = {
  startToCloseTimeout: 600_000,
  retry: { maximumAttempts: 3, initialInterval: 1000, backoffCoefficient: 2, maximumInterval: 100_000 },
};
const { 'core.noop': noop } = proxyActivities<Record<string, Noop>>(options);
const { 'core.noop': localNoop } = proxyLocalActivities<Record<string, Noop>>(options);

export async function baselineChain(length: number, local: boolean): Promise<unknown> {
  const call = local ? localNoop : noop;
  let last: unknown;
  for (let i = 0; i < length; i++) last = (await call({ nodeId: `n${i}`, inputs: {} })).output;
  return last;
}

export async function baselineFanOut(width: number): Promise<unknown> {
  await noop({ nodeId: 'start', inputs: {} });
  const outputs = await Promise.all(Array.from({ length: width }, (_, i) => noop({ nodeId: `b${i}`, inputs: {} })));
  return (await noop({ nodeId: 'join', inputs: { n: outputs.length } })).output;
}

/** 10 nodes: a → (b, c, d) → e → (f, g) → h → (i) → j, the shape of `diamond10` in flows.ts. */
export async function baselineDiamond10(): Promise<unknown> {
  const run = (id: string) => noop({ nodeId: id, inputs: {} });
  await run('a');
  await Promise.all([run('b'), run('c'), run('d')]);
  await run('e');
  await Promise.all([run('f'), run('g')]);
  await run('h');
  await run('i');
  return (await run('j')).output;
}

/** `iterations` local no-ops in sequence, continuing as new when Temporal suggests it. */
export async function baselineLoop(iterations: number, start: number): Promise<number> {
  for (let i = start; i < iterations; i++) {
    await localNoop({ nodeId: 'step', inputs: {} });
    if (workflowInfo().continueAsNewSuggested && i + 1 < iterations) {
      await continueAsNew<typeof baselineLoop>(iterations, i + 1);
    }
  }
  return iterations;
}
