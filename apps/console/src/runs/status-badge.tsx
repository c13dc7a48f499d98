import { statusColor } from './status-colors';

export function StatusBadge({ status }: { status: string }) {
  return (
    <span className="status-badge" data-status={status} style={{ background: statusColor(status) }}>
      {status}
    </span>
  );
}
