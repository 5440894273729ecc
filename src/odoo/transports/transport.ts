import type { OdooProtocol, OdooServerVersion } from '../odoo.types';
import type { OdooHttp } from './http';

/** What a transport needs to know about the server and the integration user. */
export interface OdooConnectionSettings {
  /** Base URL, e.g. `https://erp.example.com` (no trailing path). */
  url: string;
  db: string;
  username: string;
  /** Password or API key; the API key wins when both are given. */
  password?: string;
  apiKey?: string;
  /** Sent as User-Agent (Odoo 19 logs it for deprecated endpoints; JSON-2 docs recommend one). */
  userAgent?: string;
}

/** One execute_kw-shaped call. `kwargs.context` carries the context on every transport. */
export interface OdooRpcCall {
  model: string;
  method: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
}

export interface OdooCallControl {
  /**
   * The caller's abort signal, if any. The deadline itself is `timeoutMs`, enforced by the HTTP
   * client's header/body timeouts (an AbortSignal per call halves undici's throughput).
   */
  signal?: AbortSignal;
  /** The uid from authenticate(), for uid-based transports. */
  uid?: number;
  /** Used in timeout messages. */
  timeoutMs: number;
}

/**
 * The one small interface every protocol implements. Transports translate the wire format and
 * faults into values and typed OdooErrors; retries, limits and the breaker live in OdooClient.
 */
export interface OdooTransport {
  readonly protocol: OdooProtocol;
  /** Whether calls need a uid from authenticate() (XML-RPC, JSON-RPC) or carry a bearer key (JSON-2). */
  readonly usesUid: boolean;
  version(ctl: OdooCallControl): Promise<OdooServerVersion>;
  /** Returns the uid; throws OdooAccessDenied on bad credentials. */
  authenticate(ctl: OdooCallControl): Promise<number>;
  execute(call: OdooRpcCall, ctl: OdooCallControl): Promise<unknown>;
}

export interface TransportDeps {
  settings: OdooConnectionSettings;
  http: OdooHttp;
}

export function secretOf(settings: OdooConnectionSettings): string {
  const secret = settings.apiKey ?? settings.password;
  if (!secret) throw new Error('Odoo credentials missing: set ODOO_API_KEY (preferred) or ODOO_PASSWORD');
  return secret;
}

/** Normalises `version()` answers of every transport. */
export function parseServerVersion(raw: { server_version?: unknown; server_version_info?: unknown; version?: unknown; version_info?: unknown }): OdooServerVersion {
  const info = (Array.isArray(raw.server_version_info) ? raw.server_version_info : Array.isArray(raw.version_info) ? raw.version_info : []) as Array<string | number>;
  const serverVersion = String(raw.server_version ?? raw.version ?? info.slice(0, 2).join('.'));
  // "saas~18.4" → 18.4; info[0] may be "saas~18" on SaaS builds.
  const numbers = /(\d+)\.(\d+)/.exec(serverVersion) ?? /(\d+)/.exec(String(info[0] ?? ''));
  const major = Number(numbers?.[1] ?? info[0] ?? 0);
  const minor = Number(numbers?.[2] ?? info[1] ?? 0);
  const last = info[info.length - 1];
  return { serverVersion, major, minor, info, edition: typeof last === 'string' && info.length >= 6 ? last : '' };
}
