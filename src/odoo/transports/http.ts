import { Pool, errors as undiciErrors, type Dispatcher } from 'undici';
import { OdooProtocolError, OdooTimeout, OdooUnavailable } from '../odoo.errors';

export interface OdooHttpOptions {
  /** Sockets kept open to Odoo at most (≥ the concurrency cap, so calls never wait for a socket). */
  connections: number;
  keepAliveMs?: number;
  /** Largest response body accepted (a search_read without limit can be large). */
  maxResponseBytes?: number;
  userAgent?: string;
}

export interface OdooHttpResponse {
  status: number;
  contentType: string;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** Network failures that prove the request never left: safe to retry any call. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * Keep-alive HTTP to one Odoo origin over an undici pool. Every call gets a deadline (signal);
 * failures become OdooUnavailable / OdooTimeout telling whether Odoo may have processed the call.
 */
export class OdooHttp {
  // One origin: a Pool directly (an Agent would parse the origin and look the pool up per call).
  private readonly pool: Pool;
  private readonly basePath: string;
  private readonly baseHeaders: Record<string, string>;

  constructor(baseUrl: string, private readonly opts: OdooHttpOptions) {
    const u = new URL(baseUrl);
    this.basePath = u.pathname.replace(/\/+$/, '');
    this.baseHeaders = { 'user-agent': opts.userAgent ?? 'odoo-integration-hub', accept: 'application/json, text/xml' };
    this.pool = new Pool(u.origin, {
      connections: opts.connections,
      keepAliveTimeout: opts.keepAliveMs ?? 30_000,
      keepAliveMaxTimeout: 600_000,
      maxResponseSize: opts.maxResponseBytes ?? 256 * 1024 * 1024,
      connect: { timeout: 10_000 },
    });
  }

  async post(path: string, body: string, headers: Record<string, string>, signal: AbortSignal | undefined, timeoutMs: number): Promise<OdooHttpResponse> {
    return this.send('POST', path, body, headers, signal, timeoutMs);
  }

  async get(path: string, signal: AbortSignal | undefined, timeoutMs: number): Promise<OdooHttpResponse> {
    return this.send('GET', path, undefined, {}, signal, timeoutMs);
  }

  private async send(method: Dispatcher.HttpMethod, path: string, body: string | undefined, headers: Record<string, string>, signal: AbortSignal | undefined, timeoutMs: number): Promise<OdooHttpResponse> {
    try {
      const res = await this.pool.request({
        path: this.basePath + path,
        method,
        body,
        ...(signal ? { signal } : {}),
        headers: { ...this.baseHeaders, ...headers },
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const text = await res.body.text();
      const ct = res.headers['content-type'];
      return { status: res.statusCode, contentType: String(Array.isArray(ct) ? ct[0] : (ct ?? '')), body: text, headers: res.headers };
    } catch (err) {
      throw this.classify(err, signal, timeoutMs);
    }
  }

  private classify(err: unknown, signal: AbortSignal | undefined, timeoutMs: number): Error {
    const e = err as { code?: string; name?: string; message?: string; cause?: { code?: string } };
    const code = e?.code ?? e?.cause?.code;
    if (signal?.aborted) {
      const reason = signal.reason as { name?: string } | undefined;
      // Our own deadline fired: a timeout. Anything else is the caller's abort, passed through.
      if (reason?.name === 'TimeoutError') return new OdooTimeout(timeoutMs, { cause: err });
      return (signal.reason as Error) ?? (err as Error);
    }
    if (err instanceof undiciErrors.HeadersTimeoutError || err instanceof undiciErrors.BodyTimeoutError) return new OdooTimeout(timeoutMs, { cause: err });
    if (err instanceof undiciErrors.ResponseExceededMaxSizeError) {
      return new OdooProtocolError('Odoo\'s answer is larger than the hub accepts; page the read (limit/offset)', { cause: err });
    }
    if (code && NOT_SENT_CODES.has(code)) return new OdooUnavailable(`Odoo is unreachable (${code})`, { cause: err, maybeProcessed: false });
    return new OdooUnavailable(`Connection to Odoo failed (${code ?? e?.name ?? 'error'})`, { cause: err, maybeProcessed: true });
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}

/** Turns a non-success HTTP status from a proxy or Odoo into the right error. */
export function httpStatusError(res: OdooHttpResponse, what: string): Error {
  const s = res.status;
  const retryAfter = Number(res.headers['retry-after']);
  const info = { details: { httpStatus: s }, retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined };
  if (s === 429 || s === 502 || s === 503 || s === 504) {
    // A gateway error may come after Odoo started working on the request (e.g. limit_time_real).
    return new OdooUnavailable(`Odoo answered HTTP ${s} to ${what}`, { ...info, maybeProcessed: s !== 429 && s !== 503 });
  }
  if (s === 404) return new OdooProtocolError(`Odoo has no ${what} endpoint (HTTP 404): check ODOO_URL and ODOO_PROTOCOL`, info);
  if (s === 413) return new OdooProtocolError(`Odoo refused the request as too large (HTTP 413) for ${what}`, info);
  return new OdooProtocolError(`Odoo answered HTTP ${s} to ${what}`, info);
}
