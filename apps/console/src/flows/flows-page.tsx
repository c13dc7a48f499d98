import { useMemo } from 'react';
import { flowsApi } from '../api/flows';
import { useApi } from '../api/use-api';
import { ProblemView } from '../components/problem-view';
import { Link, navigate, useLocation, withQuery } from '../router';
import { matching } from './match-flows';

/** Every flow (its latest version), searchable by id and name; the search is kept in the URL. */
export function FlowsPage() {
  const location = useLocation();
  const search = location.query.get('q') ?? '';
  const flows = useApi(() => flowsApi.list(), []);
  const shown = useMemo(() => matching(flows.data ?? [], search), [flows.data, search]);

  return (
    <div className="page">
      <div className="page-head">
        <h1>Flows</h1>
        <input
          type="search"
          className="search"
          placeholder="Search flows by id or name"
          aria-label="Search flows"
          value={search}
          onChange={(e) =>
            navigate(withQuery({ ...location, path: '/flows' }, { q: e.target.value }), { replace: true })
          }
        />
        <Link to="/designer" className="button">
          New flow
        </Link>
      </div>
      <ProblemView error={flows.error} title="Cannot list flows" />
      {flows.loading && !flows.data && <p className="muted">Loading…</p>}
      {flows.data && (
        <table className="table flows-table">
          <thead>
            <tr>
              <th>Flow</th>
              <th>Name</th>
              <th>Latest version</th>
              <th>Published</th>
              <th>By</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((flow) => (
              <tr key={flow.id} data-flow-id={flow.id}>
                <td>
                  <Link to={`/flows/${encodeURIComponent(flow.id)}`}>{flow.id}</Link>
                </td>
                <td>{flow.name ?? ''}</td>
                <td>
                  v{flow.version}
                  {flow.deprecated && <span className="tag tag-warn">deprecated</span>}
                </td>
                <td>{new Date(flow.createdAt).toLocaleString()}</td>
                <td>{flow.createdBy}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {flows.data && shown.length === 0 && (
        <p className="muted">
          {search ? `No flow matches “${search}”.` : 'No flows yet: publish one in the designer.'}
        </p>
      )}
    </div>
  );
}
