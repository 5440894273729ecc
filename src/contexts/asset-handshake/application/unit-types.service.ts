import { Injectable } from '@nestjs/common';
import { Conflict } from '../../../infrastructure/errors';
import { UnitTypeRuleNotFound } from '../domain/asset-handshake.errors';
import type { ProductUnitType, RuleMatchField, UnitTypeRule } from '../domain/product-unit';
import type { UnitTypeRuleRow } from '../persistence/unit-type-rule.entity';
import { UnitTypeRuleRepository } from '../persistence/unit-type-rule.repository';

export interface UnitTypeRuleInput {
  matchField: RuleMatchField;
  matchValue: string;
  unitType: ProductUnitType;
  absTemplateId?: string | null;
  absServiceId?: string | null;
  priority?: number;
  note?: string | null;
}

const CACHE_MS = 5_000;

/** The admin-editable product-unit type table, cached briefly (rules change rarely, orders often). */
@Injectable()
export class UnitTypesService {
  private cache?: { at: number; rules: UnitTypeRule[] };

  constructor(private readonly repo: UnitTypeRuleRepository) {}

  async rules(): Promise<UnitTypeRule[]> {
    if (this.cache && Date.now() - this.cache.at < CACHE_MS) return this.cache.rules;
    const rules = (await this.repo.all()).map(toRule);
    this.cache = { at: Date.now(), rules };
    return rules;
  }

  list(): Promise<UnitTypeRuleRow[]> {
    return this.repo.all();
  }

  async get(id: string): Promise<UnitTypeRuleRow> {
    const row = await this.repo.find(id);
    if (!row) throw new UnitTypeRuleNotFound(id);
    return row;
  }

  async create(input: UnitTypeRuleInput): Promise<UnitTypeRuleRow> {
    if (await this.repo.findByMatch(input.matchField, input.matchValue)) {
      throw new Conflict(`A rule for ${input.matchField} = ${input.matchValue} exists already`, 'ASSET.UNIT_TYPE_RULE_EXISTS');
    }
    const row = await this.repo.insert({
      matchField: input.matchField, matchValue: input.matchValue, unitType: input.unitType,
      absTemplateId: input.absTemplateId ?? null, absServiceId: input.absServiceId ?? null, priority: input.priority ?? 100, note: input.note ?? null,
    });
    this.cache = undefined;
    return row;
  }

  async update(id: string, patch: Partial<UnitTypeRuleInput>): Promise<UnitTypeRuleRow> {
    const current = await this.get(id);
    const field = patch.matchField ?? current.matchField;
    const value = patch.matchValue ?? current.matchValue;
    const clash = await this.repo.findByMatch(field, value);
    if (clash && clash.id !== id) throw new Conflict(`A rule for ${field} = ${value} exists already`, 'ASSET.UNIT_TYPE_RULE_EXISTS');
    await this.repo.update(id, Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)));
    this.cache = undefined;
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    if (!(await this.repo.delete(id))) throw new UnitTypeRuleNotFound(id);
    this.cache = undefined;
  }
}

function toRule(r: UnitTypeRuleRow): UnitTypeRule {
  return { id: r.id, matchField: r.matchField, matchValue: r.matchValue, unitType: r.unitType, absTemplateId: r.absTemplateId, absServiceId: r.absServiceId, priority: r.priority };
}
