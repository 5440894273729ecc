import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, Min, ValidateIf } from 'class-validator';
import { CODE_RE } from './common';
import { CustomerDto } from './order.dto';

export class EnrollMemberDto extends CustomerDto {
  @ApiPropertyOptional({ example: 'RETAIL', description: 'Program of the first card (default: the default program)' }) @IsOptional() @IsString() @Matches(CODE_RE) program?: string;
  @ApiPropertyOptional({ example: 'R7KQ2MZP', description: "Who referred this customer (rewarded on the customer's first order)" })
  @IsOptional() @IsString() @Matches(CODE_RE) referralCode?: string;
}

export class MemberCardDto {
  @ApiProperty({ example: '6c7d…' }) cardId: string;
  @ApiProperty({ example: 'LC7KQ2MZP4XH' }) cardCode: string;
  @ApiProperty({ example: 'RETAIL' }) programCode: string;
  @ApiProperty({ example: 1312 }) balance: number;
  @ApiProperty({ example: 'active' }) status: string;
}

export class MemberTierDto {
  @ApiProperty({ example: 'RETAIL' }) tierSetCode: string;
  @ApiPropertyOptional({ example: 'GOLD', nullable: true, type: String }) tierCode: string | null;
  @ApiPropertyOptional({ example: 'Gold', nullable: true, type: String }) tierName: string | null;
  @ApiPropertyOptional({ example: '2026-09-01T12:00:00.000Z', nullable: true, type: String }) since: string | null;
  @ApiProperty({ example: 7350.5, description: 'Transaction total in the rolling window' }) qualifyingAmount: number;
  @ApiProperty({ example: '2025-11-22T10:15:00.000Z' }) windowStart: string;
  @ApiProperty({ example: '2026-11-22T10:15:00.000Z' }) windowEnd: string;
  @ApiPropertyOptional({ example: null, nullable: true, type: String, description: 'Below the tier threshold since (grace period)' }) belowSince: string | null;
  @ApiPropertyOptional({ example: null, nullable: true, type: String }) downgradeDueAt: string | null;
  @ApiPropertyOptional({ example: { code: 'PLATINUM', name: 'Platinum', threshold: 10000, missing: 2649.5 }, nullable: true })
  next: { code: string; name: string; threshold: number; missing: number } | null;
}

export class MemberDto {
  @ApiProperty({ example: '1f2e…' }) memberId: string;
  @ApiPropertyOptional({ example: 42, nullable: true, type: Number }) odooPartnerId: number | null;
  @ApiPropertyOptional({ example: 'CUST-000123', nullable: true, type: String }) externalRef: string | null;
  @ApiPropertyOptional({ example: 'Mona Adel', nullable: true, type: String }) name: string | null;
  @ApiProperty({ example: 'active', enum: ['active', 'blocked'] }) status: string;
  @ApiProperty({ example: 'R7KQ2MZP', description: 'Share it: a friend’s first order rewards both' }) referralCode: string;
  @ApiProperty({ example: '2026-01-10T09:00:00.000Z' }) enrolledAt: string;
  @ApiPropertyOptional({ example: '2026-01-10T09:05:00.000Z', nullable: true, type: String }) firstOrderAt: string | null;
  @ApiProperty({ type: [MemberCardDto] }) cards: MemberCardDto[];
  @ApiProperty({ type: [MemberTierDto] }) tiers: MemberTierDto[];
}

export class EnrollResultDto extends MemberDto {
  @ApiProperty({ example: true, description: 'False when the customer was already a member (nothing changed)' }) created: boolean;
  @ApiPropertyOptional({ example: 'registered', enum: ['registered', 'self_referral', 'already_referred', 'not_first_order'] }) referral?: string;
}

export class TierHistoryQueryDto {
  @ApiPropertyOptional({ example: 50, default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit = 50;
  @ApiPropertyOptional({ example: '812' }) @IsOptional() @Matches(/^\d{1,19}$/) cursor?: string;
}

export class TierHistoryItemDto {
  @ApiProperty({ example: '812' }) id: string;
  @ApiProperty({ example: 'RETAIL' }) tierSetCode: string;
  @ApiPropertyOptional({ example: 'SILVER', nullable: true, type: String }) from: string | null;
  @ApiPropertyOptional({ example: 'GOLD', nullable: true, type: String }) to: string | null;
  @ApiProperty({ example: 'upgrade', enum: ['upgrade', 'downgrade', 'admin'] }) reason: string;
  @ApiProperty({ example: 5100 }) qualifyingAmount: number;
  @ApiProperty({ example: '2025-11-22T10:15:00.000Z' }) windowStart: string;
  @ApiProperty({ example: '2026-11-22T10:15:00.000Z' }) windowEnd: string;
  @ApiProperty({ example: '2026-11-22T10:15:00.000Z' }) changedAt: string;
  @ApiProperty({ example: 'synced', enum: ['pending', 'synced', 'skipped', 'failed'], description: 'Odoo membership line sync' }) odooStatus: string;
}

export class TierHistoryPageDto {
  @ApiProperty({ type: [TierHistoryItemDto] }) items: TierHistoryItemDto[];
  @ApiPropertyOptional({ example: null, nullable: true, type: String }) nextCursor: string | null;
}

export class MemberStatusDto {
  @ApiProperty({ example: 'blocked', enum: ['active', 'blocked'] }) @IsIn(['active', 'blocked']) status: 'active' | 'blocked';
}

export class SetMemberTierDto {
  @ApiProperty({ example: '0b9e…', description: 'Tier set id' }) @IsUUID() tierSetId: string;
  @ApiPropertyOptional({ example: '4c1a…', nullable: true, description: 'Tier id, or null for no tier' })
  @ValidateIf((o) => o.tierId !== null) @IsUUID() tierId: string | null;
}
