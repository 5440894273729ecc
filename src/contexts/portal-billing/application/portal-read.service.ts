import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
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
export class PortalReadService implements OnApplicationShutdown {
  private readonly logger = new Logger(PortalReadService.name);
  constructor(
    private readonly odoo: PortalOdooPort,
    private readonly copies: LocalCopyRepository,
    private readonly tickets: PortalTicketRepository,
    private readonly jobs: PortalJobsService,
    private readonly config: AppConfig,
  ) {}

  private readonly saving = new Set<Promise<void>>();

  /** Local-copy saves run off the response path; they are tracked so shutdown (and tests) can wait for them. */
  private readonly background = (p: Promise<void>): void => {
    this.saving.add(p);
    void p.finally(() => this.saving.delete(p));
  };

  /** Waits for the local-copy saves still running. */
  async settle(): Promise<void> {
    while (this.saving.size) await Promise.all([...this.saving]);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.settle();
  }

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
      background: this.background,
      live: async () => {
        // The catalog (usually cached, and read at the same time) gives the product data the service type is detected from.
        const [services, catalog] = await Promise.all([
          this.odoo.listServices(scope.commercialPartnerId, this.opts),
          this.products().then((c) => c.value, () => [] as ProductRecord[]),
        ]);
        return this.withProductFacts(services.filter(owned), catalog);
      },
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
      background: this.background,
      live: async () => {
        // The invoices and their lines in one round trip; lines are kept only for invoices in the (checked) list.
        const [all, allLines] = await Promise.all([
          this.odoo.listOpenInvoices(scope.commercialPartnerId, this.opts),
          this.odoo.listOpenInvoiceLines(scope.commercialPartnerId, this.opts),
        ]);
        const invoices = all.filter(owned).filter(isOpenInvoice);
        const ids = new Set(invoices.filter((i) => i.moveType === 'out_invoice').map((i) => i.id));
        return { invoices, lines: allLines.filter((l) => ids.has(l.invoiceId)) };
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
      background: this.background,
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

  /** Product category and description for each service's products: from the catalog, else read (rare: archived or unsellable products). */
  private async withProductFacts(services: ServiceRecord[], catalog: ProductRecord[]): Promise<ServiceRecord[]> {
    const known = new Map(catalog.map((p) => [p.id, p]));
    const missing = [...new Set(services.flatMap((s) => s.productIds))].filter((id) => !known.has(id));
    if (missing.length) {
      for (const p of await this.odoo.getProducts(missing, this.opts).catch(() => [] as ProductRecord[])) known.set(p.id, p);
    }
    return services.map((s) => ({
      ...s,
      products: s.productIds.map((id) => {
        const p = known.get(id);
        const fromLine = s.products.find((x) => x.id === id);
        return p
          ? { id, name: p.name, defaultCode: p.defaultCode, categoryName: p.categoryName, description: p.description }
          : fromLine ?? { id, name: s.name, defaultCode: null, categoryName: null, description: null };
      }),
    }));
  }

  private catalogInFlight?: Promise<Fresh<ProductRecord[]>>;

  /**
   * The sellable catalog; one shared copy, reused without asking Odoo while younger than
   * PORTAL_PRODUCTS_CACHE_SECONDS. Concurrent callers (the dashboard's sections) share one read.
   */
  products(): Promise<Fresh<ProductRecord[]>> {
    this.catalogInFlight ??= this.loadProducts().finally(() => { this.catalogInFlight = undefined; });
    return this.catalogInFlight;
  }

  /** The catalog as last loaded by this process (the snapshot in Postgres is the shared copy). */
  private catalogMemo?: { items: ProductRecord[]; at: Date };

  private async loadProducts(): Promise<Fresh<ProductRecord[]>> {
    const ttlMs = this.config.portal.productsCacheSeconds * 1000;
    const memo = this.catalogMemo;
    if (memo && Date.now() - memo.at.getTime() < ttlMs) return { value: memo.items, freshness: copyFreshness(memo.at, false) };
    const cached = await this.copies.loadSnapshot(scopeKey.catalog, SNAP.catalog);
    if (cached && Date.now() - cached.refreshedAt.getTime() < ttlMs) {
      this.catalogMemo = { items: cached.data.items as ProductRecord[], at: cached.refreshedAt };
      return { value: this.catalogMemo.items, freshness: copyFreshness(cached.refreshedAt, false) };
    }
    return liveOrCopy('The product catalog', {
      background: this.background,
      live: () => this.odoo.listProducts(this.opts),
      save: async (items, at) => {
        this.catalogMemo = { items, at };
        await this.copies.saveSnapshot(scopeKey.catalog, SNAP.catalog, { items }, at);
      },
      copy: async () => cached && { value: cached.data.items as ProductRecord[], at: cached.refreshedAt },
    });
  }

  /** The customer's tickets: Odoo's list merged into the local copies, plus tickets still queued for Odoo. */
  async ticketList(scope: PartnerScope, limit: number): Promise<Fresh<PortalTicket[]>> {
    const key = scopeKey.partner(scope.commercialPartnerId);
    const owned = ownedBy(scope);
    const fresh = await liveOrCopy('Your tickets', {
      live: async () => (await this.odoo.listTickets(scope.commercialPartnerId, limit, this.opts)).filter((t) => owned({ partnerId: t.partnerId })),
      // The upsert is awaited (the list below reads it); only the freshness marker is written in the background.
      save: async (items, at) => {
        await this.tickets.upsertFromOdoo(scope.commercialPartnerId, items, at);
        this.background(this.copies.saveSnapshot(key, SNAP.tickets, { count: items.length }, at));
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
      background: this.background,
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
