/** Values as Odoo puts them on the wire (after decoding). `false` means "empty" for most field types. */
export type OdooValue = string | number | boolean | null | bigint | OdooValue[] | { [key: string]: OdooValue };

/** One record as read/search_read return it: field name → raw value. `id` is always there. */
export type OdooRecord = { id: number } & Record<string, OdooValue>;

/** A domain term `[field, operator, value]` or a prefix operator `'&' | '|' | '!'`. */
export type OdooDomainTerm = [string, string, unknown] | '&' | '|' | '!';
export type OdooDomain = OdooDomainTerm[];

/** Context keys sent with a call (`lang`, `tz`, `active_test`, `allowed_company_ids`, …). */
export type OdooContext = Record<string, unknown>;

export type OdooProtocol = 'xmlrpc' | 'jsonrpc' | 'json2';
export type OdooProtocolSetting = OdooProtocol | 'auto';

/** What `version()` tells, normalised across transports. */
export interface OdooServerVersion {
  /** e.g. "17.0", "18.0+e", "saas~18.4" */
  serverVersion: string;
  major: number;
  minor: number;
  /** `server_version_info` as sent, e.g. `[17, 0, 0, "final", 0, ""]`. */
  info: Array<string | number>;
  /** "e" on Enterprise builds, "" on Community, when the server tells. */
  edition: string;
}

/** A many2one as our records carry it. */
export interface OdooRef {
  id: number;
  name: string;
}

export interface SearchOptions {
  offset?: number;
  limit?: number;
  /** SQL-like, e.g. `"write_date asc, id asc"`. */
  order?: string;
}

export interface SearchReadOptions extends SearchOptions {
  fields?: string[];
}

export interface ReadGroupOptions {
  offset?: number;
  limit?: number;
  orderby?: string;
  lazy?: boolean;
}

/** Per-call options every client method accepts. */
export interface OdooCallOptions {
  /** Merged over the client's default context (e.g. `{ lang: 'ar_001' }`). */
  context?: OdooContext;
  /** Overrides ODOO_TIMEOUT_MS for this call. */
  timeoutMs?: number;
  /**
   * Declares a non-read call safe to repeat (the caller guards it, e.g. searched by external
   * reference before creating). Reads are always considered safe.
   */
  idempotent?: boolean;
  /** Serve this read from the short-lived read cache when a fresh entry exists (ms). */
  cacheTtlMs?: number;
  /** Correlation id for the audit row (an order reference, a job id…). */
  correlationId?: string;
  /** Aborts the call (and its retries) when signalled. */
  signal?: AbortSignal;
}
