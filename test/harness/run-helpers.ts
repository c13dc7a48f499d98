import { stateQuery, type NodeStatus, type RunState } from '@weft/interpreter';
import type { TestStack } from './test-stack';
import { waitFor } from './wait-for';

let counter = 0;

/** Publishes a definition (with a unique id) and starts one run of it; returns the run id. */
export async function publishAndStart(
  stack: TestStack,
  definition: { id: string; [key: string]: unknown },
  inputs = {},
) {
  const id = `${definition.id}-${++counter}-${Date.now()}`;
  await stack
    .http()
    .post('/flows')
    .send({ ...definition, id })
    .expect(201);
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
  return waitFor(
    () => stack.client.workflow.getHandle(runId).query(stateQuery),
    (s) => s.nodes[nodeId]?.status === status,
    {
      what: `${nodeId} to be ${status}`,
    },
  );
}

type History = Awaited<ReturnType<ReturnType<TestStack['client']['workflow']['getHandle']>['fetchHistory']>>;

/** One run of a workflow's continue-as-new chain. */
export interface ChainedRun {
  runId: string;
  /** Events in the run's history (so far, for the current run). */
  events: number;
  /** Whether the run closed by continuing as new. */
  continuedAsNew: boolean;
}

/**
 * The runs of a workflow id's continue-as-new chain, first to current, followed through each run's history
 * (WorkflowExecutionContinuedAsNew names the next run); histories are read at once, unlike visibility.
 */
export async function runChain(stack: TestStack, workflowId: string): Promise<ChainedRun[]> {
  const current = await stack.client.workflow.getHandle(workflowId).describe();
  const chain: ChainedRun[] = [];
  let runId: string | undefined = current.raw.workflowExecutionInfo?.firstRunId || current.runId;
  while (runId) {
    const history: History = await stack.client.workflow.getHandle(workflowId, runId).fetchHistory();
    const events = history.events ?? [];
    const next: string | undefined =
      events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
    chain.push({ runId, events: events.length, continuedAsNew: next !== undefined });
    runId = next;
  }
  return chain;
}

/**
 * Waits until a running workflow can do nothing more on its own: no workflow task, activity or child run
 * pending and no timer open. What it decided by then stays decided until something from outside (a signal,
 * an update, a cancellation) reaches it, so the history returned shows all it will do until then.
 */
export function idle(stack: TestStack, workflowId: string, timeoutMs = 30_000): Promise<History> {
  const handle = stack.client.workflow.getHandle(workflowId);
  return waitFor(
    async () => {
      const { raw, historyLength, status } = await handle.describe();
      const history = await handle.fetchHistory();
      const events = history.events ?? [];
      const openTimers = new Set<string>();
      for (const event of events) {
        if (event.timerStartedEventAttributes) openTimers.add(event.timerStartedEventAttributes.timerId!);
        openTimers.delete(
          event.timerFiredEventAttributes?.timerId ?? event.timerCanceledEventAttributes?.timerId ?? '',
        );
      }
      const quiet =
        status.name === 'RUNNING' &&
        !raw.pendingWorkflowTask &&
        !raw.pendingActivities?.length &&
        !raw.pendingChildren?.length &&
        openTimers.size === 0 &&
        // The history read is the one described: nothing happened in between.
        events.length === historyLength;
      return { history, quiet };
    },
    ({ quiet }) => quiet,
    { timeoutMs, what: `${workflowId} to have nothing pending` },
  ).then(({ history }) => history);
}

/** The events a history holds after the last signal of that name (all of them when it holds none). */
export function eventsAfterSignal(history: History, signalName: string): NonNullable<History['events']> {
  const events = history.events ?? [];
  let last = -1;
  events.forEach((event, i) => {
    if (event.workflowExecutionSignaledEventAttributes?.signalName === signalName) last = i;
  });
  return events.slice(last + 1);
}
