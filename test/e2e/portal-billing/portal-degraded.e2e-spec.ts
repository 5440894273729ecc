import { DataSource } from 'typeorm';
import { waitFor } from '../../support/wait';
import { as, seedCustomer, startPortalHarness, type PortalHarness, type SeededCustomer } from '../../support/portal/portal-harness';

const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');
const SPEC = {
  services: [{ key: 'fibre', product: 'prod_fibre_100', price: 650 }],
  serviceInvoices: [{ key: 'inv', service: 'fibre', invoiceDaysAgo: 30, dueInDays: -15 }],
  orders: [{ key: 'kit', product: 'prod_router', qty: 1 }],
  tickets: [{ key: 'tk', name: 'Router keeps rebooting' }],
};

describe('PortalBilling while Odoo is down or slow (simulator fault injection)', () => {
  let h: PortalHarness;
  let c: SeededCustomer;
  beforeAll(async () => {
    h = await startPortalHarness({ PORTAL_ODOO_READ_TIMEOUT_MS: '800' });
    c = await seedCustomer(h, SPEC);
    // Fill the local copies the way a customer's visit does.
    for (const path of ['/api/odoo/dashboard', '/api/odoo/billing', '/api/odoo/orders']) await as(h, c).get(path).expect(200);
  });
  afterEach(() => h.sim.faults.clear());
  afterAll(() => h.close());

  it('serves every read from the last local copy, marked stale with its age', async () => {
    await new Promise((r) => setTimeout(r, 1100));
    h.sim.setFaults({ down: true, mode: 'http_503' });
    const services = await as(h, c).get('/api/odoo/services').expect(200);
    expect(services.body.services.map((s: { id: string }) => s.id)).toEqual([`sub:${c.ids.fibre}`]);
    expect(services.body.services[0].billing_status).toBe('overdue');
    expect(services.body.freshness).toMatchObject({ source: 'local_copy', stale: true, reason: expect.stringMatching(/^ODOO\./) });
    expect(services.body.freshness.age_seconds).toBeGreaterThanOrEqual(1);

    const billing = await as(h, c).get('/api/odoo/billing').expect(200);
    expect(billing.body.stale).toBe(true);
    expect(billing.body.invoices.items.map((i: { id: number }) => i.id)).toEqual([c.ids.inv]);
    expect(billing.body.arrears.overdue_invoices.map((o: { invoice_id: number }) => o.invoice_id)).toEqual([c.ids.inv]);

    const dashboard = await as(h, c).get('/api/odoo/dashboard').expect(200);
    expect(dashboard.body.stale).toBe(true);
    expect(dashboard.body.services).toHaveLength(1);
    expect(dashboard.body.recent_orders.map((o: { id: number }) => o.id)).toEqual([c.ids.kit]);
    for (const section of Object.values(dashboard.body.freshness) as Array<{ stale: boolean }>) expect(section.stale).toBe(true);

    for (const path of ['/api/odoo/tickets', '/api/odoo/orders', '/api/odoo/products']) {
      const res = await as(h, c).get(path).expect(200);
      expect([path, res.body.freshness.stale]).toEqual([path, true]);
    }
    const pdf = await as(h, c).get('/api/odoo/billing/statement').expect(200);
    expect(pdf.headers['x-data-stale']).toBe('true');
  });

  it('answers 503 with Retry-After when there is no copy to fall back on', async () => {
    const fresh = await seedCustomer(h, SPEC);
    const ds = h.t.get(DataSource);
    await waitFor('the refresh after linking', async () => (await ds.query(`SELECT 1 FROM portal_snapshot WHERE scope_key = $1 AND kind = 'services'`, [`partner:${fresh.partnerId}`])).length > 0, 20_000);
    await ds.query(`DELETE FROM portal_snapshot WHERE scope_key = $1`, [`partner:${fresh.partnerId}`]);
    h.sim.setFaults({ down: true });
    const res = await as(h, fresh).get('/api/odoo/services');
    expect([res.status, res.body.code]).toEqual([503, 'PORTAL.DATA_UNAVAILABLE']);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('falls back to the copy when Odoo is slower than the portal deadline', async () => {
    h.sim.setFaults({ latencyMs: 2500 });
    const started = Date.now();
    const res = await as(h, c).get('/api/odoo/services').expect(200);
    expect(res.body.freshness).toMatchObject({ stale: true, reason: 'ODOO.TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('queues a new ticket while Odoo is down and creates it once Odoo is back', async () => {
    h.sim.setFaults({ down: true });
    const res = await as(h, c).post('/api/odoo/tickets').send({ subject: 'Outage since noon', description: 'No connection at all since noon.', priority: 'high' }).expect(202);
    expect(res.body).toMatchObject({ queued: true, sync_status: 'pending', status: 'Queued', odoo_id: null });
    const listed = await as(h, c).get('/api/odoo/tickets').expect(200);
    expect(listed.body.tickets.find((t: { id: string }) => t.id === res.body.id)).toMatchObject({ sync_status: 'pending' });
    h.sim.faults.clear();
    const synced = await waitFor('the queued ticket to reach Odoo', async () => {
      const t = (await as(h, c).get('/api/odoo/tickets').expect(200)).body.tickets.find((x: { id: string }) => x.id === res.body.id);
      return t?.sync_status === 'synced' ? t : undefined;
    }, 45_000);
    const rec = h.sim.env().m('helpdesk.ticket').browse(synced.odoo_id);
    expect(rec).toMatchObject({ name: 'Outage since noon', partner_id: c.partnerId, priority: '2' });
    expect(h.sim.env().m('helpdesk.ticket').count([['name', '=', 'Outage since noon']])).toBe(1);
  });

  it('refuses a proof of payment with 503 and Retry-After, recording nothing', async () => {
    h.sim.setFaults({ down: true });
    const before = h.sim.env().m('account.payment').count([]);
    const res = await as(h, c).post('/api/odoo/upload-proof-payment').field('invoice_id', String(c.ids.inv)).field('payment_reference', 'DOWN-1')
      .field('amount', '10').field('payment_date', new Date().toISOString().slice(0, 10)).attach('proof_file', PDF, 'p.pdf');
    expect([res.status, res.body.code]).toEqual([503, 'PORTAL.ODOO_UNAVAILABLE']);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    const rows = await h.t.get(DataSource).query(`SELECT count(*)::int AS n FROM portal_payment_proof WHERE invoice_id = $1`, [c.ids.inv]);
    expect(rows[0].n).toBe(0);
    h.sim.faults.clear();
    expect(h.sim.env().m('account.payment').count([])).toBe(before);
    // And once Odoo is back the same upload goes through.
    await as(h, c).post('/api/odoo/upload-proof-payment').field('invoice_id', String(c.ids.inv)).field('payment_reference', 'DOWN-1')
      .field('amount', '10').field('payment_date', new Date().toISOString().slice(0, 10)).attach('proof_file', PDF, 'p.pdf').expect(201);
  });
});
