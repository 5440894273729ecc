import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsDateString, IsEmail, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min,
  ValidateNested,
} from 'class-validator';
import { CODE_RE, IsAmount, MAX_POINTS, REF_RE } from './common';

export class CustomerDto {
  @ApiPropertyOptional({ example: 42, description: 'Odoo res.partner id' }) @IsOptional() @IsInt() @Min(1) @Max(2_147_483_647) odooPartnerId?: number;
  @ApiPropertyOptional({ example: 'CUST-000123', description: 'Your customer reference, when the customer is not (yet) an Odoo partner' })
  @IsOptional() @IsString() @Matches(REF_RE) externalRef?: string;
  @ApiPropertyOptional({ example: 'Mona Adel' }) @IsOptional() @IsString() @MaxLength(200) name?: string;
  @ApiPropertyOptional({ example: 'mona@example.com' }) @IsOptional() @IsEmail() @MaxLength(254) email?: string;
  @ApiPropertyOptional({ example: '+201001234567' }) @IsOptional() @IsString() @MaxLength(40) phone?: string;
}

export class OrderLineDto {
  @ApiProperty({ example: 'SKU-1001' }) @IsString() @Matches(REF_RE) productRef: string;
  @ApiPropertyOptional({ example: 'DAIRY' }) @IsOptional() @IsString() @MaxLength(120) categoryRef?: string;
  @ApiProperty({ example: 2 }) @IsNumber({ maxDecimalPlaces: 3 }) @Min(0.001) @Max(1_000_000) quantity: number;
  @ApiProperty({ example: 49.5, description: 'Unit price in the program currency' }) @IsAmount() unitPrice: number;
  @ApiPropertyOptional({ example: 0, description: 'Discount already given on this line (amount)' }) @IsOptional() @IsAmount() lineDiscount?: number;
}

export class CreateOrderDto {
  @ApiProperty({ example: 'POS/2026/000123', description: 'Your unique order reference: the idempotency key' }) @IsString() @Matches(REF_RE) orderRef: string;
  @ApiPropertyOptional({ example: 'pos', enum: ['pos', 'web', 'app', 'odoo_sale', 'odoo_pos', 'other'], default: 'pos' })
  @IsOptional() @IsIn(['pos', 'web', 'app', 'odoo_sale', 'odoo_pos', 'other']) source?: string;
  @ApiPropertyOptional({ example: '2026-11-22T10:15:00Z', description: 'When the sale happened (default: now)' }) @IsOptional() @IsDateString() orderedAt?: string;
  @ApiPropertyOptional({ example: 'EGP' }) @IsOptional() @IsString() @Length(3, 3) currency?: string;
  @ApiProperty({ type: CustomerDto }) @ValidateNested() @Type(() => CustomerDto) customer: CustomerDto;
  @ApiPropertyOptional({ example: 'RETAIL', description: 'Program code (default: the default program)' }) @IsOptional() @IsString() @Matches(CODE_RE) program?: string;
  @ApiProperty({ type: [OrderLineDto] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => OrderLineDto) lines: OrderLineDto[];
  @ApiPropertyOptional({ example: ['WELCOME10'] }) @IsOptional() @IsArray() @ArrayMaxSize(5) @IsString({ each: true }) @Matches(CODE_RE, { each: true }) promoCodes?: string[];
  @ApiPropertyOptional({ example: 'R7KQ2MZP', description: "A referrer's code (the member's first order rewards both)" })
  @IsOptional() @IsString() @Matches(CODE_RE) referralCode?: string;
  @ApiPropertyOptional({ example: 200, description: 'Points to pay with (converted at the program redemption value)' })
  @IsOptional() @IsInt() @Min(1) @Max(MAX_POINTS) redeemPoints?: number;
  @ApiPropertyOptional({ example: '3d4b9f0e-2a71-4c55-8e0a-9c1d2b3e4f50', description: 'A reward of the program to claim with points' })
  @IsOptional() @IsUUID() rewardId?: string;
}

export class AppliedDiscountDto {
  @ApiProperty({ example: 'promo', enum: ['promo', 'reward', 'points'] }) source: string;
  @ApiProperty({ example: 'WELCOME10' }) ref: string;
  @ApiProperty({ example: 9.9 }) amount: number;
  @ApiPropertyOptional({ example: 200 }) points?: number;
}

export class EarningBreakdownDto {
  @ApiProperty({ example: 79 }) basePoints: number;
  @ApiProperty({ example: 1.5 }) multiplier: number;
  @ApiProperty({ example: 118 }) multipliedBasePoints: number;
  @ApiProperty({ example: [{ ruleId: '5b1f…', name: 'Dairy double', points: 20 }] }) rules: Array<{ ruleId: string; name: string; points: number }>;
  @ApiProperty({ example: 50 }) promoBonusPoints: number;
}

export class ReferralOutcomeDto {
  @ApiProperty({ example: 'rewarded', enum: ['rewarded', 'not_eligible', 'none'] }) status: string;
  @ApiPropertyOptional({ example: 'not_first_order' }) reason?: string;
  @ApiPropertyOptional({ example: 'a1b2…' }) referralId?: string;
  @ApiPropertyOptional({ example: 'c3d4…' }) referrerMemberId?: string;
  @ApiPropertyOptional({ example: 100 }) referrerPoints?: number;
  @ApiPropertyOptional({ example: 50 }) refereePoints?: number;
}

export class TierChangeDto {
  @ApiProperty({ example: 'RETAIL' }) tierSetCode: string;
  @ApiPropertyOptional({ example: { id: '…', code: 'SILVER' }, nullable: true }) from: { id: string; code: string } | null;
  @ApiPropertyOptional({ example: { id: '…', code: 'GOLD' }, nullable: true }) to: { id: string; code: string } | null;
  @ApiProperty({ example: 'upgrade', enum: ['upgrade', 'downgrade', 'admin'] }) direction: string;
}

export class OrderResultDto {
  @ApiProperty({ example: '8a3c…' }) orderId: string;
  @ApiProperty({ example: 'POS/2026/000123' }) orderRef: string;
  @ApiProperty({ example: 'applied' }) status: string;
  @ApiProperty({ example: false, description: 'True when this answers a replay of an order already applied (nothing changed)' }) replayed: boolean;
  @ApiProperty({ example: '1f2e…' }) memberId: string;
  @ApiProperty({ example: '6c7d…' }) cardId: string;
  @ApiProperty({ example: 'LC7KQ2MZP4XH' }) cardCode: string;
  @ApiProperty({ example: 'RETAIL' }) programCode: string;
  @ApiProperty({ example: 'EGP' }) currency: string;
  @ApiProperty({ example: 99 }) subtotal: number;
  @ApiProperty({ type: [AppliedDiscountDto] }) discounts: AppliedDiscountDto[];
  @ApiProperty({ example: 29.9 }) discountTotal: number;
  @ApiProperty({ example: 69.1, description: 'What the member pays' }) total: number;
  @ApiProperty({ example: 200 }) pointsRedeemed: number;
  @ApiProperty({ example: 69 }) pointsEarned: number;
  @ApiProperty({ type: EarningBreakdownDto }) earning: EarningBreakdownDto;
  @ApiPropertyOptional({ example: '2027-11-23T00:00:00.000Z', nullable: true, type: String }) pointsExpireAt: string | null;
  @ApiProperty({ type: ReferralOutcomeDto }) referral: ReferralOutcomeDto;
  @ApiProperty({ type: [TierChangeDto] }) tierChanges: TierChangeDto[];
  @ApiProperty({ example: 1312, description: 'Card balance after the order' }) balance: number;
}

export class CreateRefundDto {
  @ApiProperty({ example: 'RF/2026/000045', description: 'Your unique refund reference: the idempotency key' }) @IsString() @Matches(REF_RE) refundRef: string;
  @ApiPropertyOptional({ example: 20, description: 'Net amount refunded; omit to refund everything not refunded yet' }) @IsOptional() @IsAmount(0.01) amount?: number;
  @ApiPropertyOptional({ example: 'Damaged item' }) @IsOptional() @IsString() @MaxLength(300) reason?: string;
}

export class RefundResultDto {
  @ApiProperty({ example: 'POS/2026/000123' }) orderRef: string;
  @ApiProperty({ example: 'RF/2026/000045' }) refundRef: string;
  @ApiProperty({ example: false }) replayed: boolean;
  @ApiProperty({ example: 20 }) amount: number;
  @ApiProperty({ example: false }) full: boolean;
  @ApiProperty({ example: 'partially_refunded', enum: ['partially_refunded', 'refunded'] }) orderStatus: string;
  @ApiProperty({ example: 20 }) refundedTotal: number;
  @ApiProperty({ example: 20, description: 'Earned points taken back' }) pointsReversed: number;
  @ApiProperty({ example: 0, description: 'Points that should have been taken back but the balance no longer had' }) pointsUnrecovered: number;
  @ApiProperty({ example: 58, description: 'Redeemed points given back' }) pointsRestored: number;
  @ApiProperty({ example: 0, description: 'Redeemed points not given back because they would have expired by now' }) pointsForfeited: number;
  @ApiProperty({ example: 5.98 }) discountReversed: number;
  @ApiProperty({ example: [] }) promoCodesReleased: string[];
  @ApiProperty({ example: false }) referralReversed: boolean;
  @ApiProperty({ example: 1350 }) balance: number;
}

export class RefundSummaryDto {
  @ApiProperty({ example: 'RF/2026/000045' }) refundRef: string;
  @ApiProperty({ example: 20 }) amount: number;
  @ApiProperty({ example: false }) full: boolean;
  @ApiProperty({ example: 20 }) pointsReversed: number;
  @ApiProperty({ example: 58 }) pointsRestored: number;
  @ApiProperty({ example: 0 }) pointsUnrecovered: number;
  @ApiProperty({ example: 0 }) pointsForfeited: number;
  @ApiPropertyOptional({ example: 'Damaged item', nullable: true, type: String }) reason: string | null;
  @ApiProperty({ example: '2026-11-22T10:20:00.000Z' }) createdAt: string;
}

export class OrderDetailDto {
  @ApiProperty({ example: 'POS/2026/000123' }) orderRef: string;
  @ApiProperty({ example: 'pos' }) source: string;
  @ApiProperty({ example: 'applied', enum: ['applied', 'partially_refunded', 'refunded'] }) status: string;
  @ApiProperty({ example: '2026-11-22T10:15:00.000Z' }) orderedAt: string;
  @ApiProperty({ example: 'EGP' }) currency: string;
  @ApiProperty({ example: 99 }) subtotal: number;
  @ApiProperty({ example: 29.9 }) discountTotal: number;
  @ApiProperty({ example: 69.1 }) total: number;
  @ApiProperty({ example: 20 }) refunded: number;
  @ApiProperty({ example: 69 }) pointsEarned: number;
  @ApiProperty({ example: 200 }) pointsRedeemed: number;
  @ApiProperty({ example: 20 }) pointsReversed: number;
  @ApiProperty({ example: 58 }) pointsRestored: number;
  @ApiProperty({ example: 'RETAIL' }) programCode: string;
  @ApiProperty({ example: '6c7d…' }) cardId: string;
  @ApiProperty({ type: OrderResultDto, description: 'What the order applied' }) applied: OrderResultDto;
  @ApiProperty({ type: [RefundSummaryDto] }) refunds: RefundSummaryDto[];
}
