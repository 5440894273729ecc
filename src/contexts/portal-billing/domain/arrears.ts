import { daysOverdue } from './calendar';
import type { InvoiceLineRecord, InvoiceRecord, ServiceRecord } from './portal.types';

export interface OverdueInvoice {
  invoiceId: number;
  number: string;
  dueDate: string | null;
  amountResidual: number;
  daysOverdue: number;
  /** Services this invoice bills (by sale line, else by an unambiguous product). */
  serviceKeys: string[];
}

export interface ServiceArrears {
  serviceKey: string;
  inArrears: boolean;
  overdueAmount: number;
  overdueInvoiceIds: number[];
  maxDaysOverdue: number;
}

export interface ArrearsSummary {
  currency: string | null;
  /** Open receivable of posted customer invoices (not_paid + partial residuals). */
  totalDue: number;
  /** Open credit notes the customer can still use. */
  creditAvailable: number;
  overdueTotal: number;
  oldestDaysOverdue: number;
  overdueInvoices: OverdueInvoice[];
  /** Overdue amount no service could be matched to (one-off charges, deleted lines). */
  unattributedOverdue: number;
  byService: ServiceArrears[];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Whether an invoice still asks the customer for money. in_payment = paid, awaiting bank matching. */
export function isOpenInvoice(inv: InvoiceRecord): boolean {
  return inv.state === 'posted' && (inv.paymentState === 'not_paid' || inv.paymentState === 'partial') && inv.amountResidual > 0;
}

/**
 * Arrears per account and per service. An overdue invoice flags only the services its lines
 * bill, with the open residual split over them in proportion to the line amounts (a partial
 * payment reduces every line alike), so one unpaid add-on never marks every service overdue.
 */
export function computeArrears(
  services: ServiceRecord[],
  invoices: InvoiceRecord[],
  lines: InvoiceLineRecord[],
  today: string,
): ArrearsSummary {
  const open = invoices.filter(isOpenInvoice);
  const customerInvoices = open.filter((i) => i.moveType === 'out_invoice');
  const credits = open.filter((i) => i.moveType === 'out_refund');
  const overdue = customerInvoices.filter((i) => daysOverdue(i.dueDate, today) > 0);

  const byLine = new Map<number, string>();
  for (const s of services) for (const l of s.saleLineIds) byLine.set(l, s.key);
  const servicesByProduct = new Map<number, string[]>();
  for (const s of services) {
    for (const p of new Set(s.productIds)) servicesByProduct.set(p, [...(servicesByProduct.get(p) ?? []), s.key]);
  }
  const linesByInvoice = new Map<number, InvoiceLineRecord[]>();
  for (const l of lines) linesByInvoice.set(l.invoiceId, [...(linesByInvoice.get(l.invoiceId) ?? []), l]);

  const perService = new Map<string, ServiceArrears>(
    services.map((s) => [s.key, { serviceKey: s.key, inArrears: false, overdueAmount: 0, overdueInvoiceIds: [], maxDaysOverdue: 0 }]),
  );
  let unattributed = 0;
  const overdueInvoices: OverdueInvoice[] = [];

  for (const inv of overdue) {
    const days = daysOverdue(inv.dueDate, today);
    const invLines = linesByInvoice.get(inv.id) ?? [];
    const lineTotal = invLines.reduce((s, l) => s + Math.abs(l.amountTotal), 0);
    const shares = new Map<string, number>();
    let attributedWeight = 0;
    for (const line of invLines) {
      const key = serviceOfLine(line, byLine, servicesByProduct);
      if (!key) continue;
      const weight = Math.abs(line.amountTotal);
      shares.set(key, (shares.get(key) ?? 0) + weight);
      attributedWeight += weight;
    }
    for (const [key, weight] of shares) {
      const amount = lineTotal > 0 ? (inv.amountResidual * weight) / lineTotal : 0;
      const sa = perService.get(key)!;
      sa.inArrears = true;
      sa.overdueAmount += amount;
      sa.overdueInvoiceIds.push(inv.id);
      sa.maxDaysOverdue = Math.max(sa.maxDaysOverdue, days);
    }
    unattributed += lineTotal > 0 ? (inv.amountResidual * (lineTotal - attributedWeight)) / lineTotal : inv.amountResidual;
    overdueInvoices.push({
      invoiceId: inv.id, number: inv.number, dueDate: inv.dueDate, amountResidual: inv.amountResidual,
      daysOverdue: days, serviceKeys: [...shares.keys()],
    });
  }
  overdueInvoices.sort((a, b) => b.daysOverdue - a.daysOverdue || a.invoiceId - b.invoiceId);

  return {
    currency: customerInvoices[0]?.currency ?? credits[0]?.currency ?? null,
    totalDue: round2(customerInvoices.reduce((s, i) => s + i.amountResidual, 0)),
    creditAvailable: round2(credits.reduce((s, i) => s + i.amountResidual, 0)),
    overdueTotal: round2(overdue.reduce((s, i) => s + i.amountResidual, 0)),
    oldestDaysOverdue: overdueInvoices[0]?.daysOverdue ?? 0,
    overdueInvoices,
    unattributedOverdue: round2(unattributed),
    byService: [...perService.values()].map((s) => ({ ...s, overdueAmount: round2(s.overdueAmount) })),
  };
}

function serviceOfLine(line: InvoiceLineRecord, byLine: Map<number, string>, byProduct: Map<number, string[]>): string | null {
  for (const sl of line.saleLineIds) {
    const key = byLine.get(sl);
    if (key) return key;
  }
  if (line.saleLineIds.length === 0 && line.productId !== null) {
    const candidates = byProduct.get(line.productId) ?? [];
    // Only when one service sells this product: otherwise we cannot tell which one is unpaid.
    if (candidates.length === 1) return candidates[0];
  }
  return null;
}
