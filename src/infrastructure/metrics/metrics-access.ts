import { timingSafeEqual } from 'node:crypto';

/** With METRICS_TOKEN set, a scrape must send `Authorization: Bearer <token>`; without it /metrics is open. */
export function metricsAccessAllowed(token: string | undefined, authorization: string | string[] | undefined): boolean {
  if (!token) return true;
  if (typeof authorization !== 'string') return false;
  const given = Buffer.from(authorization.replace(/^bearer\s+/i, '').trim());
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
