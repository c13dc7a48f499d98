import { startFuzzStack } from './fuzz-stack';
import { canary, FuzzStats, publishFixtures, type FuzzContext } from './runner';
import { terminateAll } from './runs';

/**
 * Starts the fuzz stack (API and worker in their own processes) with its fixtures before the file's tests, checks it
 * serves, and after them prints the report, terminates the runs still live and stops the stack.
 */
export function useFuzzStack(setupTimeoutMs: number): FuzzContext {
  const ctx = { stats: new FuzzStats(), live: new Set<string>() } as FuzzContext;
  beforeAll(async () => {
    ctx.stack = await startFuzzStack();
    ctx.targets = { localUrl: ctx.stack.localUrl, childFlow: 'fuzz-child' };
    await publishFixtures(ctx);
    await canary(ctx);
  }, setupTimeoutMs);

  afterAll(async () => {
    process.stdout.write(`\n${ctx.stats.report()}\n`);
    if (ctx.stack) {
      await terminateAll(ctx.stack.client, ctx.live);
      await ctx.stack.close();
    }
  }, 60_000);
  return ctx;
}
