import { properties, scaleFor } from './properties';
import { regressions } from './regressions';
import { recover } from './runner';
import { useFuzzStack } from './use-fuzz-stack';

/**
 * `npm run fuzz`: thousands of generated, mutated and random definitions, run inputs and hostile expressions through
 * POST /flows and POST /flows/:id/runs on the real stack. Properties: no 5xx (4xx are problem documents with JSON
 * paths), no worker crash (a canary run succeeds after every batch), every started run ends and never wedges.
 * FUZZ_RUNS scales it (default 3000); FUZZ_SEED, FUZZ_PATH and FUZZ_ONLY replay a failure as printed.
 */
describe('fuzzing publish and start on the real stack', () => {
  const ctx = useFuzzStack(120_000);
  const scale = scaleFor(Number(process.env.FUZZ_RUNS ?? 3000));
  const only = process.env.FUZZ_ONLY;

  describe('regressions (cases the fuzzer found)', () => {
    for (const regression of regressions) {
      const maybe = only && only !== regression.name ? it.skip : it;
      maybe(regression.name, async () => {
        ctx.stats.count(ctx.stats.cases, 'regressions');
        await regression.run(ctx).catch(async (err: unknown) => {
          await recover(ctx, err);
          ctx.stats.findings.push(`regression "${regression.name}": ${(err as Error).message.split('\n')[0]}`);
          throw err;
        });
      });
    }
  });

  describe('properties', () => {
    for (const property of properties(ctx, scale)) {
      const maybe = only && only !== property.name ? it.skip : it;
      maybe(property.name, () => property.run());
    }
  });
});
