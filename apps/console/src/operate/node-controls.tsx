import { useState } from 'react';
import { runsApi } from '../runs/runs-api';
import { OPEN_RUN_STATUSES, type NodeState, type RunView } from '../runs/run-types';
import { ApprovalForm } from './approval-form';
import type { JsonSchema } from './json-schema';
import { JsonInput } from './json-input';
import { Refusal } from './refusal';
import { useOperation } from './use-operation';

/**
 * What an operator may do to one node: breakpoints, let it go on, skip it with an output, retry it with edited
 * inputs, decide an approval. Skip is offered on any node of an open run so that the API can say why not.
 */
export function NodeControls({
  run,
  node,
  approvalSchema,
  onState,
}: {
  run: RunView;
  node: NodeState;
  approvalSchema?: JsonSchema;
  onState: (run: RunView) => void;
}) {
  const operation = useOperation();
  const [output, setOutput] = useState<{ value: unknown; invalid: boolean }>({ value: undefined, invalid: false });
  const [inputs, setInputs] = useState<{ value: unknown; invalid: boolean }>({ value: node.inputs, invalid: false });
  if (!OPEN_RUN_STATUSES.has(run.status)) return null;
  const path = `nodes/${encodeURIComponent(node.id)}`;
  const act = (method: 'POST' | 'PUT' | 'DELETE', op: string, body: object = {}) =>
    operation.run(async () => onState(await runsApi.operate(run.runId, method, `${path}/${op}`, body)));
  const hasBreakpoint = run.breakpoints?.includes(node.id) ?? false;
  const pausedOnError = node.status === 'PAUSED' && node.pauseReason === 'error';
  const atBreakpoint = node.status === 'PAUSED' && node.pauseReason === 'breakpoint';
  return (
    <div className="node-controls">
      {node.type === 'approval' && node.status === 'WAITING' && (
        <ApprovalForm run={run} nodeId={node.id} schema={approvalSchema} onState={onState} />
      )}
      <div className="buttons">
        {(node.status === 'PENDING' || atBreakpoint) && (
          <button
            type="button"
            disabled={operation.busy}
            onClick={() => void act(hasBreakpoint ? 'DELETE' : 'PUT', 'breakpoint')}
          >
            {hasBreakpoint ? 'Clear breakpoint' : 'Set breakpoint'}
          </button>
        )}
        {atBreakpoint && (
          <button type="button" disabled={operation.busy} onClick={() => void act('POST', 'resume')}>
            Continue
          </button>
        )}
      </div>
      {pausedOnError && (
        <form
          className="retry-form"
          onSubmit={(e) => {
            e.preventDefault();
            void act('POST', 'retry', inputs.value === undefined ? {} : { inputs: inputs.value });
          }}
        >
          <h4>Retry with inputs</h4>
          <JsonInput
            name="retry.inputs"
            initial={node.inputs}
            onChange={(value, invalid) => setInputs({ value, invalid })}
          />
          <button type="submit" disabled={operation.busy || inputs.invalid}>
            Retry
          </button>
        </form>
      )}
      <form
        className="skip-form"
        onSubmit={(e) => {
          e.preventDefault();
          void act('POST', 'skip', output.value === undefined ? {} : { output: output.value });
        }}
      >
        <h4>Skip with output</h4>
        <JsonInput
          name="skip.output"
          initial={undefined}
          placeholder='{"ok": true}  (null when empty)'
          onChange={(value, invalid) => setOutput({ value, invalid })}
        />
        <button type="submit" disabled={operation.busy || output.invalid}>
          Skip
        </button>
      </form>
      <Refusal text={operation.refusal} />
    </div>
  );
}
