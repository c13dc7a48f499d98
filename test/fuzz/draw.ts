import fc from 'fast-check';

/**
 * Imperative drawing on top of `fc.gen()`: builders read like the language they generate, and fast-check still
 * shrinks every value drawn (integers towards their minimum, so the first choice of a `pick` is the simplest one
 * and a `chance` shrinks to "no").
 */
export interface Draw {
  int(min: number, max: number): number;
  /** True with `percent` % probability; shrinks to false. */
  chance(percent: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** One of the weighted builders; shrinks towards the first. */
  weighted<T>(options: readonly (readonly [weight: number, build: () => T])[]): T;
  value<T>(arbitrary: fc.Arbitrary<T>): T;
}

export function drawFrom(g: fc.GeneratorValue): Draw {
  const int = (min: number, max: number) => g(fc.integer, { min, max });
  return {
    int,
    chance: (percent) => int(0, 99) >= 100 - percent,
    // An empty list (a mutation removed every node) gives undefined, which is as good a junk value as any.
    pick: (items) => (items.length ? items[int(0, items.length - 1)] : (undefined as never)),
    weighted(options) {
      const total = options.reduce((sum, [w]) => sum + w, 0);
      let at = int(0, total - 1);
      for (const [weight, build] of options) {
        if (at < weight) return build();
        at -= weight;
      }
      return options[0][1]();
    },
    value: (arbitrary) => g(() => arbitrary),
  };
}

/** An arbitrary built by an imperative builder. */
export function drawn<T>(build: (d: Draw) => T): fc.Arbitrary<T> {
  return fc.gen().map((g) => build(drawFrom(g)));
}
