import { Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { BadValueReferenceError, looksLikeReference, openJson, readBlobStore, type BlobStore } from '@weft/components';
import { Readable } from 'node:stream';
import { NotFoundError } from '../problems/api-errors';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';
import { decodedHistory } from './decoded-history';
import { stateFromHistory } from './run-history';
import { RunsService } from './runs.service';

/**
 * A node's whole output (docs/claim-check.md): a value reference read back from the blob store, a value the run's
 * state shows by its size (`$truncated`) read from the run's history, anything else as the state holds it.
 */
@Injectable()
export class NodeOutputService {
  /** The store the workers write value references to: the same environment settings as the claim-check codec's. */
  private readonly store: BlobStore = readBlobStore();

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    private readonly runs: RunsService,
  ) {}

  /** The output's JSON text: a stream from the blob store for a value reference, else the bytes of the value. */
  async output(runId: string, nodeId: string): Promise<{ bytes: number; json: Readable }> {
    const node = await this.runs.node(runId, nodeId);
    let output: unknown = node.output;
    if (output === undefined) throw new NotFoundError(`node "${nodeId}" of run "${runId}" has no output`);
    if (isTruncated(output)) output = await this.outputFromHistory(runId, nodeId);
    if (!looksLikeReference(output)) {
      const json = Buffer.from(JSON.stringify(output), 'utf8');
      return { bytes: json.length, json: Readable.from([json]) };
    }
    try {
      // The blob is the output's JSON text: streamed as it is, never parsed nor held whole.
      return { bytes: Number(output.bytes), json: await openJson(this.store, output, `nodes.${nodeId}.output`) };
    } catch (err) {
      if (err instanceof BadValueReferenceError) throw new NotFoundError(err.message);
      throw err;
    }
  }

  private async outputFromHistory(runId: string, nodeId: string): Promise<unknown> {
    const description = await this.client.workflow.getHandle(runId).describe();
    const history = await decodedHistory(this.client, description.workflowId, description.runId);
    const state = stateFromHistory(
      history,
      { workflowId: description.workflowId, workflowType: description.type, status: 'RUNNING' },
      this.client.options.loadedDataConverter.payloadConverter,
    );
    const output = state.nodes[nodeId]?.output;
    if (output === undefined) throw new NotFoundError(`node "${nodeId}" of run "${runId}" has no output`);
    return output;
  }
}

function isTruncated(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { $truncated?: unknown }).$truncated === true;
}
