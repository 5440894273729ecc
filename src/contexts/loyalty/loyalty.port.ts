/** A member's loyalty standing as other contexts (e.g. the customer portal) may show it. */
export interface LoyaltyMemberSummary {
  memberId: string;
  referralCode: string;
  cards: Array<{ cardId: string; cardCode: string; programCode: string; balance: number; nextExpiry: { points: number; expiresAt: string } | null }>;
  tiers: Array<{ tierSetCode: string; tierCode: string | null; tierName: string | null; since: string | null }>;
}

/**
 * What other contexts may ask of Loyalty. They react to its events (`LoyaltyEventType`) for the
 * rest; they never read its tables.
 */
export abstract class LoyaltyPort {
  /** The summary of the member linked to an Odoo partner, or null if the partner is not a member. */
  abstract memberSummaryByOdooPartner(odooPartnerId: number): Promise<LoyaltyMemberSummary | null>;
  /** Applies a sale from another channel (idempotent on `orderRef`) and returns the points earned. */
  abstract recordOrder(order: {
    orderRef: string; source: string; orderedAt: Date; odooPartnerId: number; currency?: string;
    lines: Array<{ productRef: string; categoryRef?: string | null; quantity: number; unitPrice: number }>;
  }): Promise<{ pointsEarned: number; balance: number; replayed: boolean }>;
}
