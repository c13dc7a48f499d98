import { WorkflowNotFoundError } from '@temporalio/client';
import type { ValidationIssue } from '@weft/dsl';

/** Errors the services throw; the problem filter maps each to its HTTP status. */
export class InvalidInputError extends Error {
  readonly type = 'InvalidInput';
  constructor(
    readonly title: string,
    readonly issues: ValidationIssue[],
  ) {
    super(`${title}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  }
}

export class NotFoundError extends Error {
  readonly type = 'NotFound';
}

export class ConflictError extends Error {
  readonly type = 'Conflict';
}

/** What Temporal answers (NOT_FOUND, as a WorkflowNotFoundError) when a message reaches a run that has ended. */
export function isAlreadyCompleted(err: unknown): err is WorkflowNotFoundError {
  return err instanceof WorkflowNotFoundError && /already completed/i.test(err.message);
}
