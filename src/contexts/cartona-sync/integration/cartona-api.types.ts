/**
 * Wire types of Cartona's supplier-integrations API (reference §2), as we send them and as we
 * read them back. Reads are parsed defensively: Cartona's doc spells the product id and name
 * `suppler_prodcut_id` / `suppler_prodcut_name`, its dev script reads `id`.
 */
export interface CartonaProductRow {
  supplierProductId: string | null;
  internalProductId: string | null;
  baseProductId: string | null;
  name: string | null;
  unit: string | null;
  unitCount: number | null;
  sellingPrice: number | null;
  availableStock: number | null;
  inStock: boolean | null;
  isUnlimitedStock: boolean | null;
  isPublished: boolean | null;
  barcode: string | null;
}

/** One element of `supplier-product/bulk-update`. `supplier_product_id` wins over `internal_product_id`. */
export interface CartonaProductUpdate {
  supplier_product_id?: string | number;
  internal_product_id?: string;
  supplier_code?: string;
  selling_price?: string | number;
  available_stock_quantity?: number;
  is_unlimited_stock?: boolean;
  in_stock?: boolean;
}

export interface CartonaStatusUpdate {
  hashed_id: string;
  status: string;
  retailer_otp?: string;
  cancellation_reason?: string;
  estimated_delivery_day?: string;
  delivery_day?: string;
}

export interface CartonaOrderDetailEdit {
  id?: number;
  supplier_product_id?: string;
  internal_product_id?: string;
  amount?: number;
  price?: number;
  comment?: string;
  cancelled?: boolean;
}
export interface CartonaOrderDetailsUpdate {
  hashed_id: string;
  order_details: CartonaOrderDetailEdit[];
}

/** Bulk endpoints answer 200 even when items fail; whatever they say per item is kept raw. */
export interface CartonaBulkResult {
  status: number;
  items: unknown[];
}

export interface CartonaProductQuery {
  page?: number;
  perPage?: number;
  internalProductId?: string;
  supplierProductId?: string;
  baseProductId?: string;
  searchToken?: string;
}

export interface CartonaPullQuery {
  page?: number;
  perPage?: number;
  from?: string;
  to?: string;
}

type Obj = Record<string, unknown>;
const pick = (o: Obj, ...keys: string[]): unknown => {
  for (const k of keys) if (o[k] !== undefined && o[k] !== null) return o[k];
  return undefined;
};
const s = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : null);
const n = (v: unknown): number | null => {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  return null;
};
const b = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : v === 'true' || v === 1 ? true : v === 'false' || v === 0 ? false : null);

export function parseProductRow(raw: unknown): CartonaProductRow | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const o = raw as Obj;
  return {
    supplierProductId: s(pick(o, 'supplier_product_id', 'suppler_prodcut_id', 'id')),
    internalProductId: s(o.internal_product_id),
    baseProductId: s(o.base_product_id),
    name: s(pick(o, 'supplier_product_name', 'suppler_prodcut_name', 'base_product_name', 'name')),
    unit: s(o.unit),
    unitCount: n(o.unit_count),
    sellingPrice: n(o.selling_price),
    availableStock: n(o.available_stock_quantity),
    inStock: b(o.in_stock),
    isUnlimitedStock: b(o.is_unlimited_stock),
    isPublished: b(o.is_published),
    barcode: s(pick(o, 'barcode', 'bar_code', 'ean')),
  };
}

/** A list response: a bare array (documented) or, defensively, an object wrapping one. */
export function listFromBody(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  if (typeof body === 'object' && body !== null) {
    for (const key of ['data', 'results', 'items', 'orders', 'products']) {
      const v = (body as Obj)[key];
      if (Array.isArray(v)) return v;
    }
  }
  return [];
}
