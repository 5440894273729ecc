import { Injectable } from '@nestjs/common';
import { OdooClient } from '../client/odoo-client';
import type { OdooCallOptions, OdooDomain, OdooRecord, OdooRef } from '../odoo.types';
import { toOdooValues } from '../values/odoo-values';
import { OdooGateway, v } from './odoo-gateway';

export type LoyaltyProgramType = 'coupons' | 'gift_card' | 'loyalty' | 'promotion' | 'ewallet' | 'promo_code' | 'buy_x_get_y' | 'next_order_coupons';

export interface OdooLoyaltyProgram {
  id: number;
  name: string;
  type: LoyaltyProgramType | null;
  trigger: 'auto' | 'with_code' | null;
  appliesOn: 'current' | 'future' | 'both' | null;
  active: boolean;
  dateFrom: string | null;
  dateTo: string | null;
  pointName: string | null;
  currency: OdooRef | null;
}

export interface OdooLoyaltyCard {
  id: number;
  code: string;
  points: number;
  partner: OdooRef | null;
  program: OdooRef;
  expirationDate: string | null;
  writeDate: Date | null;
}

export interface OdooLoyaltyHistory {
  id: number;
  cardId: number;
  description: string;
  issued: number;
  used: number;
  orderModel: string | null;
  orderId: number | null;
  createdAt: Date | null;
}

const PROGRAM_TYPES: readonly LoyaltyProgramType[] = ['coupons', 'gift_card', 'loyalty', 'promotion', 'ewallet', 'promo_code', 'buy_x_get_y', 'next_order_coupons'];
const PROGRAM_FIELDS = ['name', 'program_type', 'trigger', 'applies_on', 'active', 'date_from', 'date_to', 'portal_point_name', 'currency_id'] as const;
const CARD_FIELDS = ['code', 'points', 'partner_id', 'program_id', 'expiration_date', 'write_date'] as const;

const toProgram = (r: OdooRecord): OdooLoyaltyProgram => ({
  id: r.id, name: v.str(r.name) ?? '', type: v.selection(r.program_type, PROGRAM_TYPES), trigger: v.selection(r.trigger, ['auto', 'with_code'] as const),
  appliesOn: v.selection(r.applies_on, ['current', 'future', 'both'] as const), active: r.active === undefined ? true : v.bool(r.active),
  dateFrom: v.date(r.date_from), dateTo: v.date(r.date_to), pointName: v.text(r.portal_point_name), currency: v.ref(r.currency_id),
});
export const toLoyaltyCard = (r: OdooRecord): OdooLoyaltyCard => ({
  id: r.id, code: v.str(r.code) ?? '', points: v.num(r.points), partner: v.ref(r.partner_id), program: v.ref(r.program_id)!,
  expirationDate: v.date(r.expiration_date), writeDate: v.datetime(r.write_date),
});
const toHistory = (r: OdooRecord): OdooLoyaltyHistory => ({
  id: r.id, cardId: v.refId(r.card_id) ?? 0, description: v.str(r.description) ?? '', issued: v.num(r.issued), used: v.num(r.used),
  orderModel: v.text(r.order_model), orderId: v.int(r.order_id) || null, createdAt: v.datetime(r.create_date),
});

/** Community loyalty: programs, cards (loyalty.card.points) and, on 18+, the point history. */
@Injectable()
export class OdooLoyaltyGateway extends OdooGateway {
  constructor(odoo: OdooClient) {
    super(odoo);
  }

  programs(filter: { types?: readonly LoyaltyProgramType[]; includeArchived?: boolean } = {}, opts?: OdooCallOptions): Promise<OdooLoyaltyProgram[]> {
    const domain: OdooDomain = filter.types ? [['program_type', 'in', [...filter.types]]] : [];
    return this.search('loyalty.program', domain, PROGRAM_FIELDS, toProgram, { ...opts, order: 'sequence, id', context: filter.includeArchived ? { active_test: false, ...opts?.context } : opts?.context });
  }

  cards(filter: { partnerIds?: readonly number[]; programId?: number; codes?: readonly string[]; limit?: number; offset?: number }, opts?: OdooCallOptions): Promise<OdooLoyaltyCard[]> {
    const domain: OdooDomain = [];
    if (filter.partnerIds) domain.push(['partner_id', 'in', [...filter.partnerIds]]);
    if (filter.programId) domain.push(['program_id', '=', filter.programId]);
    if (filter.codes) domain.push(['code', 'in', [...filter.codes]]);
    return this.search('loyalty.card', domain, CARD_FIELDS, toLoyaltyCard, { ...opts, limit: filter.limit, offset: filter.offset, order: 'id asc' });
  }

  getCards(ids: readonly number[], opts?: OdooCallOptions): Promise<OdooLoyaltyCard[]> {
    return this.readByIds('loyalty.card', ids, CARD_FIELDS, toLoyaltyCard, opts);
  }

  async cardByCode(code: string, opts?: OdooCallOptions): Promise<OdooLoyaltyCard | null> {
    return (await this.cards({ codes: [code] }, opts))[0] ?? null;
  }

  async createCard(input: { programId: number; partnerId?: number; points?: number; code?: string; expirationDate?: string }, opts?: OdooCallOptions): Promise<number> {
    return this.odoo.create('loyalty.card', toOdooValues({
      program_id: input.programId, partner_id: input.partnerId, points: input.points ?? 0, code: input.code, expiration_date: input.expirationDate,
    }), opts);
  }

  /** Whether this server keeps loyalty.history (18+). */
  hasHistory(): Promise<boolean> {
    return this.odoo.hasModel('loyalty.history');
  }

  /**
   * Sets balances (the hub's ledger is the engine of record), batched: one write per distinct
   * balance value (Odoo writes the same values to all ids of a call). On 18+ each change is also
   * recorded as a loyalty.history line (issued/used = the difference) in one multi-create.
   */
  async setBalances(balances: ReadonlyArray<{ cardId: number; points: number }>, options: { description?: string } & OdooCallOptions = {}): Promise<void> {
    const { description = 'Balance sync from the loyalty hub', ...opts } = options;
    if (!balances.length) return;
    const withHistory = await this.hasHistory();
    const current = withHistory ? new Map((await this.getCards(balances.map((b) => b.cardId), opts)).map((c) => [c.id, c.points])) : new Map<number, number>();
    const byValue = new Map<number, number[]>();
    for (const b of balances) byValue.set(b.points, [...(byValue.get(b.points) ?? []), b.cardId]);
    await Promise.all([...byValue].map(([points, ids]) => this.odoo.write('loyalty.card', ids, { points }, { idempotent: true, ...opts })));
    if (withHistory) {
      const lines = balances
        .map((b) => ({ b, diff: Math.round((b.points - (current.get(b.cardId) ?? 0)) * 100) / 100 }))
        .filter((x) => x.diff !== 0)
        .map(({ b, diff }) => ({ card_id: b.cardId, description, issued: diff > 0 ? diff : 0, used: diff < 0 ? -diff : 0 }));
      if (lines.length) await this.odoo.create('loyalty.history', lines, opts);
    }
  }

  async history(cardId: number, options: { limit?: number } & OdooCallOptions = {}): Promise<OdooLoyaltyHistory[]> {
    if (!(await this.hasHistory())) return [];
    const { limit = 100, ...opts } = options;
    return this.search('loyalty.history', [['card_id', '=', cardId]], ['card_id', 'description', 'issued', 'used', 'order_model', 'order_id', 'create_date'], toHistory, { ...opts, limit, order: 'id desc' });
  }
}
