import { Injectable, type MessageEvent, type OnModuleDestroy } from '@nestjs/common';
import { Observable, type Subscriber } from 'rxjs';
import { RunsService } from './runs.service';

const OPEN_STATUSES = new Set(['RUNNING', 'PAUSED']);

export type RunEvent =
  | { event: 'state'; data: unknown }
  | { event: 'end'; data: { status: string } }
  | { event: 'problem'; data: { detail: string } };

/**
 * The state of a run as a stream of changes: `state` each time it changed, `end` once the run has ended, and
 * `problem` when a read fails (the stream goes on). All clients watching one run share one poller, which reads
 * at the smallest interval any of them asked for, and stops when its last client leaves or the run ends.
 */
@Injectable()
export class RunEventsService implements OnModuleDestroy {
  private readonly pollers = new Map<string, RunPoller>();

  constructor(private readonly runs: RunsService) {}

  /** The events of one run for one client; an unknown run is a 404 problem before the stream opens. */
  async open(runId: string, intervalMs: number): Promise<Observable<MessageEvent>> {
    if (!this.pollers.has(runId)) await this.runs.assertExists(runId);
    return this.watch(runId, intervalMs);
  }

  /** The events of one run for one client, as Nest's `@Sse()` sends them. */
  watch(runId: string, intervalMs: number): Observable<MessageEvent> {
    return new Observable<MessageEvent>((subscriber) => {
      let poller = this.pollers.get(runId);
      if (!poller) {
        poller = new RunPoller(runId, this.runs, () => this.pollers.delete(runId));
        this.pollers.set(runId, poller);
      }
      const joined = poller;
      joined.join(subscriber, intervalMs);
      return () => joined.leave(subscriber);
    });
  }

  /** How many clients watch the run (0 when none). */
  watchers(runId: string): number {
    return this.pollers.get(runId)?.clients ?? 0;
  }

  onModuleDestroy(): void {
    for (const poller of [...this.pollers.values()]) poller.stop();
  }
}

/** One run's poller: one state read at a time, each change sent to every client. */
class RunPoller {
  private readonly subscribers = new Map<Subscriber<MessageEvent>, number>();
  private last?: { json: string };
  private timer?: NodeJS.Timeout;
  private reading = false;
  private stopped = false;

  constructor(
    private readonly runId: string,
    private readonly runs: RunsService,
    private readonly onStop: () => void,
  ) {}

  get clients(): number {
    return this.subscribers.size;
  }

  join(subscriber: Subscriber<MessageEvent>, intervalMs: number): void {
    this.subscribers.set(subscriber, intervalMs);
    // A client that joins late starts from the state as last read, like the others did.
    if (this.last) subscriber.next({ type: 'state', data: this.last.json });
    if (!this.reading && !this.timer) void this.tick();
  }

  leave(subscriber: Subscriber<MessageEvent>): void {
    this.subscribers.delete(subscriber);
    if (!this.subscribers.size) this.stop();
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.timer);
    this.onStop();
    for (const subscriber of [...this.subscribers.keys()]) subscriber.complete();
    this.subscribers.clear();
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    this.reading = true;
    let ended = false;
    try {
      const state = await this.runs.state(this.runId);
      if (this.stopped) return;
      const json = JSON.stringify(state);
      if (json !== this.last?.json) {
        this.last = { json };
        this.send('state', json);
      }
      if (!OPEN_STATUSES.has(state.status)) {
        this.send('end', JSON.stringify({ status: state.status }));
        ended = true;
      }
    } catch (err) {
      // A read can fail while a worker restarts; the clients are told and the poller goes on.
      if (!this.stopped) this.send('problem', JSON.stringify({ detail: (err as Error).message }));
    } finally {
      this.reading = false;
    }
    if (ended) this.stop();
    else if (!this.stopped) this.timer = setTimeout(() => void this.tick(), this.intervalMs());
  }

  private intervalMs(): number {
    return Math.min(...this.subscribers.values());
  }

  /** The data is serialized once for all clients; each gets its own event, which Nest numbers per stream. */
  private send(type: RunEvent['event'], data: string): void {
    for (const subscriber of this.subscribers.keys()) subscriber.next({ type, data });
  }
}
