import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Our webhook signature scheme (documented in the README):
 *   X-Hub-Timestamp: <unix seconds>
 *   X-Hub-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>
 * Signing the timestamp with the body lets the receiver reject replays outside a time window.
 */
export const SIGNATURE_HEADER = 'x-hub-signature';
export const TIMESTAMP_HEADER = 'x-hub-timestamp';

export function signWebhook(secret: string, timestamp: number, rawBody: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex')}`;
}

export type SignatureCheck = 'ok' | 'missing' | 'malformed' | 'stale' | 'mismatch';

export function checkWebhookSignature(
  secret: string,
  rawBody: Buffer,
  signature: string | undefined,
  timestamp: string | undefined,
  windowSeconds: number,
  nowMs = Date.now(),
): SignatureCheck {
  if (!signature || !timestamp) return 'missing';
  if (!/^\d{9,11}$/.test(timestamp) || !/^sha256=[a-f0-9]{64}$/i.test(signature)) return 'malformed';
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > windowSeconds) return 'stale';
  const expected = Buffer.from(signWebhook(secret, Number(timestamp), rawBody));
  const given = Buffer.from(signature.toLowerCase());
  return expected.length === given.length && timingSafeEqual(expected, given) ? 'ok' : 'mismatch';
}
