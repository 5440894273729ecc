/**
 * Cartona order statuses (reference §3) and the values a supplier may send through
 * `order/update-order-status` (§2.6). `cancelled` and `return` are aliases Cartona's own module
 * tests for; they are accepted inbound only, never sent.
 */
export const CARTONA_ORDER_STATUSES = [
  'pending', 'editing', 'approved', 'cancelled_by_retailer', 'assigned_to_salesman', 'delivered',
  'cancelled_by_supplier', 'returned',
] as const;
export type CartonaOrderStatus = (typeof CARTONA_ORDER_STATUSES)[number];

export const SUPPLIER_SETTABLE_STATUSES = [
  'synced', 'pending', 'approved', 'assigned_to_salesman', 'delivered', 'cancelled_by_supplier',
] as const;
export type SupplierSettableStatus = (typeof SUPPLIER_SETTABLE_STATUSES)[number];

export const CANCELLATION_REASONS = [
  'out_of_stock', 'cannot_deliver_the_order', 'supplier_asked_me_to_cancel', 'delayed_order',
  'pending_order_without_action', 'removed_items', 'supplier_attitude', 'missing_items',
  'expired_products', 'different_prices', 'different_products',
] as const;
export type CancellationReason = (typeof CANCELLATION_REASONS)[number];

export const PRODUCT_UNITS = [
  'box', 'can', 'bottle', 'kg', 'piece', 'dozen', 'bag', 'packet', 'plate', 'glass', 'pallet', 'jar',
  'shrink', 'ton', 'saddlebag', 'roll', 'tissue', 'cone', 'coil', 'bunch', 'strip', 'recharge_card', 'mat',
] as const;

const STATUS_ALIASES: Record<string, CartonaOrderStatus> = { cancelled: 'cancelled_by_retailer', return: 'returned' };

/** Normalises a status read from Cartona; unknown values are kept raw so nothing is silently lost. */
export function normaliseStatus(raw: unknown): { status: CartonaOrderStatus | null; raw: string } {
  const s = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
  if ((CARTONA_ORDER_STATUSES as readonly string[]).includes(s)) return { status: s as CartonaOrderStatus, raw: s };
  return { status: STATUS_ALIASES[s] ?? null, raw: s };
}

export const isCancellationReason = (v: unknown): v is CancellationReason =>
  typeof v === 'string' && (CANCELLATION_REASONS as readonly string[]).includes(v);

/** Progress rank of a supplier-side status: Odoo → Cartona pushes never move an order backwards. */
const RANK: Record<CartonaOrderStatus, number> = {
  pending: 0, editing: 0, approved: 1, assigned_to_salesman: 2, delivered: 3,
  cancelled_by_retailer: 9, cancelled_by_supplier: 9, returned: 9,
};
export const statusRank = (s: CartonaOrderStatus): number => RANK[s];
export const isFinalStatus = (s: CartonaOrderStatus | null): boolean =>
  s === 'delivered' || s === 'cancelled_by_retailer' || s === 'cancelled_by_supplier' || s === 'returned';
export const isCancelled = (s: CartonaOrderStatus | null): boolean => s === 'cancelled_by_retailer' || s === 'cancelled_by_supplier';

/** Lines may be edited by the supplier only in these statuses (reference §2.8). */
export const LINE_EDITABLE_STATUSES: readonly CartonaOrderStatus[] = ['pending', 'approved', 'assigned_to_salesman'];

/**
 * What the Odoo side of an order says, reduced to the facts the status mapping needs.
 * `assigned` = the delivery has a delivery person; `delivered` = the outgoing delivery was validated.
 */
export interface OdooOrderFacts {
  state: 'draft' | 'sent' | 'sale' | 'done' | 'cancel' | string;
  assigned: boolean;
  delivered: boolean;
}

/** Odoo → Cartona: the supplier status the Odoo order implies, or null when it implies none. */
export function cartonaStatusForOdoo(facts: OdooOrderFacts): SupplierSettableStatus | 'cancelled_by_supplier' | null {
  if (facts.state === 'cancel') return 'cancelled_by_supplier';
  if (facts.delivered) return 'delivered';
  if (facts.assigned && (facts.state === 'sale' || facts.state === 'done')) return 'assigned_to_salesman';
  if (facts.state === 'sale' || facts.state === 'done') return 'approved';
  return null; // draft/sent: Cartona already has it as pending
}

/** Cartona → Odoo: what the hub must do to the Odoo order when Cartona reports `status`. */
export type OdooAction = 'none' | 'confirm' | 'cancel' | 'flag_return';
export function odooActionForCartona(status: CartonaOrderStatus | null): OdooAction {
  switch (status) {
    case 'approved':
    case 'assigned_to_salesman':
    case 'delivered':
      return 'confirm';
    case 'cancelled_by_retailer':
    case 'cancelled_by_supplier':
      return 'cancel';
    case 'returned':
      return 'flag_return';
    default:
      return 'none';
  }
}
