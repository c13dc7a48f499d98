import { useEffect, useState } from 'react';
import type { GraphDefinition } from '../api/types';
import { graphOfRun } from './run-graph';
import { runsApi } from './runs-api';

/**
 * The graph of the run's flow version, or of the loop or foreach body its nodes are, read once per version;
 * undefined while it loads or when the flow is gone (the node table still shows the run).
 */
export function useRunGraph(flowId: string | undefined, version: number | undefined, nodeIds: string[]) {
  const [definition, setDefinition] = useState<GraphDefinition>();
  const [problem, setProblem] = useState<unknown>();
  useEffect(() => {
    if (!flowId || !version) return;
    let current = true;
    runsApi.flowVersion(flowId, version).then(
      (flow) => current && setDefinition(flow.definition),
      (err: unknown) => current && setProblem(err),
    );
    return () => {
      current = false;
    };
  }, [flowId, version]);
  const graph = definition && graphOfRun(definition, nodeIds);
  return { graph, problem };
}
