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
    const badInputs = schemaIssues(validateInputs, inputs, `nodes.${nodeId}.inputs`);
    if (badInputs.length) throw failure(invalid(component.name, 'inputs', badInputs), INVALID_INPUT, false, attempt);
    let output: unknown;
    const liveness = new Liveness(activity);
    try {
      output = await component.run(inputs, contextOf(activity, liveness));
    } catch (err) {
      if (err instanceof CancelledFailure) throw err;
      if (err instanceof ComponentError) throw failure(err.message, err.type, !err.retryable, attempt, err.details);
      const error = err instanceof Error ? err : new Error(String(err));
      throw failure(error.message, error.name, false, attempt);
    } finally {
      liveness.stop();
    }
    const badOutput = validateOutput ? schemaIssues(validateOutput, output, `nodes.${nodeId}.output`) : [];
    if (badOutput.length) throw failure(invalid(component.name, 'output', badOutput), INVALID_OUTPUT, false, attempt);
    const bytes = jsonBytes(output);
    if (bytes > LIMITS.maxNodeOutputBytes) {
      const message = `${component.name}: output is ${bytes} bytes; the limit is ${LIMITS.maxNodeOutputBytes}`;
      throw failure(message, OUTPUT_TOO_LARGE, true, attempt);
    }
    return { output: output ?? null, attempt };
  };
}

const OUTPUT_TOO_LARGE = 'OutputTooLarge';

/**
 * Heartbeats for a running component at a third of its heartbeat timeout, repeating the details the component
 * last gave, so that only a dead or blocked worker misses them. Short attempts end before the first beat.
 */
class Liveness {
  private details: unknown;
  private readonly timer?: ReturnType<typeof setInterval>;

  constructor(private readonly activity: Context) {
    const timeoutMs = activity.info.heartbeatTimeoutMs;
    // Local activities have no heartbeats; their cancellation comes with the workflow task.
    if (activity.info.isLocal || !timeoutMs) return;
    this.timer = setInterval(() => activity.heartbeat(this.details), Math.max(100, Math.floor(timeoutMs / 3)));
    this.timer.unref();
  }

  beat(details: unknown): void {
    if (this.activity.info.isLocal) return;
    this.details = details;
    this.activity.heartbeat(details);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}

function contextOf(activity: Context, liveness: Liveness): ComponentContext {
  return {
    signal: activity.cancellationSignal,
    attempt: activity.info.attempt,
    heartbeat: (details) => liveness.beat(details),
    sleep: (ms) => activity.sleep(ms),
    log: activity.log,
  };
}

function invalid(component: string, what: string, issues: { path: string; message: string }[]): string {
  return `${component}: invalid ${what}: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`;
}

function failure(message: string, type: string, nonRetryable: boolean, attempt: number, details?: unknown) {
  const first: ComponentFailureDetails = { attempt, ...(details !== undefined && { details }) };
  return ApplicationFailure.create({ message, type, nonRetryable, details: [first] });
}
