import { Link } from '../router';
import { startRunPath } from '../runs/run-routes';

/** A flow's ways into its runs: list them, or start one of the version shown. */
export function FlowRunLinks({ flowId, version }: { flowId: string; version: number }) {
  return (
    <>
      <Link to={`/runs?flowId=${encodeURIComponent(flowId)}`} className="button">
        Runs
      </Link>
      <Link to={`${startRunPath(flowId)}?version=${version}`} className="button">
        Start a run
      </Link>
    </>
  );
}
