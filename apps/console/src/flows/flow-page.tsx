import { useMemo, useState } from 'react';
import { flowsApi } from '../api/flows';
import { useApi } from '../api/use-api';
import type { FlowDiff, NodeDefinition } from '../api/types';
import { ProblemView } from '../components/problem-view';
import { FlowGraph } from '../graph';
import { Link, navigate, withQuery, type Location } from '../router';
import { loadSubflow } from './load-subflow';
import { VersionDiff } from './version-diff';
import { FlowRunLinks } from '../operate/flow-run-links';

/**
 * One flow as its DAG: `?v=` picks the version (latest by default), `?against=` compares it with another version,
 * marking added and changed nodes on the graph and listing every change.
 */
export function FlowPage({ id, location }: { id: string; location: Location }) {
  const asked = Number(location.query.get('v')) || undefined;
  const against = Number(location.query.get('against')) || undefined;
  const versions = useApi(() => flowsApi.versions(id), [id]);
  const flow = useApi(() => (asked ? flowsApi.version(id, asked) : flowsApi.latest(id)), [id, asked]);
  const version = flow.data?.version;
  const diff = useApi(
    () => (version && against ? flowsApi.diff(id, version, against) : Promise.resolve(undefined)),
    [id, version, against],
  );
  const [selected, setSelected] = useState<{ id: string; node: NodeDefinition }>();
  const changes = useMemo(() => diffMarks(diff.data), [diff.data]);
  const go = (changes: Record<string, string | undefined>) => navigate(withQuery(location, changes));

  return (
    <div className="page page-wide">
      <div className="page-head">
        <h1>
          <Link to="/flows">Flows</Link> / {id}
        </h1>
        {flow.data?.name && <span className="muted">{flow.data.name}</span>}
        <span className="page-head-spacer" />
        {versions.data && (
          <label>
            Version{' '}
            <select
              aria-label="Version"
              value={version ?? ''}
              onChange={(e) => go({ v: e.target.value, against: undefined })}
            >
              {[...versions.data].reverse().map((v) => (
                <option key={v.version} value={v.version}>
                  v{v.version}
                  {v.deprecated ? ' (deprecated)' : ''}
                </option>
              ))}
            </select>
          </label>
        )}
        {versions.data && versions.data.length > 1 && (
          <label>
            Compare with{' '}
            <select aria-label="Compare with" value={against ?? ''} onChange={(e) => go({ against: e.target.value })}>
              <option value="">—</option>
              {[...versions.data]
                .reverse()
                .filter((v) => v.version !== version)
                .map((v) => (
                  <option key={v.version} value={v.version}>
                    v{v.version}
                  </option>
                ))}
            </select>
          </label>
        )}
        {flow.data && <FlowRunLinks flowId={id} version={flow.data.version} />}
        {flow.data && (
          <Link to={`/designer?flow=${encodeURIComponent(id)}&v=${flow.data.version}`} className="button">
            Edit in designer
          </Link>
        )}
      </div>
      <ProblemView error={flow.error ?? versions.error} title={`Cannot read flow ${id}`} />
      <ProblemView error={diff.error} title="Cannot compare versions" />
      {flow.data && (
        <div className="flow-layout">
          <div className="flow-canvas" data-testid="flow-graph">
            <FlowGraph
              definition={flow.data.definition}
              changes={changes}
              selectedId={selected?.id}
              onNodeClick={(nodeId, node) => setSelected({ id: nodeId, node })}
              onPaneClick={() => setSelected(undefined)}
              loadSubflow={loadSubflow}
            />
          </div>
          <aside className="side-panel">
            {diff.data && <VersionDiff diff={diff.data} />}
            {selected ? (
              <div>
                <h3>
                  Node <code>{selected.id}</code>
                </h3>
                <pre className="json">{JSON.stringify(selected.node, null, 2)}</pre>
              </div>
            ) : (
              <div className="muted">
                <p>
                  v{flow.data.version} published {new Date(flow.data.createdAt).toLocaleString()} by{' '}
                  {flow.data.createdBy}.
                </p>
                {flow.data.definition.description && <p>{flow.data.definition.description}</p>}
                <p>Click a node to see its definition; ▸ opens a loop, foreach or subflow.</p>
              </div>
            )}
          </aside>
        </div>
      )}
    </div>
  );
}

function diffMarks(diff: FlowDiff | undefined): Record<string, 'added' | 'changed'> | undefined {
  if (!diff) return undefined;
  const marks: Record<string, 'added' | 'changed'> = {};
  for (const node of diff.nodes.added) marks[node.id] = 'added';
  for (const node of diff.nodes.changed) marks[node.id] = 'changed';
  return marks;
}
