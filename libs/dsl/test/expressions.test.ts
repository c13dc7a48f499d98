import jsonata from 'jsonata';
import { evaluateCondition, ExpressionError, renderTemplate, type ExpressionScope } from '../src';

const scope: ExpressionScope = {
  inputs: {
    name: 'Ada',
    count: 3,
    empty: '',
    zero: 0,
    nested: { deep: { x: 1 } },
    list: [1, 2],
    none: null,
    obj: {},
    rows: [{ q: 1 }, { q: 2 }],
  },
  vars: { flag: true, text: 'x' },
  nodes: { a: { status: 'SUCCEEDED', output: { id: 7 } } },
  run: { id: 'r1' },
  item: { sku: 'k' },
  index: 0,
};

describe('expressions', () => {
  // Property paths take a direct route; these pin it to JSONata's own answers.
  it.each([
    'inputs.name',
    'inputs.count',
    'inputs.nested.deep.x',
    'inputs.nested.missing.x',
    'inputs.list',
    'inputs.rows.q',
    'inputs.none',
    'inputs.obj',
    'nodes.a.output.id',
    'nodes.b.output',
    'item.sku',
    'index',
    'vars.flag',
    'inputs.count + 1',
    '$count(inputs.list)',
  ])('%s gives what JSONata gives', async (expression) => {
    const expected = await jsonata(expression).evaluate(scope);
    const rendered = await renderTemplate(`\${${expression}}`, scope, '$.x');
    expect(rendered).toEqual(expected === undefined ? undefined : JSON.parse(JSON.stringify(expected)));
  });

  it.each([
    ['vars.flag', true],
    ['inputs.empty', false],
    ['inputs.zero', false],
    ['inputs.none', false],
    ['inputs.obj', false],
    ['inputs.nested', true],
    ['inputs.missing', false],
    ['inputs.list', true],
    ['inputs.count > 2', true],
    ['${inputs.count = 2}', false],
  ])('condition %s is %p', async (condition, expected) => {
    await expect(evaluateCondition(condition, scope, '$.edges[0].when')).resolves.toBe(expected);
  });

  it('keeps JSON types for whole-string expressions and interpolates text', async () => {
    await expect(
      renderTemplate({ n: '${inputs.count}', s: 'n=${inputs.count}, ${inputs.name}', raw: '$${x}' }, scope, '$'),
    ).resolves.toEqual({
      n: 3,
      s: 'n=3, Ada',
      raw: '${x}',
    });
  });

  describe("conditions decide as JSONata's $boolean", () => {
    // Values a condition can read from its scope: through the direct property-path route (`inputs.v`), and through
    // JSONata (`(inputs.v)`, which is not a bare property path).
    const values: [string, unknown][] = [
      ['true', true],
      ['false', false],
      ['null', null],
      ['zero', 0],
      ['minus zero', -0],
      ['a negative number', -2.5],
      ['a positive number', 1],
      ['NaN', NaN],
      ['the empty string', ''],
      ['a space', ' '],
      ['the string "false"', 'false'],
      ['the string "0"', '0'],
      ['an empty object', {}],
      ['an object with a key', { a: 0 }],
      ['an object whose only value is null', { a: null }],
      ['an object that looks like a function but is data', { _jsonata_function: 'no' }],
      ['an empty list', []],
      ['a list of one false item', [0]],
      ['a list of one true item', ['x']],
      ['a list of false items', [0, '', null, false, {}, []]],
      ['a list with one true item last', [0, '', null, false, {}, [], 3]],
      ['nested lists of false items', [[], [0], [[''], [[null]]]]],
      ['nested lists with a true item deep inside', [[], [0], [[''], [[{ k: 1 }]]]]],
      ['a list of empty objects', [{}, {}]],
    ];
    const valueScope = (v: unknown): ExpressionScope => ({ ...scope, inputs: { v } });

    it.each(values)('decides %s as JSONata does, by either route', async (_kind, value) => {
      const expected = Boolean(await jsonata('$boolean(v)').evaluate({ v: value }));
      await expect(evaluateCondition('inputs.v', valueScope(value), '$.edges[0].when')).resolves.toBe(expected);
      await expect(evaluateCondition('(inputs.v)', valueScope(value), '$.edges[0].when')).resolves.toBe(expected);
      await expect(evaluateCondition('${inputs.v}', valueScope(value), '$.edges[0].when')).resolves.toBe(expected);
    });

    // Values only an expression can make: nothing, functions, regular expressions, lists holding them.
    it.each([
      'nothing',
      'inputs.missing.deeper',
      'function($x){ $x }',
      '$sum',
      '/ab+/',
      '[$sum]',
      '[$sum, 1]',
      '[$sum, 0]',
      '{"f": $sum}',
      '{}',
      '[[], [[]]]',
      '[1..3]',
      'inputs.rows.q',
      'inputs.rows[q > 5]',
      '$split("", ",")',
      'inputs.list[0] - 1',
    ])('decides %s as JSONata does', async (expression) => {
      const value: unknown = await jsonata(expression).evaluate(scope);
      const expected = Boolean(await jsonata('$boolean($v)').evaluate(null, { v: value }));
      await expect(evaluateCondition(expression, scope, '$.edges[0].when')).resolves.toBe(expected);
    });

    it('fails like JSONata for an infinite number, even in a list after a true item', async () => {
      for (const [expression, value, shown] of [
        ['inputs.v', Infinity, 'Infinity'],
        ['(inputs.v)', -Infinity, '-Infinity'],
        ['inputs.v', [1, [Infinity]], 'Infinity'],
      ] as const) {
        await expect(jsonata('$boolean($v)').evaluate(null, { v: value })).rejects.toMatchObject({ code: 'D1001' });
        const err: unknown = await evaluateCondition(expression, valueScope(value), '$.edges[0].when').catch((e) => e);
        expect(err).toBeInstanceOf(ExpressionError);
        expect((err as Error).message).toBe(
          `expression "${expression}" at $.edges[0].when failed: Number out of range: ${shown}`,
        );
      }
    });

    it('decides a condition whose value is larger than an expression result may be', async () => {
      const big = { ...scope, inputs: { big: 'x'.repeat(1_200_000) } };
      await expect(evaluateCondition('inputs.big & "!"', big, '$.edges[0].when')).resolves.toBe(true);
      await expect(renderTemplate('${inputs.big & "!"}', big, '$.x')).rejects.toThrow('exceeded the result size limit');
    });

    it('decides a list holding one list many times, nested, without walking every copy', async () => {
      // 100^5 items if each copy were walked, as JSONata's own $boolean does: the workflow task would never end.
      const levels = ['$a := [1..100].[0]', '$b := [1..100].[$a]', '$c := [1..100].[$b]', '$d := [1..100].[$c]'];
      const falsy = `(${levels.join('; ')}; [1..100].[$d])`;
      const started = Date.now();
      await expect(evaluateCondition(falsy, scope, '$.edges[0].when')).resolves.toBe(false);
      await expect(evaluateCondition(`(${levels.join('; ')}; [[1..100].[$d], [[1]]])`, scope, '$.x')).resolves.toBe(
        true,
      );
      expect(Date.now() - started).toBeLessThan(2000);
    });

    it('reports the position in the condition as written, as anywhere else', async () => {
      const message = (path: string) =>
        `expression "$error("cannot decide")" at ${path} failed: cannot decide (at character 7)`;
      for (const condition of [
        '$error("cannot decide")',
        '${$error("cannot decide")}',
        '${ $error("cannot decide") }',
      ]) {
        await expect(evaluateCondition(condition, scope, '$.nodes[0].while')).rejects.toThrow(
          message('$.nodes[0].while'),
        );
      }
      await expect(renderTemplate('${$error("cannot decide")}', scope, '$.nodes[0].inputs.v')).rejects.toThrow(
        message('$.nodes[0].inputs.v'),
      );
      await expect(evaluateCondition('inputs.count > "x"', scope, '$.edges[0].when')).rejects.toThrow(
        'expression "inputs.count > "x"" at $.edges[0].when failed: The values 3 and "x" either side of operator ">" must be of the same data type (at character 14)',
      );
    });
  });

  it('names the expression and the path when evaluation fails', async () => {
    const failure = await renderTemplate({ v: '${$error("boom")}' }, scope, '$.nodes[2].inputs').catch(
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(ExpressionError);
    expect((failure as Error).message).toBe(
      'expression "$error("boom")" at $.nodes[2].inputs.v failed: boom (at character 7)',
    );
  });
});
