import { checkJsonDepth, FLOW_JSON_SCHEMA, FlowValidationError } from '@weft/dsl';
import { getMetadataStorage } from 'class-validator';
import fc from 'fast-check';
import { createRequire } from 'node:module';
import {
  EdgeDto,
  FlowDefaultsDto,
  FlowDefinitionDto,
  GraphDto,
  NODE_DTOS,
  parseFlowDefinition,
  RetryPolicyDto,
} from '../../apps/api/src/flows/dto';
import { validDefinition } from '../fuzz/definitions';
import { drawn } from '../fuzz/draw';
import { mutate, toJsonText } from '../fuzz/mutations';
import { startTestStack, type TestStack } from '../harness/test-stack';
import { diamondFlow } from './flows.fixtures';

type Schema = { properties?: Record<string, unknown>; definitions?: Record<string, Schema> };
const definitions = (FLOW_JSON_SCHEMA as unknown as Schema).definitions!;

// Ajv 8, as the DSL has it (the repository root holds ESLint's Ajv 6); strict, so a misspelt keyword fails here.
const Ajv = createRequire(require.resolve('@weft/dsl'))('ajv') as new (options: object) => {
  compile(schema: object): ((value: unknown) => boolean) & { errors?: { instancePath: string }[] | null };
};
const validate = new Ajv({ allErrors: true, strict: true }).compile(FLOW_JSON_SCHEMA);
const errorsOf = (definition: unknown) => (validate(definition) ? [] : validate.errors!.map((e) => e.instancePath));

/** Whether the API's shape checks (the DTOs) take a definition; the static checks come after and are not in the schema. */
function dtoAccepts(definition: unknown): boolean {
  try {
    parseFlowDefinition(definition);
    return true;
  } catch (err) {
    if (err instanceof FlowValidationError) return false;
    throw err;
  }
}

const TARGETS = { localUrl: 'http://127.0.0.1:1/', childFlow: 'child' };

/** Definitions the end-to-end tests publish: the shared fixtures, and the fuzz suite's generator of valid flows. */
const fixtures = (): [string, unknown][] => [
  ['diamond', diamondFlow('diamond')],
  ['diamond with a string delay', diamondFlow('diamond', '250ms')],
  ...fc
    .sample(
      drawn((d) => validDefinition(d, TARGETS)),
      { numRuns: 300, seed: 20_261_126 },
    )
    .map((definition, i): [string, unknown] => [`generated #${i}`, definition]),
];

describe('the JSON Schema of the flow language', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack?.close());

  it('is served at /schemas/flow.json for editors', async () => {
    const served = await stack.http().get('/schemas/flow.json').expect(200);
    expect(served.headers['content-type']).toMatch(/^application\/schema\+json/);
    expect(served.body).toEqual(JSON.parse(JSON.stringify(FLOW_JSON_SCHEMA)));
  });

  it('accepts every fixture flow, and the API publishes a definition that names it in $schema', async () => {
    for (const [name, definition] of fixtures()) {
      expect({ name, errors: errorsOf(definition) }).toEqual({ name, errors: [] });
      expect({ name, accepted: dtoAccepts(definition) }).toEqual({ name, accepted: true });
    }
    const withSchema = { $schema: 'http://localhost:3000/schemas/flow.json', ...diamondFlow(`schema-${Date.now()}`) };
    expect(errorsOf(withSchema)).toEqual([]);
    await stack.http().post('/flows').send(withSchema).expect(201);
  });

  it.each<[string, unknown, string]>([
    ['a node of an unknown type', { id: 'f', nodes: [{ id: 'a', type: 'teleport' }] }, '/nodes/0'],
    ['no nodes', { id: 'f', nodes: [] }, '/nodes'],
    ['no id', { nodes: [{ id: 'a', type: 'end' }] }, ''],
    ['an id that is not one', { id: '1 flow', nodes: [{ id: 'a', type: 'end' }] }, '/id'],
    ['an unknown top-level field', { id: 'f', nodes: [{ id: 'a', type: 'end' }], owner: 'me' }, ''],
    ['an unknown node field', { id: 'f', nodes: [{ id: 'a', type: 'end', colour: 'red' }] }, '/nodes/0'],
    ['a task without its component', { id: 'f', nodes: [{ id: 'a', type: 'task' }] }, '/nodes/0'],
    ['a duration that is not one', { id: 'f', timeout: 'soon', nodes: [{ id: 'a', type: 'end' }] }, '/timeout'],
    [
      'a loop without maxIterations',
      { id: 'f', nodes: [{ id: 'l', type: 'loop', body: { nodes: [{ id: 'a', type: 'end' }] } }] },
      '/nodes/0',
    ],
    [
      'a bad node in a foreach body',
      {
        id: 'f',
        nodes: [
          { id: 'e', type: 'foreach', items: '${[1]}', body: { nodes: [{ id: 'a', type: 'wait', duration: 'soon' }] } },
        ],
      },
      '/nodes/0/body/nodes/0',
    ],
    [
      'a retry policy with an unknown field',
      { id: 'f', defaults: { retry: { attempts: 3 } }, nodes: [{ id: 'a', type: 'end' }] },
      '/defaults/retry',
    ],
    [
      'an edge with an unknown "on"',
      { id: 'f', nodes: [{ id: 'a', type: 'end' }], edges: [{ from: 'a', to: 'a', on: 'never' }] },
      '/edges/0/on',
    ],
    [
      'a priority out of range',
      { id: 'f', nodes: [{ id: 'a', type: 'task', component: 'core.noop', priority: 9 }] },
      '/nodes/0',
    ],
  ])('refuses %s, as the API does', (_name, definition, path) => {
    const errors = errorsOf(definition);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.some((at) => at === path || at.startsWith(`${path}/`))).toBe(true);
    expect(dtoAccepts(definition)).toBe(false);
  });

  it('is never looser than the API: whatever mutated definition it accepts, the shape checks accept too', () => {
    const mutated = fc.sample(
      drawn((d) => mutate(d, validDefinition(d, TARGETS)).definition),
      { numRuns: 400, seed: 7 },
    );
    let refusedByBoth = 0;
    const looser: unknown[] = [];
    for (const candidate of mutated) {
      const text = toJsonText(candidate);
      if (text.length > 10_000) continue; // thousands of nodes: slow to check, and nothing new
      let definition: unknown;
      try {
        definition = JSON.parse(text);
      } catch {
        continue;
      }
      // Nesting past MAX_JSON_DEPTH and "__proto__" keys are refused by the request guard before any shape check.
      if (checkJsonDepth(definition)) continue;
      const schemaAccepts = validate(definition);
      const apiAccepts = dtoAccepts(definition);
      if (schemaAccepts && !apiAccepts) looser.push(definition);
      if (!schemaAccepts && !apiAccepts) refusedByBoth++;
    }
    expect(looser).toEqual([]);
    expect(refusedByBoth).toBeGreaterThan(60);
  });

  it('names exactly the fields the DTOs validate, for the flow, its defaults, retry policies, edges, bodies and every node type', () => {
    const fieldsOf = (cls: new () => object) =>
      [
        ...new Set(
          getMetadataStorage()
            .getTargetValidationMetadatas(cls, '', true, false)
            .map((m) => m.propertyName),
        ),
      ].sort();
    const schemaFields = (schema: Schema) => Object.keys(schema.properties ?? {}).sort();
    expect(schemaFields(FLOW_JSON_SCHEMA as unknown as Schema)).toEqual(fieldsOf(FlowDefinitionDto));
    expect(schemaFields(definitions.defaults)).toEqual(fieldsOf(FlowDefaultsDto));
    expect(schemaFields(definitions.retry)).toEqual(fieldsOf(RetryPolicyDto));
    expect(schemaFields(definitions.edge)).toEqual(fieldsOf(EdgeDto));
    expect(schemaFields(definitions.graph)).toEqual(fieldsOf(GraphDto));
    for (const { name, value } of NODE_DTOS) {
      expect({ name, fields: schemaFields(definitions[`${name}Node`]) }).toEqual({ name, fields: fieldsOf(value) });
    }
  });
});
