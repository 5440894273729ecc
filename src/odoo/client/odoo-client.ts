import { Logger } from '@nestjs/common';
import { BrokenCircuitError, CircuitState, ConsecutiveBreaker, circuitBreaker, handleWhen, type CircuitBreakerPolicy } from 'cockatiel';
import type { AuditEntry } from '../../infrastructure/audit/audit.service';
import {
  OdooAccessDenied, OdooCircuitOpen, OdooError, OdooOverloaded, OdooServerError, OdooSessionExpired, OdooUnavailable, outcomeOf,
} from '../odoo.errors';
import type {
  OdooCallOptions, OdooContext, OdooDomain, OdooProtocol, OdooProtocolSetting, OdooRecord, OdooRef, OdooServerVersion,
  ReadGroupOptions, SearchOptions, SearchReadOptions,
} from '../odoo.types';
import { OdooHttp } from '../transports/http';
import type { OdooCallControl, OdooConnectionSettings, OdooTransport } from '../transports/transport';
import { resolveTransport } from '../transports/transport.factory';
import { XmlRpcNoneResult } from '../transports/xmlrpc.transport';
import { backoffMs, isReadMethod, isRetryable, returnsNothing } from './call-policy';
import { ConcurrencyLimiter } from './concurrency-limiter';
import { odooBreakerState, odooCallDuration, odooInFlight, odooQueued, odooRetries } from './odoo-metrics';
import { OdooReadCache } from './read-cache';

export interface OdooAuditSink {
  record(entry: AuditEntry): void;
}

export interface OdooClientOptions {
  connection: OdooConnectionSettings;
  protocol: OdooProtocolSetting;
  /** Per-call deadline (ms). */
  timeoutMs: number;
  /** Calls in flight at most. */
  maxConcurrency: number;
  /** Calls allowed to wait for a slot; beyond that they fail fast with OdooOverloaded. */
  maxQueue?: number;
  /** How long a call may wait for a slot (default: timeoutMs). */
  queueTimeoutMs?: number;
  /** Retries of calls safe to repeat. */
  retries: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Consecutive Odoo-down failures that open the breaker, and how long it stays open. */
  breakerFailures?: number;
  breakerHalfOpenAfterMs?: number;
  /** Merged into every call's context (e.g. `{ lang: 'en_US', tz: 'UTC' }`). */
  defaultContext?: OdooContext;
  /** ids per read() call when reading many records. */
  readChunkSize?: number;
  /** How long fields_get / model presence / version answers are reused (ms). */
  schemaTtlMs?: number;
  audit?: OdooAuditSink;
}

export interface OdooClientStats {
  protocol?: OdooProtocol;
  serverVersion?: string;
  breaker: 'closed' | 'open' | 'half-open';
  inFlight: number;
  waiting: number;
  maxInFlightObserved: number;
}

type FieldsGet = Record<string, { type: string; string?: string; relation?: string; required?: boolean; readonly?: boolean; selection?: Array<[string, string]> }>;

const sleep = (ms: number, signal?: AbortSignal) => new Promise<void>((resolve, reject) => {
  const t = setTimeout(resolve, ms);
  signal?.addEventListener('abort', () => { clearTimeout(t); reject(signal.reason); }, { once: true });
});

/**
 * The one way the hub talks to Odoo. `call()` is execute_kw-shaped on every transport; typed
 * helpers cover the ORM. Around each call: protocol detection (once), a concurrency cap, a
 * per-call deadline, re-authentication once on an expired session/uid, retries with jittered
 * backoff only for calls safe to repeat, a circuit breaker, a metric and an audit row.
 */
export class OdooClient {
  private readonly logger = new Logger(OdooClient.name);
  private readonly http: OdooHttp;
  private readonly limiter: ConcurrencyLimiter;
  private readonly breaker: CircuitBreakerPolicy;
  private readonly cache = new OdooReadCache();
  private transport?: OdooTransport;
  private resolving?: Promise<OdooTransport>;
  private version?: { value: OdooServerVersion; at: number };
  private uid?: number;
  private authenticating?: Promise<number>;
  private openedAt = 0;
  private readonly schema = new Map<string, { at: number; value: Promise<unknown> }>();
  private readonly opts: Required<Omit<OdooClientOptions, 'audit' | 'defaultContext'>> & Pick<OdooClientOptions, 'audit' | 'defaultContext'>;

  constructor(options: OdooClientOptions) {
    this.opts = {
      maxQueue: 1000, queueTimeoutMs: options.timeoutMs, retryBaseMs: 200, retryMaxMs: 5000, breakerFailures: 5,
      breakerHalfOpenAfterMs: 15_000, readChunkSize: 500, schemaTtlMs: 600_000, ...options,
    };
    this.http = new OdooHttp(options.connection.url, {
      connections: Math.max(options.maxConcurrency, 1) + 2, userAgent: options.connection.userAgent ?? 'odoo-integration-hub/1.0',
    });
    this.limiter = new ConcurrencyLimiter(options.maxConcurrency, this.opts.maxQueue, this.opts.queueTimeoutMs);
    this.breaker = circuitBreaker(
      handleWhen((err) => err instanceof OdooUnavailable && !(err instanceof OdooOverloaded) && !(err instanceof OdooCircuitOpen)),
      { halfOpenAfter: this.opts.breakerHalfOpenAfterMs, breaker: new ConsecutiveBreaker(this.opts.breakerFailures) },
    );
    this.breaker.onBreak(() => {
      this.openedAt = Date.now();
      odooBreakerState.set(2);
      this.logger.warn({ halfOpenAfterMs: this.opts.breakerHalfOpenAfterMs }, 'Odoo circuit breaker opened');
    });
    this.breaker.onHalfOpen(() => odooBreakerState.set(1));
    this.breaker.onReset(() => {
      odooBreakerState.set(0);
      this.logger.log('Odoo circuit breaker closed');
    });
  }

  // ---------------------------------------------------------------- the one call interface

  /** execute_kw(model, method, args, kwargs) on whichever transport is configured. */
  async call<T = unknown>(model: string, method: string, args: unknown[] = [], kwargs: Record<string, unknown> = {}, opts: OdooCallOptions = {}): Promise<T> {
    const started = performance.now();
    const safe = isReadMethod(method) || opts.idempotent === true;
    const fullKwargs = this.withContext(kwargs, opts.context);
    const cacheKey = opts.cacheTtlMs && isReadMethod(method) ? `${model}|${method}|${JSON.stringify(args)}|${JSON.stringify(fullKwargs)}` : undefined;
    if (cacheKey) {
      const hit = this.cache.get(cacheKey);
      if (hit.hit) return hit.value as T;
    }
    let attempts = 0;
    let reauthenticated = false;
    for (;;) {
      attempts++;
      let authFailed = false;
      try {
        const result = await this.attempt(model, method, args, fullKwargs, opts, () => { authFailed = true; });
        this.finish(model, method, 'ok', started, attempts, opts);
        if (cacheKey) this.cache.set(cacheKey, model, result, opts.cacheTtlMs!);
        else if (!isReadMethod(method)) this.cache.invalidateModel(model);
        return result as T;
      } catch (err) {
        if (err instanceof XmlRpcNoneResult && returnsNothing(model, method)) {
          this.finish(model, method, 'ok', started, attempts, opts);
          this.cache.invalidateModel(model);
          return null as T;
        }
        // A stale session/uid is rejected before the method runs: re-authenticating once and
        // repeating is safe even for writes.
        const staleAuth = err instanceof OdooSessionExpired || (err instanceof OdooAccessDenied && !authFailed && this.transport?.usesUid);
        if (staleAuth && !reauthenticated) {
          reauthenticated = true;
          this.uid = undefined;
          this.logger.warn({ model, method }, 'Odoo session/uid rejected; re-authenticating once');
          continue;
        }
        if (isRetryable(err, safe) && attempts <= this.opts.retries && !opts.signal?.aborted) {
          odooRetries.labels(model, method).inc();
          await sleep(backoffMs(attempts - 1, this.opts.retryBaseMs, this.opts.retryMaxMs), opts.signal);
          continue;
        }
        this.finish(model, method, outcomeOf(err), started, attempts, opts, err);
        throw err;
      }
    }
  }

  private async attempt(
    model: string, method: string, args: unknown[], kwargs: Record<string, unknown>, opts: OdooCallOptions, onAuthFailure: () => void,
  ): Promise<unknown> {
    try {
      return await this.breaker.execute(() => this.limiter.run(async () => {
        this.gauges();
        try {
          const transport = await this.getTransport(opts.signal);
          let uid: number | undefined;
          if (transport.usesUid) {
            try {
              uid = await this.ensureUid(transport, opts.signal);
            } catch (err) {
              onAuthFailure();
              throw err;
            }
          }
          const timeoutMs = opts.timeoutMs ?? this.opts.timeoutMs;
          return await transport.execute({ model, method, args, kwargs }, { signal: opts.signal, uid, timeoutMs });
        } finally {
          queueMicrotask(() => this.gauges());
        }
      }));
    } catch (err) {
      if (err instanceof BrokenCircuitError) {
        const left = this.openedAt + this.opts.breakerHalfOpenAfterMs - Date.now();
        throw new OdooCircuitOpen(Math.max(1, Math.ceil(left / 1000)));
      }
      throw err;
    }
  }

  private gauges(): void {
    odooInFlight.set(this.limiter.inFlight);
    odooQueued.set(this.limiter.waiting);
  }

  private control(signal?: AbortSignal, timeoutMs = this.opts.timeoutMs): OdooCallControl {
    return { signal, timeoutMs, uid: this.uid };
  }

  private withContext(kwargs: Record<string, unknown>, context?: OdooContext): Record<string, unknown> {
    const base = this.opts.defaultContext;
    const own = kwargs.context as OdooContext | undefined;
    if (!base && !context && !own) return kwargs;
    return { ...kwargs, context: { ...base, ...context, ...own } };
  }

  private finish(model: string, method: string, outcome: string, started: number, attempts: number, opts: OdooCallOptions, err?: unknown): void {
    const seconds = (performance.now() - started) / 1000;
    odooCallDuration.labels(model, method, outcome).observe(seconds);
    if (err instanceof OdooServerError) {
      // The traceback is for operators only.
      this.logger.error({ model, method, odoo: err.summary, debug: err.debug?.slice(-4000) }, 'Odoo raised an unexpected error');
    } else if (err && !(err instanceof OdooError)) {
      this.logger.error({ model, method, err }, 'Odoo call failed');
    }
    this.opts.audit?.record({
      system: 'odoo',
      direction: 'outbound',
      operation: `${model}.${method}`,
      status: err ? 'error' : 'ok',
      correlationId: opts.correlationId,
      durationMs: seconds * 1000,
      error: err ? (err instanceof OdooServerError ? err.summary : (err as Error).message) : undefined,
      details: { protocol: this.transport?.protocol ?? 'unresolved', outcome, ...(attempts > 1 ? { attempts } : {}) },
    });
  }

  // ---------------------------------------------------------------- transport, auth, version

  private getTransport(signal?: AbortSignal): Promise<OdooTransport> {
    if (this.transport) return Promise.resolve(this.transport);
    this.resolving ??= resolveTransport(this.opts.protocol, { settings: this.opts.connection, http: this.http }, this.control(signal))
      .then((r) => {
        this.transport = r.transport;
        this.version = { value: r.version, at: Date.now() };
        this.logger.log({ protocol: r.transport.protocol, serverVersion: r.version.serverVersion }, `Odoo transport: ${r.reason}`);
        return r.transport;
      })
      .finally(() => { this.resolving = undefined; });
    return this.resolving;
  }

  private ensureUid(transport: OdooTransport, signal?: AbortSignal): Promise<number> {
    if (this.uid !== undefined) return Promise.resolve(this.uid);
    this.authenticating ??= (async () => {
      const started = performance.now();
      try {
        const uid = await transport.authenticate(this.control(signal));
        this.uid = uid;
        this.finish('common', 'authenticate', 'ok', started, 1, {});
        return uid;
      } catch (err) {
        this.finish('common', 'authenticate', outcomeOf(err), started, 1, {}, err);
        throw err;
      }
    })().finally(() => { this.authenticating = undefined; });
    return this.authenticating;
  }

  /** The server's version (cached; detected with the protocol). */
  async serverVersion(signal?: AbortSignal): Promise<OdooServerVersion> {
    if (this.version && Date.now() - this.version.at < this.opts.schemaTtlMs) return this.version.value;
    const transport = await this.breakerGuard(() => this.getTransport(signal));
    if (this.version && Date.now() - this.version.at < this.opts.schemaTtlMs) return this.version.value;
    const value = await this.breakerGuard(() => this.limiter.run(() => transport.version(this.control(signal))));
    this.version = { value, at: Date.now() };
    return value;
  }

  private async breakerGuard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await this.breaker.execute(fn);
    } catch (err) {
      if (err instanceof BrokenCircuitError) {
        throw new OdooCircuitOpen(Math.max(1, Math.ceil((this.openedAt + this.opts.breakerHalfOpenAfterMs - Date.now()) / 1000)));
      }
      throw err;
    }
  }

  /** A cheap liveness probe for /health/ready: version() straight on the transport, no retries. */
  async probe(timeoutMs = 3000): Promise<{ latencyMs: number; version: OdooServerVersion }> {
    const started = performance.now();
    const transport = await this.getTransport();
    const version = await transport.version(this.control(undefined, timeoutMs));
    this.version = { value: version, at: Date.now() };
    return { latencyMs: Math.round(performance.now() - started), version };
  }

  /** The uid of the integration user. */
  async currentUid(): Promise<number> {
    const transport = await this.getTransport();
    if (transport.usesUid) return this.ensureUid(transport);
    this.uid ??= await transport.authenticate(this.control());
    return this.uid;
  }

  get protocol(): OdooProtocol | undefined {
    return this.transport?.protocol;
  }

  stats(): OdooClientStats {
    const s = this.breaker.state;
    return {
      protocol: this.transport?.protocol,
      serverVersion: this.version?.value.serverVersion,
      breaker: s === CircuitState.Open || s === CircuitState.Isolated ? 'open' : s === CircuitState.HalfOpen ? 'half-open' : 'closed',
      inFlight: this.limiter.inFlight,
      waiting: this.limiter.waiting,
      maxInFlightObserved: this.limiter.maxObserved,
    };
  }

  /** Seconds until the open breaker lets a trial call through (0 when closed). */
  breakerRetryAfterSeconds(): number {
    if (this.stats().breaker !== 'open') return 0;
    return Math.max(1, Math.ceil((this.openedAt + this.opts.breakerHalfOpenAfterMs - Date.now()) / 1000));
  }

  /** Drops cached reads of a model (called on writes and on change hints). */
  invalidate(model?: string): void {
    if (model) this.cache.invalidateModel(model);
    else this.cache.clear();
  }

  async close(): Promise<void> {
    await this.http.close();
  }

  // ---------------------------------------------------------------- ORM helpers

  private splitOptions<T extends object>(o: T & OdooCallOptions): { call: OdooCallOptions; rest: Omit<T, keyof OdooCallOptions> } {
    const { context, timeoutMs, idempotent, cacheTtlMs, correlationId, signal, ...rest } = o;
    return { call: { context, timeoutMs, idempotent, cacheTtlMs, correlationId, signal }, rest };
  }

  private static searchKwargs(o: SearchOptions & { fields?: string[] }): Record<string, unknown> {
    const kw: Record<string, unknown> = {};
    if (o.fields) kw.fields = o.fields;
    if (o.offset) kw.offset = o.offset;
    if (o.limit !== undefined && o.limit !== null) kw.limit = o.limit;
    if (o.order) kw.order = o.order;
    return kw;
  }

  search(model: string, domain: OdooDomain = [], options: SearchOptions & OdooCallOptions = {}): Promise<number[]> {
    const { call, rest } = this.splitOptions(options);
    return this.call<number[]>(model, 'search', [domain], OdooClient.searchKwargs(rest), call);
  }

  searchRead<T extends OdooRecord = OdooRecord>(model: string, domain: OdooDomain = [], options: SearchReadOptions & OdooCallOptions = {}): Promise<T[]> {
    const { call, rest } = this.splitOptions(options);
    return this.call<T[]>(model, 'search_read', [domain], OdooClient.searchKwargs(rest), call);
  }

  searchCount(model: string, domain: OdooDomain = [], options: OdooCallOptions = {}): Promise<number> {
    return this.call<number>(model, 'search_count', [domain], {}, options);
  }

  /** read() by ids in chunks (missing ids raise OdooMissingRecord); results in the order asked. */
  async read<T extends OdooRecord = OdooRecord>(model: string, ids: number[], fields: string[], options: OdooCallOptions = {}): Promise<T[]> {
    if (!ids.length) return [];
    const chunks: number[][] = [];
    for (let i = 0; i < ids.length; i += this.opts.readChunkSize) chunks.push(ids.slice(i, i + this.opts.readChunkSize));
    const parts = await Promise.all(chunks.map((c) => this.call<T[]>(model, 'read', [c], { fields }, options)));
    return parts.flat();
  }

  create(model: string, values: Record<string, unknown>, options?: OdooCallOptions): Promise<number>;
  create(model: string, values: Record<string, unknown>[], options?: OdooCallOptions): Promise<number[]>;
  async create(model: string, values: Record<string, unknown> | Record<string, unknown>[], options: OdooCallOptions = {}): Promise<number | number[]> {
    const result = await this.call<number | number[]>(model, 'create', [values], {}, options);
    if (Array.isArray(values)) return Array.isArray(result) ? result : [result];
    return Array.isArray(result) ? result[0] : result;
  }

  async write(model: string, ids: number[], values: Record<string, unknown>, options: OdooCallOptions = {}): Promise<boolean> {
    if (!ids.length) return true;
    return Boolean(await this.call(model, 'write', [ids, values], {}, options));
  }

  async unlink(model: string, ids: number[], options: OdooCallOptions = {}): Promise<boolean> {
    if (!ids.length) return true;
    return Boolean(await this.call(model, 'unlink', [ids], {}, options));
  }

  /** Calls a record method (action_confirm, action_post, message_post…) on ids. */
  callMethod<T = unknown>(model: string, method: string, ids: number[], kwargs: Record<string, unknown> = {}, options: OdooCallOptions = {}): Promise<T> {
    return this.call<T>(model, method, [ids], kwargs, options);
  }

  /** Calls an @api.model method with named arguments. */
  callModelMethod<T = unknown>(model: string, method: string, kwargs: Record<string, unknown> = {}, options: OdooCallOptions = {}): Promise<T> {
    return this.call<T>(model, method, [], kwargs, options);
  }

  /** Legacy read_group (17/18; still served on 19). `fields` like `['amount_total:sum']`. */
  readGroup<T = Record<string, unknown>>(model: string, domain: OdooDomain, fields: string[], groupby: string[], options: ReadGroupOptions & OdooCallOptions = {}): Promise<T[]> {
    const { call, rest } = this.splitOptions(options);
    const kw: Record<string, unknown> = { lazy: rest.lazy ?? true };
    if (rest.offset) kw.offset = rest.offset;
    if (rest.limit) kw.limit = rest.limit;
    if (rest.orderby) kw.orderby = rest.orderby;
    return this.call<T[]>(model, 'read_group', [domain, fields, groupby], kw, call);
  }

  /** `[{ id, name }]` matching `name` (positional arguments: `args` on 17/18, `domain` on 19). */
  async nameSearch(model: string, name: string, options: { domain?: OdooDomain; operator?: string; limit?: number } & OdooCallOptions = {}): Promise<OdooRef[]> {
    const { call, rest } = this.splitOptions(options);
    const rows = await this.call<Array<[number, string]>>(model, 'name_search', [name, rest.domain ?? [], rest.operator ?? 'ilike', rest.limit ?? 100], {}, call);
    return rows.map(([id, n]) => ({ id, name: n }));
  }

  /** fields_get, cached per model and attribute set for schemaTtlMs. */
  fieldsGet(model: string, attributes: string[] = ['string', 'type', 'relation', 'required', 'readonly', 'selection'], options: OdooCallOptions = {}): Promise<FieldsGet> {
    return this.cached(`fields_get:${model}:${attributes.join(',')}`, () =>
      this.call<FieldsGet>(model, 'fields_get', [], { attributes }, options));
  }

  /** Field names of a model (cached). */
  async fieldNames(model: string): Promise<Set<string>> {
    return new Set(Object.keys(await this.fieldsGet(model, ['type'])));
  }

  async hasField(model: string, field: string): Promise<boolean> {
    return (await this.fieldNames(model)).has(field);
  }

  /** Whether a model exists (its module is installed), through ir.model; cached. */
  async hasModel(model: string): Promise<boolean> {
    return this.cached(`model:${model}`, async () => (await this.searchCount('ir.model', [['model', '=', model]])) > 0);
  }

  private cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.schema.get(key);
    if (hit && Date.now() - hit.at < this.opts.schemaTtlMs) return hit.value as Promise<T>;
    const value = load();
    this.schema.set(key, { at: Date.now(), value });
    // A failure is not cached.
    value.catch(() => { if (this.schema.get(key)?.value === value) this.schema.delete(key); });
    return value;
  }

  /** Drops cached schema answers (fields_get, model presence), e.g. after installing a module. */
  forgetSchema(): void {
    this.schema.clear();
    this.version = undefined;
  }
}
