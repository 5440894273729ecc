import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../infrastructure/config';
import { ValidationFailed } from '../../../infrastructure/errors';
import { addDays, daysBetween, isIsoDate, localDate } from '../domain/calendar';
import type { InvoiceRecord, PartnerScope, PaymentRecord } from '../domain/portal.types';
import { PortalOdooPort, type OpeningBalance } from '../integration/portal-odoo.port';
import { LocalCopyRepository } from '../persistence/local-copy.repository';
import { liveOrCopy, type Freshness } from './freshness';
import { ownedBy } from './portal-scope.service';
import { renderStatementPdf, type StatementLine } from './statement-pdf';

export interface Statement {
  pdf: Buffer;
  from: string;
  to: string;
  freshness: Freshness;
}

const PAGE = 500;
const MAX_PERIOD_DAYS = 3 * 366;
const COUNTED_PAYMENT_STATES = new Set(['posted', 'in_process', 'paid']);

/** The account statement for a period, as a PDF: opening balance, invoices, credit notes and payments, running balance. */
@Injectable()
export class StatementService {
  constructor(private readonly odoo: PortalOdooPort, private readonly copies: LocalCopyRepository, private readonly config: AppConfig) {}

  period(scope: PartnerScope, from?: string, to?: string): { from: string; to: string } {
    const today = localDate(scope.timezone);
    const end = to ?? today;
    // Default: the current month and the two before it.
    const start = from ?? `${addDays(`${end.slice(0, 7)}-01`, -62).slice(0, 7)}-01`;
    for (const [field, v] of [['from', start], ['to', end]] as const) {
      if (!isIsoDate(v)) throw new ValidationFailed(`${field} must be a date (YYYY-MM-DD)`, { [field]: ['must be YYYY-MM-DD'] });
    }
    if (daysBetween(start, end) < 0) throw new ValidationFailed('from must be on or before to', { from: ['must be on or before to'] });
    if (daysBetween(start, end) > MAX_PERIOD_DAYS) throw new ValidationFailed('The period is limited to three years', { from: ['period too long'] });
    return { from: start, to: end };
  }

  async build(scope: PartnerScope, fromArg?: string, toArg?: string): Promise<Statement> {
    const { from, to } = this.period(scope, fromArg, toArg);
    const owned = ownedBy(scope);
    const opts = { timeoutMs: this.config.portal.odooReadTimeoutMs };
    const data = await liveOrCopy('Your statement', {
      live: async () => {
        const [invoices, payments, opening] = await Promise.all([
          this.all((offset) => this.odoo.listInvoices(scope.commercialPartnerId, { from, to, status: 'all', offset, limit: PAGE }, opts)),
          this.all((offset) => this.odoo.listPayments(scope.commercialPartnerId, { from, to, offset, limit: PAGE }, opts)),
          this.odoo.balanceBefore(scope.commercialPartnerId, from, opts),
        ]);
        return { invoices: invoices.filter(owned), payments: payments.filter(owned), opening: opening as OpeningBalance | null };
      },
      save: async () => undefined,
      copy: async () => {
        const [inv, pay] = await Promise.all([
          this.copies.queryRecords('invoice', scope.commercialPartnerId, { from, to, offset: 0, limit: 10_000 }),
          this.copies.queryRecords('payment', scope.commercialPartnerId, { from, to, offset: 0, limit: 10_000 }),
        ]);
        const at = [inv.oldestRefreshedAt, pay.oldestRefreshedAt].filter((d): d is Date => !!d).sort((a, b) => a.getTime() - b.getTime())[0];
        if (!at) return null;
        return { value: { invoices: inv.items as InvoiceRecord[], payments: pay.items as PaymentRecord[], opening: null }, at };
      },
    });

    const { invoices, payments, opening } = data.value;
    const lines: StatementLine[] = [
      ...invoices.filter((i) => i.state === 'posted' && i.invoiceDate).map((i) => ({
        date: i.invoiceDate!, kind: i.moveType === 'out_refund' ? 'Credit note' : 'Invoice', reference: i.number, dueDate: i.dueDate,
        debit: i.moveType === 'out_invoice' ? i.amountTotal : 0, credit: i.moveType === 'out_refund' ? i.amountTotal : 0,
      })),
      ...payments.filter((p) => COUNTED_PAYMENT_STATES.has(p.state) && p.date).map((p) => ({
        date: p.date!, kind: 'Payment', reference: p.reference, dueDate: null, debit: 0, credit: p.amount,
      })),
    ].sort((a, b) => a.date.localeCompare(b.date) || b.debit - a.debit);

    const pdf = await renderStatementPdf({
      customer: scope.partnerName,
      customerId: scope.commercialPartnerId,
      from, to,
      generatedOn: localDate(scope.timezone),
      timezone: scope.timezone,
      currency: invoices.find((i) => i.currency)?.currency ?? payments.find((p) => p.currency)?.currency ?? null,
      openingBalance: opening ? round2(opening.invoiced - opening.credited - opening.paid) : null,
      lines,
      stale: data.freshness.stale ? { asOf: data.freshness.asOf } : null,
    });
    return { pdf, from, to, freshness: data.freshness };
  }

  private async all<T>(page: (offset: number) => Promise<{ items: T[]; total: number }>): Promise<T[]> {
    const first = await page(0);
    const items = [...first.items];
    for (let offset = PAGE; offset < first.total && items.length < first.total; offset += PAGE) {
      const next = await page(offset);
      if (!next.items.length) break;
      items.push(...next.items);
    }
    return items;
  }
}

const round2 = (n: number) => Math.round(n * 100) / 100;
