import { Injectable, Logger } from '@nestjs/common';
import type { Actor } from './actor';
import { parseApiKey, secretMatches } from './api-key-format';
import { ApiKeysStore } from './api-keys.store';

/**
 * How long a key read from the database is trusted without reading it again. A key revoked through another
 * replica (or in the database) is refused within this time; one revoked through this replica at once.
 */
export const KEY_CACHE_MS = 10_000;
/** lastUsedAt is written at most this often per key and replica: a busy key must not mean a write per request. */
const TOUCH_EVERY_MS = 60_000;

interface Cached {
  /** undefined: no active key has this id. */
  key?: { secretHash: string; actor: Actor };
  until: number;
}

export type Verified = { actor: Actor } | { refused: string };

/** Turns the key a request carries into its actor, or says why it is refused. */
@Injectable()
export class KeyVerifier {
  private readonly logger = new Logger('Auth');
  private readonly cache = new Map<string, Cached>();
  private readonly touched = new Map<string, number>();

  constructor(private readonly store: ApiKeysStore) {}

  async verify(presented: string): Promise<Verified> {
    const parsed = parseApiKey(presented);
    if (!parsed) return { refused: 'the API key is malformed (expected weft_<id>_<secret>)' };
    const { key } = await this.lookup(parsed.id);
    if (!key || !secretMatches(parsed.secret, key.secretHash)) {
      return { refused: 'the API key is unknown or revoked' };
    }
    this.touch(parsed.id);
    return { actor: key.actor };
  }

  /** Forgets a key at once (it was revoked through this replica). */
  forget(id: string): void {
    this.cache.delete(id);
  }

  private async lookup(id: string): Promise<Cached> {
    const now = Date.now();
    const cached = this.cache.get(id);
    if (cached && cached.until > now) return cached;
    const row = await this.store.find(id);
    const entry: Cached = {
      until: now + KEY_CACHE_MS,
      key:
        row && !row.revokedAt
          ? { secretHash: row.secretHash, actor: { id: row.id, name: `key:${row.name}`, role: row.role } }
          : undefined,
    };
    if (this.cache.size > 10_000) this.evictExpired(now);
    this.cache.set(id, entry);
    return entry;
  }

  private evictExpired(now: number): void {
    for (const [id, entry] of this.cache) if (entry.until <= now) this.cache.delete(id);
    // Random ids of bad keys could still fill it: start over rather than grow without bound.
    if (this.cache.size > 10_000) this.cache.clear();
  }

  private touch(id: string): void {
    const now = Date.now();
    if (now - (this.touched.get(id) ?? 0) < TOUCH_EVERY_MS) return;
    this.touched.set(id, now);
    this.store.touch(id).catch((err: unknown) => {
      this.touched.delete(id);
      this.logger.warn(`could not record the use of key ${id}: ${(err as Error).message}`);
    });
  }
}
