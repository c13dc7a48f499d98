import { componentCatalog } from '@weft/components';
import {
  checkPlanSize,
  compilePlan,
  FlowValidationError,
  formatCount,
  jsonBytes,
  LIMITS,
  type FlowResolver,
  type ValidationIssue,
} from '../src';
import { validateFlowDefinition } from '../../../apps/api/src/flows/dto';
import { catalog, task } from './fixtures';
import { malformedDefinitions } from './malformed-definitions';

/** What publishing refuses: the definition's checks, then the size of its compiled plan (as the API does). */
function issuesOf(definition: unknown, components = componentCatalog(), resolveFlow?: FlowResolver): ValidationIssue[] {
  try {
    const flow = validateFlowDefinition(definition, components, resolveFlow);
    const issues = checkPlanSize(compilePlan(flow, 1, resolveFlow));
    if (issues.length) return issues;
  } catch (err) {
    if (err instanceof FlowValidationError) return err.issues;
    throw err;
  }
  throw new Error('expected the definition to be rejected');
}

describe('validateFlowDefinition', () => {
  it('accepts a valid diamond and returns it', () => {
    const flow = validateFlowDefinition(
      {
        id: 'diamond',
        nodes: [
          task('A'),
          task('B'),
          task('C'),
          task('D', { component: 'demo.greet', inputs: { who: '${nodes.A.output.name}' } }),
        ],
        edges: [
          { from: 'A', to: 'B' },
          { from: 'A', to: 'C' },
          { from: 'B', to: 'D' },
          { from: 'C', to: 'D' },
        ],
      },
      catalog,
    );
    expect(flow.nodes.map((n) => n.id)).toEqual(['A', 'B', 'C', 'D']);
  });

  it('has at least 30 distinct kinds of malformed definitions to reject', () => {
    expect(new Set(malformedDefinitions.map(([kind]) => kind)).size).toBeGreaterThanOrEqual(30);
  });

  it.each(malformedDefinitions)('rejects %s with the JSON path at fault', (_kind, definition, expected) => {
    expect(issuesOf(definition)).toEqual(expected);
  });

  it('refuses a value nested deeper than MAX_JSON_DEPTH before anything recurses into it', () => {
    const x = JSON.parse(`${'['.repeat(2000)}1${']'.repeat(2000)}`);
    expect(issuesOf({ id: 'f', nodes: [task('A', { inputs: { x } })] })).toEqual([
      { path: `$.nodes[0].inputs.x${'[0]'.repeat(124)}`, message: 'nests deeper than 128 levels; the limit is 128' },
    ]);
  });

  it('passes "constructor" keys in free-form values through untouched', () => {
    const definition = JSON.parse(
      '{"id":"f","variables":{"constructor":true},"output":{"constructor":[{"constructor":2}]},' +
        '"nodes":[{"id":"S","type":"set","assign":{"constructor":{"constructor":1}}}]}',
    );
    const flow = validateFlowDefinition(definition, componentCatalog());
    expect(JSON.parse(JSON.stringify(flow))).toEqual(definition);
  });

  it('checks templated component inputs only for presence, since their values come at run time', () => {
    expect(
      issuesOf({ id: 'f', nodes: [task('A', { component: 'demo.greet', inputs: { times: '${inputs.n}' } })] }, catalog),
    ).toEqual([{ path: '$.nodes[0].inputs.who', message: 'is required' }]);
  });

  it('accepts expressions in every place they may sit', () => {
    const flow = validateFlowDefinition(
      {
        id: 'everywhere',
        variables: { limit: '${inputs.limit ?? 10}', label: 'run ${run.id}' },
        output: { total: '${vars.total}' },
        nodes: [
          task('A', { inputs: { n: '${vars.limit}' }, outputs: { total: '${output.n}' } }),
          { id: 'S', type: 'switch' },
          { id: 'W', type: 'wait', duration: '${vars.limit * 1000}' },
          {
            id: 'L',
            type: 'loop',
            maxIterations: 3,
            while: 'iteration < 2 and nodes.B.status = "SUCCEEDED"',
            body: { nodes: [task('B')] },
          },
          {
            id: 'F',
            type: 'foreach',
            items: '${[1..vars.limit]}',
            body: { nodes: [task('C', { inputs: { i: '${item}' } })] },
          },
          { id: 'E', type: 'end', output: '${nodes.A.output}' },
          { id: 'X', type: 'fail', message: 'too many: ${vars.total}' },
        ],
        edges: [
          { from: 'A', to: 'S' },
          { from: 'S', to: 'W', when: 'vars.total > 1' },
          { from: 'S', to: 'X', when: '${vars.total > 100}' },
          { from: 'S', to: 'L' },
          { from: 'W', to: 'F' },
          { from: 'F', to: 'E' },
        ],
      },
      catalog,
    );
    expect(flow.nodes).toHaveLength(7);
  });

  it('checks the expressions of subflow inputs and outputs', () => {
    const child = compilePlan({ id: 'child', nodes: [task('C')] }, 1);
    const resolve: FlowResolver = (id) => (id === 'child' ? { version: 1, plan: child } : undefined);
    const subflow = (extra: Record<string, unknown>) => ({
      id: 'f',
      nodes: [{ id: 'sub', type: 'subflow', flow: 'child', ...extra }],
    });
    expect(
      issuesOf(subflow({ inputs: { x: '${nodes.Q.output}' }, outputs: { y: '${output.' } }), catalog, resolve),
    ).toEqual([
      { path: '$.nodes[0].outputs.y', message: 'unclosed "${" at character 1' },
      { path: '$.nodes[0].inputs.x', message: 'expression reads unknown node "Q"' },
    ]);
  });

  it('refuses pathological expressions by their length, without parsing them', () => {
    const nested = `\${${'('.repeat(50_000)}1${')'.repeat(50_000)}}`;
    const huge = `\${${'inputs.a + '.repeat(100_000)}1}`;
    const started = Date.now();
    expect(issuesOf({ id: 'f', nodes: [task('A', { inputs: { nested, huge } })] }, catalog)).toEqual([
      {
        path: '$.nodes[0].inputs.nested',
        message: `expression "${'('.repeat(100)}…" is 100,001 characters long; the limit is 4,096`,
      },
      {
        path: '$.nodes[0].inputs.huge',
        message: `expression "${'inputs.a + '.repeat(100).slice(0, 100)}…" is 1,100,001 characters long; the limit is 4,096`,
      },
    ]);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("refuses a 5,000-node flow whose plan would be over Temporal's payload limit, with its size", () => {
    const definition = {
      id: 'wide',
      nodes: Array.from({ length: 5000 }, (_, i) => task(`node${i}`, { inputs: { i } })),
    };
    const flow = validateFlowDefinition(definition, catalog);
    const bytes = jsonBytes(compilePlan(flow, 1));
    expect(bytes).toBeGreaterThan(LIMITS.maxPlanBytes);
    expect(issuesOf(definition, catalog)).toEqual([
      { path: '$', message: `compiled plan is ${formatCount(bytes)} bytes; the limit is 1,048,576` },
    ]);
  });

  it('reports every static problem at once, not only the first', () => {
    const issues = issuesOf({
      id: 'f',
      nodes: [task('A'), task('A', { component: 'core.nope' })],
      edges: [{ from: 'A', to: 'Q' }],
    });
    expect(issues.map((i) => i.path)).toEqual(['$.nodes[1].id', '$.edges[0].to', '$.nodes[1].component']);
  });
});
