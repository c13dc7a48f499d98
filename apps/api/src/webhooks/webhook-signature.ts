import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const SIGNATURE_HEADER = 'Weft-Signature';
/** How old a signature's timestamp may be (either way) before a receiver refuses it as a replay. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** A new subscription secret: 32 random bytes, `whsec_` and hex. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('hex')}`;
}

function hmac(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** The Weft-Signature header value of a body sent at `timestamp` (unix seconds). */
export function signWebhook(secret: string, body: string, timestamp: number): string {
  return `t=${timestamp},v1=${hmac(secret, timestamp, body)}`;
}

/**
 * What a receiver checks: the header is well formed, one of its v1 signatures is the body's (several appear
 * while a secret is rotated, if a sender signs with both), and its timestamp is within the tolerance.
 * Returns undefined when the delivery is authentic, else why not.
 */
export function webhookSignatureRefusal(
  secret: string,
  body: string,
  header: string | undefined,
  { toleranceSeconds = DEFAULT_TOLERANCE_SECONDS, now = Date.now() }: { toleranceSeconds?: number; now?: number } = {},
): string | undefined {
  if (!header) return 'no signature';
  const parts = header.split(',').map((part) => part.trim().split('='));
  const timestamp = Number(parts.find(([key]) => key === 't')?.[1]);
  const signatures = parts.filter(([key]) => key === 'v1').map(([, value]) => value ?? '');
  if (!Number.isInteger(timestamp) || !signatures.length) return 'malformed signature header';
  if (Math.abs(now / 1000 - timestamp) > toleranceSeconds) return 'timestamp outside the tolerance';
  const expected = Buffer.from(hmac(secret, timestamp, body), 'hex');
  const matches = signatures.some((signature) => {
    const given = Buffer.from(signature, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return matches ? undefined : 'signature does not match';
}
