import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { pgCode, queryOne, queryRows } from '../persistence/sql';
import { normalizeCode } from '../domain/codes';
import { DuplicateCode, InvalidLoyaltyInput, ProgramNotFound, PromoCodeRejected } from '../domain/loyalty.errors';
import { allocateProportionally, minorToDecimalString, toMinor, type Minor } from '../domain/money';
import type { PromoTerms } from '../domain/pricing';
import { NotFound } from '../../../infrastructure/errors';

export interface PromoRow {
  id: string;
  code: string;
  programId: string | null;
  name: string;
  discountType: 'percent' | 'fixed' | 'points';
  discountValue: string;
  maxDiscount: string | null;
  bonusPoints: number;
  minOrderAmount: string;
  productRefs: string[];
  categoryRefs: string[];
  validFrom: Date | null;
  validTo: Date | null;
  maxUses: number | null;
  maxUsesPerMember: number | null;
  usesCount: number;
  active: boolean;
  createdAt: Date;
}

export interface PromoInput {
  code?: string;
  programCode?: string | null;
  name?: string;
  discountType?: 'percent' | 'fixed' | 'points';
  discountValue?: number;
  maxDiscount?: number | null;
  bonusPoints?: number;
  minOrderAmount?: number;
  productRefs?: string[];
  categoryRefs?: string[];
  validFrom?: Date | null;
  validTo?: Date | null;
  maxUses?: number | null;
  maxUsesPerMember?: number | null;
  active?: boolean;
}

const COLUMNS = `id, code, program_id AS "programId", name, discount_type AS "discountType", discount_value AS "discountValue",
  max_discount AS "maxDiscount", bonus_points AS "bonusPoints", min_order_amount AS "minOrderAmount", product_refs AS "productRefs",
  category_refs AS "categoryRefs", valid_from AS "validFrom", valid_to AS "validTo", max_uses AS "maxUses",
  max_uses_per_member AS "maxUsesPerMember", uses_count AS "usesCount", active, created_at AS "createdAt"`;

export function promoTerms(p: PromoRow): PromoTerms {
  return {
    code: p.code, programId: p.programId, discountType: p.discountType,
    discountValue: p.discountType === 'fixed' ? toMinor(p.discountValue) : Number(p.discountValue),
    maxDiscountMinor: p.maxDiscount === null ? null : toMinor(p.maxDiscount), bonusPoints: p.bonusPoints,
    minOrderAmountMinor: toMinor(p.minOrderAmount), productRefs: p.productRefs, categoryRefs: p.categoryRefs,
    validFrom: p.validFrom, validTo: p.validTo, active: p.active, maxUses: p.maxUses, usesCount: p.usesCount, maxUsesPerMember: p.maxUsesPerMember,
  };
}

/**
 * Promo codes with validity windows and usage limits per code and per member. A use is counted
 * with conditional updates (`uses_count < max_uses`, an upsert guarded by `uses < max_per_member`)
 * in the order's transaction, so concurrent orders can never exceed a limit; a full refund gives
 * the use back.
 */
@Injectable()
export class PromoCodesService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async forOrder(em: EntityManager, codes: string[]): Promise<PromoRow[]> {
    const wanted = [...new Set(codes.map(normalizeCode))];
    if (!wanted.length) return [];
    const rows = await queryRows<PromoRow>(em, `SELECT ${COLUMNS} FROM loyalty_promo_code WHERE code = ANY($1::text[])`, [wanted]);
    for (const c of wanted) if (!rows.some((r) => r.code === c)) throw new PromoCodeRejected(c, 'unknown');
    return wanted.map((c) => rows.find((r) => r.code === c)!);
  }

  async memberUses(em: EntityManager, promoId: string, memberId: string): Promise<number> {
    const row = await queryOne<{ uses: number }>(em, `SELECT uses FROM loyalty_promo_member_usage WHERE promo_code_id = $1 AND member_id = $2`, [promoId, memberId]);
    return row?.uses ?? 0;
  }

  /** Counts one use, atomically within both limits, or refuses. */
  async recordUse(em: EntityManager, promo: PromoRow, memberId: string): Promise<void> {
    const counted = await queryOne(
      em,
      `UPDATE loyalty_promo_code SET uses_count = uses_count + 1, updated_at = now()
       WHERE id = $1 AND (max_uses IS NULL OR uses_count < max_uses) RETURNING uses_count`,
      [promo.id],
    );
    if (!counted) throw new PromoCodeRejected(promo.code, 'usage_limit');
    const mine = await queryOne(
      em,
      `INSERT INTO loyalty_promo_member_usage AS u (promo_code_id, member_id, uses) VALUES ($1, $2, 1)
       ON CONFLICT (promo_code_id, member_id) DO UPDATE SET uses = u.uses + 1
       WHERE $3::int IS NULL OR u.uses < $3::int
       RETURNING uses`,
      [promo.id, memberId, promo.maxUsesPerMember],
    );
    if (!mine) throw new PromoCodeRejected(promo.code, 'member_limit');
  }

  async recordRedemptions(
    em: EntityManager,
    rows: Array<{ promoId: string; orderId: string; memberId: string; programId: string; discountMinor: Minor; bonusPoints: number; orderNetMinor: Minor }>,
  ): Promise<void> {
    if (!rows.length) return;
    await em.query(
      `INSERT INTO loyalty_promo_redemption (promo_code_id, order_id, member_id, program_id, discount_amount, bonus_points, order_net_amount)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::numeric[], $6::int[], $7::numeric[])`,
      [
        rows.map((r) => r.promoId), rows.map((r) => r.orderId), rows.map((r) => r.memberId), rows.map((r) => r.programId),
        rows.map((r) => minorToDecimalString(r.discountMinor)), rows.map((r) => r.bonusPoints), rows.map((r) => minorToDecimalString(r.orderNetMinor)),
      ],
    );
  }

  /** A refund reverses part of the order's promo discounts (spread over its codes by discount) and, when full, gives the uses back. */
  async reverseForRefund(em: EntityManager, orderId: string, discountReversedMinor: Minor, full: boolean): Promise<string[]> {
    const reds = await queryRows<{ id: string; promoId: string; memberId: string; code: string; discount: string; reversed: string }>(
      em,
      `SELECT r.id, r.promo_code_id AS "promoId", r.member_id AS "memberId", p.code, r.discount_amount AS discount, r.discount_reversed AS reversed
       FROM loyalty_promo_redemption r JOIN loyalty_promo_code p ON p.id = r.promo_code_id
       WHERE r.order_id = $1 AND r.status = 'applied' ORDER BY r.id FOR UPDATE OF r`,
      [orderId],
    );
    if (!reds.length) return [];
    const left = reds.map((r) => toMinor(r.discount) - toMinor(r.reversed));
    const parts = full ? left : allocateProportionally(Math.min(discountReversedMinor, left.reduce((a, b) => a + b, 0)), left);
    for (const [i, r] of reds.entries()) {
      await em.query(
        `UPDATE loyalty_promo_redemption SET discount_reversed = discount_reversed + $2,
           status = CASE WHEN $3 THEN 'reversed' ELSE status END, reversed_at = CASE WHEN $3 THEN now() ELSE reversed_at END
         WHERE id = $1`,
        [r.id, minorToDecimalString(parts[i]), full],
      );
      if (full) {
        await em.query(`UPDATE loyalty_promo_code SET uses_count = GREATEST(uses_count - 1, 0), updated_at = now() WHERE id = $1`, [r.promoId]);
        await em.query(`UPDATE loyalty_promo_member_usage SET uses = GREATEST(uses - 1, 0) WHERE promo_code_id = $1 AND member_id = $2`, [r.promoId, r.memberId]);
      }
    }
    return reds.map((r) => r.code);
  }

  // --- administration ---

  private async programIdOf(em: EntityManager, code: string | null | undefined): Promise<string | null | undefined> {
    if (code === undefined) return undefined;
    if (code === null) return null;
    const p = await queryOne<{ id: string }>(em, `SELECT id FROM loyalty_program WHERE code = $1`, [code]);
    if (!p) throw new ProgramNotFound(code);
    return p.id;
  }

  private validate(p: Partial<PromoInput> & { discountType: string; discountValue: number }): void {
    if (p.discountType === 'percent' && (p.discountValue <= 0 || p.discountValue > 100))
      throw new InvalidLoyaltyInput('A percent discount must be between 0 and 100', { discountValue: ['must be > 0 and <= 100'] });
    if (p.discountType === 'fixed' && p.discountValue <= 0) throw new InvalidLoyaltyInput('A fixed discount must be positive', { discountValue: ['must be > 0'] });
    if (p.discountType === 'points' && !(p.bonusPoints && p.bonusPoints > 0))
      throw new InvalidLoyaltyInput('A points promo needs bonusPoints', { bonusPoints: ['must be > 0 for discountType points'] });
    if (p.validFrom && p.validTo && p.validFrom >= p.validTo) throw new InvalidLoyaltyInput('validFrom must be before validTo', { validTo: ['must be after validFrom'] });
  }

  async create(input: PromoInput & { code: string; name: string; discountType: 'percent' | 'fixed' | 'points' }): Promise<PromoRow> {
    this.validate({ ...input, discountValue: input.discountValue ?? 0 });
    return this.ds.transaction(async (em) => {
      const programId = (await this.programIdOf(em, input.programCode)) ?? null;
      try {
        return (await queryOne<PromoRow>(
          em,
          `INSERT INTO loyalty_promo_code (code, program_id, name, discount_type, discount_value, max_discount, bonus_points, min_order_amount,
             product_refs, category_refs, valid_from, valid_to, max_uses, max_uses_per_member, active)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15) RETURNING ${COLUMNS}`,
          [
            normalizeCode(input.code), programId, input.name, input.discountType, input.discountValue ?? 0, input.maxDiscount ?? null, input.bonusPoints ?? 0,
            input.minOrderAmount ?? 0, input.productRefs ?? [], input.categoryRefs ?? [], input.validFrom ?? null, input.validTo ?? null,
            input.maxUses ?? null, input.maxUsesPerMember ?? null, input.active ?? true,
          ],
        ))!;
      } catch (err) {
        if (pgCode(err) === '23505') throw new DuplicateCode('Promo code', normalizeCode(input.code));
        throw err;
      }
    });
  }

  async list(filter: { active?: boolean; programCode?: string; limit: number; offset: number }): Promise<{ items: PromoRow[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.active !== undefined) where.push(`active = $${params.push(filter.active)}`);
    if (filter.programCode) where.push(`program_id = (SELECT id FROM loyalty_program WHERE code = $${params.push(filter.programCode)})`);
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const items = await queryRows<PromoRow>(this.ds.manager, `SELECT ${COLUMNS} FROM loyalty_promo_code ${w} ORDER BY created_at DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`, [...params, filter.limit, filter.offset]);
    const total = await queryOne<{ n: number }>(this.ds.manager, `SELECT count(*)::int AS n FROM loyalty_promo_code ${w}`, params);
    return { items, total: total!.n };
  }

  async get(ref: string): Promise<PromoRow> {
    const row = /^[0-9a-f-]{36}$/i.test(ref)
      ? await queryOne<PromoRow>(this.ds.manager, `SELECT ${COLUMNS} FROM loyalty_promo_code WHERE id = $1`, [ref])
      : await queryOne<PromoRow>(this.ds.manager, `SELECT ${COLUMNS} FROM loyalty_promo_code WHERE code = $1`, [normalizeCode(ref)]);
    if (!row) throw new NotFound(`Promo code ${ref} not found`, 'LOYALTY.PROMO_CODE_NOT_FOUND');
    return row;
  }

  async update(ref: string, patch: PromoInput): Promise<PromoRow> {
    const cur = await this.get(ref);
    const merged = {
      discountType: patch.discountType ?? cur.discountType,
      discountValue: patch.discountValue ?? Number(cur.discountValue),
      bonusPoints: patch.bonusPoints ?? cur.bonusPoints,
      validFrom: patch.validFrom !== undefined ? patch.validFrom : cur.validFrom,
      validTo: patch.validTo !== undefined ? patch.validTo : cur.validTo,
    };
    this.validate(merged);
    if (patch.maxUses != null && patch.maxUses < cur.usesCount)
      throw new InvalidLoyaltyInput(`maxUses cannot be below the ${cur.usesCount} uses already counted`, { maxUses: [`must be >= ${cur.usesCount}`] });
    return this.ds.transaction(async (em) => {
      const programId = await this.programIdOf(em, patch.programCode);
      const set = (col: string, v: unknown) => (v === undefined ? `${col} = ${col}` : `${col} = $${params.push(v)}`);
      const params: unknown[] = [cur.id];
      const sql = `UPDATE loyalty_promo_code SET ${[
        set('program_id', programId), set('name', patch.name), set('discount_type', patch.discountType), set('discount_value', patch.discountValue),
        set('max_discount', patch.maxDiscount), set('bonus_points', patch.bonusPoints), set('min_order_amount', patch.minOrderAmount),
        set('product_refs', patch.productRefs), set('category_refs', patch.categoryRefs), set('valid_from', patch.validFrom), set('valid_to', patch.validTo),
        set('max_uses', patch.maxUses), set('max_uses_per_member', patch.maxUsesPerMember), set('active', patch.active),
      ].join(', ')}, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`;
      return (await queryOne<PromoRow>(em, sql, params))!;
    });
  }
}
