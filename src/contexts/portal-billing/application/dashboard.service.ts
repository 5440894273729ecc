import { Injectable } from '@nestjs/common';
import { computeArrears, type ArrearsSummary } from '../domain/arrears';
import type { InvoiceRecord, Paged, PartnerScope, PaymentRecord, ProductRecord, ServiceRecord } from '../domain/portal.types';
import type { PortalTicket } from '../persistence/portal-ticket.entity';
import { PortalTicketRepository } from '../persistence/portal-ticket.repository';
import type { Fresh } from './freshness';
import { PortalReadService, type OpenInvoices, type OrderWithInvoices } from './portal-read.service';

export const DASHBOARD_RECENT = 5;

export interface Dashboard {
  today: string;
  services: Fresh<ServiceRecord[]>;
  open: Fresh<OpenInvoices>;
  arrears: ArrearsSummary;
  invoices: Fresh<Paged<InvoiceRecord>>;
  payments: Fresh<Paged<PaymentRecord>>;
  tickets: Fresh<PortalTicket[]>;
  openTickets: number;
  orders: Fresh<Paged<OrderWithInvoices>>;
  products: Fresh<ProductRecord[]>;
}

/**
 * Everything the portal's home page shows, in one go. All sections start at once; each makes
 * a fixed number of Odoo calls (one per model, the latest few rows, no counts), so the call
 * count does not grow with the customer's history and the latency is that of the slowest
 * section (two Odoo round trips), not the sum.
 */
@Injectable()
export class DashboardService {
  constructor(private readonly reads: PortalReadService, private readonly ticketCopies: PortalTicketRepository) {}

  async load(scope: PartnerScope): Promise<Dashboard> {
    const recent = { offset: 0, limit: DASHBOARD_RECENT, withTotal: false };
    const [services, open, invoices, payments, tickets, orders, products] = await Promise.all([
      this.reads.services(scope),
      this.reads.openInvoices(scope),
      this.reads.invoices(scope, { ...recent, status: 'all' }),
      this.reads.payments(scope, recent),
      this.reads.ticketList(scope, DASHBOARD_RECENT),
      this.reads.orders(scope, recent),
      this.reads.products(),
    ]);
    const today = this.reads.today(scope);
    const arrears = computeArrears(services.value, open.value.invoices, open.value.lines, today);
    const openTickets = await this.ticketCopies.countOpen(scope.commercialPartnerId);
    return { today, services, open, arrears, invoices, payments, tickets, openTickets, orders, products };
  }
}
