import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ProductUnitType, RuleMatchField } from '../domain/product-unit';

/** One row of the admin-editable product-unit type table. */
@Entity('asset_handshake_unit_type_rule')
@Index('ux_asset_handshake_unit_type_rule_match', ['matchField', 'matchValue'], { unique: true })
export class UnitTypeRuleRow {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('varchar', { length: 30 }) matchField: RuleMatchField;
  @Column('varchar', { length: 200 }) matchValue: string;
  @Column('varchar', { length: 20 }) unitType: ProductUnitType;
  @Column('varchar', { length: 200, nullable: true }) absTemplateId: string | null;
  @Column('varchar', { length: 200, nullable: true }) absServiceId: string | null;
  @Column('int', { default: 100 }) priority: number;
  @Column('varchar', { length: 500, nullable: true }) note: string | null;
  @Column('timestamptz', { default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz', { default: () => 'now()' }) updatedAt: Date;
}
