import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Shared kernel tables: accounts, API keys, audit trail, inbox, dead letters, job runs. */
export class Foundation1763800000000 implements MigrationInterface {
  name = 'Foundation1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE auth_account (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      email varchar(254) NOT NULL,
      password_hash varchar(200) NOT NULL,
      role varchar(20) NOT NULL DEFAULT 'customer' CONSTRAINT ck_auth_account_role CHECK (role IN ('customer','admin')),
      created_at timestamptz NOT NULL DEFAULT now(),
      last_login_at timestamptz
    )`);
    await q.query(`CREATE UNIQUE INDEX ux_auth_account_email ON auth_account (email)`);

    await q.query(`CREATE TABLE auth_api_key (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name varchar(120) NOT NULL,
      prefix varchar(16) NOT NULL,
      secret_hash varchar(64) NOT NULL,
      scopes text[] NOT NULL,
      owner_type varchar(20) NOT NULL DEFAULT 'partner',
      owner_ref varchar(120),
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz,
      revoked_at timestamptz,
      last_used_at timestamptz
    )`);
    await q.query(`CREATE UNIQUE INDEX ux_auth_api_key_prefix ON auth_api_key (prefix)`);

    await q.query(`CREATE TABLE audit_log (
      id bigserial PRIMARY KEY,
      occurred_at timestamptz NOT NULL,
      system varchar(40) NOT NULL,
      direction varchar(10) NOT NULL,
      operation varchar(200) NOT NULL,
      correlation_id varchar(200),
      request_id varchar(128),
      status varchar(10) NOT NULL,
      duration_ms int,
      error text,
      details jsonb
    )`);
    await q.query(`CREATE INDEX ix_audit_log_system_at ON audit_log (system, occurred_at)`);
    await q.query(`CREATE INDEX ix_audit_log_correlation ON audit_log (correlation_id)`);
    await q.query(`CREATE INDEX ix_audit_log_occurred_at ON audit_log (occurred_at)`);

    await q.query(`CREATE TABLE inbox_message (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      source varchar(64) NOT NULL,
      event_id varchar(200) NOT NULL,
      payload jsonb NOT NULL,
      status varchar(20) NOT NULL DEFAULT 'received',
      received_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      processed_at timestamptz,
      attempts int NOT NULL DEFAULT 0,
      last_error text,
      request_id varchar(128)
    )`);
    await q.query(`CREATE UNIQUE INDEX ux_inbox_message_source_event ON inbox_message (source, event_id)`);
    await q.query(`CREATE INDEX ix_inbox_message_status_received ON inbox_message (status, received_at)`);

    await q.query(`CREATE TABLE dead_letter_job (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      queue varchar(100) NOT NULL,
      job_name varchar(150) NOT NULL,
      job_id varchar(300) NOT NULL,
      payload jsonb NOT NULL,
      error text NOT NULL,
      attempts int NOT NULL,
      permanent boolean NOT NULL DEFAULT false,
      status varchar(20) NOT NULL DEFAULT 'dead',
      failed_at timestamptz NOT NULL DEFAULT now(),
      replayed_at timestamptz,
      replay_job_id varchar(300),
      replay_count int NOT NULL DEFAULT 0
    )`);
    await q.query(`CREATE INDEX ix_dead_letter_job_status_failed_at ON dead_letter_job (status, failed_at)`);

    await q.query(`CREATE TABLE job_run (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      queue varchar(100) NOT NULL,
      job_name varchar(150) NOT NULL,
      job_id varchar(300),
      started_at timestamptz NOT NULL,
      finished_at timestamptz,
      duration_ms int,
      outcome varchar(20) NOT NULL,
      error text,
      result jsonb
    )`);
    await q.query(`CREATE INDEX ix_job_run_queue_name_started ON job_run (queue, job_name, started_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['job_run', 'dead_letter_job', 'inbox_message', 'audit_log', 'auth_api_key', 'auth_account']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}
