import { daysOverdue, localDate } from '../../../src/contexts/portal-billing/domain/calendar';
import { as, seedCustomer, startPortalHarness, type PortalHarness, type SeededCustomer } from '../../support/portal/portal-harness';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');

/** A fibre customer with an overdue static-IP add-on invoice, a fibre invoice not yet due, a kit order and a ticket. */
const FIBRE_CUSTOMER = {
  services: [{ key: 'fibre', product: 'prod_fibre_100', price: 650 }, { key: 'addon', product: 'prod_static_ip', price: 90 }],
  serviceInvoices: [
    { key: 'inv_addon', service: 'addon', invoiceDaysAgo: 35, dueInDays: -20 },
    { key: 'inv_fibre', service: 'fibre', invoiceDaysAgo: 5, dueInDays: 10 },
  ],
  orders: [{ key: 'kit', product: 'prod_router', qty: 1 }],
  tickets: [{ key: 'slow', name: 'Internet slow in the evening' }],
};

describe('PortalBilling routes over HTTP (Odoo simulator)', () => {
  let h: PortalHarness;
  let c: SeededCustomer;
  /** Days the add-on invoice is overdue for this Nairobi customer today (its due date is 20 days ago in the simulator's calendar). */
  let addonDays: number;
  beforeAll(async () => {
    h = await startPortalHarness({ PORTAL_PROOF_MAX_BYTES: '4096' });
    c = await seedCustomer(h, FIBRE_CUSTOMER);
    addonDays = daysOverdue(String(h.sim.env().m('account.move').browse(c.ids.inv_addon).invoice_date_due), localDate('Africa/Nairobi'));
  });
  afterAll(() => h.close());

  it('GET /services: subscriptions with type, fee, dates, unlimited, and arrears only on the add-on', async () => {
    const res = await as(h, c).get('/api/odoo/services').expect(200);
    const byId = Object.fromEntries(res.body.services.map((s: { id: string }) => [s.id, s]));
    expect(Object.keys(byId).sort()).toEqual([`sub:${c.ids.addon}`, `sub:${c.ids.fibre}`].sort());
    expect(byId[`sub:${c.ids.fibre}`]).toMatchObject({
      name: expect.stringContaining('Fibre 100'), status: 'active', service_type: 'fibre', monthly_fee: 650, is_unlimited: true,
      bandwidth: 'Unlimited', speed: '100 Mbps', billing_status: 'ok', overdue_amount: 0, next_billing_date: expect.any(String), start_date: expect.any(String),
    });
    expect(byId[`sub:${c.ids.addon}`]).toMatchObject({ billing_status: 'overdue', days_overdue: addonDays, overdue_invoice_ids: [c.ids.inv_addon] });
    expect(res.body.freshness).toMatchObject({ source: 'odoo', stale: false });
    expect(JSON.stringify(res.body)).not.toMatch(/data_balance|data_remaining|quota/i);
  });

  it('detects Starlink and wireless services from product data', async () => {
    const s = await seedCustomer(h, { services: [{ key: 'sl', product: 'prod_starlink_residential', price: 2900 }, { key: 'wl', product: 'prod_wireless_50', price: 480, paused: true }] });
    const res = await as(h, s).get('/api/odoo/services').expect(200);
    const types = Object.fromEntries(res.body.services.map((x: { id: string; service_type: string; status: string }) => [x.id, [x.service_type, x.status]]));
    expect(types).toEqual({ [`sub:${s.ids.sl}`]: ['starlink', 'active'], [`sub:${s.ids.wl}`]: ['wireless', 'paused'] });
  });

  it('GET /billing: invoices paged and filtered, payments, and arrears with days overdue', async () => {
    const all = await as(h, c).get('/api/odoo/billing').expect(200);
    expect(all.body.invoices.total).toBe(2);
    expect(all.body.invoices.items.map((i: { id: number }) => i.id)).toEqual([c.ids.inv_fibre, c.ids.inv_addon]);
    expect(all.body.arrears).toMatchObject({ overdue_total: 90, oldest_days_overdue: addonDays, unattributed_overdue: 0 });
    expect(all.body.arrears.overdue_invoices).toEqual([expect.objectContaining({ invoice_id: c.ids.inv_addon, days_overdue: addonDays, service_ids: [`sub:${c.ids.addon}`] })]);
    const overdue = all.body.invoices.items.find((i: { id: number }) => i.id === c.ids.inv_addon);
    expect(overdue).toMatchObject({ status: 'open', is_overdue: true, days_overdue: addonDays, residual: 90, type: 'invoice' });

    const page2 = await as(h, c).get('/api/odoo/billing?page=2&page_size=1').expect(200);
    expect(page2.body.invoices).toMatchObject({ page: 2, page_size: 1, total: 2 });
    expect(page2.body.invoices.items.map((i: { id: number }) => i.id)).toEqual([c.ids.inv_addon]);
    const recent = await as(h, c).get(`/api/odoo/billing?from=${daysAgo(10)}`).expect(200);
    expect(recent.body.invoices.items.map((i: { id: number }) => i.id)).toEqual([c.ids.inv_fibre]);
    expect(recent.body.statement_url).toBe(`/api/odoo/billing/statement?from=${daysAgo(10)}`);
    expect((await as(h, c).get('/api/odoo/billing?status=paid').expect(200)).body.invoices.total).toBe(0);
    expect((await as(h, c).get('/api/odoo/billing?from=2025-02-30')).status).toBe(400);
    expect((await as(h, c).get('/api/odoo/billing?page_size=1000')).status).toBe(400);
    expect((await as(h, c).get('/api/odoo/billing?from=2025-03-01&to=2025-02-01')).status).toBe(400);
  });

  it('lists payments, including a proof waiting for verification', async () => {
    const p = await seedCustomer(h, { services: [{ key: 'f', product: 'prod_fibre_100', price: 650 }], serviceInvoices: [{ key: 'i', service: 'f', invoiceDaysAgo: 3, dueInDays: 12 }] });
    await as(h, p).post('/api/odoo/upload-proof-payment').field('invoice_id', String(p.ids.i)).field('payment_reference', 'BANK-771')
      .field('amount', '100').field('payment_date', daysAgo(1)).attach('proof_file', PDF, 'slip.pdf').expect(201);
    const res = await as(h, p).get('/api/odoo/billing').expect(200);
    expect(res.body.payments.items).toEqual([expect.objectContaining({ amount: 100, status: 'pending_verification', date: daysAgo(1), method: 'Bank' })]);
  });

  it('GET /billing/invoices/:id gives lines and Odoo’s own portal payment link', async () => {
    const res = await as(h, c).get(`/api/odoo/billing/invoices/${c.ids.inv_addon}`).expect(200);
    expect(res.body).toMatchObject({ id: c.ids.inv_addon, is_overdue: true });
    expect(res.body.lines).toEqual([expect.objectContaining({ service_id: `sub:${c.ids.addon}` })]);
    const token = h.sim.env().m('account.move').browse(c.ids.inv_addon).access_token;
    expect(token).toBeTruthy();
    expect(res.body.payment_url).toBe(`${h.sim.url}/my/invoices/${c.ids.inv_addon}?access_token=${token}`);
    // Once Odoo has issued the token, lists carry the link too.
    const list = await as(h, c).get('/api/odoo/billing').expect(200);
    expect(list.body.invoices.items.find((i: { id: number }) => i.id === c.ids.inv_addon).payment_url).toBe(res.body.payment_url);
    expect((await as(h, c).get('/api/odoo/billing/invoices/abc')).status).toBe(400);
  });

  it('GET /billing/statement returns a PDF for the period', async () => {
    const res = await as(h, c).get(`/api/odoo/billing/statement?from=${daysAgo(60)}&to=${daysAgo(0)}`).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (d: Buffer) => chunks.push(d));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="statement-${daysAgo(60)}-${daysAgo(0)}.pdf"`);
    expect((res.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    expect(res.headers['x-data-stale']).toBe('false');
    expect((await as(h, c).get('/api/odoo/billing/statement?from=2025-13-01')).status).toBe(400);
  });

  it('GET /tickets lists the customer’s Helpdesk tickets; POST creates one in helpdesk.ticket', async () => {
    const list = await as(h, c).get('/api/odoo/tickets').expect(200);
    expect(list.body.tickets).toEqual([expect.objectContaining({ odoo_id: c.ids.slow, subject: 'Internet slow in the evening', priority: 'medium', sync_status: 'synced' })]);
    const created = await as(h, c).post('/api/odoo/tickets').set('Idempotency-Key', `tk-${c.tag}-1`)
      .send({ subject: 'Router LOS light red', description: 'Red LOS light since 7am, restarted twice.', priority: 'urgent', service_id: `sub:${c.ids.fibre}` })
      .expect(201);
    expect(created.body).toMatchObject({ sync_status: 'synced', queued: false, priority: 'urgent', reference: expect.stringMatching(/^PT-/) });
    const rec = h.sim.env().m('helpdesk.ticket').browse(created.body.odoo_id);
    expect(rec).toMatchObject({ name: 'Router LOS light red', partner_id: c.partnerId, priority: '3' });
    expect(String(rec.description)).toContain(created.body.reference);
    expect(String(rec.description)).toContain('Fibre 100');
    const repeat = await as(h, c).post('/api/odoo/tickets').set('Idempotency-Key', `tk-${c.tag}-1`)
      .send({ subject: 'Router LOS light red', description: 'Red LOS light since 7am, restarted twice.', priority: 'urgent' }).expect(200);
    expect(repeat.body.id).toBe(created.body.id);
    expect(h.sim.env().m('helpdesk.ticket').count([['partner_id', '=', c.partnerId]])).toBe(2);
    for (const bad of [{ subject: 'x', description: 'long enough text' }, { subject: 'Fine subject', description: 'short' }, { subject: 'Fine', description: 'long enough text', priority: 'p1' }, { subject: 'Fine', description: 'long enough text', service_id: 'sub:1' }]) {
      expect((await as(h, c).post('/api/odoo/tickets').send(bad)).status).toBe(400);
    }
  });

  it('GET /orders: order history with tracking stage and progress', async () => {
    const res = await as(h, c).get('/api/odoo/orders').expect(200);
    expect(res.body.items).toEqual([expect.objectContaining({ id: c.ids.kit, state: 'sale', stage: 'confirmed', progress: 33, delivery_status: 'pending' })]);
    // Subscriptions are services, not orders.
    expect(res.body.items.map((o: { id: number }) => o.id)).not.toContain(c.ids.fibre);
    const picking = h.sim.env().m('stock.picking').searchRows([['sale_id', '=', c.ids.kit]])[0];
    h.sim.env().m('stock.picking').write([picking.id], { state: 'done' });
    const after = await as(h, c).get('/api/odoo/orders').expect(200);
    expect(after.body.items[0]).toMatchObject({ stage: 'delivered', delivery_status: 'full', progress: 67 });
  });

  it('GET /products: the sellable catalog with prices, Starlink included', async () => {
    const res = await as(h, c).get('/api/odoo/products').expect(200);
    const kit = res.body.products.find((p: { code: string }) => p.code === 'SL-KIT-STD');
    expect(kit).toMatchObject({ name: 'Starlink Standard Kit', price: 21500, service_type: 'starlink', currency: expect.any(String) });
    expect(res.body.products.find((p: { code: string }) => p.code === 'MOL-CHOC')).toBeUndefined();
  });

  describe('POST /upload-proof-payment', () => {
    const upload = (cust: SeededCustomer, fields: Record<string, string>, file: Buffer | null = PDF, name = 'slip.pdf') => {
      let r = as(h, cust).post('/api/odoo/upload-proof-payment');
      for (const [k, v] of Object.entries(fields)) r = r.field(k, v);
      return file ? r.attach('proof_file', file, name) : r;
    };
    const fields = (invoiceId: number, over: Record<string, string> = {}) => ({
      invoice_id: String(invoiceId), payment_reference: 'MPESA-QK71H2X9', amount: '50.5', payment_date: daysAgo(1), ...over,
    });

    it('creates a draft payment for verification with the file attached, idempotent on (invoice, reference)', async () => {
      const res = await upload(c, fields(c.ids.inv_addon)).expect(201);
      expect(res.body).toMatchObject({ status: 'submitted', invoice_id: c.ids.inv_addon, amount: 50.5, mime_type: 'application/pdf', duplicate: false });
      const pay = h.sim.env().m('account.payment').browse(res.body.odoo_payment_id);
      expect(pay).toMatchObject({ state: 'draft', amount: 50.5, partner_id: c.partnerId, payment_type: 'inbound', payment_reference: 'MPESA-QK71H2X9' });
      const files = h.sim.env().m('ir.attachment').searchRows([['res_model', '=', 'account.payment'], ['res_id', '=', pay.id]]);
      expect(files).toHaveLength(1);
      expect(Buffer.from(String(files[0].datas), 'base64').equals(PDF)).toBe(true);
      const again = await upload(c, fields(c.ids.inv_addon, { payment_reference: 'mpesa-qk71h2x9' })).expect(200);
      expect(again.body).toMatchObject({ id: res.body.id, duplicate: true });
      expect(h.sim.env().m('account.payment').count([['partner_id', '=', c.partnerId]])).toBe(1);
      expect((await upload(c, fields(c.ids.inv_addon, { amount: '51' }))).status).toBe(409);
    });

    it('checks the file by content and size', async () => {
      const gif = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;');
      const r1 = await upload(c, fields(c.ids.inv_fibre, { payment_reference: 'T-1' }), gif, 'receipt.pdf');
      expect([r1.status, r1.body.code]).toEqual([415, 'PORTAL.PROOF_FILE_TYPE']);
      const big = Buffer.concat([PDF, Buffer.alloc(5000, 32)]);
      const r2 = await upload(c, fields(c.ids.inv_fibre, { payment_reference: 'T-2' }), big);
      expect([r2.status, r2.body.code]).toEqual([413, 'PORTAL.PROOF_FILE_TOO_LARGE']);
      const r3 = await upload(c, fields(c.ids.inv_fibre, { payment_reference: 'T-3' }), null);
      expect([r3.status, r3.body.code]).toEqual([400, 'PORTAL.PROOF_FILE_REQUIRED']);
      const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32, 7)]);
      const r4 = await upload(c, fields(c.ids.inv_fibre, { payment_reference: 'T-4' }), png, 'photo.pdf').expect(201);
      expect(r4.body).toMatchObject({ mime_type: 'image/png', file_name: 'photo.png' });
    });

    it('validates the fields, the invoice state and the amount', async () => {
      const bad = [
        [{ amount: '-5' }, 400], [{ amount: '0' }, 400], [{ amount: '1.234' }, 400], [{ amount: 'ten' }, 400], [{ invoice_id: 'x' }, 400],
        [{ payment_date: '2025-02-30' }, 400], [{ payment_date: daysAgo(-3) }, 400], [{ payment_reference: '' }, 400], [{ amount: '5000' }, 422],
      ] as const;
      for (const [over, status] of bad) {
        const res = await upload(c, fields(c.ids.inv_fibre, { payment_reference: `V-${status}-${Object.keys(over)[0]}`, ...over }));
        expect([over, res.status]).toEqual([over, status]);
      }
      expect((await upload(c, fields(c.ids.inv_fibre, { payment_reference: 'V-x', amount: '5000' }))).body.code).toBe('PORTAL.AMOUNT_ABOVE_RESIDUAL');
      const draft = await seedCustomer(h, { services: [{ key: 'f', product: 'prod_fibre_100', price: 650 }], serviceInvoices: [{ key: 'd', service: 'f', invoiceDaysAgo: 1, dueInDays: 10, post: false }] });
      const res = await upload(draft, fields(draft.ids.d));
      expect([res.status, res.body.code]).toEqual([422, 'PORTAL.INVOICE_NOT_OPEN']);
      expect((await as(h, c).post('/api/odoo/upload-proof-payment').field('invoice_id', String(c.ids.inv_fibre)).field('payment_reference', 'X-1')
        .field('amount', '1').field('payment_date', daysAgo(1)).field('extra', 'no').attach('proof_file', PDF, 'a.pdf')).status).toBe(400);
      expect((await as(h, c).post('/api/odoo/upload-proof-payment').field('invoice_id', String(c.ids.inv_fibre)).field('payment_reference', 'X-2')
        .field('amount', '1').field('payment_date', daysAgo(1)).attach('proof_file', PDF, 'a.pdf').attach('other', PDF, 'b.pdf')).status).toBe(400);
    });
  });

  it('GET /dashboard puts everything in one response', async () => {
    const res = await as(h, c).get('/api/odoo/dashboard').expect(200);
    expect(res.body.customer).toMatchObject({ partner_id: c.partnerId, timezone: 'Africa/Nairobi' });
    expect(res.body.services).toHaveLength(2);
    expect(res.body.arrears).toMatchObject({ overdue_total: expect.any(Number), oldest_days_overdue: addonDays });
    expect(res.body.recent_invoices.length).toBeGreaterThan(0);
    expect(res.body.tickets.length).toBeGreaterThan(0);
    expect(res.body.recent_orders.map((o: { id: number }) => o.id)).toEqual([c.ids.kit]);
    expect(res.body.products.length).toBeGreaterThan(5);
    expect(res.body.stale).toBe(false);
    expect(Object.keys(res.body.freshness).sort()).toEqual(['invoices', 'open_invoices', 'orders', 'payments', 'products', 'services', 'tickets']);
  });

  it('computes days overdue in the customer’s time zone', async () => {
    // Due yesterday in UTC-11 is still "due today" there at some hours, and overdue in UTC+14 earlier: compare two far zones.
    const east = await seedCustomer(h, { tz: 'Pacific/Kiritimati', plainInvoices: 1, plainInvoiceDueInDays: -1 });
    const west = await seedCustomer(h, { tz: 'Pacific/Pago_Pago', plainInvoices: 1, plainInvoiceDueInDays: -1 });
    const days = async (x: SeededCustomer) => (await as(h, x).get('/api/odoo/billing').expect(200)).body.arrears.oldest_days_overdue as number;
    const [e, w] = [await days(east), await days(west)];
    // The simulator's "today" is UTC; Kiritimati (UTC+14) is always a day ahead of Pago Pago (UTC-11) or more.
    expect(e - w).toBeGreaterThanOrEqual(1);
  });
});

function daysAgo(n: number): string {
  return new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
}
