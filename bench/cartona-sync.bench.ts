import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CartonaAccountsService } from '../src/contexts/cartona-sync/application/cartona-accounts.service';
import { OrderPullService } from '../src/contexts/cartona-sync/application/order-pull.service';
import { ProductChangeService } from '../src/contexts/cartona-sync/application/product-change.service';
import { makeOrder, startCartonaSimulator } from '../tools/simulators/cartona';
import { SIM_USERS, startOdooSimulator } from '../tools/simulators/odoo';
import { createTestApp } from '../test/support/app';
import type { BenchFigure, Benchmark } from './bench-types';

const PRODUCTS = 5_000;
const CHANGES = 10_000;
const TICKS = 40;
const TICK_MS = 100;
const ORDERS = 1_000;

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

async function until(cond: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('bench condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * CartonaSync throughput: (1) 10,000 price changes on 5,000 products, written in Odoo and
 * hinted to the hub in bursts over 4 s (as automation rules would), must reach the Cartona
 * simulator in ≤ 100 bulk calls with p95 change-to-Cartona delay < 5 s; (2) 1,000 orders
 * returned by one pull cycle must become exactly 1,000 Odoo sale orders, timed. The whole hub
 * (real Postgres, Redis, Bull) between the Odoo simulator (JSON-RPC) and the Cartona simulator.
 */
const bench: Benchmark = async () => {
  const figures: BenchFigure[] = [];
  const token = `bench-${randomUUID()}`;
  const sim = await startCartonaSimulator({ tokens: [token] });
  const odoo = await startOdooSimulator({ version: 17 });
  const h = await createTestApp({
    CARTONA_SYNC_ENABLED: 'false', CARTONA_API_TOKEN: undefined, LOG_LEVEL: 'error',
    ODOO_URL: odoo.url, ODOO_DB: odoo.db, ODOO_USERNAME: SIM_USERS.hub.login, ODOO_API_KEY: SIM_USERS.hub.apiKey, ODOO_PROTOCOL: 'jsonrpc',
    DATABASE_URL: `${process.env.TEST_DATABASE_BASE_URL ?? 'postgres://postgres@127.0.0.1:5432'}/hub_bench_cartona`, DATABASE_MIGRATE_ON_START: 'true',
  });
  const env = odoo.env();
  try {
    const ds = h.get(DataSource);
    await ds.query(`UPDATE cartona_account SET enabled = false`);
    const account = await h.get(CartonaAccountsService).create({
      name: `bench-${randomUUID()}`, apiBaseUrl: sim.url, apiToken: token, odooWarehouseId: odoo.ref('wh_cairo'), timeoutMs: 10_000,
    });
    // 5,000 sellable variants in Odoo, each linked on Cartona through internal_product_id = variant id.
    const ids = env.m('product.product').create(Array.from({ length: PRODUCTS }, (_, i) => ({ name: `Bench product ${i}`, list_price: 1, sale_ok: true })));
    sim.seedProducts(token, ids.map((id) => ({ internal_product_id: String(id), selling_price: 1, available_stock_quantity: 0 })));
    const setPrice = (id: number, price: number) => env.m('product.product').write([id], { lst_price: price });

    // ---- (1) price changes (CARTONA_BENCH_PART=orders skips it)
    if (process.env.CARTONA_BENCH_PART !== 'orders') {
    const changes: Array<{ id: number; price: number; at: number }> = [];
    const last = new Map<number, number>();
    const perTick = CHANGES / TICKS;
    const shuffled = [...ids].sort(() => Math.random() - 0.5);
    const started = Date.now();
    for (let t = 0; t < TICKS; t++) {
      const tickIds: number[] = [];
      for (let i = 0; i < perTick; i++) {
        // The first 5,000 changes touch every product once (shuffled); the next 5,000 hit random products.
        const n = t * perTick + i;
        const id = n < PRODUCTS ? shuffled[n] : ids[Math.floor(Math.random() * PRODUCTS)];
        const price = Math.round((2 + t + i / 1000) * 100) / 100;
        setPrice(id, price);
        last.set(id, price);
        tickIds.push(id);
      }
      const at = Date.now();
      for (const id of tickIds) changes.push({ id, price: last.get(id)!, at });
      await h.get(ProductChangeService).productsChanged(tickIds);
      const wait = started + (t + 1) * TICK_MS - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    await until(async () => Number((await ds.query(
      `SELECT count(*) AS n FROM cartona_product_mapping WHERE account_id = $1 AND sync_state = 'synced' AND pending_since IS NULL`, [account.id]))[0].n) === PRODUCTS, 120_000);
    const calls = sim.callsTo('supplier-product/bulk-update', 'POST').filter((c) => c.status === 200);
    const seenAt = new Map<number, Array<{ at: number; price: number }>>();
    for (const c of calls) {
      for (const item of c.body as Array<{ internal_product_id: string; selling_price: string }>) {
        const id = Number(item.internal_product_id);
        seenAt.set(id, [...(seenAt.get(id) ?? []), { at: c.at, price: Number(item.selling_price) }]);
      }
    }
    const delays = changes.map((ch) => {
      const hit = (seenAt.get(ch.id) ?? []).find((s) => s.at >= ch.at && s.price >= ch.price);
      return hit ? hit.at - ch.at : Number.POSITIVE_INFINITY;
    });
    const itemsSent = calls.reduce((n, c) => n + (c.body as unknown[]).length, 0);
    const p95 = percentile(delays, 95);
    const wrong = ids.filter((id) => sim.product(token, { internalProductId: String(id) })?.selling_price !== last.get(id)).length;
    figures.push(
      { bench: 'cartona-sync', metric: `bulk-update calls for ${CHANGES} changes on ${PRODUCTS} products`, value: calls.length, unit: 'calls', target: '<= 100', pass: calls.length <= 100 },
      { bench: 'cartona-sync', metric: 'p95 change-to-Cartona delay', value: p95, unit: 'ms', target: '< 5000', pass: p95 < 5000 },
      { bench: 'cartona-sync', metric: 'max change-to-Cartona delay', value: Math.max(...delays), unit: 'ms' },
      { bench: 'cartona-sync', metric: 'items sent / changes seen (coalescing)', value: itemsSent / CHANGES, unit: 'ratio' },
      { bench: 'cartona-sync', metric: 'products whose final Cartona price is wrong', value: wrong, unit: 'products', target: '= 0', pass: wrong === 0 },
    );
    }

    // ---- (2) 1,000 orders in one pull cycle (CARTONA_BENCH_PART=prices skips it)
    if (process.env.CARTONA_BENCH_PART !== 'prices') {
    const productIds = ids.slice(0, 50);
    const hashed: string[] = [];
    for (let i = 0; i < ORDERS; i++) {
      const o = makeOrder({
        status: 'pending', deliveredBy: 'delivered_by_supplier', retailerCode: `R${i % 200}`,
        lines: [{ internal_product_id: String(productIds[i % 50]), amount: 1 + (i % 5), selling_price: 10 }, { internal_product_id: String(productIds[(i + 7) % 50]), amount: 2, selling_price: 4 }],
      });
      hashed.push(o.hashed_id);
      sim.addOrder(token, o);
    }
    const t0 = Date.now();
    const pulledCount = await h.get(OrderPullService).pull(account);
    const pulledMs = Date.now() - t0;
    await until(async () => Number((await ds.query(
      `SELECT count(*) AS n FROM cartona_order_link WHERE hashed_id = ANY($1) AND state = 'imported' AND acked_hash = payload_hash`, [hashed]))[0].n) === ORDERS, 300_000);
    const totalMs = Date.now() - t0;
    const created = env.m('sale.order').count([['client_order_ref', 'in', hashed]]);
    const stillPending = sim.state.pending(sim.account(token)).length;
    figures.push(
      { bench: 'cartona-sync', metric: `orders returned by one pull cycle`, value: pulledCount, unit: 'orders', target: `= ${ORDERS}`, pass: pulledCount === ORDERS },
      { bench: 'cartona-sync', metric: 'Odoo sale orders created for them', value: created, unit: 'orders', target: `= ${ORDERS}`, pass: created === ORDERS },
      { bench: 'cartona-sync', metric: 'pull cycle (read + store + enqueue)', value: pulledMs, unit: 'ms' },
      { bench: 'cartona-sync', metric: `${ORDERS} orders pulled → created in Odoo → acknowledged`, value: totalMs, unit: 'ms' },
      { bench: 'cartona-sync', metric: 'orders per second end to end', value: ORDERS / (totalMs / 1000), unit: 'orders/s' },
      { bench: 'cartona-sync', metric: 'orders still unacknowledged at Cartona', value: stillPending, unit: 'orders', target: '= 0', pass: stillPending === 0 },
    );
    }
  } finally {
    await h.close();
    await sim.close();
    await odoo.close();
  }
  return figures;
};

export default bench;
