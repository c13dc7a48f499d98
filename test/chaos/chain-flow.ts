/**
 * The chaos suites' flow: a chain alternating core.noop and core.delay. Each noop adds `inputs.n` to the previous
 * noop's `v`, so the output (`total` = noops·n) holds only if every step ran with its predecessor's real output.
 */
export function chainFlow(options: { id: string; name: string; length: number; delayMs: (k: number) => number }) {
  const { id, name, length, delayMs } = options;
  const nodes = Array.from({ length }, (_, k) =>
    k % 2 === 0
      ? {
          id: `s${k}`,
          type: 'task',
          component: 'core.noop',
          inputs: { n: '${inputs.n}', v: k === 0 ? '${inputs.n}' : `\${nodes.s${k - 2}.output.v + inputs.n}` },
        }
      : { id: `d${k}`, type: 'task', component: 'core.delay', inputs: { duration: delayMs(k) } },
  );
  return {
    id,
    name,
    inputs: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'], additionalProperties: false },
    output: { runId: '${run.id}', n: '${inputs.n}', total: `\${nodes.s${length - 1}.output.v}` },
    nodes,
    edges: nodes.slice(1).map((node, k) => ({ from: nodes[k].id, to: node.id })),
  };
}
