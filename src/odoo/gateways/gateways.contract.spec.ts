import { PROTOCOLS, simClient, type SimClient } from '../../../test/support/odoo-sim';
import { OdooAttachmentGateway } from './attachments.gateway';
import { OdooChatterGateway } from './chatter.gateway';
import { OdooInvoiceGateway } from './invoices.gateway';
import { OdooLoyaltyGateway } from './loyalty.gateway';
import { OdooMembershipGateway } from './membership.gateway';
import { OdooModuleMissing } from './odoo-gateway';
import { OdooPartnerGateway } from './partners.gateway';
import { OdooPaymentGateway } from './payments.gateway';
import { OdooProductGateway } from './products.gateway';
import { OdooSaleOrderGateway } from './sale-orders.gateway';
import { OdooStockGateway } from './stock.gateway';
import { OdooSubscriptionGateway } from './subscriptions.gateway';
import { OdooTicketGateway } from './tickets.gateway';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const today = () => new Date().toISOString().slice(0, 10);

/**
 * One contract suite for every gateway operation, run over each transport against the same
 * Odoo 19 simulator (19 serves XML-RPC, JSON-RPC and JSON-2): the results must be identical.
 */
describe.each(PROTOCOLS)('gateway contract over %s', (protocol) => {
  let t: SimClient;
  let g: ReturnType<typeof gateways>;
  const gateways = (s: SimClient) => {
    const orders = new OdooSaleOrderGateway(s.client);
    return {
      partners: new OdooPartnerGateway(s.client), products: new OdooProductGateway(s.client), stock: new OdooStockGateway(s.client), orders,
      invoices: new OdooInvoiceGateway(s.client), payments: new OdooPaymentGateway(s.client), tickets: new OdooTicketGateway(s.client),
      attachments: new OdooAttachmentGateway(s.client), chatter: new OdooChatterGateway(s.client), loyalty: new OdooLoyaltyGateway(s.client),
      membership: new OdooMembershipGateway(s.client), subscriptions: new OdooSubscriptionGateway(s.client, orders),
    };
  };
  beforeEach(async () => {
    t = await simClient(protocol, { version: 19 });
    g = gateways(t);
  });
  afterEach(async () => { await t.close(); });
  const ref = (x: string) => t.sim.ref(x);

  describe('partners', () => {
    it('finds by reference and by email (case-insensitive, no wildcards) and maps empty values to null', async () => {
      const [nour] = await g.partners.findByRef('CC-10001');
      expect(nour).toMatchObject({ id: ref('partner_nour'), name: 'Nour El-Sayed', email: 'nour.elsayed@example.com', isCompany: false, parent: null, countryCode: 'EG', vat: null, mobile: null });
      expect(nour.country).toEqual({ id: ref('base.eg'), name: 'Egypt' });
      expect((await g.partners.findByEmail('NOUR.ELSAYED@example.COM')).map((p) => p.id)).toEqual([ref('partner_nour')]);
      expect(await g.partners.findByEmail('%@example.com')).toEqual([]);
    });

    it('reads a company with its contacts (child_of) and skips deleted ids', async () => {
      const family = await g.partners.familyIds(ref('partner_farm'));
      expect(family.sort()).toEqual([ref('partner_farm'), ref('partner_farm_ahmed'), ref('partner_farm_billing')].sort());
      const [ahmed, missing] = await g.partners.getMany([ref('partner_farm_ahmed'), 987654]);
      expect(missing).toBeUndefined();
      expect(ahmed).toMatchObject({ displayName: 'Wadi Natrun Farms, Ahmed Tawfik', commercialPartnerId: ref('partner_farm'), parent: { id: ref('partner_farm') } });
    });

    it('creates and updates, dropping fields this version lacks (mobile on 19)', async () => {
      const id = await g.partners.create({ name: 'Portal Newcomer', email: 'new@example.com', mobile: '+20 100', countryId: await g.partners.countryId('eg') });
      await g.partners.update(id, { phone: '+20 2 1234', ref: 'CC-19999' });
      expect(await g.partners.get(id)).toMatchObject({ name: 'Portal Newcomer', phone: '+20 2 1234', ref: 'CC-19999', mobile: null, countryCode: 'EG' });
    });

    it('pages through changes with a (write_date, id) cursor', async () => {
      const first = await g.partners.changedSince(null, 10);
      expect(first.records).toHaveLength(10);
      const second = await g.partners.changedSince(first.next, 10);
      const all = [...first.records, ...second.records].map((p) => p.id);
      expect(new Set(all).size).toBe(all.length);
      const id = await g.partners.create({ name: 'Changed later' });
      let cursor = second.next;
      const seen: number[] = [];
      for (let page = await g.partners.changedSince(cursor, 50); page.records.length; page = await g.partners.changedSince(cursor, 50)) {
        seen.push(...page.records.map((p) => p.id));
        cursor = page.next;
      }
      expect(seen).toContain(id);
    });
  });

  describe('products', () => {
    it('maps goods/services and storable across versions, finds by code, barcode and cartona_id (archived included)', async () => {
      const [kit] = await g.products.findByDefaultCode(['SL-KIT-STD']);
      expect(kit).toMatchObject({ name: 'Starlink Standard Kit', kind: 'goods', storable: true, listPrice: 21500, barcode: '0850023654012', cartonaId: null });
      const [fibre] = await g.products.findByBarcode(['6223000400011']);
      expect(fibre).toMatchObject({ defaultCode: 'JUH-MILK-1L', cartonaId: 'cp-10021' });
      expect((await g.products.findByCartonaId(['cp-10021', 'cp-10024'])).map((p) => p.defaultCode).sort()).toEqual(['JUH-MILK-1L', 'PEP-330']);
      expect((await g.products.findByDefaultCode(['MOL-CHOC']))[0]).toMatchObject({ active: false });
      const [svc] = await g.products.findByDefaultCode(['FIB-100']);
      expect(svc).toMatchObject({ kind: 'service', storable: false, recurring: true });
      expect((await g.products.find({ withCartonaId: true })).length).toBe(5);
    });

    it('reads stock levels per warehouse in one call per chunk', async () => {
      const milk = ref('prod_milk');
      const all = await g.products.stockLevels([milk]);
      const cairo = await g.products.stockLevels([milk], { warehouseId: ref('wh_cairo') });
      expect(all.get(milk)!.onHand).toBe(1840);
      expect(cairo.get(milk)!.onHand).toBeLessThan(1840);
      expect(cairo.get(milk)!.free).toBeLessThanOrEqual(cairo.get(milk)!.onHand);
    });

    it('creates a storable product and sets its price on the template', async () => {
      const id = await g.products.create({ name: 'Mesh Extender', kind: 'goods', storable: true, listPrice: 999, defaultCode: 'HW-MESH' });
      await g.products.setListPrice(id, 1099);
      expect(await g.products.get(id)).toMatchObject({ defaultCode: 'HW-MESH', storable: true, kind: 'goods', listPrice: 1099 });
      await g.products.setCartonaId(id, 'cp-99999');
      expect((await g.products.findByCartonaId(['cp-99999']))[0].id).toBe(id);
    });
  });

  describe('stock', () => {
    it('lists warehouses and aggregates quants per product in one read_group', async () => {
      expect((await g.stock.warehouses()).map((w) => w.code)).toEqual(['CAI', 'ALX']);
      t.sim.calls.reset();
      const av = await g.stock.availability([ref('prod_router'), ref('prod_chipsy'), ref('prod_tea')], { warehouseId: ref('wh_alex') });
      expect(av.get(ref('prod_router'))).toMatchObject({ onHand: 15 });
      expect(av.get(ref('prod_tea'))).toMatchObject({ onHand: 180 });
      expect(t.sim.calls.count({ model: 'stock.quant', method: 'read_group' })).toBe(1);
    });

    it('finds serial-tracked quants and lots, and sets counted stock', async () => {
      const lots = await g.stock.lots({ productId: ref('prod_starlink_kit') });
      expect(lots.map((l) => l.name)).toContain('SL-2K7F-00B1');
      const quants = await g.stock.quants({ productIds: [ref('prod_starlink_kit')], warehouseId: ref('wh_alex') });
      expect(quants).toHaveLength(1);
      expect(quants[0].lot?.name).toBe('SL-2K7F-00B1');
      await g.stock.setOnHand(ref('prod_water'), ref('loc_cai_stock'), 250);
      expect((await g.stock.availability([ref('prod_water')], { warehouseId: ref('wh_cairo') })).get(ref('prod_water'))!.onHand).toBe(250);
    });

    it('validates a delivery in full and the order line shows it delivered', async () => {
      const order = ref('so_cartona_tahrir');
      const [picking] = await g.stock.pickingsForOrders([order]);
      expect(picking).toMatchObject({ state: 'assigned', typeCode: 'outgoing', saleOrderId: order });
      const done = await g.stock.validate(picking.id, { setQuantities: true });
      expect(done.state).toBe('done');
      const lines = (await g.orders.lines([order])).get(order)!;
      expect(lines.every((l) => l.qtyDelivered === l.quantity)).toBe(true);
      expect((await g.orders.get(order))?.deliveryStatus).toBe('full');
    });
  });

  describe('sale orders', () => {
    it('creates once per client reference, confirms (delivery created), and reads lines in one call', async () => {
      const input = { partnerId: ref('partner_kiosk_smouha'), clientOrderRef: `CART-${protocol}`, warehouseId: ref('wh_alex'), lines: [{ productId: ref('prod_chipsy'), quantity: 24, priceUnit: 9 }, { productId: ref('prod_tea'), quantity: 2 }] };
      const a = await g.orders.createOnce(input);
      const b = await g.orders.createOnce(input);
      expect(a.created).toBe(true);
      expect(b).toEqual({ id: a.id, created: false });
      await g.orders.confirm(a.id);
      const order = (await g.orders.get(a.id))!;
      expect(order).toMatchObject({ state: 'sale', clientOrderRef: `CART-${protocol}`, amountUntaxed: 24 * 9 + 2 * 118 });
      expect(order.pickingIds).toHaveLength(1);
      t.sim.calls.reset();
      const lines = await g.orders.lines([a.id, ref('so_router_karim')]);
      expect(lines.get(a.id)!.map((l) => l.quantity)).toEqual([24, 2]);
      expect(lines.get(ref('so_router_karim'))!).toHaveLength(2);
      expect(t.sim.calls.count({ model: 'sale.order.line', method: 'search_read' })).toBe(1);
    });

    it('cancels a confirmed order (Odoo\'s cancel wizard is handled) and refuses a locked one', async () => {
      const order = ref('so_router_karim');
      await g.orders.lock(order);
      await expect(g.orders.cancel(order)).rejects.toThrow('You cannot cancel a locked order');
      await g.orders.unlock(order);
      await g.orders.cancel(order);
      expect((await g.orders.get(order))?.state).toBe('cancel');
    });

    it('invoices a confirmed order', async () => {
      const order = ref('so_cartona_tahrir');
      const [invoiceId] = await g.orders.createInvoices([order]);
      const invoice = (await g.invoices.get(invoiceId))!;
      expect(invoice).toMatchObject({ state: 'draft', number: null, origin: (await g.orders.get(order))!.name, amountTotal: 48 * 41 + 120 * 9.5 + 72 * 17 });
      expect((await g.orders.get(order))?.invoiceStatus).toBe('invoiced');
    });
  });

  describe('invoices and payments', () => {
    it('pages a customer\'s invoices with the total, and flags overdue ones with days overdue', async () => {
      const nour = ref('partner_nour');
      const { invoices, total } = await g.invoices.find({ partnerIds: [nour], states: ['posted'] }, { limit: 2 });
      expect(total).toBe(4);
      expect(invoices).toHaveLength(2);
      // Oldest due first: last month's fibre invoice, then the membership invoice due 5 days ago.
      const overdue = await g.invoices.overdue([nour], today());
      expect(overdue.map((i) => [i.id, i.daysOverdue])).toEqual([[ref('inv_nour_2'), 20], [ref('inv_member_nour'), 5]]);
      expect(overdue[0]).toMatchObject({ overdue: true, amountResidual: 741, paymentState: 'not_paid' });
      const paid = (await g.invoices.get(ref('inv_nour_1')))!;
      expect(paid).toMatchObject({ overdue: false, amountResidual: 0 });
      expect(['paid', 'in_payment']).toContain(paid.paymentState);
    });

    it('sums what each customer still owes in one read_group, and includes the contacts\' invoices', async () => {
      const balances = await g.invoices.balances([ref('partner_mona'), ref('partner_farm')]);
      expect(balances.get(ref('partner_mona'))).toBe(794.4);
      expect(balances.get(ref('partner_farm'))).toBe(16872);
    });

    it('posts an invoice, gives Odoo\'s portal link, and registers a payment through the wizard', async () => {
      const inv = ref('inv_omar_draft');
      await g.invoices.post(inv);
      const posted = (await g.invoices.get(inv))!;
      expect(posted.number).toMatch(/^INV\/\d{4}\/\d{5}$/);
      expect(await g.invoices.portalUrl(inv)).toMatch(new RegExp(`^/my/invoices/${inv}\\?access_token=[0-9a-f-]{36}$`));
      const paymentId = await g.payments.registerPayment([inv], { amount: 741, journalId: ref('journal_bank'), memo: posted.number! });
      const [payment] = await g.payments.getMany([paymentId]);
      expect(payment).toMatchObject({ amount: 741, status: 'in_process', memo: posted.number, reconciledInvoiceIds: [inv], isReconciled: true });
      expect((await g.invoices.get(inv))).toMatchObject({ amountResidual: 0, paymentState: 'in_payment' });
    });

    it('creates a draft payment for manual verification and posts it', async () => {
      const id = await g.payments.createDraft({ partnerId: ref('partner_yasmin'), amount: 547.2, date: today(), memo: 'Proof TRX-1', paymentReference: 'TRX-1' });
      expect(await g.payments.get(id)).toMatchObject({ status: 'draft', name: null, memo: 'Proof TRX-1', paymentReference: 'TRX-1' });
      await g.payments.post(id);
      expect((await g.payments.get(id))?.status).toBe('in_process');
      const { payments } = await g.payments.find({ partnerIds: [ref('partner_yasmin')], paymentReference: 'TRX-1' });
      expect(payments.map((p) => p.id)).toEqual([id]);
    });
  });

  describe('tickets, attachments, chatter', () => {
    it('creates a helpdesk ticket and lists the customer\'s tickets with priority and stage', async () => {
      expect(await g.tickets.backend()).toBe('helpdesk');
      const id = await g.tickets.create({ subject: 'No internet', description: '<p>Since this morning</p>', partnerId: ref('partner_omar'), priority: 'high' });
      const { tickets, total } = await g.tickets.forPartners([ref('partner_omar')]);
      expect(total).toBe(1);
      expect(tickets[0]).toMatchObject({ id, backend: 'helpdesk', subject: 'No internet', priority: 'high', closed: false, email: 'omar.abdelrahman@example.com' });
      const solved = await g.tickets.forPartners([ref('partner_nour')]);
      expect(solved.tickets.find((x) => x.subject === 'Question about last invoice')?.closed).toBe(true);
    });

    it('attaches a file (mimetype detected), lists and downloads it byte for byte', async () => {
      const inv = ref('inv_mona_2');
      const id = await g.attachments.attach({ resModel: 'account.move', resId: inv, name: 'proof.pdf', data: PDF });
      const [listed] = await g.attachments.listFor('account.move', [inv]);
      expect(listed).toMatchObject({ id, name: 'proof.pdf', mimetype: 'application/pdf', size: PDF.length });
      expect((await g.attachments.download(id))?.data.equals(PDF)).toBe(true);
    });

    it('posts notes and messages on the chatter and schedules, lists and completes an activity', async () => {
      const order = ref('so_quote_farm');
      const attachment = await g.attachments.attach({ resModel: 'sale.order', resId: order, name: 'survey.pdf', data: PDF });
      const note = await g.chatter.post('sale.order', order, { body: '<p>Battery issued: B-77</p>', attachmentIds: [attachment] });
      const message = await g.chatter.post('sale.order', order, { body: '<p>Your installation is booked</p>', internal: false });
      const msgs = await g.chatter.messages('sale.order', order);
      expect(msgs.find((m) => m.id === note)).toMatchObject({ internal: true, attachmentIds: [attachment] });
      expect(msgs.find((m) => m.id === message)).toMatchObject({ internal: false });
      const act = await g.chatter.scheduleActivity('sale.order', order, { summary: 'Call the customer', deadline: today() });
      expect((await g.chatter.activities('sale.order', [order])).map((a) => [a.id, a.state])).toEqual([[act, 'today']]);
      await g.chatter.completeActivity(act, 'Reached');
      expect(await g.chatter.activities('sale.order', [order])).toEqual([]);
    });
  });

  describe('loyalty, membership, subscriptions', () => {
    it('reads programs and cards, creates a card and pushes balances with history (18+)', async () => {
      expect((await g.loyalty.programs({ types: ['loyalty'] })).map((p) => p.name)).toEqual(['Cairo Connect Rewards']);
      const card = (await g.loyalty.cardByCode('CCR-0001-NOUR'))!;
      expect(card).toMatchObject({ points: 1420, partner: { id: ref('partner_nour') }, program: { id: ref('loyalty_rewards') } });
      const created = await g.loyalty.createCard({ programId: ref('loyalty_rewards'), partnerId: ref('partner_omar'), points: 10 });
      await g.loyalty.setBalances([{ cardId: card.id, points: 1500 }, { cardId: created, points: 1500 }, { cardId: ref('card_mona'), points: 0 }]);
      expect((await g.loyalty.getCards([card.id, created, ref('card_mona')])).map((c) => c.points)).toEqual([1500, 1500, 0]);
      expect(t.sim.calls.count({ model: 'loyalty.card', method: 'write' })).toBe(2);
      const history = await g.loyalty.history(card.id);
      expect(history[0]).toMatchObject({ issued: 80, used: 0, description: 'Balance sync from the loyalty hub' });
    });

    it('reports membership as unavailable on 19 (the app was replaced) and refuses writes clearly', async () => {
      expect(await g.membership.available()).toBe(false);
      expect(await g.membership.linesForPartners([ref('partner_karim')])).toEqual([]);
      await expect(g.membership.createLine({ partnerId: 1, productId: 1, dateFrom: today(), dateTo: today(), price: 1 })).rejects.toBeInstanceOf(OdooModuleMissing);
    });

    it('lists a customer\'s subscriptions with lines in two calls, mapped states and monthly revenue', async () => {
      t.sim.calls.reset();
      const subs = await g.subscriptions.forPartners([ref('partner_mona'), ref('partner_farm'), ref('partner_lodge')]);
      expect(t.sim.calls.count({ model: 'sale.order', method: 'search_read' }) + t.sim.calls.count({ model: 'sale.order.line', method: 'search_read' })).toBe(2);
      const byPartner = Object.fromEntries(subs.map((s) => [s.partner.id, s]));
      expect(byPartner[ref('partner_mona')]).toMatchObject({ state: 'paused', plan: { name: 'Monthly' }, recurringMonthly: 480 });
      expect(byPartner[ref('partner_farm')]).toMatchObject({ state: 'in_progress', recurringMonthly: Math.round((14800 / 12) * 100) / 100 });
      expect(byPartner[ref('partner_lodge')].lines.map((l) => l.product?.name)).toEqual(['[SL-RES] Starlink Residential Service']);
      expect(await g.subscriptions.forPartners([ref('partner_mona')], { states: ['in_progress'] })).toEqual([]);
    });
  });
});

describe('version differences', () => {
  it.each([17, 18] as const)('Odoo %s: membership lines and states, payment states and loyalty history', async (version) => {
    const t = await simClient('jsonrpc', { version });
    try {
      const membership = new OdooMembershipGateway(t.client);
      const payments = new OdooPaymentGateway(t.client);
      const loyalty = new OdooLoyaltyGateway(t.client);
      expect(await membership.available()).toBe(true);
      const states = await membership.states([t.sim.ref('partner_karim'), t.sim.ref('partner_nour'), t.sim.ref('partner_mona'), t.sim.ref('partner_omar')]);
      expect(Object.fromEntries(states)).toEqual({ [t.sim.ref('partner_karim')]: 'paid', [t.sim.ref('partner_nour')]: 'invoiced', [t.sim.ref('partner_mona')]: 'old', [t.sim.ref('partner_omar')]: 'none' });
      const lines = await membership.linesForPartners([t.sim.ref('partner_karim')]);
      expect(lines[0]).toMatchObject({ product: { id: t.sim.ref('prod_member_gold') }, price: 750, state: 'paid' });
      const id = await payments.createDraft({ partnerId: t.sim.ref('partner_yasmin'), amount: 10, date: today(), memo: 'memo field differs' });
      await payments.post(id);
      expect(await payments.get(id)).toMatchObject({ status: version === 17 ? 'posted' : 'in_process', memo: 'memo field differs' });
      expect(await loyalty.hasHistory()).toBe(version >= 18);
      expect((await loyalty.history(t.sim.ref('card_karim'))).length).toBe(version >= 18 ? 1 : 0);
    } finally {
      await t.close();
    }
  });

  it('falls back to project tasks when the helpdesk app is not installed', async () => {
    const t = await simClient('jsonrpc', { version: 17, modules: ['base', 'mail', 'product', 'uom', 'stock', 'sale', 'sale_stock', 'account', 'project', 'loyalty', 'membership', 'base_automation'] });
    try {
      const tickets = new OdooTicketGateway(t.client);
      expect(await tickets.backend()).toBe('project');
      const project = t.sim.ref('project_support');
      const id = await tickets.create({ subject: 'Fallback ticket', partnerId: t.sim.ref('partner_karim'), priority: 'urgent', queueId: project });
      const { tickets: list } = await tickets.forPartners([t.sim.ref('partner_karim')]);
      expect(list.find((x) => x.id === id)).toMatchObject({ backend: 'project', priority: 'high', queue: { id: project } });
      expect(await tickets.model()).toBe('project.task');
    } finally {
      await t.close();
    }
  });
});
