import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import { CartonaProductMapping } from './cartona-product-mapping.entity';

/** The value the hub wants Cartona to hold for one variant; `stock` absent = no stock change. */
export interface DesiredValue {
  odooProductId: number;
  price?: number | null;
  stock?: { unlimited: boolean; quantity: number | null } | null;
}

export interface ClaimedItem extends CartonaProductMapping {}

export interface ItemOutcome {
  id: string;
  claimId: string;
  ok: boolean;
  /** What was sent (and, when ok, confirmed). */
  sentPrice: number | null;
  sentUnlimited: boolean | null;
  sentStock: number | null;
  error?: string;
  /** Failures that count towards giving up (not rate limits). */
  countAttempt?: boolean;
  /** When the item may be tried again; omitted = now. */
  retryAt?: Date;
  /** Give up until an operator retries. */
  giveUp?: boolean;
}

/** TypeORM's postgres `query()` answers UPDATE … RETURNING with `[rows, rowCount]`; everything else with rows. */
export function returnedRows<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}

const MAPPING_COLUMNS = `m.id, m.account_id, m.odoo_product_id, m.supplier_product_id, m.internal_product_id, m.unlimited_stock,
  m.cartona_price, m.cartona_stock, m.cartona_unlimited, m.pending_price, m.pending_stock, m.pending_unlimited, m.pending_since,
  m.pending_version, m.claim_id, m.claimed_version, m.attempts, m.sync_state, m.sent_price, m.sent_stock, m.sent_unlimited, m.sent_at`;

/**
 * The mapping table doubles as the coalescing outbox of price/stock changes: recording a value
 * overwrites any older value still waiting, a value equal to what Cartona holds cancels the
 * pending one, and batches are claimed with SKIP LOCKED so concurrent workers never send the
 * same item twice. Everything lives in Postgres, so a restart between detection and push loses nothing.
 */
@Injectable()
export class ProductMappingRepository {
  constructor(
    @InjectRepository(CartonaProductMapping) readonly repo: Repository<CartonaProductMapping>,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  /** Under the `internal_product_id` strategy every variant is implicitly linked to Cartona's row carrying its id. */
  async ensureImplicit(accountId: string, odooIds: number[]): Promise<void> {
    if (!odooIds.length) return;
    await this.ds.query(
      `INSERT INTO cartona_product_mapping (account_id, odoo_product_id, internal_product_id, source)
       SELECT $1, id, id::text, 'internal_id' FROM unnest($2::int[]) AS t(id)
       ON CONFLICT DO NOTHING`,
      [accountId, odooIds],
    );
  }

  /** Records desired values; returns how many mappings now have something to send. */
  async recordDesired(accountId: string, values: DesiredValue[]): Promise<{ pending: number; matched: number }> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.recordDesiredOnce(accountId, values);
      } catch (err) {
        // Rows are locked in id order everywhere; a deadlock can still come from elsewhere: retry it.
        if ((err as { code?: string; driverError?: { code?: string } }).driverError?.code !== '40P01' || attempt >= 3) throw err;
      }
    }
  }

  private async recordDesiredOnce(accountId: string, values: DesiredValue[]): Promise<{ pending: number; matched: number }> {
    if (!values.length) return { pending: 0, matched: 0 };
    const ids = values.map((v) => v.odooProductId);
    const prices = values.map((v) => (v.price === undefined || v.price === null ? null : v.price));
    const hasStock = values.map((v) => v.stock !== undefined && v.stock !== null);
    const unlimited = values.map((v) => (v.stock ? v.stock.unlimited : null));
    const qty = values.map((v) => (v.stock && !v.stock.unlimited ? v.stock.quantity : null));
    const rows = returnedRows<{ pending: boolean }>(await this.ds.query(
      `WITH v AS (
         SELECT DISTINCT ON (pid) pid, price, has_stock, unl, qty
         FROM unnest($2::int[], $3::numeric[], $4::boolean[], $5::boolean[], $6::int[]) WITH ORDINALITY AS t(pid, price, has_stock, unl, qty, ord)
         ORDER BY pid, ord DESC
       ), n AS (
         SELECT m.id,
           CASE WHEN v.price IS NULL THEN m.pending_price
                WHEN m.claim_id IS NULL AND m.cartona_price = v.price THEN NULL
                ELSE v.price END AS np,
           CASE WHEN NOT v.has_stock THEN m.pending_unlimited
                WHEN m.claim_id IS NULL AND m.cartona_unlimited IS NOT DISTINCT FROM (v.unl OR m.unlimited_stock)
                     AND ((v.unl OR m.unlimited_stock) OR m.cartona_stock IS NOT DISTINCT FROM v.qty) THEN NULL
                ELSE (v.unl OR m.unlimited_stock) END AS nu,
           CASE WHEN NOT v.has_stock THEN m.pending_stock
                WHEN (v.unl OR m.unlimited_stock) THEN NULL
                WHEN m.claim_id IS NULL AND m.cartona_unlimited IS NOT DISTINCT FROM false AND m.cartona_stock IS NOT DISTINCT FROM v.qty THEN NULL
                ELSE v.qty END AS ns
         FROM cartona_product_mapping m JOIN v ON m.account_id = $1 AND m.odoo_product_id = v.pid
         ORDER BY m.id
         FOR UPDATE OF m
       )
       UPDATE cartona_product_mapping m SET
         pending_price = n.np, pending_unlimited = n.nu, pending_stock = n.ns,
         pending_version = m.pending_version + CASE WHEN n.np IS DISTINCT FROM m.pending_price OR n.nu IS DISTINCT FROM m.pending_unlimited
                                                      OR n.ns IS DISTINCT FROM m.pending_stock THEN 1 ELSE 0 END,
         pending_since = CASE WHEN n.np IS NULL AND n.nu IS NULL AND m.claim_id IS NULL THEN NULL ELSE COALESCE(m.pending_since, now()) END,
         attempts = CASE WHEN n.np IS DISTINCT FROM m.pending_price OR n.nu IS DISTINCT FROM m.pending_unlimited OR n.ns IS DISTINCT FROM m.pending_stock
                         THEN 0 ELSE m.attempts END,
         next_attempt_at = CASE WHEN n.np IS DISTINCT FROM m.pending_price OR n.nu IS DISTINCT FROM m.pending_unlimited OR n.ns IS DISTINCT FROM m.pending_stock
                                THEN NULL ELSE m.next_attempt_at END,
         sync_state = CASE WHEN m.claim_id IS NOT NULL THEN m.sync_state
                           WHEN n.np IS NULL AND n.nu IS NULL THEN (CASE WHEN m.sync_state IN ('pending','error') AND m.confirmed_at IS NOT NULL THEN 'synced'
                                                                        WHEN m.sync_state = 'pending' THEN 'idle' ELSE m.sync_state END)
                           WHEN m.sync_state = 'error' AND n.np IS NOT DISTINCT FROM m.pending_price AND n.nu IS NOT DISTINCT FROM m.pending_unlimited
                                AND n.ns IS NOT DISTINCT FROM m.pending_stock THEN 'error'
                           ELSE 'pending' END,
         updated_at = now()
       FROM n WHERE m.id = n.id
       RETURNING (m.pending_price IS NOT NULL OR m.pending_unlimited IS NOT NULL) AS pending`,
      [accountId, ids, prices, hasStock, unlimited, qty],
    ));
    return { pending: rows.filter((r) => r.pending).length, matched: rows.length };
  }

  /** Due items: how many, and when the oldest was first seen. */
  async dueStats(accountId: string): Promise<{ due: number; oldest: Date | null; nextRetryAt: Date | null }> {
    const [r]: Array<{ due: string; oldest: Date | null; next_retry: Date | null }> = await this.ds.query(
      `SELECT count(*) FILTER (WHERE next_attempt_at IS NULL OR next_attempt_at <= now()) AS due,
              min(pending_since) FILTER (WHERE next_attempt_at IS NULL OR next_attempt_at <= now()) AS oldest,
              min(next_attempt_at) FILTER (WHERE next_attempt_at > now()) AS next_retry
       FROM cartona_product_mapping
       WHERE account_id = $1 AND pending_since IS NOT NULL AND claim_id IS NULL AND sync_state <> 'error'`,
      [accountId],
    );
    return { due: Number(r.due), oldest: r.oldest, nextRetryAt: r.next_retry };
  }

  async claim(accountId: string, claimId: string, limit: number): Promise<ClaimedItem[]> {
    const rows = returnedRows<Record<string, unknown>>(await this.ds.query(
      `WITH due AS (
         SELECT id FROM cartona_product_mapping
         WHERE account_id = $1 AND pending_since IS NOT NULL AND claim_id IS NULL AND sync_state <> 'error'
           AND (next_attempt_at IS NULL OR next_attempt_at <= now())
         ORDER BY pending_since, id LIMIT $3 FOR UPDATE SKIP LOCKED)
       UPDATE cartona_product_mapping m SET claim_id = $2, claimed_at = now(), claimed_version = m.pending_version, sync_state = 'in_flight'
       FROM due WHERE m.id = due.id
       RETURNING ${MAPPING_COLUMNS}`,
      [accountId, claimId, limit],
    ));
    return rows.map(toMapping);
  }

  /** Gives claimed items back untouched (rate limited, token rejected): they go out in a later batch. */
  async release(claimId: string, retryAt: Date | null): Promise<void> {
    await this.ds.query(
      `UPDATE cartona_product_mapping SET claim_id = NULL, claimed_at = NULL, claimed_version = NULL, sync_state = 'pending',
         sent_price = NULL, sent_stock = NULL, sent_unlimited = NULL, sent_at = NULL, next_attempt_at = $2, updated_at = now() WHERE claim_id = $1`,
      [claimId, retryAt],
    );
  }

  /** Settles a batch item by item; a newer value recorded meanwhile stays pending. */
  async settle(outcomes: ItemOutcome[]): Promise<void> {
    if (!outcomes.length) return;
    const ok = outcomes.filter((o) => o.ok);
    const failed = outcomes.filter((o) => !o.ok);
    if (ok.length) {
      await this.ds.query(
        `WITH o AS (SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::numeric[], $4::boolean[], $5::int[]) AS t(id, claim, price, unl, qty)),
         locked AS (SELECT id FROM cartona_product_mapping WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE)
         UPDATE cartona_product_mapping m SET
           cartona_price = COALESCE(o.price, m.cartona_price),
           cartona_unlimited = COALESCE(o.unl, m.cartona_unlimited),
           cartona_stock = CASE WHEN o.unl IS NULL THEN m.cartona_stock WHEN o.unl THEN NULL ELSE o.qty END,
           confirmed_at = now(), last_pushed_at = now(), last_error = NULL, attempts = 0, next_attempt_at = NULL,
           pending_price = CASE WHEN m.pending_version = m.claimed_version THEN NULL ELSE m.pending_price END,
           pending_unlimited = CASE WHEN m.pending_version = m.claimed_version THEN NULL ELSE m.pending_unlimited END,
           pending_stock = CASE WHEN m.pending_version = m.claimed_version THEN NULL ELSE m.pending_stock END,
           pending_since = CASE WHEN m.pending_version = m.claimed_version THEN NULL ELSE GREATEST(m.pending_since, m.claimed_at) END,
           sync_state = CASE WHEN m.pending_version = m.claimed_version THEN 'synced' ELSE 'pending' END,
           claim_id = NULL, claimed_at = NULL, claimed_version = NULL, updated_at = now(),
           sent_price = NULL, sent_stock = NULL, sent_unlimited = NULL, sent_at = NULL
         FROM o JOIN locked l ON l.id = o.id WHERE m.id = o.id AND m.claim_id = o.claim`,
        [ok.map((o) => o.id), ok.map((o) => o.claimId), ok.map((o) => o.sentPrice), ok.map((o) => o.sentUnlimited), ok.map((o) => o.sentStock)],
      );
    }
    if (failed.length) {
      await this.ds.query(
        `WITH o AS (SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::boolean[], $5::timestamptz[], $6::boolean[]) AS t(id, claim, err, counts, retry_at, give_up)),
         locked AS (SELECT id FROM cartona_product_mapping WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE)
         UPDATE cartona_product_mapping m SET
           attempts = m.attempts + CASE WHEN o.counts THEN 1 ELSE 0 END,
           last_error = o.err, last_error_at = now(), last_pushed_at = now(),
           next_attempt_at = o.retry_at,
           sync_state = CASE WHEN o.give_up AND m.pending_version = m.claimed_version THEN 'error' ELSE 'pending' END,
           claim_id = NULL, claimed_at = NULL, claimed_version = NULL, updated_at = now(),
           sent_price = NULL, sent_stock = NULL, sent_unlimited = NULL, sent_at = NULL
         FROM o JOIN locked l ON l.id = o.id WHERE m.id = o.id AND m.claim_id = o.claim`,
        [failed.map((o) => o.id), failed.map((o) => o.claimId), failed.map((o) => o.error ?? 'failed'), failed.map((o) => o.countAttempt !== false),
          failed.map((o) => o.retryAt ?? new Date()), failed.map((o) => o.giveUp === true)],
      );
    }
  }

  /** Records what a bulk call carried for each claimed item; the items stay claimed until verified. */
  async markSent(claimId: string, sent: Array<{ id: string; price: number | null; unlimited: boolean | null; stock: number | null }>): Promise<void> {
    if (!sent.length) return;
    await this.ds.query(
      `WITH s AS (SELECT * FROM unnest($2::uuid[], $3::numeric[], $4::boolean[], $5::int[]) AS t(id, price, unl, qty)),
         locked AS (SELECT id FROM cartona_product_mapping WHERE id = ANY($2::uuid[]) ORDER BY id FOR UPDATE)
       UPDATE cartona_product_mapping m SET sent_price = s.price, sent_unlimited = s.unl, sent_stock = s.qty, sent_at = now(), last_pushed_at = now()
       FROM s JOIN locked l ON l.id = s.id WHERE m.id = s.id AND m.claim_id = $1`,
      [claimId, sent.map((x) => x.id), sent.map((x) => x.price), sent.map((x) => x.unlimited), sent.map((x) => x.stock)],
    );
  }

  /** Items sent at least `minAgeMs` ago and not yet verified. */
  async awaitingVerification(accountId: string, minAgeMs: number, limit: number): Promise<ClaimedItem[]> {
    const rows: Array<Record<string, unknown>> = await this.ds.query(
      `SELECT ${MAPPING_COLUMNS} FROM cartona_product_mapping m
       WHERE m.account_id = $1 AND m.sent_at IS NOT NULL AND m.claim_id IS NOT NULL AND m.sent_at <= now() - ($2 || ' milliseconds')::interval
       ORDER BY m.sent_at LIMIT $3`,
      [accountId, String(minAgeMs), limit],
    );
    return rows.map(toMapping);
  }

  async countAwaitingVerification(accountId: string): Promise<number> {
    const [r]: Array<{ n: string }> = await this.ds.query(
      `SELECT count(*) AS n FROM cartona_product_mapping WHERE account_id = $1 AND sent_at IS NOT NULL AND claim_id IS NOT NULL`, [accountId]);
    return Number(r.n);
  }

  /** Claims left by a worker that died mid-batch go back to pending. */
  async releaseStaleClaims(olderThanMs: number): Promise<number> {
    const rows = returnedRows(await this.ds.query(
      `UPDATE cartona_product_mapping SET claim_id = NULL, claimed_at = NULL, claimed_version = NULL, sync_state = 'pending', updated_at = now(),
         sent_price = NULL, sent_stock = NULL, sent_unlimited = NULL, sent_at = NULL
       WHERE claim_id IS NOT NULL AND claimed_at < now() - ($1 || ' milliseconds')::interval RETURNING id`,
      [String(olderThanMs)],
    ));
    return rows.length;
  }

  /** Operator retry: items in error become due again (one account, some ids, or all). */
  async retryErrored(accountId: string | null, ids?: string[]): Promise<number> {
    const rows = returnedRows(await this.ds.query(
      `UPDATE cartona_product_mapping SET sync_state = 'pending', attempts = 0, next_attempt_at = NULL,
         pending_since = COALESCE(pending_since, now()), updated_at = now()
       WHERE sync_state = 'error' AND ($1::uuid IS NULL OR account_id = $1) AND ($2::uuid[] IS NULL OR id = ANY($2))
         AND (pending_price IS NOT NULL OR pending_unlimited IS NOT NULL)
       RETURNING id`,
      [accountId, ids ?? null],
    ));
    return rows.length;
  }

  /** Forgets what Cartona is believed to hold, so the next values are sent whatever they are (full resync). */
  async forgetConfirmed(accountId: string, odooIds: number[]): Promise<void> {
    await this.ds.query(
      `UPDATE cartona_product_mapping SET cartona_price = NULL, cartona_stock = NULL, cartona_unlimited = NULL
       WHERE account_id = $1 AND odoo_product_id = ANY($2::int[]) AND claim_id IS NULL`,
      [accountId, odooIds],
    );
  }

  byOdooIds(accountId: string, odooIds: number[]): Promise<CartonaProductMapping[]> {
    return this.repo.findBy({ accountId, odooProductId: In(odooIds) });
  }

  async stateCounts(accountId?: string): Promise<Record<string, number>> {
    const rows: Array<{ sync_state: string; n: string }> = await this.ds.query(
      `SELECT sync_state, count(*) AS n FROM cartona_product_mapping WHERE ($1::uuid IS NULL OR account_id = $1) GROUP BY sync_state`,
      [accountId ?? null],
    );
    return Object.fromEntries(rows.map((r) => [r.sync_state, Number(r.n)]));
  }

  async oldestPending(accountId?: string): Promise<Date | null> {
    const [r]: Array<{ oldest: Date | null }> = await this.ds.query(
      `SELECT min(pending_since) AS oldest FROM cartona_product_mapping WHERE pending_since IS NOT NULL AND ($1::uuid IS NULL OR account_id = $1)`,
      [accountId ?? null],
    );
    return r.oldest;
  }
}

function toMapping(r: Record<string, unknown>): ClaimedItem {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    id: String(r.id), accountId: String(r.account_id), odooProductId: Number(r.odoo_product_id),
    supplierProductId: (r.supplier_product_id as string | null) ?? null, internalProductId: (r.internal_product_id as string | null) ?? null,
    unlimitedStock: Boolean(r.unlimited_stock), cartonaPrice: num(r.cartona_price), cartonaStock: num(r.cartona_stock),
    cartonaUnlimited: (r.cartona_unlimited as boolean | null) ?? null, pendingPrice: num(r.pending_price), pendingStock: num(r.pending_stock),
    pendingUnlimited: (r.pending_unlimited as boolean | null) ?? null, pendingSince: (r.pending_since as Date | null) ?? null,
    pendingVersion: Number(r.pending_version), claimId: (r.claim_id as string | null) ?? null, claimedVersion: num(r.claimed_version),
    attempts: Number(r.attempts), syncState: r.sync_state as ClaimedItem['syncState'],
    sentPrice: num(r.sent_price), sentStock: num(r.sent_stock), sentUnlimited: (r.sent_unlimited as boolean | null) ?? null,
    sentAt: (r.sent_at as Date | null) ?? null,
  } as ClaimedItem;
}
