import { stateQuery, type NodeStatus, type RunState } from '@weft/interpreter';
import type { TestStack } from './test-stack';
import { waitFor } from './wait-for';

let counter = 0;

/** Publishes a definition (with a unique id) and starts one run of it; returns the run id. */
export async function publishAndStart(stack: TestStack, definition: { id: string; [key: string]: unknown }, inputs = {}) {
  const id = `${definition.id}-${++counter}-${Date.now()}`;
  await stack.http().post('/flows').send({ ...definition, id }).expect(201);
  const started = await stack.http().post(`/flows/${id}/runs`).send({ inputs }).expect(201);
  return { flowId: id, runId: started.body.runId as string };
}

/** Polls GET /runs/:id until the run has finished. */
export function finalState(stack: TestStack, runId: string, timeoutMs = 30_000): Promise<RunState> {
  return waitFor(
    async () => (await stack.http().get(`/runs/${runId}`).expect(200)).body as RunState,
    (state) => !['RUNNING', 'PAUSED'].includes(state.status),
    { timeoutMs, what: `run ${runId} to finish` },
  );
}

/** Polls the run's state query until a node has the given status; returns that state. */
export function nodeReaches(stack: TestStack, runId: string, nodeId: string, status: NodeStatus): Promise<RunState> {
  return waitFor(() => stack.client.workflow.getHandle(runId).query(stateQuery), (s) => s.nodes[nodeId]?.status === status, {
    what: `${nodeId} to be ${status}`,
  });
}
