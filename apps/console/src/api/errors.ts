import type { Problem } from './types';

/** The API refused the request: its problem+json body, as it said it. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
    this.name = 'ApiError';
  }

  get status(): number {
    return this.problem.status;
  }
}

/** The API did not answer at all (not running, network down). */
export class ApiUnreachableError extends Error {
  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    super(
      `The Weft API does not answer at ${url} (${cause instanceof Error ? cause.message : String(cause)}). Is it running?`,
    );
    this.name = 'ApiUnreachableError';
  }
}
