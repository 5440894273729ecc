import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a bulk push sent, kept until a read-back confirms it: verification runs after the send,
 * in one pass per account (per-item reads for a few products, the paged product list for many),
 * so confirming 10,000 pushes does not cost 10,000 GETs.
 */
export class CartonaPushVerification1764400000001 implements MigrationInterface {
  name = 'CartonaPushVerification1764400000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cartona_product_mapping
      ADD COLUMN sent_price numeric(14,4),
      ADD COLUMN sent_stock int,
      ADD COLUMN sent_unlimited boolean,
      ADD COLUMN sent_at timestamptz`);
    await q.query(`CREATE INDEX ix_cartona_product_mapping_sent ON cartona_product_mapping (account_id, sent_at) WHERE sent_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS ix_cartona_product_mapping_sent`);
    await q.query(`ALTER TABLE cartona_product_mapping DROP COLUMN sent_price, DROP COLUMN sent_stock, DROP COLUMN sent_unlimited, DROP COLUMN sent_at`);
  }
}
