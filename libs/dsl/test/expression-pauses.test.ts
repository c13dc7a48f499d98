import {
  evaluateExpression,
  ExpressionLimitExceeded,
  PAUSE_EVERY_STEPS,
  type ExpressionMeter,
  type ExpressionScope,
} from '../src';

const scope: ExpressionScope = { inputs: {}, vars: {}, nodes: {}, run: {} };
const SUM = '$reduce([1..1500], function($a, $b){ $a + $b })';
const RUNAWAY = '(function($f){ $f($f) })(function($f){ $f($f) })';

/** A meter whose pauses are held until the test lets them go. */
function heldMeter() {
  const held: (() => void)[] = [];
  const meter: ExpressionMeter = {
    steps: 0,
    pause: () => new Promise<void>((resolve) => held.push(resolve)),
  };
  return { meter, held };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('long evaluations pause through their meter', () => {
  it('waits for each pause, every 2,000 steps, with the steps so far counted, and ends as without pauses', async () => {
    const plain = { steps: 0 };
    const expected = await evaluateExpression(SUM, scope, '$.x', plain);
    expect(plain.steps).toBeGreaterThan(2 * PAUSE_EVERY_STEPS);

    const { meter, held } = heldMeter();
    const stepsAtPauses: number[] = [];
    let settled = false;
    const evaluation = evaluateExpression(SUM, scope, '$.x', meter).finally(() => (settled = true));
    let released = 0;
    while (!settled) {
      await turn();
      if (held.length > released) {
        await turn();
        expect(settled).toBe(false);
        stepsAtPauses.push(meter.steps);
        held[released++]();
      }
    }
    expect(await evaluation).toBe(expected);
    // Pauses count JSONata's steps, not the range's items (cheap to make, charged to the limit all the same).
    expect(released).toBe(Math.floor((plain.steps - 1500) / PAUSE_EVERY_STEPS));
    expect(released).toBeGreaterThanOrEqual(2);
    // Counted up to each pause: 2,000 steps apart (the range's 1,500 items were counted before the first).
    expect(stepsAtPauses[0]).toBeGreaterThanOrEqual(PAUSE_EVERY_STEPS);
    expect(stepsAtPauses.slice(1).map((steps, i) => steps - stepsAtPauses[i])).toEqual(
      stepsAtPauses.slice(1).map(() => PAUSE_EVERY_STEPS),
    );
    expect(meter.steps).toBe(plain.steps);
  });

  it('goes on at once when the meter gives no pause (runs recorded before pauses), counting only at the end', async () => {
    const plain = { steps: 0 };
    const seen: number[] = [];
    const none: ExpressionMeter = { steps: 0, pause: () => (seen.push(none.steps), undefined) };
    expect(await evaluateExpression(SUM, scope, '$.x', none)).toBe(await evaluateExpression(SUM, scope, '$.x', plain));
    expect(none.steps).toBe(plain.steps);
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(new Set(seen)).toEqual(new Set([seen[0]]));
    expect(seen[0]).toBeLessThan(PAUSE_EVERY_STEPS);
  });

  it('ends with the pause’s own error when a pause fails (a cancelled workflow), not an expression error', async () => {
    const cancelled = new Error('cancelled');
    const meter: ExpressionMeter = { steps: 0, pause: () => Promise.reject(cancelled) };
    await expect(evaluateExpression(SUM, scope, '$.x', meter)).rejects.toBe(cancelled);
    expect(meter.steps).toBeGreaterThanOrEqual(PAUSE_EVERY_STEPS);
  });

  it('still stops a runaway expression at the step limit, after pausing on the way', async () => {
    let pauses = 0;
    const meter: ExpressionMeter = { steps: 0, pause: () => (pauses++, Promise.resolve()) };
    const err = await evaluateExpression(RUNAWAY, scope, '$.x', meter).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExpressionLimitExceeded);
    expect((err as ExpressionLimitExceeded).limit).toBe('steps');
    expect(pauses).toBeGreaterThanOrEqual(4);
  });
});
