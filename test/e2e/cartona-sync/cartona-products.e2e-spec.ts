import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ApiKeysService } from '../../../src/infrastructure/auth';
import { ProductChangeService } from '../../../src/contexts/cartona-sync/application/product-change.service';
import { startCartonaSimulator, type CartonaSimulator } from '../../../tools/simulators/cartona';
import { createCartonaHarness, type CartonaHarness } from '../../support/cartona-harness';
import { FakeOdoo } from '../../support/fakes/fake-odoo';

jest.setTimeout(90_000);

async function waitFor<T>(fn: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as T;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('CartonaSync prices and stock (Cartona simulator, Odoo behind the context ports)', () => {
  const token = `tok-${randomUUID()}`;
  const base = 500_000 + Math.floor(Math.random() * 100_000) * 10;
  const ids = Array.from({ length: 250 }, (_, i) => base + i);
  let sim: CartonaSimulator;
  let h: CartonaHarness;
  let auth: string;
  let accountId: string;
  const odoo = new FakeOdoo();

  const boot = async () => {
    h = await createCartonaHarness({ CARTONA_SYNC_ENABLED: 'false', CARTONA_API_TOKEN: undefined }, odoo);
    const { key } = await h.get(ApiKeysService).create({ name: 'cartona-e2e', scopes: ['admin'] });
    auth = `Bearer ${key}`;
  };
  const bulkCalls = () => sim.callsTo('supplier-product/bulk-update', 'POST').filter((c) => c.status === 200);
  const mapping = async (odooId: number) =>
    (await h.get(DataSource).query(`SELECT * FROM cartona_product_mapping WHERE account_id = $1 AND odoo_product_id = $2`, [accountId, odooId]))[0];

  beforeAll(async () => {
    sim = await startCartonaSimulator({ tokens: [token] });
    await boot();
    await h.get(DataSource).query(`UPDATE cartona_account SET enabled = false`);
    const res = await h.http.post('/api/admin/cartona/accounts').set('Authorization', auth).send({
      name: `e2e-${randomUUID()}`, apiBaseUrl: sim.url, apiToken: token, odooWarehouseId: 200000 + Math.floor(Math.random() * 1e6),
      batchSize: 100, flushDelayMs: 300, timeoutMs: 2000,
    }).expect(201);
    accountId = res.body.id;
    // Cartona rows carry internal_product_id = the Odoo variant id (Cartona's module's strategy).
    sim.seedProducts(token, ids.map((id) => ({ internal_product_id: String(id), selling_price: 1, available_stock_quantity: 0 })));
    for (const id of ids) odoo.addProduct({ id, price: 10, freeQty: 7 });
  });
  afterAll(async () => {
    // Leave no enabled account behind pointing at this file's (stopped) simulator.
    await h?.get(DataSource).query(`UPDATE cartona_account SET enabled = false WHERE id = $1`, [accountId]).catch(() => undefined);
    await h?.close();
    await sim?.close();
  });

  it('coalesces many changes per product into bulk batches of at most 100, verified by read-back', async () => {
    sim.resetCalls();
    // Three successive prices per product: only the latest may reach Cartona.
    for (const step of [11, 12, 13.456]) {
      for (const id of ids) odoo.setPrice(id, step);
      await h.get(ProductChangeService).productsChanged(ids);
    }
    await waitFor(async () => (await mapping(ids[ids.length - 1])).sync_state === 'synced');
    await waitFor(async () => Number((await h.get(DataSource).query(
      `SELECT count(*) AS n FROM cartona_product_mapping WHERE account_id = $1 AND sync_state = 'synced'`, [accountId]))[0].n) === ids.length);
    const calls = bulkCalls();
    const items = calls.flatMap((c) => c.body as Array<Record<string, unknown>>);
    expect(calls.every((c) => (c.body as unknown[]).length <= 100)).toBe(true);
    // 750 changes: an older value may still leave if a batch went out between two of them, never more.
    expect(items.length).toBeLessThanOrEqual(750);
    expect(calls.length).toBeLessThanOrEqual(9);
    expect(new Set(items.map((i) => i.internal_product_id)).size).toBe(ids.length);
    expect(sim.product(token, { internalProductId: String(ids[0]) })).toMatchObject({ selling_price: 13.46, available_stock_quantity: 7 });
    for (const id of ids) {
      const last = items.filter((i) => i.internal_product_id === String(id)).at(-1);
      expect(last?.selling_price).toBe('13.46');
    }
    expect(items.find((i) => i.internal_product_id === String(ids[0]) && i.available_stock_quantity !== undefined))
      .toMatchObject({ is_unlimited_stock: false, available_stock_quantity: 7 });
    // Read-back of 250 items: the paged product list (3 pages), not 250 single reads.
    const reads = sim.callsTo('supplier-product', 'GET');
    expect(reads.length).toBeGreaterThanOrEqual(3);
    expect(reads.length).toBeLessThanOrEqual(6);
  });

  it('sends nothing for a product whose value Cartona already has', async () => {
    sim.resetCalls();
    await h.get(ProductChangeService).productsChanged(ids.slice(0, 50));
    await new Promise((r) => setTimeout(r, 1000));
    expect(bulkCalls()).toHaveLength(0);
  });

  it('retries only the items a bulk call silently dropped', async () => {
    sim.resetCalls();
    const dropped = new Set([String(ids[3]), String(ids[4])]);
    let drops = 0;
    sim.silentlyFailProducts((item) => dropped.has(String(item.internal_product_id)) && drops++ < 2);
    for (const id of ids.slice(0, 20)) odoo.setPrice(id, 20);
    await h.get(ProductChangeService).productsChanged(ids.slice(0, 20));
    await waitFor(async () => (await mapping(ids[3])).sync_state === 'synced' && (await mapping(ids[4])).sync_state === 'synced');
    sim.silentlyFailProducts(null);
    const calls = bulkCalls();
    expect(calls.length).toBe(2);
    // 20 items are few: read back one by one with filtered GETs.
    expect(sim.callsTo('supplier-product', 'GET').some((c) => c.query.internal_product_id === String(ids[3]))).toBe(true);
    expect((calls[0].body as unknown[]).length).toBe(20);
    expect((calls[1].body as Array<{ internal_product_id: string }>).map((i) => i.internal_product_id).sort()).toEqual([...dropped].sort());
    expect(sim.product(token, { internalProductId: String(ids[3]) })?.selling_price).toBe(20);
  });

  it('honours a 429 (Retry-After) and backs off on a 5xx mid-batch, then delivers everything', async () => {
    sim.resetCalls();
    // The first bulk call is answered 429 (Retry-After 2 s), the next one 503.
    sim.injectFault({ path: 'supplier-product/bulk-update', status: 429, retryAfterSeconds: 2, times: 1 });
    sim.injectFault({ path: 'supplier-product/bulk-update', status: 503, times: 1 });
    for (const id of ids.slice(0, 150)) odoo.setPrice(id, 30);
    const started = Date.now();
    await h.get(ProductChangeService).productsChanged(ids.slice(0, 150));
    await waitFor(async () => Number((await h.get(DataSource).query(
      `SELECT count(*) AS n FROM cartona_product_mapping WHERE account_id = $1 AND odoo_product_id = ANY($2) AND cartona_price = 30 AND sync_state = 'synced'`,
      [accountId, ids.slice(0, 150)]))[0].n) === 150);
    const all = sim.callsTo('supplier-product/bulk-update', 'POST');
    const limited = all.find((c) => c.status === 429)!;
    const nextOk = all.find((c) => c.status === 200 && c.at > limited.at)!;
    expect(nextOk.at - limited.at).toBeGreaterThanOrEqual(1900);
    expect(all.some((c) => c.status === 503)).toBe(true);
    expect(Date.now() - started).toBeLessThan(30_000);
    for (const id of ids.slice(0, 150)) expect(sim.product(token, { internalProductId: String(id) })?.selling_price).toBe(30);
  });

  it('loses nothing across a restart between change detection and push', async () => {
    await h.http.patch(`/api/admin/cartona/accounts/${accountId}`).set('Authorization', auth).send({ flushDelayMs: 5000 }).expect(200);
    sim.resetCalls();
    for (const id of ids.slice(0, 10)) odoo.setPrice(id, 41);
    await h.get(ProductChangeService).productsChanged(ids.slice(0, 10));
    await h.close(); // the push was due in 5 s; the process is gone before that
    expect(bulkCalls()).toHaveLength(0);
    await boot();
    // The new process's sweeper (or its first push) finds the pending changes in Postgres.
    await h.http.patch(`/api/admin/cartona/accounts/${accountId}`).set('Authorization', auth).send({ flushDelayMs: 300 }).expect(200);
    const pushed = await h.http.post(`/api/admin/cartona/accounts/${accountId}/push`).set('Authorization', auth).expect(200);
    await waitFor(async () => (await mapping(ids[9])).sync_state === 'synced');
    expect(bulkCalls().flatMap((c) => c.body as unknown[])).toHaveLength(10);
    void pushed;
    for (const id of ids.slice(0, 10)) expect(sim.product(token, { internalProductId: String(id) })?.selling_price).toBe(41);
  });

  it('shows per-product state, imports and exports links as CSV and rejects bad rows by number', async () => {
    const dash = (await h.http.get('/api/admin/cartona/dashboard').set('Authorization', auth).expect(200)).body.accounts.find((a: { accountId: string }) => a.accountId === accountId);
    expect(dash.products.synced).toBeGreaterThan(0);
    expect(dash.lastPushOkAt).toBeTruthy();
    const bad = await h.http.post(`/api/admin/cartona/accounts/${accountId}/mappings/import`).set('Authorization', auth)
      .send({ csv: `odoo_product_id,supplier_product_id\n${ids[0]},S-1\nabc,S-2\n${ids[1]},S-1\n` }).expect(400);
    expect(bad.body.details.rows.map((r: { row: number }) => r.row)).toEqual([3, 4]);
    const cartonaRow = sim.product(token, { internalProductId: String(ids[5]) })!;
    await h.http.post(`/api/admin/cartona/accounts/${accountId}/mappings/import`).set('Authorization', auth)
      .send({ csv: `odoo_product_id,supplier_product_id,internal_product_id\n${ids[5]},${cartonaRow.id},${ids[5]}\n` }).expect(201);
    const csv = (await h.http.get(`/api/admin/cartona/accounts/${accountId}/mappings/export`).set('Authorization', auth).expect(200)).text;
    expect(csv).toContain(`${ids[5]},${cartonaRow.id},${ids[5]}`);
    const report = (await h.http.get(`/api/admin/cartona/accounts/${accountId}/mappings/report`).set('Authorization', auth).expect(200)).body;
    expect(report.linked.length).toBe(ids.length);
    expect(report.conflicts).toEqual([]);
  });
});
