import { BusinessRuleViolation, Conflict, NotFound, ValidationFailed } from '../../../infrastructure/errors';

export class ProgramNotFound extends NotFound {
  constructor(ref: string) { super(`Loyalty program ${ref} not found`, 'LOYALTY.PROGRAM_NOT_FOUND'); }
}
export class NoDefaultProgram extends BusinessRuleViolation {
  constructor() { super('LOYALTY.NO_DEFAULT_PROGRAM', 'No program given and no active default program is configured'); }
}
export class ProgramInactive extends BusinessRuleViolation {
  constructor(code: string) { super('LOYALTY.PROGRAM_INACTIVE', `Loyalty program ${code} is not active`, { program: code }); }
}
export class CardNotFound extends NotFound {
  constructor(ref: string) { super(`Loyalty card ${ref} not found`, 'LOYALTY.CARD_NOT_FOUND'); }
}
export class CardBlocked extends BusinessRuleViolation {
  constructor(cardId: string) { super('LOYALTY.CARD_BLOCKED', 'This loyalty card is blocked', { cardId }); }
}
export class MemberNotFound extends NotFound {
  constructor(ref: string) { super(`Member ${ref} not found`, 'LOYALTY.MEMBER_NOT_FOUND'); }
}
export class MemberBlocked extends BusinessRuleViolation {
  constructor(memberId: string) { super('LOYALTY.MEMBER_BLOCKED', 'This member is blocked', { memberId }); }
}
export class InsufficientPoints extends BusinessRuleViolation {
  constructor(balance: number, requested: number) {
    super('LOYALTY.INSUFFICIENT_POINTS', `Not enough points: balance ${balance}, requested ${requested}`, { balance, requested });
  }
}
export class IdempotencyConflict extends Conflict {
  constructor(what: string, ref: string) {
    super(`${what} ${ref} was already submitted with different content`, 'LOYALTY.IDEMPOTENCY_CONFLICT', { reference: ref });
  }
}
export class OrderNotFound extends NotFound {
  constructor(ref: string) { super(`Order ${ref} not found`, 'LOYALTY.ORDER_NOT_FOUND'); }
}
export class PromoCodeRejected extends BusinessRuleViolation {
  constructor(code: string, reason: string) {
    super('LOYALTY.PROMO_CODE_REJECTED', `Promo code ${code} cannot be used: ${reason.replace(/_/g, ' ')}`, { code, reason });
  }
}
export class ReferralCodeUnknown extends BusinessRuleViolation {
  constructor(code: string) { super('LOYALTY.REFERRAL_CODE_UNKNOWN', `Referral code ${code} does not exist`, { code }); }
}
export class RewardRejected extends BusinessRuleViolation {
  constructor(rewardId: string, reason: string) {
    super('LOYALTY.REWARD_REJECTED', `Reward ${rewardId} cannot be applied: ${reason}`, { rewardId, reason });
  }
}
export class PointsPaymentRejected extends BusinessRuleViolation {
  constructor(reason: string, details?: Record<string, unknown>) {
    super('LOYALTY.POINTS_PAYMENT_REJECTED', `Points cannot pay for this order: ${reason.replace(/_/g, ' ')}`, { reason, ...details });
  }
}
export class RefundRejected extends BusinessRuleViolation {
  constructor(orderRef: string, reason: string) {
    super('LOYALTY.REFUND_REJECTED', `Order ${orderRef} cannot be refunded: ${reason.replace(/_/g, ' ')}`, { orderRef, reason });
  }
}
export class InvalidLoyaltyInput extends ValidationFailed {
  constructor(message: string, details?: Record<string, unknown>) { super(message, details, 'LOYALTY.INVALID_INPUT'); }
}
export class DuplicateCode extends Conflict {
  constructor(what: string, code: string) { super(`${what} ${code} already exists`, 'LOYALTY.DUPLICATE', { code }); }
}
export class TierSetNotFound extends NotFound {
  constructor(ref: string) { super(`Tier set ${ref} not found`, 'LOYALTY.TIER_SET_NOT_FOUND'); }
}
