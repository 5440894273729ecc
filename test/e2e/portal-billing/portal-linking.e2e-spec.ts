import { randomUUID } from 'node:crypto';
import { as, seedCustomer, startPortalHarness, type PortalHarness } from '../../support/portal/portal-harness';

const PORTAL_ROUTES: Array<['get' | 'post', string]> = [
  ['get', '/api/odoo/dashboard'], ['get', '/api/odoo/services'], ['get', '/api/odoo/billing'], ['get', '/api/odoo/billing/statement'],
  ['get', '/api/odoo/billing/invoices/1'], ['get', '/api/odoo/tickets'], ['post', '/api/odoo/tickets'], ['get', '/api/odoo/orders'],
  ['get', '/api/odoo/products'], ['post', '/api/odoo/upload-proof-payment'],
];

describe('PortalBilling linking over HTTP (Odoo simulator)', () => {
  let h: PortalHarness;
  const admin = { email: `admin-${randomUUID().slice(0, 8)}@hub.test`, password: 'admin-password-123' };
  let adminToken: string;
  beforeAll(async () => {
    h = await startPortalHarness({ ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password, PORTAL_LINK_MAX_FAILURES: '3' });
    adminToken = (await h.t.http.post('/api/auth/login').send(admin).expect(200)).body.access_token;
  });
  afterAll(() => h.close());

  it('answers 409 PORTAL.NOT_LINKED on every portal route until the account is linked, and 401 without a token', async () => {
    const c = await seedCustomer(h, {}, { link: false });
    for (const [method, path] of PORTAL_ROUTES) {
      const res = await as(h, c)[method](path);
      expect([path, res.status, res.body.code]).toEqual([path, 409, 'PORTAL.NOT_LINKED']);
      expect(res.body.message).toMatch(/link-customer/);
      expect((await h.t.http[method](path)).status).toBe(401);
    }
    const status = await as(h, c).get('/api/odoo/link-customer').expect(200);
    expect(status.body).toEqual({ linked: false });
  });

  it('links with the customer reference and reports the link', async () => {
    const c = await seedCustomer(h, {}, { link: false });
    const res = await as(h, c).post('/api/odoo/link-customer').send({ customer_ref: c.ref.toLowerCase() }).expect(200);
    expect(res.body).toMatchObject({ linked: true, partner_id: c.partnerId, commercial_partner_id: c.partnerId, timezone: 'Africa/Nairobi', method: 'customer_ref' });
    await as(h, c).get('/api/odoo/services').expect(200);
    const again = await as(h, c).post('/api/odoo/link-customer').send({ customer_ref: c.ref }).expect(409);
    expect(again.body.code).toBe('PORTAL.ALREADY_LINKED');
  });

  it('links with an invoice number of the customer, never with another customer’s', async () => {
    const other = await seedCustomer(h, { plainInvoices: 1 }, { link: false });
    const otherInvoice = h.sim.env().m('account.move').searchRows([['partner_id', '=', other.partnerId], ['state', '=', 'posted']])[0];
    const c = await seedCustomer(h, { plainInvoices: 1 }, { link: false });
    const mine = h.sim.env().m('account.move').searchRows([['partner_id', '=', c.partnerId], ['state', '=', 'posted']])[0];
    const wrong = await as(h, c).post('/api/odoo/link-customer').send({ invoice_number: otherInvoice.name }).expect(422);
    expect(wrong.body.code).toBe('PORTAL.LINK_NOT_VERIFIED');
    await as(h, c).post('/api/odoo/link-customer').send({ invoice_number: mine.name }).expect(200);
  });

  it('gives an identical answer whether or not the email exists in Odoo, and rate-limits failures with Retry-After', async () => {
    const known = await seedCustomer(h, {}, { link: false });
    const email = `nobody-${randomUUID().slice(0, 8)}@example.com`;
    await h.t.http.post('/api/auth/register').send({ email, password: 'long enough password' }).expect(201);
    const stranger = { token: (await h.t.http.post('/api/auth/login').send({ email, password: 'long enough password' })).body.access_token };
    const a = await as(h, known).post('/api/odoo/link-customer').send({ customer_ref: 'WRONG-REF' });
    const b = await as(h, stranger).post('/api/odoo/link-customer').send({ customer_ref: known.ref });
    expect(a.status).toBe(422);
    const strip = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });
    expect(strip(b.body)).toEqual(strip(a.body));

    await as(h, known).post('/api/odoo/link-customer').send({ customer_ref: 'WRONG-2' }).expect(422);
    await as(h, known).post('/api/odoo/link-customer').send({ customer_ref: 'WRONG-3' }).expect(422);
    const limited = await as(h, known).post('/api/odoo/link-customer').send({ customer_ref: known.ref });
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('PORTAL.LINK_RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('validates the link request (exactly one fact, the account’s own email only)', async () => {
    const c = await seedCustomer(h, {}, { link: false });
    expect((await as(h, c).post('/api/odoo/link-customer').send({})).body.code).toBe('PORTAL.LINK_FACT_REQUIRED');
    expect((await as(h, c).post('/api/odoo/link-customer').send({ customer_ref: c.ref, invoice_number: 'X' })).status).toBe(400);
    expect((await as(h, c).post('/api/odoo/link-customer').send({ customer_ref: c.ref, partner_id: 1 })).status).toBe(400);
    const foreign = await as(h, c).post('/api/odoo/link-customer').send({ customer_ref: c.ref, email: 'someone@else.example' });
    expect(foreign.status).toBe(422);
  });

  it('lets an admin link and unlink an account, and refuses customers on the admin routes', async () => {
    const c = await seedCustomer(h, {}, { link: false });
    const account = (await as(h, c).get('/api/auth/me').expect(200)).body;
    const asAdmin = as(h, { token: adminToken });
    const linked = await asAdmin.post('/api/admin/portal/links').send({ email: c.email, partner_id: c.partnerId }).expect(201);
    expect(linked.body).toMatchObject({ account_id: account.id, partner_id: c.partnerId, method: 'admin' });
    await as(h, c).get('/api/odoo/services').expect(200);
    const listed = await asAdmin.get(`/api/admin/portal/links?partner_id=${c.partnerId}`).expect(200);
    expect(listed.body.items.map((l: { account_id: string }) => l.account_id)).toEqual([account.id]);
    expect((await asAdmin.post('/api/admin/portal/links').send({ email: c.email, partner_id: 999_999_999, replace: true })).body.code).toBe('PORTAL.PARTNER_NOT_FOUND');
    await asAdmin.delete(`/api/admin/portal/links/${account.id}`).expect(200);
    expect((await as(h, c).get('/api/odoo/services')).status).toBe(409);
    expect((await asAdmin.delete(`/api/admin/portal/links/${account.id}`)).status).toBe(404);
    expect((await as(h, c).get('/api/admin/portal/links')).status).toBe(403);
  });
});
