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
import type { BlobStore } from './payloads/blob-store';
import {
  BAD_VALUE_REFERENCE,
  BadValueReferenceError,
  resolveReferences,
  storeValue,
} from './payloads/value-references';

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
 * timeout rather than its whole per-attempt timeout). Value references in the inputs are resolved from `store`
 * before the component runs, and an output over the inline limit is stored there and returned as a reference
 * (docs/claim-check.md, "Value references").
 */
export function toActivity(component: Component, store: BlobStore): ComponentActivity {
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
    // Liveness beats while inputs are read from the blob store and a large output is written to it, too.
    try {
      const resolved = await resolveInputs(component.name, nodeId, store, inputs, fail);
      const badInputs = schemaIssues(validateInputs, resolved, `nodes.${nodeId}.inputs`);
      if (badInputs.length) throw fail(invalid(component.name, 'inputs', badInputs), INVALID_INPUT, false);
      let output: unknown;
      try {
        output = await component.run(resolved as typeof inputs, contextOf(activity, liveness, log));
      } catch (err) {
        if (err instanceof CancelledFailure) throw err;
        if (err instanceof ComponentError) throw fail(err.message, err.type, !err.retryable, err.details);
        const error = err instanceof Error ? err : new Error(String(err));
        throw fail(error.message, error.name, false);
      }
      const badOutput = validateOutput ? schemaIssues(validateOutput, output, `nodes.${nodeId}.output`) : [];
      if (badOutput.length) throw fail(invalid(component.name, 'output', badOutput), INVALID_OUTPUT, false);
      return { output: await inlineOrReference(component.name, store, output, fail), attempt, logs: log.snapshot() };
    } finally {
      liveness.stop();
    }
  };
}

type Fail = (message: string, type: string, nonRetryable: boolean) => ApplicationFailure;

/** The inputs with their value references resolved; a bad reference fails the node without retries. */
async function resolveInputs(name: string, nodeId: string, store: BlobStore, inputs: unknown, fail: Fail) {
  try {
    return await resolveReferences(store, inputs);
  } catch (err) {
    if (err instanceof BadValueReferenceError)
      throw fail(`${name}: input ${err.message.replace(/^\$/, `nodes.${nodeId}.inputs`)}`, BAD_VALUE_REFERENCE, true);
    // The store itself failed (S3 out of reach, a disk error): worth a retry.
    throw fail(`${name}: cannot read a referenced input: ${messageOf(err)}`, BLOB_STORE_UNAVAILABLE, false);
  }
}

/**
 * The output as the run will hold it: itself up to LIMITS.maxNodeOutputBytes, a value reference up to
 * LIMITS.maxReferencedOutputBytes, OutputTooLarge beyond.
 */
async function inlineOrReference(name: string, store: BlobStore, output: unknown, fail: Fail): Promise<unknown> {
  const bytes = jsonBytes(output);
  if (bytes <= LIMITS.maxNodeOutputBytes) return output ?? null;
  if (bytes > LIMITS.maxReferencedOutputBytes)
    throw fail(
      `${name}: output is ${bytes} bytes; the limit is ${LIMITS.maxReferencedOutputBytes}`,
      OUTPUT_TOO_LARGE,
      true,
    );
  try {
    return await storeValue(store, output);
  } catch (err) {
    throw fail(`${name}: cannot store its ${bytes}-byte output: ${messageOf(err)}`, BLOB_STORE_UNAVAILABLE, false);
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

const BLOB_STORE_UNAVAILABLE = 'BlobStoreUnavailable';

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
