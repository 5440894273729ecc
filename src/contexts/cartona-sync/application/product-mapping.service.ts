import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { DataSource } from 'typeorm';
import { BusinessRuleViolation, ValidationFailed } from '../../../infrastructure/errors';
import { odooIdFromInternalKey } from '../domain/internal-product-id';
import type { CartonaProductRow } from '../integration/cartona-api.types';
import { OdooCatalogPort, type OdooProductState } from '../integration/odoo-catalog.port';
import type { CartonaAccount } from '../persistence/cartona-account.entity';
import { CartonaProductMapping } from '../persistence/cartona-product-mapping.entity';
import { ProductMappingRepository } from '../persistence/product-mapping.repository';
import { CartonaAccountsService } from './cartona-accounts.service';

export interface MappingRow { odooProductId: number; supplierProductId: string | null; internalProductId: string | null; unlimitedStock: boolean }
export interface RowError { row: number; message: string }
export interface LinkReport {
  linked: Array<{ odooProductId: number; supplierProductId: string | null; internalProductId: string | null }>;
  unlinkedOdoo: Array<{ odooProductId: number; name: string; defaultCode: string | null; barcode: string | null }>;
  unlinkedCartona: Array<{ supplierProductId: string | null; internalProductId: string | null; name: string | null }>;
  conflicts: Array<{ reason: string; supplierProductId?: string | null; internalProductId?: string | null; odooProductIds?: number[] }>;
}

const ID_RE = /^[A-Za-z0-9#:_-]{1,100}$/;
const MAX_CARTONA_PAGES = 500;

/**
 * Linking tools: CSV import/export, linking from an Odoo product field, matching on barcode or
 * internal reference, and the linked/unlinked/conflicting report. Imports are all or nothing:
 * one bad row rejects the file with every bad row named.
 */
@Injectable()
export class ProductMappingService {
  constructor(
    private readonly mappings: ProductMappingRepository,
    private readonly accounts: CartonaAccountsService,
    private readonly catalog: OdooCatalogPort,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  parseCsv(csv: string): MappingRow[] {
    let records: Array<Record<string, string>>;
    try {
      records = parse(csv, { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), skip_empty_lines: true, trim: true, bom: true });
    } catch (err) {
      throw new ValidationFailed(`CSV could not be read: ${(err as Error).message}`, undefined, 'CARTONA.MAPPING_CSV_INVALID');
    }
    if (!records.length) throw new ValidationFailed('CSV has no rows', undefined, 'CARTONA.MAPPING_CSV_INVALID');
    if (!('odoo_product_id' in records[0])) {
      throw new ValidationFailed('CSV needs the columns odoo_product_id and supplier_product_id and/or internal_product_id', undefined, 'CARTONA.MAPPING_CSV_INVALID');
    }
    const errors: RowError[] = [];
    const rows: MappingRow[] = [];
    const seen = { odoo: new Map<number, number>(), supplier: new Map<string, number>(), internal: new Map<string, number>() };
    records.forEach((r, i) => {
      const rowNo = i + 2; // header is row 1
      const odoo = Number(r.odoo_product_id);
      const supplier = r.supplier_product_id || null;
      const internal = r.internal_product_id || null;
      if (!Number.isInteger(odoo) || odoo <= 0) errors.push({ row: rowNo, message: `odoo_product_id "${r.odoo_product_id ?? ''}" is not a positive integer` });
      if (!supplier && !internal) errors.push({ row: rowNo, message: 'supplier_product_id or internal_product_id is required' });
      if (supplier && !ID_RE.test(supplier)) errors.push({ row: rowNo, message: `supplier_product_id "${supplier}" is not a valid id` });
      if (internal && !ID_RE.test(internal)) errors.push({ row: rowNo, message: `internal_product_id "${internal}" is not a valid id` });
      const dup = (map: Map<string | number, number>, key: string | number | null, what: string) => {
        if (key === null) return;
        const prev = map.get(key);
        if (prev) errors.push({ row: rowNo, message: `${what} ${key} is also on row ${prev}` });
        else map.set(key, rowNo);
      };
      dup(seen.odoo as Map<string | number, number>, Number.isInteger(odoo) ? odoo : null, 'odoo_product_id');
      dup(seen.supplier as Map<string | number, number>, supplier, 'supplier_product_id');
      dup(seen.internal as Map<string | number, number>, internal, 'internal_product_id');
      const unl = (r.unlimited_stock ?? '').toLowerCase();
      rows.push({ odooProductId: odoo, supplierProductId: supplier, internalProductId: internal, unlimitedStock: ['1', 'true', 'yes'].includes(unl) });
    });
    if (errors.length) throw new ValidationFailed(`${errors.length} row(s) of the CSV are invalid`, { rows: errors }, 'CARTONA.MAPPING_CSV_INVALID');
    return rows;
  }

  /** Upserts links by Odoo product; rejects the whole import if any id is already linked elsewhere. */
  async importRows(accountId: string, rows: MappingRow[], source = 'csv'): Promise<{ imported: number }> {
    const account = await this.accounts.get(accountId);
    const errors: RowError[] = [];
    await this.ds.transaction(async (em) => {
      const repo = em.getRepository(CartonaProductMapping);
      const existing = await repo.find({ where: { accountId: account.id } });
      const bySupplier = new Map(existing.filter((m) => m.supplierProductId).map((m) => [m.supplierProductId!, m]));
      const byInternal = new Map(existing.filter((m) => m.internalProductId).map((m) => [m.internalProductId!, m]));
      const byOdoo = new Map(existing.map((m) => [m.odooProductId, m]));
      const incomingOdoo = new Set(rows.map((r) => r.odooProductId));
      rows.forEach((r, i) => {
        const clash = (m: CartonaProductMapping | undefined, what: string, v: string | null) => {
          // Taken by another product that this import does not also re-link.
          if (m && v && m.odooProductId !== r.odooProductId && !incomingOdoo.has(m.odooProductId)) {
            errors.push({ row: i + 2, message: `${what} ${v} is already linked to Odoo product ${m.odooProductId}` });
          }
        };
        clash(r.supplierProductId ? bySupplier.get(r.supplierProductId) : undefined, 'supplier_product_id', r.supplierProductId);
        clash(r.internalProductId ? byInternal.get(r.internalProductId) : undefined, 'internal_product_id', r.internalProductId);
      });
      if (errors.length) return;
      // Clear the ids being moved first, so the unique indexes hold at every statement.
      for (const r of rows) {
        const m = byOdoo.get(r.odooProductId);
        if (m) await repo.update(m.id, { supplierProductId: null, internalProductId: `moving:${m.id}` });
      }
      for (const r of rows) {
        const m = byOdoo.get(r.odooProductId);
        const values = {
          supplierProductId: r.supplierProductId, internalProductId: r.internalProductId ?? (account.matchingStrategy === 'internal_product_id' ? String(r.odooProductId) : null),
          unlimitedStock: r.unlimitedStock, source,
        };
        if (values.supplierProductId === null && values.internalProductId === null) values.internalProductId = String(r.odooProductId);
        if (m) await repo.update(m.id, { ...values, cartonaPrice: null, cartonaStock: null, cartonaUnlimited: null });
        else await repo.insert({ accountId: account.id, odooProductId: r.odooProductId, ...values });
      }
    });
    if (errors.length) throw new ValidationFailed(`${errors.length} row(s) conflict with existing links`, { rows: errors }, 'CARTONA.MAPPING_CONFLICT');
    return { imported: rows.length };
  }

  async exportCsv(accountId: string): Promise<string> {
    const account = await this.accounts.get(accountId);
    const rows = await this.mappings.repo.find({ where: { accountId: account.id }, order: { odooProductId: 'ASC' } });
    return stringify(rows.map((m) => ({
      odoo_product_id: m.odooProductId, supplier_product_id: m.supplierProductId ?? '', internal_product_id: m.internalProductId ?? '',
      unlimited_stock: m.unlimitedStock ? 'true' : 'false', sync_state: m.syncState, cartona_price: m.cartonaPrice ?? '', cartona_stock: m.cartonaStock ?? '',
      last_error: m.lastError ?? '',
    })), { header: true, columns: ['odoo_product_id', 'supplier_product_id', 'internal_product_id', 'unlimited_stock', 'sync_state', 'cartona_price', 'cartona_stock', 'last_error'] });
  }

  /** Links from an Odoo product field holding Cartona's supplier_product_id (e.g. `x_cartona_id`), detected with fields_get. */
  async linkFromOdooField(accountId: string, field?: string): Promise<{ field: string; imported: number }> {
    const account = await this.accounts.get(accountId);
    const candidates = field ? [field] : [account.odooProductField, 'x_cartona_id', 'cartona_id', 'x_studio_cartona_id'].filter((f): f is string => !!f);
    let chosen: string | null = null;
    for (const f of candidates) {
      if (/^[a-z_][a-z0-9_]{0,62}$/.test(f) && (await this.catalog.productFieldExists(f))) {
        chosen = f;
        break;
      }
    }
    if (!chosen) throw new BusinessRuleViolation('CARTONA.NO_ODOO_FIELD', `Odoo products have none of the fields ${candidates.join(', ')}`);
    const scope = { ...this.accounts.scope(account), cartonaField: chosen };
    const rows: MappingRow[] = [];
    for (let afterId = 0; ;) {
      const page = await this.catalog.listProducts(scope, { afterId, limit: 500 });
      if (!page.length) break;
      for (const p of page) if (p.cartonaFieldValue) rows.push({ odooProductId: p.id, supplierProductId: p.cartonaFieldValue, internalProductId: null, unlimitedStock: false });
      afterId = page[page.length - 1].id;
    }
    if (account.odooProductField !== chosen) await this.accounts.update(account.id, { odooProductField: chosen });
    const dupes = duplicates(rows.map((r) => r.supplierProductId!));
    if (dupes.length) throw new ValidationFailed(`Several Odoo products carry the same ${chosen}`, { duplicates: dupes }, 'CARTONA.MAPPING_CONFLICT');
    const { imported } = rows.length ? await this.importRows(account.id, rows, 'odoo_field') : { imported: 0 };
    return { field: chosen, imported };
  }

  /** Matches Cartona rows to Odoo variants on barcode or internal reference (default code); ambiguous ones are reported, not linked. */
  async matchByCode(accountId: string, opts: { apply: boolean }): Promise<{ matched: number; ambiguous: LinkReport['conflicts'] }> {
    const account = await this.accounts.get(accountId);
    const [cartona, odoo] = await Promise.all([this.cartonaRows(account), this.odooProducts(account)]);
    const byCode = new Map<string, OdooProductState[]>();
    for (const p of odoo) for (const code of [p.barcode, p.defaultCode]) if (code) byCode.set(code, [...(byCode.get(code) ?? []), p]);
    const linked = new Set((await this.mappings.repo.find({ where: { accountId: account.id } })).map((m) => m.supplierProductId).filter(Boolean));
    const rows: MappingRow[] = [];
    const ambiguous: LinkReport['conflicts'] = [];
    for (const c of cartona) {
      if (!c.supplierProductId || linked.has(c.supplierProductId)) continue;
      const hits = new Map<number, OdooProductState>();
      for (const code of [c.barcode, c.internalProductId]) for (const p of (code ? byCode.get(code) : undefined) ?? []) hits.set(p.id, p);
      if (hits.size === 1) rows.push({ odooProductId: [...hits.keys()][0], supplierProductId: c.supplierProductId, internalProductId: null, unlimitedStock: false });
      else if (hits.size > 1) ambiguous.push({ reason: 'several Odoo products share this code', supplierProductId: c.supplierProductId, odooProductIds: [...hits.keys()] });
    }
    const taken = duplicates(rows.map((r) => String(r.odooProductId)));
    const clean = rows.filter((r) => !taken.includes(String(r.odooProductId)));
    for (const t of taken) ambiguous.push({ reason: 'several Cartona products match this Odoo product', odooProductIds: [Number(t)] });
    if (opts.apply && clean.length) {
      await this.importRows(account.id, clean, 'match');
      if (account.matchingStrategy === 'internal_product_id') {
        // Cartona matches on internal_product_id = Odoo variant id: write it on the matched rows (as Cartona's linking script does).
        const client = this.accounts.client(account);
        for (let i = 0; i < clean.length; i += account.batchSize) {
          await client.bulkUpdateProducts(clean.slice(i, i + account.batchSize).map((r) => ({ supplier_product_id: r.supplierProductId!, internal_product_id: String(r.odooProductId) })));
        }
      }
    }
    return { matched: clean.length, ambiguous };
  }

  async report(accountId: string): Promise<LinkReport> {
    const account = await this.accounts.get(accountId);
    const [cartona, odoo, maps] = await Promise.all([this.cartonaRows(account), this.odooProducts(account), this.mappings.repo.find({ where: { accountId: account.id } })]);
    const odooIds = new Set(odoo.map((p) => p.id));
    const report: LinkReport = { linked: [], unlinkedOdoo: [], unlinkedCartona: [], conflicts: [] };
    const internalCount = new Map<string, number>();
    for (const c of cartona) if (c.internalProductId) internalCount.set(c.internalProductId, (internalCount.get(c.internalProductId) ?? 0) + 1);
    for (const [ipid, n] of internalCount) if (n > 1) report.conflicts.push({ reason: `${n} Cartona products carry this internal_product_id`, internalProductId: ipid });
    const linkedOdoo = new Set<number>();
    if (account.matchingStrategy === 'internal_product_id') {
      const explicit = new Map(maps.filter((m) => m.internalProductId && m.source !== 'internal_id').map((m) => [m.internalProductId!, m.odooProductId]));
      for (const c of cartona) {
        const target = c.internalProductId ? (explicit.get(c.internalProductId) ?? odooIdFromInternalKey(c.internalProductId)) : null;
        if (target !== null && odooIds.has(target)) {
          report.linked.push({ odooProductId: target, supplierProductId: c.supplierProductId, internalProductId: c.internalProductId });
          linkedOdoo.add(target);
        } else if (c.internalProductId && target !== null) {
          report.conflicts.push({ reason: 'internal_product_id names an Odoo product that does not exist or is not sellable', supplierProductId: c.supplierProductId, internalProductId: c.internalProductId });
        } else {
          report.unlinkedCartona.push({ supplierProductId: c.supplierProductId, internalProductId: c.internalProductId, name: c.name });
        }
      }
    } else {
      const rowsById = new Map(cartona.map((c) => [c.supplierProductId, c]));
      const mappedSupplier = new Set<string>();
      for (const m of maps) {
        if (!m.supplierProductId) continue;
        mappedSupplier.add(m.supplierProductId);
        if (!rowsById.has(m.supplierProductId)) report.conflicts.push({ reason: 'linked to a Cartona product that does not exist', supplierProductId: m.supplierProductId, odooProductIds: [m.odooProductId] });
        else if (!odooIds.has(m.odooProductId)) report.conflicts.push({ reason: 'linked Odoo product does not exist or is not sellable', supplierProductId: m.supplierProductId, odooProductIds: [m.odooProductId] });
        else {
          report.linked.push({ odooProductId: m.odooProductId, supplierProductId: m.supplierProductId, internalProductId: m.internalProductId });
          linkedOdoo.add(m.odooProductId);
        }
      }
      for (const c of cartona) if (c.supplierProductId && !mappedSupplier.has(c.supplierProductId)) report.unlinkedCartona.push({ supplierProductId: c.supplierProductId, internalProductId: c.internalProductId, name: c.name });
    }
    for (const p of odoo) if (!linkedOdoo.has(p.id)) report.unlinkedOdoo.push({ odooProductId: p.id, name: p.name, defaultCode: p.defaultCode, barcode: p.barcode });
    return report;
  }

  private async cartonaRows(account: CartonaAccount): Promise<CartonaProductRow[]> {
    const client = this.accounts.client(account);
    const out: CartonaProductRow[] = [];
    let previousFirst: string | null = null;
    for (let page = 1; page <= MAX_CARTONA_PAGES; page++) {
      const rows = await client.listProducts({ page, perPage: 100 });
      if (!rows.length || (page > 1 && rows[0].supplierProductId === previousFirst)) break;
      previousFirst = rows[0].supplierProductId;
      out.push(...rows);
      if (rows.length < 100) break;
    }
    return out;
  }

  private async odooProducts(account: CartonaAccount): Promise<OdooProductState[]> {
    const out: OdooProductState[] = [];
    const scope = this.accounts.scope(account);
    for (let afterId = 0; ;) {
      const page = await this.catalog.listProducts(scope, { afterId, limit: 500 });
      if (!page.length) break;
      out.push(...page.filter((p) => p.active && p.saleOk));
      afterId = page[page.length - 1].id;
    }
    return out;
  }
}

function duplicates(values: string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const v of values) (seen.has(v) ? dup : seen).add(v);
  return [...dup];
}
