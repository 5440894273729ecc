import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { JsonObject } from '../../../infrastructure/database';
import type { RecordCopyKind } from './local-copy.entity';

export interface CopyRow {
  odooId: number;
  recordDate: string | null;
  data: JsonObject;
}

export interface CopyQuery {
  from?: string;
  to?: string;
  /** Extra SQL condition on `data` (jsonb), from a fixed list: never user text. */
  filter?: 'invoice_open' | 'invoice_paid';
  offset: number;
  limit: number;
}

export interface CopyPage {
  items: JsonObject[];
  total: number;
  /** Oldest refresh among the rows returned (how stale this page is). */
  oldestRefreshedAt: Date | null;
}

const FILTERS: Record<NonNullable<CopyQuery['filter']>, string> = {
  invoice_open: `data->>'state' = 'posted' AND data->>'paymentState' IN ('not_paid','partial')`,
  invoice_paid: `data->>'paymentState' IN ('paid','in_payment','reversed')`,
};

/**
 * Local copies of Odoo data, used when Odoo is slow or down. Record copies hold the last seen
 * version of each invoice/payment/order (paged history); snapshots hold whole sets (a customer's
 * services, open invoices, the catalog) exactly as one live read returned them.
 */
@Injectable()
export class LocalCopyRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Upserts rows seen in a live read; an older read never overwrites a newer one. */
  async upsertRecords(kind: RecordCopyKind, commercialPartnerId: number, rows: CopyRow[], at = new Date()): Promise<void> {
    if (!rows.length) return;
    const unique = [...new Map(rows.map((r) => [r.odooId, r])).values()];
    const params: unknown[] = [kind, commercialPartnerId, at];
    const values = unique.map((r) => {
      params.push(r.odooId, r.recordDate, JSON.stringify(r.data));
      const n = params.length;
      return `($1, $${n - 2}, $2, $${n - 1}::date, $${n}::jsonb, $3)`;
    });
    await this.ds.query(
      `INSERT INTO portal_record_copy (kind, odoo_id, commercial_partner_id, record_date, data, refreshed_at)
       VALUES ${values.join(', ')}
       ON CONFLICT (kind, odoo_id) DO UPDATE SET commercial_partner_id = EXCLUDED.commercial_partner_id,
         record_date = EXCLUDED.record_date, data = EXCLUDED.data, refreshed_at = EXCLUDED.refreshed_at
       WHERE portal_record_copy.refreshed_at <= EXCLUDED.refreshed_at`,
      params,
    );
  }

  /** A full refresh: upserts the rows and drops this customer's copies Odoo no longer returns. */
  async replaceRecords(kind: RecordCopyKind, commercialPartnerId: number, rows: CopyRow[], at = new Date()): Promise<number> {
    await this.upsertRecords(kind, commercialPartnerId, rows, at);
    const [, removed] = await this.ds.query(
      `DELETE FROM portal_record_copy WHERE kind = $1 AND commercial_partner_id = $2 AND NOT (odoo_id = ANY($3::int[]))`,
      [kind, commercialPartnerId, rows.map((r) => r.odooId)],
    ) as [unknown, number];
    return removed ?? 0;
  }

  async queryRecords(kind: RecordCopyKind, commercialPartnerId: number, q: CopyQuery): Promise<CopyPage> {
    const where = [`kind = $1`, `commercial_partner_id = $2`];
    const params: unknown[] = [kind, commercialPartnerId];
    if (q.from) { params.push(q.from); where.push(`record_date >= $${params.length}::date`); }
    if (q.to) { params.push(q.to); where.push(`record_date <= $${params.length}::date`); }
    if (q.filter) where.push(FILTERS[q.filter]);
    const sqlWhere = where.join(' AND ');
    const [{ total }] = await this.ds.query<Array<{ total: string }>>(`SELECT count(*) AS total FROM portal_record_copy WHERE ${sqlWhere}`, params);
    const rows = await this.ds.query<Array<{ data: JsonObject; refreshed_at: Date }>>(
      `SELECT data, refreshed_at FROM portal_record_copy WHERE ${sqlWhere}
        ORDER BY record_date DESC NULLS LAST, odoo_id DESC OFFSET $${params.length + 1} LIMIT $${params.length + 2}`,
      [...params, q.offset, q.limit],
    );
    const oldest = rows.reduce<Date | null>((m, r) => (!m || r.refreshed_at < m ? r.refreshed_at : m), null);
    return { items: rows.map((r) => r.data), total: Number(total), oldestRefreshedAt: oldest };
  }

  async getRecord(kind: RecordCopyKind, commercialPartnerId: number, odooId: number): Promise<{ data: JsonObject; refreshedAt: Date } | null> {
    const [row] = await this.ds.query<Array<{ data: JsonObject; refreshed_at: Date }>>(
      `SELECT data, refreshed_at FROM portal_record_copy WHERE kind = $1 AND odoo_id = $2 AND commercial_partner_id = $3`,
      [kind, odooId, commercialPartnerId],
    );
    return row ? { data: row.data, refreshedAt: row.refreshed_at } : null;
  }

  async saveSnapshot(scopeKey: string, kind: string, data: JsonObject, at = new Date()): Promise<void> {
    await this.ds.query(
      `INSERT INTO portal_snapshot (scope_key, kind, data, refreshed_at) VALUES ($1, $2, $3::jsonb, $4)
       ON CONFLICT (scope_key, kind) DO UPDATE SET data = EXCLUDED.data, refreshed_at = EXCLUDED.refreshed_at
       WHERE portal_snapshot.refreshed_at <= EXCLUDED.refreshed_at`,
      [scopeKey, kind, JSON.stringify(data), at],
    );
  }

  async loadSnapshot(scopeKey: string, kind: string): Promise<{ data: JsonObject; refreshedAt: Date } | null> {
    const [row] = await this.ds.query<Array<{ data: JsonObject; refreshed_at: Date }>>(
      `SELECT data, refreshed_at FROM portal_snapshot WHERE scope_key = $1 AND kind = $2`,
      [scopeKey, kind],
    );
    return row ? { data: row.data, refreshedAt: row.refreshed_at } : null;
  }
}

/** Snapshot scope keys: per commercial partner, or the shared catalog. */
export const scopeKey = {
  partner: (commercialPartnerId: number) => `partner:${commercialPartnerId}`,
  catalog: 'catalog',
};
