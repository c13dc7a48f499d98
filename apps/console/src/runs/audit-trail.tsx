import { formatTime } from './durations';
import type { OperationRecord } from './run-types';

/** The operations the run accepted, oldest first: who, when, why, and what they carried. */
export function AuditTrail({ operations }: { operations?: OperationRecord[] }) {
  if (!operations?.length) return <p className="muted">No operations yet.</p>;
  return (
    <table className="audit-trail">
      <thead>
        <tr>
          <th>at</th>
          <th>operation</th>
          <th>node</th>
          <th>by</th>
          <th>reason</th>
          <th>details</th>
        </tr>
      </thead>
      <tbody>
        {operations.map((op, i) => (
          <tr key={i} data-op={op.op}>
            <td>{formatTime(op.at)}</td>
            <td>{op.op}</td>
            <td>{op.nodeId ?? ''}</td>
            <td>{op.by ?? ''}</td>
            <td>{op.reason ?? ''}</td>
            <td>{op.details ? <code>{JSON.stringify(op.details)}</code> : ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
