import { Injectable } from '@nestjs/common';
import { OdooClient } from '../client/odoo-client';
import type { OdooCallOptions, OdooDomain, OdooRecord, OdooRef } from '../odoo.types';
import { toOdooDate } from '../values/odoo-values';
import { OdooGateway, v, type ChangeCursor, type ChangePage } from './odoo-gateway';

export type MoveType = 'entry' | 'out_invoice' | 'out_refund' | 'in_invoice' | 'in_refund' | 'out_receipt' | 'in_receipt';
export type MoveState = 'draft' | 'posted' | 'cancel';
export type PaymentState = 'not_paid' | 'in_payment' | 'paid' | 'partial' | 'reversed' | 'invoicing_legacy' | 'blocked';

export interface OdooInvoice {
  id: number;
  /** The invoice number; null while draft (Odoo shows "/"). */
  number: string | null;
  displayName: string;
  moveType: MoveType;
  state: MoveState;
  paymentState: PaymentState;
  partner: OdooRef | null;
  commercialPartnerId: number | null;
  invoiceDate: string | null;
  dueDate: string | null;
  origin: string | null;
  paymentReference: string | null;
  ref: string | null;
  currency: OdooRef | null;
  amountUntaxed: number;
  amountTax: number;
  amountTotal: number;
  amountResidual: number;
  /** Posted, not settled, and due before the evaluation date. */
  overdue: boolean;
  /** Days past due at the evaluation date (0 when not overdue). */
  daysOverdue: number;
  /** Odoo's customer portal path (`/my/invoices/<id>`), without token. */
  accessUrl: string | null;
  writeDate: Date | null;
}

export interface OdooInvoiceLine {
  id: number;
  invoiceId: number;
  product: OdooRef | null;
  name: string;
  quantity: number;
  priceUnit: number;
  discount: number;
  subtotal: number;
  total: number;
  saleLineIds: number[];
}

const STATES: readonly MoveState[] = ['draft', 'posted', 'cancel'];
const PAYMENT_STATES: readonly PaymentState[] = ['not_paid', 'in_payment', 'paid', 'partial', 'reversed', 'invoicing_legacy', 'blocked'];
const TYPES: readonly MoveType[] = ['entry', 'out_invoice', 'out_refund', 'in_invoice', 'in_refund', 'out_receipt', 'in_receipt'];
export const INVOICE_FIELDS = [
  'name', 'display_name', 'move_type', 'state', 'payment_state', 'partner_id', 'commercial_partner_id', 'invoice_date', 'invoice_date_due',
  'invoice_origin', 'payment_reference', 'ref', 'currency_id', 'amount_untaxed', 'amount_tax', 'amount_total', 'amount_residual', 'access_url', 'write_date',
] as const;

const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** Maps an invoice; `asOf` (YYYY-MM-DD, the customer's today) decides overdue. */
export function toInvoice(r: OdooRecord, asOf = toOdooDate(new Date())): OdooInvoice {
  const name = v.str(r.name);
  const state = v.selection(r.state, STATES) ?? 'draft';
  const paymentState = v.selection(r.payment_state, PAYMENT_STATES) ?? 'not_paid';
  const due = v.date(r.invoice_date_due);
  const residual = v.money(r.amount_residual);
  const open = state === 'posted' && residual > 0 && paymentState !== 'paid' && paymentState !== 'in_payment' && paymentState !== 'reversed';
  const overdue = open && !!due && due < asOf;
  return {
    id: r.id, number: name && name !== '/' ? name : null, displayName: v.str(r.display_name) ?? name ?? '', moveType: v.selection(r.move_type, TYPES) ?? 'entry',
    state, paymentState, partner: v.ref(r.partner_id), commercialPartnerId: v.refId(r.commercial_partner_id), invoiceDate: v.date(r.invoice_date), dueDate: due,
    origin: v.text(r.invoice_origin), paymentReference: v.text(r.payment_reference), ref: v.text(r.ref), currency: v.ref(r.currency_id),
    amountUntaxed: v.money(r.amount_untaxed), amountTax: v.money(r.amount_tax), amountTotal: v.money(r.amount_total), amountResidual: residual,
    overdue, daysOverdue: overdue && due ? daysBetween(due, asOf) : 0, accessUrl: v.text(r.access_url), writeDate: v.datetime(r.write_date),
  };
}

const toLine = (r: OdooRecord): OdooInvoiceLine => ({
  id: r.id, invoiceId: v.refId(r.move_id) ?? 0, product: v.ref(r.product_id), name: v.str(r.name) ?? '', quantity: v.num(r.quantity),
  priceUnit: v.money(r.price_unit, 4), discount: v.num(r.discount), subtotal: v.money(r.price_subtotal), total: v.money(r.price_total), saleLineIds: v.ids(r.sale_line_ids),
});

export interface InvoiceFilter {
  /** Partners (commercial partners: their contacts' invoices are included). */
  partnerIds?: readonly number[];
  moveTypes?: readonly MoveType[];
  states?: readonly MoveState[];
  paymentStates?: readonly PaymentState[];
  /** invoice_date range (inclusive, YYYY-MM-DD). */
  from?: string;
  to?: string;
  /** Only posted invoices with something left to pay. */
  openOnly?: boolean;
  domain?: OdooDomain;
}

const MODEL = 'account.move';

/** Customer invoices and credit notes (account.move). */
@Injectable()
export class OdooInvoiceGateway extends OdooGateway {
  constructor(odoo: OdooClient) {
    super(odoo);
  }

  static domain(filter: InvoiceFilter): OdooDomain {
    const d: OdooDomain = [...(filter.domain ?? [])];
    d.push(['move_type', 'in', [...(filter.moveTypes ?? ['out_invoice', 'out_refund'])]]);
    if (filter.partnerIds) d.push(['commercial_partner_id', 'in', [...filter.partnerIds]]);
    if (filter.states) d.push(['state', 'in', [...filter.states]]);
    if (filter.paymentStates) d.push(['payment_state', 'in', [...filter.paymentStates]]);
    if (filter.from) d.push(['invoice_date', '>=', filter.from]);
    if (filter.to) d.push(['invoice_date', '<=', filter.to]);
    if (filter.openOnly) d.push(['state', '=', 'posted'], ['amount_residual', '>', 0]);
    return d;
  }

  async get(id: number, options: { asOf?: string } & OdooCallOptions = {}): Promise<OdooInvoice | null> {
    return (await this.getMany([id], options))[0] ?? null;
  }

  getMany(ids: readonly number[], options: { asOf?: string } & OdooCallOptions = {}): Promise<OdooInvoice[]> {
    const { asOf, ...opts } = options;
    return this.readByIds(MODEL, ids, INVOICE_FIELDS, (r) => toInvoice(r, asOf), opts);
  }

  /** A page of invoices, newest first, and the total count (two calls, run together). */
  async find(filter: InvoiceFilter, options: { limit?: number; offset?: number; order?: string; asOf?: string } & OdooCallOptions = {}): Promise<{ invoices: OdooInvoice[]; total: number }> {
    const { limit = 50, offset, order, asOf, ...opts } = options;
    const domain = OdooInvoiceGateway.domain(filter);
    const [invoices, total] = await Promise.all([
      this.search(MODEL, domain, INVOICE_FIELDS, (r) => toInvoice(r, asOf), { ...opts, limit, offset, order: order ?? 'invoice_date desc, id desc' }),
      this.odoo.searchCount(MODEL, domain, opts),
    ]);
    return { invoices, total };
  }

  /** Overdue invoices of partners as of a date (posted, residual > 0, due before asOf). */
  async overdue(partnerIds: readonly number[], asOf = toOdooDate(new Date()), opts?: OdooCallOptions): Promise<OdooInvoice[]> {
    const domain = [...OdooInvoiceGateway.domain({ partnerIds, moveTypes: ['out_invoice'], openOnly: true }), ['invoice_date_due', '<', asOf]] as OdooDomain;
    const rows = await this.search(MODEL, domain, INVOICE_FIELDS, (r) => toInvoice(r, asOf), { ...opts, order: 'invoice_date_due asc, id asc' });
    return rows.filter((i) => i.overdue);
  }

  /** Total still due per commercial partner, from one read_group. */
  async balances(partnerIds: readonly number[], opts?: OdooCallOptions): Promise<Map<number, number>> {
    const out = new Map<number, number>(partnerIds.map((id) => [id, 0]));
    if (!partnerIds.length) return out;
    const groups = await this.odoo.readGroup<Record<string, OdooRecord[keyof OdooRecord]>>(MODEL,
      OdooInvoiceGateway.domain({ partnerIds, moveTypes: ['out_invoice'], openOnly: true }), ['amount_residual:sum'], ['commercial_partner_id'], { ...opts, lazy: true });
    for (const g of groups) {
      const id = v.refId(g.commercial_partner_id);
      if (id) out.set(id, v.money(g.amount_residual));
    }
    return out;
  }

  async lines(invoiceIds: readonly number[], opts?: OdooCallOptions): Promise<Map<number, OdooInvoiceLine[]>> {
    const out = new Map<number, OdooInvoiceLine[]>(invoiceIds.map((id) => [id, []]));
    if (!invoiceIds.length) return out;
    const rows = await this.search('account.move.line', [['move_id', 'in', [...invoiceIds]], ['display_type', '=', 'product']],
      ['move_id', 'product_id', 'name', 'quantity', 'price_unit', 'discount', 'price_subtotal', 'price_total', 'sale_line_ids'], toLine, { ...opts, order: 'move_id, id' });
    for (const l of rows) out.get(l.invoiceId)?.push(l);
    return out;
  }

  async post(invoiceId: number, opts?: OdooCallOptions): Promise<void> {
    await this.odoo.callMethod(MODEL, 'action_post', [invoiceId], {}, opts);
  }

  /** Odoo's own portal link (relative, with an access token it creates on first use). */
  async portalUrl(invoiceId: number, opts?: OdooCallOptions): Promise<string> {
    return String(await this.odoo.callMethod(MODEL, 'get_portal_url', [invoiceId], {}, opts));
  }

  changedSince(cursor: ChangeCursor | null, limit = 200, filter: OdooDomain = [], opts?: OdooCallOptions): Promise<ChangePage<OdooInvoice>> {
    return this.changes(MODEL, cursor, limit, INVOICE_FIELDS, (r) => toInvoice(r), [['move_type', 'in', ['out_invoice', 'out_refund']], ...filter], opts);
  }
}
