import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * CartonaSync: supplier accounts (one per Odoo warehouse), the product mapping with per-product
 * sync state (which doubles as the coalescing outbox of price/stock changes), order links
 * (exactly-once import, unique on Cartona's hashed_id), sync cursors and the error list.
 */
export class CartonaSync1764400000000 implements MigrationInterface {
  name = 'CartonaSync1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE cartona_account (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name varchar(120) NOT NULL,
      is_default boolean NOT NULL DEFAULT false,
      enabled boolean NOT NULL DEFAULT true,
      api_base_url varchar(500) NOT NULL,
      api_token text NOT NULL,
      supplier_code varchar(40),
      odoo_warehouse_id int,
      odoo_company_id int,
      odoo_pricelist_id int,
      matching_strategy varchar(30) NOT NULL DEFAULT 'internal_product_id'
        CONSTRAINT ck_cartona_account_matching CHECK (matching_strategy IN ('internal_product_id','supplier_product_id')),
      odoo_product_field varchar(80),
      internal_id_suffix_policy varchar(10) NOT NULL DEFAULT 'strip'
        CONSTRAINT ck_cartona_account_suffix CHECK (internal_id_suffix_policy IN ('strip','exact','reject')),
      price_format varchar(10) NOT NULL DEFAULT 'string' CONSTRAINT ck_cartona_account_price_format CHECK (price_format IN ('string','number')),
      push_prices boolean NOT NULL DEFAULT true,
      push_stock boolean NOT NULL DEFAULT true,
      import_orders boolean NOT NULL DEFAULT true,
      push_statuses boolean NOT NULL DEFAULT true,
      batch_size int NOT NULL DEFAULT 100 CONSTRAINT ck_cartona_account_batch CHECK (batch_size BETWEEN 1 AND 1000),
      flush_delay_ms int NOT NULL DEFAULT 1000 CONSTRAINT ck_cartona_account_flush CHECK (flush_delay_ms BETWEEN 0 AND 5000),
      verify_mode varchar(10) NOT NULL DEFAULT 'readback' CONSTRAINT ck_cartona_account_verify CHECK (verify_mode IN ('readback','none')),
      timeout_ms int NOT NULL DEFAULT 30000,
      pull_per_page int NOT NULL DEFAULT 100,
      pull_max_pages int NOT NULL DEFAULT 20,
      default_cancellation_reason varchar(60) NOT NULL DEFAULT 'supplier_asked_me_to_cancel',
      assignment_field varchar(80) NOT NULL DEFAULT 'user_id',
      rate_limited_until timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE UNIQUE INDEX ux_cartona_account_name ON cartona_account (name)`);
    await q.query(`CREATE UNIQUE INDEX ux_cartona_account_warehouse ON cartona_account ((COALESCE(odoo_warehouse_id, 0)))`);
    await q.query(`CREATE UNIQUE INDEX ux_cartona_account_default ON cartona_account (is_default) WHERE is_default`);

    await q.query(`CREATE TABLE cartona_product_mapping (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      account_id uuid NOT NULL CONSTRAINT fk_cartona_product_mapping_account REFERENCES cartona_account(id) ON DELETE CASCADE,
      odoo_product_id int NOT NULL,
      supplier_product_id varchar(100),
      internal_product_id varchar(100),
      source varchar(20) NOT NULL DEFAULT 'manual',
      unlimited_stock boolean NOT NULL DEFAULT false,
      cartona_price numeric(14,4),
      cartona_stock int,
      cartona_unlimited boolean,
      confirmed_at timestamptz,
      pending_price numeric(14,4),
      pending_stock int,
      pending_unlimited boolean,
      pending_since timestamptz,
      pending_version int NOT NULL DEFAULT 0,
      claim_id uuid,
      claimed_at timestamptz,
      claimed_version int,
      attempts int NOT NULL DEFAULT 0,
      next_attempt_at timestamptz,
      sync_state varchar(12) NOT NULL DEFAULT 'idle'
        CONSTRAINT ck_cartona_product_mapping_state CHECK (sync_state IN ('idle','pending','in_flight','synced','error')),
      last_error text,
      last_error_at timestamptz,
      last_pushed_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT ck_cartona_product_mapping_key CHECK (supplier_product_id IS NOT NULL OR internal_product_id IS NOT NULL)
    )`);
    await q.query(`CREATE UNIQUE INDEX ux_cartona_product_mapping_odoo ON cartona_product_mapping (account_id, odoo_product_id)`);
    await q.query(`CREATE UNIQUE INDEX ux_cartona_product_mapping_supplier ON cartona_product_mapping (account_id, supplier_product_id) WHERE supplier_product_id IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX ux_cartona_product_mapping_internal ON cartona_product_mapping (account_id, internal_product_id) WHERE internal_product_id IS NOT NULL`);
    await q.query(`CREATE INDEX ix_cartona_product_mapping_due ON cartona_product_mapping (account_id, pending_since) WHERE pending_since IS NOT NULL`);
    await q.query(`CREATE INDEX ix_cartona_product_mapping_state ON cartona_product_mapping (account_id, sync_state)`);

    await q.query(`CREATE TABLE cartona_order_link (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      account_id uuid NOT NULL CONSTRAINT fk_cartona_order_link_account REFERENCES cartona_account(id),
      hashed_id varchar(100) NOT NULL,
      supplier_code varchar(40),
      cartona_status varchar(40),
      applied_status varchar(40),
      delivered_by varchar(30),
      payment_method varchar(20),
      needs_otp boolean NOT NULL DEFAULT false,
      payload jsonb NOT NULL,
      payload_hash char(64) NOT NULL,
      applied_hash char(64),
      state varchar(20) NOT NULL DEFAULT 'received'
        CONSTRAINT ck_cartona_order_link_state CHECK (state IN ('received','importing','held','imported','conflict','failed')),
      odoo_order_id int,
      odoo_order_name varchar(64),
      odoo_state varchar(20),
      line_map jsonb,
      error_code varchar(60),
      last_error text,
      attempts int NOT NULL DEFAULT 0,
      claim_id uuid,
      claimed_at timestamptz,
      acked_hash char(64),
      acked_at timestamptz,
      ack_attempts int NOT NULL DEFAULT 0,
      ack_error text,
      status_target varchar(40),
      status_reason varchar(60),
      status_push_state varchar(12) NOT NULL DEFAULT 'idle'
        CONSTRAINT ck_cartona_order_link_push CHECK (status_push_state IN ('idle','pending','failed','rejected','waiting_otp')),
      status_push_attempts int NOT NULL DEFAULT 0,
      status_push_error text,
      status_pushed_at timestamptz,
      retailer_otp varchar(40),
      details_push_state varchar(12) NOT NULL DEFAULT 'idle'
        CONSTRAINT ck_cartona_order_link_details CHECK (details_push_state IN ('idle','pending','failed','rejected')),
      details_push_error text,
      first_seen_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      imported_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE UNIQUE INDEX ux_cartona_order_link_hashed_id ON cartona_order_link (hashed_id)`);
    await q.query(`CREATE INDEX ix_cartona_order_link_account_state ON cartona_order_link (account_id, state)`);
    await q.query(`CREATE INDEX ix_cartona_order_link_odoo_order ON cartona_order_link (odoo_order_id) WHERE odoo_order_id IS NOT NULL`);
    await q.query(`CREATE INDEX ix_cartona_order_link_push ON cartona_order_link (status_push_state) WHERE status_push_state <> 'idle'`);

    await q.query(`CREATE TABLE cartona_sync_cursor (
      account_id uuid NOT NULL CONSTRAINT fk_cartona_sync_cursor_account REFERENCES cartona_account(id) ON DELETE CASCADE,
      name varchar(60) NOT NULL,
      value text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT pk_cartona_sync_cursor PRIMARY KEY (account_id, name)
    )`);

    await q.query(`CREATE TABLE cartona_sync_error (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      account_id uuid CONSTRAINT fk_cartona_sync_error_account REFERENCES cartona_account(id) ON DELETE CASCADE,
      kind varchar(20) NOT NULL,
      ref varchar(120) NOT NULL,
      code varchar(60) NOT NULL,
      message text NOT NULL,
      details jsonb,
      occurrences int NOT NULL DEFAULT 1,
      first_at timestamptz NOT NULL DEFAULT now(),
      last_at timestamptz NOT NULL DEFAULT now(),
      resolved_at timestamptz
    )`);
    await q.query(`CREATE UNIQUE INDEX ux_cartona_sync_error_open ON cartona_sync_error (kind, ref, code) WHERE resolved_at IS NULL`);
    await q.query(`CREATE INDEX ix_cartona_sync_error_last ON cartona_sync_error (account_id, last_at) WHERE resolved_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['cartona_sync_error', 'cartona_sync_cursor', 'cartona_order_link', 'cartona_product_mapping', 'cartona_account']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}
