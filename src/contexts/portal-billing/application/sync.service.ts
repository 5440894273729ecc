import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../../infrastructure/config';
import type { PartnerScope } from '../domain/portal.types';
import { PortalOdooPort } from '../integration/portal-odoo.port';
import type { RecordCopyKind } from '../persistence/local-copy.entity';
import { LocalCopyRepository } from '../persistence/local-copy.repository';
import { PartnerLinkRepository } from '../persistence/partner-link.repository';
import { PortalReadService } from './portal-read.service';
import { PortalScopeService } from './portal-scope.service';

export interface SyncParts {
  services: boolean;
  tickets: boolean;
  /** Invoices, payments and orders (full history). */
  billing: boolean;
}

export const ALL_PARTS: SyncParts = { services: true, tickets: true, billing: true };

export interface SyncReport {
  commercialPartnerId: number;
  ok: boolean;
  services?: number;
  openInvoices?: number;
  invoices?: number;
  payments?: number;
  orders?: number;
  tickets?: number;
  errors: string[];
}

const PAGE = 200;

/**
 * Refreshes a customer's local copies from Odoo in full (the nightly job, the refresh after
 * linking, and `odoo:sync`). Unlike a portal read it never falls back: a part that cannot be
 * read is reported as an error and its copy is left as it was.
 */
@Injectable()
export class SyncService {
  private readonly logger = new Logger(SyncService.name);
  constructor(
    private readonly links: PartnerLinkRepository,
    private readonly scopes: PortalScopeService,
    private readonly reads: PortalReadService,
    private readonly odoo: PortalOdooPort,
    private readonly copies: LocalCopyRepository,
    private readonly config: AppConfig,
  ) {}

  /** Commercial partners with at least one linked account. */
  linkedCustomers(): Promise<number[]> {
    return this.links.listCommercialPartnerIds();
  }

  async scopeFor(commercialPartnerId: number): Promise<PartnerScope | null> {
    const [rows] = await this.links.list({ commercialPartnerId, offset: 0, limit: 1 });
    return rows[0] ? this.scopes.toScope(rows[0]) : null;
  }

  async syncCustomer(commercialPartnerId: number, parts: SyncParts = ALL_PARTS): Promise<SyncReport> {
    const report: SyncReport = { commercialPartnerId, ok: true, errors: [] };
    const scope = await this.scopeFor(commercialPartnerId);
    if (!scope) return { ...report, ok: false, errors: ['no linked account'] };

    const step = async (name: string, fn: () => Promise<void>) => {
      try {
        await fn();
      } catch (err) {
        report.ok = false;
        report.errors.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
      }
    };

    await step('contacts', async () => {
      const family = await this.odoo.listFamilyPartnerIds(commercialPartnerId);
      await this.links.updateFamily(commercialPartnerId, [...new Set([commercialPartnerId, ...family])].sort((a, b) => a - b));
      scope.familyPartnerIds = family;
    });
    if (parts.services) {
      await step('services', async () => {
        const r = await this.reads.services(scope);
        if (r.freshness.stale) throw new Error(`Odoo unavailable (${r.freshness.reason})`);
        report.services = r.value.length;
      });
    }
    if (parts.billing || parts.services) {
      await step('open invoices', async () => {
        const r = await this.reads.openInvoices(scope);
        if (r.freshness.stale) throw new Error(`Odoo unavailable (${r.freshness.reason})`);
        report.openInvoices = r.value.invoices.length;
      });
    }
    if (parts.billing) {
      await step('invoices', async () => {
        report.invoices = await this.history('invoice', commercialPartnerId, (offset) =>
          this.odoo.listInvoices(commercialPartnerId, { status: 'all', offset, limit: PAGE }),
        (i) => ({ odooId: i.id, recordDate: i.invoiceDate, data: i, ok: i.commercialPartnerId === commercialPartnerId }));
      });
      await step('payments', async () => {
        const family = new Set(scope.familyPartnerIds);
        report.payments = await this.history('payment', commercialPartnerId, (offset) =>
          this.odoo.listPayments(commercialPartnerId, { offset, limit: PAGE }),
        (p) => ({ odooId: p.id, recordDate: p.date, data: p, ok: family.has(p.partnerId) }));
      });
      await step('orders', async () => {
        let count = 0;
        for (let offset = 0; ; offset += PAGE) {
          const r = await this.reads.orders(scope, { offset, limit: PAGE });
          if (r.freshness.stale) throw new Error(`Odoo unavailable (${r.freshness.reason})`);
          count += r.value.items.length;
          if (!r.value.items.length || offset + PAGE >= r.value.total) break;
        }
        report.orders = count;
      });
    }
    if (parts.tickets) {
      await step('tickets', async () => {
        const r = await this.reads.ticketList(scope, 200);
        if (r.freshness.stale) throw new Error(`Odoo unavailable (${r.freshness.reason})`);
        report.tickets = r.value.length;
      });
    }
    this.logger.log({ commercialPartnerId, ok: report.ok, errors: report.errors.length }, 'customer local copies refreshed');
    return report;
  }

  /** Reads every page, then replaces the customer's copies of that kind (records gone from Odoo are dropped). */
  private async history<T>(
    kind: RecordCopyKind,
    commercialPartnerId: number,
    page: (offset: number) => Promise<{ items: T[]; total: number }>,
    row: (item: T) => { odooId: number; recordDate: string | null; data: object; ok: boolean },
  ): Promise<number> {
    const rows: Array<{ odooId: number; recordDate: string | null; data: object }> = [];
    const at = new Date();
    for (let offset = 0; ; offset += PAGE) {
      const r = await page(offset);
      for (const item of r.items) {
        const { ok, ...copy } = row(item);
        if (ok) rows.push(copy);
      }
      if (!r.items.length || offset + PAGE >= r.total) break;
    }
    await this.copies.replaceRecords(kind, commercialPartnerId, rows, at);
    return rows.length;
  }
}
