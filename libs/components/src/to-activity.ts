import { Context } from '@temporalio/activity';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { compileSchema, schemaIssues } from '@weft/dsl';
import {
  INVALID_INPUT,
  INVALID_OUTPUT,
  type ComponentFailureDetails,
  type ComponentRequest,
  type ComponentResult,
} from '@weft/dsl';
import { ComponentError, type Component, type ComponentContext } from './component';

type ComponentActivity = (request: ComponentRequest) => Promise<ComponentResult>;

/** Wraps a component as the activity a task node calls: schema checks, context, typed failures. */
export function toActivity(component: Component): ComponentActivity {
  const validateInputs = compileSchema(component.inputSchema);
  const validateOutput = component.outputSchema && compileSchema(component.outputSchema);
  return async ({ nodeId, inputs }) => {
    const activity = Context.current();
    const attempt = activity.info.attempt;
    const badInputs = schemaIssues(validateInputs, inputs, `nodes.${nodeId}.inputs`);
    if (badInputs.length) throw failure(invalid(component.name, 'inputs', badInputs), INVALID_INPUT, false, attempt);
    let output: unknown;
    try {
      output = await component.run(inputs, contextOf(activity));
    } catch (err) {
      if (err instanceof CancelledFailure) throw err;
      if (err instanceof ComponentError) throw failure(err.message, err.type, !err.retryable, attempt, err.details);
      const error = err instanceof Error ? err : new Error(String(err));
      throw failure(error.message, error.name, false, attempt);
    }
    const badOutput = validateOutput ? schemaIssues(validateOutput, output, `nodes.${nodeId}.output`) : [];
    if (badOutput.length) throw failure(invalid(component.name, 'output', badOutput), INVALID_OUTPUT, false, attempt);
    return { output: output ?? null, attempt };
  };
}

function contextOf(activity: Context): ComponentContext {
  return {
    signal: activity.cancellationSignal,
    attempt: activity.info.attempt,
    // Local activities have no heartbeats; their cancellation comes with the workflow task.
    heartbeat: (details) => (activity.info.isLocal ? undefined : activity.heartbeat(details)),
    sleep: (ms) => activity.sleep(ms),
    log: activity.log,
  };
}

function invalid(component: string, what: string, issues: { path: string; message: string }[]): string {
  return `${component}: invalid ${what}: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`;
}

function failure(message: string, type: string, nonRetryable: boolean, attempt: number, details?: unknown) {
  const first: ComponentFailureDetails = { attempt, ...(details !== undefined && { details }) };
  return ApplicationFailure.create({ message, type, nonRetryable, details: [first] });
}
