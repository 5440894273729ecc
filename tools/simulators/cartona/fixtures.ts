import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SimOrder, SimOrderLine } from './cartona-state';

/**
 * Cartona's own sample payloads (copied from the reference, cartona/cartona_odoo 8d3315b docs:
 * the API document and the Postman collection), and builders that derive fresh orders from them
 * so tests use the real shapes with unique ids.
 */
const read = <T>(name: string): T => JSON.parse(readFileSync(join(__dirname, 'fixtures', name), 'utf8')) as T;

export const samplePullOrdersResponse = (): SimOrder[] => read<SimOrder[]>('pull-orders-response.json');
export const sampleCreditInstallmentOrder = (): SimOrder => read<SimOrder>('order-example-credit-installment-topup.json');
export const sampleProductList = (): Array<Record<string, unknown>> => read('base-product-list-response.json');
export const sampleBulkUpdateRequest = (): Array<Record<string, unknown>> => read('supplier-product-bulk-update-request.json');
export const sampleUpdateOrderDetailsRequest = (): Array<Record<string, unknown>> => read('update-order-details-request.json');
export const sampleUpdateOrderStatusBulkRequest = (): Array<Record<string, unknown>> => read('update-order-status-bulk-request.json');

let seq = 0;
/** A unique 8-character alphanumeric id like Cartona's `hashed_id` (`pPX2wRNM`). */
export function newHashedId(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  let out = '';
  let n = Date.now() * 1000 + (seq++ % 1000) + Math.floor(Math.random() * 1e6);
  for (let i = 0; i < 8; i++) {
    out += alphabet[n % alphabet.length];
    n = Math.floor(n / alphabet.length) + Math.floor(Math.random() * 97);
  }
  return out;
}

let lineSeq = 20_000_000 + Math.floor(Math.random() * 1_000_000);
/**
 * An order shaped like the doc's pull-orders sample (or the credit/installment example with
 * `kind: 'installment'`), with a fresh `hashed_id`, fresh line ids and the given lines.
 */
export function makeOrder(opts: {
  kind?: 'standard' | 'installment';
  hashedId?: string;
  status?: string;
  deliveredBy?: 'delivered_by_supplier' | 'delivered_by_cartona';
  retailerCode?: string | null;
  retailerName?: string;
  retailerPhone?: string;
  lines?: Array<Partial<SimOrderLine> & { internal_product_id?: string; amount: number; selling_price: number }>;
} = {}): SimOrder {
  const base = opts.kind === 'installment' ? sampleCreditInstallmentOrder() : samplePullOrdersResponse()[0];
  const template = base.order_details[0];
  const order: SimOrder = { ...base, hashed_id: opts.hashedId ?? newHashedId() };
  if (opts.status) order.status = opts.status;
  if (opts.deliveredBy) order.delivered_by = opts.deliveredBy;
  const retailer = { ...(base.retailer as Record<string, unknown>) };
  if (opts.retailerCode === null) delete retailer.retailer_code;
  else if (opts.retailerCode) retailer.retailer_code = opts.retailerCode;
  if (opts.retailerName) retailer.retailer_name = opts.retailerName;
  if (opts.retailerPhone) retailer.retailer_number = opts.retailerPhone;
  order.retailer = retailer;
  if (opts.lines) {
    order.order_details = opts.lines.map((l) => ({ ...template, id: lineSeq++, comment: null, ...l }) as SimOrderLine);
  } else {
    order.order_details = base.order_details.map((l) => ({ ...l, id: lineSeq++ }));
  }
  order.total_price = order.order_details.reduce((s, l) => s + Number(l.amount) * Number(l.selling_price), 0);
  if (opts.kind === 'installment') {
    order.installment_cost = Math.max(0, Number(order.total_price) - Number(order.cartona_credit ?? 0));
  }
  return order;
}
