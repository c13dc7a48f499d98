/** What the interpreter sends to a component activity and gets back. Shared by workflow and worker. */
export interface ComponentRequest {
  nodeId: string;
  inputs: Record<string, unknown>;
}

export interface ComponentResult {
  output: unknown;
  /** The attempt that succeeded. */
  attempt: number;
  /** The attempt's log lines (docs/node-logs.md); the workflow does not read them, the API does from the history. */
  logs?: unknown;
}

/** First detail of every ApplicationFailure a component activity throws. */
export interface ComponentFailureDetails {
  attempt: number;
  details?: unknown;
  /** The attempt's log lines (docs/node-logs.md). */
  logs?: unknown;
}

export const INVALID_INPUT = 'InvalidComponentInput';
export const INVALID_OUTPUT = 'InvalidComponentOutput';
