import type { FlowDefinition, NodeDefinition } from '@weft/dsl';

const noop = (id: string, local = false): NodeDefinition => ({ id, type: 'task', component: 'core.noop', ...(local && { local }) });

export function chain(length: number, local: boolean): FlowDefinition {
  const nodes = Array.from({ length }, (_, i) => noop(`n${i}`, local));
  const edges = nodes.slice(1).map((node, i) => ({ from: `n${i}`, to: node.id }));
  return { id: `chain-${length}${local ? '-local' : ''}`, nodes, edges };
}

export function fanOut(width: number): FlowDefinition {
  const branches = Array.from({ length: width }, (_, i) => noop(`b${i}`));
  return {
    id: `fanout-${width}`,
    nodes: [noop('start'), ...branches, noop('join')],
    edges: [...branches.map((b) => ({ from: 'start', to: b.id })), ...branches.map((b) => ({ from: b.id, to: 'join' }))],
  };
}

export function diamond10(): FlowDefinition {
  const links: [string, string][] = [
    ['a', 'b'], ['a', 'c'], ['a', 'd'],
    ['b', 'e'], ['c', 'e'], ['d', 'e'],
    ['e', 'f'], ['e', 'g'], ['f', 'h'], ['g', 'h'],
    ['h', 'i'], ['i', 'j'],
  ];
  return { id: 'diamond10', nodes: 'abcdefghij'.split('').map((id) => noop(id)), edges: links.map(([from, to]) => ({ from, to })) };
}

/** A chain of tasks with pure nodes (set, switch) between them: they must add no history events. */
export function chainWithPureNodes(length: number): FlowDefinition {
  const nodes: NodeDefinition[] = [];
  const edges: { from: string; to: string; when?: string }[] = [];
  for (let i = 0; i < length; i++) {
    nodes.push(noop(`t${i}`), { id: `s${i}`, type: 'set', assign: { [`v${i}`]: i } }, { id: `w${i}`, type: 'switch' });
    edges.push({ from: `t${i}`, to: `s${i}` }, { from: `s${i}`, to: `w${i}` });
    if (i + 1 < length) edges.push({ from: `w${i}`, to: `t${i + 1}`, when: `vars.v${i} >= 0` });
  }
  nodes.push(noop('last'));
  edges.push({ from: `w${length - 1}`, to: 'last', when: 'true' });
  return { id: `pure-${length}`, nodes, edges };
}

export function loop(iterations: number): FlowDefinition {
  return {
    id: `loop-${iterations}`,
    nodes: [{ id: 'many', type: 'loop', maxIterations: iterations, body: { nodes: [noop('step', true)] } }],
  };
}
