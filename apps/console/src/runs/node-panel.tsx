import type { JsonSchema } from '../operate/json-schema';
import { NodeControls } from '../operate/node-controls';
import { formatDuration, formatTime } from './durations';
import { ErrorChain } from './error-chain';
import { JsonView } from './json-view';
import { runHref } from './run-routes';
import type { NodeState, RunView } from './run-types';
import { StatusBadge } from './status-badge';

/** One node of a run: what it got, what it gave or why it failed, its attempts and child runs, and its operations. */
export function NodePanel({
  run,
  node,
  approvalSchema,
  onState,
  onClose,
}: {
  run: RunView;
  node: NodeState;
  approvalSchema?: JsonSchema;
  onState: (run: RunView) => void;
  onClose: () => void;
}) {
  const activity = run.activities?.[node.id];
  return (
    <aside className="node-panel" data-node={node.id}>
      <header>
        <h3>
          {node.name || node.id}{' '}
          <small className="muted">
            {node.type}
            {node.component && ` · ${node.component}`}
          </small>
        </h3>
        <button type="button" aria-label="close" onClick={onClose}>
          ×
        </button>
      </header>
      <dl className="facts">
        <dt>status</dt>
        <dd>
          <StatusBadge status={node.status} />
          {node.pauseReason && (
            <span className="muted"> ({node.pauseReason === 'error' ? 'on its error' : 'at its breakpoint'})</span>
          )}
          {node.skipReason && <span className="muted"> ({node.skipReason})</span>}
          {node.skipRequested && <span className="muted"> (skip requested)</span>}
        </dd>
        <dt>attempts</dt>
        <dd className="attempts">{activity ? `${activity.attempt} (live: ${activity.state})` : node.attempt}</dd>
        {node.startedAt && (
          <>
            <dt>started</dt>
            <dd>{formatTime(node.startedAt)}</dd>
          </>
        )}
        {node.durationMs !== undefined && (
          <>
            <dt>took</dt>
            <dd>{formatDuration(node.durationMs)}</dd>
          </>
        )}
        {node.iterations !== undefined && (
          <>
            <dt>iterations</dt>
            <dd>{node.iterations}</dd>
          </>
        )}
        {node.items && (
          <>
            <dt>items</dt>
            <dd>
              {node.items.total} ({node.items.succeeded} succeeded, {node.items.failed} failed)
            </dd>
          </>
        )}
        {node.reusedFrom && (
          <>
            <dt>output from</dt>
            <dd>
              <a href={runHref(node.reusedFrom, node.id)}>{node.reusedFrom}</a>
            </dd>
          </>
        )}
      </dl>
      {activity?.lastFailure && (
        <p className="muted">
          last attempt failed: {activity.lastFailure}
          {activity.nextAttemptAt && `; next at ${formatTime(activity.nextAttemptAt)}`}
        </p>
      )}
      {node.childRunIds?.length ? (
        <div className="child-runs">
          <h4>Child runs</h4>
          <ul>
            {node.childRunIds.map((id) => (
              <li key={id}>
                <a href={runHref(id)}>{id}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <JsonView label="Inputs" value={node.inputs} />
      <JsonView label="Output" value={node.output} />
      <ErrorChain error={node.error} />
      <NodeControls
        key={`${run.runId}/${node.id}`}
        run={run}
        node={node}
        approvalSchema={approvalSchema}
        onState={onState}
      />
    </aside>
  );
}
