import { randomUUID } from 'node:crypto';
import { as, seedCustomer, startPortalHarness, type PortalHarness, type SeededCustomer } from '../../support/portal/portal-harness';

const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');
const SPEC = {
  services: [{ key: 'fibre', product: 'prod_fibre_300', price: 1150 }],
  serviceInvoices: [{ key: 'inv', service: 'fibre', invoiceDaysAgo: 40, dueInDays: -25 }],
  orders: [{ key: 'kit', product: 'prod_starlink_kit', qty: 1 }],
  tickets: [{ key: 'tk', name: 'Private ticket' }],
};

describe('PortalBilling isolation between customers (Odoo simulator)', () => {
  let h: PortalHarness;
  let a: SeededCustomer;
  let b: SeededCustomer;
  beforeAll(async () => {
    h = await startPortalHarness();
    a = await seedCustomer(h, SPEC);
    b = await seedCustomer(h, SPEC);
    // A proof and a portal ticket of A's, so B's views have something of A's to (not) see.
    await as(h, a).post('/api/odoo/upload-proof-payment').field('invoice_id', String(a.ids.inv)).field('payment_reference', 'A-REF-1')
      .field('amount', '10').field('payment_date', new Date().toISOString().slice(0, 10)).attach('proof_file', PDF, 'a.pdf').expect(201);
    await as(h, a).post('/api/odoo/tickets').send({ subject: 'A only', description: 'Nobody else may read this' }).expect(201);
  });
  afterAll(() => h.close());

  const routes = ['/api/odoo/dashboard', '/api/odoo/services', '/api/odoo/billing', '/api/odoo/tickets', '/api/odoo/orders'];

  /** What of a customer's own records a response shows, model by model (ids of different models may coincide). */
  function seen(body: Record<string, any>) {
    const services = (body.services ?? []).map((x: { id: string }) => x.id);
    const invoices = [...(body.invoices?.items ?? body.recent_invoices ?? []), ...((body.arrears?.overdue_invoices ?? []).map((o: { invoice_id: number }) => ({ id: o.invoice_id })))]
      .map((i: { id: number }) => i.id);
    const orders = (body.items ?? body.recent_orders ?? []).filter((o: { stage?: string }) => o.stage !== undefined).map((o: { id: number }) => o.id);
    const tickets = (body.tickets ?? []).map((t: { odoo_id: number | null }) => t.odoo_id);
    return { services, invoices, orders, tickets };
  }

  it('never shows A’s records on any of B’s routes', async () => {
    for (const path of routes) {
      const res = await as(h, b).get(path).expect(200);
      const text = JSON.stringify(res.body);
      expect([path, text.includes('A only'), text.includes('A-REF-1'), text.includes(a.email)]).toEqual([path, false, false, false]);
      const s = seen(res.body);
      expect([path, s.services.includes(`sub:${a.ids.fibre}`), s.invoices.includes(a.ids.inv), s.orders.includes(a.ids.kit), s.tickets.includes(a.ids.tk)])
        .toEqual([path, false, false, false, false]);
    }
    // And B does see its own (the checks above can fail).
    const own = seen((await as(h, b).get('/api/odoo/dashboard').expect(200)).body);
    expect(own).toMatchObject({ services: [`sub:${b.ids.fibre}`], orders: [b.ids.kit], tickets: [b.ids.tk] });
    expect(own.invoices).toContain(b.ids.inv);
    const statement = await as(h, b).get('/api/odoo/billing/statement').expect(200);
    expect(statement.headers['content-type']).toBe('application/pdf');
  });

  it('answers "not found" when B guesses A’s invoice id, for reading and for paying', async () => {
    const read = await as(h, b).get(`/api/odoo/billing/invoices/${a.ids.inv}`);
    const missing = await as(h, b).get('/api/odoo/billing/invoices/2000000000');
    expect([read.status, read.body.code]).toEqual([404, 'PORTAL.INVOICE_NOT_FOUND']);
    expect({ ...read.body, requestId: 0 }).toEqual({ ...missing.body, requestId: 0 });

    const before = h.sim.env().m('account.payment').count([]);
    const pay = await as(h, b).post('/api/odoo/upload-proof-payment').field('invoice_id', String(a.ids.inv)).field('payment_reference', 'B-REF-1')
      .field('amount', '10').field('payment_date', new Date().toISOString().slice(0, 10)).attach('proof_file', PDF, 'b.pdf');
    expect([pay.status, pay.body.code]).toEqual([404, 'PORTAL.INVOICE_NOT_FOUND']);
    // Even A's own (invoice, reference) pair: B gets "not found", not A's proof.
    const replay = await as(h, b).post('/api/odoo/upload-proof-payment').field('invoice_id', String(a.ids.inv)).field('payment_reference', 'A-REF-1')
      .field('amount', '10').field('payment_date', new Date().toISOString().slice(0, 10)).attach('proof_file', PDF, 'a.pdf');
    expect(replay.status).toBe(404);
    expect(h.sim.env().m('account.payment').count([])).toBe(before);
  });

  it('cannot claim another customer with its reference', async () => {
    const email = `intruder-${randomUUID().slice(0, 8)}@example.com`;
    await h.t.http.post('/api/auth/register').send({ email, password: 'long enough password' }).expect(201);
    const token = (await h.t.http.post('/api/auth/login').send({ email, password: 'long enough password' })).body.access_token;
    const res = await as(h, { token }).post('/api/odoo/link-customer').send({ customer_ref: a.ref });
    expect([res.status, res.body.code]).toEqual([422, 'PORTAL.LINK_NOT_VERIFIED']);
  });

  it('scopes a contact to its whole company, and nothing beyond it', async () => {
    const tag = randomUUID().slice(0, 8);
    const email = `ops-${tag}@company.example`;
    h.sim.seed({
      'res.partner': [
        { '@id': `co_${tag}`, name: `Company ${tag}`, is_company: true, ref: `CO-${tag}`, email: `billing-${tag}@company.example` },
        { '@id': `ops_${tag}`, name: 'Ops lead', parent_id: `@ref:co_${tag}`, email },
        { '@id': `ap_${tag}`, name: 'Accounts payable', parent_id: `@ref:co_${tag}`, type: 'invoice', email: `ap-${tag}@company.example` },
      ],
      'account.move': [{ '@id': `coinv_${tag}`, move_type: 'out_invoice', partner_id: `@ref:ap_${tag}`, invoice_date: '@today-3', invoice_date_due: '@today+10',
        invoice_line_ids: [[0, 0, { product_id: '@ref:prod_install', quantity: 1, price_unit: 350 }]] }],
      '@calls': [{ model: 'account.move', method: 'action_post', ids: [`@ref:coinv_${tag}`] }],
    });
    await h.t.http.post('/api/auth/register').send({ email, password: 'long enough password' }).expect(201);
    const token = (await h.t.http.post('/api/auth/login').send({ email, password: 'long enough password' })).body.access_token;
    await as(h, { token }).post('/api/odoo/link-customer').send({ customer_ref: `co-${tag}` }).expect(200);
    const billing = await as(h, { token }).get('/api/odoo/billing').expect(200);
    expect(billing.body.invoices.items.map((i: { id: number }) => i.id)).toEqual([h.sim.ref(`coinv_${tag}`)]);
  });
});
