import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { stringify } from 'csv-stringify/sync';
import { DataSource } from 'typeorm';
import { InvalidLoyaltyInput } from '../domain/loyalty.errors';

export type ReportPeriod = 'day' | 'week' | 'month' | 'total';
export interface ReportQuery { from: Date; to: Date; period: ReportPeriod; programCode?: string | null }
export interface Report<T> { report: string; from: string; to: string; period: ReportPeriod; rows: T[] }

export interface SummaryRow {
  programCode: string; period: string; pointsEarned: number; pointsRedeemed: number; pointsExpired: number; pointsAdjusted: number; pointsReversed: number;
  orders: number; revenue: number; discounts: number; refunded: number; activeMembers: number; newCards: number; outstandingPoints: number; cards: number;
}
export interface PromotionRow {
  programCode: string; promoCode: string; promoName: string; period: string; uses: number; reversedUses: number; members: number;
  discount: number; discountReversed: number; bonusPoints: number; revenue: number;
}
export interface ReferralRow {
  referralCode: string; memberId: string; memberName: string | null; referrals: number; rewarded: number; pending: number; reversed: number;
  referrerPoints: number; refereePoints: number; refereeRevenue: number;
}

const MAX_RANGE_DAYS = 3700;
const MAX_ROWS = 50_000;

/**
 * Reports over a period [from, to), optionally bucketed by day/week/month (UTC) and filtered by
 * program: the loyalty summary (points by kind, orders, revenue, liability), promotion results per
 * code and referral results per referrer. All set-based SQL; rendered as JSON or CSV.
 */
@Injectable()
export class ReportsService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  private check(q: ReportQuery): void {
    if (q.from >= q.to) throw new InvalidLoyaltyInput('from must be before to', { to: ['must be after from'] });
    if (q.to.getTime() - q.from.getTime() > MAX_RANGE_DAYS * 86_400_000) throw new InvalidLoyaltyInput('The period is too long', { from: [`at most ${MAX_RANGE_DAYS} days`] });
  }

  /** SQL for the period bucket of a timestamp column ($1 = from for the single "total" bucket). */
  private bucket(col: string, period: ReportPeriod): string {
    return period === 'total' ? `$1::timestamptz` : `(date_trunc('${period}', ${col} AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')`;
  }

  async summary(q: ReportQuery): Promise<Report<SummaryRow>> {
    this.check(q);
    const rows = await this.ds.query(
      `WITH mv AS (
         SELECT c.program_id, ${this.bucket('m.created_at', q.period)} AS period,
           coalesce(sum(m.points) FILTER (WHERE m.kind = 'earn'), 0) AS earned, coalesce(-sum(m.points) FILTER (WHERE m.kind = 'redeem'), 0) AS redeemed,
           coalesce(-sum(m.points) FILTER (WHERE m.kind = 'expire'), 0) AS expired, coalesce(sum(m.points) FILTER (WHERE m.kind = 'adjust'), 0) AS adjusted,
           coalesce(sum(m.points) FILTER (WHERE m.kind = 'reverse'), 0) AS reversed
         FROM loyalty_point_move m JOIN loyalty_card c ON c.id = m.card_id
         WHERE m.created_at >= $1 AND m.created_at < $2 GROUP BY 1, 2
       ), ord AS (
         SELECT program_id, ${this.bucket('ordered_at', q.period)} AS period, count(*) AS orders, sum(net_amount) AS revenue, sum(discount_amount) AS discounts,
           sum(refunded_amount) AS refunded, count(DISTINCT member_id) AS members
         FROM loyalty_order WHERE status <> 'processing' AND ordered_at >= $1 AND ordered_at < $2 GROUP BY 1, 2
       ), nc AS (
         SELECT program_id, ${this.bucket('created_at', q.period)} AS period, count(*) AS new_cards
         FROM loyalty_card WHERE created_at >= $1 AND created_at < $2 GROUP BY 1, 2
       ), keys AS (SELECT program_id, period FROM mv UNION SELECT program_id, period FROM ord UNION SELECT program_id, period FROM nc),
       liab AS (SELECT program_id, sum(balance) AS outstanding, count(*) AS cards FROM loyalty_card GROUP BY 1)
       SELECT p.code AS "programCode", k.period, coalesce(mv.earned, 0) AS earned, coalesce(mv.redeemed, 0) AS redeemed, coalesce(mv.expired, 0) AS expired,
         coalesce(mv.adjusted, 0) AS adjusted, coalesce(mv.reversed, 0) AS reversed, coalesce(ord.orders, 0) AS orders, coalesce(ord.revenue, 0) AS revenue,
         coalesce(ord.discounts, 0) AS discounts, coalesce(ord.refunded, 0) AS refunded, coalesce(ord.members, 0) AS members,
         coalesce(nc.new_cards, 0) AS new_cards, coalesce(liab.outstanding, 0) AS outstanding, coalesce(liab.cards, 0) AS cards
       FROM keys k JOIN loyalty_program p ON p.id = k.program_id
       LEFT JOIN mv ON mv.program_id = k.program_id AND mv.period = k.period
       LEFT JOIN ord ON ord.program_id = k.program_id AND ord.period = k.period
       LEFT JOIN nc ON nc.program_id = k.program_id AND nc.period = k.period
       LEFT JOIN liab ON liab.program_id = k.program_id
       WHERE $3::text IS NULL OR p.code = $3
       ORDER BY p.code, k.period LIMIT ${MAX_ROWS}`,
      [q.from, q.to, q.programCode ?? null],
    );
    return this.wrap('summary', q, rows.map((r: Record<string, unknown>) => ({
      programCode: r.programCode, period: (r.period as Date).toISOString(), pointsEarned: Number(r.earned), pointsRedeemed: Number(r.redeemed),
      pointsExpired: Number(r.expired), pointsAdjusted: Number(r.adjusted), pointsReversed: Number(r.reversed), orders: Number(r.orders),
      revenue: Number(r.revenue), discounts: Number(r.discounts), refunded: Number(r.refunded), activeMembers: Number(r.members),
      newCards: Number(r.new_cards), outstandingPoints: Number(r.outstanding), cards: Number(r.cards),
    } as SummaryRow)));
  }

  async promotions(q: ReportQuery): Promise<Report<PromotionRow>> {
    this.check(q);
    const rows = await this.ds.query(
      `SELECT p.code AS "programCode", pc.code AS "promoCode", pc.name AS "promoName", ${this.bucket('r.created_at', q.period)} AS period,
         count(*) FILTER (WHERE r.status = 'applied') AS uses, count(*) FILTER (WHERE r.status = 'reversed') AS reversed_uses,
         count(DISTINCT r.member_id) AS members, sum(r.discount_amount) AS discount, sum(r.discount_reversed) AS discount_reversed,
         sum(r.bonus_points) AS bonus_points, sum(r.order_net_amount) AS revenue
       FROM loyalty_promo_redemption r JOIN loyalty_promo_code pc ON pc.id = r.promo_code_id JOIN loyalty_program p ON p.id = r.program_id
       WHERE r.created_at >= $1 AND r.created_at < $2 AND ($3::text IS NULL OR p.code = $3)
       GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 4 LIMIT ${MAX_ROWS}`,
      [q.from, q.to, q.programCode ?? null],
    );
    return this.wrap('promotions', q, rows.map((r: Record<string, unknown>) => ({
      programCode: r.programCode, promoCode: r.promoCode, promoName: r.promoName, period: (r.period as Date).toISOString(), uses: Number(r.uses),
      reversedUses: Number(r.reversed_uses), members: Number(r.members), discount: Number(r.discount), discountReversed: Number(r.discount_reversed),
      bonusPoints: Number(r.bonus_points), revenue: Number(r.revenue),
    } as PromotionRow)));
  }

  async referrals(q: ReportQuery): Promise<Report<ReferralRow>> {
    this.check(q);
    const rows = await this.ds.query(
      `SELECT m.referral_code AS code, m.id AS "memberId", m.name,
         count(*) AS referrals, count(*) FILTER (WHERE r.status = 'rewarded') AS rewarded, count(*) FILTER (WHERE r.status = 'pending') AS pending,
         count(*) FILTER (WHERE r.status = 'reversed') AS reversed,
         coalesce(sum(r.referrer_points) FILTER (WHERE r.status = 'rewarded'), 0) AS referrer_points,
         coalesce(sum(r.referee_points) FILTER (WHERE r.status = 'rewarded'), 0) AS referee_points,
         coalesce((SELECT sum(o.net_amount - o.refunded_amount) FROM loyalty_order o
                   WHERE o.member_id = ANY (array_agg(r.referee_member_id)) AND o.status <> 'processing' AND o.ordered_at >= $1 AND o.ordered_at < $2), 0) AS revenue
       FROM loyalty_referral r JOIN loyalty_member m ON m.id = r.referrer_member_id
       LEFT JOIN loyalty_program p ON p.id = r.program_id
       WHERE r.created_at >= $1 AND r.created_at < $2 AND ($3::text IS NULL OR p.code = $3)
       GROUP BY m.id ORDER BY referrals DESC, code LIMIT ${MAX_ROWS}`,
      [q.from, q.to, q.programCode ?? null],
    );
    return this.wrap('referrals', { ...q, period: 'total' }, rows.map((r: Record<string, unknown>) => ({
      referralCode: r.code, memberId: r.memberId, memberName: r.name, referrals: Number(r.referrals), rewarded: Number(r.rewarded), pending: Number(r.pending),
      reversed: Number(r.reversed), referrerPoints: Number(r.referrer_points), refereePoints: Number(r.referee_points), refereeRevenue: Number(r.revenue),
    } as ReferralRow)));
  }

  private wrap<T>(report: string, q: ReportQuery, rows: T[]): Report<T> {
    return { report, from: q.from.toISOString(), to: q.to.toISOString(), period: q.period, rows };
  }

  /** CSV with a header row, even when empty (the columns are the row type's keys). */
  toCsv<T extends object>(report: Report<T>, columns: Array<keyof T & string>): string {
    return stringify(report.rows as unknown as Record<string, unknown>[], { header: true, columns });
  }
}
