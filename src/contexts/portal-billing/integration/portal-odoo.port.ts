import type {
  AttachmentInput, DateRange, DraftPaymentInput, InvoiceLineRecord, InvoiceRecord, InvoiceStateRecord, LinkCandidate, NewTicket,
  OrderRecord, Paged, PartnerFacts, PaymentRecord, ProductRecord, ServiceRecord, TicketModel, TicketRecord,
} from '../domain/portal.types';

/** How a portal read may call Odoo: a shorter deadline than the provider's default, so a slow Odoo falls back to the local copy. */
export interface PortalReadOptions {
  timeoutMs?: number;
}

export interface InvoiceQuery extends PageQuery {
  status?: 'open' | 'paid' | 'all';
}

export interface OpeningBalance {
  invoiced: number;
  credited: number;
  paid: number;
}

export interface PageQuery extends DateRange {
  offset: number;
  limit: number;
  /** false: skip counting (the total is then the page's length); saves one Odoo call. */
  withTotal?: boolean;
}

/**
 * Everything PortalBilling needs from Odoo, in the portal's own types. Every method that reads
 * customer data takes the commercial partner id and must scope its Odoo domain to it (the
 * commercial partner and its contacts); the services re-check ownership on every record anyway.
 * Errors are the shared typed Odoo errors (OdooUnavailable and friends).
 */
export abstract class PortalOdooPort {
  /** Partners whose email matches (case-insensitively), each with its commercial partner's `ref`. */
  abstract findLinkCandidates(email: string): Promise<LinkCandidate[]>;
  /** Commercial partner ids of posted customer invoices numbered `number` (normally one). */
  abstract findInvoiceOwners(number: string): Promise<number[]>;
  abstract getPartner(partnerId: number): Promise<PartnerFacts | null>;
  /** The commercial partner and every contact under it (archived ones included). */
  abstract listFamilyPartnerIds(commercialPartnerId: number): Promise<number[]>;

  abstract listServices(commercialPartnerId: number, opts?: PortalReadOptions): Promise<ServiceRecord[]>;

  abstract listInvoices(commercialPartnerId: number, query: InvoiceQuery, opts?: PortalReadOptions): Promise<Paged<InvoiceRecord>>;
  /** Every posted customer invoice and credit note with an open residual (not_paid / partial). */
  abstract listOpenInvoices(commercialPartnerId: number, opts?: PortalReadOptions): Promise<InvoiceRecord[]>;
  /** One invoice, or null when it does not exist or is not this customer's. */
  abstract getInvoice(commercialPartnerId: number, invoiceId: number, opts?: PortalReadOptions): Promise<InvoiceRecord | null>;
  /** Product lines of the given invoices (one call whatever their number). */
  abstract listInvoiceLines(invoiceIds: number[], opts?: PortalReadOptions): Promise<InvoiceLineRecord[]>;
  abstract getInvoiceStates(invoiceIds: number[], opts?: PortalReadOptions): Promise<InvoiceStateRecord[]>;
  /** Asks Odoo for the invoice's portal URL (creating its access token if it has none). */
  abstract ensureInvoicePortalPath(invoiceId: number): Promise<string | null>;

  /** What the customer owed before `date`: posted invoices, credit notes and received payments dated earlier. */
  abstract balanceBefore(commercialPartnerId: number, date: string, opts?: PortalReadOptions): Promise<OpeningBalance>;

  abstract listPayments(commercialPartnerId: number, query: PageQuery, opts?: PortalReadOptions): Promise<Paged<PaymentRecord>>;
  abstract listOrders(commercialPartnerId: number, query: PageQuery, opts?: PortalReadOptions): Promise<Paged<OrderRecord>>;

  /** The sellable catalog (sale_ok, active). */
  abstract listProducts(opts?: PortalReadOptions): Promise<ProductRecord[]>;
  abstract getProducts(productIds: number[], opts?: PortalReadOptions): Promise<ProductRecord[]>;

  /** helpdesk.ticket when the Helpdesk app is installed, else project.task (detected, cached). */
  abstract ticketModel(): Promise<TicketModel>;
  abstract listTickets(commercialPartnerId: number, limit: number, opts?: PortalReadOptions): Promise<TicketRecord[]>;
  /** The ticket created earlier for this portal reference, if any (makes creation safe to retry). */
  abstract findTicketByReference(reference: string, opts?: PortalReadOptions): Promise<TicketRecord | null>;
  /** Not safe to repeat by itself: callers look the reference up first. */
  abstract createTicket(ticket: NewTicket, opts?: PortalReadOptions): Promise<TicketRecord>;

  /** The draft payment created earlier for this proof, if any (makes submission safe to retry). */
  abstract findPaymentByProofReference(proofReference: string): Promise<number | null>;
  abstract createDraftPayment(input: DraftPaymentInput): Promise<number>;
  abstract findAttachment(resModel: string, resId: number, name: string): Promise<number | null>;
  abstract createAttachment(input: AttachmentInput): Promise<number>;
}
