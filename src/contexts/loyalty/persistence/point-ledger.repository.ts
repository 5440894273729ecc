import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { currentRequestId } from '../../../infrastructure/http';
import { planConsumption, type OpenBucket } from '../domain/buckets';
import { CardBlocked, CardNotFound, InsufficientPoints } from '../domain/loyalty.errors';
import { queryRows } from './sql';

export type MoveKind = 'earn' | 'redeem' | 'expire' | 'adjust' | 'reverse';

/** A card row held under `FOR UPDATE` for the rest of the transaction. */
export interface LockedCard {
  id: string;
  code: string;
  programId: string;
  memberId: string;
  balance: number;
  status: 'active' | 'blocked';
}

export interface MoveRecord {
  id: string;
  cardId: string;
  kind: MoveKind;
  points: number;
  balanceAfter: number;
  source: string;
  sourceRef: string;
  orderId: string | null;
  reversesMoveId: string | null;
  description: string | null;
  metadata: Record<string, unknown> | null;
  createdAt: Date;
}

export interface MoveInput {
  source: string;
  sourceRef: string;
  orderId?: string | null;
  reversesMoveId?: string | null;
  description?: string | null;
  metadata?: Record<string, unknown> | null;
}

export interface CreditInput extends MoveInput {
  kind: 'earn' | 'adjust' | 'reverse';
  points: number;
  expiresAt: Date | null;
  /** Which lifetime counter the move changes: `earned` grows it, `redeemed` gives redeemed points back. */
  lifetime?: 'earned' | 'redeemed';
}

export interface DebitInput extends MoveInput {
  kind: 'redeem' | 'adjust' | 'reverse';
  points: number;
  /** Take what the balance allows instead of refusing (refund claw-backs). */
  allowPartial?: boolean;
  /** Buckets to consume first (a refund takes back its order's own earn bucket first). */
  preferredBucketIds?: string[];
  /** `redeemed` grows lifetime redeemed; `earned` takes back lifetime earned (a refund claw-back). */
  lifetime?: 'earned' | 'redeemed';
}

const MOVE_COLUMNS = `id::text AS id, card_id AS "cardId", kind, points, balance_after AS "balanceAfter", source, source_ref AS "sourceRef",
  order_id AS "orderId", reverses_move_id::text AS "reversesMoveId", description, metadata, created_at AS "createdAt"`;

/**
 * The point ledger: immutable moves, expiry buckets and the card's balance row, always changed
 * together in one statement under the card's row lock. Every writer locks the card first (then
 * its buckets), which serialises all point changes of one card and gives one lock order, so
 * redemptions, refunds and the expiry job cannot deadlock each other or overspend.
 */
@Injectable()
export class PointLedgerRepository {
  async lockCard(em: EntityManager, cardId: string): Promise<LockedCard> {
    const rows = await queryRows<LockedCard>(em,
      `SELECT id, code, program_id AS "programId", member_id AS "memberId", balance, status FROM loyalty_card WHERE id = $1 FOR UPDATE`,
      [cardId],
    );
    if (!rows.length) throw new CardNotFound(cardId);
    return rows[0];
  }

  /** Locks several cards in id order (one global lock order: no deadlocks between multi-card writers). */
  async lockCards(em: EntityManager, cardIds: string[]): Promise<Map<string, LockedCard>> {
    const rows = await queryRows<LockedCard>(em,
      `SELECT id, code, program_id AS "programId", member_id AS "memberId", balance, status FROM loyalty_card
       WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [[...new Set(cardIds)]],
    );
    return new Map(rows.map((r) => [r.id, r]));
  }

  assertActive(card: LockedCard): void {
    if (card.status !== 'active') throw new CardBlocked(card.id);
  }

  async findMove(em: EntityManager, cardId: string, source: string, sourceRef: string): Promise<MoveRecord | null> {
    const rows: MoveRecord[] = await em.query(
      `SELECT ${MOVE_COLUMNS} FROM loyalty_point_move WHERE card_id = $1 AND source = $2 AND source_ref = $3`,
      [cardId, source, sourceRef],
    );
    return rows[0] ?? null;
  }

  async movesOfOrder(em: EntityManager, orderId: string): Promise<MoveRecord[]> {
    return em.query(`SELECT ${MOVE_COLUMNS} FROM loyalty_point_move WHERE order_id = $1 ORDER BY id`, [orderId]);
  }

  /** Credits points: a move, a new expiry bucket and the balance, in one statement. */
  async credit(em: EntityManager, card: LockedCard, input: CreditInput): Promise<MoveRecord> {
    const rows: MoveRecord[] = await em.query(
      `WITH c AS (
         UPDATE loyalty_card SET balance = balance + $2, lifetime_earned = lifetime_earned + $11, lifetime_redeemed = lifetime_redeemed - $12,
           balance_version = balance_version + 1, updated_at = now()
         WHERE id = $1 RETURNING balance
       ), m AS (
         INSERT INTO loyalty_point_move (card_id, kind, points, balance_after, source, source_ref, order_id, reverses_move_id, description, metadata, request_id)
         SELECT $1, $3, $2, c.balance, $4, $5, $6, $7, $8, $9, $13 FROM c
         RETURNING ${MOVE_COLUMNS}
       ), b AS (
         INSERT INTO loyalty_point_bucket (card_id, earn_move_id, points_earned, points_remaining, earned_at, expires_at)
         SELECT $1, m.id::bigint, $2, $2, m."createdAt", $10 FROM m
       )
       SELECT * FROM m`,
      [
        card.id, input.points, input.kind, input.source, input.sourceRef, input.orderId ?? null, input.reversesMoveId ?? null,
        input.description ?? null, input.metadata ? JSON.stringify(input.metadata) : null, input.expiresAt,
        input.lifetime === 'earned' ? input.points : 0, input.lifetime === 'redeemed' ? input.points : 0, currentRequestId() ?? null,
      ],
    );
    const move = rows[0];
    card.balance = move.balanceAfter;
    return move;
  }

  /** Open buckets of a locked card, in no particular order (the FIFO planner sorts them). */
  async openBuckets(em: EntityManager, cardId: string): Promise<OpenBucket[]> {
    const rows: Array<{ id: string; remaining: number; expiresAt: Date | null }> = await em.query(
      `SELECT id::text AS id, points_remaining AS remaining, expires_at AS "expiresAt"
       FROM loyalty_point_bucket WHERE card_id = $1 AND status = 'open'`,
      [cardId],
    );
    return rows;
  }

  /**
   * Debits points FIFO over the open buckets. Refuses (InsufficientPoints) rather than go below
   * zero unless `allowPartial`, in which case it takes what there is. Returns the move (null when
   * nothing could be taken) and the shortfall.
   */
  async debit(em: EntityManager, card: LockedCard, input: DebitInput, now = new Date()): Promise<{ move: MoveRecord | null; shortfall: number }> {
    const buckets = await this.openBuckets(em, card.id);
    const plan = planConsumption(buckets, input.points, now, new Set(input.preferredBucketIds ?? []));
    if (plan.shortfall > 0 && !input.allowPartial) throw new InsufficientPoints(input.points - plan.shortfall, input.points);
    const points = input.points - plan.shortfall;
    if (points <= 0) return { move: null, shortfall: plan.shortfall };
    const rows: MoveRecord[] = await em.query(
      `WITH c AS (
         UPDATE loyalty_card SET balance = balance - $2, lifetime_redeemed = lifetime_redeemed + $12, lifetime_earned = lifetime_earned - $13,
           balance_version = balance_version + 1, updated_at = now()
         WHERE id = $1 AND balance >= $2 RETURNING balance
       ), m AS (
         INSERT INTO loyalty_point_move (card_id, kind, points, balance_after, source, source_ref, order_id, reverses_move_id, description, metadata, request_id)
         SELECT $1, $3, -$2::int, c.balance, $4, $5, $6, $7, $8, $9, $14 FROM c
         RETURNING ${MOVE_COLUMNS}
       ), t AS (
         SELECT * FROM unnest($10::bigint[], $11::int[]) AS t(bucket_id, points)
       ), b AS (
         UPDATE loyalty_point_bucket b
         SET points_remaining = b.points_remaining - t.points,
             status = CASE WHEN b.points_remaining - t.points = 0 THEN 'consumed' ELSE 'open' END
         FROM t WHERE b.id = t.bucket_id AND b.card_id = $1 AND EXISTS (SELECT 1 FROM m)
       ), k AS (
         INSERT INTO loyalty_point_consumption (move_id, bucket_id, points) SELECT m.id::bigint, t.bucket_id, t.points FROM m, t
       )
       SELECT * FROM m`,
      [
        card.id, points, input.kind, input.source, input.sourceRef, input.orderId ?? null, input.reversesMoveId ?? null,
        input.description ?? null, input.metadata ? JSON.stringify(input.metadata) : null,
        plan.takes.map((t) => t.bucketId), plan.takes.map((t) => t.points),
        input.lifetime === 'redeemed' ? points : 0, input.lifetime === 'earned' ? points : 0, currentRequestId() ?? null,
      ],
    );
    // The row lock makes this unreachable; the conditional update is the last line of defence.
    if (!rows.length) throw new InsufficientPoints(card.balance, points);
    const move = rows[0];
    card.balance = move.balanceAfter;
    return { move, shortfall: plan.shortfall };
  }

  /** Where a debit's points came from, grouped by the expiry of their buckets (for giving them back). */
  async consumedGroups(em: EntityManager, moveId: string): Promise<Array<{ expiresAt: Date | null; points: number }>> {
    return em.query(
      `SELECT b.expires_at AS "expiresAt", sum(c.points)::int AS points
       FROM loyalty_point_consumption c JOIN loyalty_point_bucket b ON b.id = c.bucket_id
       WHERE c.move_id = $1 GROUP BY b.expires_at`,
      [moveId],
    );
  }

  async bucketIdsOfMove(em: EntityManager, moveId: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await em.query(`SELECT id::text AS id FROM loyalty_point_bucket WHERE earn_move_id = $1`, [moveId]);
    return rows.map((r) => r.id);
  }
}
