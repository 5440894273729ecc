import { Injectable, Logger } from '@nestjs/common';
import { OdooCatalogPort, type ChangedRecord, type OdooProductState } from '../integration/odoo-catalog.port';
import type { CartonaAccount } from '../persistence/cartona-account.entity';
import { ProductMappingRepository, type DesiredValue } from '../persistence/product-mapping.repository';
import { Cursor, SyncCursorRepository } from '../persistence/sync-cursor.repository';
import { CartonaAccountsService } from './cartona-accounts.service';
import { ProductPushService } from './product-push.service';

const READ_CHUNK = 500;
const POLL_PAGE = 1000;

/** Prices go out with two decimals; stock is a whole, never negative, number. */
export function desiredFor(p: OdooProductState, account: Pick<CartonaAccount, 'pushPrices' | 'pushStock'>, unlimited = false): DesiredValue {
  return {
    odooProductId: p.id,
    price: account.pushPrices ? Math.round(p.price * 100) / 100 : undefined,
    stock: account.pushStock ? { unlimited, quantity: unlimited ? null : Math.max(0, Math.floor(p.freeQty)) } : undefined,
  };
}

/**
 * Turns "these Odoo products (or their stock) changed" into desired Cartona values for every
 * account, whatever told us: the automation-rule webhook, the `write_date` polling fallback,
 * or a full resync. Values are read fresh from Odoo, so a late or repeated notification can
 * only send the current value (and nothing at all when Cartona already has it).
 */
@Injectable()
export class ProductChangeService {
  private readonly logger = new Logger(ProductChangeService.name);

  constructor(
    private readonly catalog: OdooCatalogPort,
    private readonly accounts: CartonaAccountsService,
    private readonly push: ProductPushService,
    private readonly cursors: SyncCursorRepository,
    private readonly mappings: ProductMappingRepository,
  ) {}

  async productsChanged(odooIds: number[]): Promise<{ recorded: number }> {
    const ids = [...new Set(odooIds.filter((id) => Number.isInteger(id) && id > 0))];
    let recorded = 0;
    if (!ids.length) return { recorded };
    for (const account of await this.accounts.enabled()) {
      if (!account.pushPrices && !account.pushStock) continue;
      for (let i = 0; i < ids.length; i += READ_CHUNK) {
        recorded += await this.recordFor(account, ids.slice(i, i + READ_CHUNK));
      }
    }
    return { recorded };
  }

  private async recordFor(account: CartonaAccount, ids: number[]): Promise<number> {
    const scope = this.accounts.scope(account);
    let candidates = ids;
    if (account.matchingStrategy === 'supplier_product_id') {
      // Only linked products exist for Cartona under the explicit strategy.
      const linked = await this.mappings.byOdooIds(account.id, ids);
      candidates = linked.map((m) => m.odooProductId);
      if (!candidates.length) return 0;
    }
    const products = await this.catalog.readProducts(candidates, scope);
    const eligible = products.filter((p) => p.active && p.saleOk && (p.companyId === null || account.odooCompanyId === null || p.companyId === account.odooCompanyId));
    const unlimited = new Set((await this.mappings.byOdooIds(account.id, eligible.map((p) => p.id))).filter((m) => m.unlimitedStock).map((m) => m.odooProductId));
    const result = await this.push.record(account, eligible.map((p) => desiredFor(p, account, unlimited.has(p.id))));
    return result.pending;
  }

  /**
   * The polling fallback: products and stock written after the persisted cursors. The cursor is
   * `(write_date, id)`, advanced only after the changes are recorded, so a restart resumes exactly.
   */
  async pollOdoo(): Promise<{ products: number; templates: number; stock: number }> {
    const accounts = await this.accounts.enabled();
    if (!accounts.length) return { products: 0, templates: 0, stock: 0 };
    // Cursors are kept on the first account's row; Odoo's write_date is global to the database.
    const anchor = accounts[0].id;
    const products = await this.drain(anchor, Cursor.OdooProducts, (c) => this.catalog.productsChangedSince(c, POLL_PAGE), (rows) => rows.map((r) => r.id));
    const templates = await this.drain(anchor, Cursor.OdooTemplates, (c) => this.catalog.templatesChangedSince(c, POLL_PAGE), (rows) => rows.flatMap((r) => r.variantIds));
    const stock = await this.drain(anchor, Cursor.OdooStock, (c) => this.catalog.stockChangedSince(c, POLL_PAGE), (rows) => rows.map((r) => r.productId));
    return { products, templates, stock };
  }

  private async drain<R extends ChangedRecord>(
    accountId: string, name: string, fetch: (c: ChangedRecord | null) => Promise<R[]>, toIds: (rows: R[]) => number[],
  ): Promise<number> {
    let cursor = parseCursor(await this.cursors.get(accountId, name));
    let total = 0;
    for (let page = 0; page < 50; page++) {
      const rows = await fetch(cursor);
      if (!rows.length) break;
      await this.productsChanged(toIds(rows));
      const last = rows[rows.length - 1];
      cursor = { id: last.id, writeDate: last.writeDate };
      await this.cursors.set(accountId, name, JSON.stringify(cursor));
      total += rows.length;
      if (rows.length < POLL_PAGE) break;
    }
    return total;
  }

  async countProducts(accountId: string): Promise<number> {
    const account = await this.accounts.get(accountId);
    return this.catalog.countProducts(this.accounts.scope(account));
  }

  /** Full resync of one account: every sellable variant's current value is sent, whatever Cartona is believed to hold. */
  async fullResync(accountId: string, onProgress?: (done: number) => void): Promise<{ products: number }> {
    const account = await this.accounts.get(accountId);
    const scope = this.accounts.scope(account);
    let afterId = 0;
    let done = 0;
    for (;;) {
      const page = await this.catalog.listProducts(scope, { afterId, limit: READ_CHUNK });
      if (!page.length) break;
      const ids = page.map((p) => p.id);
      if (account.matchingStrategy === 'internal_product_id') await this.mappings.ensureImplicit(account.id, ids);
      await this.mappings.forgetConfirmed(account.id, ids);
      await this.recordFor(account, ids);
      done += page.length;
      onProgress?.(done);
      afterId = page[page.length - 1].id;
    }
    await this.push.schedule(account, 0);
    return { products: done };
  }
}

function parseCursor(raw: string | null): ChangedRecord | null {
  if (!raw) return null;
  try {
    const c = JSON.parse(raw) as ChangedRecord;
    return typeof c.id === 'number' && typeof c.writeDate === 'string' ? c : null;
  } catch {
    return null;
  }
}
