import { AppError } from '../../../infrastructure/errors';

/**
 * Cartona failures, classified so callers decide without looking at HTTP:
 * bad token and validation are permanent (retrying cannot help), 429 and 5xx/network transient.
 */
export class CartonaBadToken extends AppError {
  constructor(status: number) {
    super('CARTONA.BAD_TOKEN', 'Cartona rejected the integration token', 'bad_gateway', { system: 'cartona', status });
  }
}
export class CartonaRejected extends AppError {
  constructor(readonly status: number, readonly bodyExcerpt: string, operation: string) {
    super('CARTONA.REJECTED', `Cartona rejected ${operation} (HTTP ${status}): ${bodyExcerpt || 'no details'}`, 'bad_gateway', {
      system: 'cartona', status, body: bodyExcerpt,
    });
  }
}
export class CartonaRateLimited extends AppError {
  constructor(retryAfterSeconds: number) {
    super('CARTONA.RATE_LIMITED', `Cartona asked us to slow down (retry after ${retryAfterSeconds}s)`, 'rate_limited', { system: 'cartona' }, {
      retryAfterSeconds,
    });
  }
}
export class CartonaUnavailable extends AppError {
  constructor(message: string, readonly status?: number, cause?: unknown) {
    super('CARTONA.UNAVAILABLE', message, 'unavailable', { system: 'cartona', ...(status ? { status } : {}) }, { cause, retryAfterSeconds: 30 });
  }
}

const BAD_TOKEN_RE = /invalid credentials|invalid token|unauthori[sz]ed|not authenticated|authorizationtoken/i;

/** Maps a Cartona HTTP answer to an error, or null when it is a success. */
export function classifyCartonaResponse(status: number, bodyText: string, headers: Record<string, string | string[] | undefined>, operation: string): AppError | null {
  if (status >= 200 && status < 300) return null;
  const excerpt = bodyText.replace(/\s+/g, ' ').slice(0, 300);
  if (status === 401 || status === 403) return new CartonaBadToken(status);
  // A bad or missing token answers 400 with "invalid credentials" (reference §1.2).
  if (status === 400 && BAD_TOKEN_RE.test(excerpt)) return new CartonaBadToken(status);
  if (status === 429) return new CartonaRateLimited(retryAfterSeconds(headers['retry-after']));
  if (status >= 500 || status === 408) return new CartonaUnavailable(`Cartona answered HTTP ${status} to ${operation}`, status);
  return new CartonaRejected(status, excerpt, operation);
}

export function retryAfterSeconds(header: string | string[] | undefined, fallback = 5): number {
  const v = Array.isArray(header) ? header[0] : header;
  if (!v) return fallback;
  if (/^\d+(\.\d+)?$/.test(v.trim())) return Math.min(3600, Math.max(0, Math.ceil(Number(v))));
  const at = Date.parse(v);
  return Number.isNaN(at) ? fallback : Math.min(3600, Math.max(0, Math.ceil((at - Date.now()) / 1000)));
}
