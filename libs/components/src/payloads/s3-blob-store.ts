import type * as S3 from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import type { BlobStore } from './blob-store';

export interface S3BlobStoreOptions {
  bucket: string;
  /** Prepended to every key, without a trailing slash. */
  prefix: string;
  /** An S3-compatible endpoint (MinIO: `http://minio:9000`), addressed path-style; AWS itself without it. */
  endpoint?: string;
  region: string;
}

/**
 * Blobs in an S3-compatible bucket through the AWS SDK; credentials come from its usual chain
 * (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, a profile, an instance role). The SDK is loaded on first use.
 */
export class S3BlobStore implements BlobStore {
  readonly location: string;
  private client?: Promise<{ s3: S3.S3Client; sdk: typeof S3 }>;

  constructor(private readonly options: S3BlobStoreOptions) {
    this.location = `s3://${options.bucket}${options.prefix ? `/${options.prefix}` : ''}`;
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const { s3, sdk } = await this.connect();
    const put = () =>
      s3.send(new sdk.PutObjectCommand({ Bucket: this.options.bucket, Key: this.keyOf(key), Body: bytes }));
    try {
      await put();
    } catch (err) {
      if ((err as Error).name !== 'NoSuchBucket') throw err;
      // A fresh MinIO has no buckets: the first payload makes it (a race with another process is harmless).
      await s3.send(new sdk.CreateBucketCommand({ Bucket: this.options.bucket })).catch((e: Error) => {
        if (e.name !== 'BucketAlreadyOwnedByYou' && e.name !== 'BucketAlreadyExists') throw e;
      });
      await put();
    }
  }

  async get(key: string): Promise<Uint8Array> {
    const { s3, sdk } = await this.connect();
    const object = await s3.send(new sdk.GetObjectCommand({ Bucket: this.options.bucket, Key: this.keyOf(key) }));
    if (!object.Body) throw new Error(`blob ${key} has no body in ${this.location}`);
    return object.Body.transformToByteArray();
  }

  async open(key: string): Promise<{ bytes: number; stream: Readable }> {
    const { s3, sdk } = await this.connect();
    const object = await s3.send(new sdk.GetObjectCommand({ Bucket: this.options.bucket, Key: this.keyOf(key) }));
    if (!object.Body || object.ContentLength === undefined)
      throw new Error(`blob ${key} has no body in ${this.location}`);
    // In Node the SDK's body is a Readable (an IncomingMessage with the SDK's helpers mixed in).
    const body = object.Body as unknown;
    const stream = body instanceof Readable ? body : Readable.from([await object.Body.transformToByteArray()]);
    return { bytes: object.ContentLength, stream };
  }

  private keyOf(key: string): string {
    return this.options.prefix ? `${this.options.prefix}/${key}` : key;
  }

  private connect() {
    this.client ??= import('@aws-sdk/client-s3').then((sdk) => ({
      sdk,
      s3: new sdk.S3Client({
        region: this.options.region,
        ...(this.options.endpoint && { endpoint: this.options.endpoint, forcePathStyle: true }),
      }),
    }));
    return this.client;
  }
}
