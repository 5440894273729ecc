import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * AssetHandshake: one state machine per Odoo record and flow kind (with its timeline), the
 * hub's mirror of each ABS service plan, the admin-editable product-unit type table, and the
 * persisted cursors of the Odoo `write_date` poller.
 */
export class AssetHandshake1764500000000 implements MigrationInterface {
  name = 'AssetHandshake1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE asset_handshake_flow (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      kind varchar(30) NOT NULL CONSTRAINT ck_asset_handshake_flow_kind CHECK (kind IN ('allocation','entitlement','access','service_record')),
      subject_model varchar(64) NOT NULL,
      subject_id varchar(200) NOT NULL,
      subject_ref varchar(200),
      state varchar(20) NOT NULL CONSTRAINT ck_asset_handshake_flow_state CHECK (state IN ('requested','sent','confirmed','failed','compensated')),
      intent varchar(20) NOT NULL DEFAULT 'apply' CONSTRAINT ck_asset_handshake_flow_intent CHECK (intent IN ('apply','compensate')),
      step varchar(40),
      generation int NOT NULL DEFAULT 1,
      correlation_id varchar(100) NOT NULL,
      plan_id varchar(200),
      contract_ref varchar(200),
      asset_ref varchar(200),
      customer_ref varchar(200),
      data jsonb NOT NULL DEFAULT '{}'::jsonb,
      result jsonb,
      waiting_for varchar(30),
      attempts int NOT NULL DEFAULT 0,
      next_attempt_at timestamptz,
      lease_owner varchar(64),
      lease_until timestamptz,
      last_error text,
      error_code varchar(100),
      stuck_since timestamptz,
      requested_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz,
      confirmed_at timestamptz,
      failed_at timestamptz,
      compensated_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      version int NOT NULL DEFAULT 1
    )`);
    await q.query(`CREATE UNIQUE INDEX ux_asset_handshake_flow_subject ON asset_handshake_flow (kind, subject_model, subject_id)`);
    await q.query(`CREATE UNIQUE INDEX ux_asset_handshake_flow_correlation ON asset_handshake_flow (correlation_id)`);
    await q.query(`CREATE INDEX ix_asset_handshake_flow_open ON asset_handshake_flow (next_attempt_at) WHERE state IN ('requested','sent')`);
    await q.query(`CREATE INDEX ix_asset_handshake_flow_state_updated ON asset_handshake_flow (state, updated_at)`);
    await q.query(`CREATE INDEX ix_asset_handshake_flow_plan ON asset_handshake_flow (plan_id)`);
    await q.query(`CREATE INDEX ix_asset_handshake_flow_contract ON asset_handshake_flow (contract_ref)`);
    await q.query(`CREATE INDEX ix_asset_handshake_flow_waiting ON asset_handshake_flow (waiting_for) WHERE waiting_for IS NOT NULL`);

    await q.query(`CREATE TABLE asset_handshake_flow_event (
      id bigserial PRIMARY KEY,
      flow_id uuid NOT NULL CONSTRAINT fk_asset_handshake_flow_event_flow REFERENCES asset_handshake_flow (id) ON DELETE CASCADE,
      at timestamptz NOT NULL DEFAULT now(),
      event varchar(40) NOT NULL,
      from_state varchar(20),
      to_state varchar(20),
      step varchar(40),
      generation int NOT NULL,
      correlation_id varchar(100) NOT NULL,
      detail jsonb,
      error text
    )`);
    await q.query(`CREATE INDEX ix_asset_handshake_flow_event_flow ON asset_handshake_flow_event (flow_id, id)`);

    await q.query(`CREATE TABLE asset_handshake_plan (
      plan_id varchar(200) PRIMARY KEY,
      allocation_flow_id uuid NOT NULL CONSTRAINT fk_asset_handshake_plan_flow REFERENCES asset_handshake_flow (id),
      order_id int NOT NULL,
      partner_id int NOT NULL,
      contract_ref varchar(200) NOT NULL,
      contract_line_ref varchar(200) NOT NULL,
      asset_ref varchar(200),
      customer_ref varchar(200) NOT NULL,
      template_id varchar(200) NOT NULL,
      status varchar(20) NOT NULL DEFAULT 'active' CONSTRAINT ck_asset_handshake_plan_status CHECK (status IN ('active','cancelled')),
      payment_cycle_state varchar(30) NOT NULL DEFAULT 'INITIAL',
      deposit_confirmed boolean NOT NULL DEFAULT false,
      quota_exhausted boolean NOT NULL DEFAULT false,
      service_cancelled boolean NOT NULL DEFAULT false,
      battery_held boolean NOT NULL DEFAULT false,
      battery_lost boolean NOT NULL DEFAULT false,
      access varchar(20) NOT NULL DEFAULT 'pending' CONSTRAINT ck_asset_handshake_plan_access CHECK (access IN ('granted','suspended','pending')),
      access_reason varchar(40) NOT NULL DEFAULT 'awaiting_deposit',
      access_changed_at timestamptz,
      current_asset varchar(200),
      current_asset_at timestamptz,
      swaps_total int NOT NULL DEFAULT 0,
      energy_kwh_total numeric(14,3) NOT NULL DEFAULT 0,
      paid_services_total numeric(14,2) NOT NULL DEFAULT 0,
      service_states jsonb,
      last_sync jsonb,
      last_event_at timestamptz,
      end_date date,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE UNIQUE INDEX ux_asset_handshake_plan_order ON asset_handshake_plan (order_id)`);
    await q.query(`CREATE INDEX ix_asset_handshake_plan_asset ON asset_handshake_plan (asset_ref)`);
    await q.query(`CREATE INDEX ix_asset_handshake_plan_current_asset ON asset_handshake_plan (current_asset)`);
    await q.query(`CREATE INDEX ix_asset_handshake_plan_end_date ON asset_handshake_plan (end_date) WHERE status = 'active'`);

    await q.query(`CREATE TABLE asset_handshake_unit_type_rule (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      match_field varchar(30) NOT NULL CONSTRAINT ck_asset_handshake_unit_type_rule_field CHECK (match_field IN ('product_id','default_code','default_code_prefix','category')),
      match_value varchar(200) NOT NULL,
      unit_type varchar(20) NOT NULL CONSTRAINT ck_asset_handshake_unit_type_rule_type CHECK (unit_type IN ('physical','service','contract','digital','regulatory')),
      abs_template_id varchar(200),
      abs_service_id varchar(200),
      priority int NOT NULL DEFAULT 100,
      note varchar(500),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE UNIQUE INDEX ux_asset_handshake_unit_type_rule_match ON asset_handshake_unit_type_rule (match_field, match_value)`);

    await q.query(`CREATE TABLE asset_handshake_cursor (
      name varchar(100) PRIMARY KEY,
      write_date varchar(30) NOT NULL,
      last_id int NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['asset_handshake_cursor', 'asset_handshake_unit_type_rule', 'asset_handshake_plan', 'asset_handshake_flow_event', 'asset_handshake_flow']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}
