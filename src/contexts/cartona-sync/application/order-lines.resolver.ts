import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import type { CartonaOrder, CartonaOrderLine } from '../domain/cartona-order';
import { odooIdFromInternalKey, parseInternalProductId } from '../domain/internal-product-id';
import { OdooCatalogPort } from '../integration/odoo-catalog.port';
import type { CartonaAccount } from '../persistence/cartona-account.entity';
import { ProductMappingRepository } from '../persistence/product-mapping.repository';
import { CartonaAccountsService } from './cartona-accounts.service';

export interface ResolvedLine {
  cartonaLineId: number | null;
  odooProductId: number;
  qty: number;
  priceUnit: number;
  name: string;
}

export interface LineProblem {
  line: number;
  cartonaLineId: number | null;
  code: 'missing_internal_product_id' | 'invalid_internal_product_id' | 'unmapped_product' | 'variant_not_found' | 'variant_not_available';
  message: string;
}

const money = (n: number) => (Math.round(n * 100) / 100).toFixed(2);

/** Line description: Cartona's name plus the discount split finance needs (reference §8.8). */
export function lineName(l: CartonaOrderLine): string {
  const parts = [l.productName ?? 'Cartona product'];
  if (l.unit) parts.push(`(${l.unitCount ? `${l.unitCount} × ` : ''}${l.unit})`);
  const disc: string[] = [];
  if (l.appliedSupplierDiscount) disc.push(`supplier discount ${money(l.appliedSupplierDiscount)}/unit`);
  if (l.appliedCartonaDiscount) disc.push(`Cartona discount ${money(l.appliedCartonaDiscount)}/unit (reimbursed by Cartona)`);
  if (disc.length) parts.push(`— ${disc.join(', ')}`);
  if (l.comment) parts.push(`— ${l.comment}`);
  return parts.join(' ').slice(0, 1000);
}

/**
 * Matches every line of a Cartona order to an Odoo variant, all or nothing: one unresolved line
 * holds the whole order (Cartona's own module once imported half orders, reference §7 dd1ca65).
 */
@Injectable()
export class OrderLinesResolver {
  constructor(
    private readonly mappings: ProductMappingRepository,
    private readonly catalog: OdooCatalogPort,
    private readonly accounts: CartonaAccountsService,
  ) {}

  async resolve(account: CartonaAccount, order: CartonaOrder): Promise<{ lines: ResolvedLine[]; problems: LineProblem[] }> {
    const problems: LineProblem[] = [];
    const active = order.lines.map((l, i) => ({ l, i })).filter(({ l }) => !l.cancelled);
    const keys = active.map(({ l, i }) => {
      const parsed = parseInternalProductId(l.internalProductId, account.internalIdSuffixPolicy);
      return { l, i, key: 'key' in parsed ? parsed.key : null, keyError: 'error' in parsed ? parsed.error : null };
    });
    const supplierIds = active.map(({ l }) => l.supplierProductId).filter((x): x is string => !!x);
    const internalKeys = keys.map((k) => k.key).filter((x): x is string => !!x);
    const explicit = await this.mappings.repo.find({
      where: [
        ...(supplierIds.length ? [{ accountId: account.id, supplierProductId: In(supplierIds) }] : []),
        ...(internalKeys.length ? [{ accountId: account.id, internalProductId: In(internalKeys) }] : []),
      ],
    });
    const bySupplier = new Map(explicit.filter((m) => m.supplierProductId).map((m) => [m.supplierProductId!, m.odooProductId]));
    const byInternal = new Map(explicit.filter((m) => m.internalProductId).map((m) => [m.internalProductId!, m.odooProductId]));

    const wanted: Array<{ l: CartonaOrderLine; i: number; odooId: number }> = [];
    for (const { l, i, key, keyError } of keys) {
      let odooId: number | null = null;
      if (account.matchingStrategy === 'supplier_product_id' && l.supplierProductId) odooId = bySupplier.get(l.supplierProductId) ?? null;
      if (odooId === null && key) odooId = byInternal.get(key) ?? null;
      if (odooId === null && key && account.matchingStrategy === 'internal_product_id') odooId = odooIdFromInternalKey(key);
      if (odooId === null) {
        const code = account.matchingStrategy === 'internal_product_id' && keyError ? (keyError as LineProblem['code'])
          : account.matchingStrategy === 'internal_product_id' && key ? 'invalid_internal_product_id' : 'unmapped_product';
        problems.push({
          line: i, cartonaLineId: l.id, code,
          message: `line ${i + 1} (${l.productName ?? 'unnamed'}; internal_product_id ${l.internalProductId ?? '—'}, supplier_product_id ${l.supplierProductId ?? '—'}) is not linked to an Odoo product`,
        });
        continue;
      }
      wanted.push({ l, i, odooId });
    }
    const found = new Map((await this.catalog.readProducts([...new Set(wanted.map((w) => w.odooId))], this.accounts.scope(account))).map((p) => [p.id, p]));
    const lines: ResolvedLine[] = [];
    for (const { l, i, odooId } of wanted) {
      const p = found.get(odooId);
      if (!p) {
        problems.push({ line: i, cartonaLineId: l.id, code: 'variant_not_found', message: `line ${i + 1}: Odoo product ${odooId} does not exist` });
        continue;
      }
      if (!p.active || !p.saleOk || (account.odooCompanyId !== null && p.companyId !== null && p.companyId !== account.odooCompanyId)) {
        problems.push({ line: i, cartonaLineId: l.id, code: 'variant_not_available', message: `line ${i + 1}: Odoo product ${odooId} is archived, not sellable or of another company` });
        continue;
      }
      lines.push({ cartonaLineId: l.id, odooProductId: odooId, qty: l.amount, priceUnit: l.sellingPrice, name: lineName(l) });
    }
    return { lines, problems };
  }
}
