import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CartonaState, RuleViolation, type SimAccount, type SimOrder, type SimOrderState, type SimProduct } from './cartona-state';

/**
 * A protocol-faithful Cartona supplier-integrations API (reference cartona-api.md):
 * `AuthorizationToken` header (a bad or missing token answers 400 "invalid credentials"),
 * `/api/v1/` paths as Cartona's production module uses them, bulk calls answering 200 even when
 * items fail, orders reappearing in `pull-orders` until acknowledged with `synced`, the OTP rule,
 * cancellation reasons. Faults (429, 5xx, latency, silently failing items) are injectable; every
 * call is recorded for tests to assert on.
 */
export interface RecordedCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  status: number;
  /** The token the call carried (tests check the header; never printed by the simulator). */
  token: string | undefined;
  at: number;
}

export interface FaultSpec {
  /** Substring or pattern of the path (after /api/v1/) the fault applies to; all paths if omitted. */
  path?: string | RegExp;
  method?: 'GET' | 'POST';
  status: number;
  /** How many matching calls fail; Infinity for "until cleared". */
  times?: number;
  retryAfterSeconds?: number;
  body?: unknown;
}

export interface CartonaSimulatorOptions {
  port?: number;
  /** Tokens accepted, one supplier account each. */
  tokens?: string[];
  latencyMs?: number;
  /** `doc`: product rows use the doc's misspelled keys (`suppler_prodcut_id`); `id`: the dev script's `id`. */
  productKeyStyle?: 'doc' | 'id';
  /** Whether pull-orders honours `page`/`per_page` (unverified on the real API, reference §1.4). */
  honourPullPaging?: boolean;
  /** Max orders one pull returns when paging is not honoured. */
  pullLimit?: number;
}

export interface CartonaSimulator {
  /** Base URL including `/api/v1/`, as CARTONA_API_URL takes it. */
  url: string;
  state: CartonaState;
  calls: RecordedCall[];
  account(token: string): SimAccount;
  seedProducts(token: string, rows: Array<Partial<SimProduct>>): SimProduct[];
  product(token: string, by: { supplierProductId?: string; internalProductId?: string }): SimProduct | undefined;
  addOrder(token: string, order: SimOrder, opts?: { retailerOtp?: string | null }): SimOrderState;
  order(token: string, hashedId: string): SimOrderState | undefined;
  /** A retailer (or Cartona admin) change: the order reappears in pull-orders. */
  retailerUpdate(token: string, hashedId: string, change: (o: SimOrder) => void, by?: 'retailer' | 'admin'): void;
  injectFault(fault: FaultSpec): void;
  clearFaults(): void;
  setLatency(ms: number): void;
  /** Bulk product updates for which `predicate` is true are dropped silently (still 200). */
  silentlyFailProducts(predicate: ((item: Record<string, unknown>) => boolean) | null): void;
  callsTo(pathPart: string | RegExp, method?: string): RecordedCall[];
  resetCalls(): void;
  close(): Promise<void>;
}

interface ActiveFault extends FaultSpec { remaining: number }

export async function startCartonaSimulator(opts: CartonaSimulatorOptions = {}): Promise<CartonaSimulator> {
  const state = new CartonaState();
  for (const t of opts.tokens ?? ['sim-token']) state.addAccount(t);
  const calls: RecordedCall[] = [];
  let faults: ActiveFault[] = [];
  let latencyMs = opts.latencyMs ?? 0;
  let silentFail: ((item: Record<string, unknown>) => boolean) | null = null;
  const keyStyle = opts.productKeyStyle ?? 'doc';
  const honourPaging = opts.honourPullPaging ?? true;

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((err) => {
      send(res, 500, { error: 'simulator error', message: String(err) });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim');
    const raw = await readBody(req);
    const token = typeof req.headers.authorizationtoken === 'string' ? req.headers.authorizationtoken : undefined;
    let body: unknown = undefined;
    const record = (status: number) =>
      calls.push({
        method: req.method ?? 'GET', path: url.pathname.replace(/^\/api\/v1\//, ''), query: Object.fromEntries(url.searchParams),
        body, status, token, at: Date.now(),
      });
    if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
    if (!url.pathname.startsWith('/api/v1/')) {
      record(404);
      return send(res, 404, { error: 'not found' });
    }
    const path = url.pathname.slice('/api/v1/'.length).replace(/\/$/, '');
    if (raw.length) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        record(400);
        return send(res, 400, { error: 'malformed JSON body' });
      }
    }
    const account = token ? state.accounts.get(token) : undefined;
    if (!account) {
      record(400);
      return send(res, 400, { error: 'invalid credentials' });
    }
    const fault = faults.find((f) => f.remaining > 0 && (!f.method || f.method === req.method) &&
      (!f.path || (typeof f.path === 'string' ? path.includes(f.path) : f.path.test(path))));
    if (fault) {
      fault.remaining--;
      record(fault.status);
      const headers: Record<string, string> = fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {};
      return send(res, fault.status, fault.body ?? { error: fault.status === 429 ? 'too many requests' : 'server error' }, headers);
    }
    const result = route(account, req.method ?? 'GET', path, url.searchParams, body);
    record(result.status);
    send(res, result.status, result.body);
  }

  function route(account: SimAccount, method: string, path: string, q: URLSearchParams, body: unknown): { status: number; body: unknown } {
    const page = Math.max(1, Number(q.get('page') ?? 1) || 1);
    const perPage = Math.min(1000, Math.max(1, Number(q.get('per_page') ?? 100) || 100));
    if (method === 'GET' && path === 'supplier-product') {
      let rows = [...account.products.values()];
      const ipid = q.get('internal_product_id');
      const spid = q.get('supplier_product_id');
      const bpid = q.get('base_product_id');
      const search = q.get('search_token');
      if (ipid) rows = rows.filter((r) => r.internal_product_id === ipid);
      if (spid) rows = rows.filter((r) => r.id === spid);
      if (bpid) rows = rows.filter((r) => r.base_product_id === bpid);
      if (search) rows = rows.filter((r) => r.supplier_product_name.includes(search) || r.base_product_name.includes(search));
      return { status: 200, body: rows.slice((page - 1) * perPage, page * perPage).map(productView) };
    }
    if (method === 'POST' && path === 'supplier-product/bulk-update') {
      if (!Array.isArray(body)) return { status: 422, body: { error: 'body must be an array of products' } };
      for (const item of body) {
        if (silentFail && typeof item === 'object' && item && silentFail(item as Record<string, unknown>)) continue;
        state.applyProductUpdate(account, item);
      }
      return { status: 200, body: [] };
    }
    if (method === 'GET' && path === 'order/pull-orders') {
      const pending = state.pending(account).map((o) => o.order);
      const slice = honourPaging ? pending.slice((page - 1) * perPage, page * perPage) : pending.slice(0, opts.pullLimit ?? 100);
      return { status: 200, body: structuredClone(slice) };
    }
    if (method === 'POST' && path === 'order/update-order-status') {
      if (!Array.isArray(body)) return { status: 422, body: { error: 'body must be an array' } };
      for (const item of body) {
        try {
          state.applyStatus(account, item);
        } catch (e) {
          if (!(e instanceof RuleViolation)) throw e; // bulk: per-item failures are not reported
        }
      }
      return { status: 200, body: [] };
    }
    const single = /^order\/update-order-status\/([^/]+)$/.exec(path);
    if (method === 'POST' && single) {
      try {
        const b = typeof body === 'object' && body !== null && !Array.isArray(body) ? { ...body, hashed_id: decodeURIComponent(single[1]) } : body;
        state.applyStatus(account, b);
        return { status: 200, body: { success: true } };
      } catch (e) {
        if (e instanceof RuleViolation) return { status: e.status, body: { error: e.message } };
        throw e;
      }
    }
    if (method === 'POST' && path === 'order/update-order-details') {
      if (!Array.isArray(body)) return { status: 422, body: { error: 'body must be an array' } };
      for (const item of body) {
        try {
          state.applyDetails(account, item);
        } catch (e) {
          if (!(e instanceof RuleViolation)) throw e;
        }
      }
      return { status: 200, body: [] };
    }
    return { status: 404, body: { error: `no route ${method} ${path}` } };
  }

  function productView(p: SimProduct): Record<string, unknown> {
    const idKey = keyStyle === 'doc' ? 'suppler_prodcut_id' : 'id';
    const nameKey = keyStyle === 'doc' ? 'suppler_prodcut_name' : 'supplier_product_name';
    return {
      [idKey]: p.id, internal_product_id: p.internal_product_id, base_product_id: p.base_product_id, unit: p.unit, unit_count: p.unit_count,
      base_product_name: p.base_product_name, [nameKey]: p.supplier_product_name, image_thumbnail: null, median_price: p.selling_price,
      tax_percentage: 0, selling_price: p.selling_price, available_stock_quantity: p.available_stock_quantity, remind_me_at_stock: p.remind_me_at_stock,
      max_order: p.max_order, min_order: p.min_order, in_stock: p.in_stock, is_bundle: false, is_published: p.is_published, sold_amount: 0,
      front_margin: null, back_margin: null, notes: p.notes, is_unlimited_stock: p.is_unlimited_stock, ...(p.barcode ? { barcode: p.barcode } : {}),
    };
  }

  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const must = (token: string) => {
    const a = state.accounts.get(token);
    if (!a) throw new Error(`simulator has no account for that token`);
    return a;
  };

  return {
    url: `http://127.0.0.1:${port}/api/v1/`,
    state,
    calls,
    account: must,
    seedProducts: (token, rows) => rows.map((r) => state.upsertProduct(must(token), r)),
    product: (token, by) => {
      const a = must(token);
      if (by.supplierProductId) return a.products.get(by.supplierProductId);
      return [...a.products.values()].find((p) => p.internal_product_id === by.internalProductId);
    },
    addOrder: (token, order, o) => state.addOrder(must(token), order, o),
    order: (token, id) => must(token).orders.get(id),
    retailerUpdate: (token, id, change, by = 'retailer') => {
      const s = must(token).orders.get(id);
      if (!s) throw new Error(`no order ${id}`);
      state.touch(s, by, change);
    },
    injectFault: (f) => faults.push({ ...f, remaining: f.times ?? 1 }),
    clearFaults: () => { faults = []; },
    setLatency: (ms) => { latencyMs = ms; },
    silentlyFailProducts: (p) => { silentFail = p; },
    callsTo: (part, method) => calls.filter((c) => (typeof part === 'string' ? c.path.includes(part) : part.test(c.path)) && (!method || c.method === method)),
    resetCalls: () => { calls.length = 0; },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
