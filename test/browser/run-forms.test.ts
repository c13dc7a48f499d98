import { fieldKind, initialValue, parseJson, parseNumber } from '../../apps/console/src/operate/json-schema';
import { graphOfRun, parentRunOf } from '../../apps/console/src/runs/run-graph';
import type { GraphDefinition } from '../../apps/console/src/api/types';

describe("the console's schema forms and run graphs (no browser)", () => {
  it('gives each schema the field that edits it, and raw JSON for what no field can', () => {
    expect(fieldKind({ type: 'object', properties: {} })).toBe('object');
    expect(fieldKind({ type: 'string' })).toBe('string');
    expect(fieldKind({ type: 'integer' })).toBe('integer');
    expect(fieldKind({ enum: ['a', 1, true] })).toBe('enum');
    expect(fieldKind({ type: 'array', items: { type: 'number' } })).toBe('array');
    expect(fieldKind({ type: 'array', items: { enum: ['x', 'y'] } })).toBe('array');
    // No field for these: lists of objects, unions, objects without declared properties, no schema at all.
    expect(fieldKind({ type: 'array', items: { type: 'object', properties: {} } })).toBe('json');
    expect(fieldKind({ type: ['string', 'null'] })).toBe('json');
    expect(fieldKind({ type: 'object' })).toBe('json');
    expect(fieldKind(undefined)).toBe('json');
  });

  it('starts from the defaults, nested ones included', () => {
    expect(
      initialValue({
        type: 'object',
        properties: {
          count: { type: 'integer', default: 2 },
          name: { type: 'string' },
          inner: { type: 'object', properties: { on: { type: 'boolean', default: false } } },
        },
      }),
    ).toEqual({ count: 2, inner: { on: false } });
  });

  it('reads typed numbers and JSON, keeping what is not one so the form can say so', () => {
    expect(parseNumber('3', true)).toBe(3);
    expect(parseNumber('2.5', true)).toBe('2.5');
    expect(parseNumber('2.5', false)).toBe(2.5);
    expect(parseNumber(' ', false)).toBeUndefined();
    expect(parseJson('{"a":1}')).toEqual({ value: { a: 1 } });
    expect(parseJson('{a')).toEqual({ error: expect.stringMatching(/JSON/) });
  });

  it("finds a child run's graph in the loop or foreach body its nodes are, and the run it belongs to", () => {
    const flow = {
      nodes: [
        { id: 'a', type: 'task', component: 'core.noop' },
        {
          id: 'each',
          type: 'foreach',
          items: '${[1]}',
          body: {
            nodes: [
              { id: 'x', type: 'task', component: 'core.noop' },
              { id: 'y', type: 'set', assign: {} },
            ],
          },
        },
      ],
    } as GraphDefinition;
    expect(graphOfRun(flow, ['a', 'each'])).toBe(flow);
    expect(graphOfRun(flow, ['y', 'x'])?.nodes.map((n) => n.id)).toEqual(['x', 'y']);
    expect(graphOfRun(flow, ['x'])).toBeUndefined();
    expect(parentRunOf('orders-1--each')).toBe('orders-1');
    expect(parentRunOf('orders-1--each--item-3--ship')).toBe('orders-1--each');
    expect(parentRunOf('orders-1--ship--2')).toBe('orders-1');
    expect(parentRunOf('orders-1')).toBeUndefined();
  });
});
