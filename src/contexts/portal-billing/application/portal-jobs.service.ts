import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { AppConfig } from '../../../infrastructure/config';
import { enqueueJob } from '../../../infrastructure/queues';
import type { InvoiceRecord } from '../domain/portal.types';
import {
  PAYMENT_LINKS_PER_RUN, PORTAL_BILLING_QUEUE, PortalBillingJob,
  type CreateTicketData, type EnsurePaymentLinksData, type RefreshCustomerData, type SubmitProofData,
} from '../jobs/portal-billing.jobs';

type Data<T> = Omit<T, 'meta'>;

/** The one place PortalBilling enqueues work; job ids are the idempotency keys. */
@Injectable()
export class PortalJobsService {
  private readonly logger = new Logger(PortalJobsService.name);
  constructor(@InjectQueue(PORTAL_BILLING_QUEUE) private readonly queue: Queue, private readonly config: AppConfig) {}

  /** `attempt` distinguishes a sweeper's re-drive from the first job (Bull keeps failed job ids). */
  createTicket(ticketId: string, attempt = 0): Promise<string> {
    const data: Data<CreateTicketData> = { ticketId };
    return enqueueJob(this.queue, PortalBillingJob.CreateTicket, data, { idempotencyKey: `ticket:${ticketId}:${attempt}` });
  }

  submitProof(proofId: string, attempt = 0): Promise<string> {
    const data: Data<SubmitProofData> = { proofId };
    return enqueueJob(this.queue, PortalBillingJob.SubmitProof, data, { idempotencyKey: `proof:${proofId}:${attempt}` });
  }

  /** Coalesced per customer per minute: many logins in a burst refresh once. */
  refreshCustomer(commercialPartnerId: number): Promise<string> {
    const data: Data<RefreshCustomerData> = { commercialPartnerId };
    const minute = Math.floor(Date.now() / 60_000);
    return enqueueJob(this.queue, PortalBillingJob.RefreshCustomer, data, { idempotencyKey: `refresh:${commercialPartnerId}:${minute}`, attempts: 3 });
  }

  /**
   * Open invoices without an Odoo portal token get one in the background (Odoo's
   * get_portal_url creates it), so the next read carries their payment link. Never blocks a read.
   */
  ensurePaymentLinksLater(commercialPartnerId: number, invoices: InvoiceRecord[]): void {
    if (!this.config.portal.paymentLinks) return;
    const missing = invoices.filter((i) => !i.portalPath && i.moveType === 'out_invoice').map((i) => i.id).slice(0, PAYMENT_LINKS_PER_RUN);
    if (!missing.length) return;
    const data: Data<EnsurePaymentLinksData> = { commercialPartnerId, invoiceIds: missing };
    const hour = Math.floor(Date.now() / 3_600_000);
    void enqueueJob(this.queue, PortalBillingJob.EnsurePaymentLinks, data, {
      idempotencyKey: `links:${commercialPartnerId}:${missing.join('.').slice(0, 120)}:${hour}`, attempts: 2,
    }).catch((err: unknown) => this.logger.warn({ commercialPartnerId, err: String(err) }, 'could not enqueue payment-link job'));
  }
}
