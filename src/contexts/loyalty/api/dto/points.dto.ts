import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, NotEquals } from 'class-validator';
import { MAX_POINTS, REF_RE } from './common';

const CARD_REF_RE = /^[A-Za-z0-9-]{6,40}$/;

export class EarnPointsDto {
  @ApiProperty({ example: 'LC7KQ2MZP4XH', description: 'Card id (uuid) or card code' }) @IsString() @Matches(CARD_REF_RE) cardId: string;
  @ApiProperty({ example: 50 }) @IsInt() @Min(1) @Max(MAX_POINTS) points: number;
  @ApiProperty({ example: 'review-2026-0042', description: 'Your unique reference for this move: the idempotency key (per card)' }) @IsString() @Matches(REF_RE) reference: string;
  @ApiPropertyOptional({ example: 'Product review bonus' }) @IsOptional() @IsString() @MaxLength(300) reason?: string;
  @ApiPropertyOptional({ example: '2027-06-30T00:00:00Z', description: "Override the program's validity for these points" }) @IsOptional() @IsDateString() expiresAt?: string;
}

export class RedeemPointsDto {
  @ApiProperty({ example: 'LC7KQ2MZP4XH', description: 'Card id (uuid) or card code' }) @IsString() @Matches(CARD_REF_RE) cardId: string;
  @ApiProperty({ example: 100 }) @IsInt() @Min(1) @Max(MAX_POINTS) points: number;
  @ApiProperty({ example: 'voucher-2026-0099', description: 'Your unique reference for this move: the idempotency key (per card)' }) @IsString() @Matches(REF_RE) reference: string;
  @ApiPropertyOptional({ example: 'Cinema voucher' }) @IsOptional() @IsString() @MaxLength(300) reason?: string;
}

export class AdjustPointsDto {
  @ApiProperty({ example: 'LC7KQ2MZP4XH' }) @IsString() @Matches(CARD_REF_RE) cardId: string;
  @ApiProperty({ example: -40, description: 'Signed correction' }) @IsInt() @NotEquals(0) @Min(-MAX_POINTS) @Max(MAX_POINTS) points: number;
  @ApiProperty({ example: 'ticket-8812' }) @IsString() @Matches(REF_RE) reference: string;
  @ApiProperty({ example: 'Double-scanned receipt' }) @IsString() @MinLength(3) @MaxLength(300) reason: string;
}

export class PointsMoveDto {
  @ApiProperty({ example: '10234' }) moveId: string;
  @ApiProperty({ example: 'earn', enum: ['earn', 'redeem', 'adjust'] }) kind: string;
  @ApiProperty({ example: 50, description: 'Signed points of the move' }) points: number;
  @ApiProperty({ example: '6c7d…' }) cardId: string;
  @ApiProperty({ example: 'LC7KQ2MZP4XH' }) cardCode: string;
  @ApiProperty({ example: 1362, description: 'Card balance after the move' }) balance: number;
  @ApiProperty({ example: 'review-2026-0042' }) reference: string;
  @ApiPropertyOptional({ example: '2027-11-23T00:00:00.000Z', nullable: true, type: String }) expiresAt: string | null;
  @ApiProperty({ example: false, description: 'True when this answers a replay (nothing changed)' }) replayed: boolean;
  @ApiProperty({ example: '2026-11-22T10:15:00.000Z' }) createdAt: string;
}
