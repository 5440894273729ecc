import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import { CartonaOrderLink, type OrderLinkState } from './cartona-order-link.entity';

export interface IngestResult {
  id: string;
  hashedId: string;
  inserted: boolean;
  state: OrderLinkState;
  payloadHash: string;
  appliedHash: string | null;
  ackedHash: string | null;
  odooOrderId: number | null;
  claimed: boolean;
}

export interface OrderFilter { accountId?: string; state?: OrderLinkState; statusPushState?: string; hashedId?: string; limit: number; offset: number }

/**
 * Order links, unique on Cartona's `hashed_id`. Ingesting an order (pulled or pushed) is an
 * upsert: a repeat of the same content changes nothing, a newer content replaces the stored one
 * and re-opens a held or failed order. Work on one order is serialised by a lease (`claim_id`),
 * never by a transaction held across an Odoo call.
 */
@Injectable()
export class OrderLinkRepository {
  constructor(
    @InjectRepository(CartonaOrderLink) readonly repo: Repository<CartonaOrderLink>,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  async ingest(accountId: string, v: {
    hashedId: string; payload: Record<string, unknown>; payloadHash: string; supplierCode: string | null; status: string | null;
    deliveredBy: string | null; paymentMethod: string | null; needsOtp: boolean;
  }): Promise<IngestResult> {
    const rows: Array<Record<string, unknown>> = await this.ds.query(
      `INSERT INTO cartona_order_link (account_id, hashed_id, payload, payload_hash, supplier_code, cartona_status, delivered_by, payment_method, needs_otp)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (hashed_id) DO UPDATE SET
         last_seen_at = now(),
         payload = CASE WHEN cartona_order_link.payload_hash = EXCLUDED.payload_hash THEN cartona_order_link.payload ELSE EXCLUDED.payload END,
         payload_hash = EXCLUDED.payload_hash,
         cartona_status = CASE WHEN cartona_order_link.payload_hash = EXCLUDED.payload_hash THEN cartona_order_link.cartona_status ELSE EXCLUDED.cartona_status END,
         supplier_code = EXCLUDED.supplier_code, delivered_by = EXCLUDED.delivered_by, payment_method = EXCLUDED.payment_method, needs_otp = EXCLUDED.needs_otp,
         state = CASE WHEN cartona_order_link.payload_hash <> EXCLUDED.payload_hash AND cartona_order_link.state IN ('held','failed','conflict')
                      THEN (CASE WHEN cartona_order_link.odoo_order_id IS NULL THEN 'received' ELSE 'imported' END)
                      ELSE cartona_order_link.state END,
         updated_at = now()
       RETURNING id, hashed_id, (xmax = 0) AS inserted, state, payload_hash, applied_hash, acked_hash, odoo_order_id, claim_id IS NOT NULL AS claimed`,
      [accountId, v.hashedId, JSON.stringify(v.payload), v.payloadHash, v.supplierCode, v.status, v.deliveredBy, v.paymentMethod, v.needsOtp],
    );
    const r = rows[0];
    return {
      id: String(r.id), hashedId: String(r.hashed_id), inserted: Boolean(r.inserted), state: r.state as OrderLinkState,
      payloadHash: String(r.payload_hash), appliedHash: (r.applied_hash as string | null) ?? null, ackedHash: (r.acked_hash as string | null) ?? null,
      odooOrderId: r.odoo_order_id === null ? null : Number(r.odoo_order_id), claimed: Boolean(r.claimed),
    };
  }

  /** Takes the lease on one order; null when another worker holds a live one. */
  async claim(hashedId: string, claimId: string, leaseMs = 10 * 60_000): Promise<CartonaOrderLink | null> {
    const res = await this.repo
      .createQueryBuilder()
      .update()
      .set({ claimId, claimedAt: () => 'now()', attempts: () => 'attempts + 1' })
      .where(`hashed_id = :hashedId AND (claim_id IS NULL OR claimed_at < now() - (:lease || ' milliseconds')::interval)`, { hashedId, lease: String(leaseMs) })
      .returning('id')
      .execute();
    if (!(res.raw as unknown[]).length) return null;
    return this.repo.findOneBy({ hashedId });
  }

  /** Writes under the lease (ignored if the lease was lost) and optionally releases it. */
  async updateClaimed(hashedId: string, claimId: string, patch: Partial<CartonaOrderLink>, release = false): Promise<boolean> {
    const res = await this.repo
      .createQueryBuilder()
      .update()
      .set({ ...patch, ...(release ? { claimId: null, claimedAt: null } : {}), updatedAt: () => 'now()' } as never)
      .where('hashed_id = :hashedId AND claim_id = :claimId', { hashedId, claimId })
      .execute();
    return (res.affected ?? 0) > 0;
  }

  async update(hashedId: string, patch: Partial<CartonaOrderLink>): Promise<void> {
    await this.repo.update({ hashedId }, { ...patch, updatedAt: new Date() });
  }

  /** Records a successful `synced` acknowledgement for exactly the content that reached Odoo. */
  async markAcked(hashedId: string, payloadHash: string): Promise<boolean> {
    const res = await this.repo
      .createQueryBuilder()
      .update()
      .set({ ackedHash: payloadHash, ackedAt: () => 'now()', ackError: null, updatedAt: () => 'now()' })
      .where('hashed_id = :hashedId AND applied_hash = :h', { hashedId, h: payloadHash })
      .execute();
    return (res.affected ?? 0) > 0;
  }

  find(hashedId: string): Promise<CartonaOrderLink | null> {
    return this.repo.findOneBy({ hashedId });
  }

  byOdooOrderIds(ids: number[]): Promise<CartonaOrderLink[]> {
    return ids.length ? this.repo.findBy({ odooOrderId: In(ids) }) : Promise.resolve([]);
  }

  list(f: OrderFilter): Promise<[CartonaOrderLink[], number]> {
    const qb = this.repo.createQueryBuilder('o').orderBy('o.last_seen_at', 'DESC').take(f.limit).skip(f.offset);
    if (f.accountId) qb.andWhere('o.account_id = :a', { a: f.accountId });
    if (f.state) qb.andWhere('o.state = :s', { s: f.state });
    if (f.statusPushState) qb.andWhere('o.status_push_state = :p', { p: f.statusPushState });
    if (f.hashedId) qb.andWhere('o.hashed_id = :h', { h: f.hashedId });
    return qb.getManyAndCount();
  }

  /** Orders whose import, ack or status push should be re-driven (job lost, worker died, Odoo was down). */
  async stuck(olderThanMs: number, limit = 500): Promise<Array<{ hashedId: string; need: 'import' | 'ack' | 'status' }>> {
    const rows: Array<{ hashed_id: string; need: 'import' | 'ack' | 'status' }> = await this.ds.query(
      `SELECT hashed_id,
         CASE WHEN applied_hash IS DISTINCT FROM payload_hash AND state IN ('received','failed','imported') THEN 'import'
              WHEN applied_hash = payload_hash AND acked_hash IS DISTINCT FROM payload_hash THEN 'ack'
              ELSE 'status' END AS need
       FROM cartona_order_link
       WHERE (claim_id IS NULL OR claimed_at < now() - interval '10 minutes')
         AND updated_at < now() - ($1 || ' milliseconds')::interval
         AND ((applied_hash IS DISTINCT FROM payload_hash AND state IN ('received','failed','imported'))
              OR (applied_hash = payload_hash AND acked_hash IS DISTINCT FROM payload_hash)
              OR status_push_state IN ('pending','failed'))
       ORDER BY updated_at LIMIT $2`,
      [String(olderThanMs), limit],
    );
    return rows.map((r) => ({ hashedId: r.hashed_id, need: r.need }));
  }

  async counts(accountId?: string): Promise<{ byState: Record<string, number>; unacked: number; statusPush: Record<string, number> }> {
    const byState: Array<{ state: string; n: string }> = await this.ds.query(
      `SELECT state, count(*) AS n FROM cartona_order_link WHERE ($1::uuid IS NULL OR account_id = $1) GROUP BY state`, [accountId ?? null]);
    const push: Array<{ s: string; n: string }> = await this.ds.query(
      `SELECT status_push_state AS s, count(*) AS n FROM cartona_order_link WHERE ($1::uuid IS NULL OR account_id = $1) GROUP BY 1`, [accountId ?? null]);
    const [u]: Array<{ n: string }> = await this.ds.query(
      `SELECT count(*) AS n FROM cartona_order_link WHERE ($1::uuid IS NULL OR account_id = $1) AND acked_hash IS DISTINCT FROM payload_hash`, [accountId ?? null]);
    return {
      byState: Object.fromEntries(byState.map((r) => [r.state, Number(r.n)])),
      unacked: Number(u.n),
      statusPush: Object.fromEntries(push.map((r) => [r.s, Number(r.n)])),
    };
  }
}
