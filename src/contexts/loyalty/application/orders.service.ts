import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { expiryFor } from '../domain/buckets';
import { computeEarning, type EarnRule } from '../domain/earning';
import {
  IdempotencyConflict, InvalidLoyaltyInput, OrderNotFound, PointsPaymentRejected, PromoCodeRejected, RewardRejected,
} from '../domain/loyalty.errors';
import { fromMinor, minorToDecimalString, toMinor, type Minor } from '../domain/money';
import { checkPromo, OrderPricing, planPointsPayment, promoDiscount, rewardDiscount, type OrderLineInput } from '../domain/pricing';
import { LoyaltyEventType } from '../loyalty.events';
import { ExpiryRepository } from '../persistence/expiry.repository';
import { PointLedgerRepository, type MoveRecord } from '../persistence/point-ledger.repository';
import { queryOne, queryRows } from '../persistence/sql';
import { LoyaltyEventsService, type PendingEvent } from './loyalty-events.service';
import { MembersService, type CustomerIdentity, type ProgramRow } from './members.service';
import { PromoCodesService, promoTerms } from './promo-codes.service';
import { ReferralsService, type ReferralOutcome } from './referrals.service';
import { TiersService, type TierChangeOutcome } from './tiers.service';
import { inTransaction } from './transactions';

export interface ApplyOrderInput {
  orderRef: string;
  source: string;
  /** When the sale happened; null/absent = now (and then not part of the idempotency fingerprint). */
  orderedAt?: Date | null;
  currency?: string | null;
  customer: CustomerIdentity;
  programCode?: string | null;
  lines: OrderLineInput[];
  promoCodes?: string[];
  referralCode?: string | null;
  redeemPoints?: number | null;
  rewardId?: string | null;
  odooOrderId?: number | null;
}

/** What POST /api/v1/orders answers, stored with the order so a replay answers the same. */
export interface OrderResult {
  orderId: string;
  orderRef: string;
  status: 'applied';
  memberId: string;
  cardId: string;
  cardCode: string;
  programCode: string;
  currency: string;
  subtotal: number;
  discounts: Array<{ source: 'promo' | 'reward' | 'points'; ref: string; amount: number; points?: number }>;
  discountTotal: number;
  total: number;
  pointsRedeemed: number;
  pointsEarned: number;
  earning: { basePoints: number; multiplier: number; multipliedBasePoints: number; rules: Array<{ ruleId: string; name: string; points: number }>; promoBonusPoints: number };
  pointsExpireAt: string | null;
  referral: ReferralOutcome;
  tierChanges: TierChangeOutcome[];
  balance: number;
}

const MAX_FUTURE_MS = 5 * 60_000;

export function requestHash(input: ApplyOrderInput): string {
  const canonical = {
    orderRef: input.orderRef, orderedAt: input.orderedAt?.toISOString() ?? null, currency: input.currency ?? null,
    customer: { odooPartnerId: input.customer.odooPartnerId ?? null, externalRef: input.customer.externalRef ?? null },
    programCode: input.programCode ?? null, lines: input.lines, promoCodes: (input.promoCodes ?? []).map((c) => c.trim().toUpperCase()),
    referralCode: input.referralCode?.trim().toUpperCase() ?? null, redeemPoints: input.redeemPoints ?? 0, rewardId: input.rewardId ?? null,
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/**
 * Applies an order in one transaction: promo codes, a reward and points as payment become
 * discounts, the member earns on what is left to pay, a first order may reward a referral, and a
 * qualifying total upgrades the tier. The order row is inserted first (unique on `order_ref`), so a
 * concurrent or later replay waits for, then returns, the stored result and changes nothing.
 */
@Injectable()
export class OrdersService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly members: MembersService,
    private readonly ledger: PointLedgerRepository,
    private readonly expiry: ExpiryRepository,
    private readonly promos: PromoCodesService,
    private readonly referrals: ReferralsService,
    private readonly tiers: TiersService,
    private readonly events: LoyaltyEventsService,
  ) {}

  async apply(given: ApplyOrderInput, now = new Date()): Promise<OrderResult & { replayed: boolean }> {
    const hash = requestHash(given);
    const input = { ...given, orderedAt: given.orderedAt ?? now };
    if (input.orderedAt.getTime() > now.getTime() + MAX_FUTURE_MS) throw new InvalidLoyaltyInput('orderedAt is in the future', { orderedAt: ['must not be in the future'] });
    const out = await inTransaction(this.ds, async (em) => {
      const inserted = await queryOne<{ id: string }>(
        em,
        `INSERT INTO loyalty_order (order_ref, source, request_hash, ordered_at, currency, lines, odoo_order_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (order_ref) DO NOTHING RETURNING id`,
        [input.orderRef, input.source, hash, input.orderedAt, (input.currency ?? 'XXX').toUpperCase(), JSON.stringify(input.lines), input.odooOrderId ?? null],
      );
      if (!inserted) return this.replay(em, input.orderRef, hash);
      return { ...(await this.applyNew(em, inserted.id, input, now)), replayed: false };
    });
    if (!out.replayed) this.events.poke();
    return out;
  }

  private async replay(em: EntityManager, orderRef: string, hash: string): Promise<OrderResult & { replayed: boolean }> {
    const row = await queryOne<{ hash: string; result: OrderResult | null }>(em, `SELECT request_hash AS hash, result FROM loyalty_order WHERE order_ref = $1`, [orderRef]);
    if (!row?.result) throw new OrderNotFound(orderRef);
    if (row.hash !== hash) throw new IdempotencyConflict('Order', orderRef);
    return { ...row.result, replayed: true };
  }

  private async applyNew(em: EntityManager, orderId: string, input: ApplyOrderInput & { orderedAt: Date }, now: Date): Promise<OrderResult> {
    const program = await this.members.resolveProgram(em, input.programCode, input.orderedAt);
    if (input.currency && input.currency.toUpperCase() !== program.currency)
      throw new InvalidLoyaltyInput(`Order currency ${input.currency} differs from program ${program.code}'s ${program.currency}`, { currency: [`must be ${program.currency}`] });
    const { member } = await this.members.resolveMember(em, input.customer);
    this.members.assertActive(member);
    const cardRef = await this.members.ensureCard(em, member.id, program.id);
    const card = await this.ledger.lockCard(em, cardRef.id);
    this.ledger.assertActive(card);
    // Points due before now must not pay for this order: expire them first (the daily job may not have run yet).
    await this.expiry.expireLocked(em, [card.id], now);
    card.balance = (await this.ledger.lockCard(em, card.id)).balance;

    const events: PendingEvent[] = [];
    const pricing = new OrderPricing(input.lines);
    const subtotal = pricing.subtotalMinor;

    // 1. promo codes, in the order given
    const promoUses: Array<{ promoId: string; code: string; discountMinor: Minor; bonusPoints: number }> = [];
    for (const promo of await this.promos.forOrder(em, input.promoCodes ?? [])) {
      const terms = promoTerms(promo);
      const idx = pricing.matching(terms.productRefs, terms.categoryRefs);
      const eligible = pricing.amountOf(idx);
      const memberUses = await this.promos.memberUses(em, promo.id, member.id);
      const rejection = checkPromo(terms, { at: input.orderedAt, programId: program.id, subtotalMinor: subtotal, memberUses, eligibleMinor: eligible });
      if (rejection) throw new PromoCodeRejected(promo.code, rejection);
      await this.promos.recordUse(em, promo, member.id);
      const applied = pricing.apply('promo', promo.code, promoDiscount(terms, eligible), idx);
      promoUses.push({ promoId: promo.id, code: promo.code, discountMinor: applied, bonusPoints: terms.bonusPoints });
    }

    // 2. a reward bought with points, then 3. points as payment
    let pointsToRedeem = 0;
    const redeemMeta: Record<string, unknown> = {};
    if (input.rewardId) {
      const reward = await queryOne<{ id: string; name: string; rewardType: 'fixed_discount' | 'percent_discount' | 'free_product'; requiredPoints: number; discountAmount: string; discountPercent: string; maxDiscount: string | null; productRef: string | null; active: boolean }>(
        em,
        `SELECT id, name, reward_type AS "rewardType", required_points AS "requiredPoints", discount_amount AS "discountAmount", discount_percent AS "discountPercent",
                max_discount AS "maxDiscount", product_ref AS "productRef", active FROM loyalty_reward WHERE id = $1 AND program_id = $2`,
        [input.rewardId, program.id],
      );
      if (!reward || !reward.active) throw new RewardRejected(input.rewardId, 'no such active reward in this program');
      const d = rewardDiscount({
        id: reward.id, rewardType: reward.rewardType, requiredPoints: reward.requiredPoints, discountAmountMinor: toMinor(reward.discountAmount),
        discountPercent: Number(reward.discountPercent), maxDiscountMinor: reward.maxDiscount === null ? null : toMinor(reward.maxDiscount), productRef: reward.productRef,
      }, pricing);
      if (!d) throw new RewardRejected(reward.id, 'the order has nothing this reward applies to');
      pricing.apply('reward', reward.id, d.amountMinor, d.indexes, reward.requiredPoints);
      pointsToRedeem += reward.requiredPoints;
      redeemMeta.reward = { id: reward.id, name: reward.name, points: reward.requiredPoints };
    }
    if (input.redeemPoints && input.redeemPoints > 0) {
      const plan = planPointsPayment(
        { redemptionValue: Number(program.redemptionValue), minRedeemPoints: program.minRedeemPoints, maxRedeemRatio: Number(program.maxRedeemRatio) },
        input.redeemPoints, pricing.totalMinor,
      );
      if (typeof plan === 'string') throw new PointsPaymentRejected(plan, { minRedeemPoints: program.minRedeemPoints });
      if (plan.points > 0) {
        pricing.apply('points', 'points', plan.discountMinor, pricing.lines.map((_, i) => i), plan.points);
        pointsToRedeem += plan.points;
        redeemMeta.pointsPayment = { points: plan.points, amount: fromMinor(plan.discountMinor) };
      }
    }
    let redeemMove: MoveRecord | null = null;
    if (pointsToRedeem > 0) {
      redeemMove = (await this.ledger.debit(em, card, {
        kind: 'redeem', points: pointsToRedeem, source: 'order_redeem', sourceRef: input.orderRef, orderId,
        description: `Redeemed on order ${input.orderRef}`, metadata: redeemMeta, lifetime: 'redeemed',
      }, now)).move;
      events.push(this.moveEvent(LoyaltyEventType.PointsRedeemed, card, redeemMove!, orderId, input.orderRef, null));
    }

    // 4. earning on what is left to pay
    const multiplier = await this.tiers.multiplierFor(em, member.id, program.id);
    const rules = await this.rules(em, program.id);
    const earning = computeEarning(
      {
        pointsPerCurrencyUnit: Number(program.pointsPerCurrencyUnit), minOrderAmountMinor: toMinor(program.minOrderAmount),
        excludedProductRefs: program.excludedProductRefs, excludedCategoryRefs: program.excludedCategoryRefs,
      },
      rules, pricing.netLines(), multiplier, input.orderedAt,
    );
    const promoBonus = promoUses.reduce((s, p) => s + p.bonusPoints, 0);
    const expiresAt = expiryFor(input.orderedAt, program.pointValidityDays);
    if (earning.total > 0) {
      const move = await this.ledger.credit(em, card, {
        kind: 'earn', points: earning.total, source: 'order', sourceRef: input.orderRef, orderId, expiresAt, lifetime: 'earned',
        description: `Earned on order ${input.orderRef}`, metadata: { basePoints: earning.basePoints, multiplier, rules: earning.rules },
      });
      events.push(this.moveEvent(LoyaltyEventType.PointsEarned, card, move, orderId, input.orderRef, expiresAt));
    }
    if (promoBonus > 0) {
      const move = await this.ledger.credit(em, card, {
        kind: 'earn', points: promoBonus, source: 'order_promo', sourceRef: input.orderRef, orderId, expiresAt, lifetime: 'earned',
        description: `Promo bonus on order ${input.orderRef}`, metadata: { codes: promoUses.filter((p) => p.bonusPoints > 0).map((p) => ({ code: p.code, points: p.bonusPoints })) },
      });
      events.push(this.moveEvent(LoyaltyEventType.PointsEarned, card, move, orderId, input.orderRef, expiresAt));
    }

    // 5. referral, member dates, tier
    const netMinor = pricing.totalMinor;
    const referral = await this.referrals.applyOnOrder(
      em, { referee: member, card, program, orderId, orderRef: input.orderRef, netMinor, code: input.referralCode ?? null, now }, events,
    );
    await em.query(
      `UPDATE loyalty_member SET first_order_at = LEAST(COALESCE(first_order_at, $2), $2), last_order_at = GREATEST(COALESCE(last_order_at, $2), $2), updated_at = now() WHERE id = $1`,
      [member.id, input.orderedAt],
    );
    await this.promos.recordRedemptions(em, promoUses.map((p) => ({
      promoId: p.promoId, orderId, memberId: member.id, programId: program.id, discountMinor: p.discountMinor, bonusPoints: p.bonusPoints, orderNetMinor: netMinor,
    })));

    const result: OrderResult = {
      orderId, orderRef: input.orderRef, status: 'applied', memberId: member.id, cardId: card.id, cardCode: card.code, programCode: program.code,
      currency: program.currency, subtotal: fromMinor(subtotal),
      discounts: pricing.discounts.map((d) => ({ source: d.source, ref: d.ref, amount: fromMinor(d.amountMinor), ...(d.points !== undefined ? { points: d.points } : {}) })),
      discountTotal: fromMinor(pricing.discountTotalMinor), total: fromMinor(netMinor), pointsRedeemed: pointsToRedeem,
      pointsEarned: earning.total + promoBonus,
      earning: { basePoints: earning.basePoints, multiplier, multipliedBasePoints: earning.multipliedBasePoints, rules: earning.rules, promoBonusPoints: promoBonus },
      pointsExpireAt: earning.total + promoBonus > 0 ? expiresAt?.toISOString() ?? null : null,
      referral, tierChanges: [], balance: card.balance,
    };
    await em.query(
      `UPDATE loyalty_order SET member_id = $2, card_id = $3, program_id = $4, currency = $5, subtotal_amount = $6, discount_amount = $7, net_amount = $8,
         points_earned = $9, points_redeemed = $10, status = 'applied', updated_at = now() WHERE id = $1`,
      [orderId, member.id, card.id, program.id, program.currency, minorToDecimalString(subtotal), minorToDecimalString(pricing.discountTotalMinor),
        minorToDecimalString(netMinor), result.pointsEarned, pointsToRedeem],
    );
    result.tierChanges = await this.tiers.upgradeAfterOrder(em, member, orderId, program.id, now);
    result.balance = card.balance;
    await em.query(`UPDATE loyalty_order SET result = $2 WHERE id = $1`, [orderId, JSON.stringify(result)]);
    events.push({
      type: LoyaltyEventType.OrderApplied, memberId: member.id, cardId: card.id, orderId,
      data: {
        orderId, orderRef: input.orderRef, memberId: member.id, cardId: card.id, programId: program.id, currency: program.currency,
        subtotal: result.subtotal, discountTotal: result.discountTotal, total: result.total, pointsEarned: result.pointsEarned,
        pointsRedeemed: pointsToRedeem, promoCodes: promoUses.map((p) => p.code),
      },
    });
    await this.events.record(em, events);
    return result;
  }

  private moveEvent(type: typeof LoyaltyEventType.PointsEarned | typeof LoyaltyEventType.PointsRedeemed, card: { id: string; memberId: string; programId: string }, move: MoveRecord, orderId: string, orderRef: string, expiresAt: Date | null): PendingEvent {
    return {
      type, memberId: card.memberId, cardId: card.id, orderId,
      data: {
        cardId: card.id, memberId: card.memberId, programId: card.programId, points: move.points, balance: move.balanceAfter, moveId: move.id,
        source: move.source, sourceRef: move.sourceRef, orderRef, expiresAt: expiresAt?.toISOString() ?? null, reason: move.description,
      },
    };
  }

  private async rules(em: EntityManager, programId: string): Promise<EarnRule[]> {
    const rows = await queryRows<{ id: string; name: string; scope: EarnRule['scope']; productRefs: string[]; categoryRefs: string[]; mode: EarnRule['mode']; points: string; minimumAmount: string; minimumQty: string; validFrom: Date | null; validTo: Date | null }>(
      em,
      `SELECT id, name, scope, product_refs AS "productRefs", category_refs AS "categoryRefs", mode, points, minimum_amount AS "minimumAmount",
              minimum_qty AS "minimumQty", valid_from AS "validFrom", valid_to AS "validTo"
       FROM loyalty_program_rule WHERE program_id = $1 AND active ORDER BY created_at, id`,
      [programId],
    );
    return rows.map((r) => ({ ...r, points: Number(r.points), minimumAmountMinor: toMinor(r.minimumAmount), minimumQty: Number(r.minimumQty) }));
  }

  async get(orderRef: string): Promise<{ order: OrderSummary; refunds: RefundSummary[] }> {
    const order = await queryOne<OrderSummary>(
      this.ds.manager,
      `SELECT o.id, o.order_ref AS "orderRef", o.source, o.status, o.ordered_at AS "orderedAt", o.currency, o.subtotal_amount AS "subtotal",
              o.discount_amount AS "discountTotal", o.net_amount AS "total", o.refunded_amount AS "refunded", o.points_earned AS "pointsEarned",
              o.points_redeemed AS "pointsRedeemed", o.points_reversed AS "pointsReversed", o.points_restored AS "pointsRestored",
              o.member_id AS "memberId", o.card_id AS "cardId", p.code AS "programCode", o.result
       FROM loyalty_order o LEFT JOIN loyalty_program p ON p.id = o.program_id WHERE o.order_ref = $1 AND o.status <> 'processing'`,
      [orderRef],
    );
    if (!order) throw new OrderNotFound(orderRef);
    const refunds = await queryRows<RefundSummary>(
      this.ds.manager,
      `SELECT refund_ref AS "refundRef", amount, full_refund AS "full", points_reversed AS "pointsReversed", points_restored AS "pointsRestored",
              points_unrecovered AS "pointsUnrecovered", points_forfeited AS "pointsForfeited", reason, created_at AS "createdAt"
       FROM loyalty_order_refund WHERE order_id = $1 ORDER BY created_at`,
      [order.id],
    );
    return { order, refunds };
  }
}

export interface OrderSummary {
  id: string; orderRef: string; source: string; status: string; orderedAt: Date; currency: string; subtotal: string; discountTotal: string; total: string;
  refunded: string; pointsEarned: number; pointsRedeemed: number; pointsReversed: number; pointsRestored: number; memberId: string; cardId: string;
  programCode: string; result: OrderResult;
}
export interface RefundSummary {
  refundRef: string; amount: string; full: boolean; pointsReversed: number; pointsRestored: number; pointsUnrecovered: number; pointsForfeited: number;
  reason: string | null; createdAt: Date;
}
