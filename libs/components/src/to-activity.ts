import { Context } from '@temporalio/activity';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { compileSchema, jsonBytes, LIMITS, schemaIssues } from '@weft/dsl';
import {
  INVALID_INPUT,
  INVALID_OUTPUT,
  type ComponentFailureDetails,
  type ComponentRequest,
  type ComponentResult,
} from '@weft/dsl';
import { ComponentError, type Component, type ComponentContext } from './component';
import { NodeLog, type LogLevel, type NodeLogs } from './node-log';

/** The single heartbeat detail of a component activity (docs/node-logs.md). */
export interface HeartbeatDetails {
  weftLogs?: NodeLogs;
  /** What the component itself last gave `heartbeat`. */
  details?: unknown;
}

type ComponentActivity = (request: ComponentRequest) => Promise<ComponentResult>;

/**
 * Wraps a component as the activity a task node calls: schema checks, context, typed failures, the output
 * budget, and liveness heartbeats while it runs (so a task whose worker died is retried within its heartbeat
 * timeout rather than its whole per-attempt timeout).
 */
export function toActivity(component: Component): ComponentActivity {
  const validateInputs = compileSchema(component.inputSchema);
  const validateOutput = component.outputSchema && compileSchema(component.outputSchema);
  return async ({ nodeId, inputs }) => {
    const activity = Context.current();
    const attempt = activity.info.attempt;
    const liveness = new Liveness(activity);
    const log = new NodeLog(() => liveness.logged(log.snapshot()));
    const fail = (message: string, type: string, nonRetryable: boolean, details?: unknown) =>
      failure(message, type, nonRetryable, {
        attempt,
        logs: log.snapshot(),
        ...(details !== undefined && { details }),
      });
    const badInputs = schemaIssues(validateInputs, inputs, `nodes.${nodeId}.inputs`);
    if (badInputs.length) throw fail(invalid(component.name, 'inputs', badInputs), INVALID_INPUT, false);
    let output: unknown;
    try {
      output = await component.run(inputs, contextOf(activity, liveness, log));
    } catch (err) {
      if (err instanceof CancelledFailure) throw err;
      if (err instanceof ComponentError) throw fail(err.message, err.type, !err.retryable, err.details);
      const error = err instanceof Error ? err : new Error(String(err));
      throw fail(error.message, error.name, false);
    } finally {
      liveness.stop();
    }
    const badOutput = validateOutput ? schemaIssues(validateOutput, output, `nodes.${nodeId}.output`) : [];
    if (badOutput.length) throw fail(invalid(component.name, 'output', badOutput), INVALID_OUTPUT, false);
    const bytes = jsonBytes(output);
    if (bytes > LIMITS.maxNodeOutputBytes) {
      const message = `${component.name}: output is ${bytes} bytes; the limit is ${LIMITS.maxNodeOutputBytes}`;
      throw fail(message, OUTPUT_TOO_LARGE, true);
    }
    return { output: output ?? null, attempt, logs: log.snapshot() };
  };
}

const OUTPUT_TOO_LARGE = 'OutputTooLarge';

/**
 * Heartbeats for a running component at a third of its heartbeat timeout, repeating the details the component
 * last gave, so that only a dead or blocked worker misses them. Short attempts end before the first beat.
 * Each beat also carries the attempt's log so far (docs/node-logs.md), and a logged line beats at once: the SDK
 * throttles what reaches the server (the worker's heartbeat throttle interval).
 */
class Liveness {
  private details: unknown;
  private logs?: NodeLogs;
  private readonly timer?: ReturnType<typeof setInterval>;

  constructor(private readonly activity: Context) {
    const timeoutMs = activity.info.heartbeatTimeoutMs;
    // Local activities have no heartbeats; their cancellation comes with the workflow task.
    if (activity.info.isLocal || !timeoutMs) return;
    this.timer = setInterval(() => this.send(), Math.max(100, Math.floor(timeoutMs / 3)));
    this.timer.unref();
  }

  beat(details: unknown): void {
    this.details = details;
    this.send();
  }

  logged(logs: NodeLogs): void {
    this.logs = logs;
    this.send();
  }

  private send(): void {
    if (this.activity.info.isLocal) return;
    const beat: HeartbeatDetails = {
      ...(this.logs && { weftLogs: this.logs }),
      ...(this.details !== undefined && { details: this.details }),
    };
    this.activity.heartbeat(beat);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}

function contextOf(activity: Context, liveness: Liveness, log: NodeLog): ComponentContext {
  const level =
    (name: LogLevel) =>
    (message: string, attrs?: Record<string, unknown>): void => {
      activity.log[name](message, attrs);
      log.add(name, message, 'log', attrs);
    };
  return {
    signal: activity.cancellationSignal,
    attempt: activity.info.attempt,
    heartbeat: (details) => liveness.beat(details),
    sleep: (ms) => activity.sleep(ms),
    log: {
      debug: level('debug'),
      info: level('info'),
      warn: level('warn'),
      error: level('error'),
      output: (source, line) => log.add(source === 'stdout' ? 'info' : 'warn', line, source),
    },
  };
}

function invalid(component: string, what: string, issues: { path: string; message: string }[]): string {
  return `${component}: invalid ${what}: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`;
}

function failure(message: string, type: string, nonRetryable: boolean, first: ComponentFailureDetails) {
  return ApplicationFailure.create({ message, type, nonRetryable, details: [first] });
}
