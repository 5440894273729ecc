import { Process, Processor } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import type { Job } from 'bull';
import { JobRunner } from '../../../infrastructure/queues';
import { PaymentProofService } from '../application/payment-proof.service';
import { PortalJobsService } from '../application/portal-jobs.service';
import { SyncService } from '../application/sync.service';
import { TicketsService } from '../application/tickets.service';
import { PortalOdooPort } from '../integration/portal-odoo.port';
import { PaymentProofRepository } from '../persistence/payment-proof.repository';
import { PortalTicketRepository } from '../persistence/portal-ticket.repository';
import {
  PENDING_SWEEP_AFTER_SECONDS, PORTAL_BILLING_QUEUE, PortalBillingJob,
  type CreateTicketData, type EnsurePaymentLinksData, type RefreshCustomerData, type SubmitProofData,
} from './portal-billing.jobs';

const SWEEP_BATCH = 200;

/** Worker side of PortalBilling (registered only where APP_ROLE runs workers). */
@Processor(PORTAL_BILLING_QUEUE)
export class PortalBillingProcessor {
  private readonly logger = new Logger(PortalBillingProcessor.name);
  constructor(
    private readonly runner: JobRunner,
    private readonly tickets: TicketsService,
    private readonly proofs: PaymentProofService,
    private readonly sync: SyncService,
    private readonly jobs: PortalJobsService,
    private readonly odoo: PortalOdooPort,
    private readonly ticketCopies: PortalTicketRepository,
    private readonly proofCopies: PaymentProofRepository,
  ) {}

  @Process(PortalBillingJob.CreateTicket)
  createTicket(job: Job<CreateTicketData>) {
    const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    return this.runner.run(job, async () => {
      const t = await this.tickets.syncQueued(job.data.ticketId, last);
      return { ticketId: job.data.ticketId, status: t?.syncStatus ?? 'missing' };
    });
  }

  @Process(PortalBillingJob.SubmitProof)
  submitProof(job: Job<SubmitProofData>) {
    return this.runner.run(job, async () => {
      await this.proofs.submitQueued(job.data.proofId);
      return { proofId: job.data.proofId };
    });
  }

  @Process(PortalBillingJob.RefreshCustomer)
  refreshCustomer(job: Job<RefreshCustomerData>) {
    return this.runner.run(job, async () => {
      const report = await this.sync.syncCustomer(job.data.commercialPartnerId);
      if (!report.ok && report.errors.some((e) => e !== 'no linked account')) throw new Error(report.errors.join('; '));
      return { ...report };
    });
  }

  @Process(PortalBillingJob.EnsurePaymentLinks)
  ensurePaymentLinks(job: Job<EnsurePaymentLinksData>) {
    return this.runner.run(job, async () => {
      let created = 0;
      // One at a time: a background nicety must not take Odoo's few workers from live requests.
      for (const id of job.data.invoiceIds) {
        if (await this.odoo.ensureInvoicePortalPath(id)) created++;
      }
      return { invoices: job.data.invoiceIds.length, links: created };
    });
  }

  @Process(PortalBillingJob.SweepPending)
  sweepPending(job: Job) {
    return this.runner.run(job, async () => {
      const [tickets, proofs] = await Promise.all([
        this.ticketCopies.pendingOlderThan(PENDING_SWEEP_AFTER_SECONDS, SWEEP_BATCH),
        this.proofCopies.pendingOlderThan(PENDING_SWEEP_AFTER_SECONDS, SWEEP_BATCH),
      ]);
      for (const t of tickets) await this.jobs.createTicket(t.id, t.attempts);
      for (const p of proofs) await this.jobs.submitProof(p.id, p.attempts);
      if (tickets.length || proofs.length) this.logger.log({ tickets: tickets.length, proofs: proofs.length }, 're-driven pending portal writes');
      return { tickets: tickets.length, proofs: proofs.length };
    }, { track: true });
  }

  @Process(PortalBillingJob.NightlyResync)
  nightlyResync(job: Job) {
    return this.runner.run(job, async () => {
      const customers = await this.sync.linkedCustomers();
      let failed = 0;
      for (const id of customers) {
        const r = await this.sync.syncCustomer(id);
        if (!r.ok) failed++;
      }
      return { customers: customers.length, failed };
    }, { track: true });
  }
}
