import type { OdooClient } from '../client/odoo-client';
import { OdooError } from '../odoo.errors';
import type { OdooCallOptions, OdooDomain, OdooRecord, OdooServerVersion, SearchOptions } from '../odoo.types';
import { odooValue, toOdooDatetime } from '../values/odoo-values';

/** Keyset position for incremental sync: records changed after (writeDate, id). */
export interface ChangeCursor {
  /** Odoo `write_date` (`YYYY-MM-DD HH:MM:SS`, UTC). */
  writeDate: string;
  id: number;
}

export interface ChangePage<T> {
  records: T[];
  /** Pass back to get the next page; null when this page was the last. */
  next: ChangeCursor | null;
}

/** The named Odoo module a gateway needs is not installed (or gone in this version). */
export class OdooModuleMissing extends OdooError {
  readonly outcome = 'bad_request' as const;
  constructor(what: string) {
    super('ODOO.MODULE_MISSING', `${what} is not available on this Odoo (module not installed or removed in this version)`, 'bad_gateway');
  }
}

/** ids per search_read when reading by id (keeps URLs/bodies and Odoo's work per call bounded). */
export const READ_CHUNK = 200;

/**
 * Base of the typed gateways. Reads ask only for the fields a gateway maps, intersected with the
 * fields the server has (modules and versions add and remove fields: fields_get, cached), read
 * by id in chunks, and map raw values to our records (never `false` or `[id, name]` tuples).
 */
export abstract class OdooGateway {
  constructor(protected readonly odoo: OdooClient) {}

  protected version(): Promise<OdooServerVersion> {
    return this.odoo.serverVersion();
  }

  /** `wanted` minus the fields this server's model does not have. */
  protected async fieldsOf(model: string, wanted: readonly string[]): Promise<string[]> {
    const available = await this.odoo.fieldNames(model);
    return wanted.filter((f) => available.has(f));
  }

  /** Values minus the fields the model does not have (e.g. `mobile` on 19). */
  protected async writable(model: string, values: Record<string, unknown>): Promise<Record<string, unknown>> {
    const available = await this.odoo.fieldNames(model);
    return Object.fromEntries(Object.entries(values).filter(([k, v]) => v !== undefined && available.has(k)));
  }

  /**
   * Records by id, in the order asked, skipping ids that no longer exist (search_read on
   * `id in chunk` with archived records included: no MissingError for one deleted record).
   */
  protected async readByIds<T>(model: string, ids: readonly number[], fields: readonly string[], map: (r: OdooRecord) => T, opts: OdooCallOptions = {}): Promise<T[]> {
    const unique = [...new Set(ids.filter((i) => Number.isInteger(i) && i > 0))];
    if (!unique.length) return [];
    const names = await this.fieldsOf(model, fields);
    const chunks: number[][] = [];
    for (let i = 0; i < unique.length; i += READ_CHUNK) chunks.push(unique.slice(i, i + READ_CHUNK));
    const context = { active_test: false, ...opts.context };
    const parts = await Promise.all(chunks.map((c) => this.odoo.searchRead(model, [['id', 'in', c]], { ...opts, fields: names, context })));
    const byId = new Map<number, OdooRecord>();
    for (const r of parts.flat()) byId.set(r.id, r);
    return unique.filter((i) => byId.has(i)).map((i) => map(byId.get(i)!));
  }

  protected async search<T>(model: string, domain: OdooDomain, fields: readonly string[], map: (r: OdooRecord) => T, opts: SearchOptions & OdooCallOptions = {}): Promise<T[]> {
    const names = await this.fieldsOf(model, fields);
    const rows = await this.odoo.searchRead(model, domain, { ...opts, fields: names });
    return rows.map(map);
  }

  /** Records changed after the cursor, oldest first, `limit` per page (keyset on write_date, id). */
  protected async changes<T>(model: string, cursor: ChangeCursor | null, limit: number, fields: readonly string[], map: (r: OdooRecord) => T, extra: OdooDomain = [], opts: OdooCallOptions = {}): Promise<ChangePage<T>> {
    const domain: OdooDomain = cursor
      ? ['|', ['write_date', '>', cursor.writeDate], '&', ['write_date', '=', cursor.writeDate], ['id', '>', cursor.id], ...extra]
      : [...extra];
    const names = await this.fieldsOf(model, [...new Set([...fields, 'write_date'])]);
    const rows = await this.odoo.searchRead(model, domain, { ...opts, fields: names, order: 'write_date asc, id asc', limit, context: { active_test: false, ...opts.context } });
    const last = rows[rows.length - 1];
    return {
      records: rows.map(map),
      next: last ? { writeDate: String(last.write_date), id: last.id } : null,
    };
  }
}

/** A cursor starting at a point in time (e.g. "changes since yesterday"). */
export function cursorAt(date: Date): ChangeCursor {
  return { writeDate: toOdooDatetime(date), id: 0 };
}

export const v = odooValue;
