import { AppError } from '../../../src/infrastructure/errors';
import type {
  AttachmentInput, DraftPaymentInput, InvoiceLineRecord, InvoiceRecord, InvoiceStateRecord, LinkCandidate, NewTicket, OrderRecord, Paged,
  PartnerFacts, PaymentRecord, ProductRecord, ServiceRecord, TicketModel, TicketRecord,
} from '../../../src/contexts/portal-billing/domain/portal.types';
import {
  PortalOdooPort, type InvoiceQuery, type OpeningBalance, type PageQuery,
} from '../../../src/contexts/portal-billing/integration/portal-odoo.port';

/** Odoo being down, as the shared provider reports it (kind unavailable, never reached Odoo). */
export class FakeOdooDown extends AppError {
  readonly maybeProcessed: boolean;
  constructor(maybeProcessed = false) {
    super('ODOO.UNAVAILABLE', 'Odoo is down (fake)', 'unavailable', { system: 'odoo' }, { retryAfterSeconds: 17 });
    this.maybeProcessed = maybeProcessed;
  }
}

export class FakeOdooUserError extends AppError {
  constructor(message: string) {
    super('ODOO.USER_ERROR', message, 'business_rule', { system: 'odoo' });
  }
}

/**
 * An in-memory Odoo behind the PortalOdooPort, for service tests on a real database. It keeps
 * one record set per model, scopes every read by commercial partner like the real adapter's
 * domains, can be taken down, and counts calls.
 */
export class FakePortalOdoo extends PortalOdooPort {
  partners: Array<PartnerFacts & { parentId: number | null }> = [];
  invoices: InvoiceRecord[] = [];
  lines: InvoiceLineRecord[] = [];
  payments: PaymentRecord[] = [];
  services: ServiceRecord[] = [];
  orders: OrderRecord[] = [];
  products: ProductRecord[] = [];
  tickets: TicketRecord[] = [];
  draftPayments: Array<DraftPaymentInput & { id: number }> = [];
  attachments: Array<AttachmentInput & { id: number }> = [];
  model: TicketModel = 'helpdesk.ticket';
  down = false;
  /** Fail writes after Odoo may have committed them (a timeout). */
  downAfterWrite = false;
  failNextCreate?: Error;
  calls: string[] = [];
  // Random start: the test database outlives a run, and Odoo ids are unique per database.
  private seq = 1_000_000 + Math.floor(Math.random() * 1_000_000_000);

  nextId(): number {
    return ++this.seq;
  }

  private hit(name: string): void {
    this.calls.push(name);
    if (this.down) throw new FakeOdooDown();
  }

  private commercialOf(partnerId: number | null): number | null {
    return this.partners.find((p) => p.id === partnerId)?.commercialPartnerId ?? null;
  }

  addPartner(p: Partial<PartnerFacts> & { id: number; email: string | null; parentId?: number | null }): PartnerFacts & { parentId: number | null } {
    const parentId = p.parentId ?? null;
    const row = {
      name: `Partner ${p.id}`, ref: null, tz: null, active: true, ...p, parentId,
      commercialPartnerId: parentId ?? p.id,
    };
    this.partners.push(row);
    return row;
  }

  async findLinkCandidates(email: string): Promise<LinkCandidate[]> {
    this.hit('findLinkCandidates');
    const e = email.trim().toLowerCase();
    return this.partners
      .filter((p) => (p.email ?? '').toLowerCase().includes(e))
      .map((p) => ({ ...p, commercialRef: this.partners.find((c) => c.id === p.commercialPartnerId)?.ref ?? null }));
  }

  async findInvoiceOwners(number: string): Promise<number[]> {
    this.hit('findInvoiceOwners');
    return this.invoices.filter((i) => i.number === number && i.state === 'posted' && i.moveType === 'out_invoice').map((i) => i.commercialPartnerId);
  }

  async getPartner(partnerId: number): Promise<PartnerFacts | null> {
    this.hit('getPartner');
    return this.partners.find((p) => p.id === partnerId) ?? null;
  }

  async listFamilyPartnerIds(commercialPartnerId: number): Promise<number[]> {
    this.hit('listFamilyPartnerIds');
    return this.partners.filter((p) => p.commercialPartnerId === commercialPartnerId).map((p) => p.id);
  }

  async listServices(commercialPartnerId: number): Promise<ServiceRecord[]> {
    this.hit('listServices');
    return this.services.filter((s) => this.commercialOf(s.partnerId) === commercialPartnerId);
  }

  private inDates(date: string | null, q: { from?: string; to?: string }): boolean {
    if (q.from && (!date || date < q.from)) return false;
    if (q.to && (!date || date.slice(0, 10) > q.to)) return false;
    return true;
  }

  async listInvoices(cp: number, q: InvoiceQuery): Promise<Paged<InvoiceRecord>> {
    this.hit('listInvoices');
    const all = this.invoices
      .filter((i) => i.commercialPartnerId === cp && this.inDates(i.invoiceDate, q))
      .filter((i) => q.status === 'open' ? ['not_paid', 'partial'].includes(i.paymentState ?? '') : q.status === 'paid' ? ['paid', 'in_payment', 'reversed'].includes(i.paymentState ?? '') : true)
      .sort((a, b) => (b.invoiceDate ?? '').localeCompare(a.invoiceDate ?? '') || b.id - a.id);
    return { items: all.slice(q.offset, q.offset + q.limit), total: all.length };
  }

  async listOpenInvoices(cp: number): Promise<InvoiceRecord[]> {
    this.hit('listOpenInvoices');
    return this.invoices.filter((i) => i.commercialPartnerId === cp && i.state === 'posted' && ['not_paid', 'partial'].includes(i.paymentState ?? ''));
  }

  async getInvoice(cp: number, id: number): Promise<InvoiceRecord | null> {
    this.hit('getInvoice');
    return this.invoices.find((i) => i.id === id && i.commercialPartnerId === cp) ?? null;
  }

  async listInvoiceLines(ids: number[]): Promise<InvoiceLineRecord[]> {
    this.hit('listInvoiceLines');
    return this.lines.filter((l) => ids.includes(l.invoiceId));
  }

  async getInvoiceStates(ids: number[]): Promise<InvoiceStateRecord[]> {
    this.hit('getInvoiceStates');
    return this.invoices.filter((i) => ids.includes(i.id)).map((i) => ({ id: i.id, state: i.state, paymentState: i.paymentState }));
  }

  async ensureInvoicePortalPath(id: number): Promise<string | null> {
    this.hit('ensureInvoicePortalPath');
    const inv = this.invoices.find((i) => i.id === id);
    if (!inv) return null;
    inv.portalPath ??= `/my/invoices/${id}?access_token=tok${id}`;
    return inv.portalPath;
  }

  async balanceBefore(cp: number, date: string): Promise<OpeningBalance> {
    this.hit('balanceBefore');
    const before = this.invoices.filter((i) => i.commercialPartnerId === cp && i.state === 'posted' && (i.invoiceDate ?? '') < date);
    const paid = this.payments.filter((p) => this.commercialOf(p.partnerId) === cp && (p.date ?? '') < date && p.state !== 'draft');
    return {
      invoiced: before.filter((i) => i.moveType === 'out_invoice').reduce((s, i) => s + i.amountTotal, 0),
      credited: before.filter((i) => i.moveType === 'out_refund').reduce((s, i) => s + i.amountTotal, 0),
      paid: paid.reduce((s, p) => s + p.amount, 0),
    };
  }

  async listPayments(cp: number, q: PageQuery): Promise<Paged<PaymentRecord>> {
    this.hit('listPayments');
    const all = this.payments.filter((p) => this.commercialOf(p.partnerId) === cp && this.inDates(p.date, q)).sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
    return { items: all.slice(q.offset, q.offset + q.limit), total: all.length };
  }

  async listOrders(cp: number, q: PageQuery): Promise<Paged<OrderRecord>> {
    this.hit('listOrders');
    const all = this.orders.filter((o) => this.commercialOf(o.partnerId) === cp && this.inDates(o.dateOrder, q));
    return { items: all.slice(q.offset, q.offset + q.limit), total: all.length };
  }

  async listProducts(): Promise<ProductRecord[]> {
    this.hit('listProducts');
    return this.products;
  }

  async getProducts(ids: number[]): Promise<ProductRecord[]> {
    this.hit('getProducts');
    return this.products.filter((p) => ids.includes(p.id));
  }

  async ticketModel(): Promise<TicketModel> {
    return this.model;
  }

  async listTickets(cp: number, limit: number): Promise<TicketRecord[]> {
    this.hit('listTickets');
    return this.tickets.filter((t) => this.commercialOf(t.partnerId) === cp).slice(0, limit);
  }

  async findTicketByReference(reference: string): Promise<TicketRecord | null> {
    this.hit('findTicketByReference');
    return this.tickets.find((t) => t.reference === reference) ?? null;
  }

  async createTicket(t: NewTicket): Promise<TicketRecord> {
    this.hit('createTicket');
    if (this.failNextCreate) {
      const err = this.failNextCreate;
      this.failNextCreate = undefined;
      throw err;
    }
    const rec = {
      odooModel: this.model, odooId: this.nextId(), subject: t.subject, description: `${t.description}\n\nPortal reference: ${t.reference}`,
      stage: 'New', closed: false, priority: t.priority, createdAt: new Date(), partnerId: t.partnerId, reference: t.reference as string | null,
    };
    this.tickets.push(rec);
    if (this.downAfterWrite) throw new FakeOdooDown(true);
    return rec;
  }

  async findPaymentByProofReference(ref: string): Promise<number | null> {
    this.hit('findPaymentByProofReference');
    return this.draftPayments.find((p) => p.proofReference === ref)?.id ?? null;
  }

  async createDraftPayment(input: DraftPaymentInput): Promise<number> {
    this.hit('createDraftPayment');
    const id = this.nextId();
    this.draftPayments.push({ ...input, id });
    if (this.downAfterWrite) throw new FakeOdooDown(true);
    return id;
  }

  async findAttachment(resModel: string, resId: number, name: string): Promise<number | null> {
    this.hit('findAttachment');
    return this.attachments.find((a) => a.resModel === resModel && a.resId === resId && a.name === name)?.id ?? null;
  }

  async createAttachment(input: AttachmentInput): Promise<number> {
    this.hit('createAttachment');
    const id = this.nextId();
    this.attachments.push({ ...input, id });
    return id;
  }
}
