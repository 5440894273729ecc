import type { CronEntry, JobMeta } from '../../../infrastructure/queues';

export const PORTAL_BILLING_QUEUE = 'portal-billing';

export const PortalBillingJob = {
  CreateTicket: 'portal-billing.create-ticket',
  SubmitProof: 'portal-billing.submit-proof',
  RefreshCustomer: 'portal-billing.refresh-customer',
  EnsurePaymentLinks: 'portal-billing.ensure-payment-links',
  SweepPending: 'portal-billing.sweep-pending',
  NightlyResync: 'portal-billing.nightly-resync',
} as const;

export interface CreateTicketData { ticketId: string; meta: JobMeta }
export interface SubmitProofData { proofId: string; meta: JobMeta }
export interface RefreshCustomerData { commercialPartnerId: number; meta: JobMeta }
export interface EnsurePaymentLinksData { commercialPartnerId: number; invoiceIds: number[]; meta: JobMeta }

export const PORTAL_BILLING_CRON: readonly CronEntry[] = [
  // Re-drive tickets and proofs still pending (their jobs ran out of attempts while Odoo was down).
  { name: PortalBillingJob.SweepPending, everyMs: 5 * 60_000 },
  // Refresh every linked customer's local copies once a night.
  { name: PortalBillingJob.NightlyResync, cron: '30 2 * * *', tz: 'UTC' },
];

/** A pending ticket/proof untouched for this long is re-enqueued by the sweeper. */
export const PENDING_SWEEP_AFTER_SECONDS = 10 * 60;
/** Invoices whose portal token is missing, asked of Odoo per refresh at most. */
export const PAYMENT_LINKS_PER_RUN = 25;
