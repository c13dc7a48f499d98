/** Thrown inside the walk when the run must fail: carries what to report. */
export class RunFailure {
  constructor(
    readonly message: string,
    readonly type: string,
    readonly cause?: unknown,
    readonly nodeId?: string,
  ) {}
}
