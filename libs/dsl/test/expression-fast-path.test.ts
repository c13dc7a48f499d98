import {
  conditionWithoutJsonata,
  evaluateCondition,
  evaluateExpression,
  renderTemplate,
  renderWithoutJsonata,
  type ExpressionScope,
} from '../src';
import { evaluateFast } from '../src/expressions/fast-path';

const scope: ExpressionScope = {
  inputs: { n: 3, s: 'b', t: true, z: null, list: [1, 2], obj: { a: 1 }, deep: { x: { y: 2.5 } }, zero: 0 },
  vars: { count: 2, status: 'done', empty: '', none: null, same: 'done' },
  nodes: { a: { status: 'SUCCEEDED', output: { id: 7, name: 'x' } }, b: { status: 'FAILED' } },
  run: { id: 'r1', version: 1 },
  item: { id: 7, tags: ['x'] },
  index: 2,
};

/** Outcome of an evaluation: its value, or the message it failed with, and the steps it counted. */
async function outcome(run: (meter: { steps: number }) => Promise<unknown>) {
  const meter = { steps: 0 };
  try {
    return { value: await run(meter), steps: meter.steps };
  } catch (err) {
    return { error: (err as Error).message, steps: meter.steps };
  }
}

const simple = [
  'true',
  'false',
  'null',
  '3',
  '2.5',
  "'done'",
  '"done"',
  'index < 3',
  'index <= 2',
  'index > 2',
  'index >= 3',
  'index = 2',
  'index != 2',
  'vars.count < inputs.n',
  "vars.status = 'done'",
  'vars.status = vars.same',
  "vars.status != 'done'",
  "vars.status < 'e'",
  "'a' >= vars.status",
  'nodes.a.output.id = item.id',
  'nodes.a.output.name = "x"',
  'inputs.deep.x.y > 2',
  'inputs.t = true',
  'inputs.z = null',
  'vars.none = null',
  'vars.empty = ""',
  'inputs.zero = 0',
  'vars.missing < 3',
  'vars.missing.deeper < 3',
  'nodes.c.output.id = 7',
  'vars.missing = vars.missing',
  'vars.missing != 1',
  '3 < vars.missing',
  'run.version = 1',
  '  index<3  ',
  'vars.count + 1',
  'index*2',
  'inputs.n / 2',
  'inputs.n % 2',
  'inputs.n - 5',
  'inputs.deep.x.y * 2',
  'vars.missing + 1',
  'item.id - nodes.a.output.id',
];

const jsonataOnly = [
  'inputs.s < 3', // JSONata refuses mixed types (T2009)
  'inputs.obj = inputs.obj', // objects are compared deeply by JSONata
  'inputs.list = 1', // JSONata maps over arrays
  'item.tags = "x"',
  'inputs.obj < 3', // not comparable (T2010)
  'inputs.t < true',
  'vars.none < 3',
  'vars.none.x = 1',
  'index + 1 < 3',
  '$count(inputs.list) = 2',
  'index < 3 and true',
  "'it\\'s' = vars.status",
  '-1 < index',
  '007 = 7',
  'index < 3 /* comment */',
  'inputs.s + 1', // JSONata refuses a string in arithmetic (T2001)
  '1 / 0', // not a finite number
  'inputs.zero / 0',
  'vars.none + 1',
  'inputs.list * 2',
];

describe('expressions without JSONata (fastPath)', () => {
  it.each(simple)('%s: decided without JSONata', (expression) => {
    expect(evaluateFast(expression, scope)).toBeDefined();
  });

  it.each(jsonataOnly)('%s: left to JSONata', (expression) => {
    expect(evaluateFast(expression, scope)).toBeUndefined();
  });

  it.each([...simple, ...jsonataOnly])('%s: the same value (or error) and steps as JSONata', async (expression) => {
    const slow = await outcome((meter) => evaluateExpression(expression, scope, '$.x', meter));
    const fast = await outcome((meter) => evaluateExpression(expression, scope, '$.x', meter, { fastPath: true }));
    expect(fast).toStrictEqual(slow);
    expect(slow.steps).toBeGreaterThan(0);
  });

  it.each([...simple, ...jsonataOnly])(
    '%s as a condition: the same truth (or error) and steps as JSONata',
    async (expression) => {
      const slow = await outcome((meter) => evaluateCondition(expression, scope, '$.when', meter));
      const fast = await outcome((meter) => evaluateCondition(expression, scope, '$.when', meter, { fastPath: true }));
      expect(fast).toStrictEqual(slow);
      const now = conditionWithoutJsonata(expression, scope);
      if (now) expect({ value: now.holds, steps: now.steps }).toStrictEqual(slow);
      else expect(jsonataOnly).toContain(expression);
    },
  );

  it('a bare property path is decided at once as a condition, counting one step as it always has', async () => {
    expect(conditionWithoutJsonata('${vars.status}', scope)).toEqual({ holds: true, steps: 1 });
    expect(conditionWithoutJsonata('vars.empty', scope)).toEqual({ holds: false, steps: 1 });
    expect(await outcome((meter) => evaluateCondition('vars.empty', scope, '$.when', meter))).toEqual({
      value: false,
      steps: 1,
    });
  });

  const templates: unknown[] = [
    {
      id: '${item.id}',
      first: '${index < 3}',
      label: 'n-${index}-${vars.status}',
      none: '${vars.missing}',
      list: ['${vars.missing}', 1],
    },
    '${nodes.a.output}',
    'plain text',
    ['${inputs.n}', { deep: '${inputs.deep.x}' }],
    { fine: '${index}', notSimple: '${$count(inputs.list)}' },
    { next: '${vars.count + 1}', half: '${inputs.n / 2}' },
    { bad: '${inputs.s < 3}' },
    { unclosed: '${index' },
  ];

  it.each(templates)('template %j: the same rendering (or error) and steps as JSONata', async (template) => {
    const slow = await outcome((meter) => renderTemplate(template, scope, '$.inputs', meter));
    const fast = await outcome((meter) => renderTemplate(template, scope, '$.inputs', meter, { fastPath: true }));
    expect(fast).toStrictEqual(slow);
  });

  it('renders a template of simple expressions in one pass, and leaves any other to JSONata', () => {
    expect(renderWithoutJsonata(templates[0], scope)).toEqual({
      value: { id: 7, first: true, label: 'n-2-done', list: [null, 1] },
      steps: 1 + 5 + 1 + 1 + 1 + 1,
    });
    expect(renderWithoutJsonata(templates[4], scope)).toBeUndefined();
    expect(renderWithoutJsonata(templates[5], scope)).toEqual({
      value: { next: 3, half: 1.5 },
      steps: 2 * (1 + 1 + 3 + 1),
    });
    expect(renderWithoutJsonata(templates[6], scope)).toBeUndefined();
    expect(renderWithoutJsonata(templates[7], scope)).toBeUndefined();
  });

  it('gives a copy, never the scope object itself', () => {
    const rendered = renderWithoutJsonata('${nodes.a.output}', scope)!.value as { id: number };
    expect(rendered).toEqual({ id: 7, name: 'x' });
    expect(rendered).not.toBe(scope.nodes.a.output);
  });
});
