import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Partner webhook subscriptions, one delivery per (subscription, event), and every attempt's outcome. */
export class OutboundWebhooks1764600000001 implements MigrationInterface {
  name = 'OutboundWebhooks1764600000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE outbound_webhook_subscription (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name varchar(120) NOT NULL,
      url text NOT NULL,
      secret varchar(128) NOT NULL,
      event_types text[] NOT NULL,
      owner_ref varchar(120),
      active boolean NOT NULL DEFAULT true,
      disabled_reason text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX ix_outbound_webhook_subscription_types ON outbound_webhook_subscription USING gin (event_types) WHERE active`);

    await q.query(`CREATE TABLE outbound_webhook_delivery (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      subscription_id uuid NOT NULL CONSTRAINT fk_outbound_webhook_delivery_subscription REFERENCES outbound_webhook_subscription (id) ON DELETE CASCADE,
      event_id varchar(100) NOT NULL,
      event_type varchar(80) NOT NULL,
      payload jsonb NOT NULL,
      status varchar(12) NOT NULL DEFAULT 'pending'
        CONSTRAINT ck_outbound_webhook_delivery_status CHECK (status IN ('pending','delivering','delivered','dead','cancelled')),
      attempts int NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      last_attempt_at timestamptz,
      last_status_code int,
      last_error text,
      delivered_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    // One delivery per subscription and event: re-publishing an event is a no-op.
    await q.query(`CREATE UNIQUE INDEX ux_outbound_webhook_delivery_event ON outbound_webhook_delivery (subscription_id, event_id)`);
    await q.query(`CREATE INDEX ix_outbound_webhook_delivery_due ON outbound_webhook_delivery (next_attempt_at) WHERE status IN ('pending','delivering')`);
    await q.query(`CREATE INDEX ix_outbound_webhook_delivery_sub_created ON outbound_webhook_delivery (subscription_id, created_at DESC)`);
    await q.query(`CREATE INDEX ix_outbound_webhook_delivery_created ON outbound_webhook_delivery (created_at)`);

    await q.query(`CREATE TABLE outbound_webhook_attempt (
      id bigserial PRIMARY KEY,
      delivery_id uuid NOT NULL CONSTRAINT fk_outbound_webhook_attempt_delivery REFERENCES outbound_webhook_delivery (id) ON DELETE CASCADE,
      attempt int NOT NULL,
      attempted_at timestamptz NOT NULL DEFAULT now(),
      status_code int,
      duration_ms int NOT NULL,
      error text,
      response_excerpt varchar(500)
    )`);
    await q.query(`CREATE INDEX ix_outbound_webhook_attempt_delivery ON outbound_webhook_attempt (delivery_id, attempt)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS outbound_webhook_attempt`);
    await q.query(`DROP TABLE IF EXISTS outbound_webhook_delivery`);
    await q.query(`DROP TABLE IF EXISTS outbound_webhook_subscription`);
  }
}
