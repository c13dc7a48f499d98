/** Where claim-checked payloads live (docs/claim-check.md): keys are `sha256/<hex>`, values the payload's bytes. */
export interface BlobStore {
  /** Stores bytes under a key; storing the same key again is harmless (keys name their content). */
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** The bytes under a key; rejects when there are none. */
  get(key: string): Promise<Uint8Array>;
  /** Where it is, for logs: `file:///…` or `s3://…`. */
  readonly location: string;
}
