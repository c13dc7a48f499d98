import type { ComponentDescriptor } from '@weft/dsl';

/** What a component sees of the activity running it. */
export interface ComponentContext {
  /** Aborted when the run cancels this node or the attempt times out; pass it to I/O. */
  signal: AbortSignal;
  /** 1 for the first attempt. */
  attempt: number;
  /** Reports liveness (required when the node sets `heartbeat`); details are kept for the next attempt. */
  heartbeat(details?: unknown): void;
  /** Sleeps, rejecting when the node is cancelled. */
  sleep(ms: number): Promise<void>;
  /** Writes to the worker's log and keeps the line in the node's log (per attempt, bounded: docs/node-logs.md). */
  log: ComponentLogger;
}

export interface ComponentLogger {
  debug(message: string, attrs?: Record<string, unknown>): void;
  info(message: string, attrs?: Record<string, unknown>): void;
  warn(message: string, attrs?: Record<string, unknown>): void;
  error(message: string, attrs?: Record<string, unknown>): void;
  /** A line a child process wrote, kept in the node's log as its stdout (level info) or stderr (level warn). */
  output(source: 'stdout' | 'stderr', line: string): void;
}

export interface ComponentDefinition<I, O> extends ComponentDescriptor {
  run(inputs: I, context: ComponentContext): Promise<O> | O;
}

export type Component<I = any, O = unknown> = Readonly<ComponentDefinition<I, O>>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Declares a component: a named, schema-checked unit of work that a task node runs as one activity.
 * @example
 * export const greet = defineComponent({
 *   name: 'demo.greet',
 *   inputSchema: { type: 'object', properties: { who: { type: 'string' } }, required: ['who'] },
 *   run: ({ who }: { who: string }) => ({ greeting: `hello ${who}` }),
 * });
 */
export function defineComponent<I, O>(definition: ComponentDefinition<I, O>): Component<I, O> {
  return Object.freeze({ ...definition });
}

/**
 * An error a component throws to say what kind of failure it is and whether retrying can help.
 * @default retryable true
 */
export class ComponentError extends Error {
  constructor(
    message: string,
    readonly type: string,
    readonly retryable = true,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ComponentError';
  }
}
