import type { DataConverter } from '@temporalio/common';
import { join } from 'node:path';
import type { BlobStore } from './blob-store';
import { ClaimCheckCodec } from './claim-check-codec';
import { DirectoryBlobStore } from './directory-blob-store';
import { S3BlobStore } from './s3-blob-store';

/** Payloads over this many bytes go to the blob store. */
export const DEFAULT_PAYLOAD_THRESHOLD_BYTES = 128 * 1024;

const REPO_ROOT = join(__dirname, '..', '..', '..', '..');

/**
 * The blob store the environment names (docs/claim-check.md): WEFT_BLOB_STORE `file:///dir` or
 * `s3://bucket/prefix` (with WEFT_S3_ENDPOINT, AWS_REGION), else `$WEFT_DATA_DIR/blobs` (`.data/` of the repo).
 */
export function readBlobStore(env: NodeJS.ProcessEnv = process.env): BlobStore {
  const setting = env.WEFT_BLOB_STORE?.trim();
  if (!setting) return new DirectoryBlobStore(join(env.WEFT_DATA_DIR || join(REPO_ROOT, '.data'), 'blobs'));
  if (setting.startsWith('file://')) {
    const dir = decodeURIComponent(new URL(setting).pathname);
    if (!dir || dir === '/') throw new Error(`WEFT_BLOB_STORE must name a directory, got "${setting}"`);
    return new DirectoryBlobStore(dir);
  }
  const s3 = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*?))?\/?$/.exec(setting);
  if (s3)
    return new S3BlobStore({
      bucket: s3[1],
      prefix: s3[2] ?? '',
      endpoint: env.WEFT_S3_ENDPOINT || undefined,
      region: env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1',
    });
  throw new Error(`WEFT_BLOB_STORE must be file:///dir or s3://bucket[/prefix], got "${setting}"`);
}

/** WEFT_PAYLOAD_THRESHOLD_BYTES (default 131072): payloads over it are claim-checked. */
export function readPayloadThreshold(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.WEFT_PAYLOAD_THRESHOLD_BYTES?.trim();
  if (!raw) return DEFAULT_PAYLOAD_THRESHOLD_BYTES;
  const bytes = Number(raw);
  // Temporal refuses payloads over 2 MB; a threshold past 1 MiB would let some through that then fail.
  if (!/^\d+$/.test(raw) || bytes < 1024 || bytes > 1024 * 1024)
    throw new Error(`WEFT_PAYLOAD_THRESHOLD_BYTES must be an integer from 1024 to 1048576, got "${raw}"`);
  return bytes;
}

/**
 * The data converter of every Weft process that talks to Temporal (worker, API client, webhook worker, tests):
 * the default payload converter with the claim-check codec.
 */
export function weftDataConverter(
  env: NodeJS.ProcessEnv = process.env,
): DataConverter & { payloadCodecs: [ClaimCheckCodec] } {
  return { payloadCodecs: [new ClaimCheckCodec(readBlobStore(env), readPayloadThreshold(env))] };
}
