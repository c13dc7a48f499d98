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
