/**
 * Events the Loyalty context publishes. Each is written to the `loyalty_event` outbox in the
 * transaction that caused it, then dispatched by the worker: emitted in-process on EventEmitter2
 * (`@OnEvent(LoyaltyEventType.PointsEarned)`; the payload is a `LoyaltyEvent<…>` envelope) and
 * delivered to partner webhooks subscribed to its type. Delivery is at-least-once: listeners
 * de-duplicate on `event.id`.
 */
export const LoyaltyEventType = {
  MemberEnrolled: 'loyalty.member.enrolled',
  OrderApplied: 'loyalty.order.applied',
  OrderRefunded: 'loyalty.order.refunded',
  PointsEarned: 'loyalty.points.earned',
  PointsRedeemed: 'loyalty.points.redeemed',
  PointsExpired: 'loyalty.points.expired',
  PointsAdjusted: 'loyalty.points.adjusted',
  PointsReversed: 'loyalty.points.reversed',
  TierChanged: 'loyalty.membership.tier-changed',
  ReferralRewarded: 'loyalty.referral.rewarded',
} as const;
export type LoyaltyEventName = (typeof LoyaltyEventType)[keyof typeof LoyaltyEventType];
export const LOYALTY_EVENT_TYPES: readonly LoyaltyEventName[] = Object.values(LoyaltyEventType);

export interface LoyaltyEvent<T = LoyaltyEventData> {
  /** Unique id of the event (the outbox row id): the de-duplication key. */
  id: string;
  type: LoyaltyEventName;
  occurredAt: string;
  data: T;
}

export interface MemberEnrolledData {
  memberId: string;
  odooPartnerId: number | null;
  externalRef: string | null;
  referralCode: string;
}

export interface PointsMovedData {
  cardId: string;
  memberId: string;
  programId: string;
  /** Signed: positive for credits, negative for debits. */
  points: number;
  balance: number;
  moveId: string;
  source: string;
  sourceRef: string;
  orderRef?: string | null;
  expiresAt?: string | null;
  reason?: string | null;
}

export interface PointsExpiredData {
  cardId: string;
  memberId: string;
  programId: string;
  points: number;
  balance: number;
  moveId: string;
  buckets: number;
  expiredAt: string;
}

export interface OrderAppliedData {
  orderId: string;
  orderRef: string;
  memberId: string;
  cardId: string;
  programId: string;
  currency: string;
  subtotal: number;
  discountTotal: number;
  total: number;
  pointsEarned: number;
  pointsRedeemed: number;
  promoCodes: string[];
}

export interface OrderRefundedData {
  orderId: string;
  orderRef: string;
  refundRef: string;
  memberId: string;
  cardId: string;
  amount: number;
  full: boolean;
  pointsReversed: number;
  pointsRestored: number;
  pointsUnrecovered: number;
}

export interface TierChangedData {
  memberId: string;
  odooPartnerId: number | null;
  tierSetId: string;
  tierSetCode: string;
  from: { id: string; code: string } | null;
  to: { id: string; code: string } | null;
  direction: 'upgrade' | 'downgrade' | 'admin';
  qualifyingAmount: number;
  changedAt: string;
}

export interface ReferralRewardedData {
  referralId: string;
  referrerMemberId: string;
  refereeMemberId: string;
  orderRef: string;
  referrerPoints: number;
  refereePoints: number;
}

export type LoyaltyEventData =
  | MemberEnrolledData | PointsMovedData | PointsExpiredData | OrderAppliedData | OrderRefundedData | TierChangedData | ReferralRewardedData;
