import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CardNotFound } from '../domain/loyalty.errors';
import type { MoveKind } from '../persistence/point-ledger.repository';
import { queryRows, UUID_RE } from '../persistence/sql';

export interface CardBalance {
  cardId: string;
  cardCode: string;
  status: string;
  programCode: string;
  memberId: string;
  /** Spendable now: the balance row minus points already due that the expiry job has not removed yet. */
  balance: number;
  lifetimeEarned: number;
  lifetimeRedeemed: number;
  lifetimeExpired: number;
  nextExpiry: { points: number; expiresAt: Date } | null;
  expiringWithin30Days: number;
  tier: { tierSetCode: string; code: string; name: string; since: Date | null; earnMultiplier: number } | null;
  updatedAt: Date;
}

export interface HistoryItem {
  id: string;
  kind: MoveKind;
  points: number;
  balanceAfter: number;
  source: string;
  sourceRef: string;
  orderRef: string | null;
  description: string | null;
  createdAt: Date;
}

// One round trip: the card, its due and next-expiring points (partial index on open buckets) and its best tier.
const BALANCE_SQL = (by: 'id' | 'code') => `
  SELECT c.id, c.code, c.status, p.code AS "programCode", c.member_id AS "memberId", c.balance,
         c.lifetime_earned AS "lifetimeEarned", c.lifetime_redeemed AS "lifetimeRedeemed", c.lifetime_expired AS "lifetimeExpired", c.updated_at AS "updatedAt",
         e.due, e.soon, nx.expires_at AS "nextAt", nx.points AS "nextPoints",
         tr.set_code AS "tierSetCode", tr.code AS "tierCode", tr.name AS "tierName", tr.since AS "tierSince", tr.mult AS "tierMult"
  FROM loyalty_card c
  JOIN loyalty_program p ON p.id = c.program_id
  CROSS JOIN LATERAL (
    SELECT coalesce(sum(points_remaining) FILTER (WHERE expires_at <= now()), 0)::int AS due,
           coalesce(sum(points_remaining) FILTER (WHERE expires_at > now() AND expires_at <= now() + interval '30 days'), 0)::int AS soon
    FROM loyalty_point_bucket WHERE card_id = c.id AND status = 'open' AND expires_at IS NOT NULL
  ) e
  LEFT JOIN LATERAL (
    SELECT expires_at, sum(points_remaining)::int AS points FROM loyalty_point_bucket
    WHERE card_id = c.id AND status = 'open' AND expires_at > now() GROUP BY expires_at ORDER BY expires_at LIMIT 1
  ) nx ON true
  LEFT JOIN LATERAL (
    SELECT s.code AS set_code, t.code, t.name, mt.since, t.earn_multiplier AS mult FROM loyalty_member_tier mt
    JOIN loyalty_tier t ON t.id = mt.tier_id JOIN loyalty_tier_set s ON s.id = mt.tier_set_id
    WHERE mt.member_id = c.member_id AND s.active AND (s.primary_program_id = c.program_id OR s.primary_program_id IS NULL)
    ORDER BY t.earn_multiplier DESC, t.rank DESC LIMIT 1
  ) tr ON true
  WHERE c.${by} = $1`;

/** Read side of cards: the balance (the hot path of the API) and the paged move history. */
@Injectable()
export class CardsQueryService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async balance(ref: string): Promise<CardBalance> {
    const byId = UUID_RE.test(ref);
    const rows = await this.ds.query(BALANCE_SQL(byId ? 'id' : 'code'), [byId ? ref : ref.trim().toUpperCase()]);
    const r = rows[0];
    if (!r) throw new CardNotFound(ref);
    return {
      cardId: r.id, cardCode: r.code, status: r.status, programCode: r.programCode, memberId: r.memberId,
      balance: Math.max(0, r.balance - r.due), lifetimeEarned: Number(r.lifetimeEarned), lifetimeRedeemed: Number(r.lifetimeRedeemed),
      lifetimeExpired: Number(r.lifetimeExpired) + r.due,
      nextExpiry: r.nextAt ? { points: r.nextPoints, expiresAt: r.nextAt } : null, expiringWithin30Days: r.soon,
      tier: r.tierCode ? { tierSetCode: r.tierSetCode, code: r.tierCode, name: r.tierName, since: r.tierSince, earnMultiplier: Number(r.tierMult) } : null,
      updatedAt: r.updatedAt,
    };
  }

  /** Moves newest first, keyset-paged by move id (`before` = the last id of the previous page). */
  async history(ref: string, q: { limit: number; before?: string | null; kind?: MoveKind | null; from?: Date | null; to?: Date | null }): Promise<{ items: HistoryItem[]; nextCursor: string | null }> {
    const byId = UUID_RE.test(ref);
    const card = await this.ds.query(`SELECT id FROM loyalty_card WHERE ${byId ? 'id' : 'code'} = $1`, [byId ? ref : ref.trim().toUpperCase()]);
    if (!card.length) throw new CardNotFound(ref);
    const items = await queryRows<HistoryItem>(
      this.ds.manager,
      `SELECT m.id::text AS id, m.kind, m.points, m.balance_after AS "balanceAfter", m.source, m.source_ref AS "sourceRef", o.order_ref AS "orderRef",
              m.description, m.created_at AS "createdAt"
       FROM loyalty_point_move m LEFT JOIN loyalty_order o ON o.id = m.order_id
       WHERE m.card_id = $1 AND ($2::bigint IS NULL OR m.id < $2::bigint) AND ($3::text IS NULL OR m.kind = $3)
         AND ($4::timestamptz IS NULL OR m.created_at >= $4) AND ($5::timestamptz IS NULL OR m.created_at < $5)
       ORDER BY m.id DESC LIMIT $6`,
      [card[0].id, q.before ?? null, q.kind ?? null, q.from ?? null, q.to ?? null, q.limit + 1],
    );
    const more = items.length > q.limit;
    const page = more ? items.slice(0, q.limit) : items;
    return { items: page, nextCursor: more ? page[page.length - 1].id : null };
  }
}
