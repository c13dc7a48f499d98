import { defineSignal } from '@temporalio/workflow';
import type { NodeError, NodeStatus, RunStatus } from './run-state';

/** Workflow type of a run's event delivery: one per run that has subscribers, `<run id>--events`. */
export const RUN_EVENTS_WORKFLOW = 'runEvents';

export const RUN_EVENT_TYPES = [
  'run.started',
  'run.paused',
  'run.resumed',
  'run.completed',
  'run.failed',
  'run.cancelled',
  'run.terminated',
  'run.timed_out',
  'node.started',
  'node.waiting',
  'node.paused',
  'node.succeeded',
  'node.failed',
  'node.skipped',
  'node.cancelled',
] as const;
export type RunEventType = (typeof RUN_EVENT_TYPES)[number];

/** The events that end a run: its delivery workflow ends once they are delivered. */
export const FINAL_RUN_EVENTS: ReadonlySet<RunEventType> = new Set([
  'run.completed',
  'run.failed',
  'run.cancelled',
  'run.terminated',
  'run.timed_out',
]);

/** One status change of a run or of one of its nodes, as webhook receivers get it (no inputs or outputs). */
export interface RunEvent {
  /** `<run id>:<sequence>`: the same event keeps its id across delivery attempts. */
  id: string;
  type: RunEventType;
  /** 1, 2, 3… in the order the changes happened within the run. */
  sequence: number;
  at: string;
  runId: string;
  flowId: string;
  version: number;
  run: { status: RunStatus; error?: NodeError };
  node?: {
    id: string;
    name: string;
    type: string;
    status: NodeStatus;
    attempt: number;
    startedAt?: string;
    finishedAt?: string;
    durationMs?: number;
    pauseReason?: 'error' | 'breakpoint';
    skipReason?: 'dead-path' | 'run-ended' | 'operator';
    error?: NodeError;
  };
}

/**
 * Set by the API on a run's input when a webhook subscription matches its flow: the run then hands its events
 * to a delivery workflow. Runs without it emit nothing and pay nothing.
 */
export interface RunNotify {
  /** Whether node status changes are wanted too (run status changes always are). */
  nodes: boolean;
  /** Task queue of the delivery activities (the API's control-plane worker). */
  taskQueue: string;
  /** Retries of one delivery: exponential backoff from initialMs to maxMs, given up after totalMs. */
  retry: { initialMs: number; maxMs: number; totalMs: number };
  /** How long the delivery workflow waits without news before it asks whether the run was terminated or timed out. */
  statusCheckMs: number;
  /** The delivery workflow continues as new after this many events (sooner if Temporal suggests it). */
  eventsPerHistory?: number;
}

export interface RunEventsInput {
  runId: string;
  flowId: string;
  version: number;
  notify: RunNotify;
  /** Carried over continue-as-new. */
  carried?: {
    next: number;
    ended: boolean;
    buffered: RunEvent[];
    /** Delivery ids not yet delivered, by subscription, in order. */
    lanes: Record<string, string[]>;
  };
}

/** What the delivery activities (run by the API's control-plane worker) are. */
export interface DeliveryActivities {
  /** Records one pending delivery per matching subscription (once per event); returns them. */
  planWebhookDeliveries(event: RunEvent): Promise<Array<{ deliveryId: string; subscriptionId: string }>>;
  /** POSTs the signed event; throws on anything but a 2xx, so that Temporal retries it. */
  deliverWebhook(deliveryId: string): Promise<void>;
  /** Marks a delivery failed for good (its retries ran out). */
  failWebhookDelivery(deliveryId: string, error: string): Promise<void>;
  /** How the run closed, or RUNNING while it is open. */
  runOutcome(runId: string): Promise<RunStatus>;
}

/** A batch of a run's events, in sequence order, from the run to its delivery workflow. */
export const runEventsSignal = defineSignal<[RunEvent[]]>('runEvents');
