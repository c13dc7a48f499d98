import type { ValidationError } from 'class-validator';
import { childPath, type ValidationIssue } from '../validation-issue';

/** Flattens class-validator's error tree into issues located by JSON paths. */
export function toIssues(errors: ValidationError[], parentPath = '$', parentIsArray = false): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const error of errors) {
    const key = parentIsArray && /^\d+$/.test(error.property) ? Number(error.property) : error.property;
    const path = childPath(parentPath, key);
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
      issues.push({ path, message: constraint === 'whitelistValidation' ? 'unknown field' : message });
    }
    if (error.children?.length) issues.push(...toIssues(error.children, path, Array.isArray(error.value)));
  }
  return issues;
}
