import type { CommerceInvoice, CommerceOrder, OrderSerial } from './commerce';
import type { FlowWaitReason } from './flow-state';
import type { OdooAbsMapping } from './odoo-abs-mapping';
import { classifyProduct, type Classification, type UnitTypeRule } from './product-unit';

/** The desired ABS plan of a confirmed order (reference §1.2 shared identifiers). */
export interface AllocationData {
  order_id: number;
  partner_id: number;
  contract_ref: string;
  contract_line_ref: string;
  asset_ref: string | null;
  customer_ref: string;
  customer_name: string;
  template_id: string;
  service_lines: Array<{ contract_line_ref: string; product_code: string | null; template_id: string | null; service_id: string | null; quantity: number }>;
  deposit_amount: number;
  currency: string;
  start_date: string | null;
  end_date: string | null;
  /** Service-only orders: the bundle order whose serial they bind to. */
  origin_contract_ref: string | null;
  /** Where the serial came from: this order's delivery, or the original bundle order. */
  asset_source: 'delivery' | 'reservation' | 'original_order' | null;
}

/** Phase 0 sync payload (reference §2.2), Odoo values already mapped to ABS labels. */
export interface SubscriptionSyncData {
  order_id: number;
  odoo_subscription_id: number;
  odoo_payment_state: string;
  odoo_subscription_state: string;
  odoo_currency_id: string;
  odoo_amount_total: number;
  deposit_amount: number;
  /** Odoo's own values, kept for the timeline. */
  source_payment_state: string | null;
  source_subscription_state: string | null;
}

export type AllocationDecision =
  | { action: 'ensure'; data: AllocationData; waitingFor: FlowWaitReason | null }
  | { action: 'compensate'; reason: string }
  | { action: 'invalid'; error: string }
  | { action: 'none' };

export interface OrderDecision {
  allocation: AllocationDecision;
  /** First sync + quota initialisation, once the deposit/subscription payment is confirmed. */
  entitlement: { action: 'ensure'; data: SubscriptionSyncData } | { action: 'compensate'; reason: string } | { action: 'none' };
  /** The payment/subscription state ABS should see now (the access flow syncs it when it changes). */
  currentSync: SubscriptionSyncData | null;
  classified: Array<{ lineId: number; productCode: string | null } & Classification>;
}

export interface OrderSnapshot {
  order: CommerceOrder;
  serials: OrderSerial[];
  invoices: CommerceInvoice[];
  /** For a service-only order: the allocation of its original bundle order, if the hub knows it. */
  original: { contractRef: string; assetRef: string | null; planId: string | null } | null;
}

export interface DecisionOptions {
  rules: readonly UnitTypeRule[];
  mapping: OdooAbsMapping;
  /** `delivered`: only a done delivery assigns the serial (reference); `reserved`: a reserved lot is enough. */
  serialSource: 'delivered' | 'reserved';
  now?: Date;
}

const CONFIRMED = new Set(['sale', 'done']);
const PAID = new Set(['paid', 'in_payment']);

export function decideOrder(snap: OrderSnapshot, opts: DecisionOptions): OrderDecision {
  const { order } = snap;
  const classified = order.lines
    .filter((l) => !l.isDisplayLine)
    .map((l) => ({
      lineId: l.id, productCode: l.defaultCode,
      ...classifyProduct({ productId: l.productId, defaultCode: l.defaultCode, categoryName: l.categoryName, odooType: l.odooType, serialTracked: l.serialTracked }, opts.rules),
    }));
  const lineById = new Map(order.lines.map((l) => [l.id, l]));
  const assetLines = classified.filter((c) => c.role === 'asset' && lineById.get(c.lineId)!.serialTracked);
  const planLines = classified.filter((c) => c.role === 'plan');
  const depositLines = classified.filter((c) => c.role === 'deposit');
  const depositAmount = round2(depositLines.reduce((s, c) => s + lineById.get(c.lineId)!.priceTotal, 0));
  const currentSync = syncData(snap, opts, depositAmount);
  const none: OrderDecision = { allocation: { action: 'none' }, entitlement: { action: 'none' }, currentSync: null, classified };

  if (!planLines.length) return none;
  if (order.state === 'cancel') {
    return { ...none, allocation: { action: 'compensate', reason: 'order cancelled in Odoo' }, entitlement: { action: 'compensate', reason: 'order cancelled in Odoo' } };
  }
  if (!CONFIRMED.has(order.state)) return none;

  const templateLine = planLines.find((c) => c.absTemplateId);
  if (!templateLine) {
    return { ...none, allocation: { action: 'invalid', error: 'no service line names an ABS plan template (set the product reference or a product-unit rule)' } };
  }
  const ref = (lineId: number) => `${order.name}:${lineId}`;
  const base: Omit<AllocationData, 'asset_ref' | 'asset_source' | 'origin_contract_ref'> = {
    order_id: order.id,
    partner_id: order.partnerId,
    contract_ref: order.name,
    contract_line_ref: ref(templateLine.lineId),
    customer_ref: String(order.partnerId),
    customer_name: order.partnerName,
    template_id: templateLine.absTemplateId!,
    service_lines: [...planLines, ...depositLines].map((c) => ({
      contract_line_ref: ref(c.lineId), product_code: c.productCode, template_id: c.absTemplateId, service_id: c.absServiceId,
      quantity: lineById.get(c.lineId)!.quantity,
    })),
    deposit_amount: depositAmount,
    currency: order.currency,
    start_date: order.startDate,
    end_date: order.endDate,
  };

  let allocation: AllocationDecision;
  if (assetLines.length) {
    // A bundle order: exactly one physical serial per bundle (reference §2.1).
    const assetProducts = new Set(assetLines.map((c) => lineById.get(c.lineId)!.productId));
    const candidates = snap.serials.filter((s) => assetProducts.has(s.productId) && (s.state === 'done' || opts.serialSource === 'reserved'));
    const serial = candidates.find((s) => s.state === 'done') ?? candidates[0];
    allocation = {
      action: 'ensure',
      data: {
        ...base, asset_ref: serial?.lotName ?? null, origin_contract_ref: null,
        asset_source: serial ? (serial.state === 'done' ? 'delivery' : 'reservation') : null,
        start_date: serial?.dateDone?.slice(0, 10) ?? base.start_date,
      },
      waitingFor: serial ? null : 'serial',
    };
  } else if (order.originalOrderRef) {
    const orig = snap.original;
    allocation = {
      action: 'ensure',
      data: { ...base, asset_ref: orig?.assetRef ?? null, origin_contract_ref: order.originalOrderRef, asset_source: orig?.assetRef ? 'original_order' : null },
      waitingFor: orig?.assetRef ? null : 'original_order',
    };
  } else {
    allocation = { action: 'invalid', error: 'service-only order without a reference to its original bundle order' };
  }

  const paid = snap.invoices.some((i) => i.state === 'posted' && PAID.has(i.paymentState));
  return {
    allocation,
    entitlement: paid && currentSync ? { action: 'ensure', data: currentSync } : { action: 'none' },
    currentSync,
    classified,
  };
}

function syncData(snap: OrderSnapshot, opts: DecisionOptions, depositAmount: number): SubscriptionSyncData {
  const { order } = snap;
  // The most recent posted invoice says whether the current period is paid.
  const latest = snap.invoices.filter((i) => i.state === 'posted').sort((a, b) => b.id - a.id)[0];
  return {
    order_id: order.id,
    odoo_subscription_id: order.id,
    odoo_payment_state: opts.mapping.paymentLabel(latest?.paymentState),
    odoo_subscription_state: opts.mapping.subscriptionLabel({ orderState: order.state, subscriptionState: order.subscriptionState, endDate: order.endDate, now: opts.now }),
    odoo_currency_id: order.currency,
    odoo_amount_total: order.amountTotal,
    deposit_amount: depositAmount,
    source_payment_state: latest?.paymentState ?? null,
    source_subscription_state: order.subscriptionState ?? order.state,
  };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
