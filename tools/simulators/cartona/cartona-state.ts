/**
 * In-memory state and business rules of the Cartona simulator: supplier accounts (one per token),
 * their product rows, and their orders with the pull/ack cycle and the status rules of Cartona's
 * API document (reference cartona-api.md §2–§4).
 */
export const SUPPLIER_STATUSES = ['synced', 'pending', 'approved', 'assigned_to_salesman', 'delivered', 'cancelled_by_supplier'] as const;
export const CANCELLATION_REASONS = [
  'out_of_stock', 'cannot_deliver_the_order', 'supplier_asked_me_to_cancel', 'delayed_order', 'pending_order_without_action',
  'removed_items', 'supplier_attitude', 'missing_items', 'expired_products', 'different_prices', 'different_products',
] as const;

export interface SimProduct {
  id: string; // supplier_product_id
  internal_product_id: string | null;
  base_product_id: string;
  unit: string;
  unit_count: number;
  base_product_name: string;
  supplier_product_name: string;
  selling_price: number;
  available_stock_quantity: number;
  is_unlimited_stock: boolean;
  in_stock: boolean;
  is_published: boolean;
  min_order: number;
  max_order: number;
  remind_me_at_stock: number;
  notes: string;
  /** Not a Cartona field in the doc; kept so linking by barcode can be exercised when present. */
  barcode?: string | null;
  updatedAt: number;
}

export interface SimOrderLine {
  id: number;
  supplier_product_id?: string;
  internal_product_id?: string;
  base_product_id?: string;
  unit?: string;
  unit_count?: number;
  product_name: string;
  amount: number;
  selling_price: number;
  applied_supplier_discount: number;
  applied_cartona_discount: number;
  comment: string | null;
  [k: string]: unknown;
}

export interface SimOrder {
  hashed_id: string;
  status: string;
  installment_cost?: number;
  wallet_top_up?: number;
  order_details: SimOrderLine[];
  [k: string]: unknown;
}

export interface SimOrderState {
  order: SimOrder;
  /** Acknowledged with `synced` since its last change: no longer returned by pull-orders. */
  acked: boolean;
  /** The retailer OTP this order accepts for `delivered` (installment / wallet top-up orders). */
  retailerOtp: string | null;
  version: number;
  history: Array<{ status: string; by: 'supplier' | 'retailer' | 'admin'; at: number }>;
}

export interface SimAccount {
  token: string;
  supplierIntegrationId: number;
  products: Map<string, SimProduct>;
  orders: Map<string, SimOrderState>;
  nextProductId: number;
  nextLineId: number;
}

export class RuleViolation extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

const num = (v: unknown): number | null => {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  return null;
};

export const needsOtp = (o: SimOrder): boolean => (num(o.installment_cost) ?? 0) > 0 || (num(o.wallet_top_up) ?? 0) > 0;

/** Which supplier transitions Cartona allows (reference §3). */
const ALLOWED_FROM: Record<string, readonly string[]> = {
  pending: ['pending'],
  approved: ['pending', 'approved'],
  assigned_to_salesman: ['pending', 'approved', 'assigned_to_salesman'],
  delivered: ['approved', 'assigned_to_salesman', 'delivered'],
  cancelled_by_supplier: ['pending', 'approved', 'assigned_to_salesman', 'cancelled_by_supplier'],
};
const LINE_EDITABLE = ['pending', 'approved', 'assigned_to_salesman'];

export class CartonaState {
  readonly accounts = new Map<string, SimAccount>();
  private nextIntegrationId = 1;

  addAccount(token: string): SimAccount {
    const existing = this.accounts.get(token);
    if (existing) return existing;
    const account: SimAccount = {
      token, supplierIntegrationId: this.nextIntegrationId++, products: new Map(), orders: new Map(), nextProductId: 110_000, nextLineId: 14_000_000,
    };
    this.accounts.set(token, account);
    return account;
  }

  upsertProduct(account: SimAccount, p: Partial<SimProduct> & { internal_product_id?: string | null }): SimProduct {
    const id = p.id ?? String(account.nextProductId++);
    const prev = account.products.get(id);
    const row: SimProduct = {
      id,
      internal_product_id: p.internal_product_id !== undefined ? p.internal_product_id : (prev?.internal_product_id ?? null),
      base_product_id: p.base_product_id ?? prev?.base_product_id ?? String(600 + account.products.size),
      unit: p.unit ?? prev?.unit ?? 'box',
      unit_count: p.unit_count ?? prev?.unit_count ?? 12,
      base_product_name: p.base_product_name ?? prev?.base_product_name ?? `Product ${id}`,
      supplier_product_name: p.supplier_product_name ?? prev?.supplier_product_name ?? `Product ${id} -- box`,
      selling_price: p.selling_price ?? prev?.selling_price ?? 0,
      available_stock_quantity: p.available_stock_quantity ?? prev?.available_stock_quantity ?? 0,
      is_unlimited_stock: p.is_unlimited_stock ?? prev?.is_unlimited_stock ?? false,
      in_stock: p.in_stock ?? prev?.in_stock ?? true,
      is_published: p.is_published ?? prev?.is_published ?? true,
      min_order: p.min_order ?? prev?.min_order ?? 1,
      max_order: p.max_order ?? prev?.max_order ?? 100,
      remind_me_at_stock: p.remind_me_at_stock ?? prev?.remind_me_at_stock ?? 1,
      notes: p.notes ?? prev?.notes ?? '',
      barcode: p.barcode ?? prev?.barcode ?? null,
      updatedAt: Date.now(),
    };
    account.products.set(id, row);
    return row;
  }

  findProduct(account: SimAccount, item: Record<string, unknown>): SimProduct | undefined {
    // supplier_product_id takes precedence over internal_product_id (reference §2.2).
    const spid = item.supplier_product_id;
    if (spid !== undefined && spid !== null && spid !== '') return account.products.get(String(spid));
    const ipid = item.internal_product_id;
    if (ipid !== undefined && ipid !== null && ipid !== '') {
      for (const p of account.products.values()) if (p.internal_product_id === String(ipid)) return p;
    }
    if (item.base_product_id !== undefined && item.unit !== undefined) {
      for (const p of account.products.values()) {
        if (p.base_product_id === String(item.base_product_id) && p.unit === item.unit && (item.unit_count === undefined || p.unit_count === Number(item.unit_count))) return p;
      }
    }
    return undefined;
  }

  /** Applies one bulk-update item; returns why it failed (bulk calls never say so to the caller). */
  applyProductUpdate(account: SimAccount, item: unknown): string | null {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return 'item is not an object';
    const it = item as Record<string, unknown>;
    const product = this.findProduct(account, it);
    if (!product) return 'product not found';
    const patch: Partial<SimProduct> = {};
    if (it.selling_price !== undefined) {
      const price = num(it.selling_price);
      if (price === null || price < 0) return 'selling_price must be a number >= 0';
      patch.selling_price = price;
    }
    if (it.available_stock_quantity !== undefined) {
      const qty = num(it.available_stock_quantity);
      if (qty === null || !Number.isInteger(qty) || qty < 0) return 'available_stock_quantity must be an integer >= 0';
      patch.available_stock_quantity = qty;
      patch.in_stock = qty > 0;
    }
    if (it.is_unlimited_stock !== undefined) {
      if (typeof it.is_unlimited_stock !== 'boolean') return 'is_unlimited_stock must be a boolean';
      patch.is_unlimited_stock = it.is_unlimited_stock;
      if (it.is_unlimited_stock) patch.in_stock = true;
    }
    for (const key of ['in_stock', 'is_published'] as const) {
      if (it[key] !== undefined) {
        if (typeof it[key] !== 'boolean') return `${key} must be a boolean`;
        patch[key] = it[key];
      }
    }
    for (const key of ['min_order', 'max_order', 'remind_me_at_stock'] as const) {
      if (it[key] !== undefined) {
        const v = num(it[key]);
        if (v === null || !Number.isInteger(v) || v < 0) return `${key} must be an integer >= 0`;
        patch[key] = v;
      }
    }
    if (it.supplier_product_id !== undefined && it.internal_product_id !== undefined) {
      // Setting internal_product_id on a row identified by supplier_product_id (the linking script's use).
      const ipid = it.internal_product_id === null ? null : String(it.internal_product_id);
      if (ipid) {
        for (const other of account.products.values()) {
          if (other.id !== product.id && other.internal_product_id === ipid) return 'internal_product_id already used by another product';
        }
      }
      patch.internal_product_id = ipid;
    }
    if (typeof it.notes === 'string') patch.notes = it.notes;
    Object.assign(product, patch, { updatedAt: Date.now() });
    return null;
  }

  addOrder(account: SimAccount, order: SimOrder, opts: { retailerOtp?: string | null } = {}): SimOrderState {
    const copy = structuredClone(order);
    for (const line of copy.order_details) if (typeof line.id !== 'number') line.id = account.nextLineId++;
    const state: SimOrderState = {
      order: copy, acked: false, retailerOtp: opts.retailerOtp ?? (needsOtp(copy) ? '123456' : null), version: 1,
      history: [{ status: copy.status, by: 'retailer', at: Date.now() }],
    };
    account.orders.set(copy.hashed_id, state);
    return state;
  }

  /** Orders Cartona still reports: new or changed since their last `synced` acknowledgement. */
  pending(account: SimAccount): SimOrderState[] {
    return [...account.orders.values()].filter((o) => !o.acked);
  }

  /** A retailer- or admin-side change: the order comes back in pull-orders until acknowledged again. */
  touch(state: SimOrderState, by: 'retailer' | 'admin', change: (o: SimOrder) => void): void {
    change(state.order);
    state.version++;
    state.acked = false;
    state.history.push({ status: state.order.status, by, at: Date.now() });
  }

  /** One status update from the supplier; throws RuleViolation when Cartona would refuse it. */
  applyStatus(account: SimAccount, body: unknown): void {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new RuleViolation(422, 'body must be an object');
    const b = body as Record<string, unknown>;
    const hashed = typeof b.hashed_id === 'string' ? b.hashed_id : typeof b.hashed_id === 'number' ? String(b.hashed_id) : '';
    if (!hashed) throw new RuleViolation(422, 'hashed_id is required');
    const status = b.status;
    if (typeof status !== 'string' || !(SUPPLIER_STATUSES as readonly string[]).includes(status)) {
      throw new RuleViolation(422, `status must be one of ${SUPPLIER_STATUSES.join(', ')}`);
    }
    const state = account.orders.get(hashed);
    if (!state) throw new RuleViolation(404, `order ${hashed} not found`);
    if (status === 'synced') {
      state.acked = true;
      return;
    }
    const current = state.order.status;
    if (current === 'editing') throw new RuleViolation(422, 'the retailer is editing this order');
    if (!ALLOWED_FROM[status].includes(current)) throw new RuleViolation(422, `cannot move an order from ${current} to ${status}`);
    if (b.cancellation_reason !== undefined && b.cancellation_reason !== '' &&
      !(CANCELLATION_REASONS as readonly string[]).includes(String(b.cancellation_reason))) {
      throw new RuleViolation(422, 'cancellation_reason is not an allowed reason');
    }
    if (status === 'delivered' && needsOtp(state.order)) {
      if (!b.retailer_otp) throw new RuleViolation(422, 'retailer_otp is required to deliver an installment or wallet top-up order');
      if (String(b.retailer_otp) !== state.retailerOtp) throw new RuleViolation(422, 'retailer_otp is wrong');
    }
    if (current === status) return;
    state.order.status = status;
    if (status === 'cancelled_by_supplier') state.order.cancellation_reason = String(b.cancellation_reason ?? '');
    if (typeof b.estimated_delivery_day === 'string') state.order.estimated_delivery_day = b.estimated_delivery_day;
    if (typeof b.delivery_day === 'string') state.order.delivery_day = b.delivery_day;
    if (status === 'delivered' && !state.order.delivery_day) state.order.delivery_day = new Date().toISOString().slice(0, 10);
    state.history.push({ status, by: 'supplier', at: Date.now() });
  }

  /** One `update-order-details` element; throws RuleViolation for what the bulk call would skip. */
  applyDetails(account: SimAccount, body: unknown): void {
    if (typeof body !== 'object' || body === null) throw new RuleViolation(422, 'element must be an object');
    const b = body as Record<string, unknown>;
    const state = account.orders.get(String(b.hashed_id ?? ''));
    if (!state) throw new RuleViolation(404, 'order not found');
    if (!LINE_EDITABLE.includes(state.order.status)) throw new RuleViolation(422, `lines cannot change in status ${state.order.status}`);
    if (!Array.isArray(b.order_details)) throw new RuleViolation(422, 'order_details must be an array');
    const lines = state.order.order_details;
    for (const raw of b.order_details as Array<Record<string, unknown>>) {
      if (raw.id !== undefined) {
        const line = lines.find((l) => l.id === Number(raw.id));
        if (!line) throw new RuleViolation(422, `order detail ${String(raw.id)} not found`);
        if (raw.cancelled === true) {
          state.order.order_details = state.order.order_details.filter((l) => l !== line);
          continue;
        }
        if (raw.amount !== undefined) line.amount = Number(raw.amount);
        if (raw.price !== undefined) line.selling_price = Number(raw.price);
        if (raw.comment !== undefined) line.comment = String(raw.comment);
      } else {
        const product = this.findProduct(account, raw);
        if (!product) throw new RuleViolation(422, 'product of the new line not found');
        state.order.order_details.push({
          id: account.nextLineId++, supplier_product_id: product.id, internal_product_id: product.internal_product_id ?? undefined,
          base_product_id: product.base_product_id, unit: product.unit, unit_count: product.unit_count, product_name: product.supplier_product_name,
          amount: Number(raw.amount ?? 1), selling_price: Number(raw.price ?? product.selling_price),
          applied_supplier_discount: 0, applied_cartona_discount: 0, comment: null,
        });
      }
    }
    state.order.total_price = state.order.order_details.reduce((s, l) => s + l.amount * l.selling_price, 0);
  }
}
