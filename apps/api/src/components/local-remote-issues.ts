import { childPath, type ComponentQueues, type GraphDefinition, type ValidationIssue } from '@weft/dsl';

/**
 * A local activity runs on the worker running the run's workflow, which does not serve a component registered on a
 * queue of its own: such a task with `local: true` is refused at publish instead of failing every run at that node.
 */
export function localRemoteIssues(graph: GraphDefinition, queues: ComponentQueues, base = '$'): ValidationIssue[] {
  return graph.nodes.flatMap((node, i): ValidationIssue[] => {
    const path = childPath(`${base}.nodes`, i);
    if (node.type === 'loop' || node.type === 'foreach') return localRemoteIssues(node.body, queues, `${path}.body`);
    if (node.type !== 'task' || !node.local) return [];
    const queue = queues(node.component);
    if (queue === undefined) return [];
    const message = `component "${node.component}" is served on task queue "${queue}" by a worker of its own, so it cannot run as a local activity`;
    return [{ path: `${path}.local`, message }];
  });
}
