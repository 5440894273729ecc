import type { ArrearsSummary, ServiceArrears } from '../domain/arrears';
import { daysOverdue } from '../domain/calendar';
import { trackOrder } from '../domain/order-progress';
import type { InvoiceLineRecord, InvoiceRecord, PaymentRecord, ProductRecord, ServiceRecord } from '../domain/portal.types';
import { advertisedSpeed, detectServiceType } from '../domain/service-type';
import type { Freshness } from '../application/freshness';
import type { OrderWithInvoices } from '../application/portal-read.service';
import type { PaymentProof } from '../persistence/payment-proof.entity';
import type { PortalTicket } from '../persistence/portal-ticket.entity';
import type { PartnerLink } from '../persistence/partner-link.entity';
import type { ArrearsDto, InvoiceDto, InvoiceLineDto, PaymentDto } from './dto/billing.dto';
import type { FreshnessDto } from './dto/freshness.dto';
import type { AdminLinkDtoOut, CustomerLinkDto } from './dto/link.dto';
import type { OrderDto } from './dto/orders.dto';
import type { ProductDto } from './dto/products.dto';
import type { ProofDto } from './dto/proof.dto';
import type { ServiceDto } from './dto/services.dto';
import type { TicketDto } from './dto/tickets.dto';

// Responses are built field by field from allow-lists: a new column or Odoo field never leaks by accident.

export function freshnessDto(f: Freshness): FreshnessDto {
  return { source: f.source, stale: f.stale, as_of: f.asOf.toISOString(), age_seconds: f.ageSeconds, ...(f.reason ? { reason: f.reason } : {}) };
}

export function serviceDto(s: ServiceRecord, arrears?: ServiceArrears): ServiceDto {
  return {
    id: s.key,
    order_id: s.orderId,
    order_reference: s.orderName,
    name: s.name,
    status: s.status,
    service_type: detectServiceType(s.products, s.name),
    monthly_fee: s.monthlyFee,
    currency: s.currency,
    start_date: s.startDate,
    next_billing_date: s.nextBillingDate,
    is_unlimited: true,
    bandwidth: 'Unlimited',
    speed: advertisedSpeed(`${s.name} ${s.products.map((p) => p.name).join(' ')}`),
    billing_status: arrears?.inArrears ? 'overdue' : 'ok',
    overdue_amount: arrears?.overdueAmount ?? 0,
    days_overdue: arrears?.maxDaysOverdue ?? 0,
    overdue_invoice_ids: arrears?.overdueInvoiceIds ?? [],
  };
}

export function invoiceStatus(i: Pick<InvoiceRecord, 'state' | 'paymentState'>): string {
  if (i.state === 'draft') return 'draft';
  if (i.state === 'cancel') return 'cancelled';
  switch (i.paymentState) {
    case 'paid': return 'paid';
    case 'in_payment': return 'in_payment';
    case 'partial': return 'partial';
    case 'reversed': return 'reversed';
    default: return 'open';
  }
}

export function invoiceDto(i: InvoiceRecord, today: string, payLinkBase: string | null): InvoiceDto {
  const open = i.state === 'posted' && (i.paymentState === 'not_paid' || i.paymentState === 'partial') && i.amountResidual > 0;
  const overdue = open && i.moveType === 'out_invoice' ? daysOverdue(i.dueDate, today) : 0;
  return {
    id: i.id,
    number: i.number,
    type: i.moveType === 'out_refund' ? 'credit_note' : 'invoice',
    date: i.invoiceDate,
    due_date: i.dueDate,
    amount: i.amountTotal,
    residual: i.amountResidual,
    currency: i.currency,
    status: invoiceStatus(i),
    payment_state: i.paymentState,
    is_overdue: overdue > 0,
    days_overdue: overdue,
    payment_url: payLinkBase && i.portalPath ? `${payLinkBase}${i.portalPath.startsWith('/') ? '' : '/'}${i.portalPath}` : null,
  };
}

export function invoiceLineDto(l: InvoiceLineRecord, services: ServiceRecord[]): InvoiceLineDto {
  const byLine = services.find((s) => l.saleLineIds.some((id) => s.saleLineIds.includes(id)));
  return { id: l.id, description: l.name, amount: l.amountTotal, service_id: byLine?.key ?? null };
}

const PAYMENT_STATUS: Record<string, string> = {
  draft: 'pending_verification', posted: 'posted', in_process: 'posted', paid: 'paid', cancel: 'cancelled', canceled: 'cancelled', rejected: 'rejected',
};

export function paymentDto(p: PaymentRecord): PaymentDto {
  return {
    id: p.id, reference: p.reference, date: p.date, amount: p.amount, currency: p.currency, method: p.method,
    status: PAYMENT_STATUS[p.state] ?? p.state,
  };
}

export function arrearsDto(a: ArrearsSummary, today: string, freshness: Freshness): ArrearsDto {
  return {
    currency: a.currency,
    total_due: a.totalDue,
    credit_available: a.creditAvailable,
    overdue_total: a.overdueTotal,
    oldest_days_overdue: a.oldestDaysOverdue,
    overdue_invoices: a.overdueInvoices.map((o) => ({
      invoice_id: o.invoiceId, number: o.number, due_date: o.dueDate, residual: o.amountResidual, days_overdue: o.daysOverdue, service_ids: o.serviceKeys,
    })),
    unattributed_overdue: a.unattributedOverdue,
    services: a.byService.map((s) => ({ service_id: s.serviceKey, in_arrears: s.inArrears, overdue_amount: s.overdueAmount, days_overdue: s.maxDaysOverdue })),
    as_of_date: today,
    freshness: freshnessDto(freshness),
  };
}

export function ticketDto(t: PortalTicket): TicketDto {
  return {
    id: t.id,
    reference: t.reference,
    odoo_id: t.odooId,
    subject: t.subject,
    description: t.description,
    status: t.syncStatus === 'pending' ? 'Queued' : t.syncStatus === 'failed' ? 'Not submitted' : t.stage ?? (t.isClosed ? 'Closed' : 'Open'),
    priority: t.priority,
    is_closed: t.isClosed,
    sync_status: t.syncStatus,
    created_at: (t.odooCreatedAt ?? t.createdAt).toISOString(),
  };
}

export function orderDto({ order, invoices }: OrderWithInvoices): OrderDto {
  const tracking = trackOrder(order, invoices);
  return {
    id: order.id, reference: order.name, date: order.dateOrder, state: order.state, amount: order.amountTotal, currency: order.currency,
    stage: tracking.stage, progress: tracking.progress, steps: tracking.steps,
    invoice_status: order.invoiceStatus, delivery_status: order.deliveryStatus,
  };
}

export function productDto(p: ProductRecord): ProductDto {
  return {
    id: p.id, name: p.name, code: p.defaultCode, category: p.categoryName, description: p.description, price: p.listPrice,
    currency: p.currency, service_type: detectServiceType([p]), recurring: p.recurring,
  };
}

export function proofDto(p: PaymentProof, duplicate: boolean): ProofDto {
  return {
    id: p.id, status: p.status, invoice_id: p.invoiceId, invoice_number: p.invoiceNumber, payment_reference: p.paymentReference,
    amount: p.amount, currency: p.currency, payment_date: p.paymentDate, file_name: p.fileName, mime_type: p.mimeType,
    file_size: p.fileSize, odoo_payment_id: p.odooPaymentId, duplicate, created_at: p.createdAt.toISOString(),
  };
}

export function customerLinkDto(l: PartnerLink | null): CustomerLinkDto {
  if (!l) return { linked: false };
  return {
    linked: true, partner_id: l.partnerId, commercial_partner_id: l.commercialPartnerId, name: l.partnerName, timezone: l.timezone,
    method: l.method, linked_at: new Date(l.linkedAt).toISOString(),
  };
}

export function adminLinkDto(l: PartnerLink): AdminLinkDtoOut {
  return {
    account_id: l.accountId, partner_id: l.partnerId, commercial_partner_id: l.commercialPartnerId, name: l.partnerName,
    contact_ids: l.familyPartnerIds, method: l.method, timezone: l.timezone, linked_at: new Date(l.linkedAt).toISOString(),
  };
}
