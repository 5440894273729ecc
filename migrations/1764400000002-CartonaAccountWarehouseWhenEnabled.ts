import type { MigrationInterface, QueryRunner } from 'typeorm';

/** One *enabled* Cartona account per Odoo warehouse: a disabled one no longer blocks its replacement. */
export class CartonaAccountWarehouseWhenEnabled1764400000002 implements MigrationInterface {
  name = 'CartonaAccountWarehouseWhenEnabled1764400000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS ux_cartona_account_warehouse`);
    await q.query(`CREATE UNIQUE INDEX ux_cartona_account_warehouse ON cartona_account ((COALESCE(odoo_warehouse_id, 0))) WHERE enabled`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS ux_cartona_account_warehouse`);
    await q.query(`CREATE UNIQUE INDEX ux_cartona_account_warehouse ON cartona_account ((COALESCE(odoo_warehouse_id, 0)))`);
  }
}
