import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { planRestore } from '../domain/buckets';
import { IdempotencyConflict, OrderNotFound, RefundRejected } from '../domain/loyalty.errors';
import { fromMinor, minorToDecimalString, toMinor, type Minor } from '../domain/money';
import { planRefund } from '../domain/refunds';
import { LoyaltyEventType } from '../loyalty.events';
import { ExpiryRepository } from '../persistence/expiry.repository';
import { PointLedgerRepository, type LockedCard, type MoveRecord } from '../persistence/point-ledger.repository';
import { queryOne } from '../persistence/sql';
import { LoyaltyEventsService, type PendingEvent } from './loyalty-events.service';
import { PromoCodesService } from './promo-codes.service';
import { ReferralsService } from './referrals.service';
import { inTransaction } from './transactions';

export interface RefundInput {
  orderRef: string;
  refundRef: string;
  /** Net amount refunded; omit for "everything not refunded yet". */
  amountMinor: Minor | null;
  reason?: string | null;
}

export interface RefundResult {
  orderRef: string;
  refundRef: string;
  amount: number;
  full: boolean;
  orderStatus: 'partially_refunded' | 'refunded';
  refundedTotal: number;
  pointsReversed: number;
  pointsUnrecovered: number;
  pointsRestored: number;
  pointsForfeited: number;
  discountReversed: number;
  promoCodesReleased: string[];
  referralReversed: boolean;
  balance: number;
}

interface OrderRow {
  id: string; cardId: string; memberId: string; status: string; net: string; refunded: string; discount: string; discountReversed: string;
  pointsEarned: number; pointsReversed: number; pointsRedeemed: number; pointsRestored: number; pointsForfeited: number;
}

/**
 * Refunds reverse an order's loyalty effects in proportion to the refunded share: earned points
 * are taken back (its own earn bucket first, never below zero: what cannot be recovered is
 * reported), redeemed points come back with their original expiry (already-expired ones are
 * forfeited), promo discounts are reversed, and a full refund releases promo uses and any referral
 * reward it triggered. Idempotent on `refundRef`; refunds of one order are serialised by its row lock.
 */
@Injectable()
export class RefundsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly ledger: PointLedgerRepository,
    private readonly expiry: ExpiryRepository,
    private readonly promos: PromoCodesService,
    private readonly referrals: ReferralsService,
    private readonly events: LoyaltyEventsService,
  ) {}

  async refund(input: RefundInput, now = new Date()): Promise<RefundResult & { replayed: boolean }> {
    const hash = createHash('sha256').update(JSON.stringify([input.orderRef, input.amountMinor])).digest('hex');
    const out = await inTransaction(this.ds, async (em) => {
      const order = await queryOne<OrderRow>(
        em,
        `SELECT id, card_id AS "cardId", member_id AS "memberId", status, net_amount AS net, refunded_amount AS refunded, discount_amount AS discount,
                discount_reversed AS "discountReversed", points_earned AS "pointsEarned", points_reversed AS "pointsReversed",
                points_redeemed AS "pointsRedeemed", points_restored AS "pointsRestored", points_forfeited AS "pointsForfeited"
         FROM loyalty_order WHERE order_ref = $1 AND status <> 'processing' FOR UPDATE`,
        [input.orderRef],
      );
      if (!order) throw new OrderNotFound(input.orderRef);
      const inserted = await queryOne<{ id: string }>(
        em,
        `INSERT INTO loyalty_order_refund (order_id, refund_ref, request_hash, amount, reason) VALUES ($1, $2, $3, 0, $4)
         ON CONFLICT (refund_ref) DO NOTHING RETURNING id`,
        [order.id, input.refundRef, hash, input.reason ?? null],
      );
      if (!inserted) {
        const prior = await queryOne<{ hash: string; result: RefundResult | null }>(em, `SELECT request_hash AS hash, result FROM loyalty_order_refund WHERE refund_ref = $1`, [input.refundRef]);
        if (!prior?.result || prior.hash !== hash) throw new IdempotencyConflict('Refund', input.refundRef);
        return { ...prior.result, replayed: true };
      }
      return { ...(await this.applyNew(em, inserted.id, order, input, now)), replayed: false };
    });
    if (!out.replayed) this.events.poke();
    return out;
  }

  private async applyNew(em: EntityManager, refundId: string, order: OrderRow, input: RefundInput, now: Date): Promise<RefundResult> {
    const plan = planRefund({
      netMinor: toMinor(order.net), refundedMinor: toMinor(order.refunded), fullyRefunded: order.status === 'refunded',
      pointsEarned: order.pointsEarned, pointsReversed: order.pointsReversed, pointsRedeemed: order.pointsRedeemed,
      redeemedHandled: order.pointsRestored + order.pointsForfeited, discountMinor: toMinor(order.discount), discountReversedMinor: toMinor(order.discountReversed),
    }, input.amountMinor);
    if (plan === 'nothing_left') throw new RefundRejected(input.orderRef, 'already_fully_refunded');
    if (plan === 'exceeds_order') throw new RefundRejected(input.orderRef, 'amount_exceeds_what_is_left_to_refund');

    const card = await this.ledger.lockCard(em, order.cardId);
    await this.expiry.expireLocked(em, [card.id], now);
    card.balance = (await this.ledger.lockCard(em, card.id)).balance;
    const events: PendingEvent[] = [];
    const moves = await this.ledger.movesOfOrder(em, order.id);
    const ownCard = moves.filter((m) => m.cardId === card.id);

    // Give redeemed points back first, so a claw-back can use them rather than fall short.
    let restored = 0;
    let forfeited = 0;
    const redeem = ownCard.find((m) => m.source === 'order_redeem');
    if (plan.restoreRedeemed > 0 && redeem) {
      const groups = await this.ledger.consumedGroups(em, redeem.id);
      const r = planRestore(groups, order.pointsRestored + order.pointsForfeited, plan.restoreRedeemed, now);
      forfeited = r.forfeited;
      for (const [i, g] of r.credits.entries()) {
        const move = await this.ledger.credit(em, card, {
          kind: 'reverse', points: g.points, source: 'refund', sourceRef: `${input.refundRef}:restore:${i}`, orderId: order.id, reversesMoveId: redeem.id,
          expiresAt: g.expiresAt, lifetime: 'redeemed', description: `Redeemed points returned (refund ${input.refundRef})`,
        });
        restored += g.points;
        events.push(this.reversedEvent(card, move, order.id));
      }
    }

    let reversed = 0;
    let unrecovered = 0;
    const earns = ownCard.filter((m) => m.source === 'order' || m.source === 'order_promo');
    if (plan.reverseEarned > 0 && earns.length) {
      const preferred = (await Promise.all(earns.map((m) => this.ledger.bucketIdsOfMove(em, m.id)))).flat();
      const { move, shortfall } = await this.ledger.debit(em, card, {
        kind: 'reverse', points: plan.reverseEarned, source: 'refund', sourceRef: `${input.refundRef}:earn`, orderId: order.id, reversesMoveId: earns[0].id,
        allowPartial: true, preferredBucketIds: preferred, lifetime: 'earned', description: `Earned points taken back (refund ${input.refundRef})`,
      }, now);
      unrecovered = shortfall;
      if (move) {
        reversed = -move.points;
        events.push(this.reversedEvent(card, move, order.id));
      }
    }

    const released = await this.promos.reverseForRefund(em, order.id, plan.discountReversedMinor, plan.full);
    const referral = plan.full ? await this.referrals.reverseForOrder(em, { orderId: order.id, refundRef: input.refundRef, refereeCard: card }, events) : null;

    const refundedTotal = toMinor(order.refunded) + plan.amountMinor;
    const status = plan.full ? 'refunded' : 'partially_refunded';
    await em.query(
      `UPDATE loyalty_order SET refunded_amount = $2, points_reversed = points_reversed + $3, points_restored = points_restored + $4,
         points_forfeited = points_forfeited + $5, discount_reversed = discount_reversed + $6, status = $7, updated_at = now() WHERE id = $1`,
      // The planned claw-back counts as done even when the balance fell short, so later partial refunds do not ask again.
      [order.id, minorToDecimalString(refundedTotal), plan.reverseEarned, restored, forfeited, minorToDecimalString(plan.discountReversedMinor), status],
    );
    const result: RefundResult = {
      orderRef: input.orderRef, refundRef: input.refundRef, amount: fromMinor(plan.amountMinor), full: plan.full, orderStatus: status,
      refundedTotal: fromMinor(refundedTotal), pointsReversed: reversed, pointsUnrecovered: unrecovered, pointsRestored: restored, pointsForfeited: forfeited,
      discountReversed: fromMinor(plan.discountReversedMinor), promoCodesReleased: plan.full ? released : [], referralReversed: !!referral, balance: card.balance,
    };
    await em.query(
      `UPDATE loyalty_order_refund SET amount = $2, full_refund = $3, points_reversed = $4, points_restored = $5, points_unrecovered = $6,
         points_forfeited = $7, discount_reversed = $8, result = $9 WHERE id = $1`,
      [refundId, minorToDecimalString(plan.amountMinor), plan.full, reversed, restored, unrecovered, forfeited, minorToDecimalString(plan.discountReversedMinor), JSON.stringify(result)],
    );
    events.push({
      type: LoyaltyEventType.OrderRefunded, memberId: order.memberId, cardId: card.id, orderId: order.id,
      data: {
        orderId: order.id, orderRef: input.orderRef, refundRef: input.refundRef, memberId: order.memberId, cardId: card.id, amount: result.amount,
        full: plan.full, pointsReversed: reversed, pointsRestored: restored, pointsUnrecovered: unrecovered,
      },
    });
    await this.events.record(em, events);
    return result;
  }

  private reversedEvent(card: LockedCard, move: MoveRecord, orderId: string): PendingEvent {
    return {
      type: LoyaltyEventType.PointsReversed, memberId: card.memberId, cardId: card.id, orderId,
      data: {
        cardId: card.id, memberId: card.memberId, programId: card.programId, points: move.points, balance: move.balanceAfter, moveId: move.id,
        source: move.source, sourceRef: move.sourceRef, reason: move.description,
      },
    };
  }
}
