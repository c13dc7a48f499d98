import { FlowValidationError, type ValidationIssue } from '../src';
import { validateFlowDefinition } from '../dto';
import { catalog, task } from './fixtures';

function issuesOf(definition: unknown): ValidationIssue[] {
  try {
    validateFlowDefinition(definition, catalog);
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
        nodes: [task('A'), task('B'), task('C'), task('D', { component: 'demo.greet', inputs: { who: 'x' } })],
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

  it.each<[string, unknown, ValidationIssue[]]>([
    ['a non-object body', [1, 2], [{ path: '$', message: 'a flow definition must be a JSON object' }]],
    ['a missing id', { nodes: [task('A')] }, [{ path: '$.id', message: 'is required' }]],
    ['no nodes', { id: 'f', nodes: [] }, [{ path: '$.nodes', message: 'nodes must contain at least 1 elements' }]],
    ['an unknown top-level field', { id: 'f', nodes: [task('A')], steps: [] }, [{ path: '$.steps', message: 'unknown field' }]],
    ['an unknown node field', { id: 'f', nodes: [task('A', { retries: 3 })] }, [{ path: '$.nodes[0].retries', message: 'unknown field' }]],
    ['an unknown node type', { id: 'f', nodes: [{ id: 'A', type: 'teleport' }] }, [{ path: '$.nodes[0].type', message: 'type must be one of: task, switch, set, wait, end, fail' }]],
    ['a bad node id', { id: 'f', nodes: [task('1st')] }, [{ path: '$.nodes[0].id', message: expect.stringContaining('must start with a letter') }]],
    ['a bad duration', { id: 'f', nodes: [task('A', { timeout: 'soon' })] }, [{ path: '$.nodes[0].timeout', message: 'timeout must be a duration such as 500, "30s" or "5m"' }]],
    ['zero attempts', { id: 'f', nodes: [task('A', { retry: { maximumAttempts: 0 } })] }, [{ path: '$.nodes[0].retry.maximumAttempts', message: 'maximumAttempts must not be less than 1' }]],
    ['a backoff below 1', { id: 'f', nodes: [task('A', { retry: { backoffCoefficient: 0.5 } })] }, [{ path: '$.nodes[0].retry.backoffCoefficient', message: 'backoffCoefficient must not be less than 1' }]],
    ['inputs that are not an object', { id: 'f', nodes: [task('A', { inputs: 'x' })] }, [{ path: '$.nodes[0].inputs', message: 'inputs must be an object' }]],
    ['a malformed component name', { id: 'f', nodes: [task('A', { component: 'Noop' })] }, [{ path: '$.nodes[0].component', message: expect.stringContaining('dotted component name') }]],
    ['an edge without to', { id: 'f', nodes: [task('A')], edges: [{ from: 'A' }] }, [{ path: '$.edges[0].to', message: 'is required' }]],
    ['duplicate node ids', { id: 'f', nodes: [task('A'), task('A')] }, [{ path: '$.nodes[1].id', message: 'duplicate node id "A"' }]],
    ['an edge to an unknown node', { id: 'f', nodes: [task('A')], edges: [{ from: 'A', to: 'B' }] }, [{ path: '$.edges[0].to', message: 'unknown node "B"' }]],
    ['an edge from an unknown node', { id: 'f', nodes: [task('A')], edges: [{ from: 'Z', to: 'A' }] }, [{ path: '$.edges[0].from', message: 'unknown node "Z"' }]],
    ['a self loop', { id: 'f', nodes: [task('A')], edges: [{ from: 'A', to: 'A' }] }, [{ path: '$.edges[0]', message: 'edge from "A" to itself makes a cycle' }]],
    ['a duplicate edge', { id: 'f', nodes: [task('A'), task('B')], edges: [{ from: 'A', to: 'B' }, { from: 'A', to: 'B' }] }, [{ path: '$.edges[1]', message: 'duplicate edge "A" → "B"' }]],
    [
      'a cycle',
      { id: 'f', nodes: [task('A'), task('B'), task('C')], edges: [{ from: 'A', to: 'B' }, { from: 'B', to: 'C' }, { from: 'C', to: 'A' }] },
      [{ path: '$.edges[2]', message: 'edges form a cycle: A → B → C → A' }],
    ],
    ['an unknown component', { id: 'f', nodes: [task('A', { component: 'core.nope' })] }, [{ path: '$.nodes[0].component', message: 'unknown component "core.nope"; known components: core.noop, demo.greet' }]],
    ['a missing component input', { id: 'f', nodes: [task('A', { component: 'demo.greet', inputs: {} })] }, [{ path: '$.nodes[0].inputs.who', message: 'is required' }]],
    ['a wrongly typed component input', { id: 'f', nodes: [task('A', { component: 'demo.greet', inputs: { who: 'x', times: 0 } })] }, [{ path: '$.nodes[0].inputs.times', message: 'must be >= 1' }]],
    ['an unknown component input', { id: 'f', nodes: [task('A', { component: 'demo.greet', inputs: { who: 'x', loud: true } })] }, [{ path: '$.nodes[0].inputs.loud', message: 'unknown field' }]],
    ['an invalid inputs schema', { id: 'f', inputs: { type: 'strange' }, nodes: [task('A')] }, [{ path: '$.inputs', message: expect.stringContaining('not a valid JSON Schema') }]],
    ['a maximum interval below the initial one', { id: 'f', nodes: [task('A', { retry: { initialInterval: '10s', maximumInterval: '1s' } })] }, [{ path: '$.nodes[0].retry.maximumInterval', message: 'must not be shorter than initialInterval' }]],
  ])('rejects %s with the JSON path at fault', (_kind, definition, expected) => {
    expect(issuesOf(definition)).toEqual(expected);
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
