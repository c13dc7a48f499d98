import { useEffect, useState } from 'react';
import { elapsed, formatDuration, formatTime } from './durations';
import { parentRunOf } from './run-graph';
import { runHref } from './run-routes';
import { runsApi } from './runs-api';
import type { RunView } from './run-types';
import { StatusBadge } from './status-badge';

/** The run at a glance: status, progress, times, and where it came from; with its page in the Temporal Web UI. */
export function RunHeader({ run, live }: { run: RunView; live: boolean }) {
  const [temporalUrl, setTemporalUrl] = useState<string>();
  useEffect(() => {
    runsApi.temporalLink(run.runId).then(
      (link) => setTemporalUrl(link.url),
      () => setTemporalUrl(undefined),
    );
  }, [run.runId]);
  const [done, total] = run.progress;
  const parent = parentRunOf(run.runId);
  return (
    <header className="run-header">
      <h2>
        Run <code>{run.runId}</code> <StatusBadge status={run.status} />{' '}
        {live && (
          <span className="live" title="updated from the run's server-sent events">
            ● live
          </span>
        )}
      </h2>
      <dl className="facts">
        <dt>flow</dt>
        <dd>
          {run.flowId} v{run.version}
        </dd>
        <dt>progress</dt>
        <dd>
          <progress max={total} value={done} /> <span className="progress-text">{`${done}/${total}`}</span>
        </dd>
        <dt>started</dt>
        <dd>{formatTime(run.startedAt)}</dd>
        <dt>{run.finishedAt ? 'took' : 'running for'}</dt>
        <dd>{formatDuration(elapsed(run.startedAt, run.finishedAt))}</dd>
        {run.iteration !== undefined && (
          <>
            <dt>iteration</dt>
            <dd>
              {run.iteration + 1} of at most {run.maxIterations}
            </dd>
          </>
        )}
        {run.businessKey && (
          <>
            <dt>business key</dt>
            <dd>{run.businessKey}</dd>
          </>
        )}
        {run.rerunOf && (
          <>
            <dt>rerun of</dt>
            <dd>
              <a href={runHref(run.rerunOf)}>{run.rerunOf}</a>
            </dd>
          </>
        )}
        {parent && (
          <>
            <dt>child of</dt>
            <dd>
              <a href={runHref(parent)}>{parent}</a>
            </dd>
          </>
        )}
      </dl>
      {run.paused && (
        <p className="paused-note">
          Paused {run.paused.by && `by ${run.paused.by}`} at {formatTime(run.paused.at)}
          {run.paused.reason && `: ${run.paused.reason}`}
        </p>
      )}
      {run.stale && <p className="muted">{run.stale}</p>}
      {temporalUrl && (
        <a className="temporal-link" href={temporalUrl} target="_blank" rel="noreferrer">
          Open in the Temporal Web UI
        </a>
      )}
    </header>
  );
}
