import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { expiryFor } from '../domain/buckets';
import { normalizeCode } from '../domain/codes';
import { ReferralCodeUnknown } from '../domain/loyalty.errors';
import { toMinor, type Minor } from '../domain/money';
import { LoyaltyEventType } from '../loyalty.events';
import { PointLedgerRepository, type LockedCard, type MoveRecord } from '../persistence/point-ledger.repository';
import { queryOne } from '../persistence/sql';
import type { PendingEvent } from './loyalty-events.service';
import { MembersService, type MemberRow, type ProgramRow } from './members.service';

export type ReferralOutcome =
  | { status: 'rewarded'; referralId: string; referrerMemberId: string; referrerPoints: number; refereePoints: number }
  | { status: 'not_eligible'; reason: 'self_referral' | 'not_first_order' | 'already_rewarded' | 'below_minimum' | 'referrer_blocked' }
  | { status: 'none' };

interface ReferralRow { id: string; referrerMemberId: string; code: string; status: 'pending' | 'rewarded' | 'reversed'; orderId: string | null }

/**
 * Referral codes: every member has one. A new member names a referrer's code at enrolment or on
 * their first order; that first qualifying order rewards both sides once. "Once" is the unique
 * referee index plus the `pending → rewarded` transition under the referral's row lock.
 */
@Injectable()
export class ReferralsService {
  constructor(private readonly ledger: PointLedgerRepository, private readonly members: MembersService) {}

  async referrerByCode(em: EntityManager, code: string): Promise<MemberRow> {
    const m = await queryOne<MemberRow>(em, `SELECT id, status, referral_code AS "referralCode", odoo_partner_id AS "odooPartnerId" FROM loyalty_member WHERE referral_code = $1`, [normalizeCode(code)]);
    if (!m) throw new ReferralCodeUnknown(normalizeCode(code));
    return m;
  }

  /** Records who referred a member (before their first order); a no-op if someone already did. */
  async register(em: EntityManager, refereeId: string, code: string, programId: string | null): Promise<'registered' | 'self_referral' | 'already_referred'> {
    const referrer = await this.referrerByCode(em, code);
    if (referrer.id === refereeId) return 'self_referral';
    const row = await queryOne(
      em,
      `INSERT INTO loyalty_referral (referrer_member_id, referee_member_id, code, program_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (referee_member_id) DO NOTHING RETURNING id`,
      [referrer.id, refereeId, normalizeCode(code), programId],
    );
    return row ? 'registered' : 'already_referred';
  }

  /**
   * Called inside an order's transaction once the referee's card is locked and the order's own
   * points are applied. Rewards both sides if this is the referee's first qualifying order.
   */
  async applyOnOrder(
    em: EntityManager,
    c: { referee: MemberRow; card: LockedCard; program: ProgramRow; orderId: string; orderRef: string; netMinor: Minor; code: string | null; now: Date },
    events: PendingEvent[],
  ): Promise<ReferralOutcome> {
    let ref = await queryOne<ReferralRow>(
      em,
      `SELECT id, referrer_member_id AS "referrerMemberId", code, status, order_id AS "orderId" FROM loyalty_referral WHERE referee_member_id = $1 FOR UPDATE`,
      [c.referee.id],
    );
    if (!ref && !c.code) return { status: 'none' };
    if (!ref) {
      const referrer = await this.referrerByCode(em, c.code!);
      if (referrer.id === c.referee.id) return { status: 'not_eligible', reason: 'self_referral' };
      const earlier = await queryOne(em, `SELECT 1 FROM loyalty_order WHERE member_id = $1 AND id <> $2 AND status <> 'processing' LIMIT 1`, [c.referee.id, c.orderId]);
      if (earlier) return { status: 'not_eligible', reason: 'not_first_order' };
      await this.register(em, c.referee.id, c.code!, c.program.id);
      ref = await queryOne<ReferralRow>(
        em,
        `SELECT id, referrer_member_id AS "referrerMemberId", code, status, order_id AS "orderId" FROM loyalty_referral WHERE referee_member_id = $1 FOR UPDATE`,
        [c.referee.id],
      );
    }
    if (!ref || ref.status !== 'pending') return { status: 'not_eligible', reason: 'already_rewarded' };
    if (c.netMinor < toMinor(c.program.referralMinOrderAmount)) return { status: 'not_eligible', reason: 'below_minimum' };
    const referrer = await queryOne<{ id: string; status: string }>(em, `SELECT id, status FROM loyalty_member WHERE id = $1`, [ref.referrerMemberId]);
    if (!referrer || referrer.status !== 'active') return { status: 'not_eligible', reason: 'referrer_blocked' };

    const expiresAt = expiryFor(c.now, c.program.pointValidityDays);
    const moves: Array<{ card: LockedCard; move: MoveRecord }> = [];
    if (c.program.refereePoints > 0) {
      const move = await this.ledger.credit(em, c.card, {
        kind: 'earn', points: c.program.refereePoints, source: 'referral', sourceRef: `referral:${ref.id}:referee`, orderId: c.orderId,
        description: 'Referral welcome bonus', metadata: { referralId: ref.id }, expiresAt, lifetime: 'earned',
      });
      moves.push({ card: c.card, move });
    }
    if (c.program.referrerPoints > 0) {
      const referrerCard = await this.members.ensureCard(em, ref.referrerMemberId, c.program.id);
      const locked = await this.ledger.lockCard(em, referrerCard.id);
      const move = await this.ledger.credit(em, locked, {
        kind: 'earn', points: c.program.referrerPoints, source: 'referral', sourceRef: `referral:${ref.id}:referrer`, orderId: c.orderId,
        description: 'Referral reward', metadata: { referralId: ref.id, refereeMemberId: c.referee.id }, expiresAt, lifetime: 'earned',
      });
      moves.push({ card: locked, move });
    }
    await em.query(
      `UPDATE loyalty_referral SET status = 'rewarded', order_id = $2, program_id = $3, referrer_points = $4, referee_points = $5, rewarded_at = $6 WHERE id = $1`,
      [ref.id, c.orderId, c.program.id, c.program.referrerPoints, c.program.refereePoints, c.now],
    );
    for (const { card, move } of moves) {
      events.push({
        type: LoyaltyEventType.PointsEarned, memberId: card.memberId, cardId: card.id, orderId: c.orderId,
        data: {
          cardId: card.id, memberId: card.memberId, programId: card.programId, points: move.points, balance: move.balanceAfter, moveId: move.id,
          source: move.source, sourceRef: move.sourceRef, orderRef: c.orderRef, expiresAt: expiresAt?.toISOString() ?? null, reason: move.description,
        },
      });
    }
    events.push({
      type: LoyaltyEventType.ReferralRewarded, memberId: c.referee.id, orderId: c.orderId,
      data: {
        referralId: ref.id, referrerMemberId: ref.referrerMemberId, refereeMemberId: c.referee.id, orderRef: c.orderRef,
        referrerPoints: c.program.referrerPoints, refereePoints: c.program.refereePoints,
      },
    });
    return { status: 'rewarded', referralId: ref.id, referrerMemberId: ref.referrerMemberId, referrerPoints: c.program.referrerPoints, refereePoints: c.program.refereePoints };
  }

  /** A full refund of the rewarding order takes both rewards back (as far as the balances allow). */
  async reverseForOrder(
    em: EntityManager,
    c: { orderId: string; refundRef: string; refereeCard: LockedCard },
    events: PendingEvent[],
  ): Promise<{ referralId: string; reversedPoints: number } | null> {
    const ref = await queryOne<{ id: string }>(
      em, `SELECT id FROM loyalty_referral WHERE order_id = $1 AND status = 'rewarded' FOR UPDATE`, [c.orderId],
    );
    if (!ref) return null;
    let reversed = 0;
    const credits = await em.query(
      `SELECT id::text AS id, card_id AS "cardId", points FROM loyalty_point_move WHERE source = 'referral' AND source_ref LIKE $1 ORDER BY id`,
      [`referral:${ref.id}:%`],
    ) as Array<{ id: string; cardId: string; points: number }>;
    for (const cr of credits) {
      const card = cr.cardId === c.refereeCard.id ? c.refereeCard : await this.ledger.lockCard(em, cr.cardId);
      const { move } = await this.ledger.debit(em, card, {
        kind: 'reverse', points: cr.points, source: 'refund', sourceRef: `${c.refundRef}:referral:${cr.id}`, orderId: c.orderId,
        reversesMoveId: cr.id, description: 'Referral reward reversed (order refunded)', allowPartial: true, lifetime: 'earned',
        preferredBucketIds: await this.ledger.bucketIdsOfMove(em, cr.id),
      });
      if (move) {
        reversed += -move.points;
        events.push({
          type: LoyaltyEventType.PointsReversed, memberId: card.memberId, cardId: card.id, orderId: c.orderId,
          data: {
            cardId: card.id, memberId: card.memberId, programId: card.programId, points: move.points, balance: move.balanceAfter, moveId: move.id,
            source: move.source, sourceRef: move.sourceRef, reason: move.description,
          },
        });
      }
    }
    await em.query(`UPDATE loyalty_referral SET status = 'reversed', reversed_at = now() WHERE id = $1`, [ref.id]);
    return { referralId: ref.id, reversedPoints: reversed };
  }
}
