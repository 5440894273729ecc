import { createHash } from 'node:crypto';
import { normaliseStatus, type CartonaOrderStatus } from './cartona-status';

/**
 * A Cartona order (`pull-orders` element, reference §4) read defensively: numbers may arrive as
 * numeric strings, optional keys may be absent or null, the note has two spellings
 * (`note_message` in Cartona's doc, `notes` in its module). Problems are collected, never thrown,
 * so the caller can hold the order visibly with every reason named.
 */
export interface CartonaRetailer {
  name: string;
  code: string | null;
  phone: string | null;
  phone2: string | null;
  address: string | null;
  addressNotes: string | null;
  email: string | null;
}

export interface CartonaOrderLine {
  id: number | null;
  supplierProductId: string | null;
  internalProductId: string | null;
  baseProductId: string | null;
  unit: string | null;
  unitCount: number | null;
  productName: string | null;
  amount: number;
  sellingPrice: number;
  appliedSupplierDiscount: number;
  appliedCartonaDiscount: number;
  comment: string | null;
  cancelled: boolean;
}

export type DeliveredBy = 'delivered_by_supplier' | 'delivered_by_cartona';
export type PaymentMethod = 'installment' | 'wallet_top_up' | 'cartona_credit' | 'standard';

export interface CartonaOrder {
  hashedId: string;
  supplierCode: string | null;
  status: CartonaOrderStatus | null;
  rawStatus: string;
  editedByAdmin: boolean;
  deliveredBy: DeliveredBy;
  deliveryDay: string | null;
  estimatedDeliveryDay: string | null;
  retailerPreferredDeliveryDate: string | null;
  pickupDate: string | null;
  pickupOtp: string | null;
  cancellationReason: string | null;
  returnReason: string | null;
  totalPrice: number | null;
  appliedSupplierRebate: number;
  cartonaCredit: number;
  installmentCost: number;
  walletTopUp: number;
  distributionRouteCode: string | null;
  note: string | null;
  receiptId: string | null;
  createdAt: string | null;
  retailer: CartonaRetailer;
  lines: CartonaOrderLine[];
}

export interface ParsedOrder {
  order: CartonaOrder | null;
  problems: string[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function str(v: unknown, max = 2000): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v.trim() === '' ? null : v.slice(0, max);
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}
function num(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '' && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  return null;
}
function bool(v: unknown): boolean {
  return v === true || v === 'true' || v === 1 || v === '1';
}

export function paymentMethodOf(o: Pick<CartonaOrder, 'installmentCost' | 'walletTopUp' | 'cartonaCredit'>): PaymentMethod {
  if (o.installmentCost > 0) return 'installment';
  if (o.walletTopUp > 0) return 'wallet_top_up';
  if (o.cartonaCredit > 0) return 'cartona_credit';
  return 'standard';
}

/** Installment and wallet-top-up orders need the retailer's OTP to be marked delivered (§2.6, §4.3). */
export const needsRetailerOtp = (o: Pick<CartonaOrder, 'installmentCost' | 'walletTopUp'>): boolean =>
  o.installmentCost > 0 || o.walletTopUp > 0;

/** Cash the supplier collects at the door: total − credit − installment + top-up (reference §4.1, [C]). */
export function cashToCollect(o: CartonaOrder): number | null {
  if (o.totalPrice === null) return null;
  const cash = o.totalPrice - o.cartonaCredit - o.installmentCost + o.walletTopUp;
  return Math.round(Math.max(0, cash) * 100) / 100;
}

function parseLine(raw: unknown, i: number, problems: string[]): CartonaOrderLine | null {
  if (!isObj(raw)) {
    problems.push(`order_details[${i}] is not an object`);
    return null;
  }
  const amount = num(raw.amount);
  const price = num(raw.selling_price ?? raw.price);
  const cancelled = bool(raw.cancelled);
  if (!cancelled && (amount === null || amount <= 0)) problems.push(`order_details[${i}].amount must be a number > 0`);
  if (price === null || price < 0) problems.push(`order_details[${i}].selling_price must be a number >= 0`);
  const id = num(raw.id);
  return {
    id: id !== null && Number.isInteger(id) ? id : null,
    supplierProductId: str(raw.supplier_product_id ?? raw.suppler_prodcut_id, 100),
    internalProductId: str(raw.internal_product_id, 100),
    baseProductId: str(raw.base_product_id, 100),
    unit: str(raw.unit, 40),
    unitCount: num(raw.unit_count),
    productName: str(raw.product_name, 500),
    amount: amount ?? 0,
    sellingPrice: price ?? 0,
    appliedSupplierDiscount: num(raw.applied_supplier_discount) ?? 0,
    appliedCartonaDiscount: num(raw.applied_cartona_discount) ?? 0,
    comment: str(raw.comment, 2000),
    cancelled,
  };
}

export function parseCartonaOrder(raw: unknown): ParsedOrder {
  const problems: string[] = [];
  if (!isObj(raw)) return { order: null, problems: ['order is not a JSON object'] };
  const hashedId = str(raw.hashed_id, 100);
  if (!hashedId || !/^[A-Za-z0-9_-]{1,100}$/.test(hashedId)) {
    return { order: null, problems: ['hashed_id is missing or not an opaque id'] };
  }
  const { status, raw: rawStatus } = normaliseStatus(raw.status);
  if (!status) problems.push(`unknown status "${rawStatus}"`);
  const r = isObj(raw.retailer) ? raw.retailer : null;
  if (!r) problems.push('retailer is missing');
  const details = Array.isArray(raw.order_details) ? raw.order_details : null;
  if (!details || details.length === 0) problems.push('order_details is missing or empty');
  const lines = (details ?? []).map((l, i) => parseLine(l, i, problems)).filter((l): l is CartonaOrderLine => l !== null);
  const deliveredBy = raw.delivered_by === 'delivered_by_cartona' ? 'delivered_by_cartona' : 'delivered_by_supplier';
  const order: CartonaOrder = {
    hashedId,
    supplierCode: str(raw.supplier_code, 40),
    status,
    rawStatus,
    editedByAdmin: bool(raw.edited_by_admin),
    deliveredBy,
    deliveryDay: str(raw.delivery_day, 40),
    estimatedDeliveryDay: str(raw.estimated_delivery_day, 40),
    retailerPreferredDeliveryDate: str(raw.retailer_preferred_delivery_date, 40),
    pickupDate: str(raw.pickup_date, 40),
    pickupOtp: str(raw.pickup_otp, 40),
    cancellationReason: str(raw.cancellation_reason, 100),
    returnReason: str(raw.return_reason, 500),
    totalPrice: num(raw.total_price),
    appliedSupplierRebate: num(raw.applied_supplier_rebate) ?? 0,
    cartonaCredit: num(raw.cartona_credit) ?? 0,
    installmentCost: num(raw.installment_cost) ?? 0,
    walletTopUp: num(raw.wallet_top_up) ?? 0,
    distributionRouteCode: str(raw.distribution_route_code, 100),
    note: str(raw.note_message ?? raw.notes, 4000),
    receiptId: str(raw.receipt_id, 100),
    createdAt: str(raw.created_at, 60),
    retailer: {
      name: str(r?.retailer_name ?? r?.name, 300) ?? 'Cartona retailer',
      code: str(r?.retailer_code ?? r?.id ?? r?.retailer_id, 100),
      phone: str(r?.retailer_number, 40),
      phone2: str(r?.retailer_number2, 40),
      address: str(r?.retailer_address, 1000),
      addressNotes: str(r?.address_notes, 1000),
      email: str(r?.retailer_email, 254),
    },
    lines,
  };
  return { order, problems };
}

/**
 * The stable partner code of a retailer. Cartona keeps `retailer_code` per retailer; without it
 * the phone number is the next stable key (never a per-process hash, Cartona's module's bug §5.5).
 */
export function retailerKey(retailer: CartonaRetailer): string | null {
  if (retailer.code) return `code:${retailer.code}`;
  const phone = retailer.phone?.replace(/[^\d+]/g, '');
  if (phone && phone.length >= 6) return `phone:${phone}`;
  return null;
}

/** A content hash of the order as received: an unchanged order pulled again is recognised as such. */
export function orderPayloadHash(raw: unknown): string {
  return createHash('sha256').update(canonicalJson(raw)).digest('hex');
}

function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (isObj(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`).join(',')}}`;
  return JSON.stringify(v ?? null);
}
