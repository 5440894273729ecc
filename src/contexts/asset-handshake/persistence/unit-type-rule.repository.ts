import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { UnitTypeRuleRow } from './unit-type-rule.entity';

@Injectable()
export class UnitTypeRuleRepository {
  constructor(@InjectRepository(UnitTypeRuleRow) private readonly repo: Repository<UnitTypeRuleRow>) {}

  all(): Promise<UnitTypeRuleRow[]> {
    return this.repo.find({ order: { priority: 'ASC', createdAt: 'ASC' } });
  }
  find(id: string): Promise<UnitTypeRuleRow | null> {
    return this.repo.findOneBy({ id });
  }
  findByMatch(matchField: string, matchValue: string): Promise<UnitTypeRuleRow | null> {
    return this.repo.findOneBy({ matchField: matchField as UnitTypeRuleRow['matchField'], matchValue });
  }
  async insert(row: Omit<UnitTypeRuleRow, 'id' | 'createdAt' | 'updatedAt'>): Promise<UnitTypeRuleRow> {
    return this.repo.save(this.repo.create(row));
  }
  async update(id: string, patch: Partial<Omit<UnitTypeRuleRow, 'id' | 'createdAt'>>): Promise<void> {
    await this.repo.update({ id }, { ...patch, updatedAt: new Date() });
  }
  async delete(id: string): Promise<boolean> {
    return ((await this.repo.delete({ id })).affected ?? 0) > 0;
  }
}
