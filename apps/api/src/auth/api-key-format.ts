import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * An API key reads `weft_<id>_<secret>`: the id (hex) finds the row, the secret (base64url, 256 bits) proves it.
 * Only the secret's sha256 is stored; the key in full is shown once, when it is made.
 */
const KEY_PATTERN = /^weft_([0-9a-f]{8,64})_([A-Za-z0-9_-]{32,256})$/;

export interface ParsedKey {
  id: string;
  secret: string;
}

export function parseApiKey(key: string): ParsedKey | undefined {
  const match = KEY_PATTERN.exec(key.trim());
  return match ? { id: match[1], secret: match[2] } : undefined;
}

export function newApiKey(): ParsedKey & { key: string } {
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { id, secret, key: `weft_${id}_${secret}` };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compares in constant time: how long it takes says nothing about how much of the secret was right. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const given = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

/** What WEFT_BOOTSTRAP_ADMIN_KEY must look like; says how to make one when it does not. */
export const KEY_FORMAT_HINT =
  'weft_<8 to 64 hex characters>_<32 to 256 characters of A-Z a-z 0-9 _ ->, e.g. ' +
  '"weft_$(openssl rand -hex 8)_$(openssl rand -hex 32)"';
