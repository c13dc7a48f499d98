import {
  CancellationScope,
  condition,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  startChild,
  workflowInfo,
  type ExternalWorkflowHandle,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { ExecutionPlan } from '@weft/dsl';
import { jsonBytes } from '@weft/dsl/runtime';
import { EventOutbox } from './event-outbox';
import type { RunControl } from './run-control';
import { RUN_EVENTS_WORKFLOW, runEventsSignal, type RunEvent, type RunEventsInput, type RunNotify } from './run-events';
import type { RunState } from './run-state';

/** The most event JSON one signal carries. */
const MAX_BATCH_BYTES = 256 * 1024;

/**
 * Hands a run's events to its delivery workflow (`<run id>--events`), which outlives the run and delivers them
 * to the subscribers with retries. The run never waits on a receiver: only, at its end, on the signal that
 * carries its last events being accepted by the server.
 */
export class RunNotifier {
  private readonly outbox: EventOutbox;
  private readonly queue: RunEvent[] = [];
  /** By workflow id only: the signals reach the delivery workflow's current run, after a continue-as-new too. */
  private child?: ExternalWorkflowHandle;
  private sending = false;
  /** The delivery workflow could not be started or signalled: events are dropped rather than the run failed. */
  private broken = false;

  private constructor(notify: RunNotify, plan: ExecutionPlan, state: () => RunState, control: RunControl) {
    this.outbox = new EventOutbox(workflowInfo().workflowId, plan, state, control, notify.nodes);
  }

  static start(notify: RunNotify, plan: ExecutionPlan, state: () => RunState, control: RunControl): RunNotifier {
    const notifier = new RunNotifier(notify, plan, state, control);
    const input: RunEventsInput = {
      runId: workflowInfo().workflowId,
      flowId: plan.flowId,
      version: plan.version,
      notify,
    };
    // Outside the run's cancellation scope: cancelling the run must neither cancel its deliveries nor this watch.
    void CancellationScope.nonCancellable(async () => {
      notifier.queue.push(...notifier.outbox.collect());
      const workflowId = `${input.runId}--events`;
      startChild(RUN_EVENTS_WORKFLOW, {
        workflowId,
        args: [input],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        staticSummary: `webhook deliveries of ${input.runId}`,
      }).then(
        () => notifier.attach(workflowId),
        // Already there: this run was reset and replays its start; its delivery workflow goes on taking events.
        (err) =>
          err instanceof WorkflowExecutionAlreadyStartedError ? notifier.attach(workflowId) : notifier.breakDown(),
      );
      // The predicate looks for changes after every activation's jobs: the interpreter needs no call per change.
      for (;;) {
        await condition(() => notifier.collected() && notifier.ready());
        notifier.send();
      }
    }).catch(() => notifier.breakDown());
    return notifier;
  }

  /** Sends the last events and waits until the server has them: call once the run's state is final. */
  async close(): Promise<void> {
    await CancellationScope.nonCancellable(async () => {
      this.collected();
      this.send();
      await condition(() => this.broken || (!this.sending && this.queue.length === 0));
    });
  }

  private attach(workflowId: string): void {
    this.child = getExternalWorkflowHandle(workflowId);
    this.send();
  }

  private collected(): boolean {
    if (!this.broken) this.queue.push(...this.outbox.collect());
    return this.queue.length > 0;
  }

  private ready(): boolean {
    return this.child !== undefined && !this.sending && !this.broken;
  }

  /**
   * One signal at a time, with what is queued up to MAX_BATCH_BYTES (at least one event): the delivery workflow
   * receives batches in order, and no signal nears Temporal's 2 MB payload limit, past which the run's workflow
   * task would fail for ever (thousands of node events can pile up in one activation).
   */
  private send(): void {
    if (!this.ready() || this.queue.length === 0) return;
    let count = 0;
    for (let bytes = 0; count < this.queue.length; count++) {
      bytes += jsonBytes(this.queue[count]);
      if (count > 0 && bytes > MAX_BATCH_BYTES) break;
    }
    const batch = this.queue.splice(0, count);
    this.sending = true;
    void CancellationScope.nonCancellable(() => this.child!.signal(runEventsSignal, batch)).then(
      () => {
        this.sending = false;
        this.send();
      },
      () => this.breakDown(),
    );
  }

  private breakDown(): void {
    this.broken = true;
    this.sending = false;
    this.queue.length = 0;
  }
}
