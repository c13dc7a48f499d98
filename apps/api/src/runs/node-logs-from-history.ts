import type { LoadedDataConverter } from '@temporalio/common';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import type { temporal } from '@temporalio/proto';
import type { LogLine, NodeLogs } from '@weft/components';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
type Payload = temporal.api.common.v1.IPayload;
type Failure = temporal.api.failure.v1.IFailure;
type PendingActivity = temporal.api.workflow.v1.IPendingActivityInfo;

/** PENDING_ACTIVITY_STATE_STARTED: an attempt runs (SCHEDULED is a retry waiting for its backoff). */
const STARTED = 2;

export type AttemptState = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'CANCELLED';

/** The log of one attempt of a node (docs/node-logs.md). */
export interface AttemptLogs {
  attempt: number;
  state: AttemptState;
  lines: LogLine[];
  dropped: number;
}

interface Execution {
  scheduledEventId: string;
  activityId: string;
  /** This activity's attempt that ended or runs now (the server's count, from 1). */
  attempt: number;
  end?: { state: AttemptState; logs?: NodeLogs };
}

/**
 * The log of every attempt of a node that the history and the pending activities still hold, numbered as the
 * run counts a node's attempts (an operator's retry continues after the attempts of the activity before it).
 */
export async function nodeLogsFrom(
  converter: LoadedDataConverter,
  events: HistoryEvent[],
  pending: PendingActivity[],
  nodeId: string,
): Promise<AttemptLogs[]> {
  const executions = new Map<string, Execution>();
  for (const event of events) {
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled) {
      const request = await decode(converter, scheduled.input?.payloads?.[0]);
      if (isRecord(request) && request.nodeId === nodeId)
        executions.set(String(event.eventId), {
          scheduledEventId: String(event.eventId),
          activityId: scheduled.activityId ?? '',
          attempt: 1,
        });
      continue;
    }
    const started = event.activityTaskStartedEventAttributes;
    const execution = (id: unknown) => executions.get(String(id));
    if (started) {
      const found = execution(started.scheduledEventId);
      if (found) found.attempt = started.attempt ?? 1;
      continue;
    }
    const completed = event.activityTaskCompletedEventAttributes;
    if (completed && execution(completed.scheduledEventId)) {
      const result = await decode(converter, completed.result?.payloads?.[0]);
      execution(completed.scheduledEventId)!.end = { state: 'SUCCEEDED', logs: logsIn(result, 'logs') };
      continue;
    }
    const failed = event.activityTaskFailedEventAttributes;
    if (failed && execution(failed.scheduledEventId)) {
      execution(failed.scheduledEventId)!.end = { state: 'FAILED', logs: await failureLogs(converter, failed.failure) };
      continue;
    }
    const timedOut = event.activityTaskTimedOutEventAttributes;
    if (timedOut && execution(timedOut.scheduledEventId)) {
      execution(timedOut.scheduledEventId)!.end = {
        state: 'TIMED_OUT',
        logs: await failureLogs(converter, timedOut.failure),
      };
      continue;
    }
    const cancelled = event.activityTaskCanceledEventAttributes;
    if (cancelled && execution(cancelled.scheduledEventId))
      execution(cancelled.scheduledEventId)!.end = { state: 'CANCELLED' };
  }

  const attempts: AttemptLogs[] = [];
  let before = 0;
  for (const run of executions.values()) {
    const live = pending.find((activity) => activity.activityId === run.activityId);
    if (live && !run.end) {
      const attempt = live.attempt ?? 1;
      // The server keeps an attempt's last heartbeat into the next one: only a beat since this attempt started is its
      // own; an earlier one is the previous attempt's (whose timeout failure carries no heartbeat of its own).
      const started = optionalTsToMs(live.lastStartedTime);
      const beatAt = optionalTsToMs(live.lastHeartbeatTime);
      const own = live.state === STARTED && started !== undefined && beatAt !== undefined && beatAt >= started;
      const beat = await decode(converter, live.heartbeatDetails?.payloads?.[0]);
      if (live.lastFailure && attempt > 1) {
        const timedOut = Boolean(live.lastFailure.timeoutFailureInfo);
        const previous = timedOut && !own ? logsIn(beat, 'weftLogs') : await failureLogs(converter, live.lastFailure);
        attempts.push(entry(before + attempt - 1, timedOut ? 'TIMED_OUT' : 'FAILED', previous));
      }
      if (live.state === STARTED)
        attempts.push(entry(before + attempt, 'RUNNING', own ? logsIn(beat, 'weftLogs') : undefined));
      before += attempt;
    } else if (run.end) {
      attempts.push(entry(before + run.attempt, run.end.state, run.end.logs));
      before += run.attempt;
    }
  }
  return attempts;
}

function entry(attempt: number, state: AttemptState, logs: NodeLogs | undefined): AttemptLogs {
  return { attempt, state, lines: logs?.lines ?? [], dropped: logs?.dropped ?? 0 };
}

/** An attempt's lines from its failure: the component's own details, or the last heartbeat of one that timed out. */
async function failureLogs(
  converter: LoadedDataConverter,
  failure: Failure | null | undefined,
): Promise<NodeLogs | undefined> {
  const beat = failure?.timeoutFailureInfo?.lastHeartbeatDetails?.payloads?.[0];
  if (beat) return logsIn(await decode(converter, beat), 'weftLogs');
  const first = await decode(converter, failure?.applicationFailureInfo?.details?.payloads?.[0]);
  return logsIn(first, 'logs');
}

/** The `{ lines, dropped }` under `key`, when it has that shape: workers in other languages send it too. */
function logsIn(value: unknown, key: string): NodeLogs | undefined {
  const logs = isRecord(value) ? value[key] : undefined;
  if (!isRecord(logs) || !Array.isArray(logs.lines)) return undefined;
  const lines = logs.lines.filter((line): line is LogLine => isRecord(line) && typeof line.message === 'string');
  return { lines, dropped: typeof logs.dropped === 'number' ? logs.dropped : 0 };
}

/** One payload through the client's codecs (the claim check) and payload converter; undefined when unreadable. */
async function decode(converter: LoadedDataConverter, payload: Payload | null | undefined): Promise<unknown> {
  if (!payload) return undefined;
  try {
    let payloads = [payload];
    for (const codec of [...converter.payloadCodecs].reverse()) payloads = await codec.decode(payloads);
    return converter.payloadConverter.fromPayload(payloads[0]);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
