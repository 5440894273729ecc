import type { AuditEntry, AuditService } from '../../../infrastructure/audit';
import { makeOrder, startCartonaSimulator, type CartonaSimulator } from '../../../../tools/simulators/cartona';
import { CartonaHttpClientFactory } from './cartona-api.adapter';
import { CartonaBadToken, CartonaRateLimited, CartonaRejected, CartonaUnavailable } from './cartona-api.errors';
import type { CartonaConnection } from './cartona-api.port';

class RecordingAudit {
  entries: AuditEntry[] = [];
  record(e: AuditEntry): void { this.entries.push(e); }
}

describe('Cartona HTTP client against the simulator', () => {
  const token = 'tok-' + Math.random().toString(36).slice(2);
  let sim: CartonaSimulator;
  let audit: RecordingAudit;
  let factory: CartonaHttpClientFactory;
  let conn: CartonaConnection;

  beforeAll(async () => { sim = await startCartonaSimulator({ tokens: [token] }); });
  afterAll(async () => { await factory?.onModuleDestroy(); await sim.close(); });
  beforeEach(() => {
    sim.resetCalls();
    sim.clearFaults();
    sim.setLatency(0);
    audit = new RecordingAudit();
    factory = new CartonaHttpClientFactory(audit as unknown as AuditService);
    conn = { accountId: 'acc-1', baseUrl: sim.url, token, timeoutMs: 2000 };
  });

  it('sends the raw token in the AuthorizationToken header and reads the doc spelling of product rows', async () => {
    sim.seedProducts(token, [{ id: '110774', internal_product_id: '123', selling_price: 3900, available_stock_quantity: 1000 }]);
    const rows = await factory.for(conn).listProducts({ internalProductId: '123' });
    expect(rows).toEqual([expect.objectContaining({ supplierProductId: '110774', internalProductId: '123', sellingPrice: 3900, availableStock: 1000 })]);
    expect(sim.calls[0]).toMatchObject({ method: 'GET', path: 'supplier-product', token, query: { internal_product_id: '123', page: '1', per_page: '100' } });
  });

  it('reads the `id` spelling too', async () => {
    const other = await startCartonaSimulator({ tokens: [token], productKeyStyle: 'id' });
    try {
      other.seedProducts(token, [{ id: '555', internal_product_id: '9', selling_price: 1 }]);
      const rows = await factory.for({ ...conn, baseUrl: other.url }).listProducts();
      expect(rows[0].supplierProductId).toBe('555');
    } finally {
      await other.close();
    }
  });

  it('classifies a bad token (HTTP 400 "invalid credentials") as CARTONA.BAD_TOKEN and never audits the token', async () => {
    await expect(factory.for({ ...conn, token: 'wrong-token-value' }).listProducts()).rejects.toBeInstanceOf(CartonaBadToken);
    expect(sim.calls[0].status).toBe(400);
    expect(JSON.stringify(audit.entries)).not.toContain('wrong-token-value');
    expect(audit.entries[0]).toMatchObject({ system: 'cartona', status: 'error', operation: 'supplier-product.list' });
  });

  it('classifies 429 with Retry-After, 5xx and timeouts as transient', async () => {
    sim.injectFault({ path: 'pull-orders', status: 429, retryAfterSeconds: 7 });
    const limited = await factory.for(conn).pullOrders().catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(CartonaRateLimited);
    expect((limited as CartonaRateLimited).retryAfterSeconds).toBe(7);
    expect((limited as CartonaRateLimited).transient).toBe(true);

    sim.injectFault({ path: 'pull-orders', status: 503 });
    await expect(factory.for(conn).pullOrders()).rejects.toBeInstanceOf(CartonaUnavailable);

    sim.setLatency(400);
    const slow = await factory.for({ ...conn, timeoutMs: 100 }).pullOrders().catch((e: unknown) => e);
    expect(slow).toBeInstanceOf(CartonaUnavailable);
    expect((slow as CartonaUnavailable).transient).toBe(true);
  });

  it('gets 200 from a bulk update even when an item silently fails', async () => {
    sim.seedProducts(token, [{ id: '1', internal_product_id: 'a1', selling_price: 5 }]);
    const result = await factory.for(conn).bulkUpdateProducts([
      { internal_product_id: 'a1', selling_price: '6.5' },
      { internal_product_id: 'does-not-exist', selling_price: '1' },
      { internal_product_id: 'a1', available_stock_quantity: -3 },
    ]);
    expect(result.status).toBe(200);
    expect(sim.product(token, { internalProductId: 'a1' })).toMatchObject({ selling_price: 6.5, available_stock_quantity: 0 });
  });

  it('sees an order in pull-orders until it is acknowledged with synced, and again after a retailer change', async () => {
    const order = makeOrder();
    sim.addOrder(token, order);
    const client = factory.for(conn);
    expect((await client.pullOrders()).map((o) => (o as { hashed_id: string }).hashed_id)).toContain(order.hashed_id);
    expect((await client.pullOrders()).map((o) => (o as { hashed_id: string }).hashed_id)).toContain(order.hashed_id);
    await client.updateOrderStatus({ hashed_id: order.hashed_id, status: 'synced' });
    expect((await client.pullOrders()).map((o) => (o as { hashed_id: string }).hashed_id)).not.toContain(order.hashed_id);
    sim.retailerUpdate(token, order.hashed_id, (o) => { o.status = 'cancelled_by_retailer'; });
    const again = (await client.pullOrders()).find((o) => (o as { hashed_id: string }).hashed_id === order.hashed_id);
    expect(again).toMatchObject({ status: 'cancelled_by_retailer' });
  });

  it('refuses delivered without the retailer OTP on installment orders (single endpoint), accepts it with the OTP', async () => {
    const order = makeOrder({ kind: 'installment', status: 'assigned_to_salesman' });
    sim.addOrder(token, order, { retailerOtp: '424242' });
    const client = factory.for(conn);
    await expect(client.updateOrderStatus({ hashed_id: order.hashed_id, status: 'delivered' })).rejects.toBeInstanceOf(CartonaRejected);
    await expect(client.updateOrderStatus({ hashed_id: order.hashed_id, status: 'delivered', retailer_otp: '000000' })).rejects.toBeInstanceOf(CartonaRejected);
    await client.updateOrderStatus({ hashed_id: order.hashed_id, status: 'delivered', retailer_otp: '424242' });
    expect(sim.order(token, order.hashed_id)?.order.status).toBe('delivered');
  });

  it('rejects a cancellation reason outside the enum', async () => {
    const order = makeOrder({ status: 'approved' });
    sim.addOrder(token, order);
    await expect(factory.for(conn).updateOrderStatus({ hashed_id: order.hashed_id, status: 'cancelled_by_supplier', cancellation_reason: 'bored' }))
      .rejects.toBeInstanceOf(CartonaRejected);
    await factory.for(conn).updateOrderStatus({ hashed_id: order.hashed_id, status: 'cancelled_by_supplier', cancellation_reason: 'out_of_stock' });
    expect(sim.order(token, order.hashed_id)?.order).toMatchObject({ status: 'cancelled_by_supplier', cancellation_reason: 'out_of_stock' });
  });
});
