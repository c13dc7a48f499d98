import { Injectable } from '@nestjs/common';
import { setTimeout as delay } from 'node:timers/promises';
import { RunsService } from './runs.service';

const OPEN_STATUSES = new Set(['RUNNING', 'PAUSED']);

export type RunEvent =
  | { event: 'state'; data: unknown }
  | { event: 'end'; data: { status: string } }
  | { event: 'problem'; data: { detail: string } };

/** The state of a run as a stream of changes: polls the state query and yields only what changed, until the run ends. */
@Injectable()
export class RunEventsService {
  constructor(private readonly runs: RunsService) {}

  async *watch(runId: string, intervalMs: number, signal: AbortSignal): AsyncGenerator<RunEvent> {
    let last = '';
    while (!signal.aborted) {
      try {
        const state = await this.runs.state(runId);
        const json = JSON.stringify(state);
        if (json !== last) {
          last = json;
          yield { event: 'state', data: state };
        }
        if (!OPEN_STATUSES.has(state.status)) {
          yield { event: 'end', data: { status: state.status } };
          return;
        }
      } catch (err) {
        // A query can fail while a worker restarts; the stream reports it and goes on.
        yield { event: 'problem', data: { detail: (err as Error).message } };
      }
      await delay(intervalMs, undefined, { signal }).catch(() => undefined);
    }
  }
}
