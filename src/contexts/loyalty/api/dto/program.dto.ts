import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsDateString, IsIn, IsInt, IsNumber, IsOptional, IsString, Length, Matches, Max, MaxLength, Min, MinLength, ValidateIf,
} from 'class-validator';
import { CODE_RE, IsAmount, MAX_POINTS } from './common';

export class CreateProgramDto {
  @ApiProperty({ example: 'RETAIL' }) @IsString() @Matches(CODE_RE) code: string;
  @ApiProperty({ example: 'Retail rewards' }) @IsString() @MinLength(2) @MaxLength(120) name: string;
  @ApiPropertyOptional({ example: 'EGP' }) @IsOptional() @IsString() @Length(3, 3) currency?: string;
  @ApiPropertyOptional({ example: 1, description: 'Points per currency unit spent' }) @IsOptional() @IsNumber({ maxDecimalPlaces: 4 }) @Min(0) @Max(10000) pointsPerCurrencyUnit?: number;
  @ApiPropertyOptional({ example: 0 }) @IsOptional() @IsAmount() minOrderAmount?: number;
  @ApiPropertyOptional({ example: 365, nullable: true, description: 'Days earned points stay valid (null: never expire)' })
  @IsOptional() @ValidateIf((o) => o.pointValidityDays !== null) @IsInt() @Min(1) @Max(3650) pointValidityDays?: number | null;
  @ApiPropertyOptional({ example: 0.1, description: 'Currency value of one point when paying with points (0: disabled)' })
  @IsOptional() @IsNumber({ maxDecimalPlaces: 4 }) @Min(0) @Max(10000) redemptionValue?: number;
  @ApiPropertyOptional({ example: 100 }) @IsOptional() @IsInt() @Min(0) @Max(MAX_POINTS) minRedeemPoints?: number;
  @ApiPropertyOptional({ example: 0.5, description: 'Share of an order total payable with points' }) @IsOptional() @IsNumber({ maxDecimalPlaces: 4 }) @Min(0.0001) @Max(1) maxRedeemRatio?: number;
  @ApiPropertyOptional({ example: ['GIFTCARD'] }) @IsOptional() @IsArray() @ArrayMaxSize(1000) @IsString({ each: true }) @MaxLength(120, { each: true }) excludedProductRefs?: string[];
  @ApiPropertyOptional({ example: ['TOBACCO'] }) @IsOptional() @IsArray() @ArrayMaxSize(1000) @IsString({ each: true }) @MaxLength(120, { each: true }) excludedCategoryRefs?: string[];
  @ApiPropertyOptional({ example: 100 }) @IsOptional() @IsInt() @Min(0) @Max(MAX_POINTS) referrerPoints?: number;
  @ApiPropertyOptional({ example: 50 }) @IsOptional() @IsInt() @Min(0) @Max(MAX_POINTS) refereePoints?: number;
  @ApiPropertyOptional({ example: 100 }) @IsOptional() @IsAmount() referralMinOrderAmount?: number;
  @ApiPropertyOptional({ example: true }) @IsOptional() @IsBoolean() isDefault?: boolean;
  @ApiPropertyOptional({ example: true }) @IsOptional() @IsBoolean() active?: boolean;
  @ApiPropertyOptional({ example: null, nullable: true }) @IsOptional() @ValidateIf((o) => o.validFrom !== null) @IsDateString() validFrom?: string | null;
  @ApiPropertyOptional({ example: null, nullable: true }) @IsOptional() @ValidateIf((o) => o.validTo !== null) @IsDateString() validTo?: string | null;
  @ApiPropertyOptional({ example: 3, nullable: true, description: 'Odoo loyalty.program id the balances are pushed to' })
  @IsOptional() @ValidateIf((o) => o.odooProgramId !== null) @IsInt() @Min(1) odooProgramId?: number | null;
}

export class UpdateProgramDto extends PartialType(OmitType(CreateProgramDto, ['code'] as const)) {}

export class CreateRuleDto {
  @ApiProperty({ example: 'Dairy double points' }) @IsString() @MinLength(2) @MaxLength(120) name: string;
  @ApiProperty({ example: 'category', enum: ['order', 'product', 'category'] }) @IsIn(['order', 'product', 'category']) scope: 'order' | 'product' | 'category';
  @ApiPropertyOptional({ example: [] }) @IsOptional() @IsArray() @ArrayMaxSize(1000) @IsString({ each: true }) @MaxLength(120, { each: true }) productRefs?: string[];
  @ApiPropertyOptional({ example: ['DAIRY'] }) @IsOptional() @IsArray() @ArrayMaxSize(1000) @IsString({ each: true }) @MaxLength(120, { each: true }) categoryRefs?: string[];
  @ApiProperty({ example: 'money', enum: ['money', 'unit', 'order'], description: 'points per currency unit, per unit bought, or once per order' })
  @IsIn(['money', 'unit', 'order']) mode: 'money' | 'unit' | 'order';
  @ApiProperty({ example: 1 }) @IsNumber({ maxDecimalPlaces: 4 }) @Min(0) @Max(MAX_POINTS) points: number;
  @ApiPropertyOptional({ example: 0 }) @IsOptional() @IsAmount() minimumAmount?: number;
  @ApiPropertyOptional({ example: 0 }) @IsOptional() @IsNumber({ maxDecimalPlaces: 3 }) @Min(0) @Max(1_000_000) minimumQty?: number;
  @ApiPropertyOptional({ example: null, nullable: true }) @IsOptional() @ValidateIf((o) => o.validFrom !== null) @IsDateString() validFrom?: string | null;
  @ApiPropertyOptional({ example: null, nullable: true }) @IsOptional() @ValidateIf((o) => o.validTo !== null) @IsDateString() validTo?: string | null;
}

export class CreateRewardDto {
  @ApiProperty({ example: 'Free coffee' }) @IsString() @MinLength(2) @MaxLength(120) name: string;
  @ApiProperty({ example: 'free_product', enum: ['fixed_discount', 'percent_discount', 'free_product'] })
  @IsIn(['fixed_discount', 'percent_discount', 'free_product']) rewardType: 'fixed_discount' | 'percent_discount' | 'free_product';
  @ApiProperty({ example: 300 }) @IsInt() @Min(1) @Max(MAX_POINTS) requiredPoints: number;
  @ApiPropertyOptional({ example: 25 }) @IsOptional() @IsAmount() discountAmount?: number;
  @ApiPropertyOptional({ example: 10 }) @IsOptional() @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(100) discountPercent?: number;
  @ApiPropertyOptional({ example: 50, nullable: true }) @IsOptional() @ValidateIf((o) => o.maxDiscount !== null) @IsAmount() maxDiscount?: number | null;
  @ApiPropertyOptional({ example: 'SKU-COFFEE' }) @IsOptional() @IsString() @MaxLength(120) productRef?: string;
}

export class SetActiveDto {
  @ApiProperty({ example: false }) @IsBoolean() active: boolean;
}

export class ProgramDto {
  @ApiProperty({ example: '9a0b…' }) id: string;
  @ApiProperty({ example: 'RETAIL' }) code: string;
  @ApiProperty({ example: 'Retail rewards' }) name: string;
  @ApiProperty({ example: 'EGP' }) currency: string;
  @ApiProperty({ example: 1 }) pointsPerCurrencyUnit: number;
  @ApiProperty({ example: 0 }) minOrderAmount: number;
  @ApiPropertyOptional({ example: 365, nullable: true, type: Number }) pointValidityDays: number | null;
  @ApiProperty({ example: 0.1 }) redemptionValue: number;
  @ApiProperty({ example: 100 }) minRedeemPoints: number;
  @ApiProperty({ example: 0.5 }) maxRedeemRatio: number;
  @ApiProperty({ example: ['GIFTCARD'] }) excludedProductRefs: string[];
  @ApiProperty({ example: ['TOBACCO'] }) excludedCategoryRefs: string[];
  @ApiProperty({ example: 100 }) referrerPoints: number;
  @ApiProperty({ example: 50 }) refereePoints: number;
  @ApiProperty({ example: 100 }) referralMinOrderAmount: number;
  @ApiProperty({ example: true }) isDefault: boolean;
  @ApiProperty({ example: true }) active: boolean;
  @ApiPropertyOptional({ example: null, nullable: true, type: String }) validFrom: string | null;
  @ApiPropertyOptional({ example: null, nullable: true, type: String }) validTo: string | null;
  @ApiPropertyOptional({ example: 3, nullable: true, type: Number }) odooProgramId: number | null;
}

export class RuleDto {
  @ApiProperty({ example: '5b1f…' }) id: string;
  @ApiProperty({ example: 'Dairy double points' }) name: string;
  @ApiProperty({ example: 'category' }) scope: string;
  @ApiProperty({ example: [] }) productRefs: string[];
  @ApiProperty({ example: ['DAIRY'] }) categoryRefs: string[];
  @ApiProperty({ example: 'money' }) mode: string;
  @ApiProperty({ example: 1 }) points: number;
  @ApiProperty({ example: 0 }) minimumAmount: number;
  @ApiProperty({ example: 0 }) minimumQty: number;
  @ApiProperty({ example: true }) active: boolean;
  @ApiPropertyOptional({ example: null, nullable: true, type: String }) validFrom: string | null;
  @ApiPropertyOptional({ example: null, nullable: true, type: String }) validTo: string | null;
}

export class RewardDto {
  @ApiProperty({ example: '3d4b…' }) id: string;
  @ApiProperty({ example: 'Free coffee' }) name: string;
  @ApiProperty({ example: 'free_product' }) rewardType: string;
  @ApiProperty({ example: 300 }) requiredPoints: number;
  @ApiProperty({ example: 0 }) discountAmount: number;
  @ApiProperty({ example: 0 }) discountPercent: number;
  @ApiPropertyOptional({ example: null, nullable: true, type: Number }) maxDiscount: number | null;
  @ApiPropertyOptional({ example: 'SKU-COFFEE', nullable: true, type: String }) productRef: string | null;
  @ApiProperty({ example: true }) active: boolean;
}

export class ProgramDetailDto extends ProgramDto {
  @ApiProperty({ type: [RuleDto] }) rules: RuleDto[];
  @ApiProperty({ type: [RewardDto] }) rewards: RewardDto[];
}
