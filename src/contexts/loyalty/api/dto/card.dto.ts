import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDateString, IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

export class NextExpiryDto {
  @ApiProperty({ example: 120 }) points: number;
  @ApiProperty({ example: '2027-01-01T00:00:00.000Z' }) expiresAt: string;
}

export class CardTierDto {
  @ApiProperty({ example: 'RETAIL' }) tierSetCode: string;
  @ApiProperty({ example: 'GOLD' }) code: string;
  @ApiProperty({ example: 'Gold' }) name: string;
  @ApiPropertyOptional({ example: '2026-09-01T12:00:00.000Z', nullable: true, type: String }) since: string | null;
  @ApiProperty({ example: 1.5 }) earnMultiplier: number;
}

export class CardBalanceDto {
  @ApiProperty({ example: '6c7d…' }) cardId: string;
  @ApiProperty({ example: 'LC7KQ2MZP4XH' }) cardCode: string;
  @ApiProperty({ example: 'active', enum: ['active', 'blocked'] }) status: string;
  @ApiProperty({ example: 'RETAIL' }) programCode: string;
  @ApiProperty({ example: '1f2e…' }) memberId: string;
  @ApiProperty({ example: 1312, description: 'Spendable points now' }) balance: number;
  @ApiPropertyOptional({ type: NextExpiryDto, nullable: true, description: 'The next points to expire, and when' }) nextExpiry: NextExpiryDto | null;
  @ApiProperty({ example: 120 }) expiringWithin30Days: number;
  @ApiProperty({ example: 5400 }) lifetimeEarned: number;
  @ApiProperty({ example: 3900 }) lifetimeRedeemed: number;
  @ApiProperty({ example: 188 }) lifetimeExpired: number;
  @ApiPropertyOptional({ type: CardTierDto, nullable: true }) tier: CardTierDto | null;
  @ApiProperty({ example: '2026-11-22T10:15:00.000Z' }) updatedAt: string;
}

export class HistoryQueryDto {
  @ApiPropertyOptional({ example: 50, default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit = 50;
  @ApiPropertyOptional({ example: '10234', description: 'nextCursor of the previous page' }) @IsOptional() @Matches(/^\d{1,19}$/) cursor?: string;
  @ApiPropertyOptional({ enum: ['earn', 'redeem', 'expire', 'adjust', 'reverse'] }) @IsOptional() @IsIn(['earn', 'redeem', 'expire', 'adjust', 'reverse']) kind?: 'earn' | 'redeem' | 'expire' | 'adjust' | 'reverse';
  @ApiPropertyOptional({ example: '2026-01-01T00:00:00Z' }) @IsOptional() @IsDateString() from?: string;
  @ApiPropertyOptional({ example: '2027-01-01T00:00:00Z' }) @IsOptional() @IsDateString() to?: string;
}

export class HistoryItemDto {
  @ApiProperty({ example: '10234' }) id: string;
  @ApiProperty({ example: 'earn', enum: ['earn', 'redeem', 'expire', 'adjust', 'reverse'] }) kind: string;
  @ApiProperty({ example: 69 }) points: number;
  @ApiProperty({ example: 1312 }) balanceAfter: number;
  @ApiProperty({ example: 'order' }) source: string;
  @ApiProperty({ example: 'POS/2026/000123' }) reference: string;
  @ApiPropertyOptional({ example: 'POS/2026/000123', nullable: true, type: String }) orderRef: string | null;
  @ApiPropertyOptional({ example: 'Earned on order POS/2026/000123', nullable: true, type: String }) description: string | null;
  @ApiProperty({ example: '2026-11-22T10:15:00.000Z' }) createdAt: string;
}

export class HistoryPageDto {
  @ApiProperty({ type: [HistoryItemDto] }) items: HistoryItemDto[];
  @ApiPropertyOptional({ example: '10190', nullable: true, type: String, description: 'Pass as ?cursor= for the next (older) page; null at the end' })
  nextCursor: string | null;
}
