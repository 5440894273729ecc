import { Injectable } from '@nestjs/common';
import { OdooClient } from '../client/odoo-client';
import type { OdooCallOptions, OdooRecord, OdooRef } from '../odoo.types';
import { toOdooDate, toOdooValues } from '../values/odoo-values';
import { OdooGateway, OdooModuleMissing, v } from './odoo-gateway';

export type MembershipState = 'none' | 'canceled' | 'old' | 'waiting' | 'invoiced' | 'free' | 'paid';

export interface OdooMembershipLine {
  id: number;
  partner: OdooRef;
  product: OdooRef;
  dateFrom: string | null;
  dateTo: string | null;
  dateCancel: string | null;
  joinDate: string | null;
  price: number;
  state: MembershipState | null;
  invoiceId: number | null;
}

const STATES: readonly MembershipState[] = ['none', 'canceled', 'old', 'waiting', 'invoiced', 'free', 'paid'];
const MODEL = 'membership.membership_line';
const FIELDS = ['partner', 'membership_id', 'date_from', 'date_to', 'date_cancel', 'date', 'member_price', 'state', 'account_invoice_id'] as const;
const toLine = (r: OdooRecord): OdooMembershipLine => ({
  id: r.id, partner: v.ref(r.partner)!, product: v.ref(r.membership_id)!, dateFrom: v.date(r.date_from), dateTo: v.date(r.date_to),
  dateCancel: v.date(r.date_cancel), joinDate: v.date(r.date), price: v.money(r.member_price), state: v.selection(r.state, STATES), invoiceId: v.refId(r.account_invoice_id),
});

/**
 * Membership lines of the `membership` addon (Odoo 17/18). Odoo 19 replaced the app (partner
 * grades): `available()` is false there, reads return nothing and writes raise OdooModuleMissing.
 */
@Injectable()
export class OdooMembershipGateway extends OdooGateway {
  constructor(odoo: OdooClient) {
    super(odoo);
  }

  available(): Promise<boolean> {
    return this.odoo.hasModel(MODEL);
  }

  async linesForPartners(partnerIds: readonly number[], opts?: OdooCallOptions): Promise<OdooMembershipLine[]> {
    if (!partnerIds.length || !(await this.available())) return [];
    return this.search(MODEL, [['partner', 'in', [...partnerIds]]], FIELDS, toLine, { ...opts, order: 'date_to desc, id desc' });
  }

  /** Current membership state per partner (res.partner.membership_state). */
  async states(partnerIds: readonly number[], opts?: OdooCallOptions): Promise<Map<number, MembershipState>> {
    const out = new Map<number, MembershipState>();
    if (!partnerIds.length || !(await this.available())) return out;
    const rows = await this.odoo.searchRead('res.partner', [['id', 'in', [...partnerIds]]], { fields: ['membership_state'], context: { active_test: false }, ...opts });
    for (const r of rows) out.set(r.id, v.selection(r.membership_state, STATES) ?? 'none');
    return out;
  }

  /** Membership products (product.product with `membership` set). */
  async products(opts?: OdooCallOptions): Promise<OdooRef[]> {
    if (!(await this.available())) return [];
    const rows = await this.odoo.searchRead('product.product', [['membership', '=', true]], { fields: ['display_name'], ...opts });
    return rows.map((r) => ({ id: r.id, name: v.str(r.display_name) ?? '' }));
  }

  async createLine(input: { partnerId: number; productId: number; dateFrom: string | Date; dateTo: string | Date; price: number }, opts?: OdooCallOptions): Promise<number> {
    if (!(await this.available())) throw new OdooModuleMissing('Membership (membership.membership_line)');
    return this.odoo.create(MODEL, toOdooValues({
      partner: input.partnerId, membership_id: input.productId, date_from: toOdooDate(input.dateFrom), date_to: toOdooDate(input.dateTo),
      member_price: input.price, date: toOdooDate(new Date()),
    }), opts);
  }

  async cancelLine(lineId: number, date: string | Date = new Date(), opts?: OdooCallOptions): Promise<void> {
    if (!(await this.available())) throw new OdooModuleMissing('Membership (membership.membership_line)');
    await this.odoo.write(MODEL, [lineId], { date_cancel: toOdooDate(date) }, { idempotent: true, ...opts });
  }
}
