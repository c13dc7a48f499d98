import { compileSchema, jsonBytes, LIMITS, schemaIssues } from '@weft/dsl';
import type { FlowVersion } from '../flows/flow-repository';
import { InvalidInputError } from '../problems/api-errors';

const validators = new WeakMap<FlowVersion, ReturnType<typeof compileSchema>>();

/**
 * The checks a run's inputs pass before anything starts it (the API's start and a schedule's action alike): under
 * Temporal's payload limit, since they travel in the workflow input with the plan, and valid against the flow's
 * inputs schema. Issues are located under `path` (`$.inputs` by default).
 */
export function checkRunInputs(flow: FlowVersion, inputs: Record<string, unknown>, path = '$.inputs'): void {
  const bytes = jsonBytes(inputs);
  if (bytes > LIMITS.maxRunInputBytes) {
    throw new InvalidInputError('Run inputs too large', [
      { path, message: `inputs are ${bytes} bytes of JSON; the limit is ${LIMITS.maxRunInputBytes}` },
    ]);
  }
  if (!flow.definition.inputs) return;
  let validate = validators.get(flow);
  if (!validate) {
    validate = compileSchema(flow.definition.inputs);
    validators.set(flow, validate);
  }
  const issues = schemaIssues(validate, inputs, path);
  if (issues.length) throw new InvalidInputError(`Invalid inputs for flow "${flow.id}" v${flow.version}`, issues);
}
