import type { ValidationError } from 'class-validator';
import { childPath, type ValidationIssue } from '@weft/dsl';

/** Flattens class-validator's error tree into issues located by JSON paths. */
export function toIssues(errors: ValidationError[], parentPath = '$', parentIsArray = false): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const error of errors) {
    const key = parentIsArray && /^\d+$/.test(error.property) ? Number(error.property) : error.property;
    const path = childPath(parentPath, key);
    const constraints = Object.entries(error.constraints ?? {});
    if (constraints.some(([name]) => name === 'whitelistValidation')) {
      issues.push({ path, message: 'unknown field' });
    } else if (constraints.length) {
      // One issue per field: the first rule broken says enough (and a missing field breaks them all).
      issues.push({ path, message: error.value === undefined ? 'is required' : constraints[0][1] });
    }
    if (error.children?.length) issues.push(...toIssues(error.children, path, Array.isArray(error.value)));
  }
  return issues;
}
