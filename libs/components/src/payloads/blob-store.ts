import type { Readable } from 'node:stream';

/** Where claim-checked payloads live (docs/claim-check.md): keys are `sha256/<hex>`, values the payload's bytes. */
export interface BlobStore {
  /** Stores bytes under a key; storing the same key again is harmless (keys name their content). */
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** The bytes under a key; rejects when there are none. */
  get(key: string): Promise<Uint8Array>;
  /** The bytes under a key as a stream, with their length, without holding them in memory; rejects when there are none. */
  open(key: string): Promise<{ bytes: number; stream: Readable }>;
  /** Where it is, for logs: `file:///…` or `s3://…`. */
  readonly location: string;
}
