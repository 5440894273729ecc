import { Injectable } from '@nestjs/common';
import { OdooClient, OdooProductGateway, type OdooDomain, type OdooProduct, type OdooRecord } from '../../../odoo';
import { OdooCatalogPort, type ChangedRecord, type OdooCatalogScope, type OdooProductState } from './odoo-catalog.port';

const PRODUCT = 'product.product';

/** Odoo write_date as the keyset cursor wants it (`YYYY-MM-DD HH:MM:SS`, UTC). */
const writeDateOf = (r: OdooRecord): string => String(r.write_date ?? '');

function keyset(cursor: ChangedRecord | null): OdooDomain {
  return cursor ? ['|', ['write_date', '>', cursor.writeDate], '&', ['write_date', '=', cursor.writeDate], ['id', '>', cursor.id]] : [];
}

/**
 * OdooCatalogPort over the shared provider: variants through OdooProductGateway (prices,
 * warehouse-scoped free quantity), the few reads it lacks (templates and quants by write_date,
 * a custom Cartona id field, pricelist items) through OdooClient.
 */
@Injectable()
export class OdooCatalogAdapter extends OdooCatalogPort {
  constructor(private readonly products: OdooProductGateway, private readonly odoo: OdooClient) {
    super();
  }

  async readProducts(ids: number[], scope: OdooCatalogScope): Promise<OdooProductState[]> {
    if (!ids.length) return [];
    const rows = await this.products.getMany(ids);
    return this.withFacts(rows, scope);
  }

  async listProducts(scope: OdooCatalogScope, page: { afterId: number; limit: number }): Promise<OdooProductState[]> {
    const domain: OdooDomain = [['id', '>', page.afterId], ['sale_ok', '=', true]];
    if (scope.companyId) domain.push(['company_id', 'in', [scope.companyId, false]]);
    const rows = await this.products.find({ domain, limit: page.limit, order: 'id asc' });
    return this.withFacts(rows, scope);
  }

  countProducts(scope: OdooCatalogScope): Promise<number> {
    const domain: OdooDomain = [['sale_ok', '=', true]];
    if (scope.companyId) domain.push(['company_id', 'in', [scope.companyId, false]]);
    return this.products.count(domain);
  }

  private async withFacts(rows: OdooProduct[], scope: OdooCatalogScope): Promise<OdooProductState[]> {
    if (!rows.length) return [];
    const ids = rows.map((r) => r.id);
    const [stock, prices, field, companies] = await Promise.all([
      this.products.stockLevels(ids, { warehouseId: scope.warehouseId ?? undefined }),
      scope.pricelistId ? this.pricelistPrices(scope.pricelistId, rows) : Promise.resolve(new Map<number, number>()),
      scope.cartonaField && scope.cartonaField !== 'cartona_id' ? this.fieldValues(ids, scope.cartonaField) : Promise.resolve(new Map<number, string | null>()),
      this.companiesOf(ids),
    ]);
    return rows.map((p) => ({
      id: p.id, name: p.displayName || p.name, active: p.active, saleOk: p.saleOk, companyId: companies.get(p.id) ?? null,
      price: prices.get(p.id) ?? p.listPrice, freeQty: stock.get(p.id)?.free ?? 0, barcode: p.barcode, defaultCode: p.defaultCode,
      cartonaFieldValue: scope.cartonaField === 'cartona_id' ? p.cartonaId : (field.get(p.id) ?? null),
    }));
  }

  private async companiesOf(ids: number[]): Promise<Map<number, number | null>> {
    if (!(await this.odoo.hasField(PRODUCT, 'company_id'))) return new Map();
    const rows = await this.odoo.searchRead(PRODUCT, [['id', 'in', ids]], { fields: ['company_id'], context: { active_test: false } });
    return new Map(rows.map((r) => [r.id, Array.isArray(r.company_id) ? Number(r.company_id[0]) : typeof r.company_id === 'number' ? r.company_id : null]));
  }

  private async fieldValues(ids: number[], field: string): Promise<Map<number, string | null>> {
    if (!(await this.odoo.hasField(PRODUCT, field))) return new Map();
    const rows = await this.odoo.searchRead(PRODUCT, [['id', 'in', ids]], { fields: [field], context: { active_test: false } });
    return new Map(rows.map((r) => {
      const value = r[field];
      return [r.id, value === false || value === null || value === undefined || value === '' ? null : String(value)];
    }));
  }

  /**
   * The pricelist's unit price for quantity 1: the most specific active item (variant, then
   * template, then global) with a fixed price or a percentage off the sale price. Formula items
   * fall back to the sale price; without the pricelist models the sale price is used.
   */
  private async pricelistPrices(pricelistId: number, rows: OdooProduct[]): Promise<Map<number, number>> {
    const out = new Map<number, number>();
    if (!(await this.odoo.hasModel('product.pricelist.item'))) return out;
    const today = new Date().toISOString().slice(0, 10);
    const items = await this.odoo.searchRead('product.pricelist.item', [['pricelist_id', '=', pricelistId]], {
      fields: ['applied_on', 'product_id', 'product_tmpl_id', 'compute_price', 'fixed_price', 'percent_price', 'min_quantity', 'date_start', 'date_end'],
    });
    const live = items.filter((i) => Number(i.min_quantity ?? 0) <= 1
      && (!i.date_start || String(i.date_start).slice(0, 10) <= today) && (!i.date_end || String(i.date_end).slice(0, 10) >= today));
    const idOf = (x: unknown) => (Array.isArray(x) ? Number(x[0]) : typeof x === 'number' ? x : null);
    for (const p of rows) {
      const item = live.find((i) => i.applied_on === '0_product_variant' && idOf(i.product_id) === p.id)
        ?? live.find((i) => i.applied_on === '1_product' && idOf(i.product_tmpl_id) === p.templateId)
        ?? live.find((i) => i.applied_on === '3_global');
      if (!item) continue;
      if (item.compute_price === 'fixed') out.set(p.id, Number(item.fixed_price));
      else if (item.compute_price === 'percentage') out.set(p.id, Math.round(p.listPrice * (1 - Number(item.percent_price) / 100) * 10000) / 10000);
    }
    return out;
  }

  async productsChangedSince(cursor: ChangedRecord | null, limit: number): Promise<ChangedRecord[]> {
    const rows = await this.odoo.searchRead(PRODUCT, keyset(cursor), { fields: ['write_date'], order: 'write_date asc, id asc', limit, context: { active_test: false } });
    return rows.map((r) => ({ id: r.id, writeDate: writeDateOf(r) }));
  }

  /** Templates written after the cursor (a list_price write does not touch the variants' write_date). */
  async templatesChangedSince(cursor: ChangedRecord | null, limit: number): Promise<Array<ChangedRecord & { variantIds: number[] }>> {
    const rows = await this.odoo.searchRead('product.template', keyset(cursor), {
      fields: ['write_date', 'product_variant_ids'], order: 'write_date asc, id asc', limit, context: { active_test: false },
    });
    return rows.map((r) => ({ id: r.id, writeDate: writeDateOf(r), variantIds: (r.product_variant_ids as number[] | undefined) ?? [] }));
  }

  async stockChangedSince(cursor: ChangedRecord | null, limit: number): Promise<Array<ChangedRecord & { productId: number }>> {
    const rows = await this.odoo.searchRead('stock.quant', [...keyset(cursor), ['location_id.usage', '=', 'internal']], {
      fields: ['product_id', 'write_date'], order: 'write_date asc, id asc', limit,
    });
    return rows.map((r) => ({ id: r.id, writeDate: writeDateOf(r), productId: Array.isArray(r.product_id) ? Number(r.product_id[0]) : Number(r.product_id) }));
  }

  async variantIdsOf(model: string, ids: number[]): Promise<number[]> {
    if (!ids.length) return [];
    if (model === PRODUCT) return ids;
    if (model === 'product.template') return this.odoo.search(PRODUCT, [['product_tmpl_id', 'in', ids]], { context: { active_test: false } });
    if (model === 'stock.quant' || model === 'stock.move') {
      const rows = await this.odoo.searchRead(model, [['id', 'in', ids]], { fields: ['product_id'] });
      return [...new Set(rows.map((r) => (Array.isArray(r.product_id) ? Number(r.product_id[0]) : Number(r.product_id))).filter((x) => x > 0))];
    }
    return [];
  }

  productFieldExists(field: string): Promise<boolean> {
    return this.odoo.hasField(PRODUCT, field);
  }
}

