/** Memo key under which a finished run keeps its final state, so closed runs are read without a worker. */
export const FINAL_STATE_MEMO = 'weftFinalState';

/** A value left out of a kept state because it was large: how large it was. */
export interface TruncatedValue {
  $truncated: true;
  bytes: number;
}
