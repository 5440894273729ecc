import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { NotFound } from '../../../infrastructure/errors';
import { DuplicateCode, InvalidLoyaltyInput, ProgramNotFound } from '../domain/loyalty.errors';
import { LoyaltyProgram, LoyaltyProgramRule, LoyaltyReward } from '../persistence/program.entity';
import { pgCode } from '../persistence/sql';

export interface ProgramInput {
  code?: string; name?: string; currency?: string; pointsPerCurrencyUnit?: number; minOrderAmount?: number; pointValidityDays?: number | null;
  redemptionValue?: number; minRedeemPoints?: number; maxRedeemRatio?: number; excludedProductRefs?: string[]; excludedCategoryRefs?: string[];
  referrerPoints?: number; refereePoints?: number; referralMinOrderAmount?: number; isDefault?: boolean; active?: boolean;
  validFrom?: Date | null; validTo?: Date | null; odooProgramId?: number | null;
}
export interface RuleInput {
  name: string; scope: 'order' | 'product' | 'category'; productRefs?: string[]; categoryRefs?: string[]; mode: 'money' | 'unit' | 'order';
  points: number; minimumAmount?: number; minimumQty?: number; active?: boolean; validFrom?: Date | null; validTo?: Date | null;
}
export interface RewardInput {
  name: string; rewardType: 'fixed_discount' | 'percent_discount' | 'free_product'; requiredPoints: number; discountAmount?: number;
  discountPercent?: number; maxDiscount?: number | null; productRef?: string | null; active?: boolean;
}

const str = (n: number | undefined | null) => (n === undefined || n === null ? undefined : String(n));

/** Program administration: programs, their earning rules and their rewards. */
@Injectable()
export class ProgramsAdminService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @InjectRepository(LoyaltyProgram) private readonly programs: Repository<LoyaltyProgram>,
    @InjectRepository(LoyaltyProgramRule) private readonly rules: Repository<LoyaltyProgramRule>,
    @InjectRepository(LoyaltyReward) private readonly rewards: Repository<LoyaltyReward>,
  ) {}

  private assign(p: LoyaltyProgram, i: ProgramInput): void {
    if (i.name !== undefined) p.name = i.name;
    if (i.currency !== undefined) p.currency = i.currency.toUpperCase();
    if (i.pointsPerCurrencyUnit !== undefined) p.pointsPerCurrencyUnit = String(i.pointsPerCurrencyUnit);
    if (i.minOrderAmount !== undefined) p.minOrderAmount = String(i.minOrderAmount);
    if (i.pointValidityDays !== undefined) p.pointValidityDays = i.pointValidityDays;
    if (i.redemptionValue !== undefined) p.redemptionValue = String(i.redemptionValue);
    if (i.minRedeemPoints !== undefined) p.minRedeemPoints = i.minRedeemPoints;
    if (i.maxRedeemRatio !== undefined) p.maxRedeemRatio = String(i.maxRedeemRatio);
    if (i.excludedProductRefs !== undefined) p.excludedProductRefs = i.excludedProductRefs;
    if (i.excludedCategoryRefs !== undefined) p.excludedCategoryRefs = i.excludedCategoryRefs;
    if (i.referrerPoints !== undefined) p.referrerPoints = i.referrerPoints;
    if (i.refereePoints !== undefined) p.refereePoints = i.refereePoints;
    if (i.referralMinOrderAmount !== undefined) p.referralMinOrderAmount = String(i.referralMinOrderAmount);
    if (i.isDefault !== undefined) p.isDefault = i.isDefault;
    if (i.active !== undefined) p.active = i.active;
    if (i.validFrom !== undefined) p.validFrom = i.validFrom;
    if (i.validTo !== undefined) p.validTo = i.validTo;
    if (i.odooProgramId !== undefined) p.odooProgramId = i.odooProgramId;
    if (p.validFrom && p.validTo && p.validFrom >= p.validTo) throw new InvalidLoyaltyInput('validFrom must be before validTo', { validTo: ['must be after validFrom'] });
  }

  async create(i: ProgramInput & { code: string; name: string }): Promise<LoyaltyProgram> {
    const p = this.programs.create({
      code: i.code.toUpperCase(), currency: 'EGP', pointsPerCurrencyUnit: '1', minOrderAmount: '0', pointValidityDays: null, redemptionValue: '0',
      minRedeemPoints: 0, maxRedeemRatio: '1', excludedProductRefs: [], excludedCategoryRefs: [], referrerPoints: 0, refereePoints: 0,
      referralMinOrderAmount: '0', isDefault: false, active: true, validFrom: null, validTo: null, odooProgramId: null,
    });
    this.assign(p, i);
    return this.save(p);
  }

  private async save(p: LoyaltyProgram): Promise<LoyaltyProgram> {
    try {
      return await this.ds.transaction(async (em) => {
        // One default program: making this one the default demotes the previous one.
        if (p.isDefault) await em.query(`UPDATE loyalty_program SET is_default = false, updated_at = now() WHERE is_default AND id IS DISTINCT FROM $1`, [p.id ?? null]);
        return em.save(LoyaltyProgram, p);
      });
    } catch (err) {
      if (pgCode(err) === '23505') throw new DuplicateCode('Program', p.code);
      throw err;
    }
  }

  list(): Promise<LoyaltyProgram[]> {
    return this.programs.find({ order: { code: 'ASC' } });
  }

  async get(ref: string): Promise<{ program: LoyaltyProgram; rules: LoyaltyProgramRule[]; rewards: LoyaltyReward[] }> {
    const program = /^[0-9a-f-]{36}$/i.test(ref) ? await this.programs.findOneBy({ id: ref }) : await this.programs.findOneBy({ code: ref.toUpperCase() });
    if (!program) throw new ProgramNotFound(ref);
    const [rules, rewards] = await Promise.all([
      this.rules.find({ where: { programId: program.id }, order: { createdAt: 'ASC' } }),
      this.rewards.find({ where: { programId: program.id }, order: { requiredPoints: 'ASC' } }),
    ]);
    return { program, rules, rewards };
  }

  async update(ref: string, i: ProgramInput): Promise<LoyaltyProgram> {
    const { program } = await this.get(ref);
    this.assign(program, i);
    return this.save(program);
  }

  async addRule(ref: string, i: RuleInput): Promise<LoyaltyProgramRule> {
    const { program } = await this.get(ref);
    if (i.scope === 'product' && !i.productRefs?.length) throw new InvalidLoyaltyInput('A product rule needs productRefs', { productRefs: ['required for scope product'] });
    if (i.scope === 'category' && !i.categoryRefs?.length) throw new InvalidLoyaltyInput('A category rule needs categoryRefs', { categoryRefs: ['required for scope category'] });
    return this.rules.save(this.rules.create({
      programId: program.id, name: i.name, scope: i.scope, productRefs: i.productRefs ?? [], categoryRefs: i.categoryRefs ?? [], mode: i.mode,
      points: String(i.points), minimumAmount: str(i.minimumAmount) ?? '0', minimumQty: str(i.minimumQty) ?? '0', active: i.active ?? true,
      validFrom: i.validFrom ?? null, validTo: i.validTo ?? null,
    }));
  }

  async setRuleActive(ref: string, ruleId: string, active: boolean): Promise<LoyaltyProgramRule> {
    const { program } = await this.get(ref);
    const rule = await this.rules.findOneBy({ id: ruleId, programId: program.id });
    if (!rule) throw new NotFound(`Rule ${ruleId} not found in program ${program.code}`, 'LOYALTY.RULE_NOT_FOUND');
    rule.active = active;
    return this.rules.save(rule);
  }

  async addReward(ref: string, i: RewardInput): Promise<LoyaltyReward> {
    const { program } = await this.get(ref);
    if (i.rewardType === 'free_product' && !i.productRef) throw new InvalidLoyaltyInput('A free product reward needs productRef', { productRef: ['required'] });
    if (i.rewardType === 'fixed_discount' && !(i.discountAmount && i.discountAmount > 0)) throw new InvalidLoyaltyInput('A fixed discount reward needs discountAmount', { discountAmount: ['must be > 0'] });
    if (i.rewardType === 'percent_discount' && !(i.discountPercent && i.discountPercent > 0)) throw new InvalidLoyaltyInput('A percent reward needs discountPercent', { discountPercent: ['must be > 0'] });
    return this.rewards.save(this.rewards.create({
      programId: program.id, name: i.name, rewardType: i.rewardType, requiredPoints: i.requiredPoints, discountAmount: str(i.discountAmount) ?? '0',
      discountPercent: str(i.discountPercent) ?? '0', maxDiscount: str(i.maxDiscount) ?? null, productRef: i.productRef ?? null, active: i.active ?? true,
    }));
  }

  async setRewardActive(ref: string, rewardId: string, active: boolean): Promise<LoyaltyReward> {
    const { program } = await this.get(ref);
    const reward = await this.rewards.findOneBy({ id: rewardId, programId: program.id });
    if (!reward) throw new NotFound(`Reward ${rewardId} not found in program ${program.code}`, 'LOYALTY.REWARD_NOT_FOUND');
    reward.active = active;
    return this.rewards.save(reward);
  }
}
