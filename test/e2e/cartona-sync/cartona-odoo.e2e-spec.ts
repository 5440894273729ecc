import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { OdooClient, OdooProductGateway, OdooSaleOrderGateway, OdooStockGateway } from '../../../src/odoo';
import { CartonaSweepService } from '../../../src/contexts/cartona-sync/application/cartona-sweep.service';
import { SIM_USERS, startOdooSimulator, type OdooSimulator } from '../../../tools/simulators/odoo';
import {
  sampleCreditInstallmentOrder, samplePullOrdersResponse, startCartonaSimulator, type CartonaSimulator,
} from '../../../tools/simulators/cartona';
import { createTestApp, type TestApp } from '../../support/app';
import { createApiKey } from '../../support/auth';

jest.setTimeout(120_000);
const HOOK_SECRET = `odoo-hook-${randomUUID()}`;

async function waitFor<T>(fn: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 40_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as T;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 150));
  }
}

/**
 * The whole path against both simulators: the hub's CartonaSync module with its real Odoo
 * adapters (shared provider over JSON-RPC) and its real Cartona client, fed with Cartona's own
 * sample payloads.
 */
describe('CartonaSync against the Odoo and Cartona simulators', () => {
  const token = `tok-${randomUUID()}`;
  let odoo: OdooSimulator;
  let cartona: CartonaSimulator;
  let t: TestApp;
  let auth: string;
  let accountId: string;
  let milk: number;
  let sugar: number;
  let pepsi: number;

  beforeAll(async () => {
    odoo = await startOdooSimulator({ version: 17 });
    cartona = await startCartonaSimulator({ tokens: [token] });
    t = await createTestApp({
      ODOO_URL: odoo.url, ODOO_DB: odoo.db, ODOO_USERNAME: SIM_USERS.hub.login, ODOO_API_KEY: SIM_USERS.hub.apiKey, ODOO_PROTOCOL: 'jsonrpc',
      ODOO_WEBHOOK_SECRET: HOOK_SECRET, ODOO_BREAKER_COOLDOWN_MS: '300', ODOO_RETRIES: '0', CARTONA_SYNC_ENABLED: 'false', CARTONA_API_TOKEN: undefined,
    });
    await t.app.listen(0, '127.0.0.1');
    await t.get(DataSource).query(`UPDATE cartona_account SET enabled = false`);
    auth = `Bearer ${(await createApiKey(t, ['admin'])).key}`;
    const res = await t.http.post('/api/admin/cartona/accounts').set('Authorization', auth).send({
      name: `odoo-e2e-${randomUUID()}`, apiBaseUrl: cartona.url, apiToken: token, odooWarehouseId: odoo.ref('wh_cairo'), flushDelayMs: 200, timeoutMs: 3000,
    }).expect(201);
    accountId = res.body.id;
    const products = t.get(OdooProductGateway);
    [milk, sugar, pepsi] = await Promise.all([
      products.create({ name: `Juhayna milk ${randomUUID().slice(0, 6)}`, storable: true, listPrice: 20, saleOk: true }),
      products.create({ name: `Al Basha sugar ${randomUUID().slice(0, 6)}`, storable: true, listPrice: 30, saleOk: true }),
      products.create({ name: `Pepsi star ${randomUUID().slice(0, 6)}`, storable: true, listPrice: 12, saleOk: true }),
    ]);
    for (const id of [milk, sugar, pepsi]) await t.get(OdooStockGateway).setOnHand(id, odoo.ref('loc_cai_stock'), 50);
    cartona.seedProducts(token, [milk, sugar, pepsi].map((id) => ({ internal_product_id: String(id), selling_price: 1, available_stock_quantity: 0 })));
  });
  afterAll(async () => {
    await t?.get(DataSource).query(`UPDATE cartona_account SET enabled = false WHERE id = $1`, [accountId]).catch(() => undefined);
    await t?.close();
    await cartona?.close();
    await odoo?.close();
  });

  const link = async (hashedId: string) => (await t.http.get(`/api/admin/cartona/orders/${hashedId}`).set('Authorization', auth)).body;
  const ordersFor = (ref: string) => t.get(OdooSaleOrderGateway).findByClientRef(ref);
  const pull = () => t.http.post(`/api/admin/cartona/accounts/${accountId}/pull`).set('Authorization', auth).expect(200);
  const hookUrl = () => `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}/webhooks/odoo/${HOOK_SECRET}`;

  it('pushes an Odoo price change seen through an automation rule, and stock with the warehouse free quantity', async () => {
    odoo.seed({ 'base.automation': [{ name: `Cartona prices ${randomUUID().slice(0, 4)}`, model_name: 'product.template', trigger: 'on_create_or_write', webhook_url: hookUrl(), webhook_field_names: ['list_price'] }] });
    await t.get(OdooProductGateway).setListPrice(milk, 21.5);
    await odoo.automations.drain();
    await waitFor(() => cartona.product(token, { internalProductId: String(milk) })?.selling_price === 21.5);
    expect(cartona.product(token, { internalProductId: String(milk) })?.available_stock_quantity).toBe(50);
    const item = cartona.callsTo('supplier-product/bulk-update', 'POST').flatMap((c) => c.body as Array<Record<string, unknown>>)
      .find((i) => i.internal_product_id === String(milk));
    expect(item).toMatchObject({ selling_price: '21.5', is_unlimited_stock: false, available_stock_quantity: 50 });
  });

  it('catches changes without a webhook through the write_date poll, from a persisted cursor', async () => {
    const sweep = t.get(CartonaSweepService);
    await sweep.pollOdoo(); // moves the cursors to now
    cartona.resetCalls();
    await t.get(OdooProductGateway).setListPrice(sugar, 33);
    await t.get(OdooStockGateway).setOnHand(pepsi, odoo.ref('loc_cai_stock'), 7);
    await sweep.pollOdoo();
    await waitFor(() => cartona.product(token, { internalProductId: String(sugar) })?.selling_price === 33
      && cartona.product(token, { internalProductId: String(pepsi) })?.available_stock_quantity === 7);
    // A second poll finds nothing new: nothing is sent again.
    const before = cartona.callsTo('supplier-product/bulk-update', 'POST').length;
    await sweep.pollOdoo();
    await new Promise((r) => setTimeout(r, 800));
    expect(cartona.callsTo('supplier-product/bulk-update', 'POST').length).toBe(before);
  });

  it('imports the doc sample order once into Odoo (pulled twice), with retailer, lines and notes, then acknowledges it', async () => {
    const sample = samplePullOrdersResponse()[0];
    const order = {
      ...sample, hashed_id: `P${randomUUID().slice(0, 7)}`, status: 'pending', delivered_by: 'delivered_by_supplier',
      order_details: sample.order_details.map((l) => ({ ...l, internal_product_id: String(milk) })),
    };
    cartona.addOrder(token, order);
    await pull();
    await pull();
    await waitFor(async () => (await link(order.hashed_id)).acknowledged);
    const found = await ordersFor(order.hashed_id);
    expect(found).toHaveLength(1);
    const lines = (await t.get(OdooSaleOrderGateway).lines([found[0].id])).get(found[0].id)!;
    expect(lines).toEqual([expect.objectContaining({ product: expect.objectContaining({ id: milk }), quantity: 5, priceUnit: 1 })]);
    const partner = await t.get(OdooClient).read('res.partner', [found[0].partner.id], ['ref', 'phone', 'name']);
    expect(partner[0]).toMatchObject({ ref: 'cartona:phone:+201003150160', name: 'Test5555' });
    expect(cartona.order(token, order.hashed_id)?.acked).toBe(true);
  });

  it('stores orders while Odoo is down and creates each exactly once when it is back', async () => {
    const order = {
      ...samplePullOrdersResponse()[0], hashed_id: `D${randomUUID().slice(0, 7)}`, status: 'pending',
      order_details: [{ ...samplePullOrdersResponse()[0].order_details[0], internal_product_id: String(sugar), amount: 2 }],
    };
    cartona.addOrder(token, order);
    odoo.setFaults({ down: true });
    try {
      await pull();
      await waitFor(async () => (await link(order.hashed_id)).state === 'failed');
      expect(cartona.order(token, order.hashed_id)?.acked).toBe(false);
    } finally {
      odoo.setFaults({ down: false });
    }
    await waitFor(async () => (await link(order.hashed_id)).acknowledged, 60_000);
    expect(await ordersFor(order.hashed_id)).toHaveLength(1);
  });

  it('sends approved when the order is confirmed in Odoo, and delivered only with the retailer OTP', async () => {
    const sample = sampleCreditInstallmentOrder();
    const order = {
      ...sample, hashed_id: `O${randomUUID().slice(0, 7)}`, status: 'pending', retailer: { ...sample.retailer as object, retailer_code: `R-${randomUUID().slice(0, 6)}` },
      order_details: sample.order_details.map((l, i) => ({ ...l, internal_product_id: `${i === 0 ? pepsi : sugar}#2` })),
    };
    cartona.addOrder(token, order, { retailerOtp: '246810' });
    await pull();
    await waitFor(async () => (await link(order.hashed_id)).acknowledged);
    const [so] = await ordersFor(order.hashed_id);
    odoo.seed({ 'base.automation': [{ name: `Cartona orders ${randomUUID().slice(0, 4)}`, model_name: 'sale.order', trigger: 'on_create_or_write', webhook_url: hookUrl(), webhook_field_names: ['state'] }] });
    await t.get(OdooSaleOrderGateway).confirm(so.id);
    await odoo.automations.drain();
    await waitFor(() => cartona.order(token, order.hashed_id)?.order.status === 'approved');

    // Deliver with a wrong OTP: Cartona refuses, and the Odoo delivery stays open.
    const wrong = await t.http.post(`/api/admin/cartona/orders/${order.hashed_id}/deliver`).set('Authorization', auth).send({ retailerOtp: '111111' });
    expect(wrong.status).toBe(422);
    const pickings = await t.get(OdooStockGateway).pickingsForOrders([so.id]);
    expect(pickings.every((p) => p.state !== 'done')).toBe(true);
    await t.http.post(`/api/admin/cartona/orders/${order.hashed_id}/deliver`).set('Authorization', auth).send({ retailerOtp: '246810' }).expect(200);
    expect(cartona.order(token, order.hashed_id)?.order.status).toBe('delivered');
    expect((await t.get(OdooStockGateway).pickingsForOrders([so.id])).some((p) => p.typeCode === 'outgoing' && p.state === 'done')).toBe(true);
  });

  it('cancels the Odoo order when the retailer cancels on Cartona, without echoing a status back', async () => {
    const sample = samplePullOrdersResponse()[0];
    const order = { ...sample, hashed_id: `C${randomUUID().slice(0, 7)}`, status: 'approved', delivered_by: 'delivered_by_supplier',
      order_details: [{ ...sample.order_details[0], internal_product_id: String(milk) }] };
    cartona.addOrder(token, order);
    await pull();
    await waitFor(async () => (await link(order.hashed_id)).acknowledged);
    expect((await ordersFor(order.hashed_id))[0].state).toBe('sale');
    cartona.resetCalls();
    cartona.retailerUpdate(token, order.hashed_id, (o) => { o.status = 'cancelled_by_retailer'; });
    await pull();
    await waitFor(async () => (await ordersFor(order.hashed_id))[0].state === 'cancel');
    await waitFor(async () => (await link(order.hashed_id)).acknowledged);
    const statusCalls = cartona.callsTo(`update-order-status/${order.hashed_id}`).map((c) => (c.body as { status: string }).status);
    expect(statusCalls.every((s) => s === 'synced')).toBe(true);
  });
});
