import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { childPath, type ValidationIssue } from './validation-issue';

let ajv: Ajv | undefined;

/**
 * Ajv, built on first use: workflow code imports this module and Temporal evaluates a workflow's imports afresh for
 * every run, where building Ajv and its formats at import cost each run about 2 ms whether it validated anything.
 */
function validator(): Ajv {
  if (!ajv) {
    ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
  }
  return ajv;
}

/** Compiles a JSON Schema; throws with Ajv's reason when the schema itself is invalid. */
export function compileSchema(schema: Record<string, unknown>): ValidateFunction {
  return validator().compile(schema);
}

/** Issues of a value against a compiled schema, with paths under `basePath`. */
export function schemaIssues(validate: ValidateFunction, value: unknown, basePath: string): ValidationIssue[] {
  if (validate(value)) return [];
  // One issue per path: for oneOf/anyOf Ajv lists each branch's complaint first and the summary last.
  const byPath = new Map<string, ValidationIssue>();
  for (const issue of (validate.errors ?? []).map((error) => toIssue(error, basePath))) byPath.set(issue.path, issue);
  return [...byPath.values()];
}

function toIssue(error: ErrorObject, basePath: string): ValidationIssue {
  let path = error.instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, segment) => childPath(acc, /^\d+$/.test(segment) ? Number(segment) : segment), basePath);
  if (error.keyword === 'required') {
    return { path: childPath(path, String(error.params.missingProperty)), message: 'is required' };
  }
  if (error.keyword === 'additionalProperties') {
    path = childPath(path, String(error.params.additionalProperty));
    return { path, message: 'unknown field' };
  }
  return { path, message: error.message ?? `fails ${error.keyword}` };
}
