import { useState } from 'react';
import { runsApi } from '../runs/runs-api';
import type { RunView } from '../runs/run-types';
import { initialValue, type JsonSchema } from './json-schema';
import { Refusal } from './refusal';
import { SchemaForm } from './schema-form';
import { useOperation } from './use-operation';

/** Approve or reject a waiting approval node, with a payload from a form generated from the node's schema. */
export function ApprovalForm({
  run,
  nodeId,
  schema,
  onState,
}: {
  run: RunView;
  nodeId: string;
  schema?: JsonSchema;
  onState: (run: RunView) => void;
}) {
  const [payload, setPayload] = useState<unknown>(() => initialValue(schema));
  const [comment, setComment] = useState('');
  const operation = useOperation();
  const decide = (decision: 'approve' | 'reject') =>
    operation.run(async () => {
      const body = { ...(payload !== undefined && { payload }), ...(comment && { comment }) };
      onState(await runsApi.operate(run.runId, 'POST', `nodes/${encodeURIComponent(nodeId)}/${decision}`, body));
    });
  return (
    <form className="approval-form" onSubmit={(e) => e.preventDefault()}>
      <h4>Decision</h4>
      <SchemaForm schema={schema} name="payload" value={payload} onChange={setPayload} />
      <label>
        comment <input name="comment" value={comment} onChange={(e) => setComment(e.target.value)} />
      </label>
      <div className="buttons">
        <button type="button" disabled={operation.busy} onClick={() => void decide('approve')}>
          Approve
        </button>
        <button type="button" className="danger" disabled={operation.busy} onClick={() => void decide('reject')}>
          Reject
        </button>
      </div>
      <Refusal text={operation.refusal} />
    </form>
  );
}
