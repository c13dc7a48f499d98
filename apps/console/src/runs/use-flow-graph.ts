import { useEffect, useState } from 'react';
import type { GraphDefinition } from '../api/types';
import { graphOfRun, parentRunOf } from './run-graph';
import { runsApi } from './runs-api';
import type { RunView } from './run-types';

/**
 * The graph of the run's flow version, or of the loop or foreach body its nodes are, read once per run;
 * undefined while it loads or when the flow is gone (the node table still shows the run).
 */
export function useRunGraph(run: RunView | undefined, nodeIds: string[]) {
  const [definition, setDefinition] = useState<GraphDefinition>();
  const [problem, setProblem] = useState<unknown>();
  const runId = run?.runId;
  const known = run && { runId: run.runId, flowId: run.flowId, version: run.version };
  const key = known && JSON.stringify(known);
  useEffect(() => {
    if (!key) return;
    let current = true;
    flowVersionOf(JSON.parse(key) as FlowOfRun)
      .then(({ flowId, version }) => runsApi.flowVersion(flowId, version))
      .then(
        (flow) => current && setDefinition(flow.definition),
        (err: unknown) => current && setProblem(err),
      );
    return () => {
      current = false;
    };
  }, [runId, key]);
  const graph = definition && graphOfRun(definition, nodeIds);
  return { graph, problem };
}

type FlowOfRun = Pick<RunView, 'runId' | 'flowId' | 'version'>;

/**
 * The published flow version a run belongs to. Loop and foreach runs report their body (`<flow>.<node>`, version 0),
 * so the version is their parent run's, read up the chain of `<run>--<node>` ids.
 */
async function flowVersionOf(run: FlowOfRun): Promise<{ flowId: string; version: number }> {
  let current = run;
  for (let depth = 0; current.version < 1 && depth < 10; depth++) {
    const parent = parentRunOf(current.runId);
    if (!parent) break;
    current = await runsApi.state(parent);
  }
  return { flowId: current.flowId.split('.')[0], version: current.version };
}
