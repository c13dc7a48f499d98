import { useState } from 'react';
import { runsApi } from '../runs/runs-api';
import { OPEN_RUN_STATUSES, type RunView } from '../runs/run-types';
import { Refusal } from './refusal';
import { useOperation } from './use-operation';

/** Pause, resume, cancel and terminate the run, with a reason kept in its audit trail. */
export function RunControls({ run, onState }: { run: RunView; onState: (run: RunView) => void }) {
  const [reason, setReason] = useState('');
  const operation = useOperation();
  const open = OPEN_RUN_STATUSES.has(run.status);
  const body = reason ? { reason } : {};
  const act = (path: string) =>
    operation.run(async () => {
      const answer = await runsApi.operate(run.runId, 'POST', path, body);
      if (path !== 'cancel' && path !== 'terminate') onState(answer);
    });
  return (
    <div className="run-controls">
      <input
        className="reason"
        placeholder="reason (kept in the audit trail)"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      {run.status === 'PAUSED' ? (
        <button type="button" disabled={operation.busy} onClick={() => void act('resume')}>
          Resume run
        </button>
      ) : (
        <button type="button" disabled={operation.busy || !open} onClick={() => void act('pause')}>
          Pause run
        </button>
      )}
      <button type="button" disabled={operation.busy || !open} onClick={() => void act('cancel')}>
        Cancel
      </button>
      <button
        type="button"
        className="danger"
        disabled={operation.busy || !open}
        onClick={() => window.confirm('Terminate the run at once, with no cleanup?') && void act('terminate')}
      >
        Terminate
      </button>
      <Refusal text={operation.refusal} />
    </div>
  );
}
