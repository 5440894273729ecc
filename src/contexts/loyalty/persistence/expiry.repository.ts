import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { LoyaltyEventType } from '../loyalty.events';

export interface ExpiryOutcome {
  cards: number;
  buckets: number;
  points: number;
}

/**
 * Set-based point expiry. Cards are locked first (the ledger's lock order); the expiring
 * statement runs after the locks are held, so its snapshot sees every committed change to those
 * cards' buckets and nobody can change them meanwhile. A bucket leaves `open` exactly once (the
 * update's `status = 'open'` guard), so a second run, concurrent or later, finds nothing to do.
 * One expire move and one event per card, linked from each expired bucket.
 */
@Injectable()
export class ExpiryRepository {
  /** Up to `limit` ids of cards after `afterId` that hold due points (keyset walk, in id order). */
  async dueCardIds(em: EntityManager, asOf: Date, afterId: string | null, limit: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await em.query(
      `SELECT DISTINCT card_id AS id FROM loyalty_point_bucket
       WHERE status = 'open' AND expires_at <= $1 AND ($2::uuid IS NULL OR card_id > $2::uuid)
       ORDER BY card_id LIMIT $3`,
      [asOf, afterId, limit],
    );
    return rows.map((r) => r.id);
  }

  /** Locks what it can of `cardIds` without waiting (`skipLocked`) or waiting for each (the final sweep). */
  async lockCards(em: EntityManager, cardIds: string[], skipLocked: boolean): Promise<string[]> {
    const rows: Array<{ id: string }> = await em.query(
      `SELECT id FROM loyalty_card WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE${skipLocked ? ' SKIP LOCKED' : ''}`,
      [cardIds],
    );
    return rows.map((r) => r.id);
  }

  /** Expires every due bucket of cards this transaction has locked. */
  async expireLocked(em: EntityManager, lockedCardIds: string[], asOf: Date): Promise<ExpiryOutcome> {
    if (!lockedCardIds.length) return { cards: 0, buckets: 0, points: 0 };
    const rows: Array<{ cards: number; buckets: number; points: string }> = await em.query(
      `WITH due AS (
         SELECT id, card_id, points_remaining FROM loyalty_point_bucket
         WHERE card_id = ANY($1::uuid[]) AND status = 'open' AND expires_at <= $2
       ), per_card AS (
         SELECT g.*, nextval('loyalty_point_move_id_seq') AS move_id
         FROM (SELECT card_id, sum(points_remaining)::int AS pts, count(*)::int AS n FROM due GROUP BY card_id) g
       ), buckets AS (
         UPDATE loyalty_point_bucket b
         SET status = 'expired', points_expired = b.points_remaining, points_remaining = 0, expire_move_id = p.move_id, expired_at = $2
         FROM due d JOIN per_card p ON p.card_id = d.card_id
         WHERE b.id = d.id AND b.status = 'open'
       ), cards AS (
         UPDATE loyalty_card c
         SET balance = c.balance - p.pts, lifetime_expired = c.lifetime_expired + p.pts, balance_version = c.balance_version + 1, updated_at = now()
         FROM per_card p WHERE c.id = p.card_id
         RETURNING c.id, c.member_id, c.program_id, c.balance, p.pts, p.n, p.move_id
       ), moves AS (
         INSERT INTO loyalty_point_move (id, card_id, kind, points, balance_after, source, source_ref, description, metadata, created_at)
         SELECT move_id, id, 'expire', -pts, balance, 'expiry', 'expiry:' || move_id, 'Points expired', jsonb_build_object('buckets', n), $2 FROM cards
       ), events AS (
         INSERT INTO loyalty_event (type, occurred_at, member_id, card_id, payload)
         SELECT $3, $2, member_id, id, jsonb_build_object(
           'cardId', id, 'memberId', member_id, 'programId', program_id, 'points', pts, 'balance', balance,
           'moveId', move_id::text, 'buckets', n, 'expiredAt', $2::timestamptz)
         FROM cards
       )
       SELECT count(*)::int AS cards, coalesce(sum(n), 0)::int AS buckets, coalesce(sum(pts), 0)::bigint AS points FROM cards`,
      [lockedCardIds, asOf, LoyaltyEventType.PointsExpired],
    );
    return { cards: rows[0].cards, buckets: rows[0].buckets, points: Number(rows[0].points) };
  }
}
