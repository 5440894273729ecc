import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { newCardCode, newReferralCode } from '../domain/codes';
import { CardNotFound, InvalidLoyaltyInput, MemberBlocked, MemberNotFound, NoDefaultProgram, ProgramInactive, ProgramNotFound } from '../domain/loyalty.errors';
import { LoyaltyEventType } from '../loyalty.events';
import { queryOne, queryRows, UUID_RE } from '../persistence/sql';
import { LoyaltyEventsService } from './loyalty-events.service';

export interface CustomerIdentity {
  odooPartnerId?: number | null;
  externalRef?: string | null;
  name?: string | null;
  email?: string | null;
  phone?: string | null;
}

export interface MemberRow {
  id: string;
  odooPartnerId: number | null;
  externalRef: string | null;
  name: string | null;
  email: string | null;
  phone: string | null;
  referralCode: string;
  status: 'active' | 'blocked';
  enrolledAt: Date;
  firstOrderAt: Date | null;
  lastOrderAt: Date | null;
}

export interface ProgramRow {
  id: string;
  code: string;
  name: string;
  currency: string;
  pointsPerCurrencyUnit: string;
  minOrderAmount: string;
  pointValidityDays: number | null;
  redemptionValue: string;
  minRedeemPoints: number;
  maxRedeemRatio: string;
  excludedProductRefs: string[];
  excludedCategoryRefs: string[];
  referrerPoints: number;
  refereePoints: number;
  referralMinOrderAmount: string;
  isDefault: boolean;
  active: boolean;
  validFrom: Date | null;
  validTo: Date | null;
  odooProgramId: number | null;
}

const MEMBER_COLUMNS = `id, odoo_partner_id AS "odooPartnerId", external_ref AS "externalRef", name, email, phone, referral_code AS "referralCode",
  status, enrolled_at AS "enrolledAt", first_order_at AS "firstOrderAt", last_order_at AS "lastOrderAt"`;
export const PROGRAM_COLUMNS = `id, code, name, currency, points_per_currency_unit AS "pointsPerCurrencyUnit", min_order_amount AS "minOrderAmount",
  point_validity_days AS "pointValidityDays", redemption_value AS "redemptionValue", min_redeem_points AS "minRedeemPoints",
  max_redeem_ratio AS "maxRedeemRatio", excluded_product_refs AS "excludedProductRefs", excluded_category_refs AS "excludedCategoryRefs",
  referrer_points AS "referrerPoints", referee_points AS "refereePoints", referral_min_order_amount AS "referralMinOrderAmount",
  is_default AS "isDefault", active, valid_from AS "validFrom", valid_to AS "validTo", odoo_program_id AS "odooProgramId"`;

/**
 * Members and their cards. A member is found by Odoo partner id, then by external reference, and
 * created on first sight (an order, an Odoo partner poll, an enrolment); a card is created the
 * first time a member meets a program. Both creations are `ON CONFLICT` upserts, so concurrent
 * first orders of one customer converge on one member and one card.
 */
@Injectable()
export class MembersService {
  constructor(@InjectDataSource() private readonly ds: DataSource, private readonly events: LoyaltyEventsService) {}

  async findMember(em: EntityManager, who: CustomerIdentity): Promise<MemberRow | null> {
    if (who.odooPartnerId != null) {
      const m = await queryOne<MemberRow>(em, `SELECT ${MEMBER_COLUMNS} FROM loyalty_member WHERE odoo_partner_id = $1`, [who.odooPartnerId]);
      if (m) return m;
    }
    if (who.externalRef) return queryOne<MemberRow>(em, `SELECT ${MEMBER_COLUMNS} FROM loyalty_member WHERE external_ref = $1`, [who.externalRef]);
    return null;
  }

  /** Finds or creates the member; fills in identity fields it lacked (never overwriting another member's). */
  async resolveMember(em: EntityManager, who: CustomerIdentity): Promise<{ member: MemberRow; created: boolean }> {
    if (who.odooPartnerId == null && !who.externalRef) throw new InvalidLoyaltyInput('A customer needs an odooPartnerId or an externalRef', { customer: ['odooPartnerId or externalRef required'] });
    for (let attempt = 0; attempt < 3; attempt++) {
      const found = await this.findMember(em, who);
      if (found) return { member: await this.link(em, found, who), created: false };
      const inserted = await queryOne<MemberRow>(
        em,
        `INSERT INTO loyalty_member (odoo_partner_id, external_ref, name, email, phone, referral_code)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING ${MEMBER_COLUMNS}`,
        [who.odooPartnerId ?? null, who.externalRef ?? null, who.name ?? null, who.email ?? null, who.phone ?? null, newReferralCode()],
      );
      if (inserted) {
        await this.events.record(em, [{
          type: LoyaltyEventType.MemberEnrolled, memberId: inserted.id,
          data: { memberId: inserted.id, odooPartnerId: inserted.odooPartnerId, externalRef: inserted.externalRef, referralCode: inserted.referralCode },
        }]);
        return { member: inserted, created: true };
      }
      // Lost a race with another first sight of this customer (or, rarely, a referral code collision): look again.
    }
    throw new Error('could not create or find the member');
  }

  private async link(em: EntityManager, m: MemberRow, who: CustomerIdentity): Promise<MemberRow> {
    const setOdoo = m.odooPartnerId == null && who.odooPartnerId != null;
    const setRef = !m.externalRef && !!who.externalRef;
    const fill = (!m.name && who.name) || (!m.email && who.email) || (!m.phone && who.phone);
    if (!setOdoo && !setRef && !fill) return m;
    const taken = async (col: string, v: unknown) => !!(await queryOne(em, `SELECT 1 FROM loyalty_member WHERE ${col} = $1 AND id <> $2`, [v, m.id]));
    const odoo = setOdoo && !(await taken('odoo_partner_id', who.odooPartnerId)) ? who.odooPartnerId! : m.odooPartnerId;
    const ref = setRef && !(await taken('external_ref', who.externalRef)) ? who.externalRef! : m.externalRef;
    const row = await queryOne<MemberRow>(
      em,
      `UPDATE loyalty_member SET odoo_partner_id = $2, external_ref = $3, name = COALESCE(name, $4), email = COALESCE(email, $5),
         phone = COALESCE(phone, $6), updated_at = now() WHERE id = $1 RETURNING ${MEMBER_COLUMNS}`,
      [m.id, odoo, ref, who.name ?? null, who.email ?? null, who.phone ?? null],
    );
    return row ?? m;
  }

  assertActive(m: MemberRow): void {
    if (m.status !== 'active') throw new MemberBlocked(m.id);
  }

  /** The card of a member in a program, created if missing. */
  async ensureCard(em: EntityManager, memberId: string, programId: string): Promise<{ id: string; code: string; created: boolean }> {
    const inserted = await queryOne<{ id: string; code: string }>(
      em,
      `INSERT INTO loyalty_card (program_id, member_id, code) VALUES ($1, $2, $3)
       ON CONFLICT (program_id, member_id) DO NOTHING RETURNING id, code`,
      [programId, memberId, newCardCode()],
    );
    if (inserted) return { ...inserted, created: true };
    const row = await queryOne<{ id: string; code: string }>(em, `SELECT id, code FROM loyalty_card WHERE program_id = $1 AND member_id = $2`, [programId, memberId]);
    return { ...row!, created: false };
  }

  /** A program by code, or the default program when no code is given; must be active now. */
  async resolveProgram(em: EntityManager, code: string | null | undefined, at = new Date()): Promise<ProgramRow> {
    const p = code
      ? await queryOne<ProgramRow>(em, `SELECT ${PROGRAM_COLUMNS} FROM loyalty_program WHERE code = $1`, [code])
      : await queryOne<ProgramRow>(em, `SELECT ${PROGRAM_COLUMNS} FROM loyalty_program WHERE is_default`);
    if (!p) throw code ? new ProgramNotFound(code) : new NoDefaultProgram();
    if (!p.active || (p.validFrom && p.validFrom > at) || (p.validTo && p.validTo <= at)) throw new ProgramInactive(p.code);
    return p;
  }

  async programById(em: EntityManager, id: string): Promise<ProgramRow> {
    const p = await queryOne<ProgramRow>(em, `SELECT ${PROGRAM_COLUMNS} FROM loyalty_program WHERE id = $1`, [id]);
    if (!p) throw new ProgramNotFound(id);
    return p;
  }

  /** Card id from a card id (uuid) or a card code (what a till scans). */
  async resolveCardId(em: EntityManager, ref: string): Promise<string> {
    const row = UUID_RE.test(ref)
      ? await queryOne<{ id: string }>(em, `SELECT id FROM loyalty_card WHERE id = $1`, [ref])
      : await queryOne<{ id: string }>(em, `SELECT id FROM loyalty_card WHERE code = $1`, [ref.trim().toUpperCase()]);
    if (!row) throw new CardNotFound(ref);
    return row.id;
  }

  async memberByRef(em: EntityManager, ref: string): Promise<MemberRow> {
    let m: MemberRow | null = null;
    if (UUID_RE.test(ref)) m = await queryOne<MemberRow>(em, `SELECT ${MEMBER_COLUMNS} FROM loyalty_member WHERE id = $1`, [ref]);
    else if (/^odoo:\d{1,10}$/.test(ref)) m = await this.findMember(em, { odooPartnerId: Number(ref.slice(5)) });
    else m = await this.findMember(em, { externalRef: ref });
    if (!m) throw new MemberNotFound(ref);
    return m;
  }

  async cardsOf(em: EntityManager, memberId: string): Promise<Array<{ id: string; code: string; programId: string; programCode: string; balance: number; status: string }>> {
    return queryRows(
      em,
      `SELECT c.id, c.code, c.program_id AS "programId", p.code AS "programCode", c.balance, c.status
       FROM loyalty_card c JOIN loyalty_program p ON p.id = c.program_id WHERE c.member_id = $1 ORDER BY p.code`,
      [memberId],
    );
  }

  async setStatus(ref: string, status: 'active' | 'blocked'): Promise<MemberRow> {
    return this.ds.transaction(async (em) => {
      const m = await this.memberByRef(em, ref);
      await em.query(`UPDATE loyalty_member SET status = $2, updated_at = now() WHERE id = $1`, [m.id, status]);
      return { ...m, status };
    });
  }

  get dataSource(): DataSource {
    return this.ds;
  }
}
