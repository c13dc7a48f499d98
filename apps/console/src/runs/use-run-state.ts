import { useCallback, useEffect, useState } from 'react';
import { runsApi } from './runs-api';
import { OPEN_RUN_STATUSES, type RunView } from './run-types';

export interface LiveRun {
  run?: RunView;
  /** Why the state could not be read (the API's ApiError), or the stream's last problem. */
  problem?: unknown;
  /** Whether the server-sent events stream is open. */
  live: boolean;
  /** Takes the state an operation answered with, so the view does not wait for the next event. */
  replace: (run: RunView) => void;
}

/**
 * A run's state, read once and then kept current by its server-sent events (`state` on each change, `end` when it
 * is over), so nothing needs a reload. The stream is closed at `end`: EventSource would otherwise reconnect.
 */
export function useRunState(runId: string): LiveRun {
  const [run, setRun] = useState<RunView>();
  const [problem, setProblem] = useState<unknown>();
  const [live, setLive] = useState(false);

  useEffect(() => {
    let closed = false;
    let source: EventSource | undefined;
    setRun(undefined);
    setProblem(undefined);
    runsApi.state(runId).then(
      (state) => {
        if (closed) return;
        setRun(state);
        if (!OPEN_RUN_STATUSES.has(state.status)) return;
        source = new EventSource(runsApi.eventsUrl(runId));
        source.onopen = () => setLive(true);
        source.addEventListener('state', (event) => {
          setRun(JSON.parse((event as MessageEvent<string>).data) as RunView);
          setProblem(undefined);
        });
        source.addEventListener('problem', (event) => {
          const { detail } = JSON.parse((event as MessageEvent<string>).data) as { detail: string };
          setProblem(new Error(`the run's state could not be read: ${detail}`));
        });
        source.addEventListener('end', () => {
          source?.close();
          setLive(false);
        });
        source.onerror = () => {
          if (source?.readyState === EventSource.CLOSED) setLive(false);
        };
      },
      (err: unknown) => !closed && setProblem(err),
    );
    return () => {
      closed = true;
      source?.close();
      setLive(false);
    };
  }, [runId]);

  // An operation answers with the workflow's own state: no run id, no live activities.
  const replace = useCallback(
    (state: RunView) => setRun((prev) => ({ ...state, runId: prev?.runId ?? runId, activities: undefined })),
    [runId],
  );
  return { run, problem, live, replace };
}
