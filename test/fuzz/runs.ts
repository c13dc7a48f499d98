import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { FuzzStack } from './fuzz-stack';
import { Finding, judge, send, type SentRequest } from './oracle';

export const ENDED = ['SUCCEEDED', 'FAILED', 'CANCELLED', 'TERMINATED', 'TIMED_OUT'] as const;

export interface RunOutcome {
  runId: string;
  status: string;
  ms: number;
  /** The fuzzer cancelled it after the deadline because it was waiting (a long wait, an approval, a pause). */
  cancelledByFuzzer: boolean;
  /** WorkflowTaskFailed events in its history (and its children's); one is tolerated, see `workflowHealth`. */
  workflowTaskFailures: number;
  /** What those failures said. */
  workflowTaskFailureReasons: string[];
  /** Completions the server refused because new events had arrived (benign, counted for the summary). */
  unhandledCommands: number;
}

export interface WorkflowHealth {
  /** WorkflowTaskFailed (but UnhandledCommand) + WorkflowTaskTimedOut events, over the run and its child runs. */
  failedTasks: number;
  /** WorkflowTaskFailed events of cause UnhandledCommand: the server's, not the worker's (see workflowHealth). */
  unhandledCommands: number;
  /** The highest attempt of a pending workflow task: above 1, Temporal is retrying a task that failed. */
  pendingAttempt: number;
  /** What the failures said. */
  reasons: string[];
  /** The workflow ids looked at. */
  workflows: string[];
}

const MAX_CHILDREN = 25;

/**
 * Failed workflow tasks of a run and of its children, from their histories and descriptions. Temporal writes a
 * WorkflowTaskFailed event only for the first failure of a task and then retries it as a transient task, so a wedged
 * run shows one event in its history and a pending workflow task whose attempt keeps growing; both are read.
 */
export async function workflowHealth(client: Client, runId: string): Promise<WorkflowHealth> {
  const health: WorkflowHealth = {
    failedTasks: 0,
    unhandledCommands: 0,
    pendingAttempt: 0,
    reasons: [],
    workflows: [],
  };
  const queue = [runId];
  while (queue.length && health.workflows.length < MAX_CHILDREN) {
    const id = queue.shift()!;
    health.workflows.push(id);
    const handle = client.workflow.getHandle(id);
    let events;
    try {
      [events] = await Promise.all([
        handle.fetchHistory().then((h) => h.events ?? []),
        handle.describe().then((d) => {
          const attempt = d.raw.pendingWorkflowTask?.attempt ?? 0;
          health.pendingAttempt = Math.max(health.pendingAttempt, attempt);
        }),
      ]);
    } catch {
      continue; // a child that was never started
    }
    for (const event of events) {
      const failed = event.workflowTaskFailedEventAttributes;
      if (failed) {
        const cause = temporal.api.enums.v1.WorkflowTaskFailedCause[failed.cause ?? 0] ?? String(failed.cause);
        const message = failed.failure?.message ?? 'workflow task failed';
        // The server refuses a completion when new events (an activity result) arrived meanwhile; the next task
        // handles them. Nothing failed in the worker, so it does not count towards a wedge.
        if (
          failed.cause === temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND
        ) {
          health.unhandledCommands++;
        } else {
          health.failedTasks++;
          health.reasons.push(`${id}: ${message} (${cause.replace('WORKFLOW_TASK_FAILED_CAUSE_', '')})`);
        }
      }
      if (event.workflowTaskTimedOutEventAttributes) {
        health.failedTasks++;
        health.reasons.push(`${id}: workflow task timed out`);
      }
      const child = event.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId;
      if (child) queue.push(child);
    }
  }
  return health;
}

/** A state query waits for the worker: a run whose workflow task hangs makes GET /runs/:id hang with it. */
const GET_TIMEOUT_MS = 15_000;

const isWedged = (h: WorkflowHealth) => h.failedTasks >= 2 || h.pendingAttempt >= 2;

function wedgedFinding(runId: string, h: WorkflowHealth, note = ''): Finding {
  const reasons = [...new Set(h.reasons)].slice(0, 5).map((r) => (r.length > 600 ? `${r.slice(0, 600)}…` : r));
  const first = (reasons[0] ?? 'no reason recorded').replace(/^[^:]*: /, '').split('\n')[0];
  return new Finding(
    'wedged',
    `a run is wedged: ${first.slice(0, 200)}\n    run ${runId}: ${h.failedTasks} failed workflow task(s) in history, ` +
      `pending workflow task attempt ${h.pendingAttempt}${note}\n    ${reasons.join('\n    ')}`,
  );
}

function workerCrash(stack: FuzzStack, err?: unknown): Finding {
  const log = stack.worker
    .tail(300)
    .split('\n')
    .filter((line) => /corrupted|out of memory|Maximum call stack|Aborted|FATAL|worker stopped|exited/i.test(line))
    .slice(-6);
  const also = err ? ` (and GET /runs/:id failed: ${(err as Error).message.split('\n')[0]})` : '';
  return new Finding('worker-crash', `${stack.worker.deadReason()}${also}\n    ${log.join('\n    ')}`);
}

async function terminateQuietly(client: Client, runId: string) {
  await client.workflow
    .getHandle(runId)
    .terminate('fuzzer: wedged or left running')
    .catch(() => undefined);
}

export interface AwaitOptions {
  /** How long the run may take to end by itself. */
  deadlineMs: number;
  /** A run that may legitimately wait longer (a long wait, an approval, a pause): cancel it at the deadline. */
  mayWait: boolean;
}

/**
 * Polls GET /runs/:id until the run has ended, and checks that it never wedged. At the deadline a run that may wait
 * is cancelled (and must then end CANCELLED); any other run still running is a finding. Wedged runs are terminated
 * so they stop burning the worker's CPU.
 */
export async function awaitRunEnd(
  stack: FuzzStack,
  runId: string,
  { deadlineMs, mayWait }: AwaitOptions,
): Promise<RunOutcome> {
  const started = Date.now();
  let deadline = started + deadlineMs;
  let cancelledByFuzzer = false;
  let nextHealthCheck = started + 2000;
  const get: SentRequest = { method: 'GET', path: `/runs/${encodeURIComponent(runId)}` };
  for (;;) {
    let status: string | undefined;
    try {
      const reply = await send(stack.apiUrl, get, GET_TIMEOUT_MS);
      judge(get, reply, [200]);
      if (reply.status !== 200)
        throw new Finding('bad-problem', `GET of a started run answered ${reply.status}`, get, reply);
      status = (reply.json as { status?: string }).status;
    } catch (err) {
      // A dead worker or a wedged run also breaks the state query: report the cause rather than what it leads to.
      if (stack.worker.deadReason()) throw workerCrash(stack, err);
      const health = await workflowHealth(stack.client, runId);
      if (isWedged(health)) {
        await terminateQuietly(stack.client, runId);
        throw wedgedFinding(runId, health, ` (and GET /runs/:id failed: ${(err as Error).message})`);
      }
      throw err;
    }
    if (status && (ENDED as readonly string[]).includes(status)) {
      const health = await workflowHealth(stack.client, runId);
      if (isWedged(health)) throw wedgedFinding(runId, health, ` although the run ended ${status}`);
      return {
        runId,
        status,
        ms: Date.now() - started,
        cancelledByFuzzer,
        workflowTaskFailures: health.failedTasks,
        workflowTaskFailureReasons: health.reasons,
        unhandledCommands: health.unhandledCommands,
      };
    }
    if (stack.worker.deadReason()) throw workerCrash(stack);
    const now = Date.now();
    if (now >= nextHealthCheck || now >= deadline) {
      nextHealthCheck = now + 2000;
      const health = await workflowHealth(stack.client, runId);
      if (isWedged(health)) {
        await terminateQuietly(stack.client, runId);
        throw wedgedFinding(runId, health);
      }
    }
    if (now >= deadline) {
      if (!mayWait || cancelledByFuzzer) {
        await terminateQuietly(stack.client, runId);
        throw new Finding(
          'not-ended',
          `run ${runId} is still ${status} ${Math.round((now - started) / 1000)} s after it started` +
            (cancelledByFuzzer ? ' and 15 s after the fuzzer cancelled it' : ''),
        );
      }
      const cancel: SentRequest = {
        method: 'POST',
        path: `/runs/${encodeURIComponent(runId)}/cancel`,
        body: JSON.stringify({ by: 'fuzzer', reason: 'deadline' }),
      };
      const reply = await send(stack.apiUrl, cancel);
      judge(cancel, reply, [200, 202]);
      cancelledByFuzzer = true;
      deadline = Date.now() + 15_000;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Ends whatever is still running among these runs (after a finding), so the next cases start clean. */
export async function terminateAll(client: Client, runIds: Iterable<string>): Promise<void> {
  await Promise.all([...runIds].map((id) => terminateQuietly(client, id)));
}
