const SECRET_KEY = /(pass(word)?|secret|token|api_?key|authorization|cookie|credential)/i;
const URL_CREDENTIALS = /(\b[a-z][a-z0-9+.-]*:\/\/)[^/@\s:]*(:[^/@\s]*)?@/gi;

/**
 * Health output is public: values under secret-looking keys are dropped and credentials inside
 * URLs (`postgres://user:pw@host`) are masked, whatever a dependency's check chose to report.
 */
export function sanitizeHealthDetails(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.replace(URL_CREDENTIALS, '$1***@').slice(0, 500);
  if (value === null || typeof value !== 'object' || depth > 4) return typeof value === 'object' && value !== null ? '[object]' : value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.slice(0, 20).map((v) => sanitizeHealthDetails(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? '***' : sanitizeHealthDetails(v, depth + 1);
  return out;
}
