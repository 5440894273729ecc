export type FaultMode =
  /** an HTML 503 from the "proxy" (request not processed) */
  | 'http_503'
  /** an HTML 502 (request may have been processed) */
  | 'http_502'
  /** socket destroyed before processing */
  | 'reset'
  /** the call runs and commits, then the socket is destroyed (the answer is lost) */
  | 'reset_after'
  /** never answers (client timeout) */
  | 'hang'
  /** an unexpected server exception (psycopg2.OperationalError) */
  | 'server_error'
  /** a PostgreSQL serialization failure after Odoo's own retries */
  | 'serialization'
  /** the session/uid is refused once (odoo.http.SessionExpiredException) */
  | 'session_expired';

export interface FaultConfig {
  /** Added to every RPC request (ms), ± jitterMs. */
  latencyMs?: number;
  jitterMs?: number;
  /** Probability (0..1) that a matching call fails with `mode`. */
  failureRate?: number;
  /** The next N matching calls fail with `mode`. */
  failNext?: number;
  /** Every matching call fails with `mode` (default http_503) until cleared. */
  down?: boolean;
  mode?: FaultMode;
  /** Restrict failures (not latency) to one model and/or method (`authenticate`, `version` for common calls). */
  model?: string;
  method?: string;
}

/** Injectable latency and failures, changed at run time over /__sim/faults or in process. */
export class Faults {
  config: FaultConfig = {};

  set(config: FaultConfig): FaultConfig {
    this.config = { ...this.config, ...config };
    return this.config;
  }

  clear(): void {
    this.config = {};
  }

  latency(): number {
    const { latencyMs = 0, jitterMs = 0 } = this.config;
    if (!latencyMs && !jitterMs) return 0;
    return Math.max(0, latencyMs + (jitterMs ? (Math.random() * 2 - 1) * jitterMs : 0));
  }

  /** Whether this call should fail, and how (consumes failNext). */
  decide(model: string | undefined, method: string): FaultMode | undefined {
    const c = this.config;
    if (c.model && c.model !== model) return undefined;
    if (c.method && c.method !== method) return undefined;
    const mode = c.mode ?? 'http_503';
    if (c.down) return mode;
    if (c.failNext && c.failNext > 0) {
      c.failNext--;
      return mode;
    }
    if (c.failureRate && Math.random() < c.failureRate) return mode;
    return undefined;
  }
}
