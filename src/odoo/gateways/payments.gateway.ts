import { Injectable } from '@nestjs/common';
import { OdooClient } from '../client/odoo-client';
import { OdooProtocolError } from '../odoo.errors';
import type { OdooCallOptions, OdooDomain, OdooRecord, OdooRef } from '../odoo.types';
import { toOdooDate, toOdooValues } from '../values/odoo-values';
import { OdooGateway, v } from './odoo-gateway';

/**
 * Payment state across versions. 17: draft/posted/cancel (the journal entry's state);
 * 18+: draft/in_process/paid/canceled/rejected. `settled` = the money is in (paid, or posted on 17).
 */
export type PaymentStatus = 'draft' | 'posted' | 'in_process' | 'paid' | 'cancelled' | 'rejected';

export interface OdooPayment {
  id: number;
  name: string | null;
  date: string | null;
  amount: number;
  currency: OdooRef | null;
  status: PaymentStatus;
  /** The state value as Odoo sent it. */
  rawState: string;
  paymentType: 'inbound' | 'outbound';
  partner: OdooRef | null;
  journal: OdooRef | null;
  method: OdooRef | null;
  /** 17 `ref`, 18+ `memo`. */
  memo: string | null;
  paymentReference: string | null;
  reconciledInvoiceIds: number[];
  isReconciled: boolean;
  writeDate: Date | null;
}

const FIELDS = [
  'name', 'date', 'amount', 'currency_id', 'state', 'payment_type', 'partner_id', 'journal_id', 'payment_method_line_id', 'ref', 'memo',
  'payment_reference', 'reconciled_invoice_ids', 'is_reconciled', 'write_date',
] as const;

function status(raw: string): PaymentStatus {
  switch (raw) {
    case 'posted': return 'posted';
    case 'in_process': return 'in_process';
    case 'paid': return 'paid';
    case 'cancel': case 'canceled': return 'cancelled';
    case 'rejected': return 'rejected';
    default: return 'draft';
  }
}

export function toPayment(r: OdooRecord): OdooPayment {
  const raw = v.str(r.state) ?? 'draft';
  const name = v.str(r.name);
  return {
    id: r.id, name: name && name !== '/' ? name : null, date: v.date(r.date), amount: v.money(r.amount), currency: v.ref(r.currency_id),
    status: status(raw), rawState: raw, paymentType: r.payment_type === 'outbound' ? 'outbound' : 'inbound', partner: v.ref(r.partner_id),
    journal: v.ref(r.journal_id), method: v.ref(r.payment_method_line_id), memo: v.text(r.memo ?? r.ref), paymentReference: v.text(r.payment_reference),
    reconciledInvoiceIds: v.ids(r.reconciled_invoice_ids), isReconciled: v.bool(r.is_reconciled), writeDate: v.datetime(r.write_date),
  };
}

export interface DraftPaymentInput {
  partnerId: number;
  amount: number;
  date: string | Date;
  memo?: string;
  paymentReference?: string;
  journalId?: number;
}

const MODEL = 'account.payment';

/** Customer payments (account.payment) and the Register Payment wizard. */
@Injectable()
export class OdooPaymentGateway extends OdooGateway {
  constructor(odoo: OdooClient) {
    super(odoo);
  }

  getMany(ids: readonly number[], opts?: OdooCallOptions): Promise<OdooPayment[]> {
    return this.readByIds(MODEL, ids, FIELDS, toPayment, opts);
  }

  async get(id: number, opts?: OdooCallOptions): Promise<OdooPayment | null> {
    return (await this.getMany([id], opts))[0] ?? null;
  }

  async find(filter: { partnerIds?: readonly number[]; statuses?: readonly string[]; from?: string; to?: string; paymentReference?: string; domain?: OdooDomain }, options: { limit?: number; offset?: number } & OdooCallOptions = {}): Promise<{ payments: OdooPayment[]; total: number }> {
    const { limit = 50, offset, ...opts } = options;
    const domain: OdooDomain = [...(filter.domain ?? []), ['payment_type', '=', 'inbound'], ['partner_type', '=', 'customer']];
    if (filter.partnerIds) domain.push(['partner_id', 'child_of', [...filter.partnerIds]]);
    if (filter.statuses) domain.push(['state', 'in', [...filter.statuses]]);
    if (filter.from) domain.push(['date', '>=', filter.from]);
    if (filter.to) domain.push(['date', '<=', filter.to]);
    if (filter.paymentReference) domain.push(['payment_reference', '=', filter.paymentReference]);
    const [payments, total] = await Promise.all([
      this.search(MODEL, domain, FIELDS, toPayment, { ...opts, limit, offset, order: 'date desc, id desc' }),
      this.odoo.searchCount(MODEL, domain, opts),
    ]);
    return { payments, total };
  }

  /** A draft customer payment for manual verification (e.g. a proof of payment upload). */
  async createDraft(input: DraftPaymentInput, opts?: OdooCallOptions): Promise<number> {
    const memoField = (await this.odoo.hasField(MODEL, 'memo')) ? 'memo' : 'ref';
    const values = await this.writable(MODEL, toOdooValues({
      partner_id: input.partnerId, amount: input.amount, date: toOdooDate(input.date), payment_type: 'inbound', partner_type: 'customer',
      journal_id: input.journalId, payment_reference: input.paymentReference, [memoField]: input.memo,
    }));
    return this.odoo.create(MODEL, values, opts);
  }

  /** draft → posted (17) / in process or paid (18+). Returns nothing (None) on every version. */
  async post(paymentId: number, opts?: OdooCallOptions): Promise<void> {
    await this.odoo.callMethod(MODEL, 'action_post', [paymentId], {}, opts);
  }

  async cancel(paymentId: number, opts?: OdooCallOptions): Promise<void> {
    await this.odoo.callMethod(MODEL, 'action_cancel', [paymentId], {}, opts);
  }

  /**
   * Registers a payment against posted invoices through Odoo's wizard (creates, posts and
   * reconciles the payment). Returns the payment id.
   */
  async registerPayment(invoiceIds: number[], input: { amount?: number; date?: string | Date; journalId?: number; memo?: string } = {}, opts?: OdooCallOptions): Promise<number> {
    const context = { active_model: 'account.move', active_ids: invoiceIds, active_id: invoiceIds[0], ...opts?.context };
    const wizard = await this.odoo.create('account.payment.register', toOdooValues({
      amount: input.amount, payment_date: input.date ? toOdooDate(input.date) : undefined, journal_id: input.journalId, communication: input.memo,
    }), { ...opts, context });
    const action = await this.odoo.callMethod<{ res_id?: number; domain?: unknown[] } | boolean>('account.payment.register', 'action_create_payments', [wizard], {}, { ...opts, context });
    if (action && typeof action === 'object' && typeof action.res_id === 'number') return action.res_id;
    // Some versions/contexts answer True: take the partner's newest customer payment.
    const [invoice] = await this.odoo.searchRead('account.move', [['id', '=', invoiceIds[0]]], { fields: ['commercial_partner_id'], ...opts });
    const partner = v.refId(invoice?.commercial_partner_id);
    const [latest] = partner ? await this.odoo.search(MODEL, [['partner_id', 'child_of', partner], ['payment_type', '=', 'inbound']], { ...opts, order: 'id desc', limit: 1 }) : [];
    if (!latest) throw new OdooProtocolError('Odoo registered no payment');
    return latest;
  }
}
