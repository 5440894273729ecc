import { planRefund, type RefundState } from './refunds';

const state = (over: Partial<RefundState> = {}): RefundState => ({
  netMinor: 10000, refundedMinor: 0, fullyRefunded: false, pointsEarned: 101, pointsReversed: 0,
  pointsRedeemed: 33, redeemedHandled: 0, discountMinor: 1000, discountReversedMinor: 0, ...over,
});

describe('planRefund', () => {
  it('a full refund takes back everything', () => {
    expect(planRefund(state(), null)).toEqual({ amountMinor: 10000, full: true, reverseEarned: 101, restoreRedeemed: 33, discountReversedMinor: 1000 });
  });

  it('partial refunds are proportional and add up to the full one', () => {
    const a = planRefund(state(), 3333);
    if (typeof a === 'string') throw new Error(a);
    expect(a).toMatchObject({ full: false, reverseEarned: 33, restoreRedeemed: 10, discountReversedMinor: 333 });
    const b = planRefund(state({ refundedMinor: 3333, pointsReversed: 33, redeemedHandled: 10, discountReversedMinor: 333 }), null);
    if (typeof b === 'string') throw new Error(b);
    expect(b).toMatchObject({ amountMinor: 6667, full: true, reverseEarned: 68, restoreRedeemed: 23, discountReversedMinor: 667 });
  });

  it('refuses more than what is left, and anything after a full refund', () => {
    expect(planRefund(state({ refundedMinor: 9000 }), 1001)).toBe('exceeds_order');
    expect(planRefund(state({ fullyRefunded: true }), null)).toBe('nothing_left');
  });

  it('an order paid entirely with points can still be refunded in full', () => {
    expect(planRefund(state({ netMinor: 0, pointsEarned: 0 }), null)).toMatchObject({ amountMinor: 0, full: true, restoreRedeemed: 33 });
  });
});
