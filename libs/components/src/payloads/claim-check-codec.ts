import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { createHash } from 'node:crypto';
import type { BlobStore } from './blob-store';

/** The `encoding` of a payload that stands for one kept in the blob store. */
export const CLAIM_CHECK_ENCODING = 'binary/weft-claim-check';

interface ClaimCheck {
  v: 1;
  key: string;
  size: number;
  sha256: string;
}

const text = new TextEncoder();
const utf8 = new TextDecoder();

/**
 * The claim check (docs/claim-check.md): a payload over the threshold goes to the blob store as its protobuf
 * bytes, and the history keeps only a reference to it. Payloads at or under the threshold pass unchanged.
 */
export class ClaimCheckCodec implements PayloadCodec {
  constructor(
    private readonly store: BlobStore,
    readonly thresholdBytes: number,
  ) {}

  encode(payloads: Payload[]): Promise<Payload[]> {
    return Promise.all(payloads.map((payload) => this.encodeOne(payload)));
  }

  decode(payloads: Payload[]): Promise<Payload[]> {
    return Promise.all(payloads.map((payload) => this.decodeOne(payload)));
  }

  private async encodeOne(payload: Payload): Promise<Payload> {
    if (sizeOf(payload) <= this.thresholdBytes) return payload;
    const bytes = temporal.api.common.v1.Payload.encode(payload).finish();
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const check: ClaimCheck = { v: 1, key: `sha256/${sha256}`, size: bytes.length, sha256 };
    await this.store.put(check.key, bytes);
    return { metadata: { encoding: text.encode(CLAIM_CHECK_ENCODING) }, data: text.encode(JSON.stringify(check)) };
  }

  private async decodeOne(payload: Payload): Promise<Payload> {
    const encoding = payload.metadata?.encoding;
    if (!encoding || utf8.decode(encoding) !== CLAIM_CHECK_ENCODING) return payload;
    const check = JSON.parse(utf8.decode(payload.data ?? new Uint8Array())) as ClaimCheck;
    if (check.v !== 1) throw new Error(`claim check version ${String(check.v)} is not known`);
    const bytes = await this.store.get(check.key);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (bytes.length !== check.size || sha256 !== check.sha256)
      throw new Error(`blob ${check.key} in ${this.store.location} does not match its claim check`);
    const { metadata, data } = temporal.api.common.v1.Payload.decode(bytes);
    return { metadata, data };
  }
}

function sizeOf(payload: Payload): number {
  let bytes = payload.data?.length ?? 0;
  for (const [key, value] of Object.entries(payload.metadata ?? {})) bytes += key.length + (value?.length ?? 0);
  return bytes;
}
