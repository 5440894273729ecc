import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { NotFound } from '../../../infrastructure/errors';
import { DuplicateCode, InvalidLoyaltyInput, ProgramNotFound, TierSetNotFound } from '../domain/loyalty.errors';
import type { DowngradePolicy } from '../domain/tiers';
import { LoyaltyProgram } from '../persistence/program.entity';
import { pgCode } from '../persistence/sql';
import { LoyaltyTier, LoyaltyTierSet } from '../persistence/tier.entity';

export interface TierInput { code: string; name: string; rank?: number; thresholdAmount: number; earnMultiplier?: number; odooMembershipProductId?: number | null }
export interface TierSetInput {
  code?: string; name?: string; primaryProgramCode?: string | null; windowDays?: number; downgradePolicy?: DowngradePolicy;
  downgradeAfterDays?: number | null; active?: boolean;
}

/** Tier set administration: the ladder, its window, its downgrade policy, the Odoo membership product per tier. */
@Injectable()
export class TierSetsAdminService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @InjectRepository(LoyaltyTierSet) private readonly sets: Repository<LoyaltyTierSet>,
    @InjectRepository(LoyaltyTier) private readonly tiers: Repository<LoyaltyTier>,
    @InjectRepository(LoyaltyProgram) private readonly programs: Repository<LoyaltyProgram>,
  ) {}

  private async programId(code: string | null | undefined): Promise<string | null | undefined> {
    if (code === undefined || code === null) return code;
    const p = await this.programs.findOneBy({ code: code.toUpperCase() });
    if (!p) throw new ProgramNotFound(code);
    return p.id;
  }

  private checkPolicy(s: LoyaltyTierSet): void {
    if (s.downgradePolicy === 'after_days' && !(s.downgradeAfterDays && s.downgradeAfterDays > 0))
      throw new InvalidLoyaltyInput('downgradePolicy after_days needs downgradeAfterDays', { downgradeAfterDays: ['required for after_days'] });
    if (s.downgradePolicy !== 'after_days') s.downgradeAfterDays = null;
  }

  private checkLadder(tiers: Array<{ code: string; rank: number; thresholdAmount: number }>): void {
    const sorted = [...tiers].sort((a, b) => a.rank - b.rank);
    if (new Set(tiers.map((t) => t.code.toUpperCase())).size !== tiers.length) throw new InvalidLoyaltyInput('Tier codes must be unique', { tiers: ['duplicate code'] });
    if (new Set(tiers.map((t) => t.rank)).size !== tiers.length) throw new InvalidLoyaltyInput('Tier ranks must be unique', { tiers: ['duplicate rank'] });
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i].thresholdAmount <= sorted[i - 1].thresholdAmount)
        throw new InvalidLoyaltyInput('A higher tier needs a higher threshold', { tiers: [`${sorted[i].code} must need more than ${sorted[i - 1].code}`] });
    }
  }

  async create(i: TierSetInput & { code: string; name: string; windowDays: number; downgradePolicy: DowngradePolicy; tiers: TierInput[] }) {
    const ranked = i.tiers.map((t, k) => ({ ...t, rank: t.rank ?? k + 1 }));
    this.checkLadder(ranked);
    const set = this.sets.create({
      code: i.code.toUpperCase(), name: i.name, primaryProgramId: (await this.programId(i.primaryProgramCode)) ?? null, windowDays: i.windowDays,
      downgradePolicy: i.downgradePolicy, downgradeAfterDays: i.downgradeAfterDays ?? null, active: i.active ?? true,
    });
    this.checkPolicy(set);
    try {
      return await this.ds.transaction(async (em) => {
        const saved = await em.save(LoyaltyTierSet, set);
        const tiers = await em.save(LoyaltyTier, ranked.map((t) => em.create(LoyaltyTier, {
          tierSetId: saved.id, code: t.code.toUpperCase(), name: t.name, rank: t.rank, thresholdAmount: String(t.thresholdAmount),
          earnMultiplier: String(t.earnMultiplier ?? 1), odooMembershipProductId: t.odooMembershipProductId ?? null,
        })));
        return { set: saved, tiers };
      });
    } catch (err) {
      if (pgCode(err) === '23505') throw new DuplicateCode('Tier set', set.code);
      throw err;
    }
  }

  list(): Promise<LoyaltyTierSet[]> {
    return this.sets.find({ order: { code: 'ASC' } });
  }

  async get(ref: string): Promise<{ set: LoyaltyTierSet; tiers: LoyaltyTier[] }> {
    const set = /^[0-9a-f-]{36}$/i.test(ref) ? await this.sets.findOneBy({ id: ref }) : await this.sets.findOneBy({ code: ref.toUpperCase() });
    if (!set) throw new TierSetNotFound(ref);
    return { set, tiers: await this.tiers.find({ where: { tierSetId: set.id }, order: { rank: 'ASC' } }) };
  }

  async update(ref: string, i: TierSetInput) {
    const { set } = await this.get(ref);
    if (i.name !== undefined) set.name = i.name;
    if (i.primaryProgramCode !== undefined) set.primaryProgramId = (await this.programId(i.primaryProgramCode)) ?? null;
    if (i.windowDays !== undefined) set.windowDays = i.windowDays;
    if (i.downgradePolicy !== undefined) set.downgradePolicy = i.downgradePolicy;
    if (i.downgradeAfterDays !== undefined) set.downgradeAfterDays = i.downgradeAfterDays;
    if (i.active !== undefined) set.active = i.active;
    this.checkPolicy(set);
    await this.sets.save(set);
    return this.get(set.id);
  }

  async upsertTier(ref: string, tierCode: string, i: Omit<TierInput, 'code'>) {
    const { set, tiers } = await this.get(ref);
    const code = tierCode.toUpperCase();
    const existing = tiers.find((t) => t.code === code);
    const next = tiers.filter((t) => t.code !== code).map((t) => ({ code: t.code, rank: t.rank, thresholdAmount: Number(t.thresholdAmount) }));
    next.push({ code, rank: i.rank ?? existing?.rank ?? Math.max(0, ...tiers.map((t) => t.rank)) + 1, thresholdAmount: i.thresholdAmount });
    this.checkLadder(next);
    const row = existing ?? this.tiers.create({ tierSetId: set.id, code });
    Object.assign(row, {
      name: i.name, rank: next[next.length - 1].rank, thresholdAmount: String(i.thresholdAmount), earnMultiplier: String(i.earnMultiplier ?? 1),
      odooMembershipProductId: i.odooMembershipProductId ?? null,
    });
    await this.tiers.save(row);
    return this.get(set.id);
  }

  async removeTier(ref: string, tierCode: string) {
    const { set, tiers } = await this.get(ref);
    const t = tiers.find((x) => x.code === tierCode.toUpperCase());
    if (!t) throw new NotFound(`Tier ${tierCode} not found in ${set.code}`, 'LOYALTY.TIER_NOT_FOUND');
    // Members in the removed tier fall to "no tier" (FK SET NULL); the next evaluation places them again.
    await this.tiers.delete({ id: t.id });
    return this.get(set.id);
  }
}
