import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { CODE_RE } from './common';

export class ReportQueryDto {
  @ApiProperty({ example: '2026-01-01T00:00:00Z', description: 'Start (inclusive)' }) @IsDateString() from: string;
  @ApiProperty({ example: '2027-01-01T00:00:00Z', description: 'End (exclusive)' }) @IsDateString() to: string;
  @ApiPropertyOptional({ example: 'month', enum: ['day', 'week', 'month', 'total'], default: 'total' }) @IsOptional() @IsIn(['day', 'week', 'month', 'total']) period?: 'day' | 'week' | 'month' | 'total';
  @ApiPropertyOptional({ example: 'RETAIL' }) @IsOptional() @IsString() @Matches(CODE_RE) program?: string;
  @ApiPropertyOptional({ example: 'json', enum: ['json', 'csv'], description: 'Or send Accept: text/csv' }) @IsOptional() @IsIn(['json', 'csv']) format?: 'json' | 'csv';
}

export class SummaryRowDto {
  @ApiProperty({ example: 'RETAIL' }) programCode: string;
  @ApiProperty({ example: '2026-11-01T00:00:00.000Z' }) period: string;
  @ApiProperty({ example: 120500 }) pointsEarned: number;
  @ApiProperty({ example: 80400 }) pointsRedeemed: number;
  @ApiProperty({ example: 2100 }) pointsExpired: number;
  @ApiProperty({ example: -40 }) pointsAdjusted: number;
  @ApiProperty({ example: -300 }) pointsReversed: number;
  @ApiProperty({ example: 1830 }) orders: number;
  @ApiProperty({ example: 120500.75 }) revenue: number;
  @ApiProperty({ example: 8040 }) discounts: number;
  @ApiProperty({ example: 300 }) refunded: number;
  @ApiProperty({ example: 912 }) activeMembers: number;
  @ApiProperty({ example: 140 }) newCards: number;
  @ApiProperty({ example: 450000, description: 'Points outstanding now (the liability), not period-bound' }) outstandingPoints: number;
  @ApiProperty({ example: 5120 }) cards: number;
}
export class PromotionRowDto {
  @ApiProperty({ example: 'RETAIL' }) programCode: string;
  @ApiProperty({ example: 'WELCOME10' }) promoCode: string;
  @ApiProperty({ example: 'Welcome 10% off' }) promoName: string;
  @ApiProperty({ example: '2026-11-01T00:00:00.000Z' }) period: string;
  @ApiProperty({ example: 310 }) uses: number;
  @ApiProperty({ example: 4 }) reversedUses: number;
  @ApiProperty({ example: 298 }) members: number;
  @ApiProperty({ example: 3100 }) discount: number;
  @ApiProperty({ example: 40 }) discountReversed: number;
  @ApiProperty({ example: 0 }) bonusPoints: number;
  @ApiProperty({ example: 27900 }) revenue: number;
}
export class ReferralRowDto {
  @ApiProperty({ example: 'R7KQ2MZP' }) referralCode: string;
  @ApiProperty({ example: '1f2e…' }) memberId: string;
  @ApiPropertyOptional({ example: 'Mona Adel', nullable: true, type: String }) memberName: string | null;
  @ApiProperty({ example: 6 }) referrals: number;
  @ApiProperty({ example: 4 }) rewarded: number;
  @ApiProperty({ example: 2 }) pending: number;
  @ApiProperty({ example: 0 }) reversed: number;
  @ApiProperty({ example: 400 }) referrerPoints: number;
  @ApiProperty({ example: 200 }) refereePoints: number;
  @ApiProperty({ example: 3120 }) refereeRevenue: number;
}
class ReportBase {
  @ApiProperty({ example: 'summary' }) report: string;
  @ApiProperty({ example: '2026-01-01T00:00:00.000Z' }) from: string;
  @ApiProperty({ example: '2027-01-01T00:00:00.000Z' }) to: string;
  @ApiProperty({ example: 'month' }) period: string;
}
export class SummaryReportDto extends ReportBase { @ApiProperty({ type: [SummaryRowDto] }) rows: SummaryRowDto[]; }
export class PromotionReportDto extends ReportBase { @ApiProperty({ type: [PromotionRowDto] }) rows: PromotionRowDto[]; }
export class ReferralReportDto extends ReportBase { @ApiProperty({ type: [ReferralRowDto] }) rows: ReferralRowDto[]; }
