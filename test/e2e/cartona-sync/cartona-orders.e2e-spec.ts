import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ApiKeysService } from '../../../src/infrastructure/auth';
import { signWebhook } from '../../../src/infrastructure/inbox';
import { OrderStatusService } from '../../../src/contexts/cartona-sync/application/order-status.service';
import { makeOrder, samplePullOrdersResponse, sampleCreditInstallmentOrder, startCartonaSimulator, type CartonaSimulator } from '../../../tools/simulators/cartona';
import { createCartonaHarness, type CartonaHarness } from '../../support/cartona-harness';

jest.setTimeout(60_000);
const WEBHOOK_SECRET = 'cartona-webhook-secret-0123456789';

async function waitFor<T>(fn: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as T;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('CartonaSync orders (Cartona simulator, Odoo behind the context ports)', () => {
  const token = `tok-${randomUUID()}`;
  let sim: CartonaSimulator;
  let h: CartonaHarness;
  let auth: string;
  let accountId: string;


  beforeAll(async () => {
    sim = await startCartonaSimulator({ tokens: [token] });
    h = await createCartonaHarness({ CARTONA_SYNC_ENABLED: 'false', CARTONA_API_TOKEN: undefined, CARTONA_WEBHOOK_SECRET: WEBHOOK_SECRET });
    await h.get(DataSource).query(`UPDATE cartona_account SET enabled = false`);
    const { key } = await h.get(ApiKeysService).create({ name: 'cartona-e2e', scopes: ['admin'] });
    auth = `Bearer ${key}`;
    const res = await h.http.post('/api/admin/cartona/accounts').set('Authorization', auth).send({
      name: `e2e-${randomUUID()}`, apiBaseUrl: sim.url, apiToken: token, odooWarehouseId: 100000 + Math.floor(Math.random() * 1e6), timeoutMs: 2000,
    }).expect(201);
    accountId = res.body.id;
    expect(JSON.stringify(res.body)).not.toContain(token);
    for (const id of [479, 904, 1679]) h.odoo.addProduct({ id, price: 1, freeQty: 10 });
  });
  afterAll(async () => {
    // Leave no enabled account behind pointing at this file's (stopped) simulator.
    await h?.get(DataSource).query(`UPDATE cartona_account SET enabled = false WHERE id = $1`, [accountId]).catch(() => undefined);
    await h?.close();
    await sim?.close();
  });

  const pullNow = async () => (await h.http.post(`/api/admin/cartona/accounts/${accountId}/pull`).set('Authorization', auth).expect(200)).body;
  const link = async (hashedId: string) => (await h.http.get(`/api/admin/cartona/orders/${hashedId}`).set('Authorization', auth)).body;
  const odooOrdersFor = (hashedId: string) => [...h.odoo.orders.values()].filter((o) => o.clientOrderRef === hashedId);

  it('imports the doc sample order exactly once although it is pulled twice, and acknowledges it after the Odoo commit', async () => {
    const order = { ...samplePullOrdersResponse()[0], hashed_id: `S${randomUUID().slice(0, 7)}`, delivered_by: 'delivered_by_supplier' };
    sim.addOrder(token, order);
    await pullNow();
    await pullNow();
    const l = await waitFor(async () => { const x = await link(order.hashed_id); return x.acknowledged ? x : null; });
    expect(l).toMatchObject({ state: 'imported', cartonaStatus: 'assigned_to_salesman', odooState: 'sale' });
    expect(odooOrdersFor(order.hashed_id)).toHaveLength(1);
    const created = odooOrdersFor(order.hashed_id)[0];
    expect(created.lines).toEqual([expect.objectContaining({ productId: 479, qty: 5, priceUnit: 1 })]);
    expect(created.note).toContain('Pickup OTP');
    // Acknowledged: Cartona stops returning it, and the ack was sent only after the order existed.
    expect(sim.order(token, order.hashed_id)?.acked).toBe(true);
    const acks = sim.callsTo(`order/update-order-status/${order.hashed_id}`).filter((c) => (c.body as { status?: string }).status === 'synced');
    expect(acks.length).toBeGreaterThanOrEqual(1);
    await pullNow();
    expect(odooOrdersFor(order.hashed_id)).toHaveLength(1);
  });

  it('keeps the order when the ack fails: the next pull finds it again and the unique link makes that a no-op', async () => {
    const order = makeOrder({ lines: [{ internal_product_id: '479', amount: 2, selling_price: 7 }] });
    sim.addOrder(token, order);
    sim.injectFault({ path: `update-order-status/${order.hashed_id}`, status: 503, times: 2 });
    await pullNow();
    await waitFor(() => odooOrdersFor(order.hashed_id).length === 1);
    expect((await link(order.hashed_id)).acknowledged).toBe(false);
    await pullNow(); // Cartona still reports it (no ack yet)
    const l = await waitFor(async () => { const x = await link(order.hashed_id); return x.acknowledged ? x : null; }, 30_000);
    expect(l.state).toBe('imported');
    expect(odooOrdersFor(order.hashed_id)).toHaveLength(1);
    expect(sim.order(token, order.hashed_id)?.acked).toBe(true);
  });

  it('stores orders while Odoo is down and creates them once Odoo is back', async () => {
    const order = makeOrder({ lines: [{ internal_product_id: '479', amount: 1, selling_price: 3 }] });
    sim.addOrder(token, order);
    h.odoo.down = true;
    await pullNow();
    await waitFor(async () => (await link(order.hashed_id)).state === 'failed');
    expect(sim.order(token, order.hashed_id)?.acked).toBe(false);
    h.odoo.down = false;
    await waitFor(async () => (await link(order.hashed_id)).acknowledged, 30_000);
    expect(odooOrdersFor(order.hashed_id)).toHaveLength(1);
  });

  it('holds an order with an unmapped product (never half-created) and imports it on replay once the product exists', async () => {
    const order = makeOrder({ lines: [{ internal_product_id: '479', amount: 1, selling_price: 1 }, { internal_product_id: '777001', amount: 3, selling_price: 2 }] });
    sim.addOrder(token, order);
    await pullNow();
    const held = await waitFor(async () => { const x = await link(order.hashed_id); return x.state === 'held' ? x : null; });
    expect(held.lastError).toContain('777001');
    expect(odooOrdersFor(order.hashed_id)).toHaveLength(0);
    expect(sim.order(token, order.hashed_id)?.acked).toBe(false);
    const errors = (await h.http.get('/api/admin/cartona/errors?kind=order').set('Authorization', auth).expect(200)).body.items;
    expect(errors.some((e: { ref: string }) => e.ref === order.hashed_id)).toBe(true);
    h.odoo.addProduct({ id: 777001, price: 2 });
    const replay = await h.http.post(`/api/admin/cartona/orders/${order.hashed_id}/replay`).set('Authorization', auth).expect(200);
    expect(replay.body.result).toBe('created');
    expect(odooOrdersFor(order.hashed_id)[0].lines).toHaveLength(2);
    await waitFor(async () => (await link(order.hashed_id)).acknowledged);
  });

  it('reads the credit/installment sample ("904#2" ids) and enforces the OTP rule on delivery', async () => {
    const order = { ...sampleCreditInstallmentOrder(), hashed_id: `I${randomUUID().slice(0, 7)}`, status: 'approved' };
    sim.addOrder(token, order, { retailerOtp: '135790' });
    await pullNow();
    const l = await waitFor(async () => { const x = await link(order.hashed_id); return x.acknowledged ? x : null; });
    expect(l).toMatchObject({ paymentMethod: 'installment', needsOtp: true, odooState: 'sale' });
    const so = odooOrdersFor(order.hashed_id)[0];
    expect(so.lines.map((x) => x.productId).sort()).toEqual([1679, 904]);
    expect(so.note).toMatch(/Installment \(financed by Cartona\): 2990\.00/);
    expect(so.note).toMatch(/Wallet top-up/);
    // Delivery validated in Odoo: `delivered` waits for the OTP, never goes out without it.
    await h.odoo.validateDelivery(so.id);
    await h.get(OrderStatusService).odooOrdersChanged([so.id]);
    expect((await link(order.hashed_id)).statusPushState).toBe('waiting_otp');
    expect(sim.order(token, order.hashed_id)?.order.status).toBe('approved');
    // A wrong OTP is refused by Cartona and stays visible; the right one is accepted.
    await h.http.post(`/api/admin/cartona/orders/${order.hashed_id}/retailer-otp`).set('Authorization', auth).send({ retailerOtp: '000000' }).expect(200);
    expect((await link(order.hashed_id)).statusPushState).toBe('waiting_otp');
    await h.http.post(`/api/admin/cartona/orders/${order.hashed_id}/retailer-otp`).set('Authorization', auth).send({ retailerOtp: '135790' }).expect(200);
    expect(sim.order(token, order.hashed_id)?.order.status).toBe('delivered');
    expect((await link(order.hashed_id)).cartonaStatus).toBe('delivered');
  });

  it('pushes Odoo confirmations as approved, and does not echo a status that came from Cartona', async () => {
    const lines = [{ internal_product_id: '479', amount: 1, selling_price: 1 }];
    const fromOdoo = makeOrder({ status: 'pending', deliveredBy: 'delivered_by_supplier', lines });
    const fromCartona = makeOrder({ status: 'approved', deliveredBy: 'delivered_by_supplier', lines });
    const cartonaDelivers = makeOrder({ status: 'pending', deliveredBy: 'delivered_by_cartona', lines });
    for (const o of [fromOdoo, fromCartona, cartonaDelivers]) sim.addOrder(token, o);
    await pullNow();
    await waitFor(async () => (await link(fromOdoo.hashed_id)).acknowledged && (await link(fromCartona.hashed_id)).acknowledged && (await link(cartonaDelivers.hashed_id)).acknowledged);
    sim.resetCalls();
    const a = odooOrdersFor(fromOdoo.hashed_id)[0];
    const b = odooOrdersFor(fromCartona.hashed_id)[0];
    const c = odooOrdersFor(cartonaDelivers.hashed_id)[0];
    expect(b.state).toBe('sale'); // Cartona's approval was applied to Odoo…
    await h.odoo.confirmOrder(a.id);
    await h.odoo.confirmOrder(c.id);
    await h.get(OrderStatusService).odooOrdersChanged([a.id, b.id, c.id]);
    await waitFor(() => sim.order(token, fromOdoo.hashed_id)?.order.status === 'approved');
    // … and is not sent back; Cartona-delivered orders get only cancellations from the supplier.
    expect(sim.callsTo(`update-order-status/${fromCartona.hashed_id}`)).toHaveLength(0);
    expect(sim.callsTo(`update-order-status/${cartonaDelivers.hashed_id}`)).toHaveLength(0);
  });

  it('applies a retailer cancellation to the Odoo order, and raises a conflict when the delivery is already done', async () => {
    const open = makeOrder({ lines: [{ internal_product_id: '479', amount: 1, selling_price: 1 }] });
    const shipped = makeOrder({ status: 'approved', lines: [{ internal_product_id: '479', amount: 1, selling_price: 1 }] });
    sim.addOrder(token, open);
    sim.addOrder(token, shipped);
    await pullNow();
    await waitFor(async () => (await link(open.hashed_id)).acknowledged && (await link(shipped.hashed_id)).acknowledged);
    await h.odoo.validateDelivery(odooOrdersFor(shipped.hashed_id)[0].id);
    sim.retailerUpdate(token, open.hashed_id, (o) => { o.status = 'cancelled_by_retailer'; });
    sim.retailerUpdate(token, shipped.hashed_id, (o) => { o.status = 'cancelled_by_retailer'; });
    await pullNow();
    await waitFor(async () => (await link(open.hashed_id)).acknowledged);
    expect(odooOrdersFor(open.hashed_id)[0].state).toBe('cancel');
    const conflict = await waitFor(async () => { const x = await link(shipped.hashed_id); return x.state === 'conflict' ? x : null; });
    expect(conflict.errorCode).toBe('cancel_after_delivery');
    expect(odooOrdersFor(shipped.hashed_id)[0].state).toBe('sale');
  });

  it('accepts signed pushed orders through the inbox and imports them on the same exactly-once path', async () => {
    const order = makeOrder({ lines: [{ internal_product_id: '479', amount: 4, selling_price: 2 }] });
    sim.addOrder(token, order); // so the ack has somewhere to go
    const body = JSON.stringify(order);
    const ts = Math.floor(Date.now() / 1000);
    const send = () => h.http.post(`/cartona_integration/webhook/orders?account=${accountId}`).set('content-type', 'application/json')
      .set('X-Hub-Timestamp', String(ts)).set('X-Hub-Signature', signWebhook(WEBHOOK_SECRET, ts, body)).send(body);
    expect((await send().expect(202)).body).toEqual({ accepted: 1, duplicates: 0 });
    expect((await send().expect(202)).body).toEqual({ accepted: 0, duplicates: 1 });
    await waitFor(async () => (await link(order.hashed_id)).acknowledged);
    await pullNow();
    expect(odooOrdersFor(order.hashed_id)).toHaveLength(1);
    await h.http.post('/cartona_integration/webhook/orders').set('content-type', 'application/json')
      .set('X-Hub-Timestamp', String(ts)).set('X-Hub-Signature', signWebhook('wrong-secret-wrong-secret', ts, body)).send(body).expect(401);
    const unsigned = await h.http.post('/cartona_integration/webhook/orders').send([{ nope: 1 }]);
    expect(unsigned.status).toBe(401);
  });
});
