import { createHmac } from 'node:crypto';
import { newWebhookSecret, signWebhook, webhookSignatureRefusal } from './webhook-signature';

describe('webhook signatures', () => {
  const secret = 'whsec_test_secret_of_enough_length';
  const body = JSON.stringify({ id: 'run-1:1', type: 'run.started' });
  const now = Date.parse('2026-11-26T12:00:00Z');
  const t = now / 1000;

  it('is an HMAC-SHA256 of "<t>.<body>" in hex, after the timestamp', () => {
    const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    expect(signWebhook(secret, body, t)).toBe(`t=${t},v1=${expected}`);
  });

  it('accepts its own signature within the tolerance', () => {
    expect(webhookSignatureRefusal(secret, body, signWebhook(secret, body, t), { now })).toBeUndefined();
    expect(webhookSignatureRefusal(secret, body, signWebhook(secret, body, t - 299), { now })).toBeUndefined();
  });

  it('refuses a changed body, another secret, or a signature moved to another timestamp', () => {
    const header = signWebhook(secret, body, t);
    expect(webhookSignatureRefusal(secret, `${body} `, header, { now })).toBe('signature does not match');
    expect(webhookSignatureRefusal(`${secret}x`, body, header, { now })).toBe('signature does not match');
    const moved = header.replace(`t=${t}`, `t=${t + 1}`);
    expect(webhookSignatureRefusal(secret, body, moved, { now })).toBe('signature does not match');
  });

  it('refuses a replay: a timestamp older (or newer) than the tolerance, even correctly signed', () => {
    const old = signWebhook(secret, body, t - 301);
    expect(webhookSignatureRefusal(secret, body, old, { now })).toBe('timestamp outside the tolerance');
    expect(webhookSignatureRefusal(secret, body, signWebhook(secret, body, t + 301), { now })).toBe(
      'timestamp outside the tolerance',
    );
    expect(webhookSignatureRefusal(secret, body, old, { now, toleranceSeconds: 600 })).toBeUndefined();
  });

  it('refuses a missing or malformed header', () => {
    expect(webhookSignatureRefusal(secret, body, undefined, { now })).toBe('no signature');
    expect(webhookSignatureRefusal(secret, body, 'v1=abc', { now })).toBe('malformed signature header');
    expect(webhookSignatureRefusal(secret, body, `t=${t}`, { now })).toBe('malformed signature header');
    expect(webhookSignatureRefusal(secret, body, `t=${t},v1=zz`, { now })).toBe('signature does not match');
  });

  it('accepts a header with several v1 signatures when one matches (a rotation)', () => {
    const good = signWebhook(secret, body, t).split(',')[1];
    const other = signWebhook('another-secret-entirely', body, t).split(',')[1];
    expect(webhookSignatureRefusal(secret, body, `t=${t},${other},${good}`, { now })).toBeUndefined();
  });

  it('makes a different 32-byte secret each time', () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[0-9a-f]{64}$/);
    expect(newWebhookSecret()).not.toBe(a);
  });
});
