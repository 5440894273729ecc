import type { PricedLine } from './earning';
import { allocateProportionally, type Minor } from './money';

export interface OrderLineInput {
  productRef: string;
  categoryRef: string | null;
  quantity: number;
  unitPriceMinor: Minor;
  lineDiscountMinor: Minor;
}

export type DiscountSource = 'promo' | 'reward' | 'points';

export interface AppliedDiscount {
  source: DiscountSource;
  /** Promo code, reward id or `points`. */
  ref: string;
  amountMinor: Minor;
  points?: number;
}

/**
 * The running price of an order while discounts are applied one after another (promo codes in the
 * order given, then a reward, then points as payment). Each discount is spread over the lines it
 * applies to, so per-line amounts stay exact for earning rules and partial refunds.
 */
export class OrderPricing {
  private readonly remaining: Minor[];
  readonly discounts: AppliedDiscount[] = [];

  constructor(readonly lines: readonly OrderLineInput[]) {
    this.remaining = lines.map((l) => Math.max(0, Math.round(l.quantity * l.unitPriceMinor) - l.lineDiscountMinor));
  }

  get subtotalMinor(): Minor {
    return this.lines.reduce((s, l) => s + Math.max(0, Math.round(l.quantity * l.unitPriceMinor) - l.lineDiscountMinor), 0);
  }

  get totalMinor(): Minor {
    return this.remaining.reduce((a, b) => a + b, 0);
  }

  get discountTotalMinor(): Minor {
    return this.discounts.reduce((s, d) => s + d.amountMinor, 0);
  }

  /** Indexes of lines matching product/category filters (no filter = every line). */
  matching(productRefs: readonly string[], categoryRefs: readonly string[]): number[] {
    const all = !productRefs.length && !categoryRefs.length;
    return this.lines
      .map((l, i) => ({ l, i }))
      .filter(({ l }) => all || productRefs.includes(l.productRef) || (l.categoryRef !== null && categoryRefs.includes(l.categoryRef)))
      .map(({ i }) => i);
  }

  amountOf(indexes: readonly number[]): Minor {
    return indexes.reduce((s, i) => s + this.remaining[i], 0);
  }

  /** Applies up to `amountMinor` over `indexes`; returns what was actually applied (never below zero). */
  apply(source: DiscountSource, ref: string, amountMinor: Minor, indexes: readonly number[], points?: number): Minor {
    const applied = Math.max(0, Math.min(Math.floor(amountMinor), this.amountOf(indexes)));
    if (applied === 0) return 0;
    const parts = allocateProportionally(applied, indexes.map((i) => this.remaining[i]));
    indexes.forEach((i, k) => (this.remaining[i] -= parts[k]));
    this.discounts.push({ source, ref, amountMinor: applied, ...(points !== undefined ? { points } : {}) });
    return applied;
  }

  netLines(): PricedLine[] {
    return this.lines.map((l, i) => ({ productRef: l.productRef, categoryRef: l.categoryRef, quantity: l.quantity, amountMinor: this.remaining[i] }));
  }
}

export interface PromoTerms {
  code: string;
  programId: string | null;
  discountType: 'percent' | 'fixed' | 'points';
  /** Percent (0–100) for `percent`, minor units for `fixed`. */
  discountValue: number;
  maxDiscountMinor: Minor | null;
  bonusPoints: number;
  minOrderAmountMinor: Minor;
  productRefs: readonly string[];
  categoryRefs: readonly string[];
  validFrom: Date | null;
  validTo: Date | null;
  active: boolean;
  maxUses: number | null;
  usesCount: number;
  maxUsesPerMember: number | null;
}

export type PromoRejection =
  | 'inactive' | 'not_started' | 'expired' | 'wrong_program' | 'min_order_amount' | 'no_eligible_lines' | 'usage_limit' | 'member_limit';

/**
 * Whether a promo code can be used on this order. The usage limits are checked again atomically
 * in Postgres when the use is recorded; this check gives the early, readable answer.
 */
export function checkPromo(
  promo: PromoTerms,
  ctx: { at: Date; programId: string; subtotalMinor: Minor; memberUses: number; eligibleMinor: Minor },
): PromoRejection | null {
  if (!promo.active) return 'inactive';
  if (promo.validFrom && promo.validFrom > ctx.at) return 'not_started';
  if (promo.validTo && promo.validTo <= ctx.at) return 'expired';
  if (promo.programId && promo.programId !== ctx.programId) return 'wrong_program';
  if (ctx.subtotalMinor < promo.minOrderAmountMinor) return 'min_order_amount';
  if (ctx.eligibleMinor <= 0 && promo.discountType !== 'points') return 'no_eligible_lines';
  if (promo.maxUses !== null && promo.usesCount >= promo.maxUses) return 'usage_limit';
  if (promo.maxUsesPerMember !== null && ctx.memberUses >= promo.maxUsesPerMember) return 'member_limit';
  return null;
}

/** The discount a promo code is worth on its eligible amount (bonus points are granted separately). */
export function promoDiscount(promo: PromoTerms, eligibleMinor: Minor): Minor {
  let d = 0;
  if (promo.discountType === 'percent') d = Math.floor((eligibleMinor * Math.min(100, promo.discountValue)) / 100);
  else if (promo.discountType === 'fixed') d = Math.min(eligibleMinor, Math.round(promo.discountValue));
  if (promo.maxDiscountMinor !== null) d = Math.min(d, promo.maxDiscountMinor);
  return Math.max(0, d);
}

export interface RewardTerms {
  id: string;
  rewardType: 'fixed_discount' | 'percent_discount' | 'free_product';
  requiredPoints: number;
  discountAmountMinor: Minor;
  discountPercent: number;
  maxDiscountMinor: Minor | null;
  productRef: string | null;
}

/** What a reward takes off the order, and on which lines; null when the order has nothing it applies to. */
export function rewardDiscount(reward: RewardTerms, pricing: OrderPricing): { amountMinor: Minor; indexes: number[] } | null {
  if (reward.rewardType === 'free_product') {
    const idx = pricing.lines.map((l, i) => ({ l, i })).filter(({ l }) => l.productRef === reward.productRef && l.quantity >= 1);
    if (!idx.length) return null;
    // One unit free: the cheapest matching unit, at what is left of its price after earlier discounts.
    const unit = idx
      .map(({ l, i }) => ({ i, unit: Math.floor(pricing.amountOf([i]) / l.quantity) }))
      .sort((a, b) => a.unit - b.unit)[0];
    return { amountMinor: unit.unit, indexes: [unit.i] };
  }
  const all = pricing.lines.map((_, i) => i);
  let amount =
    reward.rewardType === 'fixed_discount'
      ? reward.discountAmountMinor
      : Math.floor((pricing.totalMinor * Math.min(100, reward.discountPercent)) / 100);
  if (reward.maxDiscountMinor !== null) amount = Math.min(amount, reward.maxDiscountMinor);
  return { amountMinor: amount, indexes: all };
}

export interface RedemptionTerms {
  /** Currency units one point is worth, e.g. 0.10. Zero disables paying with points. */
  redemptionValue: number;
  minRedeemPoints: number;
  /** At most this share of the order total may be paid with points (0 < r <= 1). */
  maxRedeemRatio: number;
}

export type RedemptionRejection = 'disabled' | 'below_minimum';

/**
 * How many of the requested points an order can use as payment: never more than the capped share
 * of what is left to pay, rounded down to whole points so the discount never exceeds the cap.
 */
export function planPointsPayment(
  terms: RedemptionTerms,
  requestedPoints: number,
  remainingMinor: Minor,
): { points: number; discountMinor: Minor } | RedemptionRejection {
  if (terms.redemptionValue <= 0) return 'disabled';
  if (requestedPoints < terms.minRedeemPoints) return 'below_minimum';
  const perPointMinor = terms.redemptionValue * 100;
  const capMinor = Math.floor(remainingMinor * terms.maxRedeemRatio + 1e-9);
  const maxPoints = Math.floor(capMinor / perPointMinor + 1e-9);
  const points = Math.max(0, Math.min(requestedPoints, maxPoints));
  return { points, discountMinor: Math.floor(points * perPointMinor + 1e-9) };
}
