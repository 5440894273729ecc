import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { fromMinor, minorToDecimalString, toMinor, type Minor } from '../domain/money';
import { decideTier, qualifyingTier, tierWindow, type DowngradePolicy, type MemberTierState, type TierDef } from '../domain/tiers';
import { InvalidLoyaltyInput, TierSetNotFound } from '../domain/loyalty.errors';
import { LoyaltyEventType } from '../loyalty.events';
import { queryOne, queryRows } from '../persistence/sql';
import { LoyaltyEventsService, type PendingEvent } from './loyalty-events.service';
import { MembersService } from './members.service';
import { inTransaction } from './transactions';

export interface TierSetRow {
  id: string;
  code: string;
  name: string;
  primaryProgramId: string | null;
  windowDays: number;
  downgradePolicy: DowngradePolicy;
  downgradeAfterDays: number | null;
  active: boolean;
}
export interface TierRow extends TierDef {
  code: string;
  name: string;
  earnMultiplier: number;
  odooMembershipProductId: number | null;
}

export interface TierChangeOutcome {
  tierSetId: string;
  tierSetCode: string;
  from: { id: string; code: string } | null;
  to: { id: string; code: string } | null;
  direction: 'upgrade' | 'downgrade' | 'admin';
}

export interface MemberTierView {
  tierSetId: string;
  tierSetCode: string;
  tier: { id: string; code: string; name: string; earnMultiplier: number } | null;
  since: Date | null;
  qualifyingAmountMinor: Minor;
  window: { start: Date; end: Date };
  belowSince: Date | null;
  downgradeDueAt: Date | null;
  next: { code: string; name: string; thresholdMinor: Minor; missingMinor: Minor } | null;
}

const SET_COLUMNS = `id, code, name, primary_program_id AS "primaryProgramId", window_days AS "windowDays",
  downgrade_policy AS "downgradePolicy", downgrade_after_days AS "downgradeAfterDays", active`;
const PAGE = 1000;

/**
 * Membership tiers. A member's tier in a tier set follows their transaction total (order net minus
 * refunds) over the set's rolling window. Upgrades happen inside the order that earns them; the
 * hourly evaluation applies downgrades per policy, starts/ends grace periods, and catches upgrades
 * from orders pulled from Odoo. Every change is a `loyalty_tier_change` row (history, and the
 * to-do list of the Odoo membership-line sync) plus a `loyalty.membership.tier-changed` event.
 */
@Injectable()
export class TiersService {
  private readonly logger = new Logger(TiersService.name);
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly events: LoyaltyEventsService,
    private readonly members: MembersService,
  ) {}

  async activeSets(em: EntityManager): Promise<TierSetRow[]> {
    return queryRows<TierSetRow>(em, `SELECT ${SET_COLUMNS} FROM loyalty_tier_set WHERE active ORDER BY code`);
  }

  async tiersOf(em: EntityManager, tierSetId: string): Promise<TierRow[]> {
    const rows = await queryRows<{ id: string; code: string; name: string; rank: number; threshold: string; mult: string; product: number | null }>(
      em,
      `SELECT id, code, name, rank, threshold_amount AS threshold, earn_multiplier AS mult, odoo_membership_product_id AS product
       FROM loyalty_tier WHERE tier_set_id = $1 ORDER BY rank`,
      [tierSetId],
    );
    return rows.map((r) => ({
      id: r.id, code: r.code, name: r.name, rank: r.rank, thresholdMinor: toMinor(r.threshold), earnMultiplier: Number(r.mult), odooMembershipProductId: r.product,
    }));
  }

  /** The earn multiplier of the member's best tier among sets whose primary program is this one (or any program). */
  async multiplierFor(em: EntityManager, memberId: string, programId: string): Promise<number> {
    const row = await queryOne<{ m: string }>(
      em,
      `SELECT max(t.earn_multiplier) AS m FROM loyalty_member_tier mt
       JOIN loyalty_tier t ON t.id = mt.tier_id JOIN loyalty_tier_set s ON s.id = mt.tier_set_id
       WHERE mt.member_id = $1 AND s.active AND (s.primary_program_id = $2 OR s.primary_program_id IS NULL)`,
      [memberId, programId],
    );
    return row?.m ? Number(row.m) : 1;
  }

  /**
   * Transaction total of one member over a window: orders of the set's primary program, or of every
   * program when it has none (the order being applied counts even before it is marked applied).
   */
  async windowTotal(em: EntityManager, memberId: string, set: TierSetRow, window: { start: Date; end: Date }, includeOrderId: string | null = null): Promise<Minor> {
    const row = await queryOne<{ total: string }>(
      em,
      `SELECT coalesce(sum(net_amount - refunded_amount), 0) AS total FROM loyalty_order
       WHERE member_id = $1 AND (status <> 'processing' OR id = $4) AND ordered_at > $2 AND ordered_at <= $3
         AND ($5::uuid IS NULL OR program_id = $5::uuid)`,
      [memberId, window.start, window.end, includeOrderId, set.primaryProgramId],
    );
    return toMinor(row!.total);
  }

  /** Raises the member's tiers at once if this order qualifies them (inside the order's transaction). */
  async upgradeAfterOrder(em: EntityManager, member: { id: string; odooPartnerId: number | null }, orderId: string, programId: string, now: Date): Promise<TierChangeOutcome[]> {
    const out: TierChangeOutcome[] = [];
    const sets = (await this.activeSets(em)).filter((s) => !s.primaryProgramId || s.primaryProgramId === programId);
    for (const set of sets) {
      const tiers = await this.tiersOf(em, set.id);
      if (!tiers.length) continue;
      const window = tierWindow(now, set.windowDays);
      const total = await this.windowTotal(em, member.id, set, window, orderId);
      if (!qualifyingTier(tiers, total)) continue;
      await em.query(
        `INSERT INTO loyalty_member_tier (member_id, tier_set_id, evaluated_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
        [member.id, set.id, now],
      );
      const state = (await queryOne<MemberTierState>(
        em,
        `SELECT tier_id AS "tierId", below_since AS "belowSince" FROM loyalty_member_tier WHERE member_id = $1 AND tier_set_id = $2 FOR UPDATE`,
        [member.id, set.id],
      ))!;
      const d = decideTier(set, tiers, state, total, now, true);
      if (d.change !== 'upgrade') continue;
      const change = await this.applyDecision(em, { set, tiers, member, state, decision: { ...d, change: 'upgrade' }, total, window, now });
      if (change) out.push(change);
    }
    return out;
  }

  /**
   * Writes a decision if the member's tier row still matches what it was decided from (a guarded
   * upsert), then its history row and event. Returns null when someone changed the row meanwhile.
   */
  private async applyDecision(
    em: EntityManager,
    c: {
      set: TierSetRow; tiers: TierRow[]; member: { id: string; odooPartnerId: number | null }; state: MemberTierState;
      decision: { tierId: string | null; belowSince: Date | null; change: 'upgrade' | 'downgrade' | 'admin' | null };
      total: Minor; window: { start: Date; end: Date }; now: Date;
    },
  ): Promise<TierChangeOutcome | null> {
    const changed = c.decision.change !== null && c.decision.tierId !== c.state.tierId;
    const written = await queryOne<{ memberId: string }>(
      em,
      `INSERT INTO loyalty_member_tier AS mt (member_id, tier_set_id, tier_id, since, qualifying_amount, below_since, evaluated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $4)
       ON CONFLICT (member_id, tier_set_id) DO UPDATE SET
         tier_id = EXCLUDED.tier_id,
         since = CASE WHEN mt.tier_id IS DISTINCT FROM EXCLUDED.tier_id THEN EXCLUDED.since ELSE mt.since END,
         qualifying_amount = EXCLUDED.qualifying_amount, below_since = EXCLUDED.below_since, evaluated_at = EXCLUDED.evaluated_at
       WHERE mt.tier_id IS NOT DISTINCT FROM $7::uuid AND mt.below_since IS NOT DISTINCT FROM $8::timestamptz
       RETURNING member_id AS "memberId"`,
      [c.member.id, c.set.id, c.decision.tierId, c.now, minorToDecimalString(c.total), c.decision.belowSince, c.state.tierId, c.state.belowSince],
    );
    if (!written || !changed) return null;
    const ref = (id: string | null) => {
      const t = id ? c.tiers.find((x) => x.id === id) : undefined;
      return t ? { id: t.id, code: t.code } : null;
    };
    const direction = c.decision.change as 'upgrade' | 'downgrade' | 'admin';
    await em.query(
      `INSERT INTO loyalty_tier_change (member_id, tier_set_id, from_tier_id, to_tier_id, reason, qualifying_amount, window_start, window_end, changed_at, odoo_status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending')`,
      [c.member.id, c.set.id, ref(c.state.tierId)?.id ?? null, c.decision.tierId, direction, minorToDecimalString(c.total), c.window.start, c.window.end, c.now],
    );
    const outcome: TierChangeOutcome = { tierSetId: c.set.id, tierSetCode: c.set.code, from: ref(c.state.tierId), to: ref(c.decision.tierId), direction };
    const ev: PendingEvent = {
      type: LoyaltyEventType.TierChanged, memberId: c.member.id,
      data: {
        memberId: c.member.id, odooPartnerId: c.member.odooPartnerId, tierSetId: c.set.id, tierSetCode: c.set.code,
        from: outcome.from, to: outcome.to, direction, qualifyingAmount: fromMinor(c.total), changedAt: c.now.toISOString(),
      },
    };
    await this.events.record(em, [ev]);
    return outcome;
  }

  /** The hourly job: every member with orders in a window or a tier (or grace period) is re-decided. */
  async evaluateAll(asOf = new Date()): Promise<{ tierSets: number; evaluated: number; upgrades: number; downgrades: number; gracePeriods: number }> {
    const totals = { tierSets: 0, evaluated: 0, upgrades: 0, downgrades: 0, gracePeriods: 0 };
    const sets = await this.activeSets(this.ds.manager);
    for (const set of sets) {
      const tiers = await this.tiersOf(this.ds.manager, set.id);
      if (!tiers.length) continue;
      totals.tierSets++;
      const window = tierWindow(asOf, set.windowDays);
      let after: string = '00000000-0000-0000-0000-000000000000';
      for (;;) {
        const ids = (await queryRows<{ id: string }>(
          this.ds.manager,
          `SELECT member_id AS id FROM (
             (SELECT DISTINCT member_id FROM loyalty_order
              WHERE member_id > $2 AND status <> 'processing' AND ordered_at > $3 AND ordered_at <= $4
                AND ($6::uuid IS NULL OR program_id = $6::uuid) ORDER BY member_id LIMIT $5)
             UNION
             (SELECT member_id FROM loyalty_member_tier
              WHERE tier_set_id = $1 AND member_id > $2 AND (tier_id IS NOT NULL OR below_since IS NOT NULL) ORDER BY member_id LIMIT $5)
           ) u ORDER BY member_id LIMIT $5`,
          [set.id, after, window.start, window.end, PAGE, set.primaryProgramId],
        )).map((r) => r.id);
        if (!ids.length) break;
        after = ids[ids.length - 1];
        const page = await this.evaluatePage(set, tiers, ids, window, asOf);
        totals.evaluated += ids.length;
        totals.upgrades += page.upgrades;
        totals.downgrades += page.downgrades;
        totals.gracePeriods += page.gracePeriods;
        if (ids.length < PAGE) break;
      }
    }
    if (totals.upgrades || totals.downgrades) this.events.poke();
    this.logger.log({ ...totals, asOf: asOf.toISOString() }, 'membership evaluation finished');
    return totals;
  }

  private async evaluatePage(set: TierSetRow, tiers: TierRow[], memberIds: string[], window: { start: Date; end: Date }, asOf: Date) {
    return inTransaction(this.ds, async (em) => {
      const rows = await queryRows<{ memberId: string; odooPartnerId: number | null; total: string; tierId: string | null; belowSince: Date | null }>(
        em,
        `SELECT m.id AS "memberId", m.odoo_partner_id AS "odooPartnerId", coalesce(t.total, 0) AS total, mt.tier_id AS "tierId", mt.below_since AS "belowSince"
         FROM loyalty_member m
         LEFT JOIN (SELECT member_id, sum(net_amount - refunded_amount) AS total FROM loyalty_order
                    WHERE member_id = ANY($2::uuid[]) AND status <> 'processing' AND ordered_at > $3 AND ordered_at <= $4
                      AND ($5::uuid IS NULL OR program_id = $5::uuid) GROUP BY member_id) t ON t.member_id = m.id
         LEFT JOIN loyalty_member_tier mt ON mt.member_id = m.id AND mt.tier_set_id = $1
         WHERE m.id = ANY($2::uuid[])`,
        [set.id, memberIds, window.start, window.end, set.primaryProgramId],
      );
      const out = { upgrades: 0, downgrades: 0, gracePeriods: 0 };
      for (const r of rows) {
        const state: MemberTierState = { tierId: r.tierId, belowSince: r.belowSince };
        const total = toMinor(r.total);
        const d = decideTier(set, tiers, state, total, asOf);
        const same = d.tierId === state.tierId && (d.belowSince?.getTime() ?? null) === (state.belowSince?.getTime() ?? null);
        if (same) continue;
        const change = await this.applyDecision(em, { set, tiers, member: { id: r.memberId, odooPartnerId: r.odooPartnerId }, state, decision: d, total, window, now: asOf });
        if (change?.direction === 'upgrade') out.upgrades++;
        else if (change?.direction === 'downgrade') out.downgrades++;
        else if (d.belowSince && !state.belowSince) out.gracePeriods++;
      }
      return out;
    });
  }

  /** An administrator puts a member in a tier (or none); the next evaluation applies the normal rules again. */
  async setTier(memberRef: string, tierSetId: string, tierId: string | null, now = new Date()): Promise<TierChangeOutcome | null> {
    const res = await inTransaction(this.ds, async (em) => {
      const member = await this.members.memberByRef(em, memberRef);
      const set = await queryOne<TierSetRow>(em, `SELECT ${SET_COLUMNS} FROM loyalty_tier_set WHERE id = $1`, [tierSetId]);
      if (!set) throw new TierSetNotFound(tierSetId);
      const tiers = await this.tiersOf(em, set.id);
      if (tierId && !tiers.some((t) => t.id === tierId)) throw new InvalidLoyaltyInput(`Tier ${tierId} is not in tier set ${set.code}`, { tierId: ['not in this tier set'] });
      await em.query(`INSERT INTO loyalty_member_tier (member_id, tier_set_id, evaluated_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [member.id, set.id, now]);
      const state = (await queryOne<MemberTierState>(
        em, `SELECT tier_id AS "tierId", below_since AS "belowSince" FROM loyalty_member_tier WHERE member_id = $1 AND tier_set_id = $2 FOR UPDATE`, [member.id, set.id],
      ))!;
      const window = tierWindow(now, set.windowDays);
      const total = await this.windowTotal(em, member.id, set, window);
      return this.applyDecision(em, { set, tiers, member, state, decision: { tierId, belowSince: null, change: 'admin' }, total, window, now });
    });
    if (res) this.events.poke();
    return res;
  }

  /** The member's standing in every active tier set, with the live window total and what the next tier needs. */
  async memberTiers(em: EntityManager, memberId: string, asOf = new Date()): Promise<MemberTierView[]> {
    const out: MemberTierView[] = [];
    for (const set of await this.activeSets(em)) {
      const tiers = await this.tiersOf(em, set.id);
      const window = tierWindow(asOf, set.windowDays);
      const total = await this.windowTotal(em, memberId, set, window);
      const st = await queryOne<{ tierId: string | null; since: Date | null; belowSince: Date | null }>(
        em, `SELECT tier_id AS "tierId", since, below_since AS "belowSince" FROM loyalty_member_tier WHERE member_id = $1 AND tier_set_id = $2`, [memberId, set.id],
      );
      const tier = st?.tierId ? tiers.find((t) => t.id === st.tierId) ?? null : null;
      const next = tiers.filter((t) => t.rank > (tier?.rank ?? 0)).sort((a, b) => a.rank - b.rank)[0];
      out.push({
        tierSetId: set.id, tierSetCode: set.code,
        tier: tier ? { id: tier.id, code: tier.code, name: tier.name, earnMultiplier: tier.earnMultiplier } : null,
        since: tier ? st?.since ?? null : null, qualifyingAmountMinor: total, window, belowSince: st?.belowSince ?? null,
        downgradeDueAt: st?.belowSince && set.downgradePolicy === 'after_days' && set.downgradeAfterDays
          ? new Date(st.belowSince.getTime() + set.downgradeAfterDays * 86_400_000) : null,
        next: next ? { code: next.code, name: next.name, thresholdMinor: next.thresholdMinor, missingMinor: Math.max(0, next.thresholdMinor - total) } : null,
      });
    }
    return out;
  }

  async history(memberId: string, limit: number, beforeId: string | null) {
    return queryRows<{
      id: string; tierSetCode: string; fromCode: string | null; toCode: string | null; reason: string; qualifyingAmount: string;
      windowStart: Date; windowEnd: Date; changedAt: Date; odooStatus: string;
    }>(
      this.ds.manager,
      `SELECT c.id::text AS id, s.code AS "tierSetCode", f.code AS "fromCode", t.code AS "toCode", c.reason, c.qualifying_amount AS "qualifyingAmount",
              c.window_start AS "windowStart", c.window_end AS "windowEnd", c.changed_at AS "changedAt", c.odoo_status AS "odooStatus"
       FROM loyalty_tier_change c JOIN loyalty_tier_set s ON s.id = c.tier_set_id
       LEFT JOIN loyalty_tier f ON f.id = c.from_tier_id LEFT JOIN loyalty_tier t ON t.id = c.to_tier_id
       WHERE c.member_id = $1 AND ($3::bigint IS NULL OR c.id < $3::bigint) ORDER BY c.id DESC LIMIT $2`,
      [memberId, limit, beforeId],
    );
  }
}
