/**
 * The portal's own view of Odoo records. The integration adapter maps Odoo's wire values
 * (false for empty, [id, name] many2ones, naive UTC datetimes) into these; nothing above
 * `integration/` sees a raw Odoo record.
 */

/** Who a request acts for: the linked partner and its commercial entity (company + contacts). */
export interface PartnerScope {
  accountId: string;
  partnerId: number;
  commercialPartnerId: number;
  /** The commercial partner and all its contacts, as last read from Odoo. */
  familyPartnerIds: number[];
  partnerName: string;
  /** IANA zone used for "today" (days overdue, statement periods). */
  timezone: string;
}

export interface PartnerFacts {
  id: number;
  name: string;
  email: string | null;
  ref: string | null;
  commercialPartnerId: number;
  /** `res.partner.tz` (IANA name) or null. */
  tz: string | null;
  active: boolean;
}

/** A partner whose email matches, with its commercial partner's customer reference. */
export interface LinkCandidate extends PartnerFacts {
  commercialRef: string | null;
}

export type ServiceType = 'fibre' | 'wireless' | 'starlink' | 'other';
export type ServiceStatus = 'active' | 'paused' | 'pending' | 'closed';

/** What product data the hub has for a service line (used to detect the service type). */
export interface ProductFacts {
  id: number;
  name: string;
  defaultCode: string | null;
  categoryName: string | null;
  description: string | null;
}

/** A recurring service: an Odoo subscription (sale.order) or a recurring confirmed sale line. */
export interface ServiceRecord {
  /** Stable key: `sub:<sale.order id>` or `line:<sale.order.line id>`. */
  key: string;
  orderId: number;
  orderName: string;
  /** The sale.order.line ids this service is made of (invoice lines point at them). */
  saleLineIds: number[];
  productIds: number[];
  name: string;
  status: ServiceStatus;
  /** Odoo's own state value, for operators (e.g. `3_progress`). */
  odooState: string | null;
  monthlyFee: number;
  currency: string | null;
  startDate: string | null;
  nextBillingDate: string | null;
  partnerId: number;
  products: ProductFacts[];
}

export type InvoicePaymentState = 'not_paid' | 'in_payment' | 'paid' | 'partial' | 'reversed' | 'invoicing_legacy' | 'blocked';

export interface InvoiceRecord {
  id: number;
  number: string;
  moveType: 'out_invoice' | 'out_refund';
  state: 'draft' | 'posted' | 'cancel';
  paymentState: InvoicePaymentState | null;
  invoiceDate: string | null;
  dueDate: string | null;
  amountTotal: number;
  amountResidual: number;
  currency: string | null;
  partnerId: number;
  commercialPartnerId: number;
  origin: string | null;
  /** Odoo portal path + token (`/my/invoices/12?access_token=…`) when Odoo has issued a token. */
  portalPath: string | null;
}

export interface InvoiceLineRecord {
  id: number;
  invoiceId: number;
  productId: number | null;
  saleLineIds: number[];
  name: string;
  amountTotal: number;
}

export interface PaymentRecord {
  id: number;
  reference: string;
  date: string | null;
  amount: number;
  currency: string | null;
  method: string | null;
  state: string;
  partnerId: number;
}

export interface OrderRecord {
  id: number;
  name: string;
  state: 'draft' | 'sent' | 'sale' | 'done' | 'cancel';
  dateOrder: string | null;
  amountTotal: number;
  currency: string | null;
  invoiceStatus: 'upselling' | 'invoiced' | 'to invoice' | 'no' | null;
  deliveryStatus: 'pending' | 'started' | 'partial' | 'full' | null;
  invoiceIds: number[];
  partnerId: number;
}

export interface InvoiceStateRecord {
  id: number;
  state: InvoiceRecord['state'];
  paymentState: InvoicePaymentState | null;
}

export interface ProductRecord extends ProductFacts {
  listPrice: number;
  currency: string | null;
  /** `service`, `consu`, `combo` (18+) or `product` (17 storable). */
  type: string | null;
  recurring: boolean;
}

export type TicketModel = 'helpdesk.ticket' | 'project.task';
export type TicketPriority = 'low' | 'medium' | 'high' | 'urgent';

export interface TicketRecord {
  odooModel: TicketModel;
  odooId: number;
  subject: string;
  description: string;
  stage: string | null;
  closed: boolean;
  priority: TicketPriority;
  createdAt: Date | null;
  partnerId: number | null;
  /** The portal reference (PT-…) written into tickets the portal created, read back from Odoo. */
  reference: string | null;
}

export interface NewTicket {
  reference: string;
  subject: string;
  description: string;
  priority: TicketPriority;
  partnerId: number;
  partnerEmail: string | null;
}

export interface DraftPaymentInput {
  /** Our proof id, written into the payment's memo so a retry finds its own earlier write. */
  proofReference: string;
  partnerId: number;
  invoiceId: number;
  invoiceNumber: string;
  amount: number;
  date: string;
  customerReference: string;
}

export interface AttachmentInput {
  resModel: string;
  resId: number;
  name: string;
  mimeType: string;
  content: Buffer;
}

export interface Paged<T> {
  items: T[];
  total: number;
}

export interface DateRange {
  from?: string;
  to?: string;
}
