import { useEffect, useMemo, useState } from 'react';
import { Link, navigate, withQuery, type Location } from '../router';
import { elapsed, formatDuration, formatTime } from './durations';
import { runHref, startRunPath } from './run-routes';
import { runsApi } from './runs-api';
import { RUN_STATUSES, type RunFilter, type RunSummary } from './run-types';
import { StatusBadge } from './status-badge';

/** How often the list is read again, so the statuses it shows stay live. */
const REFRESH_MS = 2000;

const FILTER_KEYS: (keyof RunFilter)[] = ['flowId', 'version', 'status', 'startedAfter', 'startedBefore'];

/**
 * Runs, newest first, filtered by flow, version, status and start time (kept in the URL, `#/runs?flowId=orders`);
 * the statuses refresh on their own.
 */
export function RunsListPage({ location }: { location: Location }) {
  const search = location.query.toString();
  const filter = useMemo(() => {
    const query = new URLSearchParams(search);
    return Object.fromEntries(FILTER_KEYS.flatMap((k) => (query.get(k) ? [[k, query.get(k)!]] : []))) as RunFilter;
  }, [search]);
  const [draft, setDraft] = useState<RunFilter>(filter);
  useEffect(() => setDraft(filter), [filter]);
  const [runs, setRuns] = useState<RunSummary[]>();
  const [next, setNext] = useState<string>();
  const [extra, setExtra] = useState<RunSummary[]>([]);
  const [problem, setProblem] = useState<string>();

  useEffect(() => {
    let current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setExtra([]);
    const read = () =>
      runsApi.list(filter).then(
        (page) => {
          if (!current) return;
          setRuns(page.runs);
          setNext(page.nextPageToken);
          setProblem(undefined);
          timer = setTimeout(read, REFRESH_MS);
        },
        (err: Error) => {
          if (!current) return;
          setProblem(err.message);
          timer = setTimeout(read, REFRESH_MS * 2);
        },
      );
    void read();
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [filter]);

  const more = () =>
    next &&
    runsApi.list(filter, next).then(
      (page) => {
        setExtra((e) => [...e, ...page.runs]);
        setNext(page.nextPageToken);
      },
      (err: Error) => setProblem(err.message),
    );
  const field = (key: keyof RunFilter) => ({
    name: key,
    value: draft[key] ?? '',
    onChange: (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value || undefined }),
  });
  const shown = [...(runs ?? []), ...extra];
  return (
    <section className="page runs-list-page">
      <h2>Runs</h2>
      {filter.flowId && (
        <p>
          <Link to={startRunPath(filter.flowId)} className="button">
            Start a run of {filter.flowId}
          </Link>
        </p>
      )}
      <form
        className="run-filters"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(withQuery(location, Object.fromEntries(FILTER_KEYS.map((k) => [k, draft[k]]))));
        }}
      >
        <label>
          flow <input {...field('flowId')} placeholder="flow id" />
        </label>
        <label>
          version <input {...field('version')} inputMode="numeric" size={4} />
        </label>
        <label>
          status{' '}
          <select {...field('status')}>
            <option value="">any</option>
            {RUN_STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          started after <input type="datetime-local" {...field('startedAfter')} />
        </label>
        <label>
          before <input type="datetime-local" {...field('startedBefore')} />
        </label>
        <button type="submit">Filter</button>
      </form>
      {problem && (
        <p className="refusal" role="alert">
          {problem}
        </p>
      )}
      {runs && !shown.length && <p className="muted">No runs match.</p>}
      {shown.length > 0 && (
        <table className="runs-table">
          <thead>
            <tr>
              <th>run</th>
              <th>flow</th>
              <th>version</th>
              <th>status</th>
              <th>started</th>
              <th>duration</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((run) => (
              <tr key={run.runId} data-run-row={run.runId}>
                <td>
                  <a href={runHref(run.runId)}>{run.runId}</a>
                </td>
                <td>{run.flowId}</td>
                <td>{run.version}</td>
                <td>
                  <StatusBadge status={run.status} />
                </td>
                <td>{formatTime(run.startedAt)}</td>
                <td>{formatDuration(elapsed(run.startedAt, run.finishedAt))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next && (
        <button type="button" onClick={() => void more()}>
          More
        </button>
      )}
    </section>
  );
}
