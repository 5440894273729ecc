import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../../infrastructure/config';
import {
  OdooAttachmentGateway, OdooClient, OdooInvoiceGateway, OdooPartnerGateway, OdooPaymentGateway, OdooProductGateway, OdooSaleOrderGateway,
  OdooSubscriptionGateway, OdooTicketGateway, OdooUnavailable,
  type OdooCallOptions, type OdooDomain, type OdooInvoice, type OdooInvoiceLine, type OdooPartner, type OdooPayment, type OdooProduct,
  type OdooSaleOrder, type OdooSubscription, type OdooTicket,
} from '../../../odoo';
import type {
  AttachmentInput, DraftPaymentInput, InvoiceLineRecord, InvoiceRecord, InvoiceStateRecord, LinkCandidate, NewTicket, OrderRecord, Paged,
  PartnerFacts, PaymentRecord, ProductRecord, ServiceRecord, ServiceStatus, TicketModel, TicketRecord,
} from '../domain/portal.types';
import { descriptionToHtml, htmlToText, readTicketReference } from './ticket-text';
import { PortalOdooPort, type InvoiceQuery, type OpeningBalance, type PageQuery, type PortalReadOptions } from './portal-odoo.port';

const SERVICE_STATUS: Record<string, ServiceStatus> = {
  draft: 'pending', renewal: 'pending', upsell: 'pending', in_progress: 'active', paused: 'paused', renewed: 'closed', churned: 'closed',
};
const OPEN_STATES = ['not_paid', 'partial'] as const;
const PAID_STATES = ['paid', 'in_payment', 'reversed'] as const;
const PROOF_REF = /PP-[0-9A-F]{8}/;

/**
 * PortalBilling's Odoo port on the shared gateways. Every customer read is scoped in its domain
 * to the commercial partner (`child_of` takes in its contacts); reads carry the portal's short
 * deadline, so a slow Odoo turns into a stale local copy rather than a hanging page.
 */
@Injectable()
export class OdooPortalAdapter extends PortalOdooPort {
  private readonly logger = new Logger(OdooPortalAdapter.name);
  private projectId?: Promise<number | undefined>;

  constructor(
    private readonly client: OdooClient,
    private readonly partners: OdooPartnerGateway,
    private readonly products: OdooProductGateway,
    private readonly orders: OdooSaleOrderGateway,
    private readonly subscriptions: OdooSubscriptionGateway,
    private readonly invoices: OdooInvoiceGateway,
    private readonly payments: OdooPaymentGateway,
    private readonly tickets: OdooTicketGateway,
    private readonly attachments: OdooAttachmentGateway,
    private readonly config: AppConfig,
  ) {
    super();
  }

  private call(opts?: PortalReadOptions): OdooCallOptions {
    return opts?.timeoutMs ? { timeoutMs: opts.timeoutMs } : {};
  }

  // --- partners -------------------------------------------------------------------------------

  async findLinkCandidates(email: string): Promise<LinkCandidate[]> {
    const found = await this.partners.findByEmail(email);
    const commercialIds = [...new Set(found.map((p) => p.commercialPartnerId).filter((id) => !found.some((p) => p.id === id)))];
    const companies = commercialIds.length ? await this.partners.getMany(commercialIds) : [];
    const refOf = new Map([...found, ...companies].map((p) => [p.id, p.ref]));
    return found.map((p) => ({ ...toPartnerFacts(p), commercialRef: refOf.get(p.commercialPartnerId) ?? null }));
  }

  async findInvoiceOwners(number: string): Promise<number[]> {
    if (!number.trim()) return [];
    const { invoices } = await this.invoices.find(
      { moveTypes: ['out_invoice'], states: ['posted'], domain: [['name', '=ilike', escapeLike(number.trim())]] },
      { limit: 5, withTotal: false },
    );
    return [...new Set(invoices.map((i) => i.commercialPartnerId).filter((id): id is number => id !== null))];
  }

  async getPartner(partnerId: number): Promise<PartnerFacts | null> {
    const p = await this.partners.get(partnerId);
    return p ? toPartnerFacts(p) : null;
  }

  listFamilyPartnerIds(commercialPartnerId: number): Promise<number[]> {
    return this.partners.familyIds(commercialPartnerId);
  }

  // --- services -------------------------------------------------------------------------------

  async listServices(cp: number, opts?: PortalReadOptions): Promise<ServiceRecord[]> {
    const o = this.call(opts);
    if (await this.subscriptions.available()) {
      const subs = await this.subscriptions.forPartners([cp], { states: ['in_progress', 'paused', 'draft', 'renewal', 'upsell'], ...o });
      return subs.filter((s) => s.orderState === 'sale').map(toService);
    }
    return this.recurringLines(cp, o);
  }

  /**
   * Without sale_subscription (Community): confirmed sale lines of service products in the
   * configured service categories are the customer's services.
   */
  private async recurringLines(cp: number, o: OdooCallOptions): Promise<ServiceRecord[]> {
    const categories = this.config.portal.serviceCategories;
    const categoryDomain: OdooDomain = categories.length
      ? [...Array(categories.length - 1).fill('|'), ...categories.map((c) => ['product_id.categ_id.complete_name', 'ilike', c] as [string, string, string])]
      : [];
    const rows = await this.client.searchRead('sale.order.line', [
      ['order_partner_id', 'child_of', cp], ['state', '=', 'sale'], ['display_type', '=', false], ['product_id.type', '=', 'service'], ...categoryDomain,
    ], { ...o, fields: ['order_id', 'product_id', 'name', 'price_subtotal', 'currency_id', 'order_partner_id', 'create_date'], order: 'id desc' });
    return rows.map((r) => {
      const order = ref(r.order_id);
      const product = ref(r.product_id);
      return {
        key: `line:${r.id}`, orderId: order?.id ?? 0, orderName: order?.name ?? '', saleLineIds: [r.id], productIds: product ? [product.id] : [],
        name: String(r.name || product?.name || ''), status: 'active', odooState: 'sale', monthlyFee: num(r.price_subtotal),
        currency: ref(r.currency_id)?.name ?? null, startDate: typeof r.create_date === 'string' ? r.create_date.slice(0, 10) : null,
        nextBillingDate: null, partnerId: ref(r.order_partner_id)?.id ?? cp,
        products: product ? [{ id: product.id, name: product.name, defaultCode: null, categoryName: null, description: null }] : [],
      };
    });
  }

  // --- invoices ---------------------------------------------------------------------------------

  async listInvoices(cp: number, q: InvoiceQuery, opts?: PortalReadOptions): Promise<Paged<InvoiceRecord>> {
    const { invoices, total } = await this.invoices.find({
      partnerIds: [cp], states: ['posted', 'cancel'], from: q.from, to: q.to,
      paymentStates: q.status === 'open' ? [...OPEN_STATES] : q.status === 'paid' ? [...PAID_STATES] : undefined,
    }, { limit: q.limit, offset: q.offset, withTotal: q.withTotal !== false, ...this.call(opts) });
    return { items: invoices.map(toInvoiceRecord), total };
  }

  async listOpenInvoices(cp: number, opts?: PortalReadOptions): Promise<InvoiceRecord[]> {
    const { invoices } = await this.invoices.find(
      openFilter(cp),
      { limit: 5000, withTotal: false, order: 'invoice_date_due asc, id asc', ...this.call(opts) },
    );
    return invoices.map(toInvoiceRecord);
  }

  async listOpenInvoiceLines(cp: number, opts?: PortalReadOptions): Promise<InvoiceLineRecord[]> {
    return (await this.invoices.linesMatching({ ...openFilter(cp), moveTypes: ['out_invoice'] }, this.call(opts))).map(toLineRecord);
  }

  async getInvoice(cp: number, invoiceId: number, opts?: PortalReadOptions): Promise<InvoiceRecord | null> {
    // Scoped in the domain: another customer's id finds nothing, exactly like an id that does not exist.
    const { invoices } = await this.invoices.find({ partnerIds: [cp], domain: [['id', '=', invoiceId]] }, { limit: 1, withTotal: false, ...this.call(opts) });
    return invoices[0] ? toInvoiceRecord(invoices[0]) : null;
  }

  async listInvoiceLines(invoiceIds: number[], opts?: PortalReadOptions): Promise<InvoiceLineRecord[]> {
    const byInvoice = await this.invoices.lines(invoiceIds, this.call(opts));
    return [...byInvoice.values()].flat().map(toLineRecord);
  }

  async getInvoiceStates(invoiceIds: number[], opts?: PortalReadOptions): Promise<InvoiceStateRecord[]> {
    const rows = await this.invoices.getMany(invoiceIds, this.call(opts));
    return rows.map((i) => ({ id: i.id, state: i.state === 'draft' || i.state === 'cancel' ? i.state : 'posted', paymentState: i.paymentState }));
  }

  ensureInvoicePortalPath(invoiceId: number): Promise<string | null> {
    return this.invoices.portalUrl(invoiceId).then((u) => u || null);
  }

  async balanceBefore(cp: number, date: string, opts?: PortalReadOptions): Promise<OpeningBalance> {
    const o = this.call(opts);
    const before = new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const [inv, ref, pay] = await Promise.all([
      this.sum('account.move', [['commercial_partner_id', '=', cp], ['move_type', '=', 'out_invoice'], ['state', '=', 'posted'], ['invoice_date', '<=', before]], 'amount_total', 'commercial_partner_id', o),
      this.sum('account.move', [['commercial_partner_id', '=', cp], ['move_type', '=', 'out_refund'], ['state', '=', 'posted'], ['invoice_date', '<=', before]], 'amount_total', 'commercial_partner_id', o),
      this.sum('account.payment', [['partner_id', 'child_of', cp], ['payment_type', '=', 'inbound'], ['partner_type', '=', 'customer'],
        ['state', 'in', ['posted', 'in_process', 'paid']], ['date', '<=', before]], 'amount', 'partner_id', o),
    ]);
    return { invoiced: inv, credited: ref, paid: pay };
  }

  /** A read_group sum: one row per partner of the customer, whatever the history size. */
  private async sum(model: string, domain: OdooDomain, field: string, groupBy: string, o: OdooCallOptions): Promise<number> {
    const groups = await this.client.readGroup<Record<string, unknown>>(model, domain, [`${field}:sum`], [groupBy], { ...o, lazy: true });
    return Math.round(groups.reduce((s, g) => s + num(g[field]), 0) * 100) / 100;
  }

  // --- payments, orders, catalog -------------------------------------------------------------------

  async listPayments(cp: number, q: PageQuery, opts?: PortalReadOptions): Promise<Paged<PaymentRecord>> {
    const { payments, total } = await this.payments.find({ partnerIds: [cp], from: q.from, to: q.to }, { limit: q.limit, offset: q.offset, withTotal: q.withTotal !== false, ...this.call(opts) });
    return { items: payments.map(toPaymentRecord), total };
  }

  async listOrders(cp: number, q: PageQuery, opts?: PortalReadOptions): Promise<Paged<OrderRecord>> {
    const o = this.call(opts);
    const domain: OdooDomain = [['partner_id', 'child_of', cp]];
    if (await this.client.hasField('sale.order', 'is_subscription')) domain.push(['is_subscription', '=', false]);
    if (q.from) domain.push(['date_order', '>=', `${q.from} 00:00:00`]);
    if (q.to) domain.push(['date_order', '<=', `${q.to} 23:59:59`]);
    const [orders, total] = await Promise.all([
      this.orders.find({ domain, limit: q.limit, offset: q.offset }, o),
      q.withTotal === false ? Promise.resolve(-1) : this.orders.count(domain, o),
    ]);
    return { items: orders.map(toOrderRecord), total: total < 0 ? orders.length : total };
  }

  async listProducts(opts?: PortalReadOptions): Promise<ProductRecord[]> {
    const [rows, currency] = await Promise.all([
      this.products.find({ saleOk: true, limit: 1000, order: 'name asc, id asc' }, this.call(opts)),
      this.companyCurrency(opts),
    ]);
    return rows.map((p) => toProductRecord(p, currency));
  }

  async getProducts(productIds: number[], opts?: PortalReadOptions): Promise<ProductRecord[]> {
    const [rows, currency] = await Promise.all([this.products.getMany(productIds, this.call(opts)), this.companyCurrency(opts)]);
    return rows.map((p) => toProductRecord(p, currency));
  }

  /** Catalog prices are in the company currency (cached: it never changes in practice). */
  private async companyCurrency(opts?: PortalReadOptions): Promise<string | null> {
    const [row] = await this.client.searchRead('res.company', [], { fields: ['currency_id'], limit: 1, cacheTtlMs: 3_600_000, ...this.call(opts) });
    return ref(row?.currency_id)?.name ?? null;
  }

  // --- tickets ------------------------------------------------------------------------------------

  async ticketModel(): Promise<TicketModel> {
    return (await this.tickets.backend()) === 'helpdesk' ? 'helpdesk.ticket' : 'project.task';
  }

  async listTickets(cp: number, limit: number, opts?: PortalReadOptions): Promise<TicketRecord[]> {
    const [{ tickets }, model] = await Promise.all([this.tickets.forPartners([cp], { limit, withTotal: false, ...this.call(opts) }), this.ticketModel()]);
    return tickets.map((t) => toTicketRecord(t, model));
  }

  async findTicketByReference(reference: string, partnerId: number, opts?: PortalReadOptions): Promise<TicketRecord | null> {
    const [{ tickets }, model] = await Promise.all([
      this.tickets.forPartners([partnerId], { domain: [['description', 'ilike', reference]], limit: 1, withTotal: false, ...this.call(opts) }),
      this.ticketModel(),
    ]);
    return tickets[0] ? toTicketRecord(tickets[0], model) : null;
  }

  async createTicket(t: NewTicket, opts?: PortalReadOptions): Promise<TicketRecord> {
    const o = this.call(opts);
    const model = await this.ticketModel();
    const queueId = model === 'project.task' ? await this.ticketProject() : undefined;
    const id = await this.tickets.create({
      subject: t.subject, description: descriptionToHtml(t.description, t.reference), partnerId: t.partnerId,
      email: t.partnerEmail ?? undefined, priority: t.priority, queueId,
    }, o);
    const created = await this.tickets.get(id, o);
    if (!created) throw new OdooUnavailable(`ticket ${id} vanished right after creation`, { maybeProcessed: true });
    return toTicketRecord(created, model);
  }

  /** PORTAL_TICKETS_PROJECT as an id, or a project found by name (looked up once). */
  private ticketProject(): Promise<number | undefined> {
    this.projectId ??= (async () => {
      const setting = this.config.portal.ticketsProject.trim();
      if (/^\d+$/.test(setting)) return Number(setting);
      const found = await this.tickets.findQueue(setting);
      const exact = found.find((q) => q.name.toLowerCase() === setting.toLowerCase()) ?? found[0];
      if (exact) return exact.id;
      this.logger.warn({ project: setting }, 'PORTAL_TICKETS_PROJECT not found in Odoo; using the first project');
      return (await this.tickets.defaultQueue())?.id;
    })().catch((err: unknown) => {
      this.projectId = undefined;
      throw err;
    });
    return this.projectId;
  }

  // --- proofs of payment ----------------------------------------------------------------------------

  async findPaymentByProofReference(proofReference: string): Promise<number | null> {
    if (!PROOF_REF.test(proofReference)) return null;
    const memo = (await this.client.hasField('account.payment', 'memo')) ? 'memo' : 'ref';
    const { payments } = await this.payments.find({ domain: [[memo, 'ilike', proofReference]] }, { limit: 1, withTotal: false });
    return payments[0]?.id ?? null;
  }

  async createDraftPayment(input: DraftPaymentInput): Promise<number> {
    return this.payments.createDraft({
      partnerId: input.partnerId,
      amount: input.amount,
      date: input.date,
      // What the accountant matches on: the invoice, the customer's own reference, and ours (to find this payment again).
      memo: `${input.invoiceNumber} · ${input.customerReference} · portal proof ${input.proofReference}`,
      paymentReference: input.customerReference,
      journalId: await this.paymentJournal(),
    });
  }

  private journalId?: Promise<number | undefined>;
  private paymentJournal(): Promise<number | undefined> {
    const setting = this.config.portal.paymentJournal?.trim();
    if (!setting) return Promise.resolve(undefined);
    if (/^\d+$/.test(setting)) return Promise.resolve(Number(setting));
    this.journalId ??= this.client.search('account.journal', [['code', '=', setting], ['type', 'in', ['bank', 'cash']]], { limit: 1 })
      .then(([id]) => {
        if (!id) this.logger.warn({ journal: setting }, 'PORTAL_PAYMENT_JOURNAL not found; Odoo picks its default bank journal');
        return id;
      });
    return this.journalId;
  }

  async findAttachment(resModel: string, resId: number, name: string): Promise<number | null> {
    const list = await this.attachments.listFor(resModel, [resId]);
    return list.find((a) => a.name === name)?.id ?? null;
  }

  createAttachment(input: AttachmentInput): Promise<number> {
    return this.attachments.attach({ resModel: input.resModel, resId: input.resId, name: input.name, data: input.content, mimetype: input.mimeType });
  }
}

// --- mapping ----------------------------------------------------------------------------------------

const openFilter = (cp: number) => ({ partnerIds: [cp], paymentStates: [...OPEN_STATES], openOnly: true });

function toPartnerFacts(p: OdooPartner): PartnerFacts {
  return { id: p.id, name: p.name, email: p.email, ref: p.ref, commercialPartnerId: p.commercialPartnerId, tz: p.tz, active: p.active };
}

function toService(s: OdooSubscription): ServiceRecord {
  const lines = s.lines.filter((l) => !l.displayType);
  const products = lines.filter((l) => l.product).map((l) => ({ id: l.product!.id, name: l.product!.name, defaultCode: null, categoryName: null, description: null }));
  return {
    key: `sub:${s.id}`,
    orderId: s.id,
    orderName: s.name,
    saleLineIds: lines.map((l) => l.id),
    productIds: products.map((p) => p.id),
    name: lines.length === 1 ? firstLine(lines[0].name) : products.map((p) => p.name).join(' + ') || s.name,
    status: (s.state && SERVICE_STATUS[s.state]) || 'pending',
    odooState: s.rawState,
    monthlyFee: s.recurringMonthly || lines.reduce((sum, l) => sum + l.subtotal, 0),
    currency: s.currency?.name ?? null,
    startDate: s.startDate,
    nextBillingDate: s.state === 'paused' ? null : s.nextInvoiceDate,
    partnerId: s.partner.id,
    products,
  };
}

function toInvoiceRecord(i: OdooInvoice): InvoiceRecord {
  return {
    id: i.id,
    number: i.number ?? i.displayName,
    moveType: i.moveType === 'out_refund' ? 'out_refund' : 'out_invoice',
    state: i.state,
    paymentState: i.paymentState,
    invoiceDate: i.invoiceDate,
    dueDate: i.dueDate,
    amountTotal: i.amountTotal,
    amountResidual: i.amountResidual,
    currency: i.currency?.name ?? null,
    partnerId: i.partner?.id ?? 0,
    commercialPartnerId: i.commercialPartnerId ?? 0,
    origin: i.origin,
    portalPath: i.accessToken ? `${i.accessUrl ?? `/my/invoices/${i.id}`}?access_token=${encodeURIComponent(i.accessToken)}` : null,
  };
}

function toLineRecord(l: OdooInvoiceLine): InvoiceLineRecord {
  return { id: l.id, invoiceId: l.invoiceId, productId: l.product?.id ?? null, saleLineIds: l.saleLineIds, name: l.name, amountTotal: l.total };
}

function toPaymentRecord(p: OdooPayment): PaymentRecord {
  return {
    id: p.id, reference: p.name ?? p.paymentReference ?? `Payment ${p.id}`, date: p.date, amount: p.amount, currency: p.currency?.name ?? null,
    method: p.journal?.name ?? p.method?.name ?? null, state: p.rawState, partnerId: p.partner?.id ?? 0,
  };
}

function toOrderRecord(o: OdooSaleOrder): OrderRecord {
  return {
    id: o.id, name: o.name, state: o.state, dateOrder: o.dateOrder?.toISOString() ?? null, amountTotal: o.amountTotal, currency: o.currency?.name ?? null,
    invoiceStatus: o.invoiceStatus, deliveryStatus: o.deliveryStatus, invoiceIds: o.invoiceIds, partnerId: o.partner.id,
  };
}

function toProductRecord(p: OdooProduct, currency: string | null): ProductRecord {
  return {
    id: p.id, name: p.name, defaultCode: p.defaultCode, categoryName: p.category?.name ?? null, description: p.description,
    listPrice: p.listPrice, currency, type: p.kind, recurring: p.recurring,
  };
}

function toTicketRecord(t: OdooTicket, model: TicketModel): TicketRecord {
  const description = htmlToText(t.description ?? '');
  return {
    odooModel: model, odooId: t.id, subject: t.subject, description, stage: t.stage?.name ?? null, closed: t.closed,
    priority: t.priority, createdAt: t.createdAt, partnerId: t.partner?.id ?? null, reference: readTicketReference(t.description ?? ''),
  };
}

const ref = (v: unknown): { id: number; name: string } | null =>
  Array.isArray(v) && typeof v[0] === 'number' ? { id: v[0], name: typeof v[1] === 'string' ? v[1] : '' } : null;
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v) || 0);
const firstLine = (s: string) => s.split('\n')[0].trim();
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
