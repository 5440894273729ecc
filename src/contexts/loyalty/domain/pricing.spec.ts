import { checkPromo, OrderPricing, planPointsPayment, promoDiscount, rewardDiscount, type PromoTerms, type RewardTerms } from './pricing';

const lines = () => new OrderPricing([
  { productRef: 'A', categoryRef: 'FOOD', quantity: 2, unitPriceMinor: 2500, lineDiscountMinor: 0 },
  { productRef: 'B', categoryRef: 'TOYS', quantity: 1, unitPriceMinor: 5000, lineDiscountMinor: 1000 },
]);
const promo = (over: Partial<PromoTerms> = {}): PromoTerms => ({
  code: 'P', programId: null, discountType: 'percent', discountValue: 10, maxDiscountMinor: null, bonusPoints: 0,
  minOrderAmountMinor: 0, productRefs: [], categoryRefs: [], validFrom: null, validTo: null, active: true,
  maxUses: null, usesCount: 0, maxUsesPerMember: null, ...over,
});
const at = new Date('2026-06-01T00:00:00Z');

describe('OrderPricing', () => {
  it('spreads a discount over the lines it applies to, exactly', () => {
    const p = lines();
    expect(p.subtotalMinor).toBe(9000);
    p.apply('promo', 'X', 1001, [0, 1]);
    const net = p.netLines().map((l) => l.amountMinor);
    expect(net[0] + net[1]).toBe(7999);
    expect(p.totalMinor).toBe(7999);
  });

  it('never discounts below zero', () => {
    const p = lines();
    expect(p.apply('promo', 'X', 999999, p.matching(['A'], []))).toBe(5000);
    expect(p.totalMinor).toBe(4000);
  });
});

describe('promo codes', () => {
  it('rejects by validity, program, minimum and limits', () => {
    const ctx = { at, programId: 'p1', subtotalMinor: 9000, memberUses: 0, eligibleMinor: 9000 };
    expect(checkPromo(promo({ active: false }), ctx)).toBe('inactive');
    expect(checkPromo(promo({ validFrom: new Date('2026-07-01') }), ctx)).toBe('not_started');
    expect(checkPromo(promo({ validTo: at }), ctx)).toBe('expired');
    expect(checkPromo(promo({ programId: 'p2' }), ctx)).toBe('wrong_program');
    expect(checkPromo(promo({ minOrderAmountMinor: 10000 }), ctx)).toBe('min_order_amount');
    expect(checkPromo(promo({ maxUses: 5, usesCount: 5 }), ctx)).toBe('usage_limit');
    expect(checkPromo(promo({ maxUsesPerMember: 1 }), { ...ctx, memberUses: 1 })).toBe('member_limit');
    expect(checkPromo(promo(), { ...ctx, eligibleMinor: 0 })).toBe('no_eligible_lines');
    expect(checkPromo(promo(), ctx)).toBeNull();
  });

  it('computes percent with a cap, and fixed never above the eligible amount', () => {
    expect(promoDiscount(promo({ discountValue: 10 }), 9000)).toBe(900);
    expect(promoDiscount(promo({ discountValue: 50, maxDiscountMinor: 1000 }), 9000)).toBe(1000);
    expect(promoDiscount(promo({ discountType: 'fixed', discountValue: 20000 }), 9000)).toBe(9000);
    expect(promoDiscount(promo({ discountType: 'points', bonusPoints: 50 }), 9000)).toBe(0);
  });
});

describe('rewards', () => {
  const reward = (over: Partial<RewardTerms>): RewardTerms => ({
    id: 'w', rewardType: 'fixed_discount', requiredPoints: 100, discountAmountMinor: 0, discountPercent: 0, maxDiscountMinor: null, productRef: null, ...over,
  });
  it('gives one unit of a free product at its current price', () => {
    expect(rewardDiscount(reward({ rewardType: 'free_product', productRef: 'A' }), lines())).toEqual({ amountMinor: 2500, indexes: [0] });
    expect(rewardDiscount(reward({ rewardType: 'free_product', productRef: 'Z' }), lines())).toBeNull();
  });
  it('caps a percent reward', () => {
    expect(rewardDiscount(reward({ rewardType: 'percent_discount', discountPercent: 50, maxDiscountMinor: 1000 }), lines())?.amountMinor).toBe(1000);
  });
});

describe('planPointsPayment', () => {
  const terms = { redemptionValue: 0.1, minRedeemPoints: 100, maxRedeemRatio: 0.5 };
  it('converts points at the redemption value', () => {
    expect(planPointsPayment(terms, 200, 10000)).toEqual({ points: 200, discountMinor: 2000 });
  });
  it('uses only as many points as the capped share of the total allows', () => {
    expect(planPointsPayment(terms, 1000, 10001)).toEqual({ points: 500, discountMinor: 5000 });
  });
  it('rejects below the minimum or when disabled', () => {
    expect(planPointsPayment(terms, 50, 10000)).toBe('below_minimum');
    expect(planPointsPayment({ ...terms, redemptionValue: 0 }, 500, 10000)).toBe('disabled');
  });
});
