import { setCurrentDetails } from '@temporalio/workflow';

/**
 * Shows `render()` as the run's current details in the Temporal Web UI, rendered when the Web UI asks for them rather
 * than after every node. The SDK answers the Web UI's metadata query by converting its details to JSON inside the
 * workflow, so a value with toJSON() is rendered then, from the state of that moment. Rendering after every node was
 * about 2 % of a 100-node local chain's CPU (bench/RESULTS.md); no command depends on it, so replay is unaffected.
 */
export function showLiveDetails(render: () => string): void {
  const details = { toJSON: render };
  setCurrentDetails(details as unknown as string);
}
