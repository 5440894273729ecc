import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min, ValidateIf } from 'class-validator';
import { PRODUCT_UNIT_TYPES, RULE_MATCH_FIELDS, type ProductUnitType, type RuleMatchField } from '../../domain/product-unit';
import type { UnitTypeRuleRow } from '../../persistence/unit-type-rule.entity';

export class CreateUnitTypeRuleDto {
  @ApiProperty({ enum: RULE_MATCH_FIELDS, example: 'default_code' }) @IsIn(RULE_MATCH_FIELDS) matchField: RuleMatchField;
  @ApiProperty({ example: 'DEP-MOBBAT-30AH' }) @IsString() @Length(1, 200) matchValue: string;
  @ApiProperty({ enum: PRODUCT_UNIT_TYPES, example: 'contract', description: 'physical → asset allocation, service → service plan, contract → deposit entitlement, digital/regulatory → no ABS flow' })
  @IsIn(PRODUCT_UNIT_TYPES) unitType: ProductUnitType;
  @ApiPropertyOptional({ example: 'plan-mobbat-30ah-swap-1day-v1', nullable: true, description: 'ABS plan template of a service line (default: the product reference)' })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @Length(1, 200) absTemplateId?: string | null;
  @ApiPropertyOptional({ example: 'service-swap-count', nullable: true, description: 'ABS service a product pays for (paid service events → draft orders)' })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @Length(1, 200) absServiceId?: string | null;
  @ApiPropertyOptional({ example: 100, default: 100, description: 'Lower wins when several rules match' }) @IsOptional() @IsInt() @Min(0) @Max(10000) priority?: number;
  @ApiPropertyOptional({ example: 'Battery deposit, refundable', nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @Length(0, 500) note?: string | null;
}

export class UpdateUnitTypeRuleDto extends PartialType(CreateUnitTypeRuleDto) {}

export class UnitTypeRuleDto {
  @ApiProperty({ example: '1b4e28ba-2fa1-11d2-883f-0016d3cca427' }) id: string;
  @ApiProperty({ enum: RULE_MATCH_FIELDS, example: 'default_code' }) matchField: string;
  @ApiProperty({ example: 'DEP-MOBBAT-30AH' }) matchValue: string;
  @ApiProperty({ enum: PRODUCT_UNIT_TYPES, example: 'contract' }) unitType: string;
  @ApiPropertyOptional({ example: null, nullable: true }) absTemplateId: string | null;
  @ApiPropertyOptional({ example: null, nullable: true }) absServiceId: string | null;
  @ApiProperty({ example: 100 }) priority: number;
  @ApiPropertyOptional({ example: 'Battery deposit, refundable', nullable: true }) note: string | null;
  @ApiProperty({ example: '2025-01-15T08:00:00.000Z' }) updatedAt: string;
}

export function toUnitTypeRuleDto(r: UnitTypeRuleRow): UnitTypeRuleDto {
  return {
    id: r.id, matchField: r.matchField, matchValue: r.matchValue, unitType: r.unitType, absTemplateId: r.absTemplateId,
    absServiceId: r.absServiceId, priority: r.priority, note: r.note, updatedAt: r.updatedAt.toISOString(),
  };
}
