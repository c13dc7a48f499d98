import './runs.css';
import { useMemo, useState } from 'react';
import { ProblemView } from '../components/problem-view';
import { RunControls } from '../operate/run-controls';
import { SetVariablesForm } from '../operate/set-variables-form';
import type { JsonSchema } from '../operate/json-schema';
import { AuditTrail } from './audit-trail';
import { ErrorChain } from './error-chain';
import { ForeachItems } from './foreach-items';
import { foreachProgress } from './run-kind';
import { JsonView } from './json-view';
import { NodePanel } from './node-panel';
import { NodeTable } from './node-table';
import { RunGraphView } from './run-graph-view';
import { RunHeader } from './run-header';
import { useRunGraph } from './use-flow-graph';
import { useRunState } from './use-run-state';

/** One run, live on its flow's graph, with its nodes, variables, audit trail and operations. */
export function RunPage({ runId, initialNode }: { runId: string; initialNode?: string }) {
  const { run, problem, live, replace } = useRunState(runId);
  const [selected, setSelected] = useState<string | undefined>(initialNode);
  const nodeIds = useMemo(() => Object.keys(run?.nodes ?? {}), [run?.nodes]);
  const { graph } = useRunGraph(run, nodeIds);
  if (!run)
    return (
      <section className="page run-page">
        {problem ? (
          <ProblemView error={problem} title={`Run ${runId}`} />
        ) : (
          <p className="muted">Loading run {runId}…</p>
        )}
      </section>
    );
  // A foreach run's nodes are its body's, not any one item's: their statuses would say nothing.
  const items = foreachProgress(run);
  const node = selected && !items ? run.nodes[selected] : undefined;
  const definition = node && graph?.nodes.find((n) => n.id === node.id);
  const approvalSchema = definition?.type === 'approval' ? (definition.schema as JsonSchema | undefined) : undefined;
  return (
    <section className="page run-page" data-run={run.runId} data-run-status={run.status}>
      <RunHeader run={run} live={live} />
      <ProblemView error={problem} />
      <RunControls run={run} onState={replace} />
      <div className="run-body">
        <div className="run-graph">
          {graph && (
            <div className="run-canvas">
              <RunGraphView
                graph={graph}
                run={run}
                selected={selected}
                onNodeClick={setSelected}
                items={Boolean(items)}
              />
            </div>
          )}
          {!items && <NodeTable run={run} selected={selected} onSelect={setSelected} />}
        </div>
        {node && (
          <NodePanel
            run={run}
            node={node}
            approvalSchema={approvalSchema}
            onState={replace}
            onClose={() => setSelected(undefined)}
          />
        )}
      </div>
      <ForeachItems run={run} body={graph} />
      <section className="run-data">
        <ErrorChain error={run.error} />
        <JsonView label="Run inputs" value={run.inputs} />
        {!items && <JsonView label="Run output" value={run.output} />}
      </section>
      <section className="run-variables">
        <h3>Variables</h3>
        <SetVariablesForm key={run.runId} run={run} onState={replace} />
      </section>
      <section className="run-audit">
        <h3>Audit trail</h3>
        <AuditTrail operations={run.operations} />
      </section>
    </section>
  );
}
