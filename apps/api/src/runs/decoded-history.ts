import type { Client } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';

type History = temporal.api.history.v1.IHistory;

/**
 * A run's history with its payloads through the client's codecs: claim-checked inputs, results and failure
 * details read back from the blob store (docs/claim-check.md), so the history can be read like any other.
 */
export async function decodedHistory(client: Client, workflowId: string, runId?: string): Promise<History> {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  const codecs = [...client.options.loadedDataConverter.payloadCodecs].reverse();
  if (codecs.length) await decodeWithin(history, codecs);
  return history;
}

async function decodeWithin(value: unknown, codecs: { decode(p: Payload[]): Promise<Payload[]> }[]): Promise<void> {
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) return;
  if (Array.isArray(value)) {
    for (const item of value) await decodeWithin(item, codecs);
    return;
  }
  const record = value as Record<string, unknown>;
  for (const [key, child] of Object.entries(record)) {
    if (key === 'payloads' && Array.isArray(child)) {
      let payloads = child as Payload[];
      for (const codec of codecs) payloads = await codec.decode(payloads);
      record[key] = payloads;
    } else await decodeWithin(child, codecs);
  }
}
