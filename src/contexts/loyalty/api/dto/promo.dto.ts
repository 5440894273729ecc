import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsDateString, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateIf,
} from 'class-validator';
import { CODE_RE, IsAmount, MAX_POINTS } from './common';

export class CreatePromoCodeDto {
  @ApiProperty({ example: 'WELCOME10' }) @IsString() @Matches(CODE_RE) code: string;
  @ApiProperty({ example: 'Welcome 10% off' }) @IsString() @MinLength(2) @MaxLength(120) name: string;
  @ApiProperty({ example: 'percent', enum: ['percent', 'fixed', 'points'] }) @IsIn(['percent', 'fixed', 'points']) discountType: 'percent' | 'fixed' | 'points';
  @ApiPropertyOptional({ example: 'RETAIL', nullable: true, description: 'Restrict to one program (null: any)' })
  @IsOptional() @ValidateIf((o) => o.program !== null) @IsString() @Matches(CODE_RE) program?: string | null;
  @ApiPropertyOptional({ example: 10, description: 'Percent (0–100) or amount' }) @IsOptional() @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(1_000_000_000) discountValue?: number;
  @ApiPropertyOptional({ example: 50, nullable: true }) @IsOptional() @ValidateIf((o) => o.maxDiscount !== null) @IsAmount() maxDiscount?: number | null;
  @ApiPropertyOptional({ example: 0 }) @IsOptional() @IsInt() @Min(0) @Max(MAX_POINTS) bonusPoints?: number;
  @ApiPropertyOptional({ example: 100 }) @IsOptional() @IsAmount() minOrderAmount?: number;
  @ApiPropertyOptional({ example: [] }) @IsOptional() @IsArray() @ArrayMaxSize(1000) @IsString({ each: true }) @MaxLength(120, { each: true }) productRefs?: string[];
  @ApiPropertyOptional({ example: [] }) @IsOptional() @IsArray() @ArrayMaxSize(1000) @IsString({ each: true }) @MaxLength(120, { each: true }) categoryRefs?: string[];
  @ApiPropertyOptional({ example: '2026-12-01T00:00:00Z', nullable: true }) @IsOptional() @ValidateIf((o) => o.validFrom !== null) @IsDateString() validFrom?: string | null;
  @ApiPropertyOptional({ example: '2027-01-01T00:00:00Z', nullable: true }) @IsOptional() @ValidateIf((o) => o.validTo !== null) @IsDateString() validTo?: string | null;
  @ApiPropertyOptional({ example: 1000, nullable: true, description: 'Uses in total (null: unlimited)' })
  @IsOptional() @ValidateIf((o) => o.maxUses !== null) @IsInt() @Min(1) @Max(100_000_000) maxUses?: number | null;
  @ApiPropertyOptional({ example: 1, nullable: true, description: 'Uses per member (null: unlimited)' })
  @IsOptional() @ValidateIf((o) => o.maxUsesPerMember !== null) @IsInt() @Min(1) @Max(1_000_000) maxUsesPerMember?: number | null;
  @ApiPropertyOptional({ example: true }) @IsOptional() @IsBoolean() active?: boolean;
}

export class UpdatePromoCodeDto extends PartialType(OmitType(CreatePromoCodeDto, ['code'] as const)) {}

export class ListPromoCodesQueryDto {
  @ApiPropertyOptional({ example: true }) @IsOptional() @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsBoolean() active?: boolean;
  @ApiPropertyOptional({ example: 'RETAIL' }) @IsOptional() @IsString() @Matches(CODE_RE) program?: string;
  @ApiPropertyOptional({ example: 50, default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit = 50;
  @ApiPropertyOptional({ example: 0, default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset = 0;
}

export class PromoCodeDto {
  @ApiProperty({ example: 'e0f1…' }) id: string;
  @ApiProperty({ example: 'WELCOME10' }) code: string;
  @ApiPropertyOptional({ example: '9a0b…', nullable: true, type: String }) programId: string | null;
  @ApiProperty({ example: 'Welcome 10% off' }) name: string;
  @ApiProperty({ example: 'percent' }) discountType: string;
  @ApiProperty({ example: 10 }) discountValue: number;
  @ApiPropertyOptional({ example: 50, nullable: true, type: Number }) maxDiscount: number | null;
  @ApiProperty({ example: 0 }) bonusPoints: number;
  @ApiProperty({ example: 100 }) minOrderAmount: number;
  @ApiProperty({ example: [] }) productRefs: string[];
  @ApiProperty({ example: [] }) categoryRefs: string[];
  @ApiPropertyOptional({ example: null, nullable: true, type: String }) validFrom: string | null;
  @ApiPropertyOptional({ example: '2027-01-01T00:00:00.000Z', nullable: true, type: String }) validTo: string | null;
  @ApiPropertyOptional({ example: 1000, nullable: true, type: Number }) maxUses: number | null;
  @ApiPropertyOptional({ example: 1, nullable: true, type: Number }) maxUsesPerMember: number | null;
  @ApiProperty({ example: 17 }) usesCount: number;
  @ApiProperty({ example: true }) active: boolean;
}

export class PromoCodePageDto {
  @ApiProperty({ type: [PromoCodeDto] }) items: PromoCodeDto[];
  @ApiProperty({ example: 1 }) total: number;
}
