import { componentCatalog } from '@weft/components';
import { FlowValidationError, type ValidationIssue } from '../src';
import { validateFlowDefinition } from '../dto';
import { catalog, task } from './fixtures';
import { malformedDefinitions } from './malformed-definitions';

function issuesOf(definition: unknown, components = componentCatalog()): ValidationIssue[] {
  try {
    validateFlowDefinition(definition, components);
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
        nodes: [task('A'), task('B'), task('C'), task('D', { component: 'demo.greet', inputs: { who: '${nodes.A.output.name}' } })],
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

  it('checks templated component inputs only for presence, since their values come at run time', () => {
    expect(issuesOf({ id: 'f', nodes: [task('A', { component: 'demo.greet', inputs: { times: '${inputs.n}' } })] }, catalog)).toEqual([
      { path: '$.nodes[0].inputs.who', message: 'is required' },
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
