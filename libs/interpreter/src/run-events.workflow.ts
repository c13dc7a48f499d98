import { condition, continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  FINAL_RUN_EVENTS,
  runEventsSignal,
  type DeliveryActivities,
  type RunEvent,
  type RunEventsInput,
  type RunEventType,
} from './run-events';
import type { RunStatus } from './run-state';

/** How a run that emitted no final event closed, as the event that says so. */
const CLOSED_BY: Partial<Record<RunStatus, RunEventType>> = {
  TERMINATED: 'run.terminated',
  TIMED_OUT: 'run.timed_out',
  SUCCEEDED: 'run.completed',
  FAILED: 'run.failed',
  CANCELLED: 'run.cancelled',
};

/** Each event costs its history a signal's share, one activity, and one per subscriber: about 10 events for one subscriber. */
const DEFAULT_EVENTS_PER_HISTORY = 500;

/** The longest wait between two checks of whether a silent run has closed. */
const MAX_STATUS_CHECK_MS = 30 * 60_000;

/**
 * Delivers one run's events to its webhook subscribers: events in sequence order, each subscriber in a lane of
 * its own (one down subscriber delays only its own deliveries, which go out in order once it is back). A delivery
 * is retried by Temporal with exponential backoff and marked failed when its total time runs out.
 */
export async function runEvents(input: RunEventsInput): Promise<void> {
  const { runId, notify } = input;
  const plan = proxyActivities<DeliveryActivities>({
    taskQueue: notify.taskQueue,
    startToCloseTimeout: '1m',
    retry: { initialInterval: notify.retry.initialMs, maximumInterval: notify.retry.maxMs },
  });
  const deliver = proxyActivities<DeliveryActivities>({
    taskQueue: notify.taskQueue,
    startToCloseTimeout: '2m',
    scheduleToCloseTimeout: notify.retry.totalMs,
    retry: { initialInterval: notify.retry.initialMs, maximumInterval: notify.retry.maxMs, backoffCoefficient: 2 },
  });

  let next = input.carried?.next ?? 1;
  let ended = input.carried?.ended ?? false;
  const buffered = new Map<number, RunEvent>((input.carried?.buffered ?? []).map((e) => [e.sequence, e]));
  const lanes = new Map<string, string[]>(Object.entries(input.carried?.lanes ?? {}));
  const busy = new Set<string>();
  let draining = false;

  setHandler(runEventsSignal, (events) => {
    for (const event of events) if (event.sequence >= next) buffered.set(event.sequence, event);
  });

  const runLane = async (subscriptionId: string) => {
    busy.add(subscriptionId);
    const lane = lanes.get(subscriptionId)!;
    while (lane.length && !draining) {
      try {
        await deliver.deliverWebhook(lane[0]);
      } catch (err) {
        await plan.failWebhookDelivery(lane[0], reasonOf(err));
      }
      lane.shift();
    }
    if (!lane.length) lanes.delete(subscriptionId);
    busy.delete(subscriptionId);
  };
  for (const id of lanes.keys()) void runLane(id).catch(ignore);

  /** Events planned by this run of the workflow: its history grows with them. */
  let planned = 0;
  let checkMs = notify.statusCheckMs;
  for (;;) {
    if (ended && !buffered.size && !lanes.size) return;
    if (planned >= (notify.eventsPerHistory ?? DEFAULT_EVENTS_PER_HISTORY) || workflowInfo().continueAsNewSuggested) {
      draining = true;
      await condition(() => busy.size === 0);
      await continueAsNew<typeof runEvents>({
        ...input,
        carried: { next, ended, buffered: [...buffered.values()], lanes: Object.fromEntries(lanes) },
      });
    }
    const due = () => buffered.has(next) || (ended && !lanes.size);
    const news = ended ? (await condition(due), true) : await condition(due, checkMs);
    if (!news) {
      checkMs = Math.min(checkMs * 2, MAX_STATUS_CHECK_MS);
      await lookForAnEnd();
      continue;
    }
    checkMs = notify.statusCheckMs;
    const event = buffered.get(next);
    if (!event) continue;
    buffered.delete(next);
    next += 1;
    planned += 1;
    if (FINAL_RUN_EVENTS.has(event.type)) ended = true;
    for (const { deliveryId, subscriptionId } of await plan.planWebhookDeliveries(event)) {
      const lane = lanes.get(subscriptionId);
      if (lane) lane.push(deliveryId);
      else {
        lanes.set(subscriptionId, [deliveryId]);
        // A lane ends only by the workflow's own cancellation, which ends the workflow too.
        void runLane(subscriptionId).catch(ignore);
      }
    }
  }

  /**
   * A terminated or timed-out run runs no code to say so: once it has closed, the missing end is made here.
   * Events lost on the way (none should be) are skipped rather than waited for forever.
   */
  async function lookForAnEnd(): Promise<void> {
    const status = await plan.runOutcome(runId);
    if (status === 'RUNNING' || status === 'PAUSED') return;
    if (buffered.size) {
      next = Math.min(...buffered.keys());
      return;
    }
    buffered.set(next, {
      id: `${runId}:${next}`,
      type: CLOSED_BY[status] ?? 'run.terminated',
      sequence: next,
      at: new Date(Date.now()).toISOString(),
      runId,
      flowId: input.flowId,
      version: input.version,
      run: { status },
    });
  }
}

/** Why a delivery gave up: what ended its retries (a timeout, usually) and the last attempt's error. */
function reasonOf(err: unknown): string {
  const e = err as { message?: string; cause?: { message?: string; cause?: { message?: string } } };
  const reasons = [e?.cause?.message, e?.cause?.cause?.message].filter(Boolean);
  return reasons.length ? `gave up: ${reasons.join(': ')}` : (e?.message ?? String(err));
}

function ignore(): void {}
