import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError } from '../api/errors';
import { flowsApi } from '../api/flows';
import { useApi } from '../api/use-api';
import type { FlowDefinition, NodeType, ValidationIssue } from '../api/types';
import { ProblemView } from '../components/problem-view';
import { FlowGraph } from '../graph';
import { NODE_KINDS } from '../graph/node-kinds';
import { loadSubflow } from '../flows/load-subflow';
import { Link, type Location } from '../router';
import { addNode, connect, removeEdge, removeNode } from './edit-definition';
import { flowValueCompletions, type KnownNames } from './flow-completions';
import { JsonEditor } from './json-editor';
import { parseDefinition, STARTER_FLOW } from './parse-definition';

type Selection = { kind: 'node'; id: string } | { kind: 'edge'; id: string; path: string };
type Outcome =
  | { kind: 'valid'; message: string }
  | { kind: 'published'; id: string; version: number; created: boolean }
  | { kind: 'refused'; error: unknown };

const show = (definition: FlowDefinition) => JSON.stringify(definition, null, 2);

/**
 * The designer: the flow as JSON (completion and lint from the flow language's schema) beside its live graph. Nodes
 * are added, removed and connected on the canvas too, which rewrites the JSON. Validate and publish go to the API; each
 * error it reports is shown on the node or edge its JSON path concerns. `?flow=id&v=n` opens a published version.
 */
export function DesignerPage({ location }: { location: Location }) {
  const flowParam = location.query.get('flow') ?? undefined;
  const versionParam = Number(location.query.get('v')) || undefined;
  const [text, setText] = useState(() => (flowParam ? '' : show(STARTER_FLOW as FlowDefinition)));
  const [issues, setIssues] = useState<ValidationIssue[]>([]);
  const [outcome, setOutcome] = useState<Outcome>();
  const [selected, setSelected] = useState<Selection>();
  const [addKind, setAddKind] = useState<NodeType>('task');
  const [busy, setBusy] = useState(false);
  const schema = useApi(() => flowsApi.schema(), []);
  // Read by the completion source when it runs: the editor is not remade when they arrive.
  const known = useRef<KnownNames>({ components: [], flows: [] });
  const components = useApi(() => flowsApi.components(), []);
  const flows = useApi(() => flowsApi.list(), []);
  known.current = { components: components.data ?? [], flows: flows.data ?? [] };
  const completions = useMemo(() => flowValueCompletions(() => known.current), []);
  const opened = useApi(
    () =>
      flowParam
        ? versionParam
          ? flowsApi.version(flowParam, versionParam)
          : flowsApi.latest(flowParam)
        : Promise.resolve(undefined),
    [flowParam, versionParam],
  );
  useEffect(() => {
    if (opened.data) setText(show(opened.data.definition));
  }, [opened.data]);

  const parsed = useMemo(() => parseDefinition(text), [text]);
  const [preview, setPreview] = useState<FlowDefinition>(
    () => parseDefinition(text).definition ?? { id: '', nodes: [] },
  );
  useEffect(() => {
    if (parsed.definition) setPreview(parsed.definition);
  }, [parsed]);

  // What the API said was about the text it was given: an edit makes it stale.
  const edit = useCallback((next: string) => {
    setText(next);
    setIssues([]);
    setOutcome(undefined);
  }, []);
  const editDefinition = (change: (flow: FlowDefinition) => FlowDefinition) => {
    if (parsed.definition) edit(show(change(parsed.definition)));
  };

  const submit = async (action: 'validate' | 'publish') => {
    if (!parsed.definition) return;
    setBusy(true);
    try {
      if (action === 'validate') {
        const result = await flowsApi.validate(parsed.definition);
        const next = result.unchanged
          ? `same as v${result.latestVersion}`
          : `publishing makes v${(result.latestVersion ?? 0) + 1}`;
        setOutcome({ kind: 'valid', message: `Valid: ${next}.` });
      } else {
        const result = await flowsApi.publish(parsed.definition);
        setOutcome({ kind: 'published', id: result.id, version: result.version, created: result.created });
      }
      setIssues([]);
    } catch (error) {
      setIssues(error instanceof ApiError ? (error.problem.errors ?? []) : []);
      setOutcome({ kind: 'refused', error });
    } finally {
      setBusy(false);
    }
  };

  const deleteSelected = () => {
    if (!selected) return;
    if (selected.kind === 'node' && !selected.id.includes('/')) editDefinition((flow) => removeNode(flow, selected.id));
    const edge = selected.kind === 'edge' && /^\$\.edges\[(\d+)\]$/.exec(selected.path);
    if (edge) editDefinition((flow) => removeEdge(flow, Number(edge[1])));
    setSelected(undefined);
  };
  const canDelete =
    (selected?.kind === 'node' && !selected.id.includes('/')) ||
    (selected?.kind === 'edge' && /^\$\.edges\[\d+\]$/.test(selected.path));

  return (
    <div className="page page-wide designer">
      <div className="page-head">
        <h1>Designer</h1>
        <span className="muted">{parsed.definition?.id ? `flow ${parsed.definition.id}` : ''}</span>
        <span className="page-head-spacer" />
        <label>
          Add{' '}
          <select aria-label="Node kind" value={addKind} onChange={(e) => setAddKind(e.target.value as NodeType)}>
            {Object.keys(NODE_KINDS).map((kind) => (
              <option key={kind}>{kind}</option>
            ))}
          </select>
        </label>
        <button
          type="button"
          disabled={!parsed.definition}
          onClick={() => {
            if (!parsed.definition) return;
            const after = selected?.kind === 'node' && !selected.id.includes('/') ? selected.id : undefined;
            const added = addNode(parsed.definition, addKind, after);
            edit(show(added.flow));
            setSelected({ kind: 'node', id: added.id });
          }}
        >
          Add node
        </button>
        <button type="button" disabled={!canDelete} onClick={deleteSelected}>
          Delete selected
        </button>
        <button type="button" disabled={!parsed.definition || busy} onClick={() => void submit('validate')}>
          Validate
        </button>
        <button
          type="button"
          className="primary"
          disabled={!parsed.definition || busy}
          onClick={() => void submit('publish')}
        >
          Publish
        </button>
      </div>
      <ProblemView error={opened.error} title={`Cannot open flow ${flowParam}`} />
      <div className="designer-status" data-testid="designer-status">
        {parsed.error && (
          <div className="problem problem-down">{parsed.error} (the graph shows the last valid JSON)</div>
        )}
        {outcome?.kind === 'valid' && <div className="ok">{outcome.message}</div>}
        {outcome?.kind === 'published' && (
          <div className="ok">
            {outcome.created ? 'Published' : 'Unchanged: already'} as{' '}
            <Link to={`/flows/${encodeURIComponent(outcome.id)}?v=${outcome.version}`}>
              {outcome.id} v{outcome.version}
            </Link>
            .
          </div>
        )}
        {outcome?.kind === 'refused' && <ProblemView error={outcome.error} title="Refused" />}
      </div>
      <div className="designer-body">
        <div className="designer-editor">
          {schema.error ? <ProblemView error={schema.error} title="No schema completion" /> : null}
          {(!flowParam || opened.data) && (
            <JsonEditor
              value={text}
              onChange={edit}
              schema={schema.data}
              completions={completions}
              key={schema.data ? 'schema' : 'plain'}
            />
          )}
        </div>
        <div className="flow-canvas designer-canvas" data-testid="designer-graph">
          <FlowGraph
            definition={preview}
            issues={issues}
            selectedId={selected?.id}
            onNodeClick={(id) => setSelected({ kind: 'node', id })}
            onEdgeClick={(id, path) => setSelected({ kind: 'edge', id, path })}
            onPaneClick={() => setSelected(undefined)}
            onConnect={(from, to) => {
              if (!from.includes('/') && !to.includes('/')) editDefinition((flow) => connect(flow, from, to));
            }}
            loadSubflow={loadSubflow}
          />
        </div>
      </div>
    </div>
  );
}
