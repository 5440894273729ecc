import { Injectable } from '@nestjs/common';
import { OdooClient } from '../client/odoo-client';
import type { OdooCallOptions, OdooDomain, OdooRecord, OdooRef } from '../odoo.types';
import { OdooGateway, v } from './odoo-gateway';
import { OdooSaleOrderGateway, type OdooSaleOrderLine } from './sale-orders.gateway';

export type SubscriptionState = 'draft' | 'renewal' | 'in_progress' | 'paused' | 'renewed' | 'churned' | 'upsell';

export interface OdooSubscription {
  id: number;
  name: string;
  partner: OdooRef;
  state: SubscriptionState | null;
  /** subscription_state as Odoo sent it (`3_progress`…). */
  rawState: string | null;
  orderState: string | null;
  plan: OdooRef | null;
  startDate: string | null;
  endDate: string | null;
  nextInvoiceDate: string | null;
  /** Monthly recurring revenue (untaxed). */
  recurringMonthly: number;
  amountUntaxed: number;
  amountTotal: number;
  currency: OdooRef | null;
  clientOrderRef: string | null;
  lines: OdooSaleOrderLine[];
  writeDate: Date | null;
}

const STATE_MAP: Record<string, SubscriptionState> = {
  '1_draft': 'draft', '2_renewal': 'renewal', '3_progress': 'in_progress', '4_paused': 'paused', '5_renewed': 'renewed', '6_churn': 'churned', '7_upsell': 'upsell',
};
const FIELDS = [
  'name', 'partner_id', 'subscription_state', 'state', 'plan_id', 'start_date', 'end_date', 'next_invoice_date', 'recurring_monthly',
  'amount_untaxed', 'amount_total', 'currency_id', 'client_order_ref', 'write_date',
] as const;

const toSubscription = (r: OdooRecord): OdooSubscription => {
  const raw = v.str(r.subscription_state);
  return {
    id: r.id, name: v.str(r.name) ?? '', partner: v.ref(r.partner_id)!, state: raw ? STATE_MAP[raw] ?? null : null, rawState: raw, orderState: v.str(r.state),
    plan: v.ref(r.plan_id), startDate: v.date(r.start_date), endDate: v.date(r.end_date), nextInvoiceDate: v.date(r.next_invoice_date),
    recurringMonthly: v.money(r.recurring_monthly), amountUntaxed: v.money(r.amount_untaxed), amountTotal: v.money(r.amount_total),
    currency: v.ref(r.currency_id), clientOrderRef: v.text(r.client_order_ref), lines: [], writeDate: v.datetime(r.write_date),
  };
};

/** Subscriptions of Enterprise sale_subscription: sale orders with a recurring plan (17+ fields). */
@Injectable()
export class OdooSubscriptionGateway extends OdooGateway {
  constructor(odoo: OdooClient, private readonly orders: OdooSaleOrderGateway) {
    super(odoo);
  }

  available(): Promise<boolean> {
    return this.odoo.hasField('sale.order', 'is_subscription');
  }

  private async withLines(subs: OdooSubscription[], opts?: OdooCallOptions): Promise<OdooSubscription[]> {
    const lines = await this.orders.lines(subs.map((s) => s.id), opts);
    for (const s of subs) s.lines = (lines.get(s.id) ?? []).filter((l) => !l.displayType);
    return subs;
  }

  /** Subscriptions of partners (and their contacts) with their lines: two calls whatever the count. */
  async forPartners(partnerIds: readonly number[], options: { states?: readonly SubscriptionState[]; domain?: OdooDomain } & OdooCallOptions = {}): Promise<OdooSubscription[]> {
    const { states, domain: extra = [], ...opts } = options;
    if (!partnerIds.length || !(await this.available())) return [];
    const domain: OdooDomain = [['is_subscription', '=', true], ['partner_id', 'child_of', [...partnerIds]], ...extra];
    if (states) {
      const raw = Object.entries(STATE_MAP).filter(([, s]) => states.includes(s)).map(([k]) => k);
      domain.push(['subscription_state', 'in', raw]);
    }
    const subs = await this.search('sale.order', domain, FIELDS, toSubscription, { ...opts, order: 'start_date desc, id desc' });
    return this.withLines(subs, opts);
  }

  async getMany(ids: readonly number[], opts?: OdooCallOptions): Promise<OdooSubscription[]> {
    if (!(await this.available())) return [];
    return this.withLines(await this.readByIds('sale.order', ids, FIELDS, toSubscription, opts), opts);
  }

  async setState(id: number, state: SubscriptionState, opts?: OdooCallOptions): Promise<void> {
    const raw = Object.entries(STATE_MAP).find(([, s]) => s === state)![0];
    await this.odoo.write('sale.order', [id], { subscription_state: raw }, { idempotent: true, ...opts });
  }
}
