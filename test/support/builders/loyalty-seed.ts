import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

export interface ExpirySeed {
  programId: string;
  cards: number;
  bucketsPerCard: number;
  pointsPerBucket: number;
  expiresAt: Date;
  earnedAt?: Date;
}

/**
 * Seeds members, cards, earn moves and open buckets in a few set-based statements (a million
 * buckets in seconds), consistent with the ledger's invariants: balance = sum of moves = sum of
 * open buckets. Returns the members' external-ref prefix so a test can find its own rows.
 */
export async function seedExpiryFixture(ds: DataSource, s: ExpirySeed): Promise<{ prefix: string }> {
  const prefix = randomUUID().replace(/-/g, '').slice(0, 8).toUpperCase();
  const earnedAt = s.earnedAt ?? new Date(s.expiresAt.getTime() - 365 * 86_400_000);
  const total = s.bucketsPerCard * s.pointsPerBucket;
  await ds.transaction(async (em) => {
    await em.query(
      `INSERT INTO loyalty_member (external_ref, referral_code)
       SELECT 'SEED-' || $1 || '-' || g, 'S' || $1 || g FROM generate_series(1, $2::int) g`,
      [prefix, s.cards],
    );
    await em.query(
      `INSERT INTO loyalty_card (program_id, member_id, code, balance, lifetime_earned, balance_version)
       SELECT $1, m.id, 'LS' || $2 || row_number() OVER (), $3::int, $3::int, $4::int
       FROM loyalty_member m WHERE m.external_ref LIKE 'SEED-' || $2 || '-%'`,
      [s.programId, prefix, total, s.bucketsPerCard],
    );
    await em.query(
      `WITH mv AS (
         INSERT INTO loyalty_point_move (card_id, kind, points, balance_after, source, source_ref, created_at)
         SELECT c.id, 'earn', $2::int, $2::int * g, 'seed', 'seed-' || g, $3
         FROM loyalty_card c CROSS JOIN generate_series(1, $4::int) g
         WHERE c.code LIKE 'LS' || $1 || '%'
         RETURNING id, card_id
       )
       INSERT INTO loyalty_point_bucket (card_id, earn_move_id, points_earned, points_remaining, earned_at, expires_at)
       SELECT card_id, id, $2::int, $2::int, $3, $5 FROM mv`,
      [prefix, s.pointsPerBucket, earnedAt, s.bucketsPerCard, s.expiresAt],
    );
  });
  return { prefix };
}

/** Cards whose balance row, ledger sum and open buckets disagree (must always be empty). */
export async function ledgerMismatches(ds: DataSource, programId: string): Promise<unknown[]> {
  return ds.query(
    `SELECT c.id, c.balance, l.sum AS ledger, b.sum AS buckets FROM loyalty_card c
     LEFT JOIN LATERAL (SELECT coalesce(sum(points), 0)::int AS sum FROM loyalty_point_move WHERE card_id = c.id) l ON true
     LEFT JOIN LATERAL (SELECT coalesce(sum(points_remaining), 0)::int AS sum FROM loyalty_point_bucket WHERE card_id = c.id AND status = 'open') b ON true
     WHERE c.program_id = $1 AND (c.balance <> l.sum OR c.balance <> b.sum)`,
    [programId],
  );
}
