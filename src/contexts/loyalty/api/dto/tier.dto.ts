import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateIf, ValidateNested,
} from 'class-validator';
import { CODE_RE, IsAmount } from './common';

export class TierFieldsDto {
  @ApiProperty({ example: 'Gold' }) @IsString() @MinLength(2) @MaxLength(120) name: string;
  @ApiPropertyOptional({ example: 2, description: 'Order in the ladder (1 = lowest); default: position in the list' }) @IsOptional() @IsInt() @Min(1) @Max(100) rank?: number;
  @ApiProperty({ example: 5000, description: 'Transaction total in the window that qualifies' }) @IsAmount() thresholdAmount: number;
  @ApiPropertyOptional({ example: 1.5, default: 1 }) @IsOptional() @IsNumber({ maxDecimalPlaces: 3 }) @Min(0.001) @Max(100) earnMultiplier?: number;
  @ApiPropertyOptional({ example: 17, nullable: true, description: 'Odoo membership product (product.product id) of this tier' })
  @IsOptional() @ValidateIf((o) => o.odooMembershipProductId !== null) @IsInt() @Min(1) odooMembershipProductId?: number | null;
}

export class TierInputDto extends TierFieldsDto {
  @ApiProperty({ example: 'GOLD' }) @IsString() @Matches(CODE_RE) code: string;
}

export class CreateTierSetDto {
  @ApiProperty({ example: 'RETAIL' }) @IsString() @Matches(CODE_RE) code: string;
  @ApiProperty({ example: 'Retail membership' }) @IsString() @MinLength(2) @MaxLength(120) name: string;
  @ApiProperty({ example: 365 }) @IsInt() @Min(1) @Max(3650) windowDays: number;
  @ApiProperty({ example: 'after_days', enum: ['never', 'automatic', 'after_days'] }) @IsIn(['never', 'automatic', 'after_days']) downgradePolicy: 'never' | 'automatic' | 'after_days';
  @ApiProperty({ type: [TierInputDto] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => TierInputDto) tiers: TierInputDto[];
  @ApiPropertyOptional({ example: 'RETAIL', nullable: true, description: 'Program whose earning the tier multipliers apply to (null: every program)' })
  @IsOptional() @ValidateIf((o) => o.primaryProgram !== null) @IsString() @Matches(CODE_RE) primaryProgram?: string | null;
  @ApiPropertyOptional({ example: 30, nullable: true }) @IsOptional() @ValidateIf((o) => o.downgradeAfterDays !== null) @IsInt() @Min(1) @Max(3650) downgradeAfterDays?: number | null;
  @ApiPropertyOptional({ example: true }) @IsOptional() @IsBoolean() active?: boolean;
}

export class UpdateTierSetDto extends PartialType(OmitType(CreateTierSetDto, ['code', 'tiers'] as const)) {}

export class TierDto {
  @ApiProperty({ example: '4c1a…' }) id: string;
  @ApiProperty({ example: 'GOLD' }) code: string;
  @ApiProperty({ example: 'Gold' }) name: string;
  @ApiProperty({ example: 2 }) rank: number;
  @ApiProperty({ example: 5000 }) thresholdAmount: number;
  @ApiProperty({ example: 1.5 }) earnMultiplier: number;
  @ApiPropertyOptional({ example: 17, nullable: true, type: Number }) odooMembershipProductId: number | null;
}

export class TierSetDto {
  @ApiProperty({ example: '0b9e…' }) id: string;
  @ApiProperty({ example: 'RETAIL' }) code: string;
  @ApiProperty({ example: 'Retail membership' }) name: string;
  @ApiPropertyOptional({ example: '9a0b…', nullable: true, type: String }) primaryProgramId: string | null;
  @ApiProperty({ example: 365 }) windowDays: number;
  @ApiProperty({ example: 'after_days' }) downgradePolicy: string;
  @ApiPropertyOptional({ example: 30, nullable: true, type: Number }) downgradeAfterDays: number | null;
  @ApiProperty({ example: true }) active: boolean;
  @ApiProperty({ type: [TierDto] }) tiers: TierDto[];
}
