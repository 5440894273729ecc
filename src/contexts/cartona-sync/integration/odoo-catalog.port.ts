/**
 * What CartonaSync needs from Odoo's catalogue and stock, in its own terms. Implemented with the
 * shared Odoo gateways (odoo-catalog.adapter.ts); unit tests use an in-memory fake.
 */
export interface OdooCatalogScope {
  warehouseId: number | null;
  companyId: number | null;
  pricelistId: number | null;
  /** An Odoo product field holding the Cartona id (`x_cartona_id`, `cartona_id`), when one exists. */
  cartonaField: string | null;
}

export interface OdooProductState {
  id: number;
  name: string;
  active: boolean;
  saleOk: boolean;
  companyId: number | null;
  /** The variant's sale price (`lst_price`), or the configured pricelist's price. */
  price: number;
  /** Free quantity in the scope's warehouse (on hand minus reserved). */
  freeQty: number;
  barcode: string | null;
  defaultCode: string | null;
  cartonaFieldValue: string | null;
}

export interface ChangedRecord {
  id: number;
  writeDate: string;
}

export abstract class OdooCatalogPort {
  /** Current price/stock facts of these variants; ids Odoo does not know are left out. */
  abstract readProducts(ids: number[], scope: OdooCatalogScope): Promise<OdooProductState[]>;
  /** Sellable variants page by page (id order), for full resyncs and linking. */
  abstract listProducts(scope: OdooCatalogScope, page: { afterId: number; limit: number }): Promise<OdooProductState[]>;
  /** How many sellable variants listProducts would page through. */
  abstract countProducts(scope: OdooCatalogScope): Promise<number>;
  /** Variants whose price may have changed (product or template written) after the cursor. */
  abstract productsChangedSince(cursor: ChangedRecord | null, limit: number): Promise<ChangedRecord[]>;
  /** Templates written after the cursor, with their variants (a template's list_price write leaves the variants' write_date alone). */
  abstract templatesChangedSince(cursor: ChangedRecord | null, limit: number): Promise<Array<ChangedRecord & { variantIds: number[] }>>;
  /** Variants whose stock may have changed (quants written) after the cursor, as product ids with the quant's write date. */
  abstract stockChangedSince(cursor: ChangedRecord | null, limit: number): Promise<Array<ChangedRecord & { productId: number }>>;
  /** The variants behind records of product.template, stock.quant or stock.move. */
  abstract variantIdsOf(model: string, ids: number[]): Promise<number[]>;
  /** Whether product.product has this field (fields_get), e.g. `x_cartona_id`. */
  abstract productFieldExists(field: string): Promise<boolean>;
}
