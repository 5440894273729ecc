import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { Agent, request, errors as undiciErrors } from 'undici';
import { AuditService } from '../../../infrastructure/audit';
import { AppError } from '../../../infrastructure/errors';
import { classifyCartonaResponse, CartonaUnavailable } from './cartona-api.errors';
import { CartonaClientFactory, type CartonaClient, type CartonaConnection } from './cartona-api.port';
import {
  listFromBody, parseProductRow, type CartonaBulkResult, type CartonaOrderDetailsUpdate, type CartonaProductQuery,
  type CartonaProductRow, type CartonaProductUpdate, type CartonaPullQuery, type CartonaStatusUpdate,
} from './cartona-api.types';

export const CARTONA_AUTH_HEADER = 'AuthorizationToken';
const USER_AGENT = 'odoo-integration-hub/cartona-sync';

const calls = new Counter({
  name: 'hub_cartona_api_calls_total', help: 'Calls to the Cartona supplier API', labelNames: ['operation', 'outcome'],
});
const duration = new Histogram({
  name: 'hub_cartona_api_call_duration_seconds', help: 'Cartona API call duration', labelNames: ['operation'],
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
});

interface CallSpec {
  method: 'GET' | 'POST';
  path: string;
  operation: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  correlationId?: string;
  items?: number;
}

/**
 * The Cartona supplier-integrations API over undici with keep-alive. The raw token goes in the
 * `AuthorizationToken` header (no `Bearer`, reference §1.2); answers are classified into typed
 * errors; every call gets a metric and an audit row without the token or the payload.
 */
@Injectable()
export class CartonaHttpClientFactory extends CartonaClientFactory implements OnModuleDestroy {
  private readonly logger = new Logger(CartonaHttpClientFactory.name);
  private readonly agent = new Agent({ keepAliveTimeout: 30_000, connections: 16, pipelining: 1 });

  constructor(private readonly audit: AuditService) {
    super();
  }

  for(connection: CartonaConnection): CartonaClient {
    const call = <T>(spec: CallSpec, parse: (body: unknown, status: number) => T) => this.call(connection, spec, parse);
    const withCode = <T extends object>(item: T): T =>
      connection.supplierCode ? { supplier_code: connection.supplierCode, ...item } : item;
    const bulk = (body: unknown, status: number): CartonaBulkResult => ({ status, items: listFromBody(body) });
    return {
      listProducts: (q: CartonaProductQuery = {}) =>
        call({
          method: 'GET', path: 'supplier-product', operation: 'supplier-product.list',
          query: {
            page: q.page ?? 1, per_page: q.perPage ?? 100, internal_product_id: q.internalProductId,
            supplier_product_id: q.supplierProductId, base_product_id: q.baseProductId, search_token: q.searchToken,
            internal_supplier_code: connection.supplierCode ?? undefined,
          },
        }, (body) => listFromBody(body).map(parseProductRow).filter((r): r is CartonaProductRow => r !== null)),
      bulkUpdateProducts: (items: CartonaProductUpdate[]) =>
        call({ method: 'POST', path: 'supplier-product/bulk-update', operation: 'supplier-product.bulk-update', body: items.map(withCode), items: items.length }, bulk),
      pullOrders: (q: CartonaPullQuery = {}) =>
        call({
          method: 'GET', path: 'order/pull-orders', operation: 'order.pull-orders',
          query: { page: q.page, per_page: q.perPage, from: q.from, to: q.to, internal_supplier_code: connection.supplierCode ?? undefined },
        }, (body) => listFromBody(body)),
      updateOrderStatus: async (u: CartonaStatusUpdate) => {
        await call({
          method: 'POST', path: `order/update-order-status/${encodeURIComponent(u.hashed_id)}`, operation: `order.update-order-status:${u.status}`,
          body: u, correlationId: u.hashed_id,
        }, () => undefined);
      },
      bulkUpdateOrderStatus: (u: CartonaStatusUpdate[]) =>
        call({ method: 'POST', path: 'order/update-order-status', operation: 'order.update-order-status.bulk', body: u, items: u.length }, bulk),
      updateOrderDetails: (u: CartonaOrderDetailsUpdate[]) =>
        call({
          method: 'POST', path: 'order/update-order-details', operation: 'order.update-order-details', body: u, items: u.length,
          correlationId: u.length === 1 ? u[0].hashed_id : undefined,
        }, bulk),
    };
  }

  private async call<T>(conn: CartonaConnection, spec: CallSpec, parse: (body: unknown, status: number) => T): Promise<T> {
    const url = new URL(spec.path, conn.baseUrl.endsWith('/') ? conn.baseUrl : `${conn.baseUrl}/`);
    for (const [k, v] of Object.entries(spec.query ?? {})) if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
    const started = performance.now();
    const end = duration.startTimer({ operation: spec.operation });
    let status = 0;
    try {
      const res = await request(url, {
        method: spec.method,
        dispatcher: this.agent,
        headers: {
          [CARTONA_AUTH_HEADER]: conn.token,
          accept: 'application/json',
          'user-agent': USER_AGENT,
          ...(spec.body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: spec.body !== undefined ? JSON.stringify(spec.body) : undefined,
        headersTimeout: conn.timeoutMs,
        bodyTimeout: conn.timeoutMs,
        signal: AbortSignal.timeout(conn.timeoutMs),
      });
      status = res.statusCode;
      const text = await res.body.text();
      const failure = classifyCartonaResponse(status, text, res.headers, spec.operation);
      if (failure) throw failure;
      const body = parseJson(text);
      const result = parse(body, status);
      this.record(conn, spec, 'ok', started, status);
      calls.inc({ operation: spec.operation, outcome: 'ok' });
      return result;
    } catch (err) {
      const error = err instanceof AppError ? err : toTransportError(err, spec.operation);
      this.record(conn, spec, 'error', started, status, error);
      calls.inc({ operation: spec.operation, outcome: error.code });
      this.logger.warn({ account: conn.accountId, operation: spec.operation, status, code: error.code }, 'cartona call failed');
      throw error;
    } finally {
      end();
    }
  }

  private record(conn: CartonaConnection, spec: CallSpec, status: 'ok' | 'error', started: number, httpStatus: number, err?: AppError): void {
    this.audit.record({
      system: 'cartona',
      direction: 'outbound',
      operation: spec.operation,
      status,
      correlationId: spec.correlationId ?? conn.accountId,
      durationMs: performance.now() - started,
      error: err ? `${err.code}: ${err.message}` : undefined,
      details: { accountId: conn.accountId, operation: spec.operation, httpStatus, ...(spec.items !== undefined ? { items: spec.items } : {}) },
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.agent.close().catch(() => undefined);
  }
}

function parseJson(text: string): unknown {
  if (!text.trim()) return [];
  try {
    return JSON.parse(text);
  } catch {
    // Some Cartona endpoints answer plain text on success (reference §1.6); keep it as such.
    return text;
  }
}

function toTransportError(err: unknown, operation: string): AppError {
  const e = err as { name?: string; code?: string; message?: string };
  if (err instanceof undiciErrors.HeadersTimeoutError || err instanceof undiciErrors.BodyTimeoutError || e?.name === 'TimeoutError' || e?.name === 'AbortError') {
    return new CartonaUnavailable(`Cartona timed out on ${operation}`, undefined, err);
  }
  return new CartonaUnavailable(`Cartona unreachable on ${operation}: ${e?.code ?? e?.message ?? 'network error'}`, undefined, err);
}
