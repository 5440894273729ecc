import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * PortalBilling: links between portal accounts and Odoo partners, the rate-limit trail of link
 * attempts, local copies of Odoo data (record copies for paged history, snapshots for whole sets),
 * the portal's tickets (created locally first, then in Odoo) and uploaded proofs of payment.
 */
export class PortalBilling1764700000000 implements MigrationInterface {
  name = 'PortalBilling1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE portal_partner_link (
      account_id uuid PRIMARY KEY CONSTRAINT fk_portal_partner_link_account REFERENCES auth_account (id) ON DELETE CASCADE,
      partner_id int NOT NULL,
      commercial_partner_id int NOT NULL,
      partner_name varchar(300) NOT NULL,
      partner_email varchar(254),
      family_partner_ids int[] NOT NULL DEFAULT '{}',
      timezone varchar(64),
      method varchar(20) NOT NULL CONSTRAINT ck_portal_partner_link_method CHECK (method IN ('customer_ref','invoice_number','admin')),
      linked_by uuid,
      linked_at timestamptz NOT NULL DEFAULT now(),
      refreshed_at timestamptz NOT NULL DEFAULT now()
    )`);
    // One portal account per Odoo partner: a second account cannot claim the same customer.
    await q.query(`CREATE UNIQUE INDEX ux_portal_partner_link_partner ON portal_partner_link (partner_id)`);
    await q.query(`CREATE INDEX ix_portal_partner_link_commercial ON portal_partner_link (commercial_partner_id)`);

    await q.query(`CREATE TABLE portal_link_attempt (
      id bigserial PRIMARY KEY,
      account_id uuid NOT NULL,
      ip varchar(64),
      outcome varchar(20) NOT NULL CONSTRAINT ck_portal_link_attempt_outcome CHECK (outcome IN ('pending','succeeded','failed','aborted')),
      reason varchar(40),
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX ix_portal_link_attempt_account_at ON portal_link_attempt (account_id, created_at)`);
    await q.query(`CREATE INDEX ix_portal_link_attempt_ip_at ON portal_link_attempt (ip, created_at)`);

    await q.query(`CREATE TABLE portal_record_copy (
      kind varchar(20) NOT NULL CONSTRAINT ck_portal_record_copy_kind CHECK (kind IN ('invoice','payment','order')),
      odoo_id int NOT NULL,
      commercial_partner_id int NOT NULL,
      record_date date,
      data jsonb NOT NULL,
      refreshed_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT pk_portal_record_copy PRIMARY KEY (kind, odoo_id)
    )`);
    await q.query(`CREATE INDEX ix_portal_record_copy_partner ON portal_record_copy (commercial_partner_id, kind, record_date DESC, odoo_id DESC)`);

    await q.query(`CREATE TABLE portal_snapshot (
      scope_key varchar(60) NOT NULL,
      kind varchar(30) NOT NULL,
      data jsonb NOT NULL,
      refreshed_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT pk_portal_snapshot PRIMARY KEY (scope_key, kind)
    )`);

    await q.query(`CREATE TABLE portal_ticket (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      reference varchar(20),
      account_id uuid,
      commercial_partner_id int NOT NULL,
      partner_id int NOT NULL,
      idempotency_key varchar(100),
      odoo_model varchar(40),
      odoo_id int,
      subject varchar(200) NOT NULL,
      description text NOT NULL,
      priority varchar(10) NOT NULL CONSTRAINT ck_portal_ticket_priority CHECK (priority IN ('low','medium','high','urgent')),
      stage varchar(120),
      is_closed boolean NOT NULL DEFAULT false,
      sync_status varchar(20) NOT NULL CONSTRAINT ck_portal_ticket_sync_status CHECK (sync_status IN ('pending','synced','failed')),
      attempts int NOT NULL DEFAULT 0,
      last_error text,
      odoo_created_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      refreshed_at timestamptz
    )`);
    await q.query(`CREATE UNIQUE INDEX ux_portal_ticket_reference ON portal_ticket (reference) WHERE reference IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX ux_portal_ticket_odoo ON portal_ticket (odoo_model, odoo_id) WHERE odoo_id IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX ux_portal_ticket_idempotency ON portal_ticket (account_id, idempotency_key) WHERE idempotency_key IS NOT NULL`);
    await q.query(`CREATE INDEX ix_portal_ticket_partner_created ON portal_ticket (commercial_partner_id, created_at DESC)`);
    await q.query(`CREATE INDEX ix_portal_ticket_pending ON portal_ticket (sync_status, created_at) WHERE sync_status = 'pending'`);

    await q.query(`CREATE TABLE portal_payment_proof (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      account_id uuid,
      commercial_partner_id int NOT NULL,
      invoice_id int NOT NULL,
      invoice_number varchar(100) NOT NULL,
      payment_reference varchar(64) NOT NULL,
      payment_reference_key varchar(64) NOT NULL,
      amount numeric(16,2) NOT NULL CONSTRAINT ck_portal_payment_proof_amount CHECK (amount > 0),
      currency varchar(10),
      payment_date date NOT NULL,
      file_name varchar(255) NOT NULL,
      mime_type varchar(40) NOT NULL,
      file_size int NOT NULL,
      file_sha256 char(64) NOT NULL,
      file_data bytea NOT NULL,
      status varchar(20) NOT NULL CONSTRAINT ck_portal_payment_proof_status CHECK (status IN ('pending','submitted','failed')),
      odoo_payment_id int,
      odoo_attachment_id int,
      attempts int NOT NULL DEFAULT 0,
      last_error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      submitted_at timestamptz
    )`);
    // Idempotency: one proof per (invoice, payment reference), whatever the case/spacing of the reference.
    await q.query(`CREATE UNIQUE INDEX ux_portal_payment_proof_invoice_ref ON portal_payment_proof (invoice_id, payment_reference_key)`);
    await q.query(`CREATE INDEX ix_portal_payment_proof_partner ON portal_payment_proof (commercial_partner_id, created_at DESC)`);
    await q.query(`CREATE INDEX ix_portal_payment_proof_pending ON portal_payment_proof (status, created_at) WHERE status = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['portal_payment_proof', 'portal_ticket', 'portal_snapshot', 'portal_record_copy', 'portal_link_attempt', 'portal_partner_link']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}
