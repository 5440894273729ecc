import type { OdooRef, OdooValue } from '../odoo.types';
import { formatOdooDatetime } from '../transports/xmlrpc-codec';

/**
 * Mapping between Odoo's wire values and ours. Odoo sends `false` for every empty value
 * (strings, dates, many2one, selections), many2one as `[id, display_name]` (or a bare id with
 * `load=None` and in webhooks), x2many as id lists, datetimes as naive UTC strings and binaries
 * as base64 strings. Gateways read with these and never pass `false` or tuples on.
 */
export const odooValue = {
  /** Char/Text/Html/Selection: `false` → null. */
  str(v: OdooValue | undefined): string | null {
    if (v === false || v === null || v === undefined) return null;
    return typeof v === 'string' ? v : String(v);
  },
  /** Like str, but an empty string also becomes null. */
  text(v: OdooValue | undefined): string | null {
    const s = odooValue.str(v);
    return s && s.trim() ? s : null;
  },
  num(v: OdooValue | undefined): number {
    if (typeof v === 'number') return v;
    if (typeof v === 'bigint') return Number(v);
    if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
    return 0;
  },
  /** Monetary/float rounded to `digits` decimals (Odoo floats carry binary noise). */
  money(v: OdooValue | undefined, digits = 2): number {
    const f = 10 ** digits;
    return Math.round(odooValue.num(v) * f) / f;
  },
  int(v: OdooValue | undefined): number {
    return Math.trunc(odooValue.num(v));
  },
  bool(v: OdooValue | undefined): boolean {
    return v === true;
  },
  /** Many2one: `[id, name]`, a bare id (load=None / webhooks) or false → `{ id, name }` | null. */
  ref(v: OdooValue | undefined): OdooRef | null {
    if (Array.isArray(v) && typeof v[0] === 'number') return { id: v[0], name: typeof v[1] === 'string' ? v[1] : '' };
    if (typeof v === 'number' && v > 0) return { id: v, name: '' };
    return null;
  },
  refId(v: OdooValue | undefined): number | null {
    return odooValue.ref(v)?.id ?? null;
  },
  /** One2many/Many2many id list. */
  ids(v: OdooValue | undefined): number[] {
    return Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : [];
  },
  /** Date field → `YYYY-MM-DD` | null. */
  date(v: OdooValue | undefined): string | null {
    if (typeof v !== 'string' || !v) return null;
    return v.slice(0, 10);
  },
  /** Datetime field (naive UTC `YYYY-MM-DD HH:MM:SS`) → Date | null. */
  datetime(v: OdooValue | undefined): Date | null {
    if (typeof v !== 'string' || !v) return null;
    const d = new Date(`${v.replace(' ', 'T')}${/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? '' : 'Z'}`);
    return Number.isNaN(d.getTime()) ? null : d;
  },
  /** Selection constrained to known values; anything else → null. */
  selection<T extends string>(v: OdooValue | undefined, allowed: readonly T[]): T | null {
    return typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : null;
  },
  /** Binary (base64 string) → Buffer | null. */
  binary(v: OdooValue | undefined): Buffer | null {
    return typeof v === 'string' && v ? Buffer.from(v, 'base64') : null;
  },
} as const;

/** `YYYY-MM-DD HH:MM:SS` (UTC), what Odoo expects for Datetime fields. */
export function toOdooDatetime(d: Date): string {
  return formatOdooDatetime(d);
}

/** `YYYY-MM-DD` for Date fields; a Date is taken in UTC. */
export function toOdooDate(d: Date | string): string {
  return typeof d === 'string' ? d.slice(0, 10) : formatOdooDatetime(d).slice(0, 10);
}

/**
 * Values for create/write: null → false (Odoo's empty), Date → UTC datetime string, Buffer →
 * base64 string, undefined keys dropped. Nested arrays (x2many commands) pass through.
 */
export function toOdooValues(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) continue;
    out[k] = toOdooWire(v);
  }
  return out;
}

function toOdooWire(v: unknown): unknown {
  if (v === null) return false;
  if (v instanceof Date) return formatOdooDatetime(v);
  if (Buffer.isBuffer(v)) return v.toString('base64');
  if (Array.isArray(v)) return v.map(toOdooWire);
  if (typeof v === 'object') return toOdooValues(v as Record<string, unknown>);
  return v;
}

/** x2many write commands (odoo.fields.Command). */
export const Command = {
  create: (values: Record<string, unknown>) => [0, 0, values] as const,
  update: (id: number, values: Record<string, unknown>) => [1, id, values] as const,
  delete: (id: number) => [2, id, 0] as const,
  unlink: (id: number) => [3, id, 0] as const,
  link: (id: number) => [4, id, 0] as const,
  clear: () => [5, 0, 0] as const,
  set: (ids: number[]) => [6, 0, ids] as const,
};
