import { checkWebhookSignature, signWebhook } from './webhook-signature';

describe('webhook signature', () => {
  const secret = 'a-very-secret-shared-key';
  const body = Buffer.from('{"hashed_id":"abc","status":"approved"}');
  const now = 1_790_000_000_000;
  const ts = Math.floor(now / 1000);

  it('accepts a signature over the timestamp and the exact raw body', () => {
    expect(checkWebhookSignature(secret, body, signWebhook(secret, ts, body), String(ts), 300, now)).toBe('ok');
  });

  it('rejects a body changed by one byte', () => {
    const sig = signWebhook(secret, ts, body);
    const tampered = Buffer.from(body.toString().replace('approved', 'approvee'));
    expect(checkWebhookSignature(secret, tampered, sig, String(ts), 300, now)).toBe('mismatch');
  });

  it('rejects a signature made with another secret', () => {
    expect(checkWebhookSignature(secret, body, signWebhook('other-secret', ts, body), String(ts), 300, now)).toBe('mismatch');
  });

  it('rejects a replay outside the window, even with a valid signature', () => {
    const old = ts - 301;
    expect(checkWebhookSignature(secret, body, signWebhook(secret, old, body), String(old), 300, now)).toBe('stale');
  });

  it('rejects a timestamp moved without re-signing', () => {
    const sig = signWebhook(secret, ts - 100, body);
    expect(checkWebhookSignature(secret, body, sig, String(ts), 300, now)).toBe('mismatch');
  });

  it('distinguishes missing and malformed headers', () => {
    expect(checkWebhookSignature(secret, body, undefined, String(ts), 300, now)).toBe('missing');
    expect(checkWebhookSignature(secret, body, 'md5=abc', String(ts), 300, now)).toBe('malformed');
    expect(checkWebhookSignature(secret, body, signWebhook(secret, ts, body), 'yesterday', 300, now)).toBe('malformed');
  });
});
