import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { OdooClient } from '../src/odoo';
import { dataSourceOptions, ensureDatabase } from '../src/infrastructure/database';
import { SIM_USERS, startOdooSimulator, type OdooSimulator } from '../tools/simulators/odoo';
import type { BenchFigure, Benchmark } from './bench-types';
import { startHub } from './support/http';

const DB_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hub_bench_portal';
const SIZES = [10, 100, 1000];
const LATENCY_MS = 20;
const SAMPLES = 40;
const LATENCY_INVOICES = 12;

/**
 * GET /api/odoo/dashboard through the real hub process (production mode, api role) against the
 * Odoo simulator:
 *  1. Odoo calls per dashboard for customers with 10, 100 and 1,000 invoices (the simulator's call
 *     counter): must not grow with the history (one call per model, no N+1).
 *  2. With 20 ms added to every Odoo call: the dashboard's median against one Odoo call's median
 *     measured in the same run (target < 3x: the calls run in parallel, two round trips deep).
 */
const bench: Benchmark = async () => {
  await ensureDatabase(DB_URL);
  const figures: BenchFigure[] = [];

  // 1. Call counts. The simulator computes residuals and payment states on the fly (Odoo stores
  //    them), so a 1,000-invoice history is slow there: generous deadlines, counts only.
  const big = await startOdooSimulator({ version: 17 });
  try {
    await withHub(big, { PORTAL_ODOO_READ_TIMEOUT_MS: '300000', ODOO_TIMEOUT_MS: '300000' }, async (base) => {
      const counts: number[] = [];
      for (const n of SIZES) {
        const token = await customer(big, base, n);
        for (let i = 0; i < 2; i++) await dashboard(base, token); // warm: schema caches, catalog copy
        big.calls.reset();
        await dashboard(base, token);
        const count = big.calls.count();
        counts.push(count);
        figures.push({ bench: 'portal-dashboard', metric: `Odoo calls per dashboard, ${n} invoices`, value: count, unit: 'calls',
          target: `= ${counts[0]} (10 invoices)`, pass: count === counts[0] });
      }
    });
  } finally {
    await big.close();
  }

  // 2. Latency, on a simulator holding the demo data and one customer with a year of invoices.
  const sim = await startOdooSimulator({ version: 17 });
  try {
    await withHub(sim, {}, async (base) => {
      const token = await customer(sim, base, LATENCY_INVOICES);
      for (let i = 0; i < 3; i++) await dashboard(base, token);
      // Without added latency: what the hub and the simulator themselves cost per dashboard.
      const bare: number[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        const t0 = performance.now();
        await dashboard(base, token);
        bare.push(performance.now() - t0);
      }
      figures.push({ bench: 'portal-dashboard', metric: `dashboard, ${LATENCY_INVOICES} invoices, no added latency (median)`, value: median(bare), unit: 'ms' });
      sim.setFaults({ latencyMs: LATENCY_MS });
      const client = new OdooClient({
        connection: { url: sim.url, db: sim.db, username: SIM_USERS.hub.login, apiKey: SIM_USERS.hub.apiKey },
        protocol: 'jsonrpc', timeoutMs: 5000, maxConcurrency: 8, retries: 0,
      });
      const single: number[] = [];
      const dash: number[] = [];
      try {
        await client.searchCount('account.move', []);
        // Interleaved, so both see the same machine load (the machine is shared).
        for (let i = 0; i < SAMPLES; i++) {
          let t0 = performance.now();
          await client.searchRead('res.partner', [['id', '=', 1]], { fields: ['name'], limit: 1 });
          single.push(performance.now() - t0);
          t0 = performance.now();
          await dashboard(base, token);
          dash.push(performance.now() - t0);
        }
      } finally {
        await client.close();
      }
      const oneCall = median(single);
      const dashMedian = median(dash);
      figures.push({ bench: 'portal-dashboard', metric: `one Odoo call, ${LATENCY_MS} ms simulated latency (median)`, value: oneCall, unit: 'ms' });
      figures.push({ bench: 'portal-dashboard', metric: `dashboard, ${LATENCY_INVOICES} invoices, ${LATENCY_MS} ms per Odoo call (median)`, value: dashMedian, unit: 'ms' });
      figures.push({ bench: 'portal-dashboard', metric: 'dashboard p90', value: quantile(dash, 0.9), unit: 'ms' });
      figures.push({ bench: 'portal-dashboard', metric: 'dashboard median / one Odoo call (same run)', value: dashMedian / oneCall, unit: 'x', target: '< 3x', pass: dashMedian < 3 * oneCall });
    });
  } finally {
    await sim.close();
  }
  return figures;
};

/** The real hub (production mode, api role: no background jobs adding Odoo calls) against a simulator. */
async function withHub(sim: OdooSimulator, env: Record<string, string>, fn: (base: string) => Promise<void>): Promise<void> {
  // A fresh simulator repeats the ids of the last run: forget the portal's state of earlier runs.
  const hub = await startHub({
    APP_ROLE: 'api', DATABASE_URL: DB_URL, QUEUE_PREFIX: `bench_portal_${process.pid}`, RATE_LIMIT_PER_MINUTE: '100000000',
    JWT_SECRET: `bench-jwt-secret-${randomUUID()}`, ODOO_URL: sim.url, ODOO_DB: sim.db, ODOO_USERNAME: SIM_USERS.hub.login,
    ODOO_API_KEY: SIM_USERS.hub.apiKey, ODOO_PROTOCOL: 'jsonrpc', ...env,
  });
  try {
    const ds = await new DataSource(dataSourceOptions(DB_URL, 1)).initialize();
    await ds.query('TRUNCATE portal_partner_link, portal_link_attempt, portal_record_copy, portal_snapshot, portal_ticket, portal_payment_proof');
    await ds.destroy();
    await fn(`http://127.0.0.1:${hub.port}`);
  } finally {
    await hub.stop();
  }
}

/**
 * fetch with one retry of a connection-level failure: seeding the in-process simulator blocks
 * this event loop for seconds, long enough for the hub to close an idle keep-alive socket that
 * fetch would then reuse.
 */
async function request(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
    return fetch(url, init);
  }
}

async function dashboard(base: string, token: string): Promise<void> {
  const res = await request(`${base}/api/odoo/dashboard`, { headers: { authorization: `Bearer ${token}` } });
  const body = (await res.json()) as { stale?: boolean };
  if (res.status !== 200 || body.stale) throw new Error(`dashboard answered ${res.status}${body.stale ? ' (stale)' : ''}: ${JSON.stringify(body).slice(0, 300)}`);
}

/** A customer with `invoices` posted invoices, two services and a ticket, registered, logged in and linked. */
async function customer(sim: OdooSimulator, base: string, invoices: number): Promise<string> {
  const tag = randomUUID().slice(0, 8);
  const email = `bench-${tag}@example.com`;
  const ref = `BENCH-${tag}`;
  const moves = Array.from({ length: invoices }, (_, i) => ({
    '@id': `binv_${tag}_${i}`, move_type: 'out_invoice', partner_id: `@ref:bp_${tag}`, invoice_date: `@today-${(i % 360) + 1}`,
    // Due 15 days after the invoice date: the recent ones are open, the older ones overdue.
    invoice_date_due: relativeDay(15 - ((i % 360) + 1)),
    invoice_line_ids: [[0, 0, { product_id: '@ref:prod_fibre_100', name: `Fibre, month ${i}`, quantity: 1, price_unit: 650 }]],
  }));
  sim.seed({
    'res.partner': [{ '@id': `bp_${tag}`, name: `Bench ${tag}`, email, ref }],
    'sale.order': [
      { '@id': `bs1_${tag}`, partner_id: `@ref:bp_${tag}`, is_subscription: true, plan_id: '@ref:plan_monthly', start_date: '@today-400', next_invoice_date: '@today+10',
        order_line: [[0, 0, { product_id: '@ref:prod_fibre_100', product_uom_qty: 1, price_unit: 650 }]] },
      { '@id': `bs2_${tag}`, partner_id: `@ref:bp_${tag}`, is_subscription: true, plan_id: '@ref:plan_monthly', start_date: '@today-90', next_invoice_date: '@today+10',
        order_line: [[0, 0, { product_id: '@ref:prod_starlink_residential', product_uom_qty: 1, price_unit: 2900 }]] },
    ],
    'account.move': moves,
    'helpdesk.ticket': [{ name: 'Bench ticket', partner_id: `@ref:bp_${tag}`, priority: '1' }],
    '@calls': [
      { model: 'sale.order', method: 'action_confirm', ids: [`@ref:bs1_${tag}`, `@ref:bs2_${tag}`] },
      { model: 'account.move', method: 'action_post', ids: moves.map((m) => `@ref:${m['@id']}`) },
    ],
  });
  const password = 'bench password 12345';
  const post = (path: string, body: unknown, token?: string) => request(`${base}${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body),
  });
  await post('/api/auth/register', { email, password });
  const { access_token: token } = (await (await post('/api/auth/login', { email, password })).json()) as { access_token: string };
  const linked = await post('/api/odoo/link-customer', { customer_ref: ref }, token);
  if (linked.status !== 200) throw new Error(`link failed: ${linked.status} ${await linked.text()}`);
  return token;
}

const relativeDay = (days: number) => (days >= 0 ? `@today+${days}` : `@today${days}`);

function median(xs: number[]): number {
  return quantile(xs, 0.5);
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

export default bench;
