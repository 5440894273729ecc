import { Injectable } from '@nestjs/common';
import { OdooClient } from '../client/odoo-client';
import type { OdooCallOptions, OdooDomain, OdooRecord, OdooRef } from '../odoo.types';
import { toOdooValues } from '../values/odoo-values';
import { OdooGateway, v, type ChangeCursor, type ChangePage } from './odoo-gateway';

export interface OdooPartner {
  id: number;
  name: string;
  displayName: string;
  ref: string | null;
  email: string | null;
  phone: string | null;
  /** Absent on Odoo 19 (field removed): null there. */
  mobile: string | null;
  vat: string | null;
  isCompany: boolean;
  parent: OdooRef | null;
  /** The company a contact belongs to (itself for companies and lone individuals). */
  commercialPartnerId: number;
  type: string | null;
  street: string | null;
  street2: string | null;
  zip: string | null;
  city: string | null;
  state: OdooRef | null;
  country: OdooRef | null;
  countryCode: string | null;
  lang: string | null;
  tz: string | null;
  active: boolean;
  customerRank: number;
  supplierRank: number;
  /** `cartona_id` when the Cartona module's field exists. */
  cartonaId: string | null;
  writeDate: Date | null;
}

export interface OdooPartnerInput {
  name?: string;
  email?: string | null;
  phone?: string | null;
  mobile?: string | null;
  ref?: string | null;
  vat?: string | null;
  isCompany?: boolean;
  parentId?: number | null;
  type?: 'contact' | 'invoice' | 'delivery' | 'other';
  street?: string | null;
  street2?: string | null;
  zip?: string | null;
  city?: string | null;
  stateId?: number | null;
  countryId?: number | null;
  lang?: string;
  customerRank?: number;
  cartonaId?: string | null;
  active?: boolean;
  /** Any other field (custom x_ fields…), passed as is. */
  extra?: Record<string, unknown>;
}

export const PARTNER_FIELDS = [
  'name', 'display_name', 'ref', 'email', 'phone', 'mobile', 'vat', 'is_company', 'parent_id', 'commercial_partner_id', 'type',
  'street', 'street2', 'zip', 'city', 'state_id', 'country_id', 'country_code', 'lang', 'tz', 'active', 'customer_rank', 'supplier_rank',
  'cartona_id', 'write_date',
] as const;

export function toPartner(r: OdooRecord): OdooPartner {
  return {
    id: r.id, name: v.str(r.name) ?? '', displayName: v.str(r.display_name) ?? v.str(r.name) ?? '',
    ref: v.text(r.ref), email: v.text(r.email), phone: v.text(r.phone), mobile: v.text(r.mobile), vat: v.text(r.vat),
    isCompany: v.bool(r.is_company), parent: v.ref(r.parent_id), commercialPartnerId: v.refId(r.commercial_partner_id) ?? r.id,
    type: v.str(r.type), street: v.text(r.street), street2: v.text(r.street2), zip: v.text(r.zip), city: v.text(r.city),
    state: v.ref(r.state_id), country: v.ref(r.country_id), countryCode: v.text(r.country_code), lang: v.str(r.lang), tz: v.str(r.tz),
    active: r.active === undefined ? true : v.bool(r.active), customerRank: v.int(r.customer_rank), supplierRank: v.int(r.supplier_rank),
    cartonaId: v.text(r.cartona_id), writeDate: v.datetime(r.write_date),
  };
}

function toValues(input: OdooPartnerInput): Record<string, unknown> {
  return toOdooValues({
    name: input.name, email: input.email, phone: input.phone, mobile: input.mobile, ref: input.ref, vat: input.vat,
    is_company: input.isCompany, parent_id: input.parentId, type: input.type, street: input.street, street2: input.street2,
    zip: input.zip, city: input.city, state_id: input.stateId, country_id: input.countryId, lang: input.lang,
    customer_rank: input.customerRank, cartona_id: input.cartonaId, active: input.active, ...input.extra,
  });
}

const MODEL = 'res.partner';

/** Contacts (res.partner): customers, companies and their contacts. */
@Injectable()
export class OdooPartnerGateway extends OdooGateway {
  private countries?: Promise<Map<string, number>>;

  constructor(odoo: OdooClient) {
    super(odoo);
  }

  async get(id: number, opts?: OdooCallOptions): Promise<OdooPartner | null> {
    return (await this.getMany([id], opts))[0] ?? null;
  }

  getMany(ids: readonly number[], opts?: OdooCallOptions): Promise<OdooPartner[]> {
    return this.readByIds(MODEL, ids, PARTNER_FIELDS, toPartner, opts);
  }

  /** Active partners with this customer reference (`ref`), exact match. */
  findByRef(ref: string, opts?: OdooCallOptions): Promise<OdooPartner[]> {
    return this.search(MODEL, [['ref', '=', ref]], PARTNER_FIELDS, toPartner, { ...opts, limit: 20 });
  }

  /** Active partners with this email, case-insensitive exact match (`=ilike`, no wildcards). */
  findByEmail(email: string, opts?: OdooCallOptions): Promise<OdooPartner[]> {
    const escaped = email.trim().replace(/[\\%_]/g, (c) => `\\${c}`);
    return this.search(MODEL, [['email', '=ilike', escaped]], PARTNER_FIELDS, toPartner, { ...opts, limit: 20 });
  }

  findByCartonaId(cartonaIds: readonly string[], opts?: OdooCallOptions): Promise<OdooPartner[]> {
    if (!cartonaIds.length) return Promise.resolve([]);
    return this.search(MODEL, [['cartona_id', 'in', [...cartonaIds]]], PARTNER_FIELDS, toPartner, opts);
  }

  /** The commercial partner and all its contacts (ids), e.g. to scope a portal customer. */
  async familyIds(commercialPartnerId: number, opts?: OdooCallOptions): Promise<number[]> {
    return this.odoo.search(MODEL, [['id', 'child_of', commercialPartnerId]], { ...opts, context: { active_test: false, ...opts?.context } });
  }

  find(filter: { query?: string; isCompany?: boolean; customersOnly?: boolean; domain?: OdooDomain; limit?: number; offset?: number; order?: string }, opts?: OdooCallOptions): Promise<OdooPartner[]> {
    const domain: OdooDomain = [...(filter.domain ?? [])];
    if (filter.query) domain.push('|', '|', ['name', 'ilike', filter.query], ['email', 'ilike', filter.query], ['ref', 'ilike', filter.query]);
    if (filter.isCompany !== undefined) domain.push(['is_company', '=', filter.isCompany]);
    if (filter.customersOnly) domain.push(['customer_rank', '>', 0]);
    return this.search(MODEL, domain, PARTNER_FIELDS, toPartner, { ...opts, limit: filter.limit ?? 80, offset: filter.offset, order: filter.order ?? 'id asc' });
  }

  async create(input: OdooPartnerInput, opts?: OdooCallOptions): Promise<number> {
    return this.odoo.create(MODEL, await this.writable(MODEL, toValues(input)), opts);
  }

  async update(id: number, input: OdooPartnerInput, opts?: OdooCallOptions): Promise<void> {
    await this.odoo.write(MODEL, [id], await this.writable(MODEL, toValues(input)), { idempotent: true, ...opts });
  }

  changedSince(cursor: ChangeCursor | null, limit = 200, filter: OdooDomain = [], opts?: OdooCallOptions): Promise<ChangePage<OdooPartner>> {
    return this.changes(MODEL, cursor, limit, PARTNER_FIELDS, toPartner, filter, opts);
  }

  /** res.country id for an ISO code (cached). */
  async countryId(code: string): Promise<number | null> {
    this.countries ??= this.odoo.searchRead('res.country', [], { fields: ['code'] })
      .then((rows) => new Map(rows.map((r) => [String(r.code).toUpperCase(), r.id])))
      .catch((err) => { this.countries = undefined; throw err; });
    return (await this.countries).get(code.toUpperCase()) ?? null;
  }
}
