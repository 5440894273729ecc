import { computeEarning, type EarnRule, type EarnTerms, type PricedLine } from './earning';

const terms = (over: Partial<EarnTerms> = {}): EarnTerms => ({
  pointsPerCurrencyUnit: 1, minOrderAmountMinor: 0, excludedProductRefs: [], excludedCategoryRefs: [], ...over,
});
const line = (productRef: string, amount: number, quantity = 1, categoryRef: string | null = null): PricedLine => ({
  productRef, categoryRef, quantity, amountMinor: Math.round(amount * 100),
});
const rule = (over: Partial<EarnRule>): EarnRule => ({
  id: 'r1', name: 'rule', scope: 'order', productRefs: [], categoryRefs: [], mode: 'money', points: 1, minimumAmountMinor: 0, minimumQty: 0, ...over,
});
const at = new Date('2026-06-01T10:00:00Z');

describe('computeEarning', () => {
  it('earns the base rate per currency unit, rounding down', () => {
    const r = computeEarning(terms({ pointsPerCurrencyUnit: 1 }), [], [line('A', 70.99)], 1, at);
    expect(r.basePoints).toBe(70);
    expect(r.total).toBe(70);
  });

  it('does not lose a point to float error on fractional rates', () => {
    const r = computeEarning(terms({ pointsPerCurrencyUnit: 0.1 }), [], [line('A', 70)], 1, at);
    expect(r.basePoints).toBe(7);
  });

  it('gives nothing for excluded products and categories', () => {
    const r = computeEarning(
      terms({ excludedProductRefs: ['GIFT'], excludedCategoryRefs: ['TOBACCO'] }), [],
      [line('A', 50), line('GIFT', 100), line('CIG', 30, 1, 'TOBACCO')], 1, at,
    );
    expect(r.eligibleAmountMinor).toBe(5000);
    expect(r.total).toBe(50);
  });

  it('gives nothing below the minimum order amount', () => {
    const r = computeEarning(terms({ minOrderAmountMinor: 10000 }), [rule({ mode: 'order', points: 50 })], [line('A', 99.99)], 1, at);
    expect(r.total).toBe(0);
  });

  it('multiplies base points by the tier multiplier but not bonus rules', () => {
    const r = computeEarning(terms(), [rule({ mode: 'order', points: 10 })], [line('A', 100)], 1.5, at);
    expect(r.multipliedBasePoints).toBe(150);
    expect(r.rules).toEqual([{ ruleId: 'r1', name: 'rule', points: 10 }]);
    expect(r.total).toBe(160);
  });

  it('applies product rules per unit and category rules per currency unit, only when their minimums are met', () => {
    const rules = [
      rule({ id: 'unit', scope: 'product', productRefs: ['MILK'], mode: 'unit', points: 5, minimumQty: 2 }),
      rule({ id: 'money', scope: 'category', categoryRefs: ['DAIRY'], mode: 'money', points: 2, minimumAmountMinor: 2000 }),
    ];
    const r = computeEarning(terms({ pointsPerCurrencyUnit: 0 }), rules, [line('MILK', 30, 3, 'DAIRY'), line('BREAD', 10, 1, 'BAKERY')], 1, at);
    expect(r.rules.map((x) => [x.ruleId, x.points])).toEqual([['unit', 15], ['money', 60]]);
    const fewer = computeEarning(terms({ pointsPerCurrencyUnit: 0 }), rules, [line('MILK', 15, 1, 'DAIRY')], 1, at);
    expect(fewer.rules).toEqual([]);
  });

  it('ignores rules outside their validity window', () => {
    const r = computeEarning(terms(), [rule({ mode: 'order', points: 10, validTo: at })], [line('A', 10)], 1, at);
    expect(r.rules).toEqual([]);
  });
});
