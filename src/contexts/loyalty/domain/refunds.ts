import type { Minor } from './money';

export interface RefundState {
  netMinor: Minor;
  refundedMinor: Minor;
  fullyRefunded: boolean;
  pointsEarned: number;
  pointsReversed: number;
  pointsRedeemed: number;
  /** Redeemed points already given back or forfeited by earlier refunds. */
  redeemedHandled: number;
  discountMinor: Minor;
  discountReversedMinor: Minor;
}

export interface RefundPlan {
  amountMinor: Minor;
  full: boolean;
  /** Earned points to take back with this refund. */
  reverseEarned: number;
  /** Redeemed points to give back (or forfeit) with this refund. */
  restoreRedeemed: number;
  discountReversedMinor: Minor;
}

/**
 * A refund of `requestedMinor` (null: everything not yet refunded) takes back the points the order
 * earned, gives back the points it used and reverses its discounts in proportion to the cumulative
 * refunded share, so several partial refunds add up exactly to one full refund.
 */
export function planRefund(s: RefundState, requestedMinor: Minor | null): RefundPlan | 'nothing_left' | 'exceeds_order' {
  if (s.fullyRefunded) return 'nothing_left';
  const left = Math.max(0, s.netMinor - s.refundedMinor);
  const amountMinor = requestedMinor ?? left;
  if (amountMinor > left) return 'exceeds_order';
  const cumulative = s.refundedMinor + amountMinor;
  const full = cumulative >= s.netMinor;
  const share = (total: number) => (full ? total : Math.floor((total * cumulative) / s.netMinor));
  return {
    amountMinor,
    full,
    reverseEarned: Math.max(0, share(s.pointsEarned) - s.pointsReversed),
    restoreRedeemed: Math.max(0, share(s.pointsRedeemed) - s.redeemedHandled),
    discountReversedMinor: Math.max(0, share(s.discountMinor) - s.discountReversedMinor),
  };
}
