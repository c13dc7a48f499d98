/**
 * Ids of the `patched()` branches in the interpreter. A run recorded before a patch replays its old branch;
 * new runs take the new one. Never rename or reuse one; test/replay/histories holds a history of each branch.
 */
export const PATCHES = {
  /** Child runs in loop iterations and foreach items get `--iteration-<n>` / `--item-<i>` in their ids. */
  uniqueChildIds: 'weft-unique-child-ids',
  /** Every run writes its final state into its memo, and loop/foreach runs their final FlowStatus. */
  closingRecords: 'weft-closing-records',
  /** After about a second of work without a command, the walk lets the workflow task end with a 1 ms timer. */
  yieldToServer: 'weft-yield-to-server',
  /** Literals, comparisons and templates of property paths evaluated without JSONata (fewer promises, other timing). */
  fastExpressions: 'weft-fast-expressions',
  /** Loop iterations walked one after another from completion callbacks, in one shared scope (loop-iterations.ts). */
  leanIterations: 'weft-lean-iterations',
  /** An evaluation that takes 2,000 steps waits for the 1 ms timer before its next step (and again every 2,000). */
  pauseLongEvaluations: 'weft-pause-long-evaluations',
} as const;
