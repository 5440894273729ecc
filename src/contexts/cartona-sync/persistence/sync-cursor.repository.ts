import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Named watermarks per account (Odoo write_date cursors, last successful pull/push times). */
@Injectable()
export class SyncCursorRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async get(accountId: string, name: string): Promise<string | null> {
    const rows: Array<{ value: string }> = await this.ds.query(`SELECT value FROM cartona_sync_cursor WHERE account_id = $1 AND name = $2`, [accountId, name]);
    return rows[0]?.value ?? null;
  }

  async set(accountId: string, name: string, value: string): Promise<void> {
    await this.ds.query(
      `INSERT INTO cartona_sync_cursor (account_id, name, value, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (account_id, name) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      [accountId, name, value],
    );
  }

  async all(accountId?: string): Promise<Array<{ accountId: string; name: string; value: string; updatedAt: Date }>> {
    const rows: Array<{ account_id: string; name: string; value: string; updated_at: Date }> = await this.ds.query(
      `SELECT account_id, name, value, updated_at FROM cartona_sync_cursor WHERE ($1::uuid IS NULL OR account_id = $1) ORDER BY name`,
      [accountId ?? null],
    );
    return rows.map((r) => ({ accountId: r.account_id, name: r.name, value: r.value, updatedAt: r.updated_at }));
  }
}

/** Cursor names (one place, so the dashboard and the jobs agree). */
export const Cursor = {
  OdooProducts: 'odoo.product.write_date',
  OdooTemplates: 'odoo.template.write_date',
  OdooStock: 'odoo.stock.write_date',
  OdooOrders: 'odoo.sale_order.write_date',
  OdooPickings: 'odoo.picking.write_date',
  LastPullOk: 'orders.last_pull_ok_at',
  LastPullAttempt: 'orders.last_pull_at',
  LastPushOk: 'products.last_push_ok_at',
  LastStatusPushOk: 'orders.last_status_push_ok_at',
} as const;
