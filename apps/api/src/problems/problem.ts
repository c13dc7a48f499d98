import type { ValidationIssue } from '@weft/dsl';

/** RFC 9457 problem details, as every error response of the API is shaped. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** Each problem with the input, located by a JSON path into the request body. */
  errors?: ValidationIssue[];
  errorId?: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problemType(slug: string): string {
  return `urn:weft:problem:${slug}`;
}
