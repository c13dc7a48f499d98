import { properties, type FuzzScale } from '../fuzz/properties';
import { useFuzzStack } from '../fuzz/use-fuzz-stack';

/**
 * The fuzz suite's properties (test/fuzz, `npm run fuzz`) at a small scale on every `npm test`: about 200 publishes
 * and random requests, and a few dozen runs, on the API and a worker each in its own process. The seed is fixed
 * (FUZZ_SEED overrides it) so `npm test` stays deterministic; `npm run fuzz` draws a new one each time.
 */
const SMOKE: FuzzScale = {
  validPublishes: 60,
  mutatedPublishes: 80,
  randomBodies: 60,
  runBatches: 2,
  hostileBatches: 1,
  mutatedRunBatches: 1,
  batchSize: 8,
  runShrinkBudgetMs: 15_000,
};

describe('fuzz smoke: the fuzz properties at small scale', () => {
  process.env.FUZZ_SEED ??= '20261126';
  const ctx = useFuzzStack(90_000);

  for (const property of properties(ctx, SMOKE)) {
    it(property.name, () => property.run(), 240_000);
  }
});
