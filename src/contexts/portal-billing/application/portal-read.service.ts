import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../../infrastructure/config';
import { computeArrears, isOpenInvoice, type ArrearsSummary } from '../domain/arrears';
import { localDate } from '../domain/calendar';
import { PortalInvoiceNotFound } from '../domain/portal.errors';
import type {
  InvoiceLineRecord, InvoiceRecord, InvoiceStateRecord, OrderRecord, Paged, PartnerScope, PaymentRecord, ProductRecord, ServiceRecord,
} from '../domain/portal.types';
import { PortalOdooPort, type InvoiceQuery, type PageQuery, type PortalReadOptions } from '../integration/portal-odoo.port';
import type { RecordCopyKind } from '../persistence/local-copy.entity';
import { LocalCopyRepository, scopeKey } from '../persistence/local-copy.repository';
import type { PortalTicket } from '../persistence/portal-ticket.entity';
import { PortalTicketRepository } from '../persistence/portal-ticket.repository';
import { copyFreshness, liveOrCopy, type Fresh } from './freshness';
import { ownedBy } from './portal-scope.service';
import { PortalJobsService } from './portal-jobs.service';

export interface OpenInvoices {
  invoices: InvoiceRecord[];
  /** Product lines of the open customer invoices (per-service arrears). */
  lines: InvoiceLineRecord[];
}

export interface OrderWithInvoices {
  order: OrderRecord;
  invoices: InvoiceStateRecord[];
}

export type ListQuery = PageQuery;

const SNAP = { services: 'services', open: 'open_invoices', tickets: 'tickets', catalog: 'catalog', history: (k: RecordCopyKind) => `history:${k}` };

/**
 * Every portal read. Each section asks Odoo live (short deadline, calls in parallel, one call per
 * model whatever the customer's history size) and keeps what it got as the local copy; when Odoo
 * is slow or down the section is served from that copy, marked stale with its age.
 */
@Injectable()
export class PortalReadService {
  private readonly logger = new Logger(PortalReadService.name);
  constructor(
    private readonly odoo: PortalOdooPort,
    private readonly copies: LocalCopyRepository,
    private readonly tickets: PortalTicketRepository,
    private readonly jobs: PortalJobsService,
    private readonly config: AppConfig,
  ) {}

  private get opts(): PortalReadOptions {
    return { timeoutMs: this.config.portal.odooReadTimeoutMs };
  }

  today(scope: PartnerScope, now = new Date()): string {
    return localDate(scope.timezone, now);
  }

  services(scope: PartnerScope): Promise<Fresh<ServiceRecord[]>> {
    const key = scopeKey.partner(scope.commercialPartnerId);
    const owned = ownedBy(scope);
    return liveOrCopy('Your services', {
      live: async () => (await this.odoo.listServices(scope.commercialPartnerId, this.opts)).filter(owned),
      save: (items, at) => this.copies.saveSnapshot(key, SNAP.services, { items }, at),
      copy: async () => {
        const s = await this.copies.loadSnapshot(key, SNAP.services);
        return s && { value: s.data.items as ServiceRecord[], at: s.refreshedAt };
      },
    });
  }

  openInvoices(scope: PartnerScope): Promise<Fresh<OpenInvoices>> {
    const key = scopeKey.partner(scope.commercialPartnerId);
    const owned = ownedBy(scope);
    return liveOrCopy('Your open invoices', {
      live: async () => {
        const invoices = (await this.odoo.listOpenInvoices(scope.commercialPartnerId, this.opts)).filter(owned).filter(isOpenInvoice);
        const ids = invoices.filter((i) => i.moveType === 'out_invoice').map((i) => i.id);
        const idSet = new Set(ids);
        const lines = ids.length ? (await this.odoo.listInvoiceLines(ids, this.opts)).filter((l) => idSet.has(l.invoiceId)) : [];
        return { invoices, lines };
      },
      save: async (v, at) => {
        await this.copies.saveSnapshot(key, SNAP.open, { invoices: v.invoices, lines: v.lines }, at);
        await this.copies.upsertRecords('invoice', scope.commercialPartnerId, v.invoices.map(invoiceRow), at);
        this.jobs.ensurePaymentLinksLater(scope.commercialPartnerId, v.invoices);
      },
      copy: async () => {
        const s = await this.copies.loadSnapshot(key, SNAP.open);
        return s && { value: { invoices: s.data.invoices as InvoiceRecord[], lines: s.data.lines as InvoiceLineRecord[] }, at: s.refreshedAt };
      },
    });
  }

  async arrears(scope: PartnerScope, services?: Fresh<ServiceRecord[]>, open?: Fresh<OpenInvoices>): Promise<{ arrears: ArrearsSummary; services: Fresh<ServiceRecord[]>; open: Fresh<OpenInvoices> }> {
    const [s, o] = await Promise.all([services ?? this.services(scope), open ?? this.openInvoices(scope)]);
    return { arrears: computeArrears(s.value, o.value.invoices, o.value.lines, this.today(scope)), services: s, open: o };
  }

  invoices(scope: PartnerScope, query: InvoiceQuery): Promise<Fresh<Paged<InvoiceRecord>>> {
    const owned = ownedBy(scope);
    return this.history('invoice', 'Your invoices', scope, {
      live: async () => {
        const page = await this.odoo.listInvoices(scope.commercialPartnerId, query, this.opts);
        return { items: page.items.filter(owned), total: page.total };
      },
      row: invoiceRow,
      query: { from: query.from, to: query.to, offset: query.offset, limit: query.limit, filter: query.status === 'open' ? 'invoice_open' : query.status === 'paid' ? 'invoice_paid' : undefined },
    });
  }

  payments(scope: PartnerScope, query: ListQuery): Promise<Fresh<Paged<PaymentRecord>>> {
    const owned = ownedBy(scope);
    return this.history('payment', 'Your payments', scope, {
      live: async () => {
        const page = await this.odoo.listPayments(scope.commercialPartnerId, query, this.opts);
        return { items: page.items.filter(owned), total: page.total };
      },
      row: (p) => ({ odooId: p.id, recordDate: p.date, data: p }),
      query,
    });
  }

  orders(scope: PartnerScope, query: ListQuery): Promise<Fresh<Paged<OrderWithInvoices>>> {
    const owned = ownedBy(scope);
    return this.history('order', 'Your orders', scope, {
      live: async () => {
        const page = await this.odoo.listOrders(scope.commercialPartnerId, query, this.opts);
        const orders = page.items.filter(owned);
        const invoiceIds = [...new Set(orders.flatMap((o) => o.invoiceIds))];
        const states = invoiceIds.length ? await this.odoo.getInvoiceStates(invoiceIds, this.opts) : [];
        return { items: orders.map((order) => ({ order, invoices: states.filter((s) => order.invoiceIds.includes(s.id)) })), total: page.total };
      },
      row: (o) => ({ odooId: o.order.id, recordDate: o.order.dateOrder?.slice(0, 10) ?? null, data: o }),
      query,
    });
  }

  /** One invoice of this customer, with its lines; another customer's id is simply "not found". */
  async invoice(scope: PartnerScope, invoiceId: number): Promise<Fresh<{ invoice: InvoiceRecord; lines: InvoiceLineRecord[] }>> {
    return liveOrCopy('This invoice', {
      live: async () => {
        const invoice = await this.odoo.getInvoice(scope.commercialPartnerId, invoiceId, this.opts);
        if (!invoice || !ownedBy(scope)(invoice)) throw new PortalInvoiceNotFound();
        const [lines, portalPath] = await Promise.all([
          this.odoo.listInvoiceLines([invoice.id], this.opts),
          invoice.portalPath || !this.config.portal.paymentLinks ? Promise.resolve(invoice.portalPath) : this.odoo.ensureInvoicePortalPath(invoice.id).catch(() => null),
        ]);
        return { invoice: { ...invoice, portalPath }, lines: lines.filter((l) => l.invoiceId === invoice.id) };
      },
      save: (v, at) => this.copies.upsertRecords('invoice', scope.commercialPartnerId, [{ ...invoiceRow(v.invoice), data: { ...v.invoice, lines: v.lines } }], at),
      copy: async () => {
        const row = await this.copies.getRecord('invoice', scope.commercialPartnerId, invoiceId);
        if (!row) return null;
        const { lines, ...invoice } = row.data as InvoiceRecord & { lines?: InvoiceLineRecord[] };
        return { value: { invoice, lines: lines ?? [] }, at: row.refreshedAt };
      },
    });
  }

  /** The sellable catalog; one shared copy, reused without asking Odoo while younger than PORTAL_PRODUCTS_CACHE_SECONDS. */
  async products(): Promise<Fresh<ProductRecord[]>> {
    const cached = await this.copies.loadSnapshot(scopeKey.catalog, SNAP.catalog);
    if (cached && Date.now() - cached.refreshedAt.getTime() < this.config.portal.productsCacheSeconds * 1000) {
      return { value: cached.data.items as ProductRecord[], freshness: copyFreshness(cached.refreshedAt, false) };
    }
    return liveOrCopy('The product catalog', {
      live: () => this.odoo.listProducts(this.opts),
      save: (items, at) => this.copies.saveSnapshot(scopeKey.catalog, SNAP.catalog, { items }, at),
      copy: async () => cached && { value: cached.data.items as ProductRecord[], at: cached.refreshedAt },
    });
  }

  /** The customer's tickets: Odoo's list merged into the local copies, plus tickets still queued for Odoo. */
  async ticketList(scope: PartnerScope, limit: number): Promise<Fresh<PortalTicket[]>> {
    const key = scopeKey.partner(scope.commercialPartnerId);
    const owned = ownedBy(scope);
    const fresh = await liveOrCopy('Your tickets', {
      live: async () => (await this.odoo.listTickets(scope.commercialPartnerId, limit, this.opts)).filter((t) => owned({ partnerId: t.partnerId })),
      save: async (items, at) => {
        await this.tickets.upsertFromOdoo(scope.commercialPartnerId, items, at);
        await this.copies.saveSnapshot(key, SNAP.tickets, { count: items.length }, at);
      },
      copy: async () => {
        const s = await this.copies.loadSnapshot(key, SNAP.tickets);
        const local = await this.tickets.listForPartner(scope.commercialPartnerId, 1);
        // Tickets created here but never listed from Odoo still count as a copy.
        const at = s?.refreshedAt ?? local[0]?.createdAt;
        return at ? { value: [], at } : null;
      },
    });
    return { value: await this.tickets.listForPartner(scope.commercialPartnerId, limit), freshness: fresh.freshness };
  }

  /** Paged history (invoices, payments, orders): live page saved as record copies; the copies answer the same query when Odoo is down. */
  private history<T>(kind: RecordCopyKind, what: string, scope: PartnerScope, spec: {
    live: () => Promise<Paged<T>>;
    row: (item: T) => { odooId: number; recordDate: string | null; data: object };
    query: { from?: string; to?: string; offset: number; limit: number; filter?: 'invoice_open' | 'invoice_paid' };
  }): Promise<Fresh<Paged<T>>> {
    const key = scopeKey.partner(scope.commercialPartnerId);
    return liveOrCopy(what, {
      live: spec.live,
      save: async (page, at) => {
        await this.copies.upsertRecords(kind, scope.commercialPartnerId, page.items.map(spec.row), at);
        await this.copies.saveSnapshot(key, SNAP.history(kind), { lastTotal: page.total }, at);
      },
      copy: async () => {
        const marker = await this.copies.loadSnapshot(key, SNAP.history(kind));
        const page = await this.copies.queryRecords(kind, scope.commercialPartnerId, spec.query);
        if (!marker && !page.items.length) return null;
        const at = [marker?.refreshedAt, page.oldestRefreshedAt].filter((d): d is Date => !!d).sort((a, b) => a.getTime() - b.getTime())[0];
        return { value: { items: page.items as T[], total: page.total }, at };
      },
    });
  }
}

function invoiceRow(i: InvoiceRecord) {
  return { odooId: i.id, recordDate: i.invoiceDate, data: i };
}
