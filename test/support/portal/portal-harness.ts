import { randomUUID } from 'node:crypto';
import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { DataSource } from 'typeorm';
import { PORTAL_BILLING_QUEUE } from '../../../src/contexts/portal-billing/jobs/portal-billing.jobs';
import { SIM_USERS, startOdooSimulator, type OdooSimulator, type OdooSimulatorOptions } from '../../../tools/simulators/odoo';
import { createTestApp, type TestApp } from '../app';

export interface PortalHarness {
  sim: OdooSimulator;
  t: TestApp;
  close(): Promise<void>;
}

/** The hub (real Postgres/Redis) wired to a seeded Odoo simulator, with short deadlines so "Odoo down" is quick. */
export async function startPortalHarness(
  env: Record<string, string> = {},
  simOptions: OdooSimulatorOptions = {},
): Promise<PortalHarness> {
  const sim = await startOdooSimulator({ version: 17, ...simOptions });
  const t = await createTestApp({
    ODOO_URL: sim.url, ODOO_DB: sim.db, ODOO_USERNAME: SIM_USERS.hub.login, ODOO_API_KEY: SIM_USERS.hub.apiKey,
    ODOO_PROTOCOL: 'jsonrpc', ODOO_TIMEOUT_MS: '4000', ODOO_RETRIES: '1', ODOO_BREAKER_FAILURES: '1000',
    PORTAL_ODOO_READ_TIMEOUT_MS: '1500', PORTAL_PRODUCTS_CACHE_SECONDS: '0',
    // Own queues per harness: job ids carry Odoo ids, which repeat from one simulator run to the next.
    QUEUE_PREFIX: `t_portal_${process.pid}_${randomUUID().slice(0, 6)}`, ...env,
  });
  // Each run starts a fresh simulator whose record ids repeat those of the previous run (a real Odoo
  // never reuses ids), while the test database persists: forget the portal's state of earlier runs.
  await t.get(DataSource).query('TRUNCATE portal_partner_link, portal_link_attempt, portal_record_copy, portal_snapshot, portal_ticket, portal_payment_proof');
  // A recurring add-on the fixtures lack: lets tests bill one service of a customer but not another.
  sim.seed({ 'product.product': [{ '@id': 'prod_static_ip', name: 'Static IP Add-on', default_code: 'ADD-IP', type: 'service', detailed_type: 'service', list_price: 90, categ_id: '@ref:categ_internet', recurring_invoice: true }] });
  return {
    sim, t,
    close: async () => {
      await t.get<Queue>(getQueueToken(PORTAL_BILLING_QUEUE) as never).obliterate({ force: true }).catch(() => undefined);
      await t.close();
      await sim.close();
    },
  };
}

export interface SeededCustomer {
  tag: string;
  email: string;
  password: string;
  ref: string;
  partnerId: number;
  /** xmlid → record id of everything seeded for this customer. */
  ids: Record<string, number>;
  token: string;
}

export interface CustomerSpec {
  tz?: string;
  /** Services: subscription sale orders, each with one product line. */
  services?: Array<{ key: string; product: string; price: number; paused?: boolean }>;
  /** Invoices of a service (through Odoo's Create Invoice wizard, so lines point at the sale lines). */
  serviceInvoices?: Array<{ key: string; service: string; invoiceDaysAgo: number; dueInDays: number; post?: boolean }>;
  /** Plain invoices (no sale order), e.g. for volume. */
  plainInvoices?: number;
  plainInvoiceDueInDays?: number;
  /** Regular (non-subscription) confirmed orders, e.g. hardware with a delivery. */
  orders?: Array<{ key: string; product: string; qty: number; confirm?: boolean }>;
  /** A ticket in Helpdesk. */
  tickets?: Array<{ key: string; name: string }>;
}

/**
 * Seeds a fresh customer in the simulator (unique email and reference per call, so tests can
 * run in any order on a database that outlives the run), registers and logs in its portal
 * account, and (unless `link: false`) links it through the public API.
 */
export async function seedCustomer(h: PortalHarness, spec: CustomerSpec = {}, opts: { link?: boolean } = {}): Promise<SeededCustomer> {
  const tag = randomUUID().slice(0, 8);
  const email = `cust-${tag}@example.com`;
  const ref = `REF-${tag.toUpperCase()}`;
  const x = (k: string) => `${k}_${tag}`;
  const data: Record<string, unknown> = {
    'res.partner': [{ '@id': x('partner'), name: `Customer ${tag}`, email, ref, tz: spec.tz ?? 'Africa/Nairobi', customer_rank: 1 }],
  };
  const calls: unknown[] = [];
  if (spec.services?.length) {
    data['sale.order'] = spec.services.map((s) => ({
      '@id': x(s.key), partner_id: `@ref:${x('partner')}`, is_subscription: true, plan_id: '@ref:plan_monthly', start_date: '@today-60',
      next_invoice_date: '@today+10', order_line: [[0, 0, { product_id: `@ref:${s.product}`, product_uom_qty: 1, price_unit: s.price }]],
    }));
    calls.push({ model: 'sale.order', method: 'action_confirm', ids: spec.services.map((s) => `@ref:${x(s.key)}`) });
    for (const s of spec.services.filter((s) => s.paused)) calls.push({ model: 'sale.order', method: 'write', ids: [`@ref:${x(s.key)}`], args: [{ subscription_state: '4_paused' }] });
  }
  if (spec.orders?.length) {
    const orders = spec.orders.map((o) => ({ '@id': x(o.key), partner_id: `@ref:${x('partner')}`, order_line: [[0, 0, { product_id: `@ref:${o.product}`, product_uom_qty: o.qty }]] }));
    data['sale.order'] = [...((data['sale.order'] as unknown[]) ?? []), ...orders];
    const confirm = spec.orders.filter((o) => o.confirm !== false).map((o) => `@ref:${x(o.key)}`);
    if (confirm.length) calls.push({ model: 'sale.order', method: 'action_confirm', ids: confirm });
  }
  for (const inv of spec.serviceInvoices ?? []) {
    calls.push({ model: 'sale.advance.payment.inv', method: 'create', args: [{ advance_payment_method: 'delivered' }], context: { active_model: 'sale.order', active_ids: [`@ref:${x(inv.service)}`] }, '@id': x(`wiz_${inv.key}`) });
    calls.push({ model: 'sale.advance.payment.inv', method: 'create_invoices', ids: [`@ref:${x(`wiz_${inv.key}`)}`], '@id': x(inv.key) });
    calls.push({ model: 'account.move', method: 'write', ids: [`@ref:${x(inv.key)}`], args: [{ invoice_date: `@today-${inv.invoiceDaysAgo}`, invoice_date_due: rel(inv.dueInDays) }] });
    if (inv.post !== false) calls.push({ model: 'account.move', method: 'action_post', ids: [`@ref:${x(inv.key)}`] });
  }
  if (spec.plainInvoices) {
    const moves = Array.from({ length: spec.plainInvoices }, (_, i) => ({
      '@id': x(`plain${i}`), move_type: 'out_invoice', partner_id: `@ref:${x('partner')}`, invoice_date: `@today-${(i % 300) + 1}`,
      invoice_date_due: rel(spec.plainInvoiceDueInDays ?? 15), invoice_line_ids: [[0, 0, { product_id: '@ref:prod_install', name: `One-off charge ${i}`, quantity: 1, price_unit: 10 + (i % 7) }]],
    }));
    data['account.move'] = moves;
    calls.push({ model: 'account.move', method: 'action_post', ids: moves.map((m) => `@ref:${m['@id']}`) });
  }
  if (spec.tickets?.length) {
    data['helpdesk.ticket'] = spec.tickets.map((tk) => ({ '@id': x(tk.key), name: tk.name, description: `<p>${tk.name}</p>`, partner_id: `@ref:${x('partner')}`, priority: '1' }));
  }
  if (calls.length) data['@calls'] = calls;
  h.sim.seed(data);

  const ids: Record<string, number> = {};
  for (const k of ['partner', ...(spec.services ?? []).map((s) => s.key), ...(spec.serviceInvoices ?? []).map((i) => i.key), ...(spec.tickets ?? []).map((tk) => tk.key), ...(spec.orders ?? []).map((o) => o.key)]) {
    ids[k] = h.sim.ref(x(k));
  }
  const password = 'correct horse battery staple';
  await h.t.http.post('/api/auth/register').send({ email, password }).expect(201);
  const login = await h.t.http.post('/api/auth/login').send({ email, password }).expect(200);
  const token = login.body.access_token as string;
  const c: SeededCustomer = { tag, email, password, ref, partnerId: ids.partner, ids, token };
  if (opts.link !== false) {
    await h.t.http.post('/api/odoo/link-customer').set('Authorization', `Bearer ${token}`).send({ customer_ref: ref }).expect(200);
  }
  return c;
}

const rel = (days: number) => (days >= 0 ? `@today+${days}` : `@today${days}`);

/** An authorised request helper for one customer. */
export function as(h: PortalHarness, c: { token: string }) {
  const auth = (r: ReturnType<TestApp['http']['get']>) => r.set('Authorization', `Bearer ${c.token}`);
  return {
    get: (path: string) => auth(h.t.http.get(path)),
    post: (path: string) => auth(h.t.http.post(path)),
    delete: (path: string) => auth(h.t.http.delete(path)),
  };
}
