import { Injectable } from '@nestjs/common';
import { OdooClient } from '../client/odoo-client';
import type { OdooCallOptions, OdooDomain, OdooRecord, OdooRef } from '../odoo.types';
import { toOdooValues } from '../values/odoo-values';
import { OdooGateway, READ_CHUNK, v, type ChangeCursor, type ChangePage } from './odoo-gateway';

/** What the product is, across 17 (detailed_type) and 18+ (type + is_storable). */
export type ProductKind = 'goods' | 'service' | 'combo';

export interface OdooProduct {
  /** product.product (variant) id: what order lines and stock refer to. */
  id: number;
  templateId: number;
  name: string;
  displayName: string;
  defaultCode: string | null;
  barcode: string | null;
  /** Sales price of the variant (lst_price). */
  listPrice: number;
  standardPrice: number;
  kind: ProductKind;
  /** Stock is tracked (17: detailed_type "product"; 18+: is_storable). */
  storable: boolean;
  saleOk: boolean;
  active: boolean;
  category: OdooRef | null;
  uom: OdooRef | null;
  description: string | null;
  /** Subscription product (sale_subscription's recurring_invoice). */
  recurring: boolean;
  cartonaId: string | null;
  writeDate: Date | null;
}

export interface StockLevel {
  productId: number;
  onHand: number;
  free: number;
  forecast: number;
}

export const PRODUCT_FIELDS = [
  'product_tmpl_id', 'name', 'display_name', 'default_code', 'barcode', 'lst_price', 'standard_price', 'type', 'detailed_type',
  'is_storable', 'sale_ok', 'active', 'categ_id', 'uom_id', 'description_sale', 'recurring_invoice', 'cartona_id', 'write_date',
] as const;

export function toProduct(r: OdooRecord): OdooProduct {
  const detailed = v.str(r.detailed_type);
  const type = v.str(r.type);
  const kind: ProductKind = (detailed ?? type) === 'service' ? 'service' : type === 'combo' ? 'combo' : 'goods';
  return {
    id: r.id, templateId: v.refId(r.product_tmpl_id) ?? 0, name: v.str(r.name) ?? '', displayName: v.str(r.display_name) ?? v.str(r.name) ?? '',
    defaultCode: v.text(r.default_code), barcode: v.text(r.barcode), listPrice: v.money(r.lst_price, 4), standardPrice: v.money(r.standard_price, 4),
    kind, storable: detailed ? detailed === 'product' : v.bool(r.is_storable) || type === 'product',
    saleOk: v.bool(r.sale_ok), active: r.active === undefined ? true : v.bool(r.active), category: v.ref(r.categ_id), uom: v.ref(r.uom_id),
    description: v.text(r.description_sale), recurring: v.bool(r.recurring_invoice), cartonaId: v.text(r.cartona_id), writeDate: v.datetime(r.write_date),
  };
}

const MODEL = 'product.product';

/** Products as variants (product.product); prices live on the template and are written there. */
@Injectable()
export class OdooProductGateway extends OdooGateway {
  constructor(odoo: OdooClient) {
    super(odoo);
  }

  async get(id: number, opts?: OdooCallOptions): Promise<OdooProduct | null> {
    return (await this.getMany([id], opts))[0] ?? null;
  }

  getMany(ids: readonly number[], opts?: OdooCallOptions): Promise<OdooProduct[]> {
    return this.readByIds(MODEL, ids, PRODUCT_FIELDS, toProduct, opts);
  }

  private findIn(field: string, values: readonly string[], opts?: OdooCallOptions): Promise<OdooProduct[]> {
    if (!values.length) return Promise.resolve([]);
    return this.search(MODEL, [[field, 'in', [...values]]], PRODUCT_FIELDS, toProduct, { ...opts, context: { active_test: false, ...opts?.context } });
  }

  findByDefaultCode(codes: readonly string[], opts?: OdooCallOptions): Promise<OdooProduct[]> {
    return this.findIn('default_code', codes, opts);
  }

  findByBarcode(barcodes: readonly string[], opts?: OdooCallOptions): Promise<OdooProduct[]> {
    return this.findIn('barcode', barcodes, opts);
  }

  /** Products carrying Cartona's id in `cartona_id` (the field exists only with the Cartona module). */
  async findByCartonaId(cartonaIds: readonly string[], opts?: OdooCallOptions): Promise<OdooProduct[]> {
    if (!(await this.hasCartonaField())) return [];
    return this.findIn('cartona_id', cartonaIds, opts);
  }

  hasCartonaField(): Promise<boolean> {
    return this.odoo.hasField(MODEL, 'cartona_id');
  }

  find(filter: { query?: string; saleOk?: boolean; categoryId?: number; kind?: ProductKind; withCartonaId?: boolean; domain?: OdooDomain; limit?: number; offset?: number; order?: string }, opts?: OdooCallOptions): Promise<OdooProduct[]> {
    const domain: OdooDomain = [...(filter.domain ?? [])];
    if (filter.query) domain.push('|', '|', ['name', 'ilike', filter.query], ['default_code', 'ilike', filter.query], ['barcode', '=', filter.query]);
    if (filter.saleOk !== undefined) domain.push(['sale_ok', '=', filter.saleOk]);
    if (filter.categoryId) domain.push(['categ_id', 'child_of', filter.categoryId]);
    if (filter.kind) domain.push(['type', '=', filter.kind === 'goods' ? 'consu' : filter.kind]);
    if (filter.withCartonaId !== undefined) domain.push(['cartona_id', filter.withCartonaId ? '!=' : '=', false]);
    return this.search(MODEL, domain, PRODUCT_FIELDS, toProduct, { ...opts, limit: filter.limit ?? 200, offset: filter.offset, order: filter.order ?? 'id asc' });
  }

  count(domain: OdooDomain = [], opts?: OdooCallOptions): Promise<number> {
    return this.odoo.searchCount(MODEL, domain, opts);
  }

  changedSince(cursor: ChangeCursor | null, limit = 200, filter: OdooDomain = [], opts?: OdooCallOptions): Promise<ChangePage<OdooProduct>> {
    return this.changes(MODEL, cursor, limit, PRODUCT_FIELDS, toProduct, filter, opts);
  }

  /**
   * On hand / free / forecast per product, all warehouses or one (context `warehouse_id`,
   * which 17+ reads; `warehouse` for older servers), read in chunks: one call per 200 products.
   */
  async stockLevels(productIds: readonly number[], options: { warehouseId?: number } & OdooCallOptions = {}): Promise<Map<number, StockLevel>> {
    const { warehouseId, ...opts } = options;
    const ids = [...new Set(productIds)];
    const out = new Map<number, StockLevel>();
    const fields = await this.fieldsOf(MODEL, ['qty_available', 'free_qty', 'virtual_available']);
    const context = { active_test: false, ...(warehouseId ? { warehouse_id: warehouseId, warehouse: warehouseId } : {}), ...opts.context };
    const chunks: number[][] = [];
    for (let i = 0; i < ids.length; i += READ_CHUNK) chunks.push(ids.slice(i, i + READ_CHUNK));
    const rows = (await Promise.all(chunks.map((c) => this.odoo.searchRead(MODEL, [['id', 'in', c]], { ...opts, fields, context })))).flat();
    for (const r of rows) out.set(r.id, { productId: r.id, onHand: v.num(r.qty_available), free: v.num(r.free_qty ?? r.qty_available), forecast: v.num(r.virtual_available ?? r.qty_available) });
    return out;
  }

  /** Sets the sales price (the template's list_price). */
  async setListPrice(productId: number, price: number, opts?: OdooCallOptions): Promise<void> {
    const p = await this.get(productId, opts);
    if (!p) return;
    await this.odoo.write('product.template', [p.templateId], { list_price: price }, { idempotent: true, ...opts });
  }

  async setCartonaId(productId: number, cartonaId: string | null, opts?: OdooCallOptions): Promise<void> {
    await this.odoo.write(MODEL, [productId], toOdooValues({ cartona_id: cartonaId }), { idempotent: true, ...opts });
  }

  /** Creates a product (template + variant); kind/storable map to 17's detailed_type or 18+'s type/is_storable. */
  async create(input: { name: string; kind?: ProductKind; storable?: boolean; listPrice?: number; defaultCode?: string; barcode?: string; categoryId?: number; saleOk?: boolean; extra?: Record<string, unknown> }, opts?: OdooCallOptions): Promise<number> {
    const kind = input.kind ?? 'goods';
    const version = await this.version();
    const typing = version.major <= 17
      ? { detailed_type: kind === 'service' ? 'service' : input.storable ? 'product' : 'consu' }
      : { type: kind === 'goods' ? 'consu' : kind, is_storable: kind === 'goods' && !!input.storable };
    const values = await this.writable(MODEL, toOdooValues({
      name: input.name, list_price: input.listPrice, default_code: input.defaultCode, barcode: input.barcode,
      categ_id: input.categoryId, sale_ok: input.saleOk, ...typing, ...input.extra,
    }));
    return this.odoo.create(MODEL, values, opts);
  }
}
