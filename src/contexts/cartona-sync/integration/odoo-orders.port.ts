import type { CartonaRetailer } from '../domain/cartona-order';

/** What CartonaSync needs from Odoo's sales and deliveries. */
export interface OdooOrderLineInput {
  productId: number;
  qty: number;
  priceUnit: number;
  /** Line description (product name plus Cartona's discount split, for reconciliation). */
  name: string;
}

export interface OdooOrderInput {
  partnerId: number;
  /** = Cartona `hashed_id`: the key every retry searches before creating. */
  clientOrderRef: string;
  origin: string;
  warehouseId: number | null;
  companyId: number | null;
  pricelistId: number | null;
  commitmentDate: string | null;
  note: string;
  lines: OdooOrderLineInput[];
}

export interface OdooOrderLineSnapshot {
  id: number;
  productId: number;
  qty: number;
  priceUnit: number;
}

export interface OdooPickingSnapshot {
  id: number;
  state: string;
  /** The delivery person (the configured picking field, `user_id` by default), if any. */
  assigneeId: number | null;
  outgoing: boolean;
}

export interface OdooOrderSnapshot {
  id: number;
  name: string;
  state: string;
  clientOrderRef: string | null;
  writeDate: string | null;
  lines: OdooOrderLineSnapshot[];
  pickings: OdooPickingSnapshot[];
}

export interface RetailerScope {
  companyId: number | null;
  /** Stable key (`code:A00315`, `phone:+2010…`), stored as the partner's `ref` prefixed `cartona:`. */
  key: string | null;
}

export abstract class OdooOrdersPort {
  abstract findOrderByClientRef(ref: string, companyId: number | null): Promise<OdooOrderSnapshot | null>;
  abstract readOrder(id: number, assignmentField: string): Promise<OdooOrderSnapshot | null>;
  abstract findOrCreateRetailer(retailer: CartonaRetailer, scope: RetailerScope): Promise<number>;
  /** One `create` with all lines (atomic in Odoo: the order exists whole or not at all). Not safe to retry blindly. */
  abstract createOrder(input: OdooOrderInput): Promise<number>;
  abstract confirmOrder(id: number): Promise<void>;
  /** Cancels the order and its open deliveries. */
  abstract cancelOrder(id: number): Promise<void>;
  /** Rewrites the order's lines to `lines` (update kept lines in place, add new, remove gone). */
  abstract replaceLines(id: number, current: OdooOrderLineSnapshot[], lines: Array<OdooOrderLineInput & { odooLineId?: number }>): Promise<number[]>;
  /** Validates the order's open outgoing delivery (all demanded quantities done). */
  abstract validateDelivery(id: number): Promise<void>;
  /** A note in the order's chatter (conflicts, returns), for the people working in Odoo. */
  abstract postNote(id: number, text: string): Promise<void>;
  /** The sale orders behind records of sale.order.line or stock.picking. */
  abstract orderIdsOf(model: string, ids: number[]): Promise<number[]>;
  /** Cartona-linked sale orders (client_order_ref set) written after the cursor. */
  abstract ordersChangedSince(cursor: { id: number; writeDate: string } | null, limit: number): Promise<Array<{ id: number; writeDate: string }>>;
  /** Sale orders whose outgoing deliveries were written after the cursor. */
  abstract pickingsChangedSince(cursor: { id: number; writeDate: string } | null, limit: number): Promise<Array<{ id: number; writeDate: string; orderId: number | null }>>;
}
