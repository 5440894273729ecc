/**
 * Odoo's enum values → the labels ABS expects in SYNC_ODOO_SUBSCRIPTION (reference §2.2). ABS
 * expects payment `paid, not_paid, partial, in_payment …` and subscription `in_progress, draft,
 * to_renew, closed, cancel` (older `sale.subscription` stage names); Odoo 17+ sends other codes.
 * Every entry can be overridden by configuration (ABS_PAYMENT_STATE_MAP / ABS_SUBSCRIPTION_STATE_MAP).
 */
export type AbsPaymentLabel = 'paid' | 'not_paid' | 'partial' | 'in_payment';
export type AbsSubscriptionLabel = 'in_progress' | 'draft' | 'to_renew' | 'closed' | 'cancel';

export const DEFAULT_PAYMENT_STATE_MAP: Readonly<Record<string, string>> = {
  // account.move.payment_state (17; 18 adds blocked)
  not_paid: 'not_paid',
  in_payment: 'in_payment',
  paid: 'paid',
  partial: 'partial',
  reversed: 'not_paid', // the money went back: nothing is paid any more
  invoicing_legacy: 'paid', // invoices paid before the accounting app was installed
  blocked: 'not_paid',
};

export const DEFAULT_SUBSCRIPTION_STATE_MAP: Readonly<Record<string, string>> = {
  // sale.order.subscription_state (Odoo 17+ sale_subscription)
  '1_draft': 'draft',
  '2_renewal': 'to_renew',
  '3_progress': 'in_progress',
  '4_paused': 'to_renew', // service blocked until resumed, but not ended
  '5_renewed': 'closed', // superseded by its renewal order, which carries in_progress
  '6_churn': 'closed',
  '7_upsell': 'in_progress',
  // legacy sale.subscription stage names pass through
  draft: 'draft', in_progress: 'in_progress', to_renew: 'to_renew', closed: 'closed', cancel: 'cancel',
};

/** Plain sale orders (no subscription app): the order state stands in for the subscription state. */
export const ORDER_STATE_AS_SUBSCRIPTION: Readonly<Record<string, string>> = {
  draft: 'draft', sent: 'draft', sale: 'in_progress', done: 'closed', cancel: 'cancel',
};

export class OdooAbsMapping {
  private readonly payment: Record<string, string>;
  private readonly subscription: Record<string, string>;
  constructor(overrides: { payment?: Record<string, string>; subscription?: Record<string, string> } = {}) {
    this.payment = { ...DEFAULT_PAYMENT_STATE_MAP, ...overrides.payment };
    this.subscription = { ...DEFAULT_SUBSCRIPTION_STATE_MAP, ...overrides.subscription };
  }

  /** Unknown Odoo values map to not_paid: never report money ABS should not count on. */
  paymentLabel(odooPaymentState: string | null | undefined): string {
    if (!odooPaymentState) return 'not_paid';
    return this.payment[odooPaymentState] ?? 'not_paid';
  }

  /**
   * `subscription_state` when the order is a subscription, otherwise the order state; a
   * cancelled order is `cancel` whatever its subscription state; a past end date is `closed`.
   */
  subscriptionLabel(input: { orderState: string; subscriptionState?: string | null; endDate?: string | null; now?: Date }): string {
    if (input.orderState === 'cancel') return 'cancel';
    const label = input.subscriptionState
      ? this.subscription[input.subscriptionState] ?? 'draft'
      : ORDER_STATE_AS_SUBSCRIPTION[input.orderState] ?? 'draft';
    if (label === 'in_progress' && input.endDate && isPast(input.endDate, input.now ?? new Date())) return 'closed';
    return label;
  }
}

/** Odoo dates are `YYYY-MM-DD` (a date ends at the end of that day, UTC). */
function isPast(date: string, now: Date): boolean {
  const end = Date.parse(date.length === 10 ? `${date}T23:59:59Z` : `${date.replace(' ', 'T')}Z`);
  return Number.isFinite(end) && end < now.getTime();
}

/** Parses a JSON object of string → string from configuration; throws with a clear message. */
export function parseLabelMap(raw: string | undefined, name: string): Record<string, string> | undefined {
  if (!raw) return undefined;
  const parsed: unknown = JSON.parse(raw);
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || Object.values(parsed).some((v) => typeof v !== 'string')) {
    throw new Error(`${name} must be a JSON object of string values`);
  }
  return parsed as Record<string, string>;
}
