import jsonata from 'jsonata';
import { evaluateCondition, ExpressionError, renderTemplate, type ExpressionScope } from '../src';

const scope: ExpressionScope = {
  inputs: { name: 'Ada', count: 3, empty: '', zero: 0, nested: { deep: { x: 1 } }, list: [1, 2], none: null, obj: {}, rows: [{ q: 1 }, { q: 2 }] },
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
    await expect(renderTemplate({ n: '${inputs.count}', s: 'n=${inputs.count}, ${inputs.name}', raw: '$${x}' }, scope, '$')).resolves.toEqual({
      n: 3,
      s: 'n=3, Ada',
      raw: '${x}',
    });
  });

  it('names the expression and the path when evaluation fails', async () => {
    const failure = await renderTemplate({ v: '${$error("boom")}' }, scope, '$.nodes[2].inputs').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ExpressionError);
    expect((failure as Error).message).toBe('expression "$error("boom")" at $.nodes[2].inputs.v failed: boom (at character 7)');
  });
});
