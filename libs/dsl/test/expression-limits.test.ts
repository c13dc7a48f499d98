import {
  compiledExpressionCount,
  evaluateCondition,
  evaluateExpression,
  ExpressionError,
  ExpressionLimitExceeded,
  MAX_COMPILED_EXPRESSIONS,
  renderTemplate,
  type ExpressionScope,
} from '../src';

const rows = Array.from({ length: 300 }, (_, i) => ({ id: `k${i}`, name: `n${i}`, qty: i }));
const scope: ExpressionScope = {
  inputs: { a: 1, rows, big: 'x'.repeat(600_000) },
  vars: {},
  nodes: {},
  run: { id: 'r1' },
};
const PATH = '$.nodes[0].inputs.v';

async function failure(expression: string): Promise<ExpressionError> {
  const err = await evaluateExpression(expression, scope, PATH).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof ExpressionError)) throw new Error(`expected "${expression}" to fail, got ${String(err)}`);
  return err;
}

const limitMessage = (expression: string, limit: string) => `expression "${expression}" at ${PATH} exceeded ${limit}`;
const DEPTH = 'the evaluation depth limit (1,000)';
const STEPS = 'the evaluation step limit (10,000)';
const SIZE = 'the result size limit (1,048,576 bytes)';
const LENGTH = 'the expression length limit (4,096 characters)';

describe('expression limits', () => {
  it.each([
    ['recursion in tail position (runs forever without a budget)', '($f := function($x){$f($x)}; $f(1))', STEPS],
    ['recursion that nests', '($f := function($x){1 + $f($x)}; $f(1))', DEPTH],
    ['a sum over a huge range', '$sum([1..10000000])', STEPS],
    ['a map over a huge range', '$map([1..9999999], function($v){$v})', STEPS],
    ['ranges inside a loop', '[1..9000].$count([1..9000])', STEPS],
    ['a list doubled by $append', '$reduce([1..40], function($a, $b){$append($a, $a)}, [1])', SIZE],
    ['a pad to a huge width', "$pad('', 100000000)", SIZE],
    ['a string doubled over and over', "$reduce([1..40], function($a, $b){$a & $a}, 'x')", SIZE],
    ['a doubled string compared', "$reduce([1..40], function($a, $b){$a & $a}, 'x') < 'y'", SIZE],
    ['a string doubled into a built-in', "$uppercase($reduce([1..22], function($a, $b){$a & $a}, 'x'))", SIZE],
    ['many large strings built one by one', '$count([1..2000].($pad("", 500000)))', SIZE],
    ['a join of one large string many times', '$join([1..500].($$.inputs.big))', SIZE],
    ['a string of one large string many times', '$string([1..5].($$.inputs.big))', SIZE],
    [
      'a replace that multiplies a string',
      "$replace($substring(inputs.big, 0, 2000), 'x', $substring(inputs.big, 0, 2000))",
      SIZE,
    ],
    ['a result holding one string many times', '[1..1000].($$.inputs.big)', SIZE],
  ])('stops %s with ExpressionLimitExceeded', async (_kind, expression, limit) => {
    const err = await failure(expression);
    expect(err).toBeInstanceOf(ExpressionLimitExceeded);
    expect(err.type).toBe('ExpressionLimitExceeded');
    expect(err.path).toBe(PATH);
    expect(err.message).toBe(limitMessage(expression, limit));
  });

  // Positions are JSONata's: an error inside a function is reported at the function's call, a call by `~>` has none.
  it.each([
    ['a call', '$eval("1 + inputs.a")', ' (at character 6)'],
    ['a call on text made at run time', "$eval($pad('', 5000, '('))", ' (at character 6)'],
    ['a call inside a loop', '[1..3].$eval("1")', ' (at character 13)'],
    ['a call in a function', '($f := function($t){ $eval($t) & "" }; $f("1"))', ' (at character 42)'],
    ['a call in tail position', '($f := function($t){ $eval($t) }; $f("1"))', ' (at character 37)'],
    ['a call through ~>', '"1 + 1" ~> $eval', ''],
    ['a call by $map', '$map(["1"], $eval)', ' (at character 5)'],
    ['a partial application', '($e := $eval(?); $e("1"))', ' (at character 20)'],
  ])('refuses $eval at run time: %s', async (_kind, expression, at) => {
    for (let i = 0; i < 2; i++) {
      const err = await failure(expression);
      expect(err).not.toBeInstanceOf(ExpressionLimitExceeded);
      expect(err.message).toBe(
        `expression "${expression}" at ${PATH} failed: $eval is not available: expressions are checked when the flow is published${at}`,
      );
    }
  });

  it('stops a bomb within a bounded number of steps, not after seconds', async () => {
    const started = Date.now();
    await failure('($f := function($x){$f($x)}; $f(1))');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it.each([
    ['a factorial of 20', '($f := function($n){ $n <= 1 ? 1 : $n * $f($n - 1) }; $f(20))', 2432902008176640000],
    ['recursion 200 deep', '($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(200))', 200],
    ['a sum over a range', '$sum([1..9000])', 40504500],
    ['a map over 2,000 items', '$count($map([1..2000], function($v){ $v * 2 }))', 2000],
    ['a group-by into 300 keys', '$count($keys(inputs.rows{id: {"name": name, "qty": qty}}))', 300],
    ['a reshaping of 300 rows', '$sum(inputs.rows.{"q": qty * 2}.q)', 89700],
    ['a large value read as it is', '$length(inputs.big)', 600_000],
    ['100 nested parentheses', `${'('.repeat(100)}inputs.a${')'.repeat(100)}`, 1],
  ])('evaluates %s', async (_kind, expression, expected) => {
    await expect(evaluateExpression(expression, scope, PATH)).resolves.toBe(expected);
  });

  it("keeps JSONata's own range semantics and errors", async () => {
    await expect(evaluateExpression('[1..3, 7, 5..4]', scope, PATH)).resolves.toEqual([1, 2, 3, 7]);
    await expect(evaluateExpression('[0..2][1]', scope, PATH)).resolves.toBe(1);
    await expect(evaluateExpression('[1..inputs.missing]', scope, PATH)).resolves.toEqual([]);
    expect((await failure('[1.5..3]')).message).toBe(
      `expression "[1.5..3]" at ${PATH} failed: The left side of the range operator (..) must evaluate to an integer (at character 6)`,
    );
    expect((await failure('[1..20000000]')).message).toBe(
      `expression "[1..20000000]" at ${PATH} failed: The size of the sequence allocated by the range operator (..) must not exceed 1e7.  Attempted to allocate 20000000. (at character 4)`,
    );
  });

  it.each(['function($x){ $x }', '$sum', '{"f": function($x){ $x }}'])(
    'refuses %s as a result: not a value',
    async (expression) => {
      const err = await failure(expression);
      expect(err.message).toBe(`expression "${expression}" at ${PATH} failed: the result is a function, not a value`);
    },
  );

  it('refuses an expression over the length limit before parsing it, however pathological', async () => {
    const nested = `${'('.repeat(50_000)}1${')'.repeat(50_000)}`;
    const err = await failure(nested);
    expect(err.message).toBe(`expression "${'('.repeat(100)}…" at ${PATH} exceeded ${LENGTH}`);
    const huge = 'inputs.a + '.repeat(100_000);
    await expect(evaluateExpression(huge, scope, PATH)).rejects.toThrow(`exceeded ${LENGTH}`);
  });

  it('refuses nesting deeper than the depth limit before parsing it', async () => {
    const nested = `${'['.repeat(1001)}1${']'.repeat(1001)}`;
    expect((await failure(nested)).message).toBe(`expression "${'['.repeat(100)}…" at ${PATH} exceeded ${DEPTH}`);
  });

  it('keeps failing with the plain ExpressionError for ordinary failures', async () => {
    const err = await failure('$error("boom")');
    expect(err).not.toBeInstanceOf(ExpressionLimitExceeded);
    expect(err.type).toBe('ExpressionError');
  });

  it('names the condition as written when a condition breaks a limit', async () => {
    const condition = '$sum([1..10000000]) > 0';
    const err: unknown = await evaluateCondition(condition, scope, '$.edges[0].when').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExpressionLimitExceeded);
    expect((err as Error).message).toBe(`expression "${condition}" at $.edges[0].when exceeded ${STEPS}`);
  });

  it('gives every evaluation its own budget, also when they interleave', async () => {
    const heavy = '$count($map([1..3000], function($v){ $v }))';
    const results = await Promise.all([1, 2, 3, 4].map(() => evaluateExpression(heavy, scope, PATH)));
    expect(results).toEqual([3000, 3000, 3000, 3000]);
  });

  it('names the path inside a template', async () => {
    const template = { v: { w: ['${$pad("", 2000000)}'] } };
    const err: unknown = await renderTemplate(template, scope, '$.nodes[1].inputs').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExpressionLimitExceeded);
    expect((err as Error).message).toBe(`expression "$pad("", 2000000)" at $.nodes[1].inputs.v.w[0] exceeded ${SIZE}`);
  });

  it('keeps at most MAX_COMPILED_EXPRESSIONS parsed expressions', async () => {
    for (let i = 0; i < MAX_COMPILED_EXPRESSIONS + 50; i++) await evaluateExpression(`inputs.a + ${i}`, scope, PATH);
    expect(compiledExpressionCount()).toBe(MAX_COMPILED_EXPRESSIONS);
    await expect(evaluateExpression('inputs.a + 7', scope, PATH)).resolves.toBe(8);
  });
});
