import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import type { BlobStore } from './blob-store';

/**
 * Blobs in a local directory that the worker(s) and the API can all reach: `<dir>/sha256/ab/abcdef…`. A blob is
 * written under a temporary name and renamed, so a reader never sees half of one.
 */
export class DirectoryBlobStore implements BlobStore {
  readonly location: string;

  constructor(private readonly dir: string) {
    this.location = `file://${dir}`;
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const path = this.pathOf(key);
    if (await exists(path)) return;
    await mkdir(dirname(path), { recursive: true });
    const partial = `${path}.${randomUUID()}.partial`;
    try {
      await writeFile(partial, bytes);
      await rename(partial, path);
    } finally {
      await rm(partial, { force: true });
    }
  }

  async get(key: string): Promise<Uint8Array> {
    return readFile(this.pathOf(key));
  }

  async open(key: string): Promise<{ bytes: number; stream: Readable }> {
    const file = await open(this.pathOf(key));
    try {
      const { size } = await file.stat();
      return { bytes: size, stream: createReadStream('', { fd: file }) };
    } catch (err) {
      await file.close();
      throw err;
    }
  }

  private pathOf(key: string): string {
    const match = /^sha256\/([0-9a-f]{64})$/.exec(key);
    if (!match) throw new Error(`not a blob key: ${key}`);
    return join(this.dir, 'sha256', match[1].slice(0, 2), match[1]);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
