/** Thrown inside the walk when the run must fail: carries what to report. */
export class RunFailure {
  constructor(
    readonly message: string,
    readonly type: string,
    readonly cause?: unknown,
    readonly nodeId?: string,
  ) {}
}

/** Any error met outside a node (variables, the run output, a loop's condition) as the run's failure. */
export function runFailureOf(err: unknown): RunFailure {
  if (err instanceof RunFailure) return err;
  const e = err as { message?: unknown; type?: unknown } | undefined;
  const message = typeof e?.message === 'string' ? e.message : String(err);
  return new RunFailure(message, typeof e?.type === 'string' ? e.type : 'InterpreterError', err);
}
