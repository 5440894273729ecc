import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Loyalty engine of record: programs and earning rules, rewards, members and cards, the immutable
 * point ledger with per-earn expiry buckets, orders and refunds, promo and referral codes, tiers,
 * the event outbox and the Odoo sync state. Amounts are numeric(14,2); points are integers.
 */
export class LoyaltyCore1764600000000 implements MigrationInterface {
  name = 'LoyaltyCore1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE loyalty_program (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      code varchar(40) NOT NULL,
      name varchar(120) NOT NULL,
      currency char(3) NOT NULL DEFAULT 'EGP',
      points_per_currency_unit numeric(12,4) NOT NULL DEFAULT 1 CONSTRAINT ck_loyalty_program_rate CHECK (points_per_currency_unit >= 0),
      min_order_amount numeric(14,2) NOT NULL DEFAULT 0,
      point_validity_days int CONSTRAINT ck_loyalty_program_validity CHECK (point_validity_days IS NULL OR point_validity_days > 0),
      redemption_value numeric(12,4) NOT NULL DEFAULT 0 CONSTRAINT ck_loyalty_program_redemption CHECK (redemption_value >= 0),
      min_redeem_points int NOT NULL DEFAULT 0,
      max_redeem_ratio numeric(5,4) NOT NULL DEFAULT 1 CONSTRAINT ck_loyalty_program_redeem_ratio CHECK (max_redeem_ratio > 0 AND max_redeem_ratio <= 1),
      excluded_product_refs text[] NOT NULL DEFAULT '{}',
      excluded_category_refs text[] NOT NULL DEFAULT '{}',
      referrer_points int NOT NULL DEFAULT 0 CONSTRAINT ck_loyalty_program_referrer CHECK (referrer_points >= 0),
      referee_points int NOT NULL DEFAULT 0 CONSTRAINT ck_loyalty_program_referee CHECK (referee_points >= 0),
      referral_min_order_amount numeric(14,2) NOT NULL DEFAULT 0,
      is_default boolean NOT NULL DEFAULT false,
      active boolean NOT NULL DEFAULT true,
      valid_from timestamptz,
      valid_to timestamptz,
      odoo_program_id int,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE UNIQUE INDEX ux_loyalty_program_code ON loyalty_program (code)`);
    await q.query(`CREATE UNIQUE INDEX ux_loyalty_program_default ON loyalty_program ((true)) WHERE is_default`);

    await q.query(`CREATE TABLE loyalty_program_rule (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      program_id uuid NOT NULL CONSTRAINT fk_loyalty_program_rule_program REFERENCES loyalty_program (id) ON DELETE CASCADE,
      name varchar(120) NOT NULL,
      scope varchar(10) NOT NULL CONSTRAINT ck_loyalty_program_rule_scope CHECK (scope IN ('order','product','category')),
      product_refs text[] NOT NULL DEFAULT '{}',
      category_refs text[] NOT NULL DEFAULT '{}',
      mode varchar(10) NOT NULL CONSTRAINT ck_loyalty_program_rule_mode CHECK (mode IN ('money','unit','order')),
      points numeric(12,4) NOT NULL CONSTRAINT ck_loyalty_program_rule_points CHECK (points >= 0),
      minimum_amount numeric(14,2) NOT NULL DEFAULT 0,
      minimum_qty numeric(12,3) NOT NULL DEFAULT 0,
      active boolean NOT NULL DEFAULT true,
      valid_from timestamptz,
      valid_to timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX ix_loyalty_program_rule_program ON loyalty_program_rule (program_id)`);

    await q.query(`CREATE TABLE loyalty_reward (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      program_id uuid NOT NULL CONSTRAINT fk_loyalty_reward_program REFERENCES loyalty_program (id) ON DELETE CASCADE,
      name varchar(120) NOT NULL,
      reward_type varchar(20) NOT NULL CONSTRAINT ck_loyalty_reward_type CHECK (reward_type IN ('fixed_discount','percent_discount','free_product')),
      required_points int NOT NULL CONSTRAINT ck_loyalty_reward_points CHECK (required_points > 0),
      discount_amount numeric(14,2) NOT NULL DEFAULT 0,
      discount_percent numeric(5,2) NOT NULL DEFAULT 0 CONSTRAINT ck_loyalty_reward_percent CHECK (discount_percent >= 0 AND discount_percent <= 100),
      max_discount numeric(14,2),
      product_ref varchar(120),
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX ix_loyalty_reward_program ON loyalty_reward (program_id)`);

    await q.query(`CREATE TABLE loyalty_member (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      odoo_partner_id int,
      external_ref varchar(120),
      name varchar(200),
      email varchar(254),
      phone varchar(40),
      referral_code varchar(20) NOT NULL,
      status varchar(12) NOT NULL DEFAULT 'active' CONSTRAINT ck_loyalty_member_status CHECK (status IN ('active','blocked')),
      enrolled_at timestamptz NOT NULL DEFAULT now(),
      first_order_at timestamptz,
      last_order_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT ck_loyalty_member_identity CHECK (odoo_partner_id IS NOT NULL OR external_ref IS NOT NULL)
    )`);
    await q.query(`CREATE UNIQUE INDEX ux_loyalty_member_odoo_partner ON loyalty_member (odoo_partner_id) WHERE odoo_partner_id IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX ux_loyalty_member_external_ref ON loyalty_member (external_ref) WHERE external_ref IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX ux_loyalty_member_referral_code ON loyalty_member (referral_code)`);

    await q.query(`CREATE TABLE loyalty_card (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      program_id uuid NOT NULL CONSTRAINT fk_loyalty_card_program REFERENCES loyalty_program (id),
      member_id uuid NOT NULL CONSTRAINT fk_loyalty_card_member REFERENCES loyalty_member (id),
      code varchar(32) NOT NULL,
      balance int NOT NULL DEFAULT 0 CONSTRAINT ck_loyalty_card_balance CHECK (balance >= 0),
      lifetime_earned bigint NOT NULL DEFAULT 0,
      lifetime_redeemed bigint NOT NULL DEFAULT 0,
      lifetime_expired bigint NOT NULL DEFAULT 0,
      status varchar(12) NOT NULL DEFAULT 'active' CONSTRAINT ck_loyalty_card_status CHECK (status IN ('active','blocked')),
      balance_version bigint NOT NULL DEFAULT 0,
      odoo_card_id int,
      odoo_synced_version bigint NOT NULL DEFAULT 0,
      odoo_synced_at timestamptz,
      odoo_sync_error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE UNIQUE INDEX ux_loyalty_card_program_member ON loyalty_card (program_id, member_id)`);
    await q.query(`CREATE UNIQUE INDEX ux_loyalty_card_code ON loyalty_card (code)`);
    await q.query(`CREATE INDEX ix_loyalty_card_member ON loyalty_card (member_id)`);
    // Cards whose balance Odoo has not seen yet: the sync job's work list stays small.
    await q.query(`CREATE INDEX ix_loyalty_card_odoo_unsynced ON loyalty_card (updated_at) WHERE balance_version > odoo_synced_version`);

    await q.query(`CREATE TABLE loyalty_order (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      order_ref varchar(120) NOT NULL,
      source varchar(20) NOT NULL,
      request_hash char(64) NOT NULL,
      member_id uuid CONSTRAINT fk_loyalty_order_member REFERENCES loyalty_member (id),
      card_id uuid CONSTRAINT fk_loyalty_order_card REFERENCES loyalty_card (id),
      program_id uuid CONSTRAINT fk_loyalty_order_program REFERENCES loyalty_program (id),
      ordered_at timestamptz NOT NULL,
      currency char(3) NOT NULL,
      subtotal_amount numeric(14,2) NOT NULL DEFAULT 0,
      discount_amount numeric(14,2) NOT NULL DEFAULT 0,
      net_amount numeric(14,2) NOT NULL DEFAULT 0,
      refunded_amount numeric(14,2) NOT NULL DEFAULT 0,
      points_earned int NOT NULL DEFAULT 0,
      points_redeemed int NOT NULL DEFAULT 0,
      points_reversed int NOT NULL DEFAULT 0,
      points_restored int NOT NULL DEFAULT 0,
      points_forfeited int NOT NULL DEFAULT 0,
      discount_reversed numeric(14,2) NOT NULL DEFAULT 0,
      status varchar(20) NOT NULL DEFAULT 'processing'
        CONSTRAINT ck_loyalty_order_status CHECK (status IN ('processing','applied','partially_refunded','refunded')),
      lines jsonb NOT NULL DEFAULT '[]',
      result jsonb,
      odoo_order_id int,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT ck_loyalty_order_refunded CHECK (refunded_amount >= 0 AND refunded_amount <= net_amount)
    )`);
    // The idempotency key of POST /api/v1/orders and of orders pulled from Odoo.
    await q.query(`CREATE UNIQUE INDEX ux_loyalty_order_ref ON loyalty_order (order_ref)`);
    await q.query(`CREATE INDEX ix_loyalty_order_member_at ON loyalty_order (member_id, ordered_at)`);
    await q.query(`CREATE INDEX ix_loyalty_order_program_at ON loyalty_order (program_id, ordered_at)`);
    await q.query(`CREATE INDEX ix_loyalty_order_at ON loyalty_order (ordered_at)`);

    await q.query(`CREATE TABLE loyalty_order_refund (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      order_id uuid NOT NULL CONSTRAINT fk_loyalty_order_refund_order REFERENCES loyalty_order (id),
      refund_ref varchar(120) NOT NULL,
      request_hash char(64) NOT NULL,
      amount numeric(14,2) NOT NULL CONSTRAINT ck_loyalty_order_refund_amount CHECK (amount >= 0),
      full_refund boolean NOT NULL DEFAULT false,
      points_reversed int NOT NULL DEFAULT 0,
      points_restored int NOT NULL DEFAULT 0,
      points_unrecovered int NOT NULL DEFAULT 0,
      points_forfeited int NOT NULL DEFAULT 0,
      discount_reversed numeric(14,2) NOT NULL DEFAULT 0,
      reason varchar(300),
      result jsonb,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE UNIQUE INDEX ux_loyalty_order_refund_ref ON loyalty_order_refund (refund_ref)`);
    await q.query(`CREATE INDEX ix_loyalty_order_refund_order ON loyalty_order_refund (order_id)`);

    await q.query(`CREATE TABLE loyalty_point_move (
      id bigserial PRIMARY KEY,
      card_id uuid NOT NULL CONSTRAINT fk_loyalty_point_move_card REFERENCES loyalty_card (id),
      kind varchar(10) NOT NULL CONSTRAINT ck_loyalty_point_move_kind CHECK (kind IN ('earn','redeem','expire','adjust','reverse')),
      points int NOT NULL,
      balance_after int NOT NULL CONSTRAINT ck_loyalty_point_move_balance CHECK (balance_after >= 0),
      source varchar(20) NOT NULL,
      source_ref varchar(200) NOT NULL,
      order_id uuid CONSTRAINT fk_loyalty_point_move_order REFERENCES loyalty_order (id),
      reverses_move_id bigint CONSTRAINT fk_loyalty_point_move_reverses REFERENCES loyalty_point_move (id),
      description varchar(300),
      metadata jsonb,
      request_id varchar(128),
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT ck_loyalty_point_move_sign CHECK (
        points <> 0 AND (kind NOT IN ('earn') OR points > 0) AND (kind NOT IN ('redeem','expire') OR points < 0))
    )`);
    // One move per (card, source, reference): replays of an earn/redeem/order find their first write.
    await q.query(`CREATE UNIQUE INDEX ux_loyalty_point_move_source ON loyalty_point_move (card_id, source, source_ref)`);
    await q.query(`CREATE INDEX ix_loyalty_point_move_card_id ON loyalty_point_move (card_id, id DESC)`);
    await q.query(`CREATE INDEX ix_loyalty_point_move_created ON loyalty_point_move (created_at)`);
    await q.query(`CREATE INDEX ix_loyalty_point_move_order ON loyalty_point_move (order_id) WHERE order_id IS NOT NULL`);
    // The ledger is append-only: corrections are new moves (adjust, reverse), never edits.
    await q.query(`CREATE FUNCTION loyalty_point_move_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'loyalty_point_move is append-only (% refused)', TG_OP USING ERRCODE = 'restrict_violation'; END $$`);
    await q.query(`CREATE TRIGGER tr_loyalty_point_move_immutable BEFORE UPDATE OR DELETE ON loyalty_point_move
      FOR EACH ROW EXECUTE FUNCTION loyalty_point_move_immutable()`);

    await q.query(`CREATE TABLE loyalty_point_bucket (
      id bigserial PRIMARY KEY,
      card_id uuid NOT NULL CONSTRAINT fk_loyalty_point_bucket_card REFERENCES loyalty_card (id),
      earn_move_id bigint NOT NULL CONSTRAINT fk_loyalty_point_bucket_move REFERENCES loyalty_point_move (id),
      points_earned int NOT NULL CONSTRAINT ck_loyalty_point_bucket_earned CHECK (points_earned > 0),
      points_remaining int NOT NULL,
      points_expired int NOT NULL DEFAULT 0,
      earned_at timestamptz NOT NULL,
      expires_at timestamptz,
      status varchar(10) NOT NULL DEFAULT 'open' CONSTRAINT ck_loyalty_point_bucket_status CHECK (status IN ('open','consumed','expired')),
      expire_move_id bigint,
      expired_at timestamptz,
      CONSTRAINT ck_loyalty_point_bucket_remaining CHECK (points_remaining >= 0 AND points_remaining <= points_earned),
      CONSTRAINT ck_loyalty_point_bucket_open CHECK ((status = 'open') = (points_remaining > 0))
    )`);
    await q.query(`CREATE INDEX ix_loyalty_point_bucket_card_open ON loyalty_point_bucket (card_id, expires_at, id) WHERE status = 'open'`);
    await q.query(`CREATE INDEX ix_loyalty_point_bucket_due ON loyalty_point_bucket (expires_at, card_id) WHERE status = 'open' AND expires_at IS NOT NULL`);
    await q.query(`CREATE INDEX ix_loyalty_point_bucket_move ON loyalty_point_bucket (earn_move_id)`);

    await q.query(`CREATE TABLE loyalty_point_consumption (
      move_id bigint NOT NULL CONSTRAINT fk_loyalty_point_consumption_move REFERENCES loyalty_point_move (id),
      bucket_id bigint NOT NULL CONSTRAINT fk_loyalty_point_consumption_bucket REFERENCES loyalty_point_bucket (id) ON DELETE CASCADE,
      points int NOT NULL CONSTRAINT ck_loyalty_point_consumption_points CHECK (points > 0),
      CONSTRAINT pk_loyalty_point_consumption PRIMARY KEY (move_id, bucket_id)
    )`);
    await q.query(`CREATE INDEX ix_loyalty_point_consumption_bucket ON loyalty_point_consumption (bucket_id)`);

    await q.query(`CREATE TABLE loyalty_promo_code (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      code varchar(40) NOT NULL,
      program_id uuid CONSTRAINT fk_loyalty_promo_code_program REFERENCES loyalty_program (id),
      name varchar(120) NOT NULL,
      discount_type varchar(12) NOT NULL CONSTRAINT ck_loyalty_promo_code_type CHECK (discount_type IN ('percent','fixed','points')),
      discount_value numeric(14,2) NOT NULL DEFAULT 0 CONSTRAINT ck_loyalty_promo_code_value CHECK (discount_value >= 0),
      max_discount numeric(14,2),
      bonus_points int NOT NULL DEFAULT 0 CONSTRAINT ck_loyalty_promo_code_bonus CHECK (bonus_points >= 0),
      min_order_amount numeric(14,2) NOT NULL DEFAULT 0,
      product_refs text[] NOT NULL DEFAULT '{}',
      category_refs text[] NOT NULL DEFAULT '{}',
      valid_from timestamptz,
      valid_to timestamptz,
      max_uses int CONSTRAINT ck_loyalty_promo_code_max_uses CHECK (max_uses IS NULL OR max_uses > 0),
      max_uses_per_member int CONSTRAINT ck_loyalty_promo_code_max_member CHECK (max_uses_per_member IS NULL OR max_uses_per_member > 0),
      uses_count int NOT NULL DEFAULT 0,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT ck_loyalty_promo_code_uses CHECK (uses_count >= 0 AND (max_uses IS NULL OR uses_count <= max_uses))
    )`);
    await q.query(`CREATE UNIQUE INDEX ux_loyalty_promo_code_code ON loyalty_promo_code (code)`);

    await q.query(`CREATE TABLE loyalty_promo_member_usage (
      promo_code_id uuid NOT NULL CONSTRAINT fk_loyalty_promo_member_usage_code REFERENCES loyalty_promo_code (id) ON DELETE CASCADE,
      member_id uuid NOT NULL CONSTRAINT fk_loyalty_promo_member_usage_member REFERENCES loyalty_member (id),
      uses int NOT NULL CONSTRAINT ck_loyalty_promo_member_usage_uses CHECK (uses >= 0),
      CONSTRAINT pk_loyalty_promo_member_usage PRIMARY KEY (promo_code_id, member_id)
    )`);

    await q.query(`CREATE TABLE loyalty_promo_redemption (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      promo_code_id uuid NOT NULL CONSTRAINT fk_loyalty_promo_redemption_code REFERENCES loyalty_promo_code (id),
      order_id uuid NOT NULL CONSTRAINT fk_loyalty_promo_redemption_order REFERENCES loyalty_order (id),
      member_id uuid NOT NULL CONSTRAINT fk_loyalty_promo_redemption_member REFERENCES loyalty_member (id),
      program_id uuid NOT NULL CONSTRAINT fk_loyalty_promo_redemption_program REFERENCES loyalty_program (id),
      discount_amount numeric(14,2) NOT NULL DEFAULT 0,
      discount_reversed numeric(14,2) NOT NULL DEFAULT 0,
      bonus_points int NOT NULL DEFAULT 0,
      order_net_amount numeric(14,2) NOT NULL DEFAULT 0,
      status varchar(10) NOT NULL DEFAULT 'applied' CONSTRAINT ck_loyalty_promo_redemption_status CHECK (status IN ('applied','reversed')),
      created_at timestamptz NOT NULL DEFAULT now(),
      reversed_at timestamptz
    )`);
    await q.query(`CREATE UNIQUE INDEX ux_loyalty_promo_redemption_order ON loyalty_promo_redemption (promo_code_id, order_id)`);
    await q.query(`CREATE INDEX ix_loyalty_promo_redemption_created ON loyalty_promo_redemption (created_at)`);

    await q.query(`CREATE TABLE loyalty_referral (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      referrer_member_id uuid NOT NULL CONSTRAINT fk_loyalty_referral_referrer REFERENCES loyalty_member (id),
      referee_member_id uuid NOT NULL CONSTRAINT fk_loyalty_referral_referee REFERENCES loyalty_member (id),
      code varchar(20) NOT NULL,
      program_id uuid CONSTRAINT fk_loyalty_referral_program REFERENCES loyalty_program (id),
      status varchar(10) NOT NULL DEFAULT 'pending' CONSTRAINT ck_loyalty_referral_status CHECK (status IN ('pending','rewarded','reversed')),
      order_id uuid CONSTRAINT fk_loyalty_referral_order REFERENCES loyalty_order (id),
      referrer_points int NOT NULL DEFAULT 0,
      referee_points int NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      rewarded_at timestamptz,
      reversed_at timestamptz,
      CONSTRAINT ck_loyalty_referral_self CHECK (referrer_member_id <> referee_member_id)
    )`);
    // A member is referred at most once: the referee's first order rewards both sides, once.
    await q.query(`CREATE UNIQUE INDEX ux_loyalty_referral_referee ON loyalty_referral (referee_member_id)`);
    await q.query(`CREATE INDEX ix_loyalty_referral_referrer ON loyalty_referral (referrer_member_id)`);

    await q.query(`CREATE TABLE loyalty_tier_set (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      code varchar(40) NOT NULL,
      name varchar(120) NOT NULL,
      primary_program_id uuid CONSTRAINT fk_loyalty_tier_set_program REFERENCES loyalty_program (id),
      window_days int NOT NULL CONSTRAINT ck_loyalty_tier_set_window CHECK (window_days > 0),
      downgrade_policy varchar(12) NOT NULL CONSTRAINT ck_loyalty_tier_set_policy CHECK (downgrade_policy IN ('never','automatic','after_days')),
      downgrade_after_days int,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT ck_loyalty_tier_set_after_days CHECK (downgrade_policy <> 'after_days' OR downgrade_after_days > 0)
    )`);
    await q.query(`CREATE UNIQUE INDEX ux_loyalty_tier_set_code ON loyalty_tier_set (code)`);

    await q.query(`CREATE TABLE loyalty_tier (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tier_set_id uuid NOT NULL CONSTRAINT fk_loyalty_tier_set REFERENCES loyalty_tier_set (id) ON DELETE CASCADE,
      code varchar(40) NOT NULL,
      name varchar(120) NOT NULL,
      rank int NOT NULL CONSTRAINT ck_loyalty_tier_rank CHECK (rank > 0),
      threshold_amount numeric(14,2) NOT NULL CONSTRAINT ck_loyalty_tier_threshold CHECK (threshold_amount >= 0),
      earn_multiplier numeric(6,3) NOT NULL DEFAULT 1 CONSTRAINT ck_loyalty_tier_multiplier CHECK (earn_multiplier > 0),
      odoo_membership_product_id int,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE UNIQUE INDEX ux_loyalty_tier_set_code_tier ON loyalty_tier (tier_set_id, code)`);
    await q.query(`CREATE UNIQUE INDEX ux_loyalty_tier_set_rank ON loyalty_tier (tier_set_id, rank)`);

    await q.query(`CREATE TABLE loyalty_member_tier (
      member_id uuid NOT NULL CONSTRAINT fk_loyalty_member_tier_member REFERENCES loyalty_member (id),
      tier_set_id uuid NOT NULL CONSTRAINT fk_loyalty_member_tier_set REFERENCES loyalty_tier_set (id) ON DELETE CASCADE,
      tier_id uuid CONSTRAINT fk_loyalty_member_tier_tier REFERENCES loyalty_tier (id) ON DELETE SET NULL,
      since timestamptz,
      qualifying_amount numeric(14,2) NOT NULL DEFAULT 0,
      below_since timestamptz,
      evaluated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT pk_loyalty_member_tier PRIMARY KEY (member_id, tier_set_id)
    )`);

    await q.query(`CREATE TABLE loyalty_tier_change (
      id bigserial PRIMARY KEY,
      member_id uuid NOT NULL CONSTRAINT fk_loyalty_tier_change_member REFERENCES loyalty_member (id),
      tier_set_id uuid NOT NULL CONSTRAINT fk_loyalty_tier_change_set REFERENCES loyalty_tier_set (id) ON DELETE CASCADE,
      from_tier_id uuid,
      to_tier_id uuid,
      reason varchar(12) NOT NULL CONSTRAINT ck_loyalty_tier_change_reason CHECK (reason IN ('upgrade','downgrade','admin')),
      qualifying_amount numeric(14,2) NOT NULL,
      window_start timestamptz NOT NULL,
      window_end timestamptz NOT NULL,
      changed_at timestamptz NOT NULL DEFAULT now(),
      odoo_status varchar(10) NOT NULL DEFAULT 'pending' CONSTRAINT ck_loyalty_tier_change_odoo CHECK (odoo_status IN ('pending','synced','skipped','failed')),
      odoo_line_id int,
      odoo_attempts int NOT NULL DEFAULT 0,
      odoo_error text
    )`);
    await q.query(`CREATE INDEX ix_loyalty_tier_change_member ON loyalty_tier_change (member_id, changed_at DESC)`);
    await q.query(`CREATE INDEX ix_loyalty_tier_change_odoo_pending ON loyalty_tier_change (id) WHERE odoo_status = 'pending'`);

    await q.query(`CREATE TABLE loyalty_event (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      type varchar(60) NOT NULL,
      occurred_at timestamptz NOT NULL DEFAULT now(),
      member_id uuid,
      card_id uuid,
      order_id uuid,
      payload jsonb NOT NULL,
      dispatched_at timestamptz,
      attempts int NOT NULL DEFAULT 0,
      last_error text
    )`);
    await q.query(`CREATE INDEX ix_loyalty_event_undispatched ON loyalty_event (occurred_at) WHERE dispatched_at IS NULL`);
    await q.query(`CREATE INDEX ix_loyalty_event_occurred ON loyalty_event (occurred_at)`);

    await q.query(`CREATE TABLE loyalty_sync_state (
      name varchar(60) PRIMARY KEY,
      cursor jsonb,
      last_run_at timestamptz,
      last_success_at timestamptz,
      last_error text,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'loyalty_sync_state', 'loyalty_event', 'loyalty_tier_change', 'loyalty_member_tier', 'loyalty_tier', 'loyalty_tier_set',
      'loyalty_referral', 'loyalty_promo_redemption', 'loyalty_promo_member_usage', 'loyalty_promo_code',
      'loyalty_point_consumption', 'loyalty_point_bucket', 'loyalty_point_move', 'loyalty_order_refund', 'loyalty_order',
      'loyalty_card', 'loyalty_member', 'loyalty_reward', 'loyalty_program_rule', 'loyalty_program',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
    await q.query(`DROP FUNCTION IF EXISTS loyalty_point_move_immutable()`);
  }
}
