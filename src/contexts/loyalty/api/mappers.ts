import { fromMinor, toMinor } from '../domain/money';
import type { CardBalance, HistoryItem } from '../application/cards-query.service';
import type { MemberRow } from '../application/members.service';
import type { OrderSummary, RefundSummary } from '../application/orders.service';
import type { PointsMoveResult } from '../application/points.service';
import type { PromoRow } from '../application/promo-codes.service';
import type { MemberTierView } from '../application/tiers.service';
import type { LoyaltyProgram, LoyaltyProgramRule, LoyaltyReward } from '../persistence/program.entity';
import type { LoyaltyTier, LoyaltyTierSet } from '../persistence/tier.entity';
import type { CardBalanceDto, HistoryItemDto } from './dto/card.dto';
import type { MemberDto, MemberTierDto } from './dto/member.dto';
import type { OrderDetailDto, RefundSummaryDto } from './dto/order.dto';
import type { PointsMoveDto } from './dto/points.dto';
import type { ProgramDetailDto, ProgramDto, RewardDto, RuleDto } from './dto/program.dto';
import type { PromoCodeDto } from './dto/promo.dto';
import type { TierSetDto } from './dto/tier.dto';

// Allow-list mappers: a new column never leaks into a response by accident.
const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);
const num = (s: string | null) => (s === null ? null : Number(s));

export const balanceDto = (b: CardBalance): CardBalanceDto => ({
  cardId: b.cardId, cardCode: b.cardCode, status: b.status, programCode: b.programCode, memberId: b.memberId, balance: b.balance,
  nextExpiry: b.nextExpiry ? { points: b.nextExpiry.points, expiresAt: b.nextExpiry.expiresAt.toISOString() } : null,
  expiringWithin30Days: b.expiringWithin30Days, lifetimeEarned: b.lifetimeEarned, lifetimeRedeemed: b.lifetimeRedeemed, lifetimeExpired: b.lifetimeExpired,
  tier: b.tier ? { tierSetCode: b.tier.tierSetCode, code: b.tier.code, name: b.tier.name, since: iso(b.tier.since), earnMultiplier: b.tier.earnMultiplier } : null,
  updatedAt: b.updatedAt.toISOString(),
});

export const historyItemDto = (h: HistoryItem): HistoryItemDto => ({
  id: h.id, kind: h.kind, points: h.points, balanceAfter: h.balanceAfter, source: h.source, reference: h.sourceRef, orderRef: h.orderRef,
  description: h.description, createdAt: h.createdAt.toISOString(),
});

export const moveDto = (r: PointsMoveResult): PointsMoveDto => ({
  moveId: r.move.id, kind: r.move.kind, points: r.move.points, cardId: r.cardId, cardCode: r.cardCode, balance: r.balance,
  reference: r.move.sourceRef, expiresAt: iso(r.expiresAt), replayed: r.replayed, createdAt: new Date(r.move.createdAt).toISOString(),
});

export const memberTierDto = (t: MemberTierView): MemberTierDto => ({
  tierSetCode: t.tierSetCode, tierCode: t.tier?.code ?? null, tierName: t.tier?.name ?? null, since: iso(t.since),
  qualifyingAmount: fromMinor(t.qualifyingAmountMinor), windowStart: t.window.start.toISOString(), windowEnd: t.window.end.toISOString(),
  belowSince: iso(t.belowSince), downgradeDueAt: iso(t.downgradeDueAt),
  next: t.next ? { code: t.next.code, name: t.next.name, threshold: fromMinor(t.next.thresholdMinor), missing: fromMinor(t.next.missingMinor) } : null,
});

export const memberDto = (
  m: MemberRow,
  cards: Array<{ id: string; code: string; programCode: string; balance: number; status: string }>,
  tiers: MemberTierView[],
): MemberDto => ({
  memberId: m.id, odooPartnerId: m.odooPartnerId, externalRef: m.externalRef, name: m.name, status: m.status, referralCode: m.referralCode,
  enrolledAt: new Date(m.enrolledAt).toISOString(), firstOrderAt: iso(m.firstOrderAt),
  cards: cards.map((c) => ({ cardId: c.id, cardCode: c.code, programCode: c.programCode, balance: c.balance, status: c.status })),
  tiers: tiers.map(memberTierDto),
});

const refundDto = (r: RefundSummary): RefundSummaryDto => ({
  refundRef: r.refundRef, amount: Number(r.amount), full: r.full, pointsReversed: r.pointsReversed, pointsRestored: r.pointsRestored,
  pointsUnrecovered: r.pointsUnrecovered, pointsForfeited: r.pointsForfeited, reason: r.reason, createdAt: r.createdAt.toISOString(),
});

export const orderDetailDto = (o: OrderSummary, refunds: RefundSummary[]): OrderDetailDto => ({
  orderRef: o.orderRef, source: o.source, status: o.status, orderedAt: o.orderedAt.toISOString(), currency: o.currency,
  subtotal: Number(o.subtotal), discountTotal: Number(o.discountTotal), total: Number(o.total), refunded: Number(o.refunded),
  pointsEarned: o.pointsEarned, pointsRedeemed: o.pointsRedeemed, pointsReversed: o.pointsReversed, pointsRestored: o.pointsRestored,
  programCode: o.programCode, cardId: o.cardId, applied: { ...o.result, replayed: false }, refunds: refunds.map(refundDto),
});

export const programDto = (p: LoyaltyProgram): ProgramDto => ({
  id: p.id, code: p.code, name: p.name, currency: p.currency, pointsPerCurrencyUnit: Number(p.pointsPerCurrencyUnit), minOrderAmount: Number(p.minOrderAmount),
  pointValidityDays: p.pointValidityDays, redemptionValue: Number(p.redemptionValue), minRedeemPoints: p.minRedeemPoints, maxRedeemRatio: Number(p.maxRedeemRatio),
  excludedProductRefs: p.excludedProductRefs, excludedCategoryRefs: p.excludedCategoryRefs, referrerPoints: p.referrerPoints, refereePoints: p.refereePoints,
  referralMinOrderAmount: Number(p.referralMinOrderAmount), isDefault: p.isDefault, active: p.active, validFrom: iso(p.validFrom), validTo: iso(p.validTo),
  odooProgramId: p.odooProgramId,
});

export const ruleDto = (r: LoyaltyProgramRule): RuleDto => ({
  id: r.id, name: r.name, scope: r.scope, productRefs: r.productRefs, categoryRefs: r.categoryRefs, mode: r.mode, points: Number(r.points),
  minimumAmount: Number(r.minimumAmount), minimumQty: Number(r.minimumQty), active: r.active, validFrom: iso(r.validFrom), validTo: iso(r.validTo),
});

export const rewardDto = (r: LoyaltyReward): RewardDto => ({
  id: r.id, name: r.name, rewardType: r.rewardType, requiredPoints: r.requiredPoints, discountAmount: Number(r.discountAmount),
  discountPercent: Number(r.discountPercent), maxDiscount: num(r.maxDiscount), productRef: r.productRef, active: r.active,
});

export const programDetailDto = (d: { program: LoyaltyProgram; rules: LoyaltyProgramRule[]; rewards: LoyaltyReward[] }): ProgramDetailDto => ({
  ...programDto(d.program), rules: d.rules.map(ruleDto), rewards: d.rewards.map(rewardDto),
});

export const tierSetDto = (d: { set: LoyaltyTierSet; tiers: LoyaltyTier[] }): TierSetDto => ({
  id: d.set.id, code: d.set.code, name: d.set.name, primaryProgramId: d.set.primaryProgramId, windowDays: d.set.windowDays,
  downgradePolicy: d.set.downgradePolicy, downgradeAfterDays: d.set.downgradeAfterDays, active: d.set.active,
  tiers: d.tiers.map((t) => ({
    id: t.id, code: t.code, name: t.name, rank: t.rank, thresholdAmount: Number(t.thresholdAmount), earnMultiplier: Number(t.earnMultiplier),
    odooMembershipProductId: t.odooMembershipProductId,
  })),
});

export const promoDto = (p: PromoRow): PromoCodeDto => ({
  id: p.id, code: p.code, programId: p.programId, name: p.name, discountType: p.discountType, discountValue: Number(p.discountValue),
  maxDiscount: num(p.maxDiscount), bonusPoints: p.bonusPoints, minOrderAmount: Number(p.minOrderAmount), productRefs: p.productRefs,
  categoryRefs: p.categoryRefs, validFrom: iso(p.validFrom), validTo: iso(p.validTo), maxUses: p.maxUses, maxUsesPerMember: p.maxUsesPerMember,
  usesCount: p.usesCount, active: p.active,
});

export const amountToMinor = (n: number | undefined | null) => (n === undefined || n === null ? null : toMinor(n));
export const dateOrNull = (s: string | null | undefined) => (s === undefined ? undefined : s === null ? null : new Date(s));
