import { useApi } from '../api/use-api';
import { ProblemView } from '../components/problem-view';
import { Link, navigate } from '../router';
import { runPath } from '../runs/run-routes';
import { runsApi } from '../runs/runs-api';
import type { JsonSchema } from './json-schema';
import { StartRunForm } from './start-run-form';

/** `/flows/:id/start?version=N`: a form generated from the flow version's inputs schema that starts a run. */
export function StartRunPage({ flowId, version }: { flowId: string; version?: number }) {
  const flow = useApi(
    () =>
      version ? runsApi.flowVersion(flowId, version).then((f) => ({ ...f, version })) : runsApi.latestFlow(flowId),
    [flowId, version],
  );
  return (
    <div className="page start-run-page">
      <p>
        <Link to={`/flows/${encodeURIComponent(flowId)}`}>← {flowId}</Link>
      </p>
      <ProblemView error={flow.error} />
      {flow.data && (
        <StartRunForm
          key={`${flowId}@${flow.data.version}`}
          flowId={flowId}
          version={version}
          schema={flow.data.definition.inputs as JsonSchema | undefined}
          onStarted={(runId) => navigate(runPath(runId))}
        />
      )}
    </div>
  );
}
